"""Audit: every change, who made it and when, with filters and an export."""

from datetime import date

import streamlit as st

from portfolio.audit import ACTIONS, DEFAULT_LIMIT, SUBJECTS, AuditFilter, audit_actors, list_audit
from portfolio.errors import PortfolioError
from portfolio.exporter import figures_csv, figures_workbook
from portfolio.tables import audit_table
from portfolio.ui import resources
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.text import plain

actor = current_actor()
st.title("Audit trail")
st.caption(
    "Every change to projects, user accounts and duplication verdicts: who, when, which record, which fields "
    "from what to what, and the import batch it came with. The trail is append-only: nobody, administrators "
    "included, can change or delete an entry."
)
with resources.reading() as session:
    actors = audit_actors(session)
row1 = st.columns([2, 2, 2, 3])
who = row1[0].selectbox("Who", actors, index=None, placeholder="Anyone", key="audit.actor")
subject = row1[1].selectbox(
    "Record type", list(SUBJECTS), index=None, placeholder="Any", format_func=SUBJECTS.__getitem__, key="audit.subject"
)
action = row1[2].selectbox("Action", ACTIONS, index=None, placeholder="Any", key="audit.action")
record = row1[3].text_input("Record", placeholder="a project reference or account name", key="audit.record")
row2 = st.columns([2, 2, 2, 3])
since = row2[0].date_input("From", value=None, max_value=date.today(), key="audit.since")
until = row2[1].date_input("To", value=None, max_value=date.today(), key="audit.until")
batch = row2[2].number_input("Import batch", min_value=1, value=None, step=1, key="audit.batch")

filters = AuditFilter(
    actor=who,
    subject=subject,
    action=action,
    record=record or None,
    batch_id=int(batch) if batch is not None else None,
    since=since if isinstance(since, date) else None,
    until=until if isinstance(until, date) else None,
)
try:
    with resources.reading() as session:
        events = list_audit(session, actor=actor, filters=filters)
except PortfolioError as exc:
    st.error(plain(str(exc)), icon=":material/lock:")
    st.stop()

st.metric("Changes", f"{len(events):,}")
if len(events) == DEFAULT_LIMIT:
    st.caption(f"Showing the newest {DEFAULT_LIMIT:,}; narrow the filters to see older ones.")
table = audit_table(events)
st.dataframe(table, hide_index=True, width="stretch")
downloads = st.columns([1, 1, 4])
downloads[0].download_button(
    "Download CSV",
    data=lambda: figures_csv(table),
    file_name="ccb-audit.csv",
    mime="text/csv",
    icon=":material/download:",
    disabled=table.empty,
)
downloads[1].download_button(
    "Download Excel",
    data=lambda: figures_workbook(table),
    file_name="ccb-audit.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    disabled=table.empty,
)
