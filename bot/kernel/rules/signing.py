"""Signed, expiring links: an HMAC over what a link opens and when it expires (pure; the secret is passed in).

`subject` names what the link opens (e.g. `notes:<group>:<user>:<gathering>:<copy>:<lang>`), so a token signed
for one thing never opens another.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime


def _mac(secret: str, subject: str, expires: int) -> str:
    return hmac.new(secret.encode(), f"{subject}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]


def sign(secret: str, subject: str, expires_at: datetime) -> str:
    """A token `<expiry>.<mac>` for `subject`."""
    if not secret:
        raise ValueError("a secret is required to sign links")
    expires = int(expires_at.timestamp())
    return f"{expires}.{_mac(secret, subject, expires)}"


def verify(secret: str, subject: str, token: str, *, now: datetime) -> bool:
    """True when `token` was signed with `secret` for `subject` and has not expired."""
    expires_text, _, mac = token.partition(".")
    if not secret or not expires_text.isdigit() or len(expires_text) > 12 or not mac:
        return False
    expires = int(expires_text)
    if datetime.fromtimestamp(expires, UTC) < now:
        return False
    return hmac.compare_digest(mac, _mac(secret, subject, expires))
