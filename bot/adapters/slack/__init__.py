"""The Slack adapter: slack-bolt (async) over HTTP at /slack/events or Socket Mode, one or many workspaces.

`mount(web, app, settings)` is all `samskaping serve` calls; everything Slack-specific lives in this package.
"""

from bot.adapters.slack.mount import mount

__all__ = ["mount"]
