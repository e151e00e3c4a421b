"""`samskaping demo`: a simulated programme with three municipalities, run on a simulated clock through
the console platform, printed as a readable transcript, day by day, ending with a summary."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_date

from bot.adapters.memory import MemoryChat, Posted
from bot.bootstrap import Container, build
from bot.clock import ManualClock
from bot.features.digest import owners
from bot.features.digest.report import digest_lines, write_report
from bot.features.digest.service import find_programme
from bot.features.notes.service import notes_lines, write_notes
from bot.features.prompts.progress import group_numbers
from bot.kernel.chat.events import ActionEvent, Actor, CommandEvent, FormSubmitted
from bot.kernel.programme.expand import expand
from bot.settings import Settings

CAST = Path(__file__).resolve().parent / "demo_cast.yaml"
WORKSPACE = "demo"
TZ = ZoneInfo("Europe/Oslo")
SEED = 2026
DEMO_LINES = 24  # lines of a long reply the transcript shows


@dataclass
class Person:
    user: str
    name: str
    sector: str
    group: str
    channel: str
    lang: str
    diligence: float = 1.0


@dataclass
class Simulation:
    """The cast, the container and what is still to happen."""

    app: Container
    chat: MemoryChat
    clock: ManualClock
    people: dict[str, Person]
    answers: dict[str, list[str]]
    out: Callable[[str], None]
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))  # noqa: S311 - a simulation
    planned: list[tuple[datetime, Person, str]] = field(default_factory=list)
    shown: int = 0
    day: str = ""
    stats: dict[str, int] = field(default_factory=lambda: {"answers": 0})
    moved: list[str] = field(default_factory=list)
    on_nudge: dict[str, str] = field(default_factory=dict)  # coordinator → what they do at the first nudge
    explained: bool = False  # the first round of introductions is explained once

    def actor(self, person: Person) -> Actor:
        return Actor("console", WORKSPACE, person.user, person.name)

    async def command(self, person: Person, text: str) -> None:
        await self.app.router.handle(CommandEvent(self.actor(person), person.channel, text))

    def note(self, line: str) -> None:
        local = self.clock.now().astimezone(TZ)
        day = format_date(local.date(), "EEEE d. MMMM y", locale="nb_NO")
        if day != self.day:
            self.day = day
            self.out(f"\n── {day} " + "─" * max(0, 60 - len(day)))
        self.out(f"  {local:%H:%M}  {line}")


def load_cast(path: Path = CAST) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def _people(cast: dict[str, Any]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for group in cast["groups"]:
        lang = group.get("language", "nb")
        for raw in (group["coordinator"], *group["members"]):
            people[raw["id"]] = Person(raw["id"], raw["name"], raw["sector"], group["municipality"],
                                       group["channel"], lang, raw.get("diligence", 0.7))
    return people


async def _set_up(sim: Simulation, cast: dict[str, Any]) -> None:
    lead = cast["lead"]
    for group in cast["groups"]:
        coordinator = sim.people[group["coordinator"]["id"]]
        await sim.command(coordinator, f"/samskaping oppsett {group['municipality']}")
        if group.get("language", "nb") != "nb":
            await sim.command(coordinator, f"/samskaping språk {group['language']} gruppe")
        await sim.command(coordinator, f"/samskaping program {cast['programme']}")
        for raw in (group["coordinator"], *group["members"]):
            await sim.command(sim.people[raw["id"]], f"/samskaping bli-med {raw['sector']}")
        for stakeholder in group.get("stakeholders", []):
            await sim.command(coordinator, f"/samskaping forankring ny {stakeholder}")
        for source in group.get("sources", []):
            adder = sim.people[source["by"]]
            await sim.command(adder, f"/samskaping kilde ny {source['add']}")
            sim.note(f"📚 {adder.name} ({group['municipality']}): /samskaping kilde ny {source['add']}")
        if group.get("introductions"):
            await sim.command(coordinator, f"/samskaping intro på {group['introductions']}")
            sim.note(f"🤝 {coordinator.name} slår på introduksjoner på tvers av sektorer i {group['municipality']}, "
                     f"{group['introductions']}: to og to (eller tre) fra ulike sektorer som ikke har møttes før")
        sim.on_nudge[coordinator.user] = group.get("on_milestone_nudge", "nothing")
        sim.note(f"#{group['channel']}: {coordinator.name} setter opp gruppa for {group['municipality']} "
                 f"({len(group['members']) + 1} medlemmer) på programmet «{cast['programme']}»")
    async with sim.app.ctx.uow() as uow:  # as the operator would: `samskaping programme owner add`
        programme = await find_programme(uow.session, cast["programme"])
        await owners.set_programme_role(uow.session, programme, lead["id"], owners.OWNER, language="nb",
                                        now=sim.app.ctx.clock.now(), display_name=lead["name"])
        await uow.commit()
    sim.people[lead["id"]] = Person(lead["id"], lead["name"], "administrasjon", "prosjektleder", "", "nb", 0.0)
    await _mentor(sim, cast)


async def _mentor(sim: Simulation, cast: dict[str, Any]) -> None:
    """The lead appoints a mentor to one group; its coordinator asks the mentor for support."""
    mentor, lead = cast["mentor"], sim.people[cast["lead"]["id"]]
    sim.people[mentor["id"]] = Person(mentor["id"], mentor["name"], "administrasjon", "fadder", "", "nb", 0.0)
    command = f"/samskaping fadder @{mentor['id']} {mentor['group']}"
    await sim.command(lead, command)
    sim.note(f"🧭 {lead.name} (prosjektleder) gjør {mentor['name']} til fadder for {mentor['group']}: {command} – "
             "fadderen får bare den gruppas ukesammendrag og ser aldri enkeltsvar")
    group = next(g for g in cast["groups"] if g["municipality"] == mentor["group"])
    coordinator = sim.people[group["coordinator"]["id"]]
    await sim.command(coordinator, f"/samskaping be-om-støtte {mentor['asked']}")
    sim.note(f"🆘 {coordinator.name} ({coordinator.group}): /samskaping be-om-støtte {mentor['asked'][:60]}…")


async def _on_milestone(sim: Simulation, item: Posted) -> None:
    """A coordinator's first milestone nudge: they mark it done, move it, or let it slide (overdue)."""
    person = sim.people.get(item.address.user or "")
    plan = sim.on_nudge.pop(person.user, "nothing") if person else "nothing"
    if person is None or plan == "nothing":
        return
    verb = "ferdig 1" if plan == "done" else f"flytt 1 {plan.split(' ', 1)[1]}"
    await sim.command(person, f"/samskaping milepæl {verb}")
    sim.note(f"✔  {person.name} ({person.group}): /samskaping milepæl {verb}")


