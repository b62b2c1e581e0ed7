"""Streamlit entry point: page navigation, the database and sign-in gates, nothing else."""

import streamlit as st

from portfolio.ui.components.identity import auth_gate
from portfolio.ui.navigation import database_gate, pages

st.set_page_config(
    page_title="CCB portfolio", page_icon="🛡️", layout="wide"
)  # emoji icons: material ones are fetched online
if database_gate() and (actor := auth_gate()) is not None:
    st.navigation(pages(actor)).run()
