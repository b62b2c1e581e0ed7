"""Project: every field in plain language, funding, parent and components, history, archive."""

import streamlit as st

from portfolio.errors import NotFound, PortfolioError
from portfolio.permissions import EDIT_RULE, Permission, allows, may_edit
from portfolio.projects import archive_project, restore_project
from portfolio.tables import STATUS_LABELS, country_table, funding_table, history_table, norm_lines
from portfolio.ui import resources
from portfolio.ui.components.flash import show_flashes
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.text import plain
from portfolio.ui.navigation import edit_page, portfolio_page, project_page

vocabulary = resources.vocabulary()
actor = current_actor()
raw_id = st.query_params.get("id", "")
if not raw_id.isdigit():
    st.title("Project")
    st.info("Open a project from the portfolio table.", icon=":material/table_view:")
    if st.button("Go to the portfolio"):
        st.switch_page(portfolio_page())
    st.stop()

try:
    record = resources.project(int(raw_id))
except NotFound:
    st.title("Project")
    st.error(f"There is no project with id {raw_id}. It may have been merged or removed.")
    st.stop()

show_flashes()
st.title(plain(record.title))
status = STATUS_LABELS[record.status] + (" · archived" if record.archived else "")
st.caption(
    f"{plain(record.ref) or 'no reference'} · {plain(record.acronym) + ' · ' if record.acronym else ''}{status} · "
    f"version {record.version}, last changed {record.updated_at:%Y-%m-%d %H:%M} UTC by {plain(record.updated_by)}"
)
if record.archived:
    st.warning(
        "This project is archived: it is left out of the portfolio and its figures.", icon=":material/inventory_2:"
    )

buttons = st.columns([1, 1, 4])
if may_edit(actor, owner_id=record.owner_id, contact=record.contact) and buttons[0].button(
    "Edit", icon=":material/edit:", width="stretch"
):
    st.switch_page(edit_page(), query_params={"id": str(record.id)})
if not may_edit(actor, owner_id=record.owner_id, contact=record.contact):
    buttons[2].caption(f"Read only for you: {EDIT_RULE}.")
archive_label = "Restore" if record.archived else "Archive"
if allows(actor.role, Permission.ARCHIVE_PROJECT) and buttons[1].button(
    archive_label, icon=":material/inventory_2:", width="stretch"
):
    change = restore_project if record.archived else archive_project
    try:
        with resources.transaction() as session:
            change(session, project_id=record.id, expected_version=record.version, actor=actor)
    except PortfolioError as exc:
        st.error(plain(str(exc)))
    else:
        st.toast(f"{archive_label}d {plain(record.ref or record.title)}.")
        st.rerun()

facts = st.columns([2, 1, 1, 3])
facts[0].metric("Total budget", f"EUR {record.budget_eur:,.0f}" if record.budget_eur is not None else "not given")
facts[1].metric("Start", record.start_date.isoformat() if record.start_date else "not given")
facts[2].metric("End", record.end_date.isoformat() if record.end_date else "not given")
facts[3].metric("Countries", len(record.countries))

if record.description:
    st.markdown(plain(record.description))

left, right = st.columns(2)
with left:
    st.subheader("Beneficiary countries")
    region_names = [vocabulary.region(r).name for r in record.regions]
    st.caption(f"Focus regions: {', '.join(region_names)}" if region_names else "Outside the board's focus regions.")
    if record.countries:
        st.dataframe(country_table(record, vocabulary), hide_index=True, width="stretch")
    else:
        st.caption("No country recorded.")
    for note in vocabulary.footnotes_for(record.country_codes):
        st.caption(plain(note))
    st.subheader("Funding")
    if record.funding:
        st.dataframe(funding_table(record, vocabulary), hide_index=True, width="stretch")
    else:
        st.caption("No funding line recorded.")
with right:
    st.subheader("UN framework")
    for line in norm_lines(record, vocabulary) or ["No UN norm recorded."]:
        st.markdown(f"- {plain(line)}")
    if record.pillars:
        st.markdown("Pillars: " + ", ".join(vocabulary.pillars[p].label for p in record.pillars))
    st.subheader("GFCE themes")
    st.markdown(", ".join(vocabulary.themes[t].name for t in record.themes) or "No theme recorded.")
    st.subheader("Implementing organisations")
    st.markdown(", ".join(plain(i) for i in record.implementers) or "None recorded.")

st.subheader("Programme")
if record.parent and st.button(
    f"Part of: {record.parent.ref or ''} {record.parent.title}", key="open.parent", icon=":material/arrow_upward:"
):
    st.switch_page(project_page(), query_params={"id": str(record.parent.id)})
for component in record.components:
    if st.button(
        f"Component: {component.ref or ''} {component.title}",
        key=f"open.{component.id}",
        icon=":material/subdirectory_arrow_right:",
    ):
        st.switch_page(project_page(), query_params={"id": str(component.id)})
if not record.parent and not record.components:
    st.caption("Not part of a programme, and no components.")

st.subheader("Record")
st.markdown(
    "\n".join(
        [
            f"- **Website:** {plain(record.website) if record.website else 'not given'}",
            f"- **Contact:** {plain(record.contact) if record.contact else 'not given'}",
            f"- **Source:** {plain(record.source) if record.source else 'not recorded'}",
            f"- **Last confirmed:** {record.last_confirmed or 'never'}",
            f"- **Created:** {record.created_at:%Y-%m-%d %H:%M} UTC by {plain(record.created_by)}",
        ]
    )
)
with st.expander("History of changes", expanded=False):
    st.dataframe(history_table(resources.history(record.id)), hide_index=True, width="stretch")
