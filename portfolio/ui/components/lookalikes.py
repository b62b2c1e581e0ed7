"""The warning before creating a project that looks like a stored one ("looks like GLACY-E: open
it?"). It owns its session-state keys (all start with "lookalikes.")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from portfolio.duplicates import Candidate
from portfolio.ui.components.text import plain

_K = "lookalikes."


def hold_for_lookalikes(values: dict[str, Any], similar: Sequence[Candidate]) -> None:
    """Keep what was entered, unsaved, and the stored projects it looks like."""
    st.session_state[_K + "values"] = values
    st.session_state[_K + "similar"] = [
        ((c.b if c.a.id == -1 else c.a).id, (c.b if c.a.id == -1 else c.a).label, c.score, "; ".join(c.reasons))
        for c in similar[:3]
    ]


def lookalike_check() -> dict[str, Any] | None:
    """Show the warning while it stands. Returns the held values when the user saves anyway."""
    similar = st.session_state.get(_K + "similar")
    if not similar:
        return None
    from portfolio.ui.navigation import project_page  # the page this component links to

    names = ", ".join(plain(label) for _, label, _, _ in similar)
    st.warning(f"This looks like a project already in the portfolio: **{names}**. Nothing was saved yet.",
               icon=":material/content_copy:")  # fmt: skip
    for project_id, label, score, reasons in similar:
        cols = st.columns([4, 1])
        cols[0].markdown(f"**{plain(label)}** (score {score}): {plain(reasons)}")
        if cols[1].button(f"Open {label[:30]}", key=_K + f"open.{project_id}"):
            clear()
            st.switch_page(project_page(), query_params={"id": str(project_id)})
    cols = st.columns([1, 1, 3])
    if cols[0].button("Save it anyway", type="primary", key=_K + "save"):
        values: dict[str, Any] = st.session_state[_K + "values"]
        clear()
        return values
    if cols[1].button("Keep editing", key=_K + "cancel"):
        clear()
        st.rerun()
    return None


def clear() -> None:
    for key in [k for k in st.session_state if str(k).startswith(_K)]:
        del st.session_state[key]
