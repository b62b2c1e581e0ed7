"""Streamlit entry point: page navigation and the database gate, nothing else."""

import streamlit as st

from portfolio.ui.navigation import database_gate, pages

st.set_page_config(
    page_title="CCB portfolio", page_icon="🛡️", layout="wide"
)  # emoji icons: material ones are fetched online
page = st.navigation(pages())
if database_gate():
    page.run()
