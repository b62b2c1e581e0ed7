"""Sign-in, first run, idle sign-out, and what each role is offered on the pages (AppTest)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from portfolio import migrate
from portfolio.access import actor_named
from portfolio.accounts import disable_user, enable_user
from portfolio.permissions import Role
from portfolio.projects import find_project, save_project
from portfolio.reference import load_vocabulary
from portfolio.settings import PROJECT_ROOT, Settings
from tests.accounts import ACCOUNTS, PASSWORD
from tests.databases import committed
from tests.factories import admin

APP = str(PROJECT_ROOT / "app.py")
PAGES = "portfolio/ui/pages/"


def _as(url: str, role: Role, *, idle_seconds: float = 0) -> AppTest:
    with committed(url) as session:
        user_id = actor_named(session, name=ACCOUNTS[role][0]).user_id
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["auth.user_id"] = user_id
    at.session_state["auth.last_seen"] = time.time() - idle_seconds
    return at.run()


def _open(at: AppTest, page: str, **query: str) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(PAGES + page)
    return at.run()


def _has_project_form(at: AppTest) -> bool:
    return any(b.key == "FormSubmitter:project_form-Save changes" for b in at.button)


@pytest.fixture
def demo(demo_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", demo_sqlite_url)
    return demo_sqlite_url


def test_an_empty_database_asks_for_the_first_administrator_and_refuses_a_common_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    migrate.upgrade(Settings(database_url=url))
    monkeypatch.setenv("PORTFOLIO_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.title[0].value == "Set up the portfolio"
    at.text_input(key="first_admin.name").input("ada")
    at.text_input(key="first_admin.password").input("password1234")
    at.text_input(key="first_admin.again").input("password1234")
    at.button(key="FormSubmitter:first_admin-Create the administrator and sign in").click().run()
    assert any("too common" in e.value for e in at.error)
    at.text_input(key="first_admin.password").input(PASSWORD)
    at.text_input(key="first_admin.again").input(PASSWORD)
    at.button(key="FormSubmitter:first_admin-Create the administrator and sign in").click().run()
    assert not at.exception
    assert at.title[0].value == "Portfolio"
    assert "Administrator" in at.sidebar.markdown[0].value
    fresh = AppTest.from_file(APP, default_timeout=30).run()  # another browser: the page is gone for good
    assert fresh.title[0].value == "Sign in"


def test_signing_in_needs_the_right_password(demo: str) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert at.title[0].value == "Sign in"
    assert not at.get("dataframe")  # nothing of the portfolio shows before sign-in
    at.text_input(key="sign_in.name").input("bruno")
    at.text_input(key="sign_in.password").input("not the password at all")
    at.button(key="FormSubmitter:sign_in-Sign in").click().run()
    assert any("The name or password is wrong" in e.value for e in at.error)
    at.text_input(key="sign_in.password").input(PASSWORD)
    at.button(key="FormSubmitter:sign_in-Sign in").click().run()
    assert at.title[0].value == "Portfolio"
    assert "Bruno Board" in at.sidebar.markdown[0].value


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(demo: str) -> None:
    at = _as(demo, Role.VIEWER, idle_seconds=31 * 60)
    assert at.title[0].value == "Sign in"
    assert "signed out after 30 minutes without activity" in at.info[0].value


def test_a_disabled_account_is_signed_out_on_its_next_click(demo: str) -> None:
    at = _as(demo, Role.VIEWER)
    assert at.title[0].value == "Portfolio"
    with committed(demo) as session:
        disable_user(session, actor=admin(), name="vera")
    try:
        at.run()
        assert at.title[0].value == "Sign in"
        assert "disabled" in at.info[0].value
    finally:
        with committed(demo) as session:
            enable_user(session, actor=admin(), name="vera")


def test_a_viewer_is_offered_no_writing(demo: str) -> None:
    at = _as(demo, Role.VIEWER)
    labels = [b.label for b in at.button]
    assert "New project" not in labels
    assert not at.get("download_button")  # no export
    with committed(demo) as session:
        project_id = find_project(session, ref="SN-CBM-OSCE").id
    at = _open(at, "project_page.py", id=str(project_id))
    assert not {"Edit", "Archive"} & {b.label for b in at.button}


def test_a_programme_manager_may_edit_only_projects_that_are_theirs(demo: str) -> None:
    with committed(demo) as session:
        vocabulary = load_vocabulary(session)
        named = save_project(session, data={"title": "Contact is Maria", "countries": ["GEO"],
                                            "contact": "Maria Rossi (DG NEAR)"}, vocabulary=vocabulary,
                             actor=admin()).record  # fmt: skip
        other = find_project(session, ref="SN-CBM-OSCE")
    at = _open(_as(demo, Role.PROGRAMME_MANAGER), "edit_page.py", id=str(named.id))
    assert _has_project_form(at)
    at = _open(at, "project_page.py", id=str(named.id))
    assert "Edit" in [b.label for b in at.button]
    assert "Archive" not in [b.label for b in at.button]
    at = _open(at, "project_page.py", id=str(other.id))
    assert "Edit" not in [b.label for b in at.button]
    at = _open(at, "edit_page.py", id=str(other.id))  # typed into the address bar
    assert any("may not edit this project" in w.value for w in at.warning)
    assert not _has_project_form(at)


def test_the_audit_page_lists_changes_with_filters(demo: str) -> None:
    at = _open(_as(demo, Role.BOARD_MEMBER), "audit_page.py")
    assert not at.exception
    assert at.title[0].value == "Audit trail"
    everything = at.dataframe[0].value
    assert {"When (UTC)", "Who", "Record", "Field", "Before", "After"} <= set(everything.columns)
    assert "demo loader" in set(everything["Who"])
    at.text_input(key="audit.record").input("XK-CYBER").run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) < len(everything)
    assert set(narrowed["Record"]) == {"XK-CYBER"}


def test_an_administrator_adds_an_account_on_the_users_page(demo: str) -> None:
    at = _open(_as(demo, Role.ADMIN), "users_page.py")
    assert not at.exception
    before = len(at.dataframe[0].value)
    at.text_input(key="users.add.name").input("gina")
    at.text_input(key="users.add.full_name").input("Gina Steward")
    at.selectbox(key="users.add.role").set_value(Role.DATA_STEWARD)
    at.text_input(key="users.add.password").input("short")
    at.button(key="FormSubmitter:users.add-Add account").click().run()
    assert any("at least 12 characters" in e.value for e in at.error)
    at.text_input(key="users.add.password").input("violet tractor sunrise meadow")
    at.button(key="FormSubmitter:users.add-Add account").click().run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == before + 1
    assert table[table["Name"] == "gina"]["Role"].item() == "Data steward"
