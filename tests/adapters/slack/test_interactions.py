"""Buttons, modals, threads, the welcome and App Home, end to end through Slack's wire format."""

from __future__ import annotations

from sqlmodel import select

from bot.features.prompts.tables import Reflection
from bot.kernel.storage.tables import Member
from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.test_commands import set_up_group


async def post_prompt(slack: SlackHarness) -> dict:
    """Set up a group, post a prompt and deliver it; returns the message as Slack stored it."""
    await set_up_group(slack)
    await slack.command("oppgave send", user="U1")
    await slack.app.tick()
    return [m for m in slack.mock.posts("C1") if m.get("metadata")][-1]


def answer_value(post: dict) -> str:
    actions = next(b for b in post["blocks"] if b["type"] == "actions")
    return actions["elements"][0]["value"]


async def reflections(slack: SlackHarness) -> list[Reflection]:
    async with slack.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(Reflection))).all())


async def test_the_answer_button_opens_a_modal_and_the_submission_is_stored(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    await slack.press("answer#0", answer_value(post), user="U2", block_id="ctx:C1")
    [opened] = slack.mock.called("views.open")
    view = opened.params["view"]
    assert view["callback_id"] == "reflection" and view["blocks"][-1]["element"]["multiline"] is True
    response = await slack.submit(view, {"text": "Vi lærte mye av kulturskolen."}, user="U2")
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "update" and "lagret" in str(answer["view"]["blocks"])
    [stored] = await reflections(slack)
    assert stored.text == "Vi lærte mye av kulturskolen."
    assert slack.mock.invalid == []


async def test_an_empty_submission_shows_the_error_at_the_field(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    await slack.press("answer#0", answer_value(post), user="U2", block_id="ctx:C1")
    view = slack.mock.called("views.open")[-1].params["view"]
    answer = (await slack.submit(view, {"text": "   "}, user="U2")).json()
    assert answer["response_action"] == "errors" and "tomt" in answer["errors"]["text"]
    assert await reflections(slack) == []


async def test_a_reply_in_the_prompt_thread_counts_as_a_reflection(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    await slack.say("Vi prøvde noe nytt i SFO.", user="U2", thread=post["ts"])
    [stored] = await reflections(slack)
    assert stored.text == "Vi prøvde noe nytt i SFO."
    [confirmation] = slack.mock.called("chat.postEphemeral")
    assert confirmation.params["user"] == "U2" and confirmation.params["thread_ts"] == post["ts"]


async def test_edits_joins_and_bot_messages_are_ignored(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    await slack.say("endret", user="U2", thread=post["ts"], subtype="message_changed")
    await slack.say("hei", user="U2", thread=post["ts"], bot_id="BOTHER")
    await slack.say("<@U2> has joined", user="U2", subtype="channel_join")
    assert await reflections(slack) == []


async def test_someone_joining_gets_a_welcome_dm_whose_buttons_act_in_the_group(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.event({"type": "member_joined_channel", "user": "U3", "channel": "C1", "team": "T1"})
    [opened] = slack.mock.called("conversations.open")
    assert opened.params["users"] == "U3"
    [welcome] = slack.mock.posts("DU3")
    actions = next(b for b in welcome["blocks"] if b["type"] == "actions")
    assert actions["block_id"] == "ctx:C1"
    sector = actions["elements"][3]
    await slack.press(sector["action_id"], sector["value"], user="U3", channel="DU3", block_id=actions["block_id"])
    async with slack.app.ctx.uow() as uow:
        member = (await uow.session.exec(select(Member).where(Member.user_id == "U3"))).one()
    assert member.sector == "kulturskole"
    assert "som Kulturskole" in str(slack.mock.responses[-1]["blocks"])


async def test_a_guest_from_another_organisation_is_welcomed_in_the_channel_not_by_dm(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.event({"type": "member_joined_channel", "user": "UEXT", "channel": "C1", "team": "T-other"})
    assert slack.mock.called("conversations.open") == []
    [welcome] = slack.mock.called("chat.postEphemeral")
    assert welcome.params["user"] == "UEXT" and welcome.params["channel"] == "C1"


async def test_guests_from_other_teams_join_the_channel_owners_group(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.press("set_sector#1", "skole", user="UEXT", channel="C1")
    async with slack.app.ctx.uow() as uow:
        members = (await uow.session.exec(select(Member))).all()
    assert {m.user_id for m in members} == {"U1", "U2", "UEXT"}
    assert len({m.workspace_id for m in members}) == 1


async def test_the_bot_joining_a_channel_is_not_welcomed(slack: SlackHarness) -> None:
    await set_up_group(slack)
    await slack.event({"type": "member_joined_channel", "user": "UBOT", "channel": "C1", "team": "T1"})
    assert slack.mock.called("conversations.open") == [] and slack.mock.called("chat.postEphemeral") == []


async def test_app_home_shows_open_prompts_reflections_and_status_for_coordinators(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    await slack.say("Et svar i tråden.", user="U1", thread=post["ts"])
    await slack.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    [published] = slack.mock.called("views.publish")
    assert published.params["user_id"] == "U1"
    text = str(published.params["view"]["blocks"])
    assert "Gruppa for Bodø" in text and "1 i alt" in text and "1 av 2 har svart" in text
    assert slack.mock.invalid == []


async def test_the_answer_button_on_app_home_opens_the_modal_for_that_group(slack: SlackHarness) -> None:
    await post_prompt(slack)
    await slack.event({"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"})
    view = slack.mock.called("views.publish")[-1].params["view"]
    actions = next(b for b in view["blocks"] if b["type"] == "actions")
    button = actions["elements"][0]
    await slack.press(button["action_id"], button["value"], user="U2", block_id=actions["block_id"],
                      view={"type": "home", "id": "VHOME"})
    assert slack.mock.called("views.open")[-1].params["view"]["callback_id"] == "reflection"


async def test_app_home_for_someone_without_a_group_says_how_to_join(slack: SlackHarness) -> None:
    await slack.event({"type": "app_home_opened", "user": "U7", "channel": "DU7", "tab": "home"})
    assert "bli-med" in str(slack.mock.called("views.publish")[-1].params["view"]["blocks"])


async def test_a_coordinator_reads_the_answers_in_a_modal_within_block_kit_limits(slack: SlackHarness) -> None:
    post = await post_prompt(slack)
    for n in range(3, 15):
        await slack.command("bli-med skole", user=f"U{n}", name=f"person{n}")
        await slack.command(f"refleksjon {'Et langt svar om samarbeid. ' * 21}{n}", user=f"U{n}")
    await slack.command("svarene", user="U1")
    view = slack.mock.called("views.open")[-1].params["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24
    text = str(view["blocks"])
    assert "Person U3" in text and "Neste side" in text and "Svar 1–10 av 12" in text
    assert slack.mock.invalid == []
    assert post["ts"]