async def _after_introduction(sim: Simulation, item: Posted) -> None:
    """Asked whether they met, most say they did (a simulated person presses "Vi møttes" or "Ikke ennå")."""
    person = sim.people.get(item.address.user or "")
    buttons = item.message.buttons if item.message else ()
    if person is None or len(buttons) != 2:
        return
    button = buttons[0] if sim.rng.random() < person.diligence + 0.2 else buttons[1]
    await sim.app.router.handle(ActionEvent(sim.actor(person), "", button.action_id, button.value, trigger="demo"))
    sim.note(f"🤝 {person.name} ({person.group}): «{button.label}»")


def _react(sim: Simulation, item: Posted) -> None:
    """Simulated people decide when (and whether) to answer what they just saw."""
    answer_button = next((b for b in (item.message.buttons if item.message else ()) if b.action_id == "answer"), None)
    if answer_button is None:
        return
    if item.kind == "channel":
        audience = [p for p in sim.people.values() if p.channel == item.address.channel]
        for person in audience:
            if sim.rng.random() < person.diligence:
                delay = timedelta(hours=sim.rng.randint(1, 40), minutes=sim.rng.randint(0, 59))
                sim.planned.append((sim.clock.now() + delay, person, answer_button.value))
    elif item.address.user in sim.people and sim.rng.random() < 0.6:
        delay = timedelta(hours=sim.rng.randint(1, 6))
        sim.planned.append((sim.clock.now() + delay, sim.people[item.address.user], answer_button.value))


