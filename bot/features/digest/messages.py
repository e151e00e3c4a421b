"""The digest as a render-neutral Message (headline fields, attention list, compact group lines) and as text.

Only group-level figures go in; `core.digest` has already hidden rates of groups below the threshold, and
quotes carry no author. Nothing here can name a person: the digest model has no person in it.
"""

from __future__ import annotations

from bot.features.digest.format import Formatter
from bot.features.digest.rules import Digest, GroupDigest
from bot.kernel.chat.messages import Field, Message

MAX_GROUP_LINES = 25  # chat messages stay short; the report has every group


def headline_fields(digest: Digest, fmt: Formatter) -> tuple[Field, ...]:
    """The programme's numbers, then one field per optional section that has data."""
    totals = digest.totals
    fields = [
        Field(fmt.t("digest.field.groups"), str(totals.groups)),
        Field(fmt.t("digest.field.members"), str(totals.members)),
        Field(fmt.t("digest.field.prompts"), str(totals.prompts)),
        Field(fmt.t("digest.field.answer_rate"), fmt.percent(totals.answer_rate)),
        Field(fmt.t("digest.field.median_length"), fmt.chars(totals.median_length)),
    ]
    fields += [Field(*fmt.section_field(s)) for s in totals.sections]
    return tuple(fields)


def group_line(group: GroupDigest, fmt: Formatter) -> str:
    """One compact line per group: members, prompts, rate and change, median length, last activity."""
    common = {"name": group.municipality, "members": group.members, "prompts": group.prompts,
              "last": fmt.day(group.last_activity)}
    if group.is_small:
        return fmt.t("digest.group_line_small", **common)
    change = f" ({fmt.points(group.rate_change)})" if group.rate_change is not None else ""
    return fmt.t("digest.group_line", rate=fmt.percent(group.answer_rate), change=change,
                 length=fmt.chars(group.median_length), **common)


def attention_lines(digest: Digest, fmt: Formatter) -> list[str]:
    if not digest.attention:
        return [fmt.t("digest.none_need_attention")]
    return [f"• *{g.municipality}*: {fmt.reasons(g)}" for g in digest.attention[:MAX_GROUP_LINES]]


def theme_lines(digest: Digest, fmt: Formatter) -> list[str]:
    lines = [f"*{fmt.t('digest.heading.themes')}*"]
    if not digest.themes:
        return [*lines, fmt.t("digest.no_themes")]
    lines.append(", ".join(f"{t.word} ({t.count})" for t in digest.themes))
    if digest.quotes:
        lines.append(f"*{fmt.t('digest.heading.quotes')}*")
        lines += [fmt.t("digest.quote_line_place", text=q.text, municipality=q.municipality) if q.municipality
                  else fmt.t("digest.quote_line", text=q.text) for q in digest.quotes]
    return lines


def programme_message(digest: Digest, fmt: Formatter, *, min_group_size: int, report_url: str | None = None
                      ) -> Message:
    """The lead's weekly digest."""
    lines = [f"*{fmt.t('digest.heading.attention')}*", *attention_lines(digest, fmt), "",
             f"*{fmt.t('digest.heading.groups')}*"]
    lines += [group_line(g, fmt) for g in digest.groups[:MAX_GROUP_LINES]]
    if len(digest.groups) > MAX_GROUP_LINES:
        lines.append(fmt.t("digest.more_groups", count=len(digest.groups) - MAX_GROUP_LINES))
    lines += ["", *theme_lines(digest, fmt)]
    if report_url:
        lines += ["", fmt.t("digest.report_link", url=report_url)]
    return Message("\n".join(lines), title=fmt.t("digest.title", week=digest.week.week, name=digest.title),
                   fields=headline_fields(digest, fmt), footer=fmt.t("digest.footer", size=min_group_size))


def group_message(digest: Digest, fmt: Formatter, *, min_group_size: int) -> Message:
    """A coordinator's weekly summary of their own group (the same privacy rules as for leads)."""
    group = digest.groups[0]
    fields = [Field(fmt.t("digest.field.members"), str(group.members)),
              Field(fmt.t("digest.field.sectors"), fmt.sectors(group.members_by_sector)),
              Field(fmt.t("digest.field.prompts"), str(group.prompts))]
    hidden = fmt.t("digest.value.hidden", size=min_group_size)
    fields += [Field(fmt.t("digest.field.answer_rate"), hidden if group.is_small else fmt.percent(group.answer_rate)),
               Field(fmt.t("digest.field.change"), hidden if group.is_small else fmt.points(group.rate_change)),
               Field(fmt.t("digest.field.median_length"), hidden if group.is_small else fmt.chars(group.median_length)),
               Field(fmt.t("digest.field.last_activity"), fmt.day(group.last_activity))]
    fields += [Field(*fmt.section_field(s)) for s in group.sections]
    lines = attention_lines(digest, fmt) + [""] + theme_lines(digest, fmt)
    return Message("\n".join(lines), title=fmt.t("digest.title_group", week=digest.week.week, name=group.municipality),
                   fields=tuple(fields), footer=fmt.t("digest.footer", size=min_group_size))


def message_lines(message: Message) -> list[str]:
    """A message as plain text lines (the demo's ending, the CLI)."""
    lines = [message.title or "", *(f"  {f.label}: {f.value}" for f in message.fields), "", *message.text.splitlines()]
    return [*lines, f"({message.footer})"] if message.footer else lines
