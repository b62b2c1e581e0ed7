"""Verdicts on candidate pairs, and merging a project entered twice (portfolio/verdicts.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from portfolio.audit import AuditFilter, list_audit
from portfolio.errors import PortfolioError, VersionConflict
from portfolio.importer import import_workbook
from portfolio.projects import ProjectFilter, find_project, get_project, list_projects, project_history, update_project
from portfolio.reference import Vocabulary
from portfolio.verdicts import (
    comment_on_pair,
    differing_fields,
    merge_projects,
    open_candidates,
    pair_discussion,
    record_verdict,
)
from tests.factories import admin, make_project, valid_project
from tests.workbooks import workbook_bytes


def _twins(session: Session, vocabulary: Vocabulary) -> tuple[int, int]:
    first = make_project(
        session,
        vocabulary,
        ref="CYBERSOUTH",
        title="Cooperation on cybercrime in the Southern Neighbourhood",
        countries=["DZA", "JOR", "MAR"],
        implementers=["Council of Europe"],
        acronym="CyberSouth",
        funding=[{"instrument": "ENI", "funder": "DG NEAR", "amount_eur": "5000000"}],
        budget_eur="5000000",
    )
    second = make_project(
        session,
        vocabulary,
        ref=None,
        title="Cyber South - Cooperation on Cybercrime in the Southern Neighbourhood",
        countries=["DZA", "JOR", "MAR", "TUN"],
        implementers=["CoE"],
        website="https://example.org/cybersouth",
        funding=[{"instrument": "ENI", "funder": "DG NEAR", "amount_eur": "4950000"}],
        budget_eur="4950000",
    )
    return first.id, second.id  # fmt: skip


def _pairs(session: Session, vocabulary: Vocabulary) -> set[frozenset[int]]:
    return {frozenset((c.a.id, c.b.id)) for c in open_candidates(session, vocabulary=vocabulary, kind="same-record")}


def test_a_pair_with_a_verdict_stays_away_until_a_material_field_changes(
    session: Session, vocabulary: Vocabulary
) -> None:
    a, b = _twins(session, vocabulary)
    assert frozenset((a, b)) in _pairs(session, vocabulary)
    record_verdict(
        session, a_id=b, b_id=a, verdict="not-same", note="two phases, checked with DG NEAR", actor=admin("board")
    )
    assert frozenset((a, b)) not in _pairs(session, vocabulary)
    stored = get_project(session, project_id=b)
    changed = _input(stored) | {"contact": "someone@example.org"}
    update_project(session, project_id=b, expected_version=stored.version, actor=admin("pm"),
                   project=valid_project(vocabulary, **changed))  # fmt: skip
    assert frozenset((a, b)) not in _pairs(session, vocabulary)  # contact is not material
    stored = get_project(session, project_id=b)
    update_project(session, project_id=b, expected_version=stored.version, actor=admin("pm"),
                   project=valid_project(vocabulary, **(_input(stored) | {"end_date": "2026-06-30"})))  # fmt: skip
    assert frozenset((a, b)) in _pairs(session, vocabulary)  # the dates changed: worth another look


def _input(record: object) -> dict[str, object]:
    from portfolio.projects import record_input

    return record_input(record)  # type: ignore[arg-type]


def test_an_unknown_verdict_is_refused(session: Session, vocabulary: Vocabulary) -> None:
    a, b = _twins(session, vocabulary)
    with pytest.raises(PortfolioError, match="is not a verdict"):
        record_verdict(session, a_id=a, b_id=b, verdict="maybe", note=None, actor=admin("board"))


def test_merging_keeps_the_chosen_values_archives_the_other_and_keeps_its_reference(
    session: Session, vocabulary: Vocabulary
) -> None:
    a, b = _twins(session, vocabulary)
    assert {"ref", "title", "countries", "funding", "budget_eur", "website"} <= set(
        differing_fields(get_project(session, project_id=a), get_project(session, project_id=b))
    )
    versions = {a: 1, b: 1}
    choices = {"ref": "other", "title": "other", "budget_eur": "other"}
    merged = merge_projects(session, survivor_id=b, other_id=a, choices=choices, expected_versions=versions,
                            vocabulary=vocabulary, actor=admin("steward"), note="entered twice")  # fmt: skip
    assert merged.id == b
    assert merged.ref == "CYBERSOUTH"
    assert merged.title == "Cooperation on cybercrime in the Southern Neighbourhood"
    assert str(merged.budget_eur) == "5000000.00"
    assert merged.website == "https://example.org/cybersouth"  # the survivor's own value
    assert merged.country_codes == ("DZA", "JOR", "MAR", "TUN")
    other = get_project(session, project_id=a)
    assert other.archived
    assert other.ref is None
    assert "merged into CYBERSOUTH" in other.title
    assert find_project(session, ref="CYBERSOUTH").id == b
    assert [e.action for e in project_history(session, project_id=a)][:2] == ["update", "archive"]
    assert frozenset((a, b)) not in _pairs(session, vocabulary)
    assert b in {r.id for r in list_projects(session, filters=ProjectFilter())}


def test_an_old_reference_finds_the_survivor_in_searches_and_imports(session: Session, vocabulary: Vocabulary) -> None:
    a, b = _twins(session, vocabulary)
    merge_projects(session, survivor_id=b, other_id=a, choices={}, expected_versions={a: 1, b: 1},
                   vocabulary=vocabulary, actor=admin("steward"))  # fmt: skip
    assert find_project(session, ref="CYBERSOUTH").id == b
    sheet = workbook_bytes(
        [["Ref", "Title", "Contact"], ["CYBERSOUTH", "Cooperation on cybercrime", "new@example.org"]]
    )
    report = import_workbook(session, file=__import__("io").BytesIO(sheet), file_name="s.xlsx", vocabulary=vocabulary,
                             actor=admin("steward"))  # fmt: skip
    assert (report.created, report.updated) == (0, 1)
    assert get_project(session, project_id=b).contact == "new@example.org"


def test_a_merge_on_a_stale_version_changes_nothing(session: Session, vocabulary: Vocabulary) -> None:
    a, b = _twins(session, vocabulary)
    with pytest.raises(VersionConflict):
        merge_projects(session, survivor_id=b, other_id=a, choices={}, expected_versions={a: 1, b: 7},
                       vocabulary=vocabulary, actor=admin("steward"))  # fmt: skip


def test_candidates_can_be_limited_to_a_region(session: Session, vocabulary: Vocabulary) -> None:
    a, b = _twins(session, vocabulary)  # both in the Southern Neighbourhood
    from portfolio.projects import ProjectFilter

    in_sn = open_candidates(session, vocabulary=vocabulary, kind="same-record", within=ProjectFilter(regions=("SN",)))
    in_wb = open_candidates(session, vocabulary=vocabulary, kind="same-record", within=ProjectFilter(regions=("WB",)))
    assert frozenset((a, b)) in {frozenset((c.a.id, c.b.id)) for c in in_sn}
    assert in_wb == []


def test_a_comment_keeps_the_discussion_with_the_pair_without_deciding_it(
    session: Session, vocabulary: Vocabulary
) -> None:
    a, b = _twins(session, vocabulary)
    comment_on_pair(session, a_id=b, b_id=a, text="  Asked the delegation in Tunis.  ", actor=admin("bruno"))
    assert frozenset((a, b)) in _pairs(session, vocabulary)  # still open
    record_verdict(session, a_id=a, b_id=b, verdict="not-same", note="two phases", actor=admin("ada"))
    discussion = pair_discussion(session, a_id=a, b_id=b)
    assert [(n.kind, n.actor, n.text) for n in discussion] == [
        ("comment", "bruno", "Asked the delegation in Tunis."),
        ("not-same", "ada", "two phases"),
    ]
    with pytest.raises(PortfolioError, match="empty"):
        comment_on_pair(session, a_id=a, b_id=b, text="   ", actor=admin())
    with pytest.raises(PortfolioError, match="at most 4,000"):
        comment_on_pair(session, a_id=a, b_id=b, text="x" * 4001, actor=admin())
    events = list_audit(session, actor=admin(), filters=AuditFilter(subject="comment"))
    assert [(e.actor, e.changes) for e in events] == [("bruno", {"comment": [None, "Asked the delegation in Tunis."]})]
