"""`samskaping serve` as the Dockerfile runs it: health, readiness, one server per SQLite file, SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "PORT": str(port), "HOST": "127.0.0.1",
           "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/serve.db"}
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_until_up(port: int, process: subprocess.Popen[str]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {process.stderr.read() if process.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("serve did not come up")


def test_serve_answers_health_and_readiness_and_stops_gracefully(tmp_path: Path) -> None:
    port = _free_port()
    process = _serve(tmp_path, port)
    try:
        _wait_until_up(port, process)
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert ready.status_code == 200 and ready.json()["database"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/docs", timeout=5).status_code == 404
        second = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", str(_free_port())], cwd=tmp_path,
                                env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT),
                                     "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/serve.db"},
                                capture_output=True, text=True, timeout=60, check=False)
        assert second.returncode != 0 and "PostgreSQL" in second.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    # uvicorn re-raises the signal after its graceful shutdown, so -15 is a clean stop too.
    assert code in (0, -signal.SIGTERM)
    assert "samskaping stopped cleanly" in (process.stderr.read() if process.stderr else "")


def test_invalid_configuration_stops_serve_with_one_line_per_problem(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), "TIMEZONE": "Mars/Olympus", "PORT": "0"}
    result = subprocess.run([sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "TIMEZONE: unknown time zone 'Mars/Olympus'" in result.stderr and "PORT:" in result.stderr
    assert "Traceback" not in result.stderr
