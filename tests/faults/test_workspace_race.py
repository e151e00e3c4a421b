"""Two replicas handle the first commands of a new workspace at the same moment: both are applied, and the
workspace exists once (it used to be select-then-insert, and one replica's command was acknowledged and lost)."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from bot.adapters.memory import MemoryChat
from bot.bootstrap import build
from bot.clock import ManualClock
from bot.kernel.chat.events import Actor, CommandEvent
from bot.kernel.storage.tables import Group, Workspace
from bot.settings import Settings
from tests.faults import ledger


async def test_two_replicas_racing_on_a_new_workspace_both_apply_their_command(settings: Settings,
                                                                               clock: ManualClock) -> None:
    replicas = [build(settings, clock=clock, ports={"console": MemoryChat(clock)}) for _ in range(2)]
    try:
        for round_ in range(3):
            team = f"T-new-{round_}"
            replies = await asyncio.gather(*(
                replica.router.handle(CommandEvent(Actor("console", team, f"U{i}"), f"C{i}",
                                                   f"/samskaping oppsett Kommune {i}"))
                for i, replica in enumerate(replicas)))
            bug = replicas[0].ctx.t("nb", "errors.bug")
            assert all(r and r[0].message and r[0].message.text != bug for r in replies), replies
        ledger.record({"new_workspace_race": 3})
        async with replicas[0].ctx.uow() as uow:
            workspaces = (await uow.session.exec(select(Workspace.external_id))).all()
            groups = (await uow.session.exec(select(Group.channel_id))).all()
        assert sorted(workspaces) == ["T-new-0", "T-new-1", "T-new-2"]
        assert len(groups) == 6
    finally:
        for replica in replicas:
            await replica.close()
