"""The new / edit project form. It owns its session-state keys (all start with "project_form.").

Countries sit above the form so that the one-click region buttons and the shares table react at
once; everything else is one ``st.form`` submitted together. Validation errors from the schema
are kept here and drawn beside the fields they concern on the next run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from portfolio.errors import FieldIssue
from portfolio.projects import ProjectRecord
from portfolio.reference import STATUSES, Vocabulary
from portfolio.schema import FIELD_LABELS, TITLE_MAX
from portfolio.tables import STATUS_LABELS
from portfolio.ui.components.text import plain

_K = "project_form."
_SHARES = _K + "shares"  # {country code: share text}, kept across changes of the country list


@dataclass(frozen=True)
class ParentChoice:
    ref: str
    title: str


def load_form(record: ProjectRecord | None, vocabulary: Vocabulary, *, force: bool = False) -> None:
    """Fill the form from a project (or empty it for a new one) when the user opens it; keep what
    they typed across reruns, and remember the version they started from."""
    marker = record.id if record else "new"
    if not force and st.session_state.get(_K + "loaded") == marker:
        return
    reset_form()
    st.session_state[_K + "loaded"] = marker
    st.session_state[_K + "version"] = record.version if record else None
    st.session_state[_K + "countries"] = list(record.country_codes) if record else []
    st.session_state[_SHARES] = {
        c.code: f"{c.share_pct.normalize():f}" for c in (record.countries if record else ()) if c.share_pct is not None
    }
    st.session_state[_K + "ref"] = record.ref or "" if record else ""
    st.session_state[_K + "title"] = record.title if record else ""
    st.session_state[_K + "acronym"] = (record.acronym or "") if record else ""
    st.session_state[_K + "status"] = record.status if record else "pipeline"
    st.session_state[_K + "start_date"] = record.start_date if record else None
    st.session_state[_K + "end_date"] = record.end_date if record else None
    st.session_state[_K + "budget_eur"] = f"{record.budget_eur:.2f}" if record and record.budget_eur is not None else ""
    st.session_state[_K + "description"] = (record.description or "") if record else ""
    st.session_state[_K + "implementers"] = list(record.implementers) if record else []
    st.session_state[_K + "norms_primary"] = [n.code for n in record.norms if n.primary] if record else []
    st.session_state[_K + "norms_secondary"] = [n.code for n in record.norms if not n.primary] if record else []
    st.session_state[_K + "pillars"] = list(record.pillars) if record else []
    st.session_state[_K + "themes"] = list(record.themes) if record else []
    st.session_state[_K + "parent_ref"] = record.parent.ref if record and record.parent else None
    st.session_state[_K + "website"] = (record.website or "") if record else ""
    st.session_state[_K + "contact"] = (record.contact or "") if record else ""
    st.session_state[_K + "source"] = (record.source or "") if record else ""
    st.session_state[_K + "last_confirmed"] = record.last_confirmed if record else None
    st.session_state[_K + "funding_rows"] = pd.DataFrame(
        [
            {
                "Instrument": vocabulary.instruments[f.instrument].name,
                "Funder": f.funder or "",
                "Amount (EUR)": f"{f.amount_eur:.2f}" if f.amount_eur is not None else "",
            }
            for f in (record.funding if record else ())
        ],
        columns=["Instrument", "Funder", "Amount (EUR)"],
    )


def reset_form() -> None:
    """Forget everything entered (after a save), so the next form starts afresh."""
    for key in [k for k in st.session_state if str(k).startswith(_K)]:
        del st.session_state[key]


def show_problems(issues: Sequence[FieldIssue]) -> None:
    """Keep validation problems to show beside their fields on the next run."""
    by_field: dict[str, list[str]] = {}
    for issue in issues:
        by_field.setdefault(issue.field, []).append(issue.message)
    st.session_state[_K + "problems"] = by_field


def show_conflict(message: str) -> None:
    st.session_state[_K + "conflict"] = message


def project_form(
    vocabulary: Vocabulary, *, organisation_names: Sequence[str], parents: Sequence[ParentChoice], submit_label: str
) -> dict[str, Any] | None:
    """Draw the form. Returns the values entered when the user submits, else None."""
    problems: dict[str, list[str]] = st.session_state.get(_K + "problems", {})
    if problems:
        count = sum(len(v) for v in problems.values())
        st.error(
            f"Nothing was saved: {count} problem{'s' if count > 1 else ''} to fix, shown beside the fields.",
            icon=":material/error:",
        )
        for field in problems:
            if field not in _DRAWN_FIELDS:
                _problem(problems, field)

    countries = _countries_section(vocabulary, problems)

    with st.form("project_form", border=True):
        st.markdown("**The project**")
        cols = list(st.columns([1, 3, 1]))
        cols[0].text_input(
            "Reference", key=_K + "ref", help="What people quote, e.g. GLACY-E. Must be unique.", max_chars=60
        )
        with cols[0]:
            _problem(problems, "ref")
        cols[1].text_input("Title *", key=_K + "title", max_chars=TITLE_MAX)
        with cols[1]:
            _problem(problems, "title")
        cols[2].text_input("Acronym", key=_K + "acronym", max_chars=60)
        with cols[2]:
            _problem(problems, "acronym")

        cols = list(st.columns(4))
        cols[0].selectbox("Status", STATUSES, key=_K + "status", format_func=lambda s: STATUS_LABELS[s])
        cols[1].date_input(
            "Start date",
            key=_K + "start_date",
            format="YYYY-MM-DD",
            min_value=date(1990, 1, 1),
            max_value=date(2100, 12, 31),
        )
        with cols[1]:
            _problem(problems, "start_date")
        cols[2].date_input(
            "End date",
            key=_K + "end_date",
            format="YYYY-MM-DD",
            min_value=date(1990, 1, 1),
            max_value=date(2100, 12, 31),
        )
        with cols[2]:
            _problem(problems, "end_date")
        cols[3].text_input(
            "Total budget (EUR)",
            key=_K + "budget_eur",
            placeholder="e.g. 1,250,000.00",
            help="In euros, with at most two decimals. Leave empty if not known.",
        )
        with cols[3]:
            _problem(problems, "budget_eur")
        st.text_area("Description", key=_K + "description", height=100)
        _problem(problems, "description")

        st.markdown("**Funding lines**")
        st.caption(
            "One line per instrument and funder. Instruments: "
            + "; ".join(f"{i.name} ({i.period or 'any time'})" for i in vocabulary.instruments.values())
            + ". The lines may not add up to more than the total budget."
        )
        funding = st.data_editor(
            st.session_state[_K + "funding_rows"],
            key=_K + "funding",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "Instrument": st.column_config.SelectboxColumn(
                    options=[i.name for i in vocabulary.instruments.values()], required=True, width="medium"
                ),
                "Funder": st.column_config.TextColumn(help="Organisation name or acronym, e.g. DG NEAR", width="large"),
                "Amount (EUR)": st.column_config.TextColumn(help="e.g. 1250000.00", width="small"),
            },
        )
        _problem(problems, "funding")

        st.markdown("**Who implements it**")
        st.multiselect(
            "Implementing organisations",
            options=sorted(set(organisation_names) | set(st.session_state[_K + "implementers"])),
            key=_K + "implementers",
            accept_new_options=True,
            help='Pick known organisations, or type a new name ("Name (ACRONYM)" registers the acronym too).',
        )
        _problem(problems, "implementers")

        st.markdown("**UN framework and themes**")
        norm_label = {code: f"13({code}) {n.label}" for code, n in vocabulary.norms.items()}
        norm_help = "UN GGE report A/70/174, paragraph 13. " + " · ".join(norm_label.values())
        cols = list(st.columns(2))
        cols[0].multiselect(
            "UN norms: primary",
            list(vocabulary.norms),
            key=_K + "norms_primary",
            format_func=norm_label.__getitem__,
            help=norm_help,
        )
        cols[1].multiselect(
            "UN norms: secondary",
            list(vocabulary.norms),
            key=_K + "norms_secondary",
            format_func=norm_label.__getitem__,
            help=norm_help,
        )
        _problem(problems, "norms")
        cols = list(st.columns(2))
        cols[0].multiselect(
            "GFCE themes",
            list(vocabulary.themes),
            key=_K + "themes",
            format_func=lambda c: vocabulary.themes[c].name,
            help=" · ".join(t.name for t in vocabulary.themes.values()),
        )
        cols[1].multiselect(
            "Other pillars of the UN framework",
            list(vocabulary.pillars),
            key=_K + "pillars",
            format_func=lambda c: vocabulary.pillars[c].label,
        )

        st.markdown("**Programme and record**")
        cols = list(st.columns(2))
        parent_labels = {p.ref: f"{p.ref}: {p.title}" for p in parents}
        cols[0].selectbox(
            "Part of programme",
            [None, *parent_labels],
            key=_K + "parent_ref",
            format_func=lambda r: "(none)" if r is None else parent_labels.get(r, r),
            help="The umbrella programme this project is a component of; its budget is then not counted twice.",
        )
        with cols[0]:
            _problem(problems, "parent_ref")
        cols[1].text_input("Website", key=_K + "website", placeholder="https://")
        with cols[1]:
            _problem(problems, "website")
        cols = list(st.columns(3))
        cols[0].text_input("Contact", key=_K + "contact")
        cols[1].text_input(
            "Source of this information",
            key=_K + "source",
            help="Where the data came from: a URL, a document, a meeting.",
        )
        cols[2].date_input(
            "Last confirmed",
            key=_K + "last_confirmed",
            format="YYYY-MM-DD",
            help="When someone last checked this record against its source.",
        )
        submitted = st.form_submit_button(submit_label, type="primary", icon=":material/save:")

    if not submitted:
        return None
    return _values(countries, funding)


_DRAWN_FIELDS = {
    "ref",
    "title",
    "acronym",
    "start_date",
    "end_date",
    "budget_eur",
    "description",
    "funding",
    "implementers",
    "norms",
    "parent_ref",
    "website",
    "countries",
}


def _countries_section(vocabulary: Vocabulary, problems: dict[str, list[str]]) -> list[str]:
    with st.container(border=True):
        st.markdown("**Beneficiary countries**")
        buttons = st.columns(len(vocabulary.regions) + 1)
        for column, region in zip(buttons, vocabulary.regions, strict=False):
            column.button(
                f"All {region.name}",
                key=_K + "add." + region.code,
                on_click=_add_region,
                args=(vocabulary.countries_in_region(region.code),),
                width="stretch",
            )
        buttons[-1].button("Clear", key=_K + "clear", on_click=_clear_countries, width="stretch")
        codes: list[str] = st.multiselect(
            "Countries",
            list(vocabulary.countries),
            key=_K + "countries",
            format_func=lambda c: vocabulary.countries[c].display_name,
            help="Type a country's name; the buttons add a whole region.",
        )
        shares: dict[str, str] = st.session_state.setdefault(_SHARES, {})
        if codes:
            with st.expander("Country shares of the budget (optional)", expanded=bool(shares)):
                st.caption(
                    "Give every country a share, adding up to 100, or leave them all empty (the budget is "
                    "then split equally in coverage figures)."
                )
                table = pd.DataFrame(
                    [{"Country": vocabulary.countries[c].display_name, "Share (%)": shares.get(c, "")} for c in codes]
                )
                edited = st.data_editor(
                    table,
                    key=_K + "share_editor." + "-".join(codes),
                    hide_index=True,
                    width="stretch",
                    disabled=["Country"],
                    column_config={"Share (%)": st.column_config.TextColumn(help="e.g. 25 or 12.5")},
                )
                for code, share in zip(codes, edited["Share (%)"].tolist(), strict=True):
                    shares[code] = "" if share is None else str(share)
        notes = vocabulary.footnotes_for(codes)
        for note in notes:
            st.caption(plain(note))
        _problem(problems, "countries")
    return codes


def _add_region(codes: list[str]) -> None:
    current = list(st.session_state.get(_K + "countries", []))
    st.session_state[_K + "countries"] = current + [c for c in codes if c not in current]


def _clear_countries() -> None:
    st.session_state[_K + "countries"] = []


def _problem(problems: dict[str, list[str]], field: str) -> None:
    for message in problems.get(field, []):
        label = FIELD_LABELS.get(field, field)
        st.markdown(f":red[**{label}:** {plain(message)}]")


def _values(countries: list[str], funding: pd.DataFrame) -> dict[str, Any]:
    state = st.session_state
    shares: dict[str, str] = state.get(_SHARES, {})
    norms = [{"norm": c, "primary": True} for c in state[_K + "norms_primary"]]
    norms += [{"norm": c, "primary": False} for c in state[_K + "norms_secondary"]]
    return {
        "ref": state[_K + "ref"],
        "title": state[_K + "title"],
        "acronym": state[_K + "acronym"],
        "description": state[_K + "description"],
        "status": state[_K + "status"],
        "start_date": state[_K + "start_date"],
        "end_date": state[_K + "end_date"],
        "budget_eur": state[_K + "budget_eur"],
        "countries": [{"country": c, "share_pct": shares.get(c) or None} for c in countries],
        "funding": [
            {"instrument": row["Instrument"] or "", "funder": row["Funder"], "amount_eur": row["Amount (EUR)"]}
            for row in funding.to_dict("records")
            if any(_filled(v) for v in row.values())
        ],
        "implementers": list(state[_K + "implementers"]),
        "norms": norms,
        "pillars": list(state[_K + "pillars"]),
        "themes": list(state[_K + "themes"]),
        "parent_ref": state[_K + "parent_ref"],
        "website": state[_K + "website"],
        "contact": state[_K + "contact"],
        "source": state[_K + "source"],
        "last_confirmed": state[_K + "last_confirmed"],
    }


def _filled(value: object) -> bool:
    return value is not None and value == value and str(value).strip() != ""


def seen_version() -> int | None:
    """The version of the project the user started editing from."""
    version = st.session_state.get(_K + "version")
    return int(version) if version is not None else None


def conflict_message() -> str | None:
    message = st.session_state.get(_K + "conflict")
    return str(message) if message else None
