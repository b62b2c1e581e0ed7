"""Coverage maps with folium, drawn from the shipped Natural Earth geodata and the coverage figures.

Offline first: Leaflet's script and style come from the app's own static files (or are inlined in a
standalone HTML file), and there is no tile layer unless PORTFOLIO_MAP_TILES names one. The map
carries geometries once and a few figures per country, so its size does not grow with the
number of projects. Every text that reaches the map's HTML is escaped here.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement, Template

from portfolio.coverage import METRICS, Coverage, own_budget
from portfolio.reference import Vocabulary
from portfolio.settings import PROJECT_ROOT

GEODATA = PROJECT_ROOT / "geodata"
LEAFLET = PROJECT_ROOT / "static" / "leaflet"
SERVED_ASSETS = "/app/static/leaflet"  # where Streamlit serves static/ (absolute: the map sits in an iframe)
PALETTE = ("#eef3fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # none, then five steps
NO_DATA = "#f4f4f2"
REGION_OUTLINE = "#1a1a1a"


@dataclass(frozen=True)
class Geodata:
    features: tuple[dict[str, Any], ...]  # GeoJSON polygons, properties: code
    points: dict[str, tuple[float, float]]  # code -> (latitude, longitude) for countries without a polygon


@cache
def load_geodata(folder: Path = GEODATA) -> Geodata:
    collection = json.loads((folder / "countries.geojson").read_text())
    with (folder / "points.csv").open(newline="") as handle:
        points = {row["code"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}
    return Geodata(tuple(collection["features"]), points)


@dataclass(frozen=True)
class CountryFigures:
    code: str
    projects: int
    budget_eur: Decimal
    norms: int
    instruments: tuple[str, ...]  # the largest first

    def value(self, metric: str) -> Decimal:
        return {"budget": self.budget_eur, "projects": Decimal(self.projects), "norms": Decimal(self.norms)}[metric]


def country_figures(coverage: Coverage) -> dict[str, CountryFigures]:
    """Per country: projects, budget (its share), norms covered and its main instruments."""
    by_country = {row.key: row for row in coverage.by("country")}
    norms: dict[str, set[str]] = {}
    instruments: dict[str, Counter[str]] = {}
    for p in coverage.projects:
        for code in p.country_codes:
            norms.setdefault(code, set()).update(n.code for n in p.norms)
            counter = instruments.setdefault(code, Counter())
            for line in p.funding:
                counter[line.instrument] += int(line.amount_eur or own_budget(p) or 1)
    return {
        code: CountryFigures(
            code, row.projects, row.budget_eur, len(norms.get(code, ())),
            tuple(i for i, _ in instruments.get(code, Counter()).most_common(3)),
        )
        for code, row in by_country.items()
    }  # fmt: skip


def coverage_map(
    coverage: Coverage,
    *,
    metric: str = "budget",
    region: str | None = None,
    tiles: str | None = None,
    assets: str = SERVED_ASSETS,
    geodata: Geodata | None = None,
) -> folium.Map:
    """A choropleth of the world (or one region) by budget, projects or norms covered, with the
    board's regions outlined, a legend, and tooltips; countries without a polygon are points."""
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}")
    geo = geodata or load_geodata()
    vocabulary = coverage.vocabulary
    figures = country_figures(coverage)
    breaks = _breaks([f.value(metric) for f in figures.values() if f.value(metric) > 0])
    fmap = folium.Map(location=(30, 20), zoom_start=2, tiles=None, control_scale=True, world_copy_jump=False)
    fmap.default_js = [("leaflet", f"{assets}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{assets}/leaflet.css")]
    if tiles:
        folium.TileLayer(tiles=tiles, attr="Map tiles: see PORTFOLIO_MAP_TILES", name="tiles").add_to(fmap)

    features = [_feature(f, figures, vocabulary, metric, breaks) for f in geo.features]
    features += [
        _point_feature(code, lat, lon, figures, vocabulary, metric, breaks) for code, (lat, lon) in geo.points.items()
    ]
    tooltip = folium.GeoJsonTooltip(
        fields=["label", "projects", "budget", "instruments"],
        aliases=["", "Projects", "Budget", "Main instruments"],
        sticky=True,
        labels=True,
    )
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="coverage",
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"], "color": "#8a8a8a", "weight": 0.6, "fillOpacity": 0.9,
        },
        highlight_function=lambda _f: {"weight": 2, "color": "#003399"},
        marker=folium.CircleMarker(radius=5, weight=1),
        tooltip=tooltip,
    ).add_to(fmap)  # fmt: skip

    for r in vocabulary.regions:
        members = set(vocabulary.countries_in_region(r.code))
        outline = [f for f in geo.features if f["properties"]["code"] in members]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": outline},
            name=f"{r.name} outline",
            style_function=lambda _f: {"fill": False, "color": REGION_OUTLINE, "weight": 1.8},
            interactive=False,
        ).add_to(fmap)

    fmap.get_root().add_child(_Legend(METRICS[metric], breaks, metric))
    bounds = _bounds(geo, vocabulary.countries_in_region(region) if region else None)
    fmap.fit_bounds(bounds)
    return fmap


