"""The bot's own outbound token: an OAuth2 client-credentials grant, cached until shortly before it expires.

MSAL (which the SDK uses when handed a client secret) refuses a non-https authority and first asks
Microsoft's instance-discovery host, so a local stand-in could never issue tokens. The secret therefore
stays here and the SDK only ever sees this callable.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

import httpx

from bot.errors import TokenError

log = logging.getLogger(__name__)

BOT_SCOPE = "https://api.botframework.com/.default"
MULTI_TENANT = "botframework.com"
REFRESH_MARGIN_SECONDS = 300.0




@dataclass
class ClientCredentialsProvider:
    """`provider(scope, tenant)` for `App(token=...)`: returns a cached bearer token string."""

    client_id: str
    client_secret: str = field(repr=False)
    login_endpoint: str
    tenant_id: str = ""
    timeout: float = 10.0
    _cache: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict, repr=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    async def __call__(self, scope: str | list[str] | None = None, tenant_id: str | None = None) -> str:
        scope_text = " ".join(scope) if isinstance(scope, list) else (scope or BOT_SCOPE)
        # A single-tenant bot always asks its own tenant; a multi-tenant bot asks botframework.com.
        tenant = self.tenant_id or MULTI_TENANT
        key = (scope_text, tenant)
        async with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[1] > time.monotonic():
                return cached[0]
            token, lifetime = await self._request(scope_text, tenant)
            self._cache[key] = (token, time.monotonic() + max(0.0, lifetime - REFRESH_MARGIN_SECONDS))
            return token

    def token_url(self, tenant: str) -> str:
        return f"{self.login_endpoint.rstrip('/')}/{tenant}/oauth2/v2.0/token"

    async def _request(self, scope: str, tenant: str) -> tuple[str, float]:
        form = {"grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self.client_secret, "scope": scope}
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                response = await client.post(self.token_url(tenant), data=form)
        except httpx.HTTPError as exc:
            raise TokenError(f"token endpoint unreachable: {type(exc).__name__}") from None
        if response.status_code != 200:
            error = _error_code(response)
            log.warning("bot token refused: HTTP %s %s", response.status_code, error)
            raise TokenError(f"token endpoint answered {response.status_code} {error}")
        body = response.json()
        if not isinstance(body.get("access_token"), str):
            raise TokenError("token endpoint answered without an access_token")
        return body["access_token"], float(body.get("expires_in", 3600))


def _error_code(response: httpx.Response) -> str:
    """The OAuth error code only (the description may echo request details)."""
    try:
        return str(response.json().get("error", ""))[:64]
    except ValueError:
        return ""
