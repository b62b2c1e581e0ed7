"""Coverage figures with hand-computed expectations (portfolio/coverage.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from portfolio.coverage import Coverage, portfolio_coverage, split_evenly
from portfolio.projects import ProjectFilter, archive_project
from portfolio.reference import Vocabulary
from tests.factories import admin, make_project


def _line(instrument: str, amount: str, funder: str = "DG NEAR") -> dict[str, str]:
    return {"instrument": instrument, "funder": funder, "amount_eur": amount}


@pytest.fixture
def small(session: Session, vocabulary: Vocabulary) -> Session:
    make_project(
        session,
        vocabulary,
        ref="A",
        countries=[{"country": "SRB", "share_pct": "60"}, {"country": "TUR", "share_pct": "40"}],
        budget_eur="1000",
        funding=[_line("NDICI", "1000")],
        norms=["d"],
        themes=["cybercrime"],
        start_date="2023-01-01",
        end_date="2024-12-31",
    )
    make_project(
        session,
        vocabulary,
        ref="B",
        countries=["MDA", "UKR", "GEO"],
        budget_eur="300",
        funding=[_line("EPF", "300", "Council of the EU")],
        norms=["g"],
        themes=["incident-cip"],
        start_date="2022-07-01",
        end_date="2023-06-30",
    )
    make_project(
        session,
        vocabulary,
        ref="P",
        countries=["ALB"],
        budget_eur="1000",
        funding=[_line("IPA3", "1000")],
        norms=["a"],
        start_date="2022-01-01",
        end_date="2026-12-31",
    )
    make_project(
        session,
        vocabulary,
        ref="C1",
        parent_ref="P",
        countries=["ALB"],
        budget_eur="400",
        funding=[_line("IPA3", "400")],
        norms=["a"],
        start_date="2022-01-01",
        end_date="2026-12-31",
    )
    make_project(
        session,
        vocabulary,
        ref="C2",
        parent_ref="P",
        countries=["MNE"],
        budget_eur="300",
        funding=[_line("IPA3", "300")],
        norms=["a"],
        start_date="2022-01-01",
        end_date="2026-12-31",
    )
    make_project(
        session,
        vocabulary,
        ref="D",
        status="cancelled",
        countries=["SRB"],
        budget_eur="500",
        funding=[_line("NDICI", "500")],
        norms=["d"],
        start_date="2023-01-01",
        end_date="2023-12-31",
    )
    archived = make_project(
        session,
        vocabulary,
        ref="E",
        countries=["SRB"],
        budget_eur="700",
        funding=[_line("NDICI", "700")],
        start_date="2023-01-01",
        end_date="2023-12-31",
    )
    archive_project(session, project_id=archived.id, expected_version=1, actor=admin("t"))
    return session  # fmt: skip


def _figures(session: Session, vocabulary: Vocabulary, **options: object) -> Coverage:
    filters = options.pop("filters", ProjectFilter())
    return portfolio_coverage(session, filters=filters, vocabulary=vocabulary, **options)  # type: ignore[arg-type]


def _by(coverage: Coverage, dimension: str) -> dict[str, tuple[int, Decimal, Decimal]]:
    return {r.key: (r.projects, r.budget_eur, r.equal_split_eur) for r in coverage.by(dimension)}


def test_budgets_split_by_shares_else_equally_and_say_how_much(small: Session, vocabulary: Vocabulary) -> None:
    by_country = _by(_figures(small, vocabulary), "country")
    assert by_country["SRB"] == (1, Decimal("600.00"), Decimal(0))
    assert by_country["TUR"] == (1, Decimal("400.00"), Decimal(0))
    assert by_country["MDA"] == by_country["UKR"] == by_country["GEO"] == (1, Decimal("100.00"), Decimal("100.00"))


def test_a_programme_and_its_components_are_counted_once(small: Session, vocabulary: Vocabulary) -> None:
    figures = _figures(small, vocabulary)
    by_country = _by(figures, "country")
    assert by_country["ALB"] == (2, Decimal("700.00"), Decimal(0))  # the programme's 300 left over, and C1's 400
    assert by_country["MNE"] == (1, Decimal("300.00"), Decimal(0))
    assert figures.total_budget == Decimal("2300.00")  # A 1000 + B 300 + P 1000 (of which C1 and C2 700)
    assert _by(figures, "instrument")["IPA3"] == (3, Decimal("1000.00"), Decimal(0))


def test_a_region_adds_only_its_own_countries_shares(small: Session, vocabulary: Vocabulary) -> None:
    by_region = _by(_figures(small, vocabulary), "region")
    assert by_region["WB"] == (4, Decimal("1600.00"), Decimal(0))  # Serbia's 600 of A, not Türkiye's 400
    assert by_region["EN"] == (1, Decimal("300.00"), Decimal("300.00"))
    assert "SN" not in by_region


def test_cancelled_and_archived_projects_are_out_unless_asked_for(small: Session, vocabulary: Vocabulary) -> None:
    assert _by(_figures(small, vocabulary), "country")["SRB"][1] == Decimal("600.00")
    with_cancelled = _by(_figures(small, vocabulary, include_cancelled=True), "country")
    assert with_cancelled["SRB"] == (2, Decimal("1100.00"), Decimal(0))
    with_archived = _by(_figures(small, vocabulary, filters=ProjectFilter(include_archived=True)), "country")
    assert with_archived["SRB"] == (2, Decimal("1300.00"), Decimal(0))


def test_a_period_keeps_the_projects_active_in_it(small: Session, vocabulary: Vocabulary) -> None:
    figures = _figures(small, vocabulary, filters=ProjectFilter(active_from=date(2024, 1, 1)))
    assert {p.ref for p in figures.projects} == {"A", "P", "C1", "C2"}


def test_by_year_spreads_a_budget_evenly_over_its_active_days(small: Session, vocabulary: Vocabulary) -> None:
    only_a_and_b = _figures(small, vocabulary, filters=ProjectFilter(norms=("d", "g")))
    by_year = _by(only_a_and_b, "year")
    # A: 1000 over 2023 (365 days) and 2024 (366 days); B: 300 over 184 days of 2022 and 181 of 2023.
    assert by_year["2022"][1] == Decimal("151.24")
    assert by_year["2023"][1] == Decimal("499.32") + Decimal("148.76")
    assert by_year["2024"][1] == Decimal("500.68")
    assert sum(v[1] for v in by_year.values()) == Decimal("1300.00")


def test_older_instruments_can_be_grouped_with_their_successor(session: Session, vocabulary: Vocabulary) -> None:
    make_project(session, vocabulary, budget_eur="100", funding=[_line("ENI", "100")])
    make_project(session, vocabulary, budget_eur="50", funding=[_line("NDICI", "50")])
    assert set(_by(_figures(session, vocabulary), "instrument")) == {"ENI", "NDICI"}
    grouped = _by(_figures(session, vocabulary, group_instruments=True), "instrument")
    assert grouped == {"NDICI": (2, Decimal("150.00"), Decimal(0))}


def test_norms_and_themes_count_each_project_fully(small: Session, vocabulary: Vocabulary) -> None:
    figures = _figures(small, vocabulary)
    assert _by(figures, "norm")["a"] == (3, Decimal("1000.00"), Decimal(0))  # P's 300 + C1 400 + C2 300
    assert _by(figures, "theme")["cybercrime"] == (1, Decimal("1000.00"), Decimal(0))


def test_the_gap_matrix_covers_every_focus_country_and_norm(small: Session, vocabulary: Vocabulary) -> None:
    cells = {(c.country, c.norm): (c.projects, c.budget_eur) for c in _figures(small, vocabulary).gap_matrix()}
    assert len(cells) == 22 * 11
    assert cells[("SRB", "d")] == (1, Decimal("600.00"))
    assert cells[("MDA", "g")] == (1, Decimal("100.00"))
    assert cells[("ALB", "a")] == (2, Decimal("700.00"))
    assert cells[("LBY", "k")] == (0, Decimal(0))


@pytest.mark.parametrize(("amount", "parts"), [("100.00", 3), ("0.05", 3), ("1000000.01", 7), ("0", 4)])
def test_an_equal_split_adds_up_to_the_amount_to_the_cent(amount: str, parts: int) -> None:
    split = split_evenly(Decimal(amount), parts)
    assert sum(split) == Decimal(amount)
    assert max(split) - min(split) <= Decimal("0.01")
