"""Private language hints in chat: one kind tip per message to its author, rate-limited, never public."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Column, String, Text, select
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

from bot.features.digest.section_values import JargonTrend
from bot.features.digest.sections import DigestScope
from bot.features.language import hints
from bot.features.language.counts import jargon_numbers, jargon_trend
from bot.features.language.preferences import erase_language_data
from bot.features.language.shipped import load_engine
from bot.features.language.tables import HintLog, TermSuggestion, TermSuppression
from bot.features.prompts.tables import Reflection
from bot.kernel.chat.events import ActionEvent, MessageEvent
from bot.kernel.chat.messages import Reply
from bot.kernel.rules.redaction import Erasure
from bot.kernel.rules.weeks import IsoWeek
from bot.kernel.storage.tables import Group
from tests.fakes import Conversation, actor

JARGON = "Vi må sikre god forankring i ledelsen før neste samling."
PLAIN_NB = "at lederne og de som berøres kjenner til arbeidet og støtter det"


async def set_up(convo: Conversation) -> None:
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping bli-med barnehage", as_="siri")


async def write(convo: Conversation, text: str, *, as_: str, channel: str | None = None,
                thread: str | None = None) -> list[Reply]:
    """A plain chat message, as an adapter delivers it; returns the bot's replies."""
    return await convo.send(MessageEvent(actor(as_), channel or convo.channel, text, thread=thread,
                                         message_id=f"msg-{len(text)}"))


async def test_a_jargon_message_gets_exactly_one_private_hint_to_its_author_and_nothing_public(
        convo: Conversation) -> None:
    await set_up(convo)
    before = len(convo.chat.transcript)
    replies = await write(convo, JARGON + " PPT er med.", as_="ola")
    [hint] = replies
    assert hint.visibility == "private" and hint.message is not None
    assert "«forankring»" in hint.message.text and PLAIN_NB in hint.message.text
    assert [b.action_id for b in hint.message.buttons] == [hints.WHY, hints.MUTE]
    assert hint.message.buttons[0].label == "Hvorfor dette forslaget?"
    assert hint.message.buttons[1].label == "Ikke vis meg dette igjen for «forankring»"
    assert len(convo.chat.transcript) == before and convo.in_channel() == []


async def test_the_why_button_shows_the_reason_privately(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, JARGON, as_="ola")
    why = hint.message.buttons[0]  # type: ignore[union-attr]
    [answer] = await convo.press(why.action_id, why.value, as_="ola")
    assert answer.visibility == "private" and "fagord" in answer.message.text  # type: ignore[union-attr]


async def test_code_quotes_and_links_are_not_judged(convo: Conversation) -> None:
    await set_up(convo)
    text = "Se `forankring` i koden:\n```\nPPT IOP forankring\n```\n> forankring er viktig\n<https://x.no/forankring>"
    assert await write(convo, text, as_="ola") == []


async def test_the_same_term_gives_one_hint_a_day(convo: Conversation) -> None:
    await set_up(convo)
    assert len(await write(convo, JARGON, as_="ola")) == 1
    assert await write(convo, "Forankringen må på plass.", as_="ola") == []
    assert len(await write(convo, JARGON, as_="siri")) == 1  # the limit is per person
    await convo.wait(timedelta(hours=25))
    assert len(await write(convo, JARGON, as_="ola")) == 1


async def test_the_same_term_window_is_a_setting(convo: Conversation) -> None:
    await set_up(convo)
    convo.app.ctx.settings.hints_same_term_hours = 1
    assert len(await write(convo, JARGON, as_="ola")) == 1
    await convo.wait(timedelta(hours=2))
    assert len(await write(convo, JARGON, as_="ola")) == 1


async def test_a_second_term_in_the_same_day_still_gets_its_hint(convo: Conversation) -> None:
    await set_up(convo)
    await write(convo, JARGON, as_="ola")
    [hint] = await write(convo, "Forankring og IOP er tema.", as_="ola")
    assert "IOP" in hint.message.text  # type: ignore[union-attr]


async def test_hints_count_against_the_personal_nudge_budget(convo: Conversation) -> None:
    await set_up(convo)
    convo.app.ctx.settings.nudges_per_day = 1
    assert len(await write(convo, JARGON, as_="ola")) == 1
    assert await write(convo, "IOP er tema i morgen.", as_="ola") == []
    await convo.wait(timedelta(days=1))
    assert len(await write(convo, "IOP er tema i dag.", as_="ola")) == 1


