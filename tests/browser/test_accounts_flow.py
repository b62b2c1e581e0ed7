"""Accounts in a real browser: the first-run page, sign-in, lockout, sign-out, what each role is
offered, hostile text that must never run, and Streamlit's XSRF protection."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from portfolio.accounts import add_user
from portfolio.coverage import portfolio_coverage
from portfolio.maps import coverage_map, standalone_html
from portfolio.permissions import Role
from portfolio.projects import ProjectFilter, save_project
from portfolio.reference import load_vocabulary
from portfolio.verdicts import record_verdict
from tests.accounts import PASSWORD
from tests.browser.signin import sign_in, wait_for_app
from tests.databases import committed
from tests.factories import admin

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="alert(\'xss\')"><script>alert("xss")</script>'


def _dialogs(page: Page) -> list[str]:
    seen: list[str] = []

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def test_the_first_run_page_creates_the_administrator_and_signs_them_in(
    page: Page, first_run_app_url: str, artifacts: Path
) -> None:
    page.goto(f"{first_run_app_url}/audit")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Set up the portfolio")).to_be_visible()
    page.get_by_role("textbox", name="Name to sign in with").fill("ada")
    page.get_by_role("textbox", name="Full name").fill("Ada Lovelace")
    page.get_by_role("textbox", name="Password", exact=True).fill("short")
    page.get_by_role("textbox", name="The same password again").fill("short")
    page.get_by_role("button", name="Create the administrator and sign in").click()
    expect(page.get_by_text("must have at least 12 characters")).to_be_visible()
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="The same password again").fill(PASSWORD)
    page.screenshot(path=str(artifacts / "first-run.png"), full_page=True)
    page.get_by_role("button", name="Create the administrator and sign in").click()
    expect(page.get_by_role("heading", name="Audit trail", exact=True)).to_be_visible()  # where they were going
    expect(page.get_by_text("Ada Lovelace", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Users")).to_be_visible()
    other = page.context.new_page()  # a second visitor no longer gets the set-up page
    other.goto(first_run_app_url)
    wait_for_app(other)
    expect(other.get_by_role("heading", name="Sign in")).to_be_visible()


def test_five_wrong_passwords_lock_the_account_in_the_browser(
    page: Page, app_url: str, app_database_url: str, artifacts: Path
) -> None:
    with committed(app_database_url) as session:
        add_user(session, actor=admin(), name="lockme", role=Role.VIEWER, password=PASSWORD)
    page.goto(app_url)
    wait_for_app(page)
    name, password = page.get_by_role("textbox", name="Name", exact=True), page.get_by_role("textbox", name="Password")
    for attempt in range(5):
        name.fill("lockme")
        password.fill(f"wrong password number {attempt}")
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.wait_for_timeout(700)  # let this attempt's run start, so no two submissions merge into one
        wait_for_app(page)
        expected = "locked" if attempt == 4 else "The name or password is wrong."
        expect(page.get_by_text(re.compile(expected)).first).to_be_visible()
    name.fill("lockme")
    password.fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"locked after 5 wrong passwords. Try again in 1[45] minutes"))).to_be_visible()
    expect(page.get_by_role("heading", name="Portfolio")).to_have_count(0)
    page.screenshot(path=str(artifacts / "locked.png"), full_page=True)


def test_each_role_sees_only_its_pages_and_signing_out_ends_the_session(page: Page, app_url: str) -> None:
    sign_in(page, app_url, role=Role.VIEWER)
    nav = page.locator("[data-testid='stSidebarNav']")
    expect(nav.get_by_role("link", name="Coverage")).to_be_visible()
    for hidden in ("New project", "Import", "Audit", "Users"):
        expect(nav.get_by_role("link", name=hidden)).to_have_count(0)
    expect(page.get_by_role("button", name="New project")).to_have_count(0)
    expect(page.get_by_role("button", name="Export to Excel")).to_have_count(0)
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)  # tables offer no copy either
    page.get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You signed out.")).to_be_visible()

    sign_in(page, f"{app_url}/audit", role=Role.BOARD_MEMBER)  # a deep link survives the sign-in
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Users")).to_have_count(0)


def test_html_and_script_typed_anywhere_never_run(
    page: Page, app_url: str, app_database_url: str, artifacts: Path
) -> None:
    with committed(app_database_url) as session:
        vocabulary = load_vocabulary(session)
        hostile = save_project(
            session,
            data={"ref": "XSS-1", "title": f"Hostile {HOSTILE}", "description": HOSTILE, "countries": ["MNG"],
                  "contact": HOSTILE, "source": HOSTILE,
                  "implementers": [f"Evil {HOSTILE}"], "start_date": "2024-01-01", "end_date": "2025-01-01",
                  "funding": [{"instrument": "NDICI", "funder": f"Funder {HOSTILE}", "amount_eur": "1000"}],
                  "norms": ["a"]},
            vocabulary=vocabulary, actor=admin(f"Mallory {HOSTILE}"[:100]),
        ).record  # fmt: skip
        twin = save_project(
            session, data={"title": f"Hostile twin {HOSTILE}", "countries": ["MNG"], "start_date": "2024-01-01",
                           "end_date": "2025-01-01", "norms": ["a"]}, vocabulary=vocabulary, actor=admin(),
        ).record  # fmt: skip
        record_verdict(session, a_id=hostile.id, b_id=twin.id, verdict="overlap-acknowledged", note=HOSTILE,
                       actor=admin())  # fmt: skip
        figures = portfolio_coverage(session, filters=ProjectFilter(), vocabulary=vocabulary)
        add_user(session, actor=admin(), name="mallory", role=Role.VIEWER, password=PASSWORD, full_name=HOSTILE)
    dialogs = _dialogs(page)
    sign_in(page, f"{app_url}/project?id={hostile.id}", role=Role.ADMIN)
    expect(page.get_by_text(HOSTILE, exact=False).first).to_be_visible()  # shown as text
    page.screenshot(path=str(artifacts / "hostile-project.png"), full_page=True)
    nav = page.locator("[data-testid='stSidebarNav']")
    for link in ("Portfolio", "Coverage", "Duplicates", "Audit", "Users"):
        nav.get_by_role("link", name=link).click()
        wait_for_app(page)
        expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    # The downloadable map, opened on its own (it needs no server), with every tooltip shown.
    page.set_content(standalone_html(coverage_map(figures, metric="budget")))
    page.wait_for_timeout(500)
    opened = page.evaluate(
        """() => {
            let n = 0;
            const show = (content, layer) => {  // what Leaflet does when a tooltip opens
                const box = document.createElement("div");
                const html = typeof content === "function" ? content(layer) : content;
                if (typeof html === "string") box.innerHTML = html; else box.appendChild(html);
                document.body.appendChild(box);
                n++;
            };
            const visit = (layer) => {
                const tip = layer.getTooltip ? layer.getTooltip() : null;
                if (tip && layer.eachLayer) layer.eachLayer((sub) => show(tip._content, sub));
                else if (tip) show(tip._content, layer);
                if (layer.eachLayer) layer.eachLayer(visit);
            };
            for (const key of Object.keys(window)) if (key.startsWith("map_")) window[key].eachLayer(visit);
            return n;
        }"""
    )
    assert opened >= 250, opened
    page.wait_for_timeout(300)
    assert dialogs == []
    # The listener does catch a payload that runs: the same text put into the page unescaped.
    page.evaluate("html => { const box = document.createElement('div'); box.innerHTML = html; "
                  "document.body.appendChild(box); }", HOSTILE)  # fmt: skip
    page.wait_for_timeout(500)
    assert dialogs == ["xss"]


def test_streamlit_refuses_an_upload_without_its_xsrf_token(app_url: str) -> None:
    request = urllib.request.Request(  # noqa: S310 - localhost
        f"{app_url}/_stcore/upload_file/some-session/some-file",
        data=b"--b\r\nContent-Disposition: form-data; name=file; filename=a.csv\r\n\r\nx\r\n--b--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=b"},
        method="PUT",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 - localhost
    assert refused.value.code == 403
    assert "XSRF" in refused.value.read().decode()
