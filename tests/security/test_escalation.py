"""Every way to gain programme-wide sight that a person should not have, tried and refused.

Programme roles (owner, lead) see every municipality's figures; only a programme's owners give them (a mentor,
appointed by owners and leads, sees the groups they follow),
an owner is set by the operator or by another owner, and a programme always keeps one owner. A coordinator
runs their own group only."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.features.digest import owners
from bot.features.digest.service import find_programme
from bot.features.digest.tables import ProgrammeRole
from bot.kernel.storage.tables import Member
from tests.fakes import Conversation


async def _programme_with_owner(convo: Conversation, owner: str = "olga") -> None:
    """Bodø (kari coordinates, ola takes part) on the demo programme; `owner` owns the programme."""
    for text, who in (("oppsett Bodø", "kari"), ("bli-med skole", "ola"), ("program demo", "kari")):
        await convo.say(f"/samskaping {text}", as_=who)
    async with convo.app.ctx.uow() as uow:
        programme = await find_programme(uow.session, "demo")
        await owners.set_programme_role(uow.session, programme, owner, owners.OWNER, language="nb",
                                        now=convo.app.ctx.clock.now())
        await uow.commit()


async def _roles(convo: Conversation) -> set[tuple[str, str]]:
    async with convo.app.ctx.uow() as uow:
        return {(r.user_id, r.role) for r in (await uow.session.exec(select(ProgrammeRole))).all()}


async def _member_roles(convo: Conversation) -> dict[str, str]:
    async with convo.app.ctx.uow() as uow:
        return {m.user_id: m.role for m in (await uow.session.exec(select(Member))).all()}


@pytest.mark.parametrize("role_word", ["", "fadder", "eier", "fjern"])
async def test_a_coordinator_cannot_give_programme_roles(convo: Conversation, role_word: str) -> None:
    await _programme_with_owner(convo)
    answer = await convo.say(f"/samskaping prosjektleder @ola demo {role_word}".strip(), as_="kari")
    assert "Bare eierne av «" in answer
    assert await _roles(convo) == {("olga", "owner")}


@pytest.mark.parametrize("role_word", ["prosjektleder", "lead", "fadder", "mentor", "prosjektleiar"])
async def test_rolle_cannot_make_a_lead_or_a_mentor(convo: Conversation, role_word: str) -> None:
    await _programme_with_owner(convo)
    answer = await convo.say(f"/samskaping rolle @ola {role_word}", as_="kari")
    assert "utnevnes av programmets eiere" in answer
    assert (await _member_roles(convo))["ola"] == "participant"
    assert await _roles(convo) == {("olga", "owner")}


@pytest.mark.parametrize("role", ["lead", "mentor"])
async def test_leads_and_mentors_appoint_nobody(convo: Conversation, role: str) -> None:
    await _programme_with_owner(convo)
    command = "fadder @lena Bodø" if role == "mentor" else "prosjektleder @lena demo"
    await convo.say(f"/samskaping {command}", as_="olga")
    for target in ("@ola demo", "@ola demo eier", "@lena demo eier", "@olga demo fjern"):
        assert "Bare eierne" in await convo.say(f"/samskaping prosjektleder {target}", as_="lena")
    if role == "mentor":  # a mentor appoints no other mentor either
        assert "Bare programmets eiere" in await convo.say("/samskaping fadder @ola Bodø", as_="lena")
    assert await _roles(convo) == ({("olga", "owner")} if role == "mentor" else {("olga", "owner"), ("lena", role)})


async def test_participants_and_strangers_cannot_appoint_themselves(convo: Conversation) -> None:
    await _programme_with_owner(convo)
    for who in ("ola", "per"):
        assert "Bare eierne" in await convo.say(f"/samskaping prosjektleder @{who} demo eier", as_=who)
        refused = await convo.say(f"/samskaping rolle @{who} koordinator", as_=who)
        assert "Bare koordinatorer" in refused or "ikke med i gruppa" in refused
    assert await _roles(convo) == {("olga", "owner")}
    assert (await _member_roles(convo))["ola"] == "participant" and "per" not in await _member_roles(convo)


async def test_an_owner_appoints_and_removes_but_keeps_the_last_owner(convo: Conversation) -> None:
    await _programme_with_owner(convo)
    assert "som prosjektleder" in await convo.say("/samskaping prosjektleder @lena demo", as_="olga")
    assert "utvalgte grupper" in await convo.say("/samskaping prosjektleder @mona demo fadder", as_="olga")
    for attempt in ("@olga demo fjern", "@olga demo"):  # removing or demoting the last owner
        assert "minst én eier" in await convo.say(f"/samskaping prosjektleder {attempt}", as_="olga")
    assert ("olga", "owner") in await _roles(convo)
    assert "som eier" in await convo.say("/samskaping prosjektleder @kari demo eier", as_="olga")
    assert "ikke lenger noen rolle" in await convo.say("/samskaping prosjektleder @olga demo fjern", as_="kari")
    assert "minst én eier" in await convo.say("/samskaping prosjektleder @kari demo fjern", as_="kari")
    assert "ingen rolle i" in await convo.say("/samskaping prosjektleder @nobody demo fjern", as_="kari")
    assert await _roles(convo) == {("kari", "owner"), ("lena", "lead")}


async def test_owning_one_programme_gives_nothing_in_another(convo: Conversation) -> None:
    await _programme_with_owner(convo)
    await convo.say("/samskaping oppsett Voss", as_="vera", channel="C-voss")
    await convo.say("/samskaping program kulturskolen-utviklingsaktor", as_="vera", channel="C-voss")
    answer = await convo.say("/samskaping prosjektleder @olga kulturskolen-utviklingsaktor", as_="olga",
                             channel="C-voss")
    assert "Bare eierne av «" in answer
    assert ("olga", "lead") not in await _roles(convo)


async def test_an_owner_in_another_workspace_is_a_stranger_here(convo: Conversation) -> None:
    await _programme_with_owner(convo)
    answer = await convo.say("/samskaping prosjektleder @eve demo eier", as_="olga", workspace="T-other")
    assert "Finner ikke programmet" in answer
    assert await _roles(convo) == {("olga", "owner")}
