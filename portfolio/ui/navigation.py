"""The app's pages (those the signed-in role may use), and the first gate every page passes: a
reachable, migrated database. The second gate, sign-in, is components.identity.auth_gate."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from portfolio.errors import DatabaseUnavailable
from portfolio.permissions import Actor, Permission, allows
from portfolio.ui import resources
from portfolio.ui.components.text import plain

_PAGES = Path(__file__).parent / "pages"


def portfolio_page() -> st.Page:
    return st.Page(
        _PAGES / "portfolio_page.py",
        title="Portfolio",
        icon=":material/table_view:",
        url_path="portfolio",
        default=True,
    )


def project_page() -> st.Page:
    return st.Page(_PAGES / "project_page.py", title="Project", icon=":material/description:", url_path="project")


def edit_page() -> st.Page:
    return st.Page(_PAGES / "edit_page.py", title="New project", icon=":material/edit_note:", url_path="edit")


def import_page() -> st.Page:
    return st.Page(_PAGES / "import_page.py", title="Import", icon=":material/upload_file:", url_path="import")


def coverage_page() -> st.Page:
    return st.Page(_PAGES / "coverage_page.py", title="Coverage", icon=":material/public:", url_path="coverage")


def duplicates_page() -> st.Page:
    return st.Page(_PAGES / "duplicates_page.py", title="Duplicates", icon=":material/join:", url_path="duplicates")


def audit_page() -> st.Page:
    return st.Page(_PAGES / "audit_page.py", title="Audit", icon=":material/history:", url_path="audit")


def users_page() -> st.Page:
    return st.Page(_PAGES / "users_page.py", title="Users", icon=":material/group:", url_path="users")


def pages(actor: Actor | None) -> list[st.Page]:
    """Every page the actor's role can use; the others are not offered at all. Before sign-in
    (None) every page is listed, hidden, so the address asked for is still there afterwards."""
    offered = [portfolio_page(), coverage_page(), duplicates_page(), project_page()]
    if actor is None:
        return [*offered, edit_page(), import_page(), audit_page(), users_page()]
    role = actor.role
    if allows(role, Permission.CREATE_PROJECT) or allows(role, Permission.EDIT_OWN_PROJECT):
        offered.append(edit_page())
    if allows(role, Permission.IMPORT):
        offered.append(import_page())
    if allows(role, Permission.READ_AUDIT):
        offered.append(audit_page())
    if allows(role, Permission.MANAGE_USERS):
        offered.append(users_page())
    return offered


def database_gate() -> bool:
    """Show a clear message instead of a traceback when the database cannot be used."""
    try:
        resources.data_version()
        resources.vocabulary()
    except DatabaseUnavailable as exc:
        st.error(f"**The portfolio cannot be opened.** {plain(str(exc))}", icon=":material/error:")
        st.caption("Check PORTFOLIO_DATABASE_URL and that the database server is running, then reload this page.")
        return False
    return True