async def test_dont_show_again_mutes_the_term_for_that_person_only(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, JARGON, as_="ola")
    mute = hint.message.buttons[1]  # type: ignore[union-attr]
    [answer] = await convo.press(mute.action_id, mute.value, as_="ola")
    assert answer.visibility == "private" and "forankring" in answer.message.text  # type: ignore[union-attr]
    await convo.press(mute.action_id, mute.value, as_="ola")  # a double click is harmless
    await convo.wait(timedelta(days=2))
    assert await write(convo, JARGON, as_="ola") == []
    assert len(await write(convo, JARGON, as_="siri")) == 1


async def test_a_person_can_switch_hints_off_and_on(convo: Conversation) -> None:
    await set_up(convo)
    assert "av for deg" in await convo.say("/samskaping språkhint av", as_="ola")
    assert await write(convo, JARGON, as_="ola") == []
    assert "for deg: av" in await convo.say("/samskaping språkhint", as_="ola")
    assert "på for deg" in await convo.say("/samskaping språkhint på", as_="ola")
    assert len(await write(convo, JARGON, as_="ola")) == 1


async def test_someone_who_has_not_joined_gets_hints_and_can_switch_them_off(convo: Conversation) -> None:
    await set_up(convo)
    assert len(await write(convo, JARGON, as_="per")) == 1
    await convo.say("/samskaping hints off", as_="per")
    await convo.wait(timedelta(days=2))
    assert await write(convo, JARGON, as_="per") == []
    await convo.say("/samskaping hints on", as_="per")
    assert len(await write(convo, JARGON, as_="per")) == 1


async def test_a_coordinator_can_switch_hints_off_for_the_channel(convo: Conversation) -> None:
    await set_up(convo)
    assert "koordinator" in (await convo.say("/samskaping språkhint kanal av", as_="ola")).lower()
    assert "av i denne kanalen" in await convo.say("/samskaping språkhint kanal av", as_="kari")
    assert await write(convo, JARGON, as_="ola") == []
    assert await write(convo, JARGON, as_="per") == []
    await convo.say("/samskaping språkhint kanal på", as_="kari")
    assert len(await write(convo, JARGON, as_="ola")) == 1


async def test_the_hint_is_in_the_authors_language(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="ola")
    await convo.say("/samskaping språk en", as_="siri")
    [nynorsk] = await write(convo, JARGON, as_="ola")
    [english] = await write(convo, JARGON, as_="siri")
    assert "Enklare sagt" in nynorsk.message.text and "at leiarane" in nynorsk.message.text  # type: ignore[union-attr]
    assert nynorsk.message.buttons[0].label == "Kvifor dette forslaget?"  # type: ignore[union-attr]
    assert "In plain Norwegian" in english.message.text and PLAIN_NB in english.message.text  # type: ignore[union-attr]


async def test_messages_elsewhere_and_empty_messages_are_ignored(convo: Conversation) -> None:
    await set_up(convo)
    assert await write(convo, JARGON, as_="ola", channel="C-random") == []
    assert await write(convo, "   ", as_="ola") == []


async def test_thread_replies_that_are_not_prompt_answers_are_checked(convo: Conversation) -> None:
    await set_up(convo)
    replies = await write(convo, JARGON, as_="ola", thread="1234.5")
    assert len(replies) == 1 and replies[0].visibility == "private"


