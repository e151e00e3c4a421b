"""Hints from the signals beyond the glossary, in nb, nn and en, and what the group learns from its members."""

from __future__ import annotations

from datetime import timedelta

from tests.fakes import Conversation
from tests.features.language.test_hints import set_up, write

ENGLISH = "Hvem eier backloggen for den nye nettsiden?"
RARE_NB = "Budsjettet legger opp til rammereduksjon i alle sektorer."
RARE_NN = "Vi må sjå nærmare på kapasitetsstyringa før jul."
NAME = "Vi har sendt saka til Bufetat i dag."


async def _why(convo: Conversation, hint: object, as_: str) -> str:
    why = hint.message.buttons[0]  # type: ignore[attr-defined]
    [answer] = await convo.press(why.action_id, why.value, as_=as_)
    return answer.message.text  # type: ignore[union-attr]


async def test_an_english_word_gets_a_hint_that_says_so_in_nb_nn_and_en(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, ENGLISH, as_="ola")
    assert "«backloggen» er et engelsk ord" in bokmal.message.text  # type: ignore[union-attr]
    assert "bruk et norsk ord" in bokmal.message.text  # type: ignore[union-attr]
    assert "engelsk ord" in await _why(convo, bokmal, "ola")
    [nynorsk] = await write(convo, "Kven eig backloggen til den nye nettstaden?", as_="siri")
    assert "«backloggen» er eit engelsk ord" in nynorsk.message.text  # type: ignore[union-attr]
    await convo.say("/samskaping språk en", as_="siri")
    await convo.wait(timedelta(days=2))
    [english] = await write(convo, ENGLISH, as_="siri")
    assert "“backloggen” is an English word" in english.message.text  # type: ignore[union-attr]


async def test_a_rare_management_word_gets_a_hint_that_says_so_in_nb_nn_and_en(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, RARE_NB, as_="ola")
    assert "«rammereduksjon» er et sjeldent fagord" in bokmal.message.text  # type: ignore[union-attr]
    assert "sjeldent fagord" in await _why(convo, bokmal, "ola")
    [nynorsk] = await write(convo, RARE_NN, as_="siri")
    assert "«kapasitetsstyringa» er eit sjeldan fagord" in nynorsk.message.text  # type: ignore[union-attr]
    await convo.say("/samskaping språk en", as_="siri")
    [english] = await write(convo, RARE_NB, as_="siri")
    assert "“rammereduksjon” is a rare specialist word" in english.message.text  # type: ignore[union-attr]


async def test_a_public_sector_name_is_explained_in_one_line_in_nb_nn_and_en(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, NAME, as_="ola")
    text = bokmal.message.text  # type: ignore[union-attr]
    assert "«Bufetat» er navn på en statlig ordning eller etat" in text
    assert "Barne-, ungdoms- og familieetaten, statens del av barnevernet og familievernet" in text
    assert "navn på en statlig etat" in await _why(convo, bokmal, "ola")
    [nynorsk] = await write(convo, NAME, as_="siri")
    assert "den statlege delen av barnevernet" in nynorsk.message.text  # type: ignore[union-attr]
    assert "namn på ein statleg etat" in await _why(convo, nynorsk, "siri")
    await convo.say("/samskaping språk en", as_="siri")
    await convo.wait(timedelta(days=2))
    [english] = await write(convo, NAME, as_="siri")
    assert "the state agency for child welfare and family counselling" in english.message.text  # type: ignore[union-attr]


async def test_everyday_loans_stay_quiet(convo: Conversation) -> None:
    await set_up(convo)
    assert await write(convo, "Møtet er på Teams i dag, link kommer, og vi har workshop etterpå. Sorry!",
                       as_="ola") == []
    assert await write(convo, "Eg sender deg lenka på chat, deadline er fredag.", as_="ola") == []


