"""Typed commands of the weekly digest: preview, quote consent and registering leads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DigestPreview:
    """`sammendrag [uke] [program]`: the week as typed (None: this week) and an optional programme slug."""

    week: str | None = None
    programme: str | None = None


@dataclass(frozen=True)
class QuoteConsent:
    """`sitat ja|nei`: may the member's latest reflection be quoted anonymously?"""

    allow: bool


@dataclass(frozen=True)
class RegisterLead:
    """`prosjektleder @person <program> [fadder]`: this person gets the programme's weekly digest."""

    user_id: str
    programme: str
    role: str = "lead"  # lead | mentor
