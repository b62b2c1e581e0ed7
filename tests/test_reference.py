"""Matching what people write to the board's codes (portfolio/reference.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portfolio.reference import UnknownValue, Vocabulary, load_vocabulary, match_status


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("MDA", "MDA"),
        ("md", "MDA"),
        ("Moldova", "MDA"),
        ("Republic of Moldova", "MDA"),
        ("Moldova, Republic of", "MDA"),
        ("North Macedonia", "MKD"),
        ("former Yugoslav Republic of Macedonia", "MKD"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Kosovo", "XKX"),
        ("Kosovo*", "XKX"),
        ("XK", "XKX"),
        ("xkx", "XKX"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("TURKEY", "TUR"),
        ("Occupied Palestinian Territory", "PSE"),
        ("Palestine*", "PSE"),
        ("State of Palestine", "PSE"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("COTE D IVOIRE", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Bosnia and Herzegovina", "BIH"),
        ("Bosnia & Herzegovina", "BIH"),
        ("  serbia ", "SRB"),
        ("Republic of Serbia", "SRB"),
        ("Syria", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("Egypt", "EGY"),
        ("Arab Republic of Egypt", "EGY"),
        ("Czech Republic", "CZE"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Gambia", "GMB"),
        ("The Gambia", "GMB"),
    ],
)
def test_a_country_is_found_by_code_name_or_common_variant(vocabulary: Vocabulary, written: str, code: str) -> None:
    assert vocabulary.match_country(written) == code


def test_an_unknown_country_is_an_error_that_suggests_the_nearest_names(vocabulary: Vocabulary) -> None:
    with pytest.raises(UnknownValue) as raised:
        vocabulary.match_country("Moldovia")
    assert "'Moldovia' is not a known country" in str(raised.value)
    assert raised.value.suggestions[0] == "Moldova (MDA)"


def test_a_misspelt_country_suggests_the_country_meant(vocabulary: Vocabulary) -> None:
    with pytest.raises(UnknownValue) as raised:
        vocabulary.match_country("Serbai")
    assert "Serbia (SRB)" in raised.value.suggestions


@pytest.mark.parametrize(
    ("written", "letter"),
    [
        ("d", "d"),
        ("D", "d"),
        ("13(d)", "d"),
        ("13 (d)", "d"),
        ("norm d", "d"),
        ("Norm D", "d"),
        ("Norm 13(k)", "k"),
        ("(a)", "a"),
        ("Protect critical infrastructure", "g"),
        ("protect critical infrastructure", "g"),
        ("Respect human rights and privacy online", "e"),
    ],
)
def test_a_norm_is_found_by_letter_or_label(vocabulary: Vocabulary, written: str, letter: str) -> None:
    assert vocabulary.match_norm(written) == letter


@pytest.mark.parametrize("written", ["l", "13(z)", "norm 12", "protect the internet"])
def test_anything_but_norms_a_to_k_is_refused(vocabulary: Vocabulary, written: str) -> None:
    with pytest.raises(UnknownValue, match="is not a known UN norm"):
        vocabulary.match_norm(written)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("NDICI", "NDICI"),
        ("NDICI-Global Europe", "NDICI"),
        ("Global Europe", "NDICI"),
        ("IPA III", "IPA3"),
        ("IPA3", "IPA3"),
        ("ipa 3", "IPA3"),
        ("Instrument for Pre-accession Assistance III", "IPA3"),
        ("European Peace Facility", "EPF"),
        ("EPF", "EPF"),
        ("Global Gateway", "GG"),
        ("European Neighbourhood Instrument", "ENI"),
        ("IPA II", "IPA2"),
        ("IcSP", "ICSP"),
        ("Instrument contributing to Stability and Peace", "ICSP"),
        ("Development Cooperation Instrument", "DCI"),
        ("Member State", "MS"),
        ("other", "OTHER"),
    ],
)
def test_an_instrument_is_found_by_code_or_name(vocabulary: Vocabulary, written: str, code: str) -> None:
    assert vocabulary.match_instrument(written) == code


def test_an_unknown_instrument_suggests_the_nearest(vocabulary: Vocabulary) -> None:
    with pytest.raises(UnknownValue) as raised:
        vocabulary.match_instrument("NDCI")
    assert "NDICI" in raised.value.suggestions


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Ongoing", "ongoing"),
        ("on-going", "ongoing"),
        ("closed", "completed"),
        ("planned", "pipeline"),
        ("Cancelled", "cancelled"),
        ("canceled", "cancelled"),
        ("on hold", "suspended"),
    ],
)
def test_status_words_are_matched_loosely(written: str, status: str) -> None:
    assert match_status(written) == status


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Cybercrime", "cybercrime"),
        ("incident-cip", "incident-cip"),
        ("Cyber security culture and skills", "culture-skills"),
    ],
)
def test_a_theme_is_found_by_code_or_name(vocabulary: Vocabulary, written: str, code: str) -> None:
    assert vocabulary.match_theme(written) == code


def test_the_three_focus_regions_hold_exactly_the_designs_countries(vocabulary: Vocabulary) -> None:
    assert [r.code for r in vocabulary.regions] == ["WB", "EN", "SN"]
    assert sorted(vocabulary.countries_in_region("WB")) == ["ALB", "BIH", "MKD", "MNE", "SRB", "XKX"]
    assert sorted(vocabulary.countries_in_region("EN")) == ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]
    assert sorted(vocabulary.countries_in_region("SN")) == [
        "DZA",
        "EGY",
        "ISR",
        "JOR",
        "LBN",
        "LBY",
        "MAR",
        "PSE",
        "SYR",
        "TUN",
    ]


def test_every_iso_country_and_kosovo_can_be_a_beneficiary(vocabulary: Vocabulary) -> None:
    assert len(vocabulary.countries) == 250  # ISO 3166-1's 249 and Kosovo
    assert vocabulary.countries["XKX"].alpha2 == "XK"


def test_kosovo_and_palestine_carry_the_asterisk_and_their_footnote(vocabulary: Vocabulary) -> None:
    assert vocabulary.countries["XKX"].display_name == "Kosovo*"
    assert vocabulary.countries["PSE"].display_name == "Palestine*"
    notes = vocabulary.footnotes_for(["SRB", "XKX", "PSE"])
    assert len(notes) == 2
    assert "UNSCR 1244/1999" in notes[0]
    assert "recognition of a State of Palestine" in notes[1]


def test_older_instruments_group_with_their_successor(vocabulary: Vocabulary) -> None:
    assert {code: vocabulary.instrument_group(code) for code in ("ENI", "ICSP", "DCI", "IPA2", "NDICI", "MS")} == {
        "ENI": "NDICI",
        "ICSP": "NDICI",
        "DCI": "NDICI",
        "IPA2": "IPA3",
        "NDICI": "NDICI",
        "MS": "MS",
    }


def test_regions_of_countries_come_in_the_boards_order(vocabulary: Vocabulary) -> None:
    assert vocabulary.regions_of(["TUN", "TUR", "UKR", "SRB"]) == ["WB", "EN", "SN"]


def test_the_vocabulary_reads_the_same_from_the_database_each_time(engine: Engine, vocabulary: Vocabulary) -> None:
    with Session(engine) as session, session.begin():
        again = load_vocabulary(session)
    assert (again.regions, again.countries, again.instruments, again.norms, again.themes) == (
        vocabulary.regions,
        vocabulary.countries,
        vocabulary.instruments,
        vocabulary.norms,
        vocabulary.themes,
    )
    assert len(vocabulary.norms) == 11
    assert list(vocabulary.instruments)[:4] == ["NDICI", "IPA3", "EPF", "GG"]
