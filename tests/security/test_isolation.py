"""Tenant isolation: nothing another workspace does — any command, button or form, with any id — reads or
changes this workspace's data."""

from __future__ import annotations

import json

from sqlmodel import SQLModel, select

from bot.bootstrap import registry
from bot.kernel.chat.events import ActionEvent, CommandEvent, FormSubmitted
from bot.kernel.storage.tables import Workspace
from tests.fakes import Conversation, actor

SPECS = registry().specs

SECRET = "T1-HEMMELIG-SVAR"
ARGS = ("", "1", "2", "liste", "send", "neste", "ferdig 1", "flytt 1 15.12.2027", "slett 1", "sjekk 1 1",
        "fjern forankring", "ny 15.12.2027 Møte med rådmannen", "ny Rektor oppover informert", "kontakt 1",
        "forstått forankring", "godta forankring", "av", "på", "@kari koordinator", "bekreft", "demo", "skole",
        "nn gruppe", "hopp-over nysgjerrig-hva-lurer-du-pa", "9. desember", "til 31.12.2027")


async def _snapshot(convo: Conversation, workspace_id: int) -> str:
    """Every row that belongs to the workspace, as text."""
    rows = []
    async with convo.app.ctx.uow() as uow:
        for table in SQLModel.metadata.sorted_tables:
            if "workspace_id" not in table.c or table.name in ("audit_entry",):
                continue
            found = await uow.session.connection()
            found = await found.execute(select(table).where(table.c.workspace_id == workspace_id))
            rows += [f"{table.name}:{json.dumps(dict(r._mapping), default=str, sort_keys=True)}" for r in found]
    return "\n".join(sorted(rows))


async def _first_workspace(convo: Conversation) -> int:
    convo.app.ctx.clock.set(convo.app.ctx.clock.now().replace(hour=8))  # type: ignore[attr-defined]
    await convo.say("/samskaping oppsett Kommune-T1", as_="kari", workspace="T1")
    await convo.say("/samskaping bli-med skole", as_="ola", workspace="T1")
    await convo.say("/samskaping program demo", as_="kari", workspace="T1")
    await convo.say("/samskaping oppgave send", as_="kari", workspace="T1")
    await convo.say(f"/samskaping refleksjon {SECRET}", as_="ola", workspace="T1")
    await convo.say("/samskaping milepæl ny 15.12.2027 Milepael-T1", as_="kari", workspace="T1")
    await convo.say("/samskaping ordliste ny ROBEK = kommuner i økonomisk ubalanse", as_="kari", workspace="T1")
    async with convo.app.ctx.uow() as uow:
        return (await uow.session.exec(select(Workspace.id).where(Workspace.external_id == "T1"))).one()


async def test_no_command_from_another_workspace_touches_or_reveals_this_one(convo: Conversation) -> None:
    t1 = await _first_workspace(convo)
    before = await _snapshot(convo, t1)
    # The other workspace uses the same channel id and the same user ids — and is its own coordinator.
    await convo.say("/samskaping oppsett Tromsø", as_="kari", workspace="T2")
    seen = []
    convo.ticking = False  # one tick per command name: what it queued is delivered (and checked) below
    for spec in SPECS:
        for args in ARGS:
            for user in ("kari", "ola"):
                seen.append(await convo.say(f"/samskaping {spec.name} {args}", as_=user, workspace="T2"))
        await convo.app.tick()
    assert await _snapshot(convo, t1) == before
    leaked = [text for text in seen if SECRET in text or "Kommune-T1" in text or "Milepael-T1" in text]
    assert leaked == []
    for item in convo.chat.transcript:
        if item.address.workspace == "T2":
            assert SECRET not in item.text and "Kommune-T1" not in item.text


async def test_no_button_or_form_with_this_workspaces_ids_works_from_another(convo: Conversation) -> None:
    t1 = await _first_workspace(convo)
    before = await _snapshot(convo, t1)
    await convo.say("/samskaping oppsett Tromsø", as_="per", workspace="T2")
    replies = []
    for action in registry().actions:
        for value in ("1", "2", "3", "confirm", "1:1", "1:done", "skole"):
            replies += await convo.app.router.handle(ActionEvent(actor("per", "T2"), convo.channel, action, value))
    for form_id in ("reflection", "milestone"):
        for metadata in ("1", "2", "3"):
            replies += await convo.app.router.handle(FormSubmitted(actor("per", "T2"), form_id,
                                                                   {"text": "inntrenger", "title": "x"}, metadata))
    replies += await convo.app.router.handle(CommandEvent(actor("per", "T2"), convo.channel, "/samskaping status"))
    assert await _snapshot(convo, t1) == before
    texts = " ".join((r.message.text if r.message else "") + (r.form.intro if r.form else "") for r in replies)
    assert SECRET not in texts and "Kommune-T1" not in texts and "Milepael-T1" not in texts


def test_every_table_is_scoped_to_a_workspace_directly_or_through_its_parent() -> None:
    def scoped(table: object, depth: int = 0) -> bool:
        # processed_event holds event ids; slack_oauth_state a nonce for an install not yet finished: no people
        unscoped_by_nature = ("workspace", "processed_event", "slack_oauth_state")
        if "workspace_id" in table.c or table.name in unscoped_by_nature:  # type: ignore[attr-defined]
            return True
        return depth < 3 and any(scoped(fk.column.table, depth + 1) for fk in table.foreign_keys  # type: ignore[attr-defined]
                                 if fk.column.table is not table)

    assert [t.name for t in SQLModel.metadata.sorted_tables if not scoped(t)] == []
