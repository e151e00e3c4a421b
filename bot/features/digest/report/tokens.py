"""Signed, expiring report links: an HMAC over programme, week and expiry (pure; the secret is passed in)."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime


def _mac(secret: str, programme_id: int, week: str, expires: int) -> str:
    message = f"report:{programme_id}:{week}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def sign(secret: str, programme_id: int, week: str, expires_at: datetime) -> str:
    """A token `<expiry>.<mac>` for one programme's report of one week."""
    if not secret:
        raise ValueError("a report secret is required to sign links")
    expires = int(expires_at.timestamp())
    return f"{expires}.{_mac(secret, programme_id, week, expires)}"


def verify(secret: str, programme_id: int, week: str, token: str, *, now: datetime) -> bool:
    """True when the token was signed with `secret` for this report and has not expired."""
    expires_text, _, mac = token.partition(".")
    if not secret or not expires_text.isdigit() or not mac:
        return False
    expires = int(expires_text)
    if datetime.fromtimestamp(expires, UTC) < now:
        return False
    return hmac.compare_digest(mac, _mac(secret, programme_id, week, expires))
