"""Language hints: each group's glossary, suppressed terms, members' suggestions, sent hints and weekly counts.

No table holds message text: only terms a coordinator or member typed on purpose, lemmas, and counts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

ALL_TERMS = "*"  # a TermSuppression of every term: the person has switched hints off


class GroupTerm(SQLModel, table=True):
    """A term in a group's own glossary, with the plain explanation its coordinator gave."""

    __tablename__ = "group_term"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    key: str = Field(max_length=80)  # the term in lower case
    term: str = Field(max_length=80)
    plain: str = Field(max_length=300)
    created_at: datetime
    updated_at: datetime


class TermSuppression(SQLModel, table=True):
    """A term nobody in the group (user_id "") or one person should get hints about; `*` means all."""

    __tablename__ = "term_suppression"
    __table_args__ = (UniqueConstraint("group_id", "user_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    user_id: str = Field(default="", max_length=64)
    key: str = Field(max_length=80)
    created_at: datetime


class TermSuggestion(SQLModel, table=True):
    """A member's proposal for the group's glossary, waiting for a coordinator to accept it."""

    __tablename__ = "term_suggestion"
    __table_args__ = (UniqueConstraint("group_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    key: str = Field(max_length=80)
    term: str = Field(max_length=80)
    plain: str = Field(default="", max_length=300)
    suggested_by: str = Field(default="", max_length=64)
    created_at: datetime


class HintLog(SQLModel, table=True):
    """One private hint sent: for the once-a-day-per-term limit and the personal nudge budget (kept ~8 days)."""

    __tablename__ = "hint_log"
    __table_args__ = (Index("ix_hint_log_user_sent", "workspace_id", "user_id", "sent_at"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id")
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    user_id: str = Field(max_length=64)
    lemma: str = Field(max_length=80)
    sent_at: datetime


class JargonCount(SQLModel, table=True):
    """Messages checked and findings made in one group in one week (week_start: the local Monday)."""

    __tablename__ = "jargon_count"
    __table_args__ = (UniqueConstraint("group_id", "week_start"),)
    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    week_start: date
    messages: int = 0
    findings: int = 0


class _WeeklyLemmaCount(SQLModel):
    """A count per group, week and lemma (the columns TermCount and CandidateCount share)."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(foreign_key="workspace.id", index=True)
    group_id: int = Field(foreign_key="samskaping_group.id", index=True)
    week_start: date
    lemma: str = Field(max_length=80)
    count: int = 0


class TermCount(_WeeklyLemmaCount, table=True):
    """How often one term was found in one group in one week."""

    __tablename__ = "term_count"
    __table_args__ = (UniqueConstraint("group_id", "week_start", "lemma"),)


class CandidateCount(_WeeklyLemmaCount, table=True):
    """How often a rare word that is in no glossary appeared in one group in one week (for discovery)."""

    __tablename__ = "candidate_count"
    __table_args__ = (UniqueConstraint("group_id", "week_start", "lemma"),)
