"""Logs are JSON lines with request ids, and never hold a token, a secret or what people wrote."""

from __future__ import annotations

import json
import logging

import pytest

from bot.logs import JsonFormatter, quiet_noisy_loggers, request_id
from tests.fakes import Conversation

SECRET_TEXT = "HEMMELIG-REFLEKSJON-4711"


async def test_a_whole_conversation_logs_no_message_text(convo: Conversation, caplog: pytest.LogCaptureFixture
                                                        ) -> None:
    quiet_noisy_loggers()  # as `LOG_LEVEL=DEBUG samskaping serve` does
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement, parameters hidden
    await convo.say("/samskaping oppsett Bodø", as_="kari")
    await convo.say("/samskaping bli-med skole", as_="ola")
    await convo.say("/samskaping oppgave send", as_="kari")
    await convo.say(f"/samskaping refleksjon {SECRET_TEXT}", as_="ola")
    await convo.say(f"/samskaping refleksjon {SECRET_TEXT * 60}", as_="ola")  # too long: kept as a draft
    await convo.say(f"En melding med {SECRET_TEXT} og IOP i kanalen", as_="ola")
    await convo.say(f"/samskaping tull {SECRET_TEXT}", as_="ola")
    assert any("INSERT INTO reflection" in r.getMessage() for r in caplog.records), "SQL should be logged"
    assert SECRET_TEXT not in caplog.text


def test_log_lines_are_json_with_the_request_id() -> None:
    record = logging.LogRecord("bot.x", logging.WARNING, __file__, 1, "send failed for row %s", (7,), None)
    token = request_id.set("req-123")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["msg"] == "send failed for row 7" and line["request_id"] == "req-123" and line["level"] == "WARNING"
