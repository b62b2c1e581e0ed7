"""The portfolio filter bar, shared by every page that shows a slice of the portfolio.
It owns its session-state keys (all start with "filters.")."""

from __future__ import annotations

import streamlit as st

from portfolio.projects import ProjectFilter
from portfolio.reference import STATUSES, Vocabulary
from portfolio.tables import STATUS_LABELS

_KEY = "filters."


def filter_bar(vocabulary: Vocabulary, *, organisations: list[str] | None = None) -> ProjectFilter:
    """Draw the filters and return what they select. With ``organisations``, funders and
    implementers can be chosen too."""
    with st.container(border=True):
        top = st.columns([3, 2, 2, 2])
        text = top[0].text_input(
            "Search", key=_KEY + "text", placeholder="words in the title, acronym, reference or description"
        )
        regions = top[1].multiselect(
            "Region",
            [r.code for r in vocabulary.regions],
            key=_KEY + "regions",
            format_func=lambda code: vocabulary.region(code).name,
        )
        countries = top[2].multiselect(
            "Country",
            list(vocabulary.countries),
            key=_KEY + "countries",
            format_func=lambda code: vocabulary.countries[code].display_name,
        )
        statuses = top[3].multiselect(
            "Status", list(STATUSES), key=_KEY + "statuses", format_func=lambda s: STATUS_LABELS[s]
        )
        bottom = st.columns([2, 2, 2, 1.2, 1.2], vertical_alignment="bottom")
        instruments = bottom[0].multiselect(
            "Funding instrument",
            list(vocabulary.instruments),
            key=_KEY + "instruments",
            format_func=lambda code: f"{vocabulary.instruments[code].name} ({code})",
        )
        norms = bottom[1].multiselect(
            "UN norm",
            list(vocabulary.norms),
            key=_KEY + "norms",
            format_func=lambda code: f"13({code}) {vocabulary.norms[code].label}",
        )
        themes = bottom[2].multiselect(
            "GFCE theme",
            list(vocabulary.themes),
            key=_KEY + "themes",
            format_func=lambda code: vocabulary.themes[code].name,
        )
        active_from = bottom[3].date_input("Active from", value=None, key=_KEY + "from", format="YYYY-MM-DD")
        active_to = bottom[4].date_input("Active to", value=None, key=_KEY + "to", format="YYYY-MM-DD")
        funders: list[str] = []
        implementers: list[str] = []
        if organisations is not None:
            more = st.columns(2)
            funders = more[0].multiselect("Funder", organisations, key=_KEY + "funders")
            implementers = more[1].multiselect("Implementer", organisations, key=_KEY + "implementers")
        include_archived = st.checkbox(
            "Include archived projects", key=_KEY + "archived", help="Archived projects are left out unless you ask."
        )
    return ProjectFilter(
        regions=tuple(regions),
        countries=tuple(countries),
        instruments=tuple(instruments),
        funders=tuple(funders),
        implementers=tuple(implementers),
        norms=tuple(norms),
        themes=tuple(themes),
        statuses=tuple(statuses),
        active_from=active_from,
        active_to=active_to,
        text=text,
        include_archived=include_archived,
    )
