"""The demo portfolio is realistic enough to try every feature on."""

from __future__ import annotations

from itertools import combinations

from sqlalchemy.orm import Session

from portfolio.demo import DEMO_SOURCE, load_demo
from portfolio.projects import ProjectFilter, ProjectRecord, list_projects
from portfolio.reference import Vocabulary
from tests.factories import admin


def _load(session: Session, vocabulary: Vocabulary) -> list[ProjectRecord]:
    load_demo(session, vocabulary=vocabulary, actor=admin("demo"))
    return list_projects(session, filters=ProjectFilter(include_archived=True))


def test_the_demo_portfolio_spans_regions_instruments_norms_and_themes(
    session: Session, vocabulary: Vocabulary
) -> None:
    projects = _load(session, vocabulary)
    assert len(projects) >= 40
    assert {"WB", "EN", "SN"} <= {r for p in projects for r in p.regions}
    outside = {c for p in projects for c in p.country_codes if vocabulary.countries[c].region_code is None}
    assert {"NGA", "IDN", "BRA"} <= outside  # Africa, Asia, Latin America
    assert {"NDICI", "IPA3", "EPF", "GG", "ENI", "IPA2", "ICSP", "DCI", "MS"} <= {
        i for p in projects for i in p.instruments
    }
    assert len({n.code for p in projects for n in p.norms}) >= 8
    assert set(vocabulary.themes) == {t for p in projects for t in p.themes}
    assert all(p.source == DEMO_SOURCE for p in projects)


def test_the_demo_has_a_programme_with_components_and_shared_budgets(session: Session, vocabulary: Vocabulary) -> None:
    projects = _load(session, vocabulary)
    programmes = [p for p in projects if len(p.components) >= 2]
    assert programmes
    multi_country = [p for p in projects if len(p.countries) > 1]
    assert any(all(c.share_pct is not None for c in p.countries) for p in multi_country)
    assert any(all(c.share_pct is None for c in p.countries) for p in multi_country)


def test_the_demo_has_projects_that_overlap_in_place_and_time_with_different_funders(
    session: Session, vocabulary: Vocabulary
) -> None:
    projects = [p for p in _load(session, vocabulary) if p.start_date and p.end_date]
    overlaps = [
        (a.ref, b.ref)
        for a, b in combinations(projects, 2)
        if set(a.country_codes) & set(b.country_codes)
        and a.start_date <= b.end_date
        and b.start_date <= a.end_date  # type: ignore[operator]
        and set(a.themes) & set(b.themes)
        and not set(a.funders) & set(b.funders)
        and a.parent is None
        and b.parent is None
    ]
    assert ("MD-CYBER", "MD-CSIRT-EE") in overlaps or ("MD-CSIRT-EE", "MD-CYBER") in overlaps
    assert len(overlaps) >= 3


def test_loading_the_demo_twice_adds_nothing(session: Session, vocabulary: Vocabulary) -> None:
    first = load_demo(session, vocabulary=vocabulary, actor=admin("demo"))
    second = load_demo(session, vocabulary=vocabulary, actor=admin("demo"))
    assert first.created >= 40
    assert (second.created, second.skipped) == (0, first.created)
