"""Benchmark: ack latency of `samskaping serve` under open-loop load (issue 10, Performance).

Starts `samskaping serve` as a subprocess on loopback (SQLite; with --postgres or TEST_DATABASE_URL also two
replicas on PostgreSQL behind two ports, requests alternating between them), with Slack pointed at the mock
Web API of bench/rate_mocks.py. Sends correctly signed slash commands and message events, half each, at a
fixed rate (default 200/s for 20 s) whatever the answers do: latency runs from the *intended* send time, so a
slow server cannot slow the load down and hide its own queueing. Prints p50/p95/p99, non-2xx and the CPUs.
Target: p99 < 100 ms and 0 non-2xx.

    .venv/bin/python -m bench.inbound_latency [--rate 200] [--seconds 20] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from bench.throwaway import throwaway_database

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-signing-secret"  # noqa: S105 - a bench value
TEAM = "T1"
COMMANDS = ("hjelp", "status", "help", "oppsett Bodø")
MESSAGES = ("Vi møttes i dag og snakket om forankring i tjenestene.", "Takk for sist!", "Hvem tar referatet?")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_mock() -> tuple[subprocess.Popen[str], str]:
    # K = 1000: the mock answers the bot's follow-up calls without rate limiting this bench
    process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "rate_mocks.py"), "--k", "1000"],  # noqa: S603
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline() if process.stdout else ""
    return process, f"http://127.0.0.1:{int(line.split()[1])}"


def spawn_server(database_url: str, mock: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": f"xoxb-bench-{TEAM}",
           "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": f"{mock}/api/", "HOST": "127.0.0.1", "PORT": str(port),
           "LOG_LEVEL": "ERROR", "SLACK_TIER4_PER_MINUTE": "10000", "SLACK_POST_PER_MINUTE": "10000"}
    process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "samskaping"), "serve"], env=env, cwd=ROOT,  # noqa: S603
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process


async def start_server(database_url: str, mock: str, port: int) -> subprocess.Popen[bytes]:
    """`samskaping serve` with Slack on the mock (one workspace), once /readyz answers 200."""
    process = spawn_server(database_url, mock, port)
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        return process
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"samskaping serve did not become ready on port {port}")


def signed(body: str, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {"x-slack-request-timestamp": ts, "content-type": content_type,
            "x-slack-signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body) or ""}


def request_body(i: int, mock: str) -> tuple[str, dict[str, str]]:
    """Even i: a slash command; odd i: a channel message event (each with its own event_id)."""
    user, channel = f"U{i % 40}", f"C{i % 8}"
    if i % 2 == 0:
        body = urlencode({"command": "/samskaping", "text": COMMANDS[(i // 2) % len(COMMANDS)], "user_id": user,
                          "user_name": user.lower(), "channel_id": channel, "team_id": TEAM,
                          "trigger_id": f"trig{i}", "response_url": f"{mock}/response/{i}", "api_app_id": "A1"})
        return body, signed(body, "application/x-www-form-urlencoded")
    event = {"type": "message", "user": user, "channel": channel, "text": MESSAGES[i % len(MESSAGES)],
             "ts": f"{1_800_000_000 + i}.000100", "channel_type": "channel"}
    body = json.dumps({"type": "event_callback", "team_id": TEAM, "api_app_id": "A1", "event": event,
                       "event_id": f"Ev{uuid.uuid4().hex[:12]}", "event_time": 1,
                       "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}]})
    return body, signed(body, "application/json")


async def load(ports: list[int], mock: str, rate: float, seconds: float) -> tuple[list[float], int, int]:
    """Open loop: request i is due at start + i/rate, sent then whatever came back before."""
    total = int(rate * seconds)
    latencies: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
        async def one(i: int, due: float) -> None:
            nonlocal failures
            body, headers = request_body(i, mock)
            url = f"http://127.0.0.1:{ports[i % len(ports)]}/slack/events"
            try:
                async with http.post(url, data=body.encode(), headers=headers) as response:
                    await response.read()
                    ok = 200 <= response.status < 300
            except (TimeoutError, aiohttp.ClientError):
                ok = False
            latencies.append(time.perf_counter() - due)
            failures += 0 if ok else 1

        start = time.perf_counter() + 0.5
        tasks = []
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.gather(*tasks)
    return latencies, failures, total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


async def run(label: str, urls: list[str], mock: str, args: argparse.Namespace) -> None:
    ports = [free_port() for _ in urls]
    servers = []
    try:
        for url, port in zip(urls, ports, strict=True):
            servers.append(await start_server(url, mock, port))
        await load(ports, mock, args.rate, 2.0)  # warm-up: imports, first queries, connection pools
        latencies, failures, total = await load(ports, mock, args.rate, args.seconds)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    print(f"{label:<28} {len(servers):>3} {total:>6} {args.rate:>6g} {percentile(ms, 50):>7.1f} "
          f"{percentile(ms, 95):>7.1f} {percentile(ms, 99):>7.1f} {max(ms):>7.1f} {failures:>7}", flush=True)


async def with_postgres(base: str, mock: str, args: argparse.Namespace) -> None:
    async with throwaway_database(base, "samskaping_inbound") as url:
        server = await start_server(url, mock, free_port())  # migrates once, before the two replicas start
        server.terminate()
        server.wait(timeout=30)
        await run("PostgreSQL, two replicas", [url, url], mock, args)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    args = parser.parse_args()
    print(f"Inbound ack latency, open loop, {os.cpu_count()} CPUs (the load generator and the mock share them); "
          "half slash commands, half message events; target p99 < 100 ms, 0 non-2xx\n")
    print(f"{'setup':<28} {'rep':>3} {'sent':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7} {'non-2xx':>7}")
    mock_process, mock = start_mock()
    try:
        with tempfile.TemporaryDirectory() as folder:
            await run("SQLite, one replica", [f"sqlite+aiosqlite:///{folder}/inbound.db"], mock, args)
        if args.postgres:
            await with_postgres(args.postgres, mock, args)
        else:
            print("PostgreSQL: skipped (set TEST_DATABASE_URL or pass --postgres URL)")
    finally:
        mock_process.terminate()
        mock_process.wait(timeout=10)


if __name__ == "__main__":
    asyncio.run(main())
