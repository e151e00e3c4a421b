"""Route inbound events to services; user errors become kind replies, bugs an apology and a log line."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.chat import commands as c
from bot.chat.events import ActionEvent, CommandEvent, FormSubmitted, InboundEvent, MemberJoined, MessageEvent
from bot.chat.language_commands import SetHints
from bot.chat.messages import Message, Reply
from bot.commands import language_table, milestone_args
from bot.commands.parser import parse
from bot.commands.table import HANDLERS, NAMES, SPECS
from bot.core.people import parse_sector
from bot.errors import UsageError, UserError
from bot.services import audit, groups, hint_settings, hints, home, privacy, reflections, welcome
from bot.services import scope as scopes
from bot.services.context import AppContext, Request

log = logging.getLogger(__name__)

ActionHandler = Callable[[Request, str], Awaitable[Reply]]


async def _set_sector_action(req: Request, value: str) -> Reply:
    sector = parse_sector(value)
    if sector is None:
        raise UsageError("commands.bad_sector", typed=value)
    return await groups.set_sector(c.SetSector(sector), req)


async def _delete_my_data_action(req: Request, value: str) -> Reply:
    return await privacy.delete_my_data(c.DeleteMyData(confirmed=value == "confirm"), req)


async def _toggle_hints(req: Request, value: str) -> Reply:
    return await hint_settings.set_hints(SetHints(value == "on"), req)


async def _toggle_reminders(req: Request, value: str) -> Reply:
    return await privacy.reminder_preferences(c.Reminders(value == "on"), req)


async def _choose_language(req: Request, value: str) -> Reply:
    if value not in ("nb", "nn", "en"):
        raise UsageError("commands.usage.språk")
    return await groups.set_language(c.SetLanguage(value), req)


ACTIONS: dict[str, ActionHandler] = {
    "answer": reflections.open_answer_form,
    home.SET_HINTS: _toggle_hints,
    home.SET_REMINDERS: _toggle_reminders,
    home.SET_LANGUAGE: _choose_language,
    "set_sector": _set_sector_action,
    "delete_my_data": _delete_my_data_action,
    **milestone_args.MILESTONE_ACTIONS,
    **language_table.LANGUAGE_ACTIONS,
}


class Router:
    """The one entry point adapters call with neutral events."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        #: called with every inbound event (metrics); must not raise
        self.observers: list[Callable[[InboundEvent], None]] = []

    async def handle(self, event: InboundEvent) -> list[Reply]:
        for observe in self.observers:
            observe(event)
        channel = getattr(event, "channel", None)
        req = Request(self.ctx, event.actor, channel, getattr(event, "trigger", None))
        try:
            reply = await self._route(event, req)
        except UserError as exc:
            return [Reply(Message(await self._explain(exc, req)))]
        except Exception:
            log.exception("bug while handling %s", type(event).__name__)
            return [Reply(Message(self.ctx.t(await self._language(req), "errors.bug")))]
        return [reply] if reply is not None else []

    async def _route(self, event: InboundEvent, req: Request) -> Reply | None:
        match event:
            case CommandEvent():
                return await self._command(event, req)
            case ActionEvent():
                handler = ACTIONS.get(event.action_id)
                if handler is None:
                    log.warning("unknown action %r", event.action_id)
                    return None
                return await handler(req, event.value)
            case FormSubmitted(form_id=reflections.FORM_ID):
                return await reflections.submit_form(req, event.metadata, event.values.get("text", ""))
            case FormSubmitted(form_id=milestone_args.FORM_ID):
                return await milestone_args.submit_form(req, event.metadata, event.values)
            case FormSubmitted():
                log.warning("unknown form %r", event.form_id)
                return None
            case MessageEvent():
                return await self._message(event, req)
            case MemberJoined():
                return await welcome.welcome(req)
        return None

    async def _message(self, event: MessageEvent, req: Request) -> Reply | None:
        """A prompt-thread reply is a reflection; any other message gets the language check (at most one hint)."""
        if event.thread is not None and event.thread != event.message_id:
            answered = await reflections.answer_in_thread(req, event.thread, event.text)
            if answered is not None:
                return answered
        try:
            return await hints.check_message(req, event.text)
        except Exception:  # a failed check must never answer a chat message with an apology
            log.exception("language check failed for a message in %s", req.channel)
            return None

    async def _command(self, event: CommandEvent, req: Request) -> Reply:
        command = parse(event.text, SPECS)
        if isinstance(command, c.Help):
            return self.help(await self._language(req), command.topic)
        reply = await HANDLERS[type(command)](command, req)
        await audit.record(self.ctx, req.actor, req.channel, NAMES[type(command)], command)
        return reply

    def help(self, lang: str, topic: str | None) -> Reply:
        """Help generated from the command table (one topic, or all)."""
        specs = [s for s in SPECS if topic in (s.name, *s.aliases)] if topic else list(SPECS)
        lines = [self.ctx.t(lang, s.usage_key) for s in specs or SPECS]
        return Reply(Message("\n".join(lines), title=self.ctx.t(lang, "commands.help_title"),
                             footer=self.ctx.t(lang, "commands.help_footer")))

    async def _language(self, req: Request) -> str:
        try:
            async with self.ctx.uow() as uow:
                return (await scopes.resolve(uow, self.ctx, req.actor, req.channel)).lang
        except Exception:  # the database may be down: answer in the default language
            log.warning("could not resolve the language; using the default")
            return self.ctx.settings.language

    async def _explain(self, exc: UserError, req: Request) -> str:
        lang = await self._language(req)
        if exc.key.startswith("commands.usage."):
            return self.ctx.t(lang, "commands.how_to", usage=self.ctx.t(lang, exc.key))
        return self.ctx.t(lang, exc.key, **exc.params)
