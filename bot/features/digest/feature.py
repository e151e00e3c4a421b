"""Digest: the weekly digest for project leads and mentors, its preview, quote consent, the report and export."""

from __future__ import annotations

from pathlib import Path

from bot.features.digest import commands as c
from bot.features.digest import delivery, erasure, handlers, mentor_handlers, mentors, research, tables
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="digest",
    texts=Path(__file__).parent / "texts",
    needs=("prompts",),
    commands=(
        CommandSpec("sammendrag", ("digest", "oppsummering"), c.build_preview, "digest.usage.sammendrag",
                    {c.DigestPreview: handlers.preview_digest}),
        CommandSpec("sitat", ("quote",), c.build_quote, "digest.usage.sitat",
                    {c.QuoteConsent: handlers.set_quote_consent}),
        CommandSpec("forskning", ("forsking", "research"), c.build_research, "digest.usage.forskning",
                    {c.ResearchConsent: research.research_consent}),
        CommandSpec("prosjektleder", ("prosjektleiar", "lead"), c.build_lead, "digest.usage.prosjektleder",
                    {c.RegisterLead: handlers.register_lead}),
        CommandSpec("fadder", ("mentor",), c.build_mentor, "digest.usage.fadder", {
            c.AssignMentor: mentor_handlers.assign_mentor, c.RemoveMentor: mentor_handlers.remove_mentor,
            c.MentorList: mentor_handlers.list_mentoring, c.MentorPrompt: mentor_handlers.mentor_prompt}),
        CommandSpec("be-om-støtte", ("be-om-stotte", "be-om-stønad", "ask-support", "support"), c.build_support,
                    "digest.usage.be-om-støtte", {c.AskSupport: mentor_handlers.ask_support}),
    ),
    tick_jobs=(delivery.plan_digests,),
    digest_sections=(mentors.support_requests,),
    erasers=(erasure.erase_digest_roles, research.erase_research_consent, mentors.erase_mentoring),
    exporters={"mentoring": mentors.export_mentoring},
    tables=(tables,),
)
