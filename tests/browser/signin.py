"""Helpers every browser test uses: wait for Streamlit to settle, and sign in."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from portfolio.permissions import Role
from tests.accounts import ACCOUNTS, PASSWORD


def wait_for_app(page: Page) -> None:
    page.wait_for_selector("[data-testid='stMainBlockContainer']")
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=20_000)


def sign_in(page: Page, url: str, *, role: Role = Role.DATA_STEWARD, password: str = PASSWORD) -> None:
    """Open `url` (a new browser session asks who you are) and sign in with that role's account."""
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("textbox", name="Name", exact=True).fill(ACCOUNTS[role][0])
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(ACCOUNTS[role][1], exact=True)).to_be_visible()
