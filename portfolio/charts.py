"""Charts of the coverage figures (Altair, rendered by Streamlit with its bundled Vega: offline)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from portfolio.coverage import CoverageRow, GapCell
from portfolio.projects import ProjectRecord
from portfolio.reference import Vocabulary


def gap_matrix_frame(cells: Sequence[GapCell], vocabulary: Vocabulary) -> pd.DataFrame:
    order = {c: i for i, c in enumerate(c for r in vocabulary.regions for c in vocabulary.countries_in_region(r.code))}
    return pd.DataFrame(
        [
            {
                "Country": vocabulary.countries[c.country].display_name,
                "Region": vocabulary.region(vocabulary.countries[c.country].region_code or "").name,
                "Norm": f"13({c.norm})",
                "Norm label": vocabulary.norms[c.norm].label,
                "Projects": c.projects,
                "Budget (EUR)": float(c.budget_eur),  # a chart's colour scale, not a figure anyone sums
                "order": order[c.country],
            }
            for c in cells
        ]
    )


def gap_heatmap(frame: pd.DataFrame) -> alt.Chart:
    """Focus countries by norm; an empty cell (no active project) stands out in pale red."""
    base = alt.Chart(frame).encode(
        x=alt.X("Norm:N", sort=None, title="UN norm (A/70/174, para 13)"),
        y=alt.Y("Country:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelOverlap=False)),
        tooltip=["Country", "Region", "Norm", "Norm label", "Projects", alt.Tooltip("Budget (EUR):Q", format=",.0f")],
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.condition(
            "datum.Projects == 0",
            alt.value("#fde0dd"),
            alt.Color("Projects:Q", scale=alt.Scale(scheme="blues"), title="Projects"),
        )
    )
    labels = base.mark_text(fontSize=10).encode(text=alt.Text("Projects:Q"))
    return (cells + labels).properties(height=alt.Step(20))


def budget_bars(rows: Sequence[CoverageRow], *, label: str, names: dict[str, str] | None = None) -> alt.Chart:
    frame = pd.DataFrame(
        [{label: (names or {}).get(r.key, r.key), "Budget (EUR)": float(r.budget_eur), "Projects": r.projects}
         for r in rows]
    )  # fmt: skip
    return (
        alt.Chart(frame)
        .mark_bar(color="#003399")
        .encode(
            x=alt.X(f"{label}:N", sort=None, title=None),
            y=alt.Y("Budget (EUR):Q", axis=alt.Axis(format="~s")),
            tooltip=[label, alt.Tooltip("Budget (EUR):Q", format=",.0f"), "Projects"],
        )
    )


def timeline(records: Sequence[ProjectRecord], *, highlight: Sequence[int] = ()) -> alt.Chart:
    """A Gantt-style chart of projects' periods; the highlighted ones stand out."""
    frame = pd.DataFrame(
        [
            {"Project": r.ref or r.title[:40], "Start": r.start_date, "End": r.end_date or r.start_date,
             "Funders": ", ".join(r.funders), "Pair": r.id in highlight}
            for r in records
            if r.start_date
        ]
    )  # fmt: skip
    if frame.empty:
        return alt.Chart(pd.DataFrame({"Start": []})).mark_bar()
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=2)
        .encode(
            x=alt.X("Start:T", title=None),
            x2="End:T",
            y=alt.Y("Project:N", sort="x", title=None),
            color=alt.condition("datum.Pair", alt.value("#003399"), alt.value("#9ecae1")),
            tooltip=["Project", "Start:T", "End:T", "Funders"],
        )
    )
