"""Every error the bot raises on purpose, in one tree.

    SamskapingError            the root: anything below is expected and handled where it is caught
    ├── UserError              anything the user can fix; carries a text key and its parameters, shown kindly
    │   ├── UsageError         a command's arguments are wrong (says how to use it)
    │   ├── UnknownCommand     no such subcommand (suggests the nearest one)
    │   ├── NotSetUp           this channel is not a group yet
    │   ├── NotMember          the user has not joined the group
    │   ├── NotAllowed         the user's role may not do this
    │   └── InvalidInput       a value is wrong (too long, empty, unknown sector, date in the past, a bad CLI line)
    ├── ConfigurationError     the environment is invalid at start: one plain line per problem
    │   └── SecretKeyError     a stored token cannot be read with the configured SECRET_KEY
    ├── ContentError           a content file cannot be used: its problems as `file:line: reason` (also ValueError)
    │   ├── YamlFileError      a YAML file cannot be read or has the wrong shape (its problems name file and line)
    │   ├── GlossaryError      the shipped or a group's glossary file is malformed
    │   └── TextCatalogueError a UI text file is malformed
    ├── AdjustmentError        a group's local adjustments do not fit its programme (also ValueError)
    ├── ManifestError          the Teams app package breaks Microsoft's schema (also ValueError)
    ├── DeliveryError          a platform refused or failed a send: permanent, or retried after a pause
    ├── AlreadyHandled         another replica finished this inbound request first (its transaction is undone)
    └── TokenError             the Teams token endpoint refused or could not be reached (never carries the secret)

Anything else raised while handling a request is a bug: it is logged and the user gets an apology.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.kernel.content.yaml_source import Problem


class SamskapingError(Exception):
    """The root of the errors the bot raises on purpose."""


class UserError(SamskapingError):
    """An error the user can fix; `key` names the text shown, `params` fill it in."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class UsageError(UserError):
    """The command's arguments are wrong."""


class UnknownCommand(UserError):
    """No such subcommand."""


class NotSetUp(UserError):
    """The channel is not bound to a group."""


class NotMember(UserError):
    """The user is not a member of the channel's group."""


class NotAllowed(UserError):
    """The user's role does not allow this command."""


class InvalidInput(UserError):
    """A value the user gave is not acceptable."""


class ConfigurationError(SamskapingError):
    """The environment is invalid; `lines` holds one plain sentence per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class SecretKeyError(ConfigurationError):
    """A stored token cannot be read with the configured SECRET_KEY (missing, changed or wrong)."""

    def __init__(self, message: str) -> None:
        super().__init__([message])


class ContentError(SamskapingError, ValueError):
    """A content file could not be used at all; carries its problems (each prints as `file:line: reason`)."""

    def __init__(self, problems: Sequence[object]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


class YamlFileError(ContentError):
    """A content file that cannot be read or has the wrong shape; its problems are `Problem`s (file and line)."""

    problems: tuple[Problem, ...]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)


class GlossaryError(ContentError):
    """The glossary file is malformed; the message names the file, line, entry and field."""


class TextCatalogueError(ContentError):
    """A text file is malformed (names the file and the problem)."""

    def __init__(self, message: str) -> None:
        super().__init__([message])


class AdjustmentError(SamskapingError, ValueError):
    """Adjustments or anchors that do not fit the schedule (the message says which, in plain words)."""


class ManifestError(SamskapingError, ValueError):
    """The filled manifest breaks the schema; `problems` lists each one with its JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class DeliveryError(SamskapingError):
    """A send failed. `permanent` errors are not retried; others wait `retry_after` seconds or back off."""

    def __init__(self, code: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.permanent = permanent
        self.retry_after = retry_after


class AlreadyHandled(SamskapingError):
    """Another replica took over and finished this inbound request; this one's effect must not be committed."""


class TokenError(SamskapingError):
    """The token endpoint refused or could not be reached (never carries the secret)."""
