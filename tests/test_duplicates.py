"""Duplication checks (portfolio/duplicates.py): quality on a labelled set, and the kinds of pair."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio.demo import load_demo
from portfolio.duplicates import OVERLAP, SAME_RECORD, THRESHOLDS, find_duplicates, normalise_title
from portfolio.reference import Vocabulary
from tests.duplicate_pairs import evaluate, labelled_pairs
from tests.factories import admin


def test_the_labelled_set_has_at_least_60_pairs_of_both_kinds() -> None:
    pairs = labelled_pairs()
    assert len(pairs) >= 60
    assert sum(1 for *_, same in pairs if same) >= 25
    assert sum(1 for *_, same in pairs if not same) >= 25


def test_same_record_detection_holds_precision_and_recall_on_the_labelled_set(
    session: Session, vocabulary: Vocabulary
) -> None:
    precision, recall, outcomes = evaluate(session, vocabulary)
    misses = [(a, b, same, score) for a, b, same, score in outcomes if (score >= THRESHOLDS[SAME_RECORD]) != same]
    assert precision >= 0.9, misses
    assert recall >= 0.95, misses


def test_programme_phases_fall_below_the_threshold_but_show_as_related(
    session: Session, vocabulary: Vocabulary
) -> None:
    load_demo(session, vocabulary=vocabulary, actor=admin("demo"))
    found = find_duplicates(session, vocabulary=vocabulary, kind=SAME_RECORD, include_related=True)
    assert all(
        c.score >= THRESHOLDS[SAME_RECORD] for c in find_duplicates(session, vocabulary=vocabulary, kind=SAME_RECORD)
    )
    by_pair = {frozenset((c.a.label, c.b.label)): c for c in found}
    esiwa = by_pair[frozenset(("ESIWA", "ESIWA+"))]
    assert esiwa.related
    assert esiwa.score < THRESHOLDS[SAME_RECORD]
    cybersouth = next(c for c in found if {c.a.label, c.b.label} >= {"CYBERSOUTH"} and not c.related)
    assert cybersouth.score >= THRESHOLDS[SAME_RECORD]
    assert "same implementer: Council of Europe" in cybersouth.reasons


def test_overlaps_are_different_projects_in_the_same_place_time_and_purpose(
    session: Session, vocabulary: Vocabulary
) -> None:
    load_demo(session, vocabulary=vocabulary, actor=admin("demo"))
    found = find_duplicates(session, vocabulary=vocabulary, kind=OVERLAP)
    pairs = {frozenset((c.a.label, c.b.label)): c for c in found}
    moldova = pairs[frozenset(("MD-CYBER", "MD-CSIRT-EE"))]
    assert moldova.score >= THRESHOLDS[OVERLAP]
    assert "both in Moldova" in moldova.reasons
    assert any(r.startswith("different funders") for r in moldova.reasons)
    assert all(c.score >= THRESHOLDS[OVERLAP] for c in found)
    assert frozenset(("WB-CYBER", "WB-CYBER-CSIRT")) not in pairs  # a programme and its component


def test_titles_are_compared_without_case_accents_dashes_or_abbreviations() -> None:
    assert normalise_title("GLACY-e – Global Action on Cyber-Crime") == normalise_title(
        "glacy e global action cyber crime"
    )
    assert normalise_title("Cyber resilience in the EaP") == normalise_title(
        "Cyber resilience in the Eastern Partnership"
    )