def standalone_html(fmap: folium.Map) -> str:
    """The map as one self-contained HTML file: Leaflet's script and style inlined, nothing fetched."""
    fmap.default_js = [("leaflet", "INLINE:leaflet.js")]
    fmap.default_css = [("leaflet_css", "INLINE:leaflet.css")]
    page = fmap.get_root().render()
    script = (LEAFLET / "leaflet.js").read_text()
    style = (LEAFLET / "leaflet.css").read_text()
    page = re.sub(r'<script src="INLINE:leaflet\.js"></script>', lambda _m: f"<script>{script}</script>", page)
    page = re.sub(
        r'<link rel="stylesheet" href="INLINE:leaflet\.css"\s*/?>', lambda _m: f"<style>{style}</style>", page
    )
    if "INLINE:" in page:
        raise RuntimeError("a map asset was not inlined")
    return page


# --- pieces ----------------------------------------------------------------------------------


def _feature(
    feature: dict[str, Any],
    figures: dict[str, CountryFigures],
    vocabulary: Vocabulary,
    metric: str,
    breaks: list[Decimal],
) -> dict[str, Any]:
    code = feature["properties"]["code"]
    return {"type": "Feature", "geometry": feature["geometry"],
            "properties": _properties(code, figures, vocabulary, metric, breaks)}  # fmt: skip


def _point_feature(
    code: str,
    lat: float,
    lon: float,
    figures: dict[str, CountryFigures],
    vocabulary: Vocabulary,
    metric: str,
    breaks: list[Decimal],
) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": _properties(code, figures, vocabulary, metric, breaks)}  # fmt: skip


def _properties(
    code: str, figures: dict[str, CountryFigures], vocabulary: Vocabulary, metric: str, breaks: list[Decimal]
) -> dict[str, Any]:
    country = vocabulary.countries.get(code)
    name = country.display_name if country else code
    found = figures.get(code)
    value = found.value(metric) if found else Decimal(0)
    return {
        "code": code,
        # Escaped here: folium's tooltip writes these values into the page as HTML.
        "label": html.escape(name + (" (see footnote)" if country and country.footnote else "")),
        "projects": found.projects if found else 0,
        "budget": html.escape(f"EUR {found.budget_eur:,.0f}") if found else "EUR 0",
        "instruments": html.escape(", ".join(found.instruments)) if found else "",
        "colour": _colour(value, breaks),
    }


def _breaks(values: list[Decimal]) -> list[Decimal]:
    """Upper bounds of five classes (quantiles of the non-zero values)."""
    if not values:
        return []
    ordered = sorted(values)
    return sorted({ordered[min(len(ordered) - 1, (len(ordered) * k) // 5)] for k in range(1, 6)} | {ordered[-1]})


def _colour(value: Decimal, breaks: list[Decimal]) -> str:
    if value <= 0 or not breaks:
        return NO_DATA
    for index, bound in enumerate(breaks):
        if value <= bound:
            return PALETTE[min(index + 1, len(PALETTE) - 1)]
    return PALETTE[-1]


def _bounds(geo: Geodata, codes: list[str] | None) -> list[list[float]]:
    if not codes:
        return [[-50.0, -170.0], [75.0, 170.0]]
    lats: list[float] = []
    lons: list[float] = []

    def walk(coordinates: Any) -> None:
        if isinstance(coordinates[0], int | float):
            lons.append(float(coordinates[0]))
            lats.append(float(coordinates[1]))
        else:
            for part in coordinates:
                walk(part)

    for feature in geo.features:
        if feature["properties"]["code"] in codes:
            walk(feature["geometry"]["coordinates"])
    for code in codes:
        if code in geo.points:
            lats.append(geo.points[code][0])
            lons.append(geo.points[code][1])
    return [[min(lats) - 1, min(lons) - 1], [max(lats) + 1, max(lons) + 1]]


class _Legend(MacroElement):
    """A legend drawn with plain HTML (branca's colormap legend would fetch d3 from a CDN)."""

    def __init__(self, title: str, breaks: list[Decimal], metric: str) -> None:
        super().__init__()
        rows = [f'<div><span style="background:{NO_DATA}"></span>none</div>']
        lower = Decimal(0)
        for index, bound in enumerate(breaks):
            colour = PALETTE[min(index + 1, len(PALETTE) - 1)]
            span = f"{_amount(lower, metric)} to {_amount(bound, metric)}"
            rows.append(f'<div><span style="background:{colour}"></span>{span}</div>')
            lower = bound
        body = "".join(rows)
        self._template = Template(
            "{% macro html(this, kwargs) %}"
            '<div class="ccb-legend" style="position:absolute;bottom:24px;left:12px;z-index:1000;background:#fff;'
            'padding:8px 10px;border:1px solid #999;border-radius:4px;font:12px sans-serif;line-height:18px">'
            f"<b>{html.escape(title)}</b>{body}"
            '<div style="margin-top:4px"><span style="background:none;border:2px solid #1a1a1a"></span>'
            "the board's regions</div></div>"
            "<style>.ccb-legend span{display:inline-block;width:14px;height:12px;margin-right:6px;"
            "vertical-align:middle;border:1px solid #999}</style>"
            "{% endmacro %}"
        )


def _amount(value: Decimal, metric: str) -> str:
    return f"EUR {value:,.0f}" if metric == "budget" else f"{value:,.0f}"
