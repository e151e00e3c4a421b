"""Many workspaces: install over OAuth, tokens kept in our database, purged on uninstall."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.clock import ManualClock
from bot.errors import DeliveryError
from bot.kernel.chat.messages import Address, Message
from bot.kernel.storage.tables import Workspace
from bot.kernel.storage.tables_slack import SlackInstallation
from bot.settings import Settings
from tests.adapters.slack.conftest import SIGNING_SECRET, SlackHarness, open_harness
from tests.adapters.slack.mock_slack import MockSlack


@pytest.fixture
async def multi(settings: Settings, clock: ManualClock, mock_slack: MockSlack) -> AsyncIterator[SlackHarness]:
    oauth = settings.model_copy(update={
        "slack_client_id": "111.222", "slack_client_secret": "client-secret", "slack_signing_secret": SIGNING_SECRET,
        "slack_api_url": mock_slack.url, "slack_channel_interval_seconds": 0.0,
    })
    harness = await open_harness(oauth, clock, mock_slack)
    harness.team = "T2"
    yield harness
    await harness.http.aclose()
    await harness.app.close()


async def install(multi: SlackHarness) -> None:
    page = await multi.http.get("/slack/install")
    assert page.status_code == 200 and "slack.com/oauth/v2/authorize" in page.text
    state = re.search(r"state=([\w\-.]+)", page.text).group(1)  # type: ignore[union-attr]
    done = await multi.http.get("/slack/oauth_redirect", params={"code": "code-1", "state": state},
                                headers={"cookie": f"slack-app-oauth-state={state}"})
    assert done.status_code == 200, done.text


async def installations(multi: SlackHarness) -> list[SlackInstallation]:
    async with multi.app.ctx.uow() as uow:
        return list((await uow.session.exec(select(SlackInstallation))).all())


async def test_installing_keeps_the_workspace_token_in_our_database(multi: SlackHarness) -> None:
    await install(multi)
    [saved] = await installations(multi)
    assert (saved.team_id, saved.bot_user_id, saved.bot_token) == ("T2", "UBOT2", "xoxb-installed-token")
    [access] = multi.mock.called("oauth.v2.access")
    assert access.params["code"] == "code-1"
    async with multi.app.ctx.uow() as uow:
        workspace = (await uow.session.exec(select(Workspace).where(Workspace.external_id == "T2"))).one()
    assert workspace.active and workspace.name == "Bodø kommune"


async def test_an_installed_workspace_is_served_with_its_own_token(multi: SlackHarness) -> None:
    await install(multi)
    await multi.command("oppsett Bodø", user="U9", name="kari")
    [post] = multi.mock.called("chat.postMessage")
    assert post.token == "xoxb-installed-token"


async def test_a_reused_or_forged_state_is_refused(multi: SlackHarness) -> None:
    done = await multi.http.get("/slack/oauth_redirect", params={"code": "c", "state": "forged"},
                                headers={"cookie": "slack-app-oauth-state=forged"})
    assert done.status_code >= 400 and multi.mock.called("oauth.v2.access") == []


async def test_uninstalling_purges_the_token_and_sends_stop(multi: SlackHarness) -> None:
    await install(multi)
    await multi.event({"type": "app_uninstalled"})
    assert await installations(multi) == []
    with pytest.raises(DeliveryError) as refused:
        await multi.runtime.chat.post(Address("T2", "C1"), Message("Hei"), key="k1")
    assert refused.value.permanent and refused.value.code == "token_revoked"


async def test_revoked_bot_tokens_are_purged_too(multi: SlackHarness) -> None:
    await install(multi)
    await multi.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT2"]}})
    assert await installations(multi) == []


async def test_a_workspace_without_an_installation_is_told_to_reinstall(multi: SlackHarness) -> None:
    response = await multi.command("status", user="U9")
    assert response.status_code == 200 and multi.mock.called("chat.postMessage") == []
    assert "installere appen på nytt" in multi.mock.responses[-1]["text"]


async def test_signed_states_expire_and_cannot_be_altered(clock: ManualClock) -> None:
    from datetime import timedelta

    from bot.adapters.slack.installs import SignedStateStore

    store = SignedStateStore("client-secret", clock, expiration=600)
    state = await store.async_issue()
    assert await store.async_consume(state)
    assert not await store.async_consume(state.replace(".", ".9", 1))
    assert not await SignedStateStore("other-secret", clock).async_consume(state)
    clock.advance(timedelta(minutes=11))
    assert not await store.async_consume(state)
