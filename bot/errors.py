"""Errors shown to users, kindly, in their language.

    UserError              anything the user can fix; carries a text key and its parameters
    ├── UsageError         a command's arguments are wrong (says how to use it)
    ├── UnknownCommand     no such subcommand (suggests the nearest one)
    ├── NotSetUp           this channel is not a group yet
    ├── NotMember          the user has not joined the group
    ├── NotAllowed         the user's role may not do this
    └── InvalidInput       a value is wrong (too long, empty, unknown sector, date in the past, ...)

Anything else raised while handling a request is a bug: it is logged and the user gets an apology.
"""

from __future__ import annotations


class UserError(Exception):
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
