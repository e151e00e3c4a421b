"""A hand-made programme for digest tests; every figure the tests check is counted by hand in the comments.

Week under test: 2026-W49 (Mon 30 Nov – Sun 6 Dec 2026, Europe/Oslo). The week before: 2026-W48.

| group  | members (sector)                                 | W48 posts/ans | W49 posts/ans   | W49 lengths  |
| Bodø   | kari coord kulturskole, ola, per skole, siri bhg | 1 / 4 (1.0)   | 2 / 4 (4/8=0.5) | 10 40 60 100 |
| Tromsø | tor skole, tone kulturskole, trym administrasjon | 1 / 1 (1/3)   | 1 / 1 (1/3)     | 30           |
| Vik    | vera politikk, vidar innbygger (2: small)        | –             | 1 / 2 (hidden)  | 50 70        |
| Alta   | aud, arne, ask (skole); last reflection 12 Nov   | –             | –               | –            |
Also: lena is a member of Bodø's channel with role lead (never counted).
Totals W49 (threshold 3): 4 groups, 12 members, 4 prompts; the rate and median cover the shown groups only
(Vik is hidden): 5 answers of 11 possible, median of 10 30 40 60 100 = 40.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.features.digest.tables import MentorGroup, ProgrammeRole
from bot.features.prompts.tables import PromptPost, Reflection
from bot.kernel.rules.weeks import IsoWeek
from bot.kernel.storage.tables import Group, Member, Programme, Workspace
from bot.kernel.storage.uow import UnitOfWork

WEEK = IsoWeek(2026, 49)
W48 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday of W48, 10:00 Oslo
W49 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday of W49, 10:00 Oslo
JOINED = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
SECRET = "HEMMELIG-uten-samtykke"


class Seeder:
    """Adds rows in one unit of work; ids come back from flush()."""

    def __init__(self, uow: UnitOfWork, workspace: Workspace) -> None:
        self.uow, self.ws = uow, workspace

    async def group(self, programme: Programme, name: str, channel: str) -> Group:
        group = Group(workspace_id=self.ws.id, programme_id=programme.id, municipality=name, channel_id=channel,
                      created_at=JOINED - timedelta(days=30))
        self.uow.session.add(group)
        await self.uow.flush()
        return group

    async def member(self, group: Group, user: str, sector: str | None, role: str = "participant") -> Member:
        member = Member(workspace_id=self.ws.id, group_id=group.id, user_id=user, display_name=user.capitalize(),
                        sector=sector, role=role, joined_at=JOINED)
        self.uow.session.add(member)
        await self.uow.flush()
        return member

    async def post(self, group: Group, key: str, at: datetime) -> PromptPost:
        post = PromptPost(workspace_id=self.ws.id, group_id=group.id, prompt_id="nysgjerrig-1", occurrence_key=key,
                          post_at=at, due_at=at + timedelta(days=4), created_at=at)
        self.uow.session.add(post)
        await self.uow.flush()
        return post

    async def answer(self, post: PromptPost, member: Member, text: str, *, at: datetime | None = None,
                     consent: bool = False, length: int | None = None) -> Reflection:
        when = at or post.post_at + timedelta(hours=2)
        row = Reflection(workspace_id=self.ws.id, post_id=post.id, member_id=member.id, text=text,
                         length=length if length is not None else len(text), quote_consent=consent,
                         created_at=when, updated_at=when)
        self.uow.session.add(row)
        await self.uow.flush()
        return row


def sized(text: str, length: int) -> str:
    """`text` padded with dots to exactly `length` characters."""
    return (text + " " + "." * length)[:length]


async def seed_programme(uow: UnitOfWork, *, external: str = "T-local") -> Programme:
    """The programme above, committed; returns it."""
    ws = Workspace(platform="console", external_id=external, created_at=JOINED)
    uow.session.add(ws)
    await uow.flush()
    programme = Programme(workspace_id=ws.id, slug="pilot", name="Fremtidens kulturskole", created_at=JOINED)
    uow.session.add(programme)
    await uow.flush()
    s = Seeder(uow, ws)
    await _bodo(s, programme)
    await _tromso(s, programme)
    await _vik(s, programme)
    await _alta(s, programme)
    uow.session.add(ProgrammeRole(workspace_id=ws.id, programme_id=programme.id, user_id="lena", role="lead",
                                  display_name="Lena", created_at=JOINED))
    bodo = (await uow.session.exec(select(Group).where(Group.municipality == "Bodø"))).one()
    uow.session.add(MentorGroup(workspace_id=ws.id, programme_id=programme.id, group_id=bodo.id, user_id="mona",
                                language="en", created_at=JOINED))  # mona mentors Bodø only
    await uow.commit()
    return programme


async def _bodo(s: Seeder, programme: Programme) -> None:
    g = await s.group(programme, "Bodø", "C-bodo")
    kari = await s.member(g, "kari", "kulturskole", "coordinator")
    ola, siri, per = (await s.member(g, "ola", "skole"), await s.member(g, "siri", "barnehage"),
                      await s.member(g, "per", "skole"))
    lena = await s.member(g, "lena", None, "lead")
    old = await s.post(g, "w48", W48)
    for m in (kari, ola, siri, per):
        await s.answer(old, m, "Vi snakket om samarbeid med barnehagen.")
    await s.answer(old, lena, "Leder svarer, teller ikke med.")
    a, b = await s.post(g, "w49a", W49), await s.post(g, "w49b", W49 + timedelta(days=2))
    await s.answer(a, kari, sized("Kulturskolen og barnehagen planla konsert", 40))
    await s.answer(a, ola, sized("Samarbeidet med barnehagen ga elevene nye ideer om musikk i skolen", 60),
                   consent=True)
    await s.answer(a, siri, sized(SECRET + " barnehagen og kulturskolen", 100))
    await s.answer(b, ola, "Kort svar.", length=10, at=W49 + timedelta(days=3))


async def _tromso(s: Seeder, programme: Programme) -> None:
    g = await s.group(programme, "Tromsø", "C-tromso")
    tor = await s.member(g, "tor", "skole")
    await s.member(g, "tone", "kulturskole")
    await s.member(g, "trym", "administrasjon")
    old = await s.post(g, "w48", W48)
    await s.answer(old, tor, "Et svar i uke 48.")
    now = await s.post(g, "w49", W49)
    await s.answer(now, tor, sized("Kulturskolen inviterte elevene", 30), at=datetime(2026, 12, 1, 9, tzinfo=UTC))


async def _vik(s: Seeder, programme: Programme) -> None:
    g = await s.group(programme, "Vik", "C-vik")
    vera, vidar = await s.member(g, "vera", "politikk"), await s.member(g, "vidar", "innbygger")
    post = await s.post(g, "w49", W49)
    await s.answer(post, vera, sized("Politikerne vil høre mer om barnehagen", 50))
    await s.answer(post, vidar, sized("Som innbygger likte jeg konserten i barnehagen", 70), consent=True)


async def _alta(s: Seeder, programme: Programme) -> None:
    g = await s.group(programme, "Alta", "C-alta")
    aud = await s.member(g, "aud", "skole")
    await s.member(g, "arne", "skole")
    await s.member(g, "ask", "skole")
    old = await s.post(g, "w46", datetime(2026, 11, 10, 9, tzinfo=UTC))
    await s.answer(old, aud, "Gammelt svar.", at=datetime(2026, 11, 12, 10, tzinfo=UTC))
