"""Mentors on Slack: appointed with a real mention (`<@U7|frode>`), a coordinator's request for support reaches
the mentor as a private message that passes Block Kit, and the mentor's prompt reaches the group's channel."""

from __future__ import annotations

from bot.features.digest import owners
from bot.features.digest.service import find_programme
from tests.adapters.slack.conftest import SlackHarness
from tests.adapters.slack.test_commands import set_up_group


def _texts(response: dict) -> str:  # type: ignore[type-arg]
    return " ".join([response.get("text", "")] + [str(b) for b in response.get("blocks", [])])


def _prompts(slack: SlackHarness) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in slack.mock.posts("C1")
            if ((m.get("metadata") or {}).get("event_payload") or {}).get("k", "").startswith("prompt:1:")]


async def test_a_mentor_is_appointed_asked_for_support_and_posts_a_prompt_on_slack(slack: SlackHarness) -> None:
    await set_up_group(slack)  # Kari (U1) coordinates Bodø in C1, Ola (U2) is in school
    await slack.command("program demo", user="U1")
    async with slack.app.ctx.uow() as uow:
        await owners.set_programme_role(uow.session, await find_programme(uow.session, "demo"), "U9", owners.OWNER,
                                        language="nb", now=slack.app.ctx.clock.now())
        await uow.commit()
    await slack.command("fadder <@U7|frode> Bodø", user="U1")
    assert "Bare programmets eiere og prosjektledere" in _texts(slack.mock.responses[-1])
    await slack.command("fadder <@U7|frode> Bodø", user="U9", name="olga", channel="D9")
    assert "U7 er nå fadder for Bodø" in _texts(slack.mock.responses[-1])
    await slack.command("be-om-støtte Vi trenger et godt grep for forankring oppover.", user="U1")
    await slack.app.tick()
    [(channel, request)] = [(ch, m) for ch, items in slack.mock.messages.items() for m in items
                            if "Vi trenger et godt grep" in _texts(m)]
    assert channel != "C1" and "Bodø ber om støtte" in _texts(request)  # privately, to the mentor
    assert [c for c in slack.mock.called("conversations.open") if c.params.get("users") == "U7"]
    before = len(_prompts(slack))
    await slack.command("fadder oppgave Bodø", user="U7", name="frode", channel="D7")
    assert "i Bodø nå" in _texts(slack.mock.responses[-1])
    await slack.app.tick()
    assert len(_prompts(slack)) == before + 1  # the mentor's prompt, in the group's channel
