"""The digest's milestone and anchoring sections come from the groups' milestones and stakeholder maps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.features.anchoring.digest import anchoring_status
from bot.features.digest.section_values import AnchoringStatus, MilestoneStatus
from bot.features.digest.sections import DigestScope
from bot.features.milestones.digest import milestone_status
from bot.kernel.rules.weeks import IsoWeek
from bot.kernel.storage.tables import Group
from tests.fakes import Conversation


async def test_milestones_and_stakeholders_become_digest_sections(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping milepæl ny 9.12.2026 Møte med rådmannen", as_="kari")
    await convo.say("/samskaping milepæl ny 10.12.2026 Sak til utvalget", as_="kari")
    await convo.say("/samskaping milepæl ferdig 1", as_="kari")
    await convo.say("/samskaping forankring ny Kommunedirektøren oppover forankret", as_="kari")
    await convo.say("/samskaping forankring ny Rektorene sideveis informert", as_="kari")
    await convo.say("/samskaping forankring ny Lærerne nedover informert", as_="kari")
    async with convo.app.ctx.uow() as uow:
        group = (await uow.session.exec(select(Group))).one()
        start = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)  # Monday 7 December, 00:00 in Oslo
        scope = DigestScope(group.workspace_id, (group.id,), IsoWeek(2026, 50), start, start + timedelta(days=7))
        milestones = await milestone_status(uow.session, scope)
        anchoring = await anchoring_status(uow.session, scope)
    assert milestones[group.id] == MilestoneStatus(done=1, due=2, overdue=0)
    assert anchoring[group.id] == AnchoringStatus(by_direction={"sideways": 1, "up": 1, "down": 1},
                                                  by_relation={"informert": 2, "involvert": 0, "forankret": 1})


async def test_groups_without_milestones_or_stakeholders_get_no_section(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    async with convo.app.ctx.uow() as uow:
        group = (await uow.session.exec(select(Group))).one()
        start = datetime(2026, 12, 6, 23, 0, tzinfo=UTC)
        scope = DigestScope(group.workspace_id, (group.id,), IsoWeek(2026, 50), start, start + timedelta(days=7))
        assert await milestone_status(uow.session, scope) == {}
        assert await anchoring_status(uow.session, scope) == {}
