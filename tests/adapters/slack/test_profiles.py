"""Who acts, as people see them: display names and Norwegian locales from users.info, asked once a day."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from bot.kernel.storage.tables import Member
from tests.adapters.slack.conftest import SlackHarness


def _texts(payload: dict) -> str:
    return json.dumps(payload.get("blocks") or [], ensure_ascii=False) + payload.get("text", "")


async def test_a_member_is_stored_with_the_display_name_not_the_legacy_handle(slack: SlackHarness) -> None:
    slack.mock.display_names["U2"] = "Ola Nordmann"
    await slack.command("oppsett Bodø", user="U1", name="kari")
    await slack.command("bli-med skole", user="U2", name="ola.nordmann")  # `user_name` is the old handle
    async with slack.app.ctx.uow() as uow:
        member = (await uow.session.exec(select(Member).where(Member.user_id == "U2"))).one()
    assert member.display_name == "Ola Nordmann"
    [asked] = [c for c in slack.mock.called("users.info") if c.params["user"] == "U2"]
    assert str(asked.params["include_locale"]).lower() in ("1", "true")


async def test_users_info_is_asked_once_a_day_per_person(slack: SlackHarness) -> None:
    await slack.command("hjelp", user="U3")
    await slack.command("hjelp", user="U3")
    assert len([c for c in slack.mock.called("users.info") if c.params["user"] == "U3"]) == 1
    slack.app.ctx.clock.advance(timedelta(hours=25))  # type: ignore[attr-defined]
    await slack.command("hjelp", user="U3")
    assert len([c for c in slack.mock.called("users.info") if c.params["user"] == "U3"]) == 2


async def test_a_nynorsk_locale_answers_in_nynorsk_and_an_english_slack_stays_norwegian(slack: SlackHarness) -> None:
    slack.mock.locales["U5"] = "nn-NO"
    await slack.command("status", user="U5", channel="C-random")
    assert "oppsett &lt;kommune&gt;" in _texts(slack.mock.responses[-1])
    assert "Denne kanalen er ikkje" in _texts(slack.mock.responses[-1])
    slack.mock.locales["U6"] = "en-US"  # Slack has no Norwegian interface: English says nothing about the wish
    await slack.command("status", user="U6", channel="C-random")
    assert "Denne kanalen er ikke" in _texts(slack.mock.responses[-1])
