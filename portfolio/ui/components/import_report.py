"""Shows an import report: what each row does, the problems by row and column, and the sheet
with a "Problems" column to send back."""

from __future__ import annotations

import streamlit as st

from portfolio.importer import ImportReport, sheet_with_problems
from portfolio.tables import import_rows_table, problems_table
from portfolio.ui.components.text import plain


def show_report(report: ImportReport, data: bytes, *, key: str) -> None:
    counts = st.columns(4)
    counts[0].metric("New", report.created)
    counts[1].metric("Updated", report.updated)
    counts[2].metric("Unchanged", report.unchanged)
    counts[3].metric("Rejected", report.rejected)
    st.caption(f"Sheet '{plain(report.sheet)}', headings in row {report.header_row}.")
    if report.ignored_columns:
        st.info(
            "These columns are not part of a project record and were ignored: "
            + ", ".join(plain(c) for c in report.ignored_columns),
            icon=":material/visibility_off:",
        )
    if report.errors:
        st.subheader(f"Problems ({len(report.errors)})")
        st.dataframe(problems_table(report.errors), hide_index=True, width="stretch")
    if report.warnings:
        st.subheader(f"Warnings ({len(report.warnings)})")
        st.caption("Allowed, but worth a second look.")
        st.dataframe(problems_table(report.warnings), hide_index=True, width="stretch")
    if report.errors or report.warnings:
        st.download_button(
            "Download the sheet with a Problems column",
            data=lambda: sheet_with_problems(data, report),
            file_name=f"problems-{report.file.rsplit('.', 1)[0]}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            icon=":material/download:",
            key=key + ".problems",
        )
    looking_alike = sum(1 for r in report.rows if r.lookalikes)
    if looking_alike:
        st.warning(
            f"{looking_alike} new row{'s look' if looking_alike > 1 else ' looks'} like a project already stored "
            "(or another row): see 'Looks like' below, and check before importing.",
            icon=":material/content_copy:",
        )
    with st.expander(f"Every row ({len(report.rows)})", expanded=not report.errors or bool(looking_alike)):
        st.dataframe(import_rows_table(report.rows), hide_index=True, width="stretch")
