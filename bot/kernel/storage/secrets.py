"""Tokens encrypted at rest with Fernet (SECRET_KEY; a comma-separated list rotates: the first key encrypts).

Stored values carry a `fernet:` prefix, so plaintext rows written before SECRET_KEY was set still read,
and are encrypted the next time they are written (or by `samskaping secrets rotate`). Without a key,
values are stored and read as they are. Error messages name SECRET_KEY and never hold a token or a key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.errors import SecretKeyError
from bot.settings import fernet_key_problem

PREFIX = "fernet:"




def parse_keys(value: str) -> list[Fernet]:
    """Fernet keys from SECRET_KEY (comma-separated, first one encrypts); ValueError without echoing them."""
    problem = fernet_key_problem(value)
    if problem:
        raise ValueError(f"SECRET_KEY: {problem}")
    return [Fernet(part.strip().encode()) for part in value.split(",") if part.strip()]


def new_key() -> str:
    """A fresh Fernet key, as text for SECRET_KEY."""
    return Fernet.generate_key().decode()


def is_sealed(stored: str | None) -> bool:
    """True for a value this module encrypted."""
    return bool(stored) and str(stored).startswith(PREFIX)


class TokenCipher:
    """Seals tokens before they are stored and opens them after they are read."""

    def __init__(self, secret_key: str = "") -> None:
        keys = parse_keys(secret_key)
        self._fernet = MultiFernet(keys) if keys else None

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def seal(self, token: str) -> str:
        """The value to store: encrypted with the first key, or the token itself without SECRET_KEY."""
        if self._fernet is None or not token or is_sealed(token):
            return token
        return PREFIX + self._fernet.encrypt(token.encode()).decode()

    def seal_optional(self, token: str | None) -> str | None:
        return None if token is None else self.seal(token)

    def open(self, stored: str) -> str:
        """The token from a stored value (plaintext from before SECRET_KEY passes through)."""
        if not is_sealed(stored):
            return stored
        if self._fernet is None:
            raise SecretKeyError("a stored token is encrypted but SECRET_KEY is not set; "
                                 "set SECRET_KEY to the key (or keys) it was encrypted with")
        try:
            return self._fernet.decrypt(stored[len(PREFIX):].encode()).decode()
        except InvalidToken:
            raise SecretKeyError("a stored token cannot be decrypted with SECRET_KEY; was the key replaced? "
                                 "list the old key after the new one (comma-separated) to rotate") from None

    def open_optional(self, stored: str | None) -> str | None:
        return None if stored is None else self.open(stored)

    def rotate(self, stored: str) -> str:
        """The stored value re-encrypted with the first key (plaintext gets encrypted)."""
        if self._fernet is None:
            raise SecretKeyError("SECRET_KEY is not set: there is no key to encrypt tokens with")
        if not is_sealed(stored):
            return self.seal(stored)
        try:
            return PREFIX + self._fernet.rotate(stored[len(PREFIX):].encode()).decode()
        except InvalidToken:
            raise SecretKeyError("a stored token cannot be decrypted with any key in SECRET_KEY; "
                                 "add the key it was encrypted with to the list") from None
