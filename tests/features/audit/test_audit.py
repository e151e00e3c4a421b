"""The audit log: coordinator actions are recorded and shown to coordinators; personal acts are not."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.features.audit import service as audit_service
from bot.features.audit.tables import AuditEntry
from bot.kernel.storage.tables import Member
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


async def test_the_entry_and_the_change_it_records_are_one_transaction(convo: Conversation,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")

    def broken(command: object) -> str:
        raise RuntimeError("the audit entry cannot be written")

    monkeypatch.setattr(audit_service, "describe", broken)
    assert "Beklager" in await convo.say("/samskaping rolle @ola koordinator", as_="kari")
    async with convo.app.ctx.uow() as uow:
        ola = (await uow.session.exec(select(Member).where(Member.user_id == "ola"))).one()
        entries = (await uow.session.exec(select(AuditEntry).where(AuditEntry.action == "rolle"))).all()
    assert ola.role == "participant" and entries == []  # no change without its entry


async def test_commands_that_change_nothing_leave_no_entry(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping milepæl liste", as_="kari")
    await convo.say("/samskaping oppgave liste", as_="kari")
    async with convo.app.ctx.uow() as uow:
        actions = [e.action for e in (await uow.session.exec(select(AuditEntry))).all()]
    assert actions == ["oppsett"]
