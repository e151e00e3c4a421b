"""Benchmark: acknowledgement latency of `samskaping serve` under open-loop load, and what happens to the work.

Starts `samskaping serve` as a subprocess on loopback with Slack and Teams both mounted, pointed at the mocks
of bench/rate_mocks.py (a subprocess too). Requests are sent as the platforms send them: Slack's signed slash
commands and message events (half each), Teams' JWT-signed activities from tests/fixtures/teams (half
@mentions, half channel replies). Open loop: request i is due at start + i/rate and sent then whatever the
answers do, and latency runs from that intended moment, so a slow server cannot slow the load and hide its
queue. After each segment the bench waits until every accepted request is handled (the work runs after the
ack) and reports how long that took and what the server's CPU cost per request was.

Segments: SQLite with one replica at the target rate (Slack, then Teams), the same at twice the target rate
(acknowledgements must still come within Slack's 3 s: the work queues, never the ack), and PostgreSQL with
two replicas at the target rate (requests alternating). Targets: p99 < 100 ms at the rate, 0 non-2xx; at
twice the rate the slowest acknowledgement < 3 s.

    .venv/bin/python -m bench.inbound_latency [--rate 200] [--seconds 10] [--postgres URL] [--results FILE]
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from bench.rate_mocks import TEAMS_ISSUER
from bench.results import Figure, add_results_option, record
from bench.throwaway import throwaway_database
from bot.kernel.storage.engine import create_engine

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "teams"
SECRET = "bench-signing-secret"  # noqa: S105 - a bench value
TEAM = "T1"
COMMANDS = ("hjelp", "status", "help", "oppsett Bodø")
MESSAGES = ("Vi møttes i dag og snakket om forankring i tjenestene.", "Takk for sist!", "Hvem tar referatet?")
TEAMS_CLIENT_ID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
TEAMS_TENANT = "4f6c1e9a-2b7d-4a8e-9c3f-0d5e6a7b8c9d"
TEAMS_TEAM = "19:Ai3f8bFk2sQ7eXn0pLr9tYw4uVz6cDg1hJm5oK8@thread.tacv2"
KID = "samskaping-bench-key"
#: how long the bench waits after a segment for the work to be done (what is left is reported)
DRAIN_SECONDS = 12.0

Request = tuple[str, bytes, dict[str, str]]  # path, body, headers


@dataclass(frozen=True)
class Mock:
    """The mock platforms' base URL, and the key it trusts for inbound Teams JWTs (None: Slack only)."""

    url: str
    key: rsa.RSAPrivateKey | None = None


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_mock(key: rsa.RSAPrivateKey | None = None) -> tuple[subprocess.Popen[str], Mock]:
    """The mocks of bench/rate_mocks.py; with `key`, Teams too (it publishes the key's public half)."""
    teams: list[str] = []
    if key is not None:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        public.update({"kid": KID, "use": "sig", "alg": "RS256"})
        teams = ["--teams-jwk", json.dumps(public)]
    # K = 1000: the mock answers the bot's replies without rate limiting this bench
    process = subprocess.Popen([sys.executable, str(ROOT / "bench" / "rate_mocks.py"), "--k", "1000", *teams],  # noqa: S603
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline() if process.stdout else ""
    return process, Mock(f"http://127.0.0.1:{int(line.split()[1])}", key)


def spawn_server(database_url: str, mock: Mock, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": f"xoxb-bench-{TEAM}",
           "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": f"{mock.url}/api/", "HOST": "127.0.0.1", "PORT": str(port),
           "LOG_LEVEL": "ERROR", "SLACK_TIER4_PER_MINUTE": "10000", "SLACK_POST_PER_MINUTE": "10000"}
    if mock.key is not None:
        env |= {"TEAMS_CLIENT_ID": TEAMS_CLIENT_ID, "TEAMS_CLIENT_SECRET": "bench-secret",
                "TEAMS_TENANT_ID": TEAMS_TENANT, "TEAMS_LOGIN_ENDPOINT": mock.url, "TEAMS_SERVICE_URL": mock.url,
                "TEAMS_OPENID_METADATA_URL": f"{mock.url}/v1/.well-known/openidconfiguration"}
    return subprocess.Popen([str(ROOT / ".venv" / "bin" / "samskaping"), "serve"], env=env, cwd=ROOT,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def start_server(database_url: str, mock: Mock, port: int) -> subprocess.Popen[bytes]:
    """`samskaping serve` with Slack (and Teams, when the mock has a key) on the mock, once /readyz answers 200."""
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


def slack_request(i: int, mock: Mock) -> Request:
    """Even i: a slash command; odd i: a channel message event (each with its own event_id)."""
    user, channel = f"U{i % 40}", f"C{i % 8}"
    if i % 2 == 0:
        body = urlencode({"command": "/samskaping", "text": COMMANDS[(i // 2) % len(COMMANDS)], "user_id": user,
                          "user_name": user.lower(), "channel_id": channel, "team_id": TEAM,
                          "trigger_id": f"trig{i}", "response_url": f"{mock.url}/response/{i}", "api_app_id": "A1"})
        content_type = "application/x-www-form-urlencoded"
    else:
        event = {"type": "message", "user": user, "channel": channel, "text": MESSAGES[i % len(MESSAGES)],
                 "ts": f"{1_800_000_000 + i}.000100", "channel_type": "channel"}
        body = json.dumps({"type": "event_callback", "team_id": TEAM, "api_app_id": "A1", "event": event,
                           "event_id": f"Ev{uuid.uuid4().hex[:12]}", "event_time": 1,
                           "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}]})
        content_type = "application/json"
    return "/slack/events", body.encode(), signed(body, content_type)


def signed(body: str, content_type: str) -> dict[str, str]:
    """Headers of a request signed as Slack signs it, now."""
    ts = str(int(time.time()))
    return {"x-slack-request-timestamp": ts, "content-type": content_type,
            "x-slack-signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body) or ""}


def teams_request(i: int, mock: Mock, bearer: str) -> Request:
    """Even i: an @mention command in a channel; odd i: a reply in a channel thread (read for jargon)."""
    name = "message_channel_mention.json" if i % 2 == 0 else "message_thread_reply.json"
    channel = f"19:bench{i % 8}@thread.tacv2"
    values = {"service_url": f"{mock.url}/", "bot": f"28:{TEAMS_CLIENT_ID}", "tenant": TEAMS_TENANT,
              "team": TEAMS_TEAM, "channel": channel, "user": f"29:bench-user-{i % 40}", "root": "1733558400000"}
    raw = (FIXTURES / name).read_text(encoding="utf-8")
    for key, value in values.items():
        raw = raw.replace("{{" + key + "}}", value)
    activity = json.loads(raw)
    activity["id"] = f"{1_800_000_000_000 + i}"  # each activity Teams delivers has its own id
    if i % 2 == 0:
        activity["text"] = f"<at>Samskaping</at> {COMMANDS[(i // 2) % 3]}"
    else:
        activity["text"] = MESSAGES[i % len(MESSAGES)]
    return "/api/messages", json.dumps(activity).encode(), {"authorization": bearer,
                                                            "content-type": "application/json"}


def teams_bearer(mock: Mock) -> str:
    """A Bot Framework JWT as Teams sends it, signed with the key the mock publishes."""
    assert mock.key is not None, "start the mock with a key for Teams"
    now = int(time.time())
    claims = {"iss": TEAMS_ISSUER, "aud": TEAMS_CLIENT_ID, "iat": now - 10, "nbf": now - 10, "exp": now + 3600,
              "serviceurl": f"{mock.url}/"}
    return "Bearer " + jwt.encode(claims, mock.key, algorithm="RS256", headers={"kid": KID})


async def load(ports: list[int], make: Callable[[int], Request], rate: float, seconds: float,
               first: int) -> tuple[list[float], int, int]:
    """Open loop: request i is due at start + i/rate, sent then whatever came back before."""
    total = int(rate * seconds)
    latencies: list[float] = []
    failures = 0
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as http:
        async def one(i: int, due: float) -> None:
            nonlocal failures
            path, body, headers = make(first + i)
            try:
                async with http.post(f"http://127.0.0.1:{ports[i % len(ports)]}{path}", data=body,
                                     headers=headers) as response:
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def drain(database_url: str) -> tuple[float, int, int]:
    """Wait (up to DRAIN_SECONDS) until no accepted request waits for its work: seconds, still waiting, done."""
    engine = create_engine(database_url)
    started = time.perf_counter()
    try:
        while True:
            async with engine.connect() as connection:
                rows = (await connection.execute(text(
                    "SELECT status, COUNT(*) FROM inbound_request GROUP BY status"))).all()
            counts: dict[str, int] = {str(row[0]): int(row[1]) for row in rows}
            waiting, done = counts.get("accepted", 0), counts.get("done", 0)
            if not waiting or time.perf_counter() - started > DRAIN_SECONDS:
                return time.perf_counter() - started, waiting, done
            await asyncio.sleep(0.25)
    finally:
        await engine.dispose()


@dataclass(frozen=True)
class Segment:
    platform: str
    rate: float
    overload: bool = False


async def measure(segment: Segment, database: str, database_url: str, servers: list[subprocess.Popen[bytes]],
                  ports: list[int], mock: Mock, seconds: float, first: int) -> Figure:
    bearer = teams_bearer(mock) if segment.platform == "Teams" else ""

    def make(i: int) -> Request:
        return slack_request(i, mock) if segment.platform == "Slack" else teams_request(i, mock, bearer)

    await load(ports, make, segment.rate, 2.0, first)  # warm-up: imports, first queries, connection pools
    await drain(database_url)
    cpu = sum(cpu_seconds(s.pid) for s in servers)
    latencies, failures, total = await load(ports, make, segment.rate, seconds, first + 100_000)
    took, waiting, done = await drain(database_url)
    cpu_ms = (sum(cpu_seconds(s.pid) for s in servers) - cpu) / total * 1000
    ms = [x * 1000 for x in latencies]
    p50, p95, p99, worst = (percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), max(ms))
    print(f"{segment.platform:<6} {database:<11} {len(servers):>3} {segment.rate:>6g} {total:>6} {p50:>7.1f} "
          f"{p95:>7.1f} {p99:>7.1f} {worst:>7.1f} {failures:>7} {cpu_ms:>7.2f} {took:>6.1f} {waiting:>6}",
          flush=True)
    replicas = "one replica" if len(servers) == 1 else f"{len(servers)} replicas"
    work = (f"work done {took:.1f} s after the load" if not waiting
            else f"{waiting} requests still waiting {took:.0f} s after the load (left to recovery)")
    baseline = (f"p50 {p50:.0f} ms, p95 {p95:.0f} ms; {failures} non-2xx of {total}; {work}; "
                f"server CPU {cpu_ms:.1f} ms a request")
    if segment.overload:
        return Figure("inbound_latency", f"{segment.platform} ack, slowest, at {segment.rate:g} requests/s "
                      f"(twice the target rate), {replicas} (item 5)", f"max {worst:.0f} ms (p99 {p99:.0f} ms)",
                      "< 3000 ms", baseline, database, worst < 3000 and failures == 0)
    return Figure("inbound_latency", f"{segment.platform} ack p99 at {segment.rate:g} requests/s, {replicas} (item 5)",
                  f"{p99:.0f} ms", "< 100 ms", baseline, database, p99 < 100 and failures == 0)


async def run(database: str, urls: list[str], mock: Mock, segments: list[Segment],
              args: argparse.Namespace) -> list[Figure]:
    ports = [free_port() for _ in urls]
    servers = []
    figures = []
    try:
        for url, port in zip(urls, ports, strict=True):
            servers.append(await start_server(url, mock, port))
        for n, segment in enumerate(segments):
            figures.append(await measure(segment, database, urls[0], servers, ports, mock, args.seconds,
                                         first=n * 1_000_000))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    return figures


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL", ""))
    add_results_option(parser)
    args = parser.parse_args()
    print(f"Inbound ack latency, open loop, {os.cpu_count()} CPUs (the load generator and the mock share them); "
          f"target p99 < 100 ms at {args.rate:g}/s, the slowest ack < 3 s at twice that, 0 non-2xx\n")
    print(f"{'from':<6} {'database':<11} {'rep':>3} {'req/s':>6} {'sent':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7} {'non-2xx':>7} {'CPU ms':>7} {'work s':>6} {'left':>6}")
    mock_process, mock = start_mock(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    figures: list[Figure] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            figures += await run("SQLite", [f"sqlite+aiosqlite:///{folder}/inbound.db"], mock, [
                Segment("Slack", args.rate), Segment("Teams", args.rate), Segment("Slack", 2 * args.rate, True)], args)
        if args.postgres:
            async with throwaway_database(args.postgres, "samskaping_inbound") as url:
                server = await start_server(url, mock, free_port())  # migrates once, before the replicas start
                server.terminate()
                server.wait(timeout=30)
                figures += await run("PostgreSQL", [url, url], mock, [Segment("Slack", args.rate)], args)
        else:
            print("PostgreSQL: skipped (set TEST_DATABASE_URL or pass --postgres URL)")
    finally:
        mock_process.terminate()
        mock_process.wait(timeout=10)
    print()
    record(args.results, figures)


if __name__ == "__main__":
    asyncio.run(main())
