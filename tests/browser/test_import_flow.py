"""What a data steward does, in a real browser: upload a sheet, read the preview, confirm."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portfolio.permissions import Role
from tests.browser.signin import sign_in, wait_for_app
from tests.workbooks import messy_sheet, workbook_bytes

pytestmark = pytest.mark.browser


def test_a_steward_uploads_a_sheet_sees_the_preview_and_confirms(
    page: Page, app_url: str, artifacts: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "with-errors.xlsx"
    bad.write_bytes(
        workbook_bytes([["Ref", "Title", "Start"], ["BRW-1", "Fine", "2024"], ["BRW-2", "Bad", "31/02/2023"]])
    )
    good = tmp_path / "delegation.xlsx"
    good.write_bytes(messy_sheet())

    sign_in(page, f"{app_url}/import", role=Role.DATA_STEWARD)

    page.locator("input[type='file']").set_input_files(str(bad))
    expect(page.get_by_text("Problems (1)")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']").first).to_contain_text("31/02/2023")
    expect(page.get_by_role("button", name="Import: 1 new, 0 updated")).to_be_disabled()
    expect(page.get_by_role("button", name="Download the sheet with a Problems column")).to_be_visible()
    page.screenshot(path=str(artifacts / "import-preview-errors.png"), full_page=True)

    page.locator("input[type='file']").set_input_files(str(good))
    expect(page.get_by_text("Remarks", exact=False).first).to_be_visible()  # the ignored column is named
    confirm = page.get_by_role("button", name="Import: 5 new, 0 updated")
    expect(confirm).to_be_enabled()
    page.screenshot(path=str(artifacts / "import-preview.png"), full_page=True)
    confirm.click()
    expect(page.get_by_text("Imported delegation.xlsx: 5 new, 0 updated")).to_be_visible()
    page.screenshot(path=str(artifacts / "import-done.png"), full_page=True)

    page.get_by_role("link", name="Portfolio").click()
    wait_for_app(page)
    page.get_by_role("textbox", name="Search", exact=True).fill("Regional cyber drills")
    page.get_by_role("textbox", name="Search", exact=True).press("Enter")
    wait_for_app(page)
    expect(page.locator("[data-testid='stDataFrame']")).to_contain_text("WB-DRILLS")
