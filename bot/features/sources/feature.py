"""Sources (kilderegister): each group's register of people, documents, plans and organisations to learn from."""

from __future__ import annotations

from pathlib import Path

from bot.features.sources import commands as c
from bot.features.sources import export, forms, privacy, programme_search, register, tables
from bot.kernel.commands.registry import CommandSpec, Feature

FEATURE = Feature(
    name="sources",
    texts=Path(__file__).parent / "texts",
    needs=("digest", "prompts"),
    commands=(
        CommandSpec("kilde", ("kjelde", "source", "sources", "kilder", "kjelder"), c.build_source, "sources.usage", {
            c.SourceAdd: register.add, c.SourceList: register.list_entries, c.SourceSearch: programme_search.search,
            c.SourceRemove: register.remove, c.SourceHelp: register.show_help, c.SourceForm: forms.open_form,
            c.SourceExport: export.export_register}),
    ),
    actions={register.DETAILS: forms.details_button, forms.FROM_ANSWER: forms.from_answer_button},
    forms={forms.FORM_ID: forms.submit},
    answer_actions=(forms.answer_button,),
    erasers=(privacy.erase_added_by,),
    exporters={"sources": privacy.export_added},
    tables=(tables,),
    inert_tables=(tables.SourceEntry,),
)
