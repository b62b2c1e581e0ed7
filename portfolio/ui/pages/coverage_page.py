"""Coverage: where the money goes, by country, region, instrument, norm and year, and the gaps."""

import streamlit as st
from streamlit_folium import st_folium

from portfolio.charts import budget_bars, gap_heatmap, gap_matrix_frame
from portfolio.coverage import METRICS, RULES
from portfolio.exporter import figures_csv, figures_workbook
from portfolio.maps import coverage_map, standalone_html
from portfolio.settings import load_settings
from portfolio.tables import country_projects_table, coverage_table, dimension_names
from portfolio.ui import resources
from portfolio.ui.components.filters import filter_bar
from portfolio.ui.components.text import plain
from portfolio.ui.navigation import project_page

vocabulary = resources.vocabulary()
st.title("Coverage")
st.caption("Where EU and Member State money for cyber capacity building goes, and where the gaps are.")
filters = filter_bar(vocabulary, organisations=resources.organisation_names())
options = st.columns([3, 2, 2, 2], vertical_alignment="bottom")
metric = (
    options[0].segmented_control(
        "Colour the map by", list(METRICS), default="budget", format_func=METRICS.__getitem__, key="coverage.metric"
    )
    or "budget"
)
view = options[1].selectbox(
    "Map",
    [None, *(r.code for r in vocabulary.regions)],
    key="coverage.view",
    format_func=lambda code: "World" if code is None else vocabulary.region(code).name,
)
group = options[2].checkbox(
    "Group instruments with their predecessors",
    key="coverage.group",
    help="NDICI incl. ENI, ICSP and DCI; IPA III incl. IPA II.",
)
cancelled = options[3].checkbox("Count cancelled projects", key="coverage.cancelled")
figures = resources.coverage(filters, include_cancelled=cancelled, group_instruments=group)

tiles = st.columns(4)
tiles[0].metric("Active projects", f"{len(figures.projects):,}", help=RULES["excluded"])
tiles[1].metric(
    "Total budget",
    f"EUR {figures.total_budget / 1_000_000:,.1f} m",
    help=f"EUR {figures.total_budget:,.2f}. " + RULES["programmes"],
)
tiles[2].metric("Countries reached", figures.countries_reached)
tiles[3].metric("UN norms covered", f"{figures.norms_covered} of {len(vocabulary.norms)}")
st.caption(" ".join([RULES["split"], RULES["programmes"], RULES["excluded"]]))

fmap = coverage_map(figures, metric=metric, region=view, tiles=load_settings().map_tiles or None)
clicked = st_folium(
    fmap, key="coverage.map", height=520, use_container_width=True, returned_objects=["last_active_drawing"]
)
st.download_button(
    "Download map",
    data=lambda: standalone_html(coverage_map(figures, metric=metric, region=view)).encode("utf-8"),
    file_name=f"ccb-coverage-{metric}-{view or 'world'}.html",
    mime="text/html",
    icon=":material/download:",
    help="One HTML file that opens in any browser, with no internet.",
)
for note in vocabulary.footnotes_for(vocabulary.countries_in_region("WB") + vocabulary.countries_in_region("SN")):
    st.caption(plain(note))
feature = (clicked or {}).get("last_active_drawing") or {}
code = (feature.get("properties") or {}).get("code")
if isinstance(code, str) and code in vocabulary.countries:
    st.subheader(f"Projects in {plain(vocabulary.countries[code].display_name)}")
    listed = country_projects_table(figures.projects, code)
    if listed.empty:
        st.caption("No project in this country for the current filter.")
    else:
        selection = st.dataframe(
            listed,
            hide_index=True,
            width="stretch",
            on_select="rerun",
            selection_mode="single-row",
            key="coverage.country_projects",
            column_order=[c for c in listed.columns if c != "id"],
        )
        if selection and selection.selection.rows:
            st.switch_page(
                project_page(), query_params={"id": str(int(listed.iloc[selection.selection.rows[0]]["id"]))}
            )
else:
    st.caption("Click a country on the map to list its projects.")

st.subheader("Gaps: focus countries by UN norm")
st.caption(
    "Each cell counts the active projects serving that norm in that country; pale red cells have none. "
    + RULES["overlap"]
)
st.altair_chart(gap_heatmap(gap_matrix_frame(figures.gap_matrix(), vocabulary)), use_container_width=True)

left, right = st.columns(2)
instrument_names = dimension_names(vocabulary, "instrument")
with left:
    st.subheader("Funding by instrument")
    st.altair_chart(
        budget_bars(figures.by("instrument"), label="Instrument", names=instrument_names), use_container_width=True
    )
with right:
    st.subheader("Funding by year")
    st.caption(RULES["years"])
    st.altair_chart(budget_bars(figures.by("year"), label="Year"), use_container_width=True)

st.subheader("The figures")
dimension = st.selectbox(
    "Figures by",
    ["country", "region", "instrument", "funder", "norm", "theme", "status", "year"],
    key="coverage.dimension",
)
table = coverage_table(
    figures.by(dimension), label=dimension.capitalize(), names=dimension_names(vocabulary, dimension)
)
money = st.column_config.NumberColumn(format="%,.2f")
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={"Budget (EUR)": money, "of which split equally (EUR)": money},
)
downloads = st.columns([1, 1, 4])
downloads[0].download_button(
    "Download CSV",
    data=lambda: figures_csv(table),
    file_name=f"coverage-by-{dimension}.csv",
    mime="text/csv",
    icon=":material/download:",
)
downloads[1].download_button(
    "Download Excel",
    data=lambda: figures_workbook(table),
    file_name=f"coverage-by-{dimension}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
)
