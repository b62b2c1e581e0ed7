"""Messages that outlive a page switch ("Saved GLACY-E"), shown once on the next page."""

from __future__ import annotations

import streamlit as st

from portfolio.ui.components.text import plain

_KEY = "flash.messages"


def flash(kind: str, message: str) -> None:
    st.session_state.setdefault(_KEY, []).append((kind, message))


def show_flashes() -> None:
    for kind, message in st.session_state.pop(_KEY, []):
        if kind == "warning":
            st.warning(plain(message), icon=":material/warning:")
        else:
            st.success(plain(message), icon=":material/check_circle:")
