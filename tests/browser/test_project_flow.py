"""What a programme manager does, in a real browser: create a project and find it in the portfolio."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portfolio.permissions import Role
from tests.browser.signin import sign_in, wait_for_app

pytestmark = pytest.mark.browser


def test_a_programme_manager_creates_a_project_and_finds_it_in_the_portfolio(
    page: Page, app_url: str, artifacts: Path
) -> None:
    sign_in(page, f"{app_url}/edit", role=Role.PROGRAMME_MANAGER)
    expect(page.get_by_role("heading", name="New project")).to_be_visible()
    page.get_by_role("button", name="All Western Balkans").click()
    wait_for_app(page)
    expect(page.get_by_text("Kosovo*", exact=True).first).to_be_visible()
    page.get_by_role("textbox", name="Reference", exact=True).fill("WB-CYBER-RANGE")
    page.get_by_role("textbox", name="Title *", exact=True).fill("Western Balkans cyber range exercises")
    page.get_by_role("textbox", name="Total budget (EUR)", exact=True).fill("1,750,000")
    page.get_by_role("textbox", name="Description", exact=True).fill(
        "Table-top and technical exercises for national CSIRTs <script>alert(1)</script>"
    )
    page.screenshot(path=str(artifacts / "new-project-form.png"), full_page=True)
    page.get_by_role("button", name="Create project").click()

    expect(page.get_by_role("heading", name="Western Balkans cyber range exercises")).to_be_visible()
    expect(page.get_by_text("Created WB-CYBER-RANGE.")).to_be_visible()
    expect(page.get_by_text("Focus regions: Western Balkans")).to_be_visible()
    expect(page.get_by_text("<script>alert(1)</script>", exact=False)).to_be_visible()  # shown as text, not run
    page.screenshot(path=str(artifacts / "project-page.png"), full_page=True)

    page.get_by_role("link", name="Portfolio").click()
    wait_for_app(page)
    page.get_by_role("textbox", name="Search", exact=True).fill("cyber range exercises")
    page.get_by_role("textbox", name="Search", exact=True).press("Enter")
    wait_for_app(page)
    projects = page.locator("[data-testid='stMetric']").filter(has_text="Projects")
    expect(projects).to_contain_text("1")
    grid = page.locator("[data-testid='stDataFrame']")
    expect(grid).to_contain_text("WB-CYBER-RANGE")
    expect(grid).to_contain_text("Western Balkans cyber range exercises")
    page.screenshot(path=str(artifacts / "portfolio-filtered.png"), full_page=True)

    # Selecting the row (its checkbox, left of the first cell) opens the project.
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    expect(page.get_by_role("heading", name="Western Balkans cyber range exercises")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/project\?id=\d+$"))
