"""The one validation model (portfolio/schema.py): each rule, and its message."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.errors import ValidationFailed
from portfolio.reference import Vocabulary
from portfolio.schema import parse_eur, project_warnings, validate_project
from tests.factories import project_data


def problems(vocabulary: Vocabulary, **overrides: Any) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as raised:
        validate_project(project_data(**overrides), vocabulary=vocabulary)
    return {issue.field: issue.message for issue in raised.value.issues}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "a title is required"),
        ({"title": "   "}, "title", "a title is required"),
        ({"title": "x" * 301}, "title", "is 301 characters long; at most 300 are allowed"),
        (
            {"start_date": "2024-01-01", "end_date": "2023-12-31"},
            "end_date",
            "the end date 2023-12-31 is before the start date 2024-01-01",
        ),
        ({"start_date": "31/02/2023"}, "start_date", "'31/02/2023' is not a date (write it as YYYY-MM-DD)"),
        ({"budget_eur": "-5"}, "budget_eur", "an amount cannot be negative (-5)"),
        ({"budget_eur": "lots"}, "budget_eur", "'lots' is not a number of euros"),
        ({"budget_eur": "10.0051"}, "budget_eur", "10.0051 has more than two decimals (euros and cents)"),
        (
            {
                "budget_eur": "100",
                "funding": [{"instrument": "NDICI", "amount_eur": "60"}, {"instrument": "EPF", "amount_eur": "50"}],
            },
            "funding",
            "the funding lines add up to EUR 110.00, more than the total budget of EUR 100.00",
        ),
        ({"funding": [{"instrument": "NDICI", "amount_eur": "-1"}]}, "funding", "an amount cannot be negative (-1)"),
        (
            {"countries": [{"country": "SRB", "share_pct": "50"}, {"country": "MNE", "share_pct": "40"}]},
            "countries",
            "country shares add up to 90%; they must add up to 100%",
        ),
        (
            {"countries": [{"country": "SRB", "share_pct": "50"}, {"country": "MNE"}]},
            "countries",
            "give a share for every country, or for none of them",
        ),
        ({"countries": ["Serbia", "SRB"]}, "countries", "Serbia is listed more than once"),
        ({"status": "finished-ish"}, "status", "'finished-ish' is not a known status"),
        (
            {"website": "javascript:alert(1)"},
            "website",
            "'javascript:alert(1)' is not a web address (it should start with https://)",
        ),
        ({"ref": "GLACY-E", "parent_ref": "glacy-e"}, "parent_ref", "'glacy-e' cannot be the parent programme"),
    ],
)
def test_a_broken_rule_names_its_field_and_says_what_is_wrong(
    vocabulary: Vocabulary, overrides: dict[str, Any], field: str, message: str
) -> None:
    found = problems(vocabulary, **overrides)
    assert field in found, found
    assert message in found[field]


def test_an_unknown_country_in_a_list_says_which_item_and_suggests(vocabulary: Vocabulary) -> None:
    found = problems(vocabulary, countries=["Serbia", "Moldovia"])
    assert found["countries"] == "item 2: 'Moldovia' is not a known country. Did you mean Moldova (MDA)?"


def test_every_field_problem_is_reported_at_once(vocabulary: Vocabulary) -> None:
    found = problems(vocabulary, title="", budget_eur="-1", countries=["Narnia"], norms=["z"])
    assert set(found) == {"title", "budget_eur", "countries", "norms"}


def test_valid_input_becomes_codes_and_exact_decimals(vocabulary: Vocabulary) -> None:
    project = validate_project(
        project_data(
            countries=["Republic of Moldova", {"country": "Kosovo*", "share_pct": None}],
            funding=[{"instrument": "NDICI-Global Europe", "funder": "DG NEAR", "amount_eur": "1,200,000.10"}],
            budget_eur="1 500 000",
            norms=["13(d)", {"norm": "Protect critical infrastructure", "primary": False}],
            themes=["Cybercrime"],
            status="on-going",
        ),
        vocabulary=vocabulary,
    )
    assert [c.country for c in project.countries] == ["MDA", "XKX"]
    assert project.funding[0].instrument == "NDICI"
    assert project.funding[0].amount_eur == Decimal("1200000.10")
    assert project.budget_eur == Decimal("1500000.00")
    assert [(n.norm, n.primary) for n in project.norms] == [("d", True), ("g", False)]
    assert project.themes == ("cybercrime",)
    assert project.status == "ongoing"


def test_shares_that_add_up_to_100_are_accepted(vocabulary: Vocabulary) -> None:
    project = validate_project(
        project_data(countries=[{"country": "JOR", "share_pct": "62.5"}, {"country": "LBN", "share_pct": 37.5}]),
        vocabulary=vocabulary,
    )
    assert [c.share_pct for c in project.countries] == [Decimal("62.5"), Decimal("37.5")]


def test_ipa_iii_outside_the_western_balkans_and_turkiye_is_a_warning_not_an_error(vocabulary: Vocabulary) -> None:
    project = validate_project(project_data(countries=["Egypt", "Serbia"]), vocabulary=vocabulary)
    warnings = project_warnings(project, vocabulary=vocabulary)
    assert len(warnings) == 1
    assert warnings[0].field == "funding"
    assert "IPA III" in warnings[0].message
    assert "Egypt" in warnings[0].message
    assert "Serbia" not in warnings[0].message


def test_ipa_iii_for_turkiye_raises_no_warning(vocabulary: Vocabulary) -> None:
    project = validate_project(project_data(countries=["Türkiye", "Albania"]), vocabulary=vocabulary)
    assert project_warnings(project, vocabulary=vocabulary) == []


@given(st.decimals(min_value=0, max_value=Decimal("99999999999999.99"), places=2, allow_nan=False))
def test_a_formatted_amount_parses_back_to_itself(amount: Decimal) -> None:
    for written in (f"{amount:,.2f}", f"{amount:.2f}", f"EUR {amount:,.2f}", f"{amount:,.2f} €".replace(",", " ")):
        assert parse_eur(written) == amount


def test_control_characters_pasted_into_text_are_dropped(vocabulary: Vocabulary) -> None:
    project = validate_project(project_data(title="Cyber\x00 resilience\x07", description="line one\nline\x1b two"),
                               vocabulary=vocabulary)  # fmt: skip
    assert project.title == "Cyber resilience"
    assert project.description == "line one\nline two"
    windows = validate_project(project_data(description="one\r\ntwo\rthree"), vocabulary=vocabulary)
    assert windows.description == "one\ntwo\nthree"
