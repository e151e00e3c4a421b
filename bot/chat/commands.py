"""Typed commands: what the `/samskaping` parser produces and the services consume."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.people import Role, Sector


@dataclass(frozen=True)
class Help:
    topic: str | None = None


@dataclass(frozen=True)
class SetUp:
    municipality: str


@dataclass(frozen=True)
class Join:
    sector: Sector | None = None


@dataclass(frozen=True)
class SetSector:
    sector: Sector


@dataclass(frozen=True)
class SetLanguage:
    language: str
    for_group: bool = False  # a coordinator sets the group's language (channel posts)


@dataclass(frozen=True)
class SetRole:
    user_id: str
    role: Role


@dataclass(frozen=True)
class Status:
    pass


@dataclass(frozen=True)
class Reflect:
    text: str = ""


@dataclass(frozen=True)
class PromptSend:
    prompt_id: str | None = None


@dataclass(frozen=True)
class PromptNext:
    pass


@dataclass(frozen=True)
class PromptSkip:
    prompt_id: str


@dataclass(frozen=True)
class PromptList:
    pass


@dataclass(frozen=True)
class PromptUnskip:
    prompt_id: str


@dataclass(frozen=True)
class ChooseProgramme:
    programme_id: str


@dataclass(frozen=True)
class PauseGroup:
    until: str  # a date expression, resolved in the group's time zone; "" resumes


@dataclass(frozen=True)
class PauseMe:
    until: str  # a date expression; "" resumes


@dataclass(frozen=True)
class Reminders:
    enabled: bool | None = None  # None shows the current preferences


@dataclass(frozen=True)
class MyData:
    pass


@dataclass(frozen=True)
class DeleteMyData:
    confirmed: bool = False


@dataclass(frozen=True)
class MilestoneAdd:
    text: str  # "<date phrase> <title>"; the date is read in the group's time zone by the service


@dataclass(frozen=True)
class MilestoneForm:
    number: int | None = None  # None: a new milestone


@dataclass(frozen=True)
class MilestoneList:
    pass


@dataclass(frozen=True)
class MilestoneDone:
    number: int


@dataclass(frozen=True)
class MilestoneMove:
    number: int
    date_text: str


@dataclass(frozen=True)
class MilestoneDelete:
    number: int


@dataclass(frozen=True)
class MilestoneCheck:
    number: int
    item: str = ""  # "" shows the checklist; a position or an item id toggles that item


@dataclass(frozen=True)
class MilestoneChecklist:
    number: int
    template_id: str = ""  # "" lists the templates


@dataclass(frozen=True)
class MilestoneHelp:
    pass


@dataclass(frozen=True)
class StakeholderList:
    pass


@dataclass(frozen=True)
class StakeholderAdd:
    text: str  # "<name or role> <direction> <relation>"


@dataclass(frozen=True)
class StakeholderEdit:
    number: int
    field: str
    value: str


@dataclass(frozen=True)
class StakeholderContact:
    number: int
    date_text: str = ""  # "" means today


@dataclass(frozen=True)
class StakeholderRemove:
    number: int


@dataclass(frozen=True)
class AuditLog:
    count: int = 20
