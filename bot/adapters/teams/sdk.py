"""Build the Teams SDK App from our settings, and put its messaging endpoint on our FastAPI app, guarded.

Settings are passed explicitly; the SDK would otherwise read CLIENT_ID, CLIENT_SECRET, TENANT_ID,
SERVICE_URL and CLOUD from the environment (and `load_dotenv()` runs when `microsoft_teams.apps` is
imported), so we refuse to start when those generic variables would change what we configured.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from microsoft_teams.api import TokenCredentials
from microsoft_teams.api.auth.cloud_environment import PUBLIC, CloudEnvironment, with_overrides
from microsoft_teams.apps import App
from microsoft_teams.apps.http import FastAPIAdapter, HttpMethod, HttpRouteHandler

from bot.adapters.teams.auth import ClientCredentialsProvider
from bot.errors import ConfigurationError
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000


def cloud_for(settings: Settings) -> CloudEnvironment:
    """The public cloud with our endpoint overrides (a local stand-in in tests and development)."""
    return with_overrides(PUBLIC, login_endpoint=settings.teams_login_endpoint,
                          openid_metadata_url=settings.teams_openid_metadata_url,
                          token_issuer=settings.teams_token_issuer)


def token_provider(settings: Settings) -> ClientCredentialsProvider:
    return ClientCredentialsProvider(client_id=settings.teams_client_id, client_secret=settings.teams_client_secret,
                                     login_endpoint=settings.teams_login_endpoint, tenant_id=settings.teams_tenant_id)


def check_environment(settings: Settings) -> None:
    """Stop when generic SDK variables would override ours (CLIENT_SECRET makes the SDK use MSAL)."""
    problems = []
    if os.environ.get("CLIENT_SECRET"):
        problems.append("CLIENT_SECRET: unset it; the bot uses TEAMS_CLIENT_SECRET (the SDK would call MSAL)")
    if os.environ.get("CLIENT_ID", settings.teams_client_id) != settings.teams_client_id:
        problems.append("CLIENT_ID: differs from TEAMS_CLIENT_ID; unset it")
    if not settings.teams_tenant_id and os.environ.get("TENANT_ID"):
        problems.append("TENANT_ID: set TEAMS_TENANT_ID instead (or unset TENANT_ID for a multi-tenant bot)")
    elif settings.teams_client_id and not settings.teams_tenant_id and not settings.teams_multi_tenant:
        problems.append("TEAMS_TENANT_ID: set it to the tenant the bot was registered in (every bot created since "
                        "31 July 2025 is single-tenant); only an old multi-tenant bot sets TEAMS_MULTI_TENANT=true")
    if os.environ.get("DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS", "").strip().lower() in ("1", "true", "yes", "on"):
        problems.append("DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS: never set for Samskaping; unset it")
    if problems:
        raise ConfigurationError(problems)


def remember_missing_sniffio() -> None:
    """httpcore runs `import sniffio` on every request; anyio 4 no longer installs it, and each failed import
    searches the whole sys.path again (about a third of a millisecond a send, an eighth of a Teams fan-out's
    CPU). Recording the absence once makes those imports fail at once, with the same outcome ("asyncio")."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]  # the import system's "known missing"


def create_app(settings: Settings, web: FastAPI, *, provider: Any = None) -> App:
    """The SDK App: explicit id/tenant, our token provider, JWT validation on, endpoint on `web`."""
    check_environment(settings)
    remember_missing_sniffio()
    app = App(
        client_id=settings.teams_client_id, tenant_id=settings.teams_tenant_id or None,
        token=provider or token_provider(settings), cloud=cloud_for(settings),
        service_url=settings.teams_service_url, dangerously_allow_unauthenticated_requests=False,
        http_server_adapter=GuardedFastAPIAdapter(app=web), messaging_endpoint="/api/messages",
    )
    if not isinstance(app.credentials, TokenCredentials):  # the secret must never reach the SDK
        raise ConfigurationError(["TEAMS_CLIENT_ID: the SDK did not take our token provider"])
    return app


class GuardedFastAPIAdapter(FastAPIAdapter):
    """FastAPIAdapter whose route answers 400 to malformed JSON and never 500 (Teams would retry)."""

    def register_route(self, method: HttpMethod, path: str, handler: HttpRouteHandler) -> None:
        if method != "POST":
            raise ValueError(f"Unsupported HTTP method: {method}")

        async def guarded(request: Request) -> Response:
            raw = await request.body()
            body = _parse(raw)
            if body is None:
                return JSONResponse({"error": "malformed JSON activity"}, status_code=400)
            headers = {k.lower(): v for k, v in request.headers.items()}
            result = await handler({"body": body, "headers": headers})
            status, content = result["status"], result.get("body")
            if status >= 500:  # e.g. installationUpdate add-upgrade/remove-upgrade, unknown activity types
                log.warning("Teams activity could not be handled (type=%s, action=%s); answered 200",
                            str(body.get("type"))[:32], str(body.get("action"))[:32])
                return Response(status_code=200)
            return Response(status_code=status) if content is None else JSONResponse(content, status_code=status)

        self.app.post(path)(guarded)


def _parse(raw: bytes) -> dict[str, Any] | None:
    if len(raw) > MAX_BODY_BYTES:
        return None
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None
