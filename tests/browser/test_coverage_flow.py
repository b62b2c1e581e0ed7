"""A board member reads the coverage map, offline: every request outside 127.0.0.1 is aborted."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from portfolio.coverage import portfolio_coverage
from portfolio.db import make_engine
from portfolio.permissions import Role
from portfolio.projects import ProjectFilter
from portfolio.reference import load_vocabulary
from portfolio.settings import Settings
from tests.browser.signin import sign_in

pytestmark = pytest.mark.browser


def test_the_coverage_map_draws_offline_and_its_tooltip_shows_the_figures(
    page: Page, app_url: str, app_database_url: str, artifacts: Path
) -> None:
    sign_in(page, f"{app_url}/coverage", role=Role.BOARD_MEMBER)
    expect(page.get_by_role("heading", name="Coverage", exact=True)).to_be_visible()
    map_frame = page.frame_locator("iframe[title*='st_folium'], iframe[title*='streamlit_folium']").first
    shapes = map_frame.locator("path.leaflet-interactive")
    expect(shapes.nth(249)).to_be_attached(timeout=30_000)  # 175 polygons and 75 points, all drawn
    assert shapes.count() >= 250
    expect(map_frame.locator(".ccb-legend")).to_contain_text("Budget (EUR)")

    darkest = map_frame.locator("path.leaflet-interactive[fill='#08519c']").first
    darkest.hover()
    tooltip = map_frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Projects")
    text = tooltip.inner_text()
    page.screenshot(path=str(artifacts / "coverage-map.png"), full_page=True)

    engine = make_engine(Settings(database_url=app_database_url))
    with Session(engine) as session:
        vocabulary = load_vocabulary(session)
        figures = portfolio_coverage(session, filters=ProjectFilter(), vocabulary=vocabulary)
    engine.dispose()
    shown_budget = Decimal(re.search(r"EUR ([\d,]+)", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    by_name = {vocabulary.countries[r.key].display_name: r for r in figures.by("country")}
    name = next(n for n in sorted(by_name, key=len, reverse=True) if n in text)
    assert shown_budget == by_name[name].budget_eur.quantize(Decimal(1))
    assert re.search(rf"Projects\s+{by_name[name].projects}\b", text)

    # Clicking a country lists its projects below the map. The click is dispatched on the shape
    # itself: the shape's box centre can fall outside a concave country.
    darkest.dispatch_event("click")
    expect(page.get_by_role("heading", name=f"Projects in {name}")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
