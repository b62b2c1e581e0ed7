"""A board member reviews a pair that looks like one project entered twice, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portfolio.permissions import Role
from tests.browser.signin import sign_in, wait_for_app

pytestmark = pytest.mark.browser


def test_a_board_member_compares_a_pair_and_records_a_verdict(page: Page, app_url: str, artifacts: Path) -> None:
    sign_in(page, f"{app_url}/duplicates", role=Role.BOARD_MEMBER)
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_contain_text("CYBERSOUTH")
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # select the first pair
    expect(page.get_by_text("same implementer: Council of Europe", exact=True)).to_be_visible()
    expect(page.get_by_text("Timeline of projects in")).to_be_visible()
    page.screenshot(path=str(artifacts / "duplicates-pair.png"), full_page=True)
    page.get_by_role("textbox", name="Comment", exact=True).fill("Asking both delegations which one is current")
    page.get_by_role("button", name="Add comment").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"bruno commented: Asking both delegations"))).to_be_visible()
    page.get_by_role("textbox", name="Note", exact=True).fill("Checked: entered twice by two delegations")
    page.get_by_role("button", name="Record verdict").click()
    wait_for_app(page)
    # The decided pair leaves the list (programme phases stay, shown as related).
    decided = "Lebanon, Morocco; budgets within 10 %"  # only the decided pair's reasons end so
    expect(page.locator("[data-testid='stDataFrame']").first).not_to_contain_text(decided)
    expect(page.locator("[data-testid='stDataFrame']").first).to_contain_text("phases")
