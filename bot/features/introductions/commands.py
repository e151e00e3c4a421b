"""Typed commands of `/samskaping intro`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError
from bot.kernel.commands.parser import first_word


@dataclass(frozen=True)
class IntroOn:
    rhythm: str  # as typed; "" means every other week


@dataclass(frozen=True)
class IntroStop:
    pass


@dataclass(frozen=True)
class IntroOptOut:
    pass


@dataclass(frozen=True)
class IntroOptIn:
    pass


@dataclass(frozen=True)
class IntroStatus:
    pass


@dataclass(frozen=True)
class IntroAcross:
    """`intro på-tvers <gruppe> <gruppe>` (owners and leads): introduce two groups' members to each other;
    `intro på-tvers av <gruppe>` stops it."""

    groups: str
    off: bool = False


def build_intro(rest: str) -> object:
    """`intro [status | på [rytme] | stopp | av | igjen | på-tvers [av] <gruppe>…]`."""
    verb, tail = first_word(rest)
    if verb in ("på-tvers", "pa-tvers", "across", "tvers"):
        switch, groups = first_word(tail)
        off = switch in ("av", "off", "stopp", "stop")
        return IntroAcross(groups if off else tail, off=off)
    if verb in ("", "status", "vis", "show"):
        return IntroStatus()
    if verb in ("på", "pa", "on", "start"):
        return IntroOn(tail)
    if verb in ("stopp", "stop", "slå-av", "disable"):
        return IntroStop()
    if verb in ("av", "off", "opt-out", "meld-av"):
        return IntroOptOut()
    if verb in ("igjen", "att", "back", "opt-in", "meld-på"):
        return IntroOptIn()
    raise UsageError("introductions.how_to")
