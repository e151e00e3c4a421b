"""The audit log: coordinator actions are recorded and shown to coordinators; personal acts are not."""

from __future__ import annotations

from sqlmodel import select

from bot.features.audit.tables import AuditEntry
from tests.fakes import Conversation


async def test_coordinator_actions_are_logged_and_shown_to_coordinators_only(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.say("/samskaping refleksjon Kari sitt private svar", as_="kari")
    await convo.say("/samskaping refleksjon Olas svar", as_="ola")
    await convo.say("/samskaping rolle @ola koordinator", as_="kari")
    log = await convo.say("/samskaping logg", as_="kari")
    assert "Kari: rolle (user_id=ola, role=coordinator)" in log
    assert "Kari: oppgave" in log and "Kari: oppsett" in log
    assert "refleksjon" not in log and "svar" not in log
    async with convo.app.ctx.uow() as uow:
        details = " ".join(f"{e.action} {e.detail}" for e in (await uow.session.exec(select(AuditEntry))).all())
    assert "private svar" not in details and "Olas svar" not in details


async def test_participants_cannot_read_the_log(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    assert "Bare koordinatorer" in await convo.say("/samskaping logg", as_="ola")


async def test_a_bad_count_explains_the_usage(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    assert "/samskaping logg [antall]" in await convo.say("/samskaping logg mange", as_="kari")
