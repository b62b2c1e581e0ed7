"""Reading spreadsheet cells: dates, amounts, lists and headings, as tables of cases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from portfolio.cells import parse_date, split_list
from portfolio.schema import parse_eur
from portfolio.sheets import field_for_header


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        (datetime(2024, 3, 1, 0, 0), date(2024, 3, 1), date(2024, 3, 1)),
        ("2024-03-01", date(2024, 3, 1), date(2024, 3, 1)),
        ("01/03/2024", date(2024, 3, 1), date(2024, 3, 1)),
        ("1.3.2024", date(2024, 3, 1), date(2024, 3, 1)),
        ("03/2024", date(2024, 3, 1), date(2024, 3, 31)),
        ("02/2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("March 2024", date(2024, 3, 1), date(2024, 3, 31)),
        ("Mar-24", date(2024, 3, 1), date(2024, 3, 31)),
        ("sept 2023", date(2023, 9, 1), date(2023, 9, 30)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        (2024, date(2024, 1, 1), date(2024, 12, 31)),
        ("  ", None, None),
    ],
)
def test_a_date_cell_is_read_and_a_partial_date_means_the_first_or_last_day(
    written: object, start: date | None, end: date | None
) -> None:
    assert parse_date(written) == start
    assert parse_date(written, end=True) == end


@pytest.mark.parametrize("written", ["31/02/2023", "2023-02-30", "13/2024", "next spring", "45352", "2024-13-01"])
def test_an_impossible_or_unreadable_date_is_an_error_not_a_guess(written: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(written)


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        (1200000, "1200000.00"),
        (1200000.5, "1200000.50"),
        ("1,200,000", "1200000.00"),
        ("1.200.000", "1200000.00"),
        ("1 200 000", "1200000.00"),
        ("1\u00a0200\u00a0000", "1200000.00"),
        ("€1.2m", "1200000.00"),
        ("EUR 1.2 million", "1200000.00"),
        ("850k", "850000.00"),
        ("3,5 M€", "3500000.00"),
        ("1,200", "1200.00"),
        ("1.200", "1200.00"),
        ("12,5", "12.50"),
        ("1.250,75", "1250.75"),
        ("1,250.75", "1250.75"),
        ("EUR 2 bn", "2000000000.00"),
    ],
)
def test_an_amount_is_read_in_the_ways_people_write_it(written: object, amount: str) -> None:
    assert parse_eur(written) == Decimal(amount)


@pytest.mark.parametrize("written", ["-5", "EUR -1,000", "lots", "1.2.3", "1,2,3", "€", "12 apples"])
def test_a_negative_or_non_numeric_amount_is_an_error(written: str) -> None:
    with pytest.raises(PydanticCustomError):
        parse_eur(written)


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2, allow_nan=False))
def test_parsing_a_formatted_amount_gives_it_back(amount: Decimal) -> None:
    assert parse_eur(f"{amount:,.2f}") == amount
    assert parse_eur(f"€ {amount:,.2f}".replace(",", "\u00a0")) == amount
    assert parse_eur(f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")) == amount


COUNTRIES = {"bosnia and herzegovina", "serbia", "albania", "antigua and barbuda", "kosovo*"}


@pytest.mark.parametrize(
    ("written", "items"),
    [
        ("Serbia, Albania", ["Serbia", "Albania"]),
        ("Serbia;Albania", ["Serbia", "Albania"]),
        ("Serbia / Albania + Kosovo*", ["Serbia", "Albania", "Kosovo*"]),
        ("Serbia and Albania", ["Serbia", "Albania"]),
        ("Serbia\nAlbania", ["Serbia", "Albania"]),
        ("Bosnia and Herzegovina", ["Bosnia and Herzegovina"]),
        ("Bosnia and Herzegovina and Serbia", ["Bosnia and Herzegovina", "Serbia"]),
        ("Antigua and Barbuda, Bosnia and Herzegovina", ["Antigua and Barbuda", "Bosnia and Herzegovina"]),
        ("  ", []),
    ],
)
def test_a_list_is_split_without_breaking_names_that_contain_a_separator(written: str, items: list[str]) -> None:
    assert split_list(written, is_known=lambda s: s.lower() in COUNTRIES) == items


def test_an_unknown_organisation_with_and_in_its_name_stays_whole() -> None:
    known = {"giz"}
    assert split_list("United Nations Office on Drugs and Crime", and_joins_unknown=True) == [
        "United Nations Office on Drugs and Crime"
    ]
    assert split_list("GIZ and Expertise France", is_known=lambda s: s.lower() in known, and_joins_unknown=True) == [
        "GIZ",
        "Expertise France",
    ]


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Ref", "ref"), ("Ref.", "ref"), ("Reference", "ref"), ("Project code", "ref"), ("ID", "ref"),
        ("Title", "title"), ("Project title", "title"), ("Project name", "title"), ("Name of the action", "title"),
        ("Acronym", "acronym"), ("Short name", "acronym"),
        ("Countries", "countries"), ("Country", "countries"), ("Beneficiary countries", "countries"),
        ("Beneficiary country(ies)", "countries"), ("Partner countries", "countries"),
        ("Instrument", "instrument"), ("Funding instrument", "instrument"), ("Financing instrument", "instrument"),
        ("Funder", "funders"), ("Funder(s)", "funders"), ("Donor(s)", "funders"), ("Funded by", "funders"),
        ("Implementer", "implementers"), ("Implementing partner(s)", "implementers"),
        ("Implementing organisation", "implementers"),
        ("Start", "start"), ("Start date", "start"), ("From", "start"),
        ("End", "end"), ("End date", "end"), ("To", "end"),
        ("Budget", "budget"), ("Budget (EUR)", "budget"), ("Total budget", "budget"),
        ("EU contribution (EUR)", "budget"), ("Amount", "budget"),
        ("Norms", "norms"), ("UN norms", "norms"), ("UN GGE norms", "norms"), ("Norm alignment", "norms"),
        ("Theme", "themes"), ("Themes", "themes"), ("Thematic area", "themes"), ("GFCE theme", "themes"),
        ("Status", "status"), ("Description", "description"), ("Summary", "description"), ("Objectives", "description"),
        ("Website", "website"), ("URL", "website"), ("Link", "website"), ("Contact", "contact"),
        ("  budget  (eur) ", "budget"), ("REMARKS", None),
    ],
)  # fmt: skip
def test_a_heading_is_matched_by_its_synonyms(heading: str, field: str | None) -> None:
    assert field_for_header(heading) == field
