"""The digest's pure rules: rates, privacy threshold, attention ranking, sections, weeks and Norwegian themes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.features.digest.report import tokens as report_tokens
from bot.features.digest.rules import DigestRules, GroupFacts, answer_rate, build_digest
from bot.features.digest.section_values import AnchoringStatus, JargonTrend, MilestoneStatus, sum_sections
from bot.features.digest.themes import QuoteCandidate, extract_themes, pick_quotes
from bot.features.digest.wordlists import lemmatiser, norwegian_stopwords
from bot.kernel.rules.weeks import IsoWeek, parse_week, week_of

NOW = datetime(2026, 12, 6, 22, 0, tzinfo=UTC)
CREATED = NOW - timedelta(days=60)
RULES = DigestRules(min_group_size=3)


def facts(gid: int, name: str, members: int, prompts: int, answers: int, **more: object) -> GroupFacts:
    return GroupFacts(group_id=gid, municipality=name, created_at=CREATED, members_by_sector={"skole": members},
                      prompts=prompts, answers=answers, last_activity=more.pop("last", NOW - timedelta(days=1)),
                      **more)  # type: ignore[arg-type]


def test_answer_rate_is_answers_per_possible_answer_and_undefined_without_prompts() -> None:
    assert answer_rate(4, 2, 4) == 0.5
    assert answer_rate(1, 1, 3) == pytest.approx(1 / 3)
    assert answer_rate(0, 0, 5) is None
    assert answer_rate(9, 1, 3) == 1.0


def test_groups_below_the_threshold_show_no_rate_no_change_and_no_length() -> None:
    digest = build_digest("P", IsoWeek(2026, 49), [facts(1, "Vik", 2, 1, 0, previous_members=2, previous_prompts=1,
                                                         previous_answers=2, median_length=40.0)], RULES, now=NOW)
    [vik] = digest.groups
    assert vik.is_small and vik.answer_rate is None and vik.rate_change is None and vik.median_length is None
    assert vik.reasons == ()  # no rate-based reason can leak what one of two people did


def test_attention_ranks_silence_and_overdue_milestones_before_rate_reasons() -> None:
    groups = [
        facts(1, "Bodø", 4, 2, 4, previous_members=4, previous_prompts=1, previous_answers=4),  # 0.5, fell 50 pp
        facts(2, "Tromsø", 3, 1, 1),  # 0.33: low
        facts(3, "Alta", 3, 0, 0, last=NOW - timedelta(days=20)),  # silent
        facts(4, "Moss", 5, 1, 5, sections=(MilestoneStatus(done=1, due=0, overdue=2),)),
        facts(5, "Os", 5, 1, 5),  # fine
    ]
    digest = build_digest("P", IsoWeek(2026, 49), groups, RULES, now=NOW)
    assert [g.municipality for g in digest.attention] == ["Moss", "Alta", "Bodø", "Tromsø"]
    assert [r.code for r in digest.attention[2].reasons] == ["falling"]
    assert digest.attention[0].reasons[0].value == 2


def test_totals_sum_members_prompts_answers_and_sections() -> None:
    groups = [facts(1, "A", 4, 2, 4, sections=(JargonTrend(3, 100, 1, 50),)),
              facts(2, "B", 3, 1, 1, sections=(JargonTrend(1, 100, 0, 50), AnchoringStatus({"up": 2}, {}))),
              facts(3, "C", 2, 1, 2)]
    totals = build_digest("P", IsoWeek(2026, 49), groups, RULES, now=NOW, median_length=42.0).totals
    assert (totals.groups, totals.members, totals.prompts, totals.answers) == (3, 9, 4, 5)
    assert totals.answer_rate == pytest.approx(5 / 11)  # C (2 members, hidden) stays out of the rate
    anchoring, jargon = totals.sections  # always in the order milestones, anchoring, jargon
    assert jargon == JargonTrend(4, 200, 1, 100) and jargon.per_100 == 2.0 and jargon.change == 1.0
    assert anchoring.by_direction == {"up": 2}


def test_sections_sum_per_type() -> None:
    summed = sum_sections([(MilestoneStatus(1, 2, 3),), (MilestoneStatus(1, 0, 1), AnchoringStatus({"up": 1}, {}))])
    assert summed == (MilestoneStatus(2, 2, 4), AnchoringStatus({"up": 1}, {}))


def test_iso_weeks_parse_and_have_oslo_bounds_across_dst() -> None:
    today = IsoWeek(2026, 49)
    assert parse_week("2026-W48", today=today) == IsoWeek(2026, 48)
    assert parse_week("uke 48", today=today) == IsoWeek(2026, 48)
    assert parse_week("52", today=today) == IsoWeek(2025, 52)
    assert parse_week("2026-W54", today=today) is None and parse_week("neste", today=today) is None
    start, end = IsoWeek(2026, 13).bounds("Europe/Oslo")  # DST starts on Sunday 29 March 2026
    assert start == datetime(2026, 3, 22, 23, tzinfo=UTC) and end == datetime(2026, 3, 29, 22, tzinfo=UTC)
    assert week_of(datetime(2026, 11, 29, 23, 30, tzinfo=UTC), "Europe/Oslo") == IsoWeek(2026, 49)
    assert str(IsoWeek(2026, 1).previous()) == "2025-W52"


def test_themes_are_norwegian_lemmas_without_stopwords_counted_once_per_reflection() -> None:
    texts = ["Vi møtte barnehagene og skolen.", "Barnehagen og skolene samarbeider, og det er bra og bra.",
             "Kulturskolen spilte for barnehagen."]
    themes = extract_themes(texts, stopwords=norwegian_stopwords(), lemmatise=lemmatiser("nb"))
    assert [(t.word, t.count) for t in themes] == [("barnehage", 3), ("skole", 2)]


def test_nynorsk_stopwords_are_left_out_too() -> None:
    texts = ["Eg trur ikkje at dei kjem, men kulturskulen kjem.", "Eg meiner kulturskulen kan det."]
    words = [t.word for t in extract_themes(texts, stopwords=norwegian_stopwords(), lemmatise=lemmatiser("nn"))]
    assert words == ["kulturskule"]


def test_quotes_of_small_groups_lose_their_municipality() -> None:
    candidates = [QuoteCandidate("Barnehagen og kulturskolen fant hverandre.", "Vik", 2),
                  QuoteCandidate("Barnehagen var med på planleggingen i år.", "Bodø", 5)]
    quotes = pick_quotes(candidates, (), stopwords=frozenset(), lemmatise=str, min_group_size=3)
    assert {(q.municipality, q.text[:10]) for q in quotes} == {(None, "Barnehagen"), ("Bodø", "Barnehagen")}


def test_report_tokens_verify_only_their_own_report_and_expire() -> None:
    token = report_tokens.sign("s3cret", 7, "2026-W49", NOW + timedelta(days=1))
    assert report_tokens.verify("s3cret", 7, "2026-W49", token, now=NOW)
    assert not report_tokens.verify("s3cret", 8, "2026-W49", token, now=NOW)
    assert not report_tokens.verify("s3cret", 7, "2026-W48", token, now=NOW)
    assert not report_tokens.verify("other", 7, "2026-W49", token, now=NOW)
    assert not report_tokens.verify("s3cret", 7, "2026-W49", token, now=NOW + timedelta(days=2))
    assert not report_tokens.verify("s3cret", 7, "2026-W49", "garbage", now=NOW)
