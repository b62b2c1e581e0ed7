"""Streamlit entry point: page navigation, the database and sign-in gates, nothing else."""

import streamlit as st

from portfolio.ui.components.identity import auth_gate
from portfolio.ui.navigation import database_gate, pages

st.set_page_config(
    page_title="CCB portfolio", page_icon="🛡️", layout="wide"
)  # emoji icons: material ones are fetched online
if database_gate():
    actor = auth_gate()  # shows the sign-in (or first-run) page until someone is signed in
    page = st.navigation(pages(actor), position="sidebar" if actor else "hidden")
    if actor is not None:
        page.run()