async def test_a_word_a_member_explains_stops_giving_hints_in_the_group(convo: Conversation) -> None:
    await set_up(convo)
    explained = "Vi går gjennom backloggen (lista over oppgaver vi ikke har gjort ennå) på fredag."
    assert await write(convo, explained, as_="ola") == []
    assert await write(convo, ENGLISH, as_="siri") == []  # learned privately: nothing was posted
    listing = await convo.say("/samskaping ordliste liste", as_="kari")
    assert "backlog" in listing


async def test_any_member_can_mark_a_signal_word_understood_but_not_a_glossary_term(convo: Conversation) -> None:
    await set_up(convo)
    answer = await convo.say("/samskaping ordliste forstått rammereduksjon", as_="ola")
    assert "merket som forstått" in answer
    assert await write(convo, "Vi får en ny rammereduksjon neste år.", as_="siri") == []
    refused = await convo.say("/samskaping ordliste forstått forankring", as_="ola")
    assert "koordinator" in refused.lower()
    [hint] = await write(convo, "Vi må sikre god forankring.", as_="siri")
    assert "«forankring»" in hint.message.text  # type: ignore[union-attr]


async def test_coordinators_see_frequent_signal_words_as_counts_and_add_one_in_one_step(
        convo: Conversation) -> None:
    await set_up(convo)
    for person in ("ola", "siri", "ola"):
        await write(convo, "Vi må se på touchpoints i søknaden. Det er mye å gjøre.", as_=person)
    listing = await convo.say("/samskaping ordliste forslag", as_="kari")
    assert "touchpoints (3)" in listing and "søknaden" not in listing  # counts, no message text
    await convo.say("/samskaping ordliste ny touchpoints = stedene der folk møter kommunen", as_="kari")
    await convo.wait(timedelta(days=2))
    [hint] = await write(convo, "Vi har for mange touchpoints.", as_="ola")
    assert "stedene der folk møter kommunen" in hint.message.text  # type: ignore[union-attr]


async def test_bad_input_in_the_channel_never_crashes_and_markup_gets_no_hint(convo: Conversation) -> None:
    await set_up(convo)
    for text in ("🎉🎉🎉", "```\nbackloggen og rammereduksjon\n```", "> backloggen er full\n", "Привет 你好 مرحبا",
                 "Se https://kommune.no/backloggen-og-rammereduksjon", "Hei <@U02ABC123> og <#C1|backlog>"):
        assert await write(convo, text, as_="ola") == []
    replies = await write(convo, "Vi har et godt møte i dag og snakker om turen. " * 200, as_="ola")  # 9,800 chars
    assert len(replies) == 1 and "tung å lese" in replies[0].message.text  # type: ignore[union-attr]


