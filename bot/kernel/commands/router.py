"""Route inbound events to the features' handlers; user errors become kind replies, bugs an apology and a log line."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from bot.errors import AlreadyHandled, UserError
from bot.kernel import scope as scopes
from bot.kernel.chat.clean import clean
from bot.kernel.chat.events import (
    ActionEvent,
    CommandEvent,
    FormSubmitted,
    InboundEvent,
    MemberJoined,
    MessageEvent,
)
from bot.kernel.chat.messages import Message, Reply
from bot.kernel.commands.parser import Help, build_help, parse
from bot.kernel.commands.registry import RUN_COMMAND, CommandSpec, Pressed, Registry, Submitted
from bot.kernel.context import AppContext, Request
from bot.kernel.storage.engine import refused_value
from bot.kernel.storage.uow import joining_next_commit

log = logging.getLogger(__name__)

#: the one command the kernel itself answers: help generated from every feature's commands
HELP = CommandSpec("hjelp", ("help", "?"), build_help, "commands.usage.hjelp")


class Router:
    """The one entry point adapters call with neutral events."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.features: Registry = ctx.features
        #: called with every inbound event (metrics); must not raise
        self.observers: list[Callable[[InboundEvent], None]] = []

    async def handle(self, event: InboundEvent) -> list[Reply]:
        for observe in self.observers:
            observe(event)
        try:
            cleaned = clean(event)
        except UserError as exc:  # a number longer than anything we store
            return [Reply(Message(await self._explain(exc, _request(self.ctx, event))))]
        if cleaned is None:
            log.warning("a malformed %s (unusable ids) was dropped", type(event).__name__)
            return []
        req = _request(self.ctx, cleaned)
        try:
            reply = await self._route(cleaned, req)
        except UserError as exc:
            return [Reply(Message(await self._explain(exc, req)))]
        except AlreadyHandled:  # another replica finished it: its answer went out there, this effect is undone
            raise
        except Exception as exc:
            if refused_value(exc):  # a value the database cannot hold (e.g. an id beyond its integer range)
                log.warning("a %s carried a value the database refused", type(event).__name__)
                return [Reply(Message(self.ctx.t(await self._language(req), "errors.bad_value")))]
            log.exception("bug while handling %s", type(event).__name__)
            return [Reply(Message(self.ctx.t(await self._language(req), "errors.bug")))]
        return [reply] if reply is not None else []

    async def _route(self, event: InboundEvent, req: Request) -> Reply | None:
        match event:
            case CommandEvent():
                return await self._command(event.text, req)
            case ActionEvent() if event.action_id == RUN_COMMAND:
                # a button that stands for a typed command: the same checks and the same journal (audit log);
                # pressing a forged one is no more than typing that command oneself
                return await self._command(event.value, req)
            case ActionEvent():
                action = self.features.actions.get(event.action_id)
                if action is None:
                    log.warning("unknown action %r", event.action_id)
                    return None
                return await action(Pressed(event.value), req)
            case FormSubmitted():
                form = self.features.forms.get(event.form_id)
                if form is None:
                    log.warning("unknown form %r", event.form_id)
                    return None
                return await form(Submitted(event.metadata, event.values), req)
            case MessageEvent():
                # each feature in turn; the first that answers ends the round (None passes the message on)
                for on_message in self.features.on_message:
                    if (reply := await on_message(req, event)) is not None:
                        return reply
            case MemberJoined():
                for on_join in self.features.on_join:
                    if (reply := await on_join(req)) is not None:
                        return reply
        return None

    async def _command(self, text: str, req: Request) -> Reply:
        command = parse(text, self.features.specs)
        if isinstance(command, Help):
            return self.help(await self._language(req), command.topic)
        name = self.features.names[type(command)]
        journals = [partial(journal, req=req, name=name, command=command) for journal in self.features.command_journals]
        with joining_next_commit(*journals) as waiting:  # e.g. the audit entry, in the same transaction as the change
            reply = await self.features.handlers[type(command)](command, req)
        if waiting:  # it changed nothing, only showed something (a digest, the answers): journals may log the read
            async with self.ctx.uow() as uow:
                for journal in self.features.command_journals:
                    await journal(uow, req=req, name=name, command=command, read=True)
                await uow.commit()
        return reply

    def help(self, lang: str, topic: str | None) -> Reply:
        """Help generated from the registered commands (one topic, or all)."""
        specs = self.features.specs
        chosen = [s for s in specs if topic in (s.name, *s.aliases)] if topic else list(specs)
        lines = [self.ctx.t(lang, s.usage_key) for s in chosen or specs]
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


def _request(ctx: AppContext, event: InboundEvent) -> Request:
    return Request(ctx, event.actor, getattr(event, "channel", None), getattr(event, "trigger", None))
