"""One validated settings object, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every knob the bot has; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./samskaping.db"
    timezone: str = "Europe/Oslo"
    language: Literal["nb", "nn", "en"] = "nb"
    port: int = Field(3000, ge=1, le=65535)
    host: str = "0.0.0.0"  # noqa: S104 - a server in a container listens on all interfaces
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    prompts_dir: Path = REPO_ROOT / "prompts"
    schedules_dir: Path = REPO_ROOT / "schedules"

    reflection_max_chars: int = Field(600, ge=50, le=3000)
    reminders_max: int = Field(2, ge=0, le=10)
    dispatch_interval_seconds: float = Field(15.0, gt=0, le=3600)
    dispatch_batch_size: int = Field(200, ge=1, le=10000)
    outbox_lease_seconds: float = Field(30.0, ge=1, le=3600)
    outbox_grace_hours: float = Field(48.0, ge=0)
    outbox_max_attempts: int = Field(8, ge=1, le=100)
    nudges_per_day: int = Field(3, ge=0, le=50)
    nudges_per_week: int = Field(8, ge=0, le=200)
    retention_months: int = Field(0, ge=0, le=600)  # 0 keeps reflections until the user deletes them

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_api_url: str = "https://slack.com/api/"

    teams_client_id: str = ""
    teams_client_secret: str = ""
    teams_tenant_id: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}' (use an IANA name such as Europe/Oslo)") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:// or postgresql+asyncpg:// (an async driver)"
            )
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class ConfigurationError(Exception):
    """The environment is invalid; `lines` holds one plain sentence per problem."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _is_sensitive(name: str) -> bool:
    """Variables whose values may hold a password or token: never echoed back."""
    return any(word in name for word in ("URL", "TOKEN", "SECRET", "PASSWORD", "KEY"))


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings; raise ConfigurationError with one line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = "_".join(str(part) for part in error["loc"]).upper() or "SETTINGS"
            message = error["msg"].removeprefix("Value error, ")
            shown = "" if _is_sensitive(name) else f" (got {error.get('input')!r})"
            lines.append(f"{name}: {message}{shown}")
        raise ConfigurationError(lines) from None
