"""Roles: for every command in the table, run by a non-member, a participant and a coordinator, only the
coordinator changes group-level state; the others get a clear answer (never the bug apology, never silence)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlmodel import SQLModel

from bot.bootstrap import registry
from bot.kernel.storage.tables import Workspace
from tests.fakes import Conversation

SPECS = registry().specs

ARGS = ("", "1", "liste", "send", "neste", "ferdig 1", "flytt 1 15.12.2027", "slett 1", "sjekk 1 1",
        "ny 15.12.2027 Møte med rådmannen", "ny Rektor oppover informert", "kontakt 1", "fjern 1", "endre 1 forankret",
        "av", "på", "@kari deltaker", "@ola koordinator", "@per koordinator", "bekreft", "demo", "skole", "nn gruppe",
        "hopp-over nysgjerrig-hva-lurer-du-pa", "9. desember", "til 31.12.2027", "ny ROBEK = kommuner i ubalanse",
        "fjern ROBEK", "ola", "per", "Bodø2")
#: group-level tables, compared whole (person-owned rows are filtered out below)
GROUP_TABLES = ("samskaping_group", "programme", "programme_role", "prompt_post", "milestone",
                "milestone_checklist_item", "stakeholder", "group_term", "gathering", "term_suppression", "member",
                "audit_entry", "outbox")
GROUP_OUTBOX_KINDS = ("prompt", "reminder", "milestone", "digest", "summary", "notice")
BUG = "Beklager, noe gikk galt"


async def _group_state(convo: Conversation, workspace_id: int, person: str) -> list[str]:
    """Every group-level row of the workspace, leaving out `person`'s own rows (their member row, their mutes)."""
    rows = []
    async with convo.app.ctx.uow() as uow:
        connection = await uow.session.connection()
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in GROUP_TABLES:
                continue
            query = select(table).where(table.c.workspace_id == workspace_id)
            if table.name == "member":  # their own row, also once `slett-mine-data` has pseudonymised it
                query = query.where(table.c.user_id != person, ~table.c.user_id.startswith("deleted-"))
            if table.name == "audit_entry":  # their own erasure, logged anonymously
                query = query.where(table.c.action != "slett-mine-data")
            if table.name == "term_suppression":
                query = query.where(table.c.user_id.is_(None))
            if table.name == "outbox":
                query = query.where(table.c.kind.in_(GROUP_OUTBOX_KINDS))
            found = await connection.execute(query)
            rows += [f"{table.name}:{json.dumps(dict(r._mapping), default=str, sort_keys=True)}" for r in found]
    return sorted(rows)


async def _set_up(convo: Conversation) -> int:
    convo.app.ctx.clock.set(convo.app.ctx.clock.now().replace(hour=8))  # type: ignore[attr-defined]
    for text, who in (("oppsett Bodø", "kari"), ("bli-med skole", "ola"), ("program demo", "kari"),
                      ("oppgave send", "kari"), ("milepæl ny 15.12.2027 Møte med rådmannen", "kari"),
                      ("forankring ny Rektor oppover informert", "kari"),
                      ("ordliste ny ROBEK = kommuner i økonomisk ubalanse", "kari")):
        await convo.say(f"/samskaping {text}", as_=who)
    async with convo.app.ctx.uow() as uow:
        return (await uow.session.exec(select(Workspace.id))).scalars().one()  # type: ignore[call-overload]


async def _run_everything_as(convo: Conversation, workspace_id: int, person: str) -> tuple[list[str], list[str]]:
    """Every command with every argument as `person`; returns (commands that changed group state, bad answers)."""
    changed, bad = [], []
    convo.ticking = False  # one tick per command name below: what the planner then writes is compared too
    for spec in SPECS:
        before = await _group_state(convo, workspace_id, person)
        for args in ARGS:
            answer = await convo.say(f"/samskaping {spec.name} {args}".strip(), as_=person)
            if not answer.strip() or BUG in answer:
                bad.append(f"{spec.name} {args}: {answer[:80]!r}")
        await convo.app.tick()
        after = await _group_state(convo, workspace_id, person)
        if after != before:
            diff = sorted(set(after) ^ set(before))
            changed.append(f"{spec.name}: {diff[:3]}")
    return changed, bad


async def test_participants_cannot_change_group_state_with_any_command(convo: Conversation) -> None:
    workspace_id = await _set_up(convo)
    changed, bad = await _run_everything_as(convo, workspace_id, "ola")
    assert changed == []
    assert bad == []


async def test_non_members_cannot_change_group_state_with_any_command(convo: Conversation) -> None:
    workspace_id = await _set_up(convo)
    changed, bad = await _run_everything_as(convo, workspace_id, "per")
    assert [c for c in changed if not c.startswith("bli-med")] == []  # joining is theirs to do
    assert bad == []


async def test_a_coordinator_runs_every_command_without_the_bug_apology(convo: Conversation) -> None:
    workspace_id = await _set_up(convo)
    changed, bad = await _run_everything_as(convo, workspace_id, "kari")
    assert bad == []
    assert len(changed) >= 5  # the coordinator's commands do change the group
