"""Find a group's programme and local adjustments in the database, for `schedule show --group`."""

from __future__ import annotations

from sqlmodel import col, select

from bot.bootstrap import build
from bot.cli.common import run, settings_or_exit
from bot.kernel.programme.expand import GroupAdjustments
from bot.kernel.storage.tables import Group, Programme


def group_programme(municipality: str) -> tuple[str | None, GroupAdjustments, list[str]]:
    """The group's programme id and adjustments; also the known groups (for a friendly error)."""
    settings = settings_or_exit()

    async def _lookup() -> tuple[str | None, GroupAdjustments, list[str]]:
        app = build(settings)
        try:
            async with app.ctx.uow() as uow:
                rows = (await uow.session.exec(select(Group, Programme).join(
                    Programme, col(Group.programme_id) == Programme.id, isouter=True))).all()
        finally:
            await app.close()
        known = sorted(g.municipality for g, _ in rows)
        for group, programme in rows:
            if group.municipality.casefold() == municipality.casefold():
                schedule_id = programme.schedule_id if programme else None
                return schedule_id, GroupAdjustments.model_validate_json(group.adjustments or "{}"), known
        return None, GroupAdjustments(), known

    return run(_lookup())


def store_adjustments(municipality: str, adjustments: GroupAdjustments) -> bool:
    """Save a group's local adjustments (already validated against its programme); False if no such group."""
    settings = settings_or_exit()

    async def _store() -> bool:
        app = build(settings)
        try:
            async with app.ctx.uow() as uow:
                for group in (await uow.session.exec(select(Group))).all():
                    if group.municipality.casefold() == municipality.casefold():
                        group.adjustments = adjustments.model_dump_json(exclude_defaults=True)
                        await uow.commit()
                        return True
        finally:
            await app.close()
        return False

    return run(_store())
