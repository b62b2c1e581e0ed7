"""Who is making changes. Until accounts exist, people give their name once per browser
session; it is recorded in the audit trail with every change they make."""

from __future__ import annotations

import streamlit as st

_KEY = "identity.name"


def identity_sidebar() -> None:
    st.sidebar.text_input(
        "Your name",
        key=_KEY,
        max_chars=100,
        placeholder="e.g. Maria Rossi (DG NEAR)",
        help="Recorded in the audit trail with every change you make.",
    )


def current_actor() -> str | None:
    name = str(st.session_state.get(_KEY, "")).strip()
    return name or None