def _describe(sim: Simulation, item: Posted) -> str:
    who = sim.people.get(item.address.user or "")
    title = (item.message.title or item.message.text.splitlines()[0]) if item.message else ""
    if item.kind == "channel":
        return f"#{item.address.channel}: {title}"
    target = f"{who.name} ({who.group})" if who else item.address.user
    kind = {"reminder": "påminnelse", "summary": "oppsummering", "export": "eksport", "digest": "ukesammendrag",
            "digest-group": "gruppas ukesammendrag", "digest-mentor": "fadderens ukesammendrag", "milestone": "milepæl",
            "intro": "introduksjon", "intro-ask": "møttes dere?", "support": "ber om støtte",
            "mentor": "ny fadder"}.get(
        item.key.split(":")[0], item.key.split(":")[0])
    return f"🔒 til {target}, {kind}: {item.message.text.splitlines()[0][:90] if item.message else ''}"


async def _flush(sim: Simulation) -> None:
    await sim.app.tick()
    new, sim.shown = sim.chat.transcript[sim.shown:], len(sim.chat.transcript)
    group_refs: set[str] = set()
    for item in new:
        if item.kind == "group":  # one group conversation, recorded once per member: shown once
            if item.ref in group_refs:
                continue
            group_refs.add(item.ref)
            names = ", ".join(sim.people[u].name if u in sim.people else u for u in item.address.users)
            sim.note(f"👥 samtale med {names}: «{item.message.title if item.message else ''}»")
            _explain_pairing(sim, item)
            continue
        sim.note(_describe(sim, item))
        _react(sim, item)
        if item.key.startswith("milestone:"):
            await _on_milestone(sim, item)
        if item.key.startswith("intro-ask:"):
            await _after_introduction(sim, item)


def _explain_pairing(sim: Simulation, item: Posted) -> None:
    """For the first round: each person's sector, and the reason the introduction itself gives."""
    round_ = item.key.split(":")[2] if item.key.count(":") >= 3 else ""
    if round_ != "1" or item.message is None:
        return
    if not sim.explained:
        sim.explained = True
        sim.note("   Slik settes de sammen: flest mulig på tvers av sektorer, ingen møter samme person to ganger før "
                 "alle nye par er brukt, én trio når de er et oddetall – samme runde hver gang for samme frø.")
    sectors = " · ".join(f"{sim.people[u].name} ({sim.people[u].sector})" for u in item.address.users
                         if u in sim.people)
    why = next((line for line in item.message.text.splitlines() if line.startswith("Hvorfor")), "")
    sim.note(f"   ↳ {sectors}. {why}")


async def _answer_due(sim: Simulation) -> None:
    due = sorted((p for p in sim.planned if p[0] <= sim.clock.now()), key=lambda p: p[0])
    sim.planned = [p for p in sim.planned if p[0] > sim.clock.now()]
    for _, person, post_id in due:
        text = sim.rng.choice(sim.answers.get(person.lang) or sim.answers["nb"])
        replies = await sim.app.router.handle(FormSubmitted(sim.actor(person), "reflection", {"text": text}, post_id))
        saved = replies and replies[0].message is not None
        if saved:
            sim.stats["answers"] += 1
            sim.note(f"✍  {person.name} ({person.group}, {person.sector}) svarer ({len(text)} tegn)")


def _next_step(now: datetime) -> datetime:
    """Hourly in the working day, else straight to the next morning at 07:00 local."""
    local = now.astimezone(TZ)
    if local.hour >= 17:
        return (local + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)
    return now + timedelta(hours=1)


async def _summary(sim: Simulation) -> None:
    sim.out("\n══ Oppsummering " + "═" * 50)
    for numbers in await group_numbers(sim.app.ctx):
        sim.out(f"  {numbers.municipality:<12} {numbers.members} medlemmer · {numbers.prompts} oppgaver · "
                f"{numbers.answers} svar ({numbers.rate:.0%} svarprosent) · {numbers.late} etter fristen")
    reminders = sum(1 for p in sim.chat.transcript if p.key.startswith("reminder:"))
    summaries = sum(1 for p in sim.chat.transcript if p.key.startswith("summary:"))
    sim.out(f"  Påminnelser sendt privat: {reminders} · oppsummeringer: {summaries} · "
            f"meldinger totalt: {len(sim.chat.transcript)}")
    for line in sim.moved:
        sim.out(f"  Flyttet: {line}")
    introductions = {p.key for p in sim.chat.transcript if p.key.startswith("intro:")}
    sim.out(f"  Introduksjoner på tvers av sektorer: {len(introductions)} samtaler åpnet (se «Introduksjoner» i "
            f"sammendraget for andelen som møttes)")


