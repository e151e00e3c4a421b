"""One validated settings object, read from the environment and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigurationError
from bot.kernel.rules.calendar import known_zone

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
    #: on SIGTERM, how long a platform call in flight may take to finish (inside uvicorn's 20 s)
    shutdown_grace_seconds: float = Field(10.0, ge=0, le=60)
    outbox_grace_hours: float = Field(48.0, ge=0)
    outbox_max_attempts: int = Field(8, ge=1, le=100)
    nudges_per_day: int = Field(3, ge=0, le=50)
    nudges_per_week: int = Field(8, ge=0, le=200)
    # --- Privacy kit (the /personvern and /vilkar pages) ---
    privacy_controller: str = ""  # the controller (behandlingsansvarlig), e.g. "Bodø kommune"
    privacy_contact: str = ""  # where to ask about privacy: the data protection officer's e-mail or page

    # --- Retention (what is deleted by age; each at least 1, see docs/privacy.md) ---
    retention_answers_months: int = 12  # answer texts, counted from the group's last prompt (its programme's end)
    retention_outbox_days: int = 30  # contents of messages sent (or given up on), and unsendable drafts
    retention_hint_log_days: int = 14  # which words a person got language hints about (at least 8: the weekly budget)
    retention_audit_months: int = 24  # audit entries

    @field_validator("retention_answers_months", "retention_outbox_days", "retention_hint_log_days",
                     "retention_audit_months", mode="before")
    @classmethod
    def _retention(cls, value: object, info: ValidationInfo) -> int:
        unit = "months" if info.field_name and info.field_name.endswith("months") else "days"
        least = 8 if info.field_name == "retention_hint_log_days" else 1
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(f"must be a whole number of {unit}, e.g. 12") from None
        if number < least:
            raise ValueError(f"must be at least {least} ({unit}); 0 or less would delete everything at once. "
                             "To keep data longer, give a larger number")
        if number > 1200:
            raise ValueError(f"must be at most 1200 {unit}")
        return number

    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_app_token: str = ""
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_api_url: str = "https://slack.com/api/"

    #: a bearer token for GET /metrics; empty serves metrics to this machine (127.0.0.1/::1) only
    metrics_token: str = ""

    teams_client_id: str = ""
    teams_client_secret: str = ""
    teams_tenant_id: str = ""
    #: Only an old multi-tenant bot (created before 31 July 2025) may run without TEAMS_TENANT_ID.
    teams_multi_tenant: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return known_zone(value)

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

    # --- Slack (adapter) ---
    slack_redirect_uri: str = ""  # public OAuth redirect URL; empty lets Slack use the app's configured one
    slack_channel_interval_seconds: float = Field(1.0, ge=0, le=60)
    slack_post_per_minute: int = Field(300, ge=1, le=10000)
    slack_open_per_minute: int = Field(50, ge=1, le=1000)
    slack_tier4_per_minute: int = Field(100, ge=1, le=10000)
    slack_max_wait_seconds: float = Field(10.0, ge=0, le=300)
    slack_event_retention_hours: float = Field(2.0, ge=1, le=720)

    @model_validator(mode="after")
    def _slack_complete(self) -> Settings:
        """Slack credentials come in working sets; report each missing or malformed one on its own line."""
        problems = slack_problems(self)
        if problems:
            raise ValidationError.from_exception_data("Settings", [
                InitErrorDetails(type=PydanticCustomError("slack", message), loc=(name,), input=shown)
                for name, message, shown in problems
            ])
        return self

    # --- Teams (adapter) ---
    # Every Microsoft endpoint can point at a local stand-in (mock Bot Connector, token service, JWKS).
    teams_login_endpoint: str = "https://login.microsoftonline.com"
    teams_openid_metadata_url: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    teams_token_issuer: str = "https://api.botframework.com"  # noqa: S105 - a URL, not a secret
    teams_service_url: str = "https://smba.trafficmanager.net/teams"
    teams_targeted_messages: bool = False  # public developer preview: "only you can see this" in the channel
    teams_bot_domain: str = ""  # the host name `samskaping teams package` puts in validDomains
    teams_rate_conversation_second: int = Field(7, ge=1, le=1000)
    teams_rate_conversation_30s: int = Field(60, ge=1, le=10000)
    teams_rate_conversation_hour: int = Field(1800, ge=1, le=100000)
    teams_rate_tenant_second: int = Field(50, ge=1, le=10000)

    @field_validator("teams_login_endpoint", "teams_openid_metadata_url", "teams_token_issuer", "teams_service_url")
    @classmethod
    def _teams_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _teams_credentials(self) -> Settings:
        # Raised with the secret's own name and no echo of the input (which would hold every secret).
        if self.teams_client_id and not self.teams_client_secret:
            from pydantic_core import InitErrorDetails, PydanticCustomError

            error = PydanticCustomError("teams", "required when TEAMS_CLIENT_ID is set")
            raise ValidationError.from_exception_data(
                "Settings", [InitErrorDetails(type=error, loc=("teams_client_secret",), input="")])
        return self

    @property
    def teams_enabled(self) -> bool:
        return bool(self.teams_client_id)

    # --- Digest ---
    digest_weekday: int = Field(1, ge=1, le=7)  # ISO weekday of the weekly digest: 1 = Monday … 7 = Sunday
    digest_time: str = Field("08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")  # local time (TIMEZONE), HH:MM
    digest_min_group_size: int = Field(5, ge=2, le=50)  # smaller groups show no rates, and stay out of totals
    digest_silence_days: int = Field(14, ge=1, le=365)  # days without a reflection before a group is flagged
    report_secret_key: str = ""  # signs report and notes links (HMAC); empty: none, /reports and /notes 404
    report_link_days: int = Field(14, ge=1, le=90)  # how long a report link in a digest works
    public_base_url: str = "http://localhost:3000"  # where `samskaping serve` is reachable, for report links
    export_pseudonym_salt: str = ""  # per-installation secret for pseudonymised ids in research exports

    # --- Milestones ---
    milestone_nudge_days: str = "14,7,1"  # working days before a milestone's due date when nudges go out
    milestone_nudge_time: str = Field("09:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")  # local time, HH:MM
    anchoring_ask_after_gathering: bool = True  # ask coordinators which stakeholders they contacted

    @field_validator("milestone_nudge_days")
    @classmethod
    def _nudge_days(cls, value: str) -> str:
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if not parts or not all(p.isdigit() and 0 <= int(p) <= 120 for p in parts):
            raise ValueError("must be working days separated by commas, each 0-120, e.g. 14,7,1")
        return ",".join(parts)

    @property
    def milestone_offsets(self) -> tuple[int, ...]:
        return tuple(sorted({int(p) for p in self.milestone_nudge_days.split(",")}, reverse=True))

    # --- Language hints ---
    hints_same_term_hours: float = Field(24.0, ge=0, le=24 * 30)  # one hint per term and person in this window
    hints_discovery_weeks: int = Field(4, ge=1, le=52)  # how many weeks `ordliste forslag` looks back
    hints_discovery_min_count: int = Field(2, ge=1, le=1000)  # a word must appear this often to be listed
    hints_discovery_limit: int = Field(15, ge=1, le=100)  # at most this many discovered words are listed

    # --- Secrets ---
    secret_key: str = ""  # Fernet key(s) sealing stored Slack tokens; comma-separated to rotate (first encrypts)

    @model_validator(mode="after")
    def _secret_key(self) -> Settings:
        # Checked here, not in a field validator, so the error can never carry the value (it is a key).
        problem = fernet_key_problem(self.secret_key)
        if problem:
            raise ValidationError.from_exception_data("Settings", [
                InitErrorDetails(type=PydanticCustomError("secret", problem), loc=("secret_key",), input="")])
        return self


def fernet_key_problem(value: str) -> str:
    """Why SECRET_KEY is not a (comma-separated list of) Fernet key(s), or "" when it is fine or empty."""
    from cryptography.fernet import Fernet

    parts = [part.strip() for part in value.split(",") if part.strip()]
    for position, part in enumerate(parts, start=1):
        try:
            Fernet(part.encode())
        except (ValueError, TypeError):
            which = f"key {position} of {len(parts)}" if len(parts) > 1 else "the value"
            return (f"{which} is not a Fernet key (32 url-safe base64-encoded bytes); "
                    "generate one with `samskaping secrets new-key`")
    return ""


def slack_problems(s: Settings) -> list[tuple[str, str, str]]:
    """(variable, problem, shown value) for each inconsistent Slack setting; values are never echoed in full."""
    problems: list[tuple[str, str, str]] = []

    def need(name: str, value: str, why: str) -> None:
        if not value:
            problems.append((name, f"required {why}", ""))

    def prefix(name: str, value: str, start: str) -> None:
        if value and not value.startswith(start):
            problems.append((name, f"must start with {start}", value[:4] + "…"))

    if s.slack_client_id:
        need("slack_client_secret", s.slack_client_secret, "when SLACK_CLIENT_ID is set (OAuth)")
        need("slack_signing_secret", s.slack_signing_secret, "when SLACK_CLIENT_ID is set (OAuth)")
        if s.slack_bot_token:
            problems.append(("slack_bot_token", "leave empty when SLACK_CLIENT_ID is set (OAuth keeps tokens "
                             "per workspace in the database)", "…"))
    elif s.slack_client_secret:
        need("slack_client_id", s.slack_client_id, "when SLACK_CLIENT_SECRET is set (OAuth)")
    if s.slack_bot_token and not s.slack_client_id and not s.slack_app_token:
        need("slack_signing_secret", s.slack_signing_secret, "when SLACK_BOT_TOKEN is set (HTTP mode)")
    if s.slack_app_token and not (s.slack_bot_token or s.slack_client_id):
        need("slack_bot_token", s.slack_bot_token, "when SLACK_APP_TOKEN is set (Socket Mode)")
    if s.slack_signing_secret and not (s.slack_bot_token or s.slack_client_id):
        need("slack_bot_token", s.slack_bot_token, "when SLACK_SIGNING_SECRET is set (or set SLACK_CLIENT_ID)")
    prefix("slack_bot_token", s.slack_bot_token, "xoxb-")
    prefix("slack_app_token", s.slack_app_token, "xapp-")
    if not s.slack_api_url.startswith(("https://", "http://")):
        problems.append(("slack_api_url", "must be an http(s) URL ending in /api/", s.slack_api_url[:60]))
    return problems




def _is_sensitive(name: str) -> bool:
    """Variables whose values may hold a password or token: never echoed back."""
    return any(word in name for word in ("URL", "TOKEN", "SECRET", "PASSWORD", "KEY"))


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings; raise ConfigurationError with one line per bad variable.

    `overrides` are field values or pydantic-settings' init options such as `_env_file=None`.
    """
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = "_".join(str(part) for part in error["loc"]).upper() or "SETTINGS"
            message = error["msg"].removeprefix("Value error, ")
            shown = "" if _is_sensitive(name) else f" (got {error.get('input')!r})"
            lines.append(f"{name}: {message}{shown}")
        raise ConfigurationError(lines) from None
