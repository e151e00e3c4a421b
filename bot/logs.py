"""Logging set-up: one JSON object per line on stderr, with the request id when there is one.

Callers log ids and kinds only — never a token, a signing secret or a message body.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "msg", "request_id"?, "exc"?}` per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
            "logger": record.name, "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on stderr for the whole process."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    quiet_noisy_loggers()


def quiet_noisy_loggers() -> None:
    """Libraries that are chatty, or log SQL parameters (reflections, names) at DEBUG: WARNING and up only."""
    for noisy in ("apscheduler", "alembic", "aiosqlite", "asyncpg", "httpcore", "hpack"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
