"""The audit log: coordinator actions are recorded and shown to coordinators; personal acts are not."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.features.audit import service as audit_service
from bot.features.audit.tables import AuditEntry
from bot.features.digest import owners
from bot.features.digest.service import find_programme
from bot.kernel.storage.tables import Member
from tests.fakes import Conversation
from tests.features.prompts.programme_helpers import group_on_demo_programme


async def test_coordinator_actions_are_logged_and_shown_to_coordinators_only(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.say("/samskaping refleksjon Kari sitt private svar", as_="kari")
    await convo.say("/samskaping refleksjon Olas svar", as_="ola")
    await convo.say("/samskaping rolle @ola koordinator", as_="kari")
    log = await convo.say("/samskaping logg", as_="kari")
    assert "Kari: rolle [set-role] user ola (user_id=ola, role=coordinator)" in log
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


async def test_entries_say_the_verb_and_the_target(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping milepæl ny 15.12.2027 Møte med rådmannen", as_="kari")
    await convo.say("/samskaping milepæl ny 16.12.2027 Budsjettmøte", as_="kari")
    await convo.say("/samskaping milepæl ferdig 1", as_="kari")
    await convo.say("/samskaping milepæl slett 2", as_="kari")
    await convo.press("milestone_confirm", "delete:2", as_="kari")
    async with convo.app.ctx.uow() as uow:
        entries = [(e.action, e.verb, e.target) for e in (await uow.session.exec(select(AuditEntry))).all()]
    assert ("milepæl", "milestone-done", "#1") in entries
    assert ("milepæl", "milestone-delete", "#2") in entries
    log = await convo.say("/samskaping logg", as_="kari")
    assert "milepæl [milestone-done] #1" in log and "milepæl [milestone-delete] #2" in log


async def test_reading_digests_and_answers_is_logged_but_other_reading_is_not(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping program demo", as_="kari")
    async with convo.app.ctx.uow() as uow:
        programme = await find_programme(uow.session, "demo")
        await owners.set_programme_role(uow.session, programme, "lena", owners.OWNER, language="nb",
                                        now=convo.app.ctx.clock.now())
        await uow.commit()
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.say("/samskaping sammendrag", as_="kari")
    await convo.say("/samskaping svarene", as_="kari")
    await convo.say("/samskaping milepæl liste", as_="kari")
    await convo.say("/samskaping sammendrag demo", as_="lena", channel="D-lena")
    await convo.say("/samskaping prosjektleder @lars demo", as_="lena", channel="D-lena")
    await convo.say("/samskaping sammendrag", as_="ola")  # refused: nothing read, nothing logged
    async with convo.app.ctx.uow() as uow:
        entries = [(e.actor_user_id, e.actor_role, e.action, e.verb, e.target)
                   for e in (await uow.session.exec(select(AuditEntry))).all()]
    assert ("kari", "coordinator", "sammendrag", "digest-preview", "") in entries
    assert ("lena", "programme", "sammendrag", "digest-preview", "programme demo") in entries
    assert ("lena", "programme", "prosjektleder", "register-lead", "user lars") in entries
    assert [e for e in entries if e[2] == "svarene"]  # the answers were read
    assert not [e for e in entries if e[2] == "milepæl" or e[0] == "ola"]


async def test_schedule_edits_pauses_skips_and_sends_anyway_are_logged_with_verb_and_target(
        convo: Conversation) -> None:
    first, second = "nysgjerrig-hva-lurer-du-pa", "kildejakt-tre-personer"
    await group_on_demo_programme(convo)
    await convo.say(f"/samskaping oppgave flytt {first} torsdag", as_="kari")
    await convo.say("/samskaping oppgave angre", as_="kari")
    await convo.say(f"/samskaping oppgave frist {first} 17.12", as_="kari")
    await convo.say(f"/samskaping oppgave hopp-over {second}", as_="kari")
    await convo.say(f"/samskaping oppgave ta-med {second}", as_="kari")
    await convo.say("/samskaping stille 21.12 til 23.12", as_="kari")
    await convo.say("/samskaping pause 20.12", as_="kari")
    await convo.say(f"/samskaping oppgave flytt {first} torsdag", as_="ola")  # refused: not logged
    async with convo.app.ctx.uow() as uow:
        entries = [(e.actor_user_id, e.verb, e.target)
                   for e in (await uow.session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()]
    assert entries[-7:] == [
        ("kari", "prompt-move", f"prompt {first}"), ("kari", "schedule-undo", ""),
        ("kari", "prompt-due", f"prompt {first}"), ("kari", "prompt-skip", f"prompt {second}"),
        ("kari", "prompt-unskip", f"prompt {second}"), ("kari", "quiet-period", "from 21.12"),
        ("kari", "pause-group", "until 20.12")]
    log = await convo.say("/samskaping logg", as_="kari")
    assert "Kari: pause [pause-group] until 20.12" in log and f"oppgave [prompt-skip] prompt {second}" in log