async def test_a_reflection_confirmation_carries_a_tip_and_the_reflection_is_saved(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    answer = await convo.say("/samskaping refleksjon " + JARGON, as_="ola")
    assert "lagret" in answer and "«forankring» – enklere" in answer
    async with convo.app.ctx.uow() as uow:
        [saved] = (await uow.session.exec(select(Reflection))).all()
    assert saved[0].text == JARGON


async def test_a_plain_reflection_gets_no_tip(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    answer = await convo.say("/samskaping refleksjon Vi lærte mye av kulturskolen.", as_="ola")
    assert "lagret" in answer and "Tips" not in answer


async def test_no_message_text_is_stored_anywhere(convo: Conversation) -> None:
    await set_up(convo)
    messages = [JARGON, "Kryssløpsmodellen til Hansen gir et skjevt bilde.", "Kaffen står klar i kantina!"]
    for text in messages * 2:
        await write(convo, text, as_="ola")
        await write(convo, text, as_="per")
    stored = await _every_stored_string(convo)
    for text in messages:
        assert not any(text in value for value in stored)
    for fragment in ("sikre god", "skjevt bilde", "kaffen", "kantina", "hansen", "ledelsen"):
        assert not any(fragment in value.lower() for value in stored), fragment
    assert "forankring" in stored and "kryssløpsmodell" in stored  # the counts are there, the sentences are not


def _is_text(column: Column) -> bool:
    return isinstance(column.type, String | Text | AutoString)


async def _every_stored_string(convo: Conversation) -> list[str]:
    values: list[str] = []
    async with convo.app.ctx.uow() as uow:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if _is_text(c)]
            if columns:
                rows = (await uow.session.exec(select(*columns))).all()  # type: ignore[call-overload]
                values += [str(v) for row in rows for v in row if v]
    return values


async def test_jargon_numbers_count_messages_and_findings_per_group_and_week(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppsett Tromsø", as_="lise", channel="C-tromso")
    for text in (JARGON, "Hei alle, vi ses torsdag.", "Forankring og IOP."):
        await write(convo, text, as_="ola")
    await write(convo, "Takk for i dag!", as_="lise", channel="C-tromso")
    await convo.wait(timedelta(days=7))
    await write(convo, JARGON, as_="ola")
    async with convo.app.ctx.uow() as uow:
        groups = {g.municipality: g.id for g in (await uow.session.exec(select(Group))).scalars()}
        ids = [groups["Bodø"], groups["Tromsø"]]
        first = await jargon_numbers(uow.session, ids, date(2026, 12, 7), date(2026, 12, 14))
        both = await jargon_numbers(uow.session, ids, date(2026, 12, 7), date(2026, 12, 21))
        second = await jargon_numbers(uow.session, ids, *IsoWeek(2026, 51).bounds("Europe/Oslo"))
    assert first == {groups["Bodø"]: (3, 3), groups["Tromsø"]: (1, 0)}
    assert both[groups["Bodø"]] == (4, 4)
    assert second == {groups["Bodø"]: (1, 1), groups["Tromsø"]: (0, 0)}


def test_hint_text_names_the_word_as_written_and_the_plain_alternative() -> None:
    finding = load_engine().analyse("Forankringa er svak.", lang="nn").findings[0]
    assert finding.text == "Forankringa" and finding.lemma == "forankring"


async def test_a_persons_language_data_can_be_erased_without_touching_the_groups(convo: Conversation) -> None:
    await set_up(convo)
    await write(convo, JARGON, as_="ola")
    await convo.press(hints.MUTE, "forankring", as_="ola")
    await convo.say("/samskaping ordliste forstått PPT", as_="kari")
    await convo.say("/samskaping ordliste foreslå kulturtokt", as_="ola")
    async with convo.app.ctx.uow() as uow:
        [workspace_id] = {g.workspace_id for g in (await uow.session.exec(select(Group))).scalars()}
        await erase_language_data(uow, Erasure(workspace_id, "ola", "deleted-x", convo.app.ctx.clock.now()))
        await uow.commit()
    async with convo.app.ctx.uow() as uow:
        assert (await uow.session.exec(select(HintLog))).all() == []
        [kept] = (await uow.session.exec(select(TermSuppression))).scalars()
        [suggestion] = (await uow.session.exec(select(TermSuggestion))).scalars()
    assert (kept.user_id, kept.key) == ("", "ppt")
    assert (suggestion.term, suggestion.suggested_by) == ("kulturtokt", "")


HARD = ("Kommunens administrasjon gjennomfører nødvendigvis omfattende utredninger om tilrettelegging, organisering, "
        "dokumentasjon, kvalitetsutvikling, ressursfordeling og langsiktige prioriteringer innenfor eksisterende "
        "økonomiske rammebetingelser, samtidig som representanter fra forskjellige virksomheter kontinuerlig "
        "vurderer muligheter, utfordringer, konsekvenser og hensiktsmessige løsninger for innbyggerne.")


async def test_a_long_hard_message_gets_a_readability_hint_that_can_be_muted(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, HARD, as_="ola")
    assert "tung å lese" in hint.message.text and "LIX" in hint.message.text  # type: ignore[union-attr]
    mute = hint.message.buttons[1]  # type: ignore[union-attr]
    assert mute.label == "Ikke vis meg dette igjen for «lange meldinger»"
    assert mute.value.endswith(":" + hints.READABILITY)
    [answer] = await convo.press(mute.action_id, mute.value, as_="ola")
    assert "lange meldinger" in answer.message.text  # type: ignore[union-attr]
    await convo.wait(timedelta(days=2))
    assert await write(convo, HARD, as_="ola") == []


FAIRLY_HARD = ("Vi har gjennomgått planleggingen av høstens aktiviteter sammen med rektor, styret og foreldreutvalget, "
               "og forankringen av arbeidet i ledelsen er fortsatt svak. Kommunens administrasjon utarbeider "
               "dokumentasjon om organiseringen av tjenestene, økonomiske prioriteringer og nødvendige endringer "
               "fremover, og vi ønsker tilbakemeldinger fra alle deltakerne innen fredag.")  # 45 words, LIX 71


async def test_a_word_is_preferred_to_the_readability_hint_in_a_fairly_hard_message(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, FAIRLY_HARD, as_="ola")
    assert "«forankringen»" in hint.message.text  # type: ignore[union-attr]


async def test_a_very_hard_message_gets_the_readability_hint_even_with_a_word_in_it(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, HARD + " Forankringen er svak.", as_="ola")  # LIX 98: hard to read at all
    assert "tung å lese" in hint.message.text and "LIX" in hint.message.text  # type: ignore[union-attr]


ONE_SENTENCE = " ".join(["vi tar med oss barna ut på tur og ser på fuglene"] * 8).capitalize() + "."  # 96 words


async def test_one_very_long_sentence_gets_the_readability_hint_in_nb_nn_and_en(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, ONE_SENTENCE + " Forankringen er svak.", as_="ola")
    assert "Én setning har 96 ord" in bokmal.message.text  # type: ignore[union-attr]
    [nynorsk] = await write(convo, ONE_SENTENCE, as_="siri")
    assert "Éi setning har 96 ord" in nynorsk.message.text  # type: ignore[union-attr]
    why = nynorsk.message.buttons[0]  # type: ignore[union-attr]
    [answer] = await convo.press(why.action_id, why.value, as_="siri")
    assert "over 80 ord" in answer.message.text  # type: ignore[union-attr]
    await convo.say("/samskaping språk en", as_="siri")
    await convo.wait(timedelta(days=2))
    [english] = await write(convo, ONE_SENTENCE, as_="siri")
    assert "One sentence has 96 words" in english.message.text  # type: ignore[union-attr]


async def test_dont_show_again_works_from_a_one_to_one_chat(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, JARGON, as_="ola")
    mute = hint.message.buttons[1]  # type: ignore[union-attr]
    await convo.press(mute.action_id, mute.value, as_="ola", channel="D-ola")  # Teams may deliver tips 1:1
    await convo.wait(timedelta(days=2))
    assert await write(convo, JARGON, as_="ola") == []


async def test_a_mute_button_cannot_reach_a_group_in_another_workspace(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, JARGON, as_="ola")
    mute = hint.message.buttons[1]  # type: ignore[union-attr]
    await convo.say("/samskaping oppsett Tromsø", as_="ola", workspace="T2")
    await convo.app.router.handle(ActionEvent(actor("ola", "T2"), convo.channel, mute.action_id, mute.value))
    async with convo.app.ctx.uow() as uow:
        muted = (await uow.session.exec(select(TermSuppression.group_id))).all()
        [bodo] = (await uow.session.exec(select(Group.id).where(Group.municipality == "Bodø"))).all()
    assert (bodo[0],) not in [tuple(row) for row in muted]


async def test_the_digest_shows_findings_per_100_messages_and_the_trend(convo: Conversation) -> None:
    await set_up(convo)
    for text in (JARGON, "Hei alle!", "Takk for sist.", "Vi ses."):
        await write(convo, text, as_="ola")
    await convo.wait(timedelta(days=7))
    for text in (JARGON, "Forankring og IOP.", "Hei alle!"):
        await write(convo, text, as_="ola")
    async with convo.app.ctx.uow() as uow:
        [group] = (await uow.session.exec(select(Group))).scalars()
        week = IsoWeek(2026, 51)
        start, end = week.bounds("Europe/Oslo")
        sections = await jargon_trend(uow.session, DigestScope(group.workspace_id, (group.id, 999), week, start, end))
    assert sections == {group.id: JargonTrend(3, 3, 1, 4)}
    assert sections[group.id].per_100 == 100.0
