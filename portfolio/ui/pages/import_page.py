"""Import: upload a project sheet, see what each row would do, then confirm."""

import hashlib

import streamlit as st

from portfolio.errors import PortfolioError
from portfolio.importer import import_workbook, limits_from
from portfolio.settings import load_settings
from portfolio.ui import resources
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.import_report import show_report
from portfolio.ui.components.text import plain

vocabulary = resources.vocabulary()
actor = current_actor()
limits = limits_from(load_settings())
st.title("Import projects")
st.caption(
    "Upload a project sheet (.xlsx, .xlsm or UTF-8 CSV, at most "
    f"{limits.max_bytes // (1024 * 1024)} MB and {limits.max_rows:,} rows). Nothing is written until you confirm, "
    "and then all of it or nothing: a row with an error stops the import unless you choose to skip such rows."
)
st.download_button(
    "Download the blank template",
    data=resources.template_bytes,
    file_name="ccb-project-template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)

uploaded = st.file_uploader("Project sheet", type=["xlsx", "xlsm", "csv"], key="import.file")
options = st.columns([2, 2])
sheet = options[0].text_input(
    "Sheet name (optional)", key="import.sheet", help="Default: the first sheet with headings."
)
skip_invalid = options[1].checkbox("Import the valid rows and skip rows with errors", key="import.skip_invalid")
if uploaded is None:
    st.stop()

data = uploaded.getvalue()
preview_key = (hashlib.sha256(data).hexdigest(), sheet.strip(), resources.data_version())
if st.session_state.get("import.preview_key") != preview_key:
    try:
        with resources.transaction() as session:
            st.session_state["import.preview"] = import_workbook(
                session,
                file=uploaded,
                file_name=uploaded.name,
                vocabulary=vocabulary,
                actor=actor,
                sheet=sheet.strip() or None,
                dry_run=True,
                find_lookalikes=True,
                limits=limits,
            )
    except PortfolioError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        st.stop()
    st.session_state["import.preview_key"] = preview_key
preview = st.session_state["import.preview"]

st.subheader("Preview")
show_report(preview, data, key="import.preview")
blocked = bool(preview.rejected) and not skip_invalid
if blocked:
    st.warning("Fix the problems and upload the sheet again, or tick 'skip rows with errors'.", icon=":material/block:")
to_write = preview.created + preview.updated
if st.button(
    f"Import: {preview.created} new, {preview.updated} updated", type="primary", disabled=blocked or not to_write
):
    bar = st.progress(0.0, text="Starting the import")
    uploaded.seek(0)
    try:
        with resources.transaction() as session:
            report = import_workbook(
                session,
                file=uploaded,
                file_name=uploaded.name,
                vocabulary=vocabulary,
                actor=actor,
                sheet=sheet.strip() or None,
                skip_invalid=skip_invalid,
                limits=limits,
                progress=lambda share, message: bar.progress(min(share, 1.0), text=message),
            )
    except PortfolioError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        st.stop()
    bar.empty()
    if report.committed:
        st.success(
            f"Imported {plain(report.file)}: {report.created} new, {report.updated} updated, "
            f"{report.unchanged} unchanged, {report.rejected} skipped (import batch {report.batch_id}).",
            icon=":material/check_circle:",
        )
    else:
        st.error("Nothing was written: rows were rejected.", icon=":material/error:")
    show_report(report, data, key="import.done")
