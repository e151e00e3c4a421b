"""Erasure leaves nothing: after `slett-mine-data`, a walk over every table and every text column (both
databases) finds neither the person's platform id, nor their name, nor anything they answered — and they get
no message afterwards. Also the bad input: erasing twice, erasing while an export waits to be sent."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from sqlmodel import SQLModel

from bot.features.digest.tables import ProgrammeRole, ResearchConsent
from bot.kernel.chat.events import Actor, CommandEvent, MessageEvent
from bot.kernel.storage.tables import Group, Member, Outbox
from tests.fakes import WORKSPACE, Conversation, _reply_text
from tests.features.prompts.programme_helpers import group_on_demo_programme

INGRID = Actor("console", WORKSPACE, "U07ERASE", "Ingrid Østmo")
ANSWERS = ("Kulturskolen og barnehagen planla et felles samarbeid om sang hver fredag.",
           "Vi snakket om samarbeid med kulturskolen og Ingrid Østmo tok ansvar for neste steg.")
NEEDLES = (INGRID.user, INGRID.name, *ANSWERS)


async def as_ingrid(convo: Conversation, text: str) -> str:
    event = (CommandEvent(INGRID, convo.channel, text, trigger="t") if text.startswith("/samskaping")
             else MessageEvent(INGRID, convo.channel, text))
    return _reply_text(await convo.send(event))


async def where_found(convo: Conversation) -> dict[str, list[str]]:
    """Every table.column (every column of every table, whatever its type) whose values contain a needle."""
    found: dict[str, list[str]] = {}
    async with convo.app.ctx.uow() as uow:
        connection = await uow.session.connection()
        for table in SQLModel.metadata.sorted_tables:
            columns = list(table.columns)
            for row in (await connection.execute(select(*columns))).all():
                for column, value in zip(columns, row, strict=True):
                    hits = [n for n in NEEDLES if isinstance(value, str) and n in value]
                    if hits:
                        found.setdefault(f"{table.name}.{column.name}", []).extend(hits)
    return found


async def _ingrid_leaves_traces_everywhere(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await as_ingrid(convo, "/samskaping bli-med kulturskole")
    await convo.say(f"/samskaping rolle <@{INGRID.user}> koordinator", as_="kari")  # audit entry naming her
    await convo.wait(timedelta(days=1, hours=2))  # the first prompt is posted
    await as_ingrid(convo, f"/samskaping refleksjon {ANSWERS[0]}")
    await convo.say(f"/samskaping refleksjon {ANSWERS[1]}", as_="ola")  # someone else's answer naming her
    await as_ingrid(convo, "/samskaping sitat ja")
    await as_ingrid(convo, "/samskaping forskning ja")
    await convo.say("/samskaping sitat ja", as_="ola")
    await as_ingrid(convo, f"/samskaping refleksjon {ANSWERS[0]} " + "og mer " * 100)  # kept as a draft
    await as_ingrid(convo, "Vi må sikre god forankring i ledelsen før neste samling.")  # a language hint
    await as_ingrid(convo, "/samskaping ordliste foreslå kulturtokt")
    await as_ingrid(convo, "/samskaping milepæl ny 15.12.2027 Møte med rådmannen")
    async with convo.app.ctx.uow() as uow:
        group = (await uow.session.exec(select(Group))).scalars().one()  # type: ignore[call-overload]
        uow.session.add(ProgrammeRole(workspace_id=group.workspace_id, programme_id=group.programme_id,
                                      user_id=INGRID.user, display_name=INGRID.name, created_at=group.created_at))
        uow.session.add(ProgrammeRole(workspace_id=group.workspace_id, programme_id=group.programme_id,
                                      user_id="lena", display_name="Lena", created_at=group.created_at))
        await uow.commit()
    await convo.wait(timedelta(days=7))  # the weekly digests go out, quoting the consented answers
    convo.ticking = False
    await as_ingrid(convo, "/samskaping mine-data")  # an export that waits in the outbox


async def test_erasure_leaves_nothing_in_any_table_or_column(convo: Conversation) -> None:
    await _ingrid_leaves_traces_everywhere(convo)
    before = await where_found(convo)
    for copy in ("member.user_id", "member.display_name", "reflection.text", "draft.text", "outbox.payload",
                 "outbox.user_id", "audit_entry.detail", "hint_log.user_id", "programme_role.user_id",
                 "term_suggestion.suggested_by"):
        assert copy in before, copy  # the scenario really did leave a copy there
    digests = [p for p in convo.chat.transcript if p.key.startswith("digest:") and p.address.user == "lena"]
    assert digests and ANSWERS[0] in digests[0].text  # her quote went into a lead's digest

    answer = await as_ingrid(convo, "/samskaping slett-mine-data bekreft")
    assert "1 refleksjon" in answer and "Én melding som ventet" in answer

    assert await where_found(convo) == {}
    async with convo.app.ctx.uow() as uow:
        erased = (await uow.session.exec(select(Member).where(Member.active == False))).scalars().one()  # type: ignore[call-overload]  # noqa: E712
        payloads = [r.payload for r in (await uow.session.exec(select(Outbox))).scalars()]
        consents = (await uow.session.exec(select(ResearchConsent))).scalars().all()
    assert erased.user_id.startswith("deleted-") and erased.role == "participant" and erased.display_name == ""
    assert all(json.loads(p) for p in payloads)
    assert consents == []  # her research consent went with her  # payloads stay readable JSON for the dispatcher


async def test_an_erased_person_receives_nothing_afterwards(convo: Conversation) -> None:
    await _ingrid_leaves_traces_everywhere(convo)
    seen_before = len(convo.chat.transcript)
    await as_ingrid(convo, "/samskaping slett-mine-data bekreft")
    convo.ticking = True
    for _ in range(3 * 7):  # three weeks: prompts, reminders, summaries, digests, milestone nudges
        await convo.wait(timedelta(days=1))
    after = convo.chat.transcript[seen_before:]
    assert after  # the group goes on
    assert [p.key for p in after if p.address.user == INGRID.user or (p.address.user or "").startswith("deleted-")] \
        == []
    assert not [p for p in convo.chat.transcript if p.key.startswith("export:")]  # the waiting export never left


async def test_erasing_twice_says_there_is_nothing_left(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await as_ingrid(convo, "/samskaping bli-med kulturskole")
    assert "kan ikke angres" in await as_ingrid(convo, "/samskaping slett-mine-data")
    assert "0 refleksjoner" in await as_ingrid(convo, "/samskaping slett-mine-data bekreft")
    again = await as_ingrid(convo, "/samskaping slett-mine-data bekreft")
    assert "ingenting lagret om deg" in again
    assert "ingenting lagret om deg" in await as_ingrid(convo, "/samskaping slett-mine-data")
    async with convo.app.ctx.uow() as uow:
        members = (await uow.session.exec(select(Member))).scalars().all()
    assert len(members) == 4  # kari, ola, siri and the erased row: nobody else lost anything


async def test_an_erased_coordinator_loses_the_role_and_the_weekly_summary(convo: Conversation) -> None:
    await group_on_demo_programme(convo)
    await as_ingrid(convo, "/samskaping bli-med kulturskole")
    await convo.say(f"/samskaping rolle <@{INGRID.user}> koordinator", as_="kari")
    await as_ingrid(convo, "/samskaping slett-mine-data bekreft")
    await convo.wait(timedelta(days=8))
    summaries = [p for p in convo.chat.transcript if p.key.startswith("digest-group:")]
    assert summaries and {p.address.user for p in summaries} == {"kari"}
