"""Coverage maps: every country can be drawn, nothing leaves the machine, user text is escaped."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from portfolio.coverage import portfolio_coverage
from portfolio.maps import coverage_map, load_geodata, standalone_html
from portfolio.projects import ProjectFilter
from portfolio.reference import Vocabulary
from tests.factories import make_project


def test_every_country_code_is_a_polygon_or_a_point(vocabulary: Vocabulary) -> None:
    geo = load_geodata()
    polygons = {f["properties"]["code"] for f in geo.features}
    assert polygons.isdisjoint(geo.points)
    assert polygons | set(geo.points) == set(vocabulary.countries)
    focus = {c for r in vocabulary.regions for c in vocabulary.countries_in_region(r.code)}
    assert focus <= polygons  # the board's countries are all drawn as shapes
    assert {"MLT", "BHR", "SGP", "TON"} <= set(geo.points)


def test_every_country_with_projects_is_on_the_map(session: Session, vocabulary: Vocabulary) -> None:
    make_project(session, vocabulary, countries=["Malta", "Kosovo*", "Tonga", "Serbia"], budget_eur="400", funding=[])
    figures = portfolio_coverage(session, filters=ProjectFilter(), vocabulary=vocabulary)
    page = coverage_map(figures).get_root().render()
    for code in ("MLT", "XKX", "TON", "SRB"):
        assert f'"code": "{code}"' in page or f'"code":"{code}"' in page


def test_the_standalone_map_fetches_nothing_and_inlines_leaflet(session: Session, vocabulary: Vocabulary) -> None:
    make_project(session, vocabulary, budget_eur="100", funding=[])
    page = standalone_html(coverage_map(portfolio_coverage(session, filters=ProjectFilter(), vocabulary=vocabulary)))
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "L.map(" in page or "L.map (" in page
    assert len(page.encode()) < 1_000_000


def test_user_text_never_reaches_the_map_unescaped(session: Session, vocabulary: Vocabulary) -> None:
    hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    make_project(session, vocabulary, ref="HOSTILE", title=hostile, description=hostile, acronym="<b>x</b>",
                 countries=["Serbia"], budget_eur="100", implementers=[hostile],
                 funding=[{"instrument": "NDICI", "funder": hostile, "amount_eur": "100"}])  # fmt: skip
    figures = portfolio_coverage(session, filters=ProjectFilter(), vocabulary=vocabulary)
    for metric in ("budget", "projects", "norms"):
        page = standalone_html(coverage_map(figures, metric=metric, region="WB"))
        assert "<script>alert" not in page
        assert "onerror=alert" not in page


def test_a_region_map_is_centred_on_that_region(session: Session, vocabulary: Vocabulary) -> None:
    figures = portfolio_coverage(session, filters=ProjectFilter(), vocabulary=vocabulary)
    page = coverage_map(figures, region="WB").get_root().render()
    bounds = re.search(r"fitBounds\(\s*\[\[([-\d.]+),\s*([-\d.]+)\],\s*\[([-\d.]+),\s*([-\d.]+)\]\]", page)
    assert bounds is not None
    south, west, north, east = (float(v) for v in bounds.groups())
    assert 38 < south < 42  # Albania's south
    assert 13 < west < 17  # Bosnia and Herzegovina's west
    assert 45 < north < 48  # Serbia's north
    assert 22 < east < 25  # Serbia's east


def test_the_figures_download_neutralises_formula_text() -> None:
    import io

    import pandas as pd
    from openpyxl import load_workbook

    from portfolio.exporter import figures_workbook

    data = figures_workbook(pd.DataFrame([{"Funder": "=cmd()", "Budget (EUR)": 10}]))
    sheet = load_workbook(io.BytesIO(data))["Figures"]
    assert sheet["A2"].value == "'=cmd()"
    assert sheet["A2"].data_type == "s"
