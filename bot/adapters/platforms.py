"""Which chat platforms `samskaping serve` runs, decided by the settings (each adapter mounts itself)."""

from __future__ import annotations

from fastapi import FastAPI

from bot.bootstrap import Container
from bot.settings import Settings


def mount_platforms(web: FastAPI, app: Container, settings: Settings) -> list[str]:
    """Mount every configured platform on `web`; returns their names (empty: health endpoints only)."""
    names: list[str] = []
    # --- Slack: POST /slack/events (+ /slack/install, /slack/oauth_redirect), the "slack" port, Socket Mode ---
    from bot.adapters import slack

    if slack.mount(web, app, settings):
        names.append("slack")
    # --- Teams: POST /api/messages, the "teams" port; App.initialize() runs in the lifespan ---
    if settings.teams_enabled:
        from bot.adapters import teams

        teams.mount(web, app, settings)
        names.append("teams")
    # --- Digest: GET /reports/{programme}/{week}?token=… (signed, expiring HTML report links) ---
    from bot.adapters.report_web import mount_reports

    mount_reports(web, app)
    # --- Gathering notes: GET /notes/{group}/{docx|html}?token=… (signed links DM'd by /samskaping notat) ---
    from bot.adapters.notes_web import mount_notes

    mount_notes(web, app)
    # --- Privacy kit: GET /personvern and /vilkar (?lang=nb|nn|en), linked from the Teams package ---
    from bot.adapters.privacy_web import mount_privacy_pages

    mount_privacy_pages(web, app)
    return names