async def test_a_reflection_tip_for_a_signal_word_says_why_instead_of_offering_a_plain_word(
        convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    answer = await convo.say("/samskaping refleksjon Vi så på backloggen og snakket med Bufetat.", as_="ola")
    assert "lagret" in answer
    assert "• «backloggen» (engelsk ord): Forklar det, eller bruk et norsk ord." in answer
    assert "• «Bufetat» (navn på en offentlig ordning): Barne-, ungdoms- og familieetaten" in answer


async def test_an_unexplained_acronym_gets_a_hint_that_says_so_in_nb_nn_and_en(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, "Saken går til HOK på tirsdag.", as_="ola")
    assert "Skriv hva HOK står for" in bokmal.message.text  # type: ignore[union-attr]
    assert "ser ut som en forkortelse" in await _why(convo, bokmal, "ola")
    [nynorsk] = await write(convo, "Saka går til HOK på tysdag.", as_="siri")
    assert "Skriv kva HOK står for" in nynorsk.message.text  # type: ignore[union-attr]
    assert "ser ut som ei forkorting" in await _why(convo, nynorsk, "siri")
    await convo.say("/samskaping språk en", as_="siri")
    await convo.wait(timedelta(days=2))
    [english] = await write(convo, "Saken går til HOK på tirsdag.", as_="siri")
    assert "Say what HOK stands for" in english.message.text  # type: ignore[union-attr]


async def test_hyphenated_buzzwords_get_hints_and_a_moored_boat_gets_none(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [english] = await write(convo, "Vi har stand-up kvar morgon klokka ni.", as_="siri")
    assert "«stand-up» er eit engelsk ord" in english.message.text  # type: ignore[union-attr]
    [rare] = await write(convo, "Vi må ha en exit-strategi for prosjektet.", as_="ola")
    assert "«exit-strategi» er et sjeldent fagord" in rare.message.text  # type: ignore[union-attr]
    assert await write(convo, "Båten er forankret ved brygga, vi møtes der kl. 10.", as_="ola") == []


async def test_a_funding_scheme_in_its_compounds_and_inflections_is_explained_in_nb_nn_and_en(
    convo: Conversation,
) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, "Idrettslaget har søkt om spillemidlene til den nye hallen.", as_="ola")
    text = bokmal.message.text  # type: ignore[union-attr]
    assert "«spillemidlene» er navn på en statlig ordning eller etat" in text
    assert "statlige tilskudd fra Norsk Tipping-overskuddet til idrettsanlegg" in text
    assert "navn på en statlig ordning" in await _why(convo, bokmal, "ola")
    [nynorsk] = await write(convo, "Vi søkjer Klimasats-midlar til ladestasjonar ved sjukeheimen.", as_="siri")
    text = nynorsk.message.text  # type: ignore[union-attr]
    assert "«Klimasats» er namn på ei statleg ordning" in text
    assert "tilskotet til Miljødirektoratet til klimatiltak i kommunar og fylke" in text
    assert "namn på ei statleg ordning" in await _why(convo, nynorsk, "siri")
    await convo.say("/samskaping språk en", as_="siri")
    await convo.wait(timedelta(days=2))
    [english] = await write(convo, "Idrettslaget søkjer spelemidlar til kunstgras.", as_="siri")
    assert "state grants from lottery profits for sports facilities" in english.message.text  # type: ignore[union-attr]


async def test_an_insider_compound_gets_a_hint_that_says_so_in_nb_nn_and_en(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping språk nn", as_="siri")
    [bokmal] = await write(convo, "Saken ligger i sakssystemet, så du finner den der.", as_="ola")
    assert "«sakssystemet» er et internt ord" in bokmal.message.text  # type: ignore[union-attr]
    assert "Si hva det er" in bokmal.message.text  # type: ignore[union-attr]
    assert "bestemt system, én budsjettramme" in await _why(convo, bokmal, "ola")
    [nynorsk] = await write(convo, "Vi har brukt heile lønnsramma for i år.", as_="siri")
    assert "«lønnsramma» er eit internt ord" in nynorsk.message.text  # type: ignore[union-attr]
    assert "berre dei som arbeider med det" in await _why(convo, nynorsk, "siri")
    await convo.say("/samskaping språk en", as_="siri")
    await convo.wait(timedelta(days=2))
    [english] = await write(convo, "Saka ligg i sakssystemet.", as_="siri")
    assert "“sakssystemet” is an insider word" in english.message.text  # type: ignore[union-attr]
    assert "one particular system" in await _why(convo, english, "siri")


async def test_a_reflection_tip_for_an_insider_word_says_why(convo: Conversation) -> None:
    await set_up(convo)
    await convo.say("/samskaping oppgave send", as_="kari")
    answer = await convo.say("/samskaping refleksjon Vi fann saka i sakssystemet.", as_="ola")
    assert "• «sakssystemet» (internt ord): Si hva det er" in answer


async def test_any_member_can_mark_an_insider_word_understood(convo: Conversation) -> None:
    await set_up(convo)
    [hint] = await write(convo, "Saken ligger i sakssystemet.", as_="ola")
    assert "internt ord" in hint.message.text  # type: ignore[union-attr]
    answer = await convo.say("/samskaping ordliste forstått sakssystemet", as_="siri")
    assert "merket som forstått" in answer
    await convo.wait(timedelta(days=2))
    assert await write(convo, "Notatet ligger i sakssystemet.", as_="ola") == []