async def run_demo(out: Callable[[str], None], *, database_url: str, report: Path | None = None) -> Simulation:
    """Run the whole simulated programme and print it, ending with the lead's digest (and the HTML report)."""
    cast = load_cast()
    clock = ManualClock(datetime.fromisoformat(str(cast["start"])))
    chat = MemoryChat(clock)
    settings = Settings(database_url=database_url, _env_file=None)
    app = build(settings, clock=clock, ports={"console": chat})
    await app.migrate()
    sim = Simulation(app, chat, clock, _people(cast), cast["answers"], out)
    sim.moved = _moved_slots(app, cast["programme"])
    out(f"Samskaping-demo: {len(cast['groups'])} kommuner, {len(sim.people)} personer, simulert tid "
        f"{cast['start']:%d.%m.%Y} – {cast['end']:%d.%m.%Y}.")
    await _set_up(sim, cast)
    end = datetime.fromisoformat(str(cast["end"]))
    while clock.now() < end:
        await _flush(sim)
        await _answer_due(sim)
        clock.set(_next_step(clock.now()))
    await _flush(sim)
    await _summary(sim)
    await _coordinator_view(sim, cast, report)
    await _digest(sim, cast["programme"], report)
    _mentor_digest(sim, cast)
    return sim


async def _coordinator_view(sim: Simulation, cast: dict[str, Any], report: Path | None) -> None:
    """The first group's coordinator reads what the group wrote and gets the notes for the gathering."""
    group = cast["groups"][0]
    coordinator = sim.people[group["coordinator"]["id"]]
    for heading, command in (("leser svarene", "/samskaping svarene"), ("får notatet til samlingen",
                                                                          "/samskaping notat")):
        sim.out(f"\n══ {coordinator.name} ({group['municipality']}) {heading}: {command} " + "═" * 10)
        for reply in await sim.app.router.handle(CommandEvent(sim.actor(coordinator), coordinator.channel, command)):
            if reply.message is not None:
                body = [reply.message.title or "", *reply.message.text.splitlines()]
                sim.out("\n".join(f"  {line}" for line in body[:DEMO_LINES] if line.strip()))
                if len(body) > DEMO_LINES:
                    sim.out(f"  … ({len(body) - DEMO_LINES} linjer til)")
    if report is not None:
        notes = report.with_name("notat.docx")
        lines, lang = await notes_lines(sim.app.ctx, group["municipality"], gathering=None, shareable=False,
                                        lang=None)
        write_notes(lines, lang, notes)
        sim.out(f"\n  Notatet som Word-fil: {notes}")


async def _digest(sim: Simulation, programme: str, report: Path | None) -> None:
    """The project lead's view of the last week: groups, never people."""
    sim.out("\n══ Prosjektleders ukesammendrag " + "═" * 35)
    for line in await digest_lines(sim.app, programme):
        sim.out(f"  {line}")
    if report is not None:
        await write_report(sim.app, programme, None, report)
        sim.out(f"\n  HTML-rapporten er skrevet til {report}")


def _moved_slots(app: Container, programme: str) -> list[str]:
    schedule = app.ctx.schedules.get(programme)
    if schedule is None:
        return []
    lines = []
    for occ in expand(schedule).prompts:
        if occ.moved_from is not None:
            before = format_date(occ.moved_from.astimezone(TZ).date(), "EEEE d. MMMM", locale="nb_NO")
            after = format_date(occ.post_at.astimezone(TZ).date(), "EEEE d. MMMM", locale="nb_NO")
            reason = occ.move_detail or app.ctx.t("nb", f"programmes.reason.{occ.move_reason}")
            lines.append(f"«{occ.prompt_id}» fra {before} til {after} ({reason})")
    return lines


def _mentor_digest(sim: Simulation, cast: dict[str, Any]) -> None:
    """The first weekly digest the mentor received: one group, no people, the request for support counted."""
    mentor = cast["mentor"]
    received = [p.message for p in sim.chat.transcript if p.key.startswith("digest-mentor:")]
    message = received[0] if received else None
    if message is None:
        return
    sim.out(f"\n══ Fadderens første ukesammendrag ({mentor['name']}, bare {mentor['group']}) " + "═" * 12)
    lines = [message.title or "", *message.text.splitlines(), *(f"{f.label}: {f.value}" for f in message.fields)]
    sim.out("\n".join(f"  {line}" for line in lines[:DEMO_LINES] if line.strip()))
