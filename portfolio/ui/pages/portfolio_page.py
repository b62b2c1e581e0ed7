"""Portfolio: the filterable table of projects, with count and total budget for the filter."""

import streamlit as st

from portfolio.permissions import Permission, allows
from portfolio.tables import portfolio_table, portfolio_totals
from portfolio.ui import resources
from portfolio.ui.components.filters import filter_bar
from portfolio.ui.components.identity import current_actor
from portfolio.ui.components.text import plain
from portfolio.ui.navigation import edit_page, project_page

vocabulary = resources.vocabulary()
actor = current_actor()
head, export, action = st.columns([4, 1, 1], vertical_alignment="bottom")
head.title("Portfolio")
if allows(actor.role, Permission.CREATE_PROJECT) and action.button(
    "New project", icon=":material/add:", width="stretch"
):
    st.switch_page(edit_page())

filters = filter_bar(vocabulary)
if allows(actor.role, Permission.EXPORT):
    export.download_button(
        "Export to Excel",
        data=lambda: resources.export_bytes(filters, actor),
        file_name="ccb-portfolio.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        width="stretch",
        help="The projects of the current filter, in the import template's layout.",
    )
records = resources.projects(filters)
totals = portfolio_totals(records)

kpis = st.columns(3)
kpis[0].metric("Projects", f"{totals.projects:,}")
kpis[1].metric(
    "Total budget",
    f"EUR {totals.budget_eur:,.0f}",
    help="Sum of the listed projects' total budgets. A programme and its components are both listed, so "
    "their budgets can overlap here; the coverage figures count them once.",
)
kpis[2].metric("Countries reached", totals.countries)
if totals.without_budget:
    st.caption(f"{totals.without_budget} of the listed projects have no budget recorded.")

if not records:
    st.info("No project matches these filters. Clear a filter, or add a project.", icon=":material/search_off:")
else:
    st.caption("Select a row to open the project.")
    table = portfolio_table(records, vocabulary)
    selection = st.dataframe(
        table,
        key="portfolio.table",
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        column_order=[c for c in table.columns if c != "id"],
        column_config={
            "Budget (EUR)": st.column_config.NumberColumn(format="%,.0f"),
            "Start": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "End": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Title": st.column_config.TextColumn(width="large"),
        },
    )
    chosen = selection.selection.rows if selection else []
    if chosen:
        st.switch_page(project_page(), query_params={"id": str(int(table.iloc[chosen[0]]["id"]))})

notes = vocabulary.footnotes_for({c for r in records for c in r.country_codes})
for note in notes:
    st.caption(plain(note))
