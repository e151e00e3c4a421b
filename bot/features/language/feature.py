"""Language: private hints about jargon (stammespråk), the group's glossary, and the weekly jargon counts."""

from __future__ import annotations

from pathlib import Path

from bot.features.language import commands as c
from bot.features.language import counts, glossary, hints, preferences, suggestions, tables
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="language",
    texts=Path(__file__).parent / "texts",
    needs=("digest",),
    commands=(
        CommandSpec("ordliste", ("glossary", "ordlista"), c.build_glossary, c.GLOSSARY_USAGE, {
            c.GlossaryAdd: glossary.add_term, c.GlossaryList: glossary.list_terms,
            c.GlossaryRemove: glossary.remove_term, c.GlossaryUnderstood: glossary.mark_understood,
            c.GlossarySuggest: suggestions.suggest_term, c.GlossaryAccept: suggestions.accept_suggestion,
            c.GlossaryCandidates: suggestions.list_candidates}),
        CommandSpec("språkhint", ("sprakhint", "hints", "språktips"), c.build_hints, c.HINTS_USAGE, {
            c.SetHints: preferences.set_hints, c.SetChannelHints: preferences.set_channel_hints}),
    ),
    actions={hints.WHY: preferences.explain_hint, hints.MUTE: preferences.mute_term,
             preferences.SET_HINTS: preferences.toggle_hints_button},
    on_message=(hints.check_channel_message,),
    digest_sections=(counts.jargon_trend,),
    erasers=(preferences.erase_language_data,),
    exporters={"language_hints": preferences.export_language_data},
    nudge_counters=(hints.hints_given,),
    answer_tips=(hints.reflection_suggestion,),
    tables=(tables,),
    inert_tables=(tables.GroupTerm, tables.TermSuppression, tables.TermSuggestion, tables.HintLog,
                  tables.JargonCount, tables.TermCount, tables.CandidateCount),
)
