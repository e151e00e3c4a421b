"""A faulty Bot Connector for the fault suite: the mock with a fault schedule per activity text."""

from __future__ import annotations

import random
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from tests.adapters.teams.mock_connector import MockConnector, _Handler

#: faults after which the activity is sent once later (retried), or reported uncertain (maybe sent)
RETRIED = ("429", "412", "502", "503", "504")
MAYBE = ("reset", "reset_after_store")
ALL = RETRIED + MAYBE + ("403",)


@dataclass
class FaultyConnector(MockConnector):
    """MockConnector whose activities can fail per text (`by_text`); counts injected faults and deliveries."""

    by_text: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    injected: Counter[str] = field(default_factory=Counter)

    def delivered(self) -> Counter[str]:
        """Activities stored per text (each seeded row's text is its idempotency key)."""
        return Counter(str((r.body or {}).get("text") or "") for r in self.activities())

    def take_text_fault(self, text: str) -> str | None:
        with self._lock:
            faults = self.by_text.get(text)
            if not faults:
                return None
            fault = faults.pop(0)
            self.injected[fault] += 1
            return fault


class _FaultyHandler(_Handler):
    mock: FaultyConnector

    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        if not self.path.split("?")[0].endswith("/activities"):
            super().do_POST()
            return
        item = self._record()
        fault = self.mock.take_text_fault(str((item.body or {}).get("text") or ""))
        if fault is None:
            self._send(201, {"id": self.mock.next_id()})
        elif fault in MAYBE:
            item.ok = fault == "reset_after_store"  # type: ignore[attr-defined]
            self.close_connection = True  # no answer at all: the client cannot tell what happened
        else:
            item.ok = False  # type: ignore[attr-defined]
            headers = {"Retry-After": "1"} if fault == "429" else {}
            self._send(int(fault), {"error": {"code": "MockFailure"}}, headers)


def serve_faulty(mock: FaultyConnector) -> tuple[ThreadingHTTPServer, threading.Thread]:
    handler = type("Handler", (_FaultyHandler,), {"mock": mock})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    mock.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


def random_schedule(seed: int, texts: list[str]) -> dict[str, list[str]]:
    """Per text: nothing, or one or two faults (403 only alone, on its own conversation)."""
    rng = random.Random(seed)
    return {text: rng.choices(RETRIED + MAYBE, k=rng.choice((0, 1, 1, 2))) for text in texts}


def fast_limits() -> dict[str, Any]:
    """Teams pacing settings high enough that pacing never waits in these tests (the bench covers pacing)."""
    return {"teams_rate_conversation_second": 1000, "teams_rate_conversation_30s": 10000,
            "teams_rate_conversation_hour": 100000, "teams_rate_tenant_second": 10000}
