"""Accounts: password rules, sign-in and lockout, administrators, single sign-on mapping
(portfolio/accounts.py). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.accounts import (
    FirstAdministratorExists,
    add_user,
    change_own_password,
    create_first_administrator,
    disable_user,
    needs_first_administrator,
    password_issues,
    set_password,
    set_role,
    sign_in,
    sign_in_with_sso,
    unlock_user,
)
from portfolio.audit import AuditFilter, list_audit
from portfolio.errors import PortfolioError, ValidationFailed
from portfolio.models import User
from portfolio.permissions import Role
from tests.accounts import PASSWORD
from tests.factories import admin

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short", "at least 12 characters"),
        ("password1234", "too common"),
        ("qwertyuiop12", "too common"),
        ("aaaaaaaaaaaaaaaa", "too common"),
        ("rossirossirossi", "too common"),  # the account's own name, repeated
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    issues = password_issues(password, name="maria", full_name="Maria Rossi")
    assert issues
    assert why in issues[0].message


def test_a_long_uncommon_passphrase_is_accepted() -> None:
    assert password_issues(PASSWORD, name="maria") == []
    assert password_issues("mR7#kq2Lp9xZ-vT") == []


def test_the_first_administrator_can_be_created_once_and_no_password_is_stored(session: Session) -> None:
    assert needs_first_administrator(session)
    actor = create_first_administrator(session, name="Ada", password=PASSWORD, full_name="Ada Lovelace")
    assert actor.role is Role.ADMIN
    assert not needs_first_administrator(session)
    stored = session.scalar(select(User).where(User.name == "Ada"))
    assert stored is not None
    assert stored.password_hash is not None
    assert PASSWORD not in stored.password_hash
    assert stored.password_hash.startswith("$argon2id$")
    with pytest.raises(FirstAdministratorExists):
        create_first_administrator(session, name="Mallory", password=PASSWORD)


def test_sign_in_ignores_case_and_spacing_of_the_name_but_not_the_password(session: Session) -> None:
    add_user(session, actor=admin(), name="Maria Rossi", role=Role.PROGRAMME_MANAGER, password=PASSWORD)
    assert sign_in(session, name="  maria   ROSSI ", password=PASSWORD, now=NOW).actor is not None
    assert sign_in(session, name="maria rossi", password=PASSWORD.upper(), now=NOW).actor is None


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(session: Session) -> None:
    add_user(session, actor=admin(), name="bruno", role=Role.BOARD_MEMBER, password=PASSWORD)
    for attempt in range(4):
        outcome = sign_in(session, name="bruno", password=f"wrong guess {attempt}", now=NOW)
        assert outcome.actor is None
        assert outcome.message == "The name or password is wrong."
    fifth = sign_in(session, name="bruno", password="wrong guess 5", now=NOW)
    assert "locked" in fifth.message
    assert "15 minutes" in fifth.message
    # Locked: even the right password is refused until the time is up.
    later = sign_in(session, name="bruno", password=PASSWORD, now=NOW + timedelta(minutes=14))
    assert later.actor is None
    assert "Try again in 1 minute" in later.message
    after = sign_in(session, name="bruno", password=PASSWORD, now=NOW + timedelta(minutes=15, seconds=1))
    assert after.actor is not None
    assert after.actor.name == "bruno"


def test_an_administrator_can_lift_a_lockout_and_success_resets_the_count(session: Session) -> None:
    add_user(session, actor=admin(), name="vera", role=Role.VIEWER, password=PASSWORD)
    for _ in range(5):
        sign_in(session, name="vera", password="wrong password!", now=NOW)
    assert sign_in(session, name="vera", password=PASSWORD, now=NOW).actor is None
    unlock_user(session, actor=admin(), name="vera")
    assert sign_in(session, name="vera", password=PASSWORD, now=NOW).actor is not None
    for _ in range(4):  # the count started again from zero
        sign_in(session, name="vera", password="wrong password!", now=NOW)
    assert sign_in(session, name="vera", password=PASSWORD, now=NOW).actor is not None


def test_unknown_names_and_wrong_passwords_get_the_same_answer(session: Session) -> None:
    add_user(session, actor=admin(), name="sam", role=Role.DATA_STEWARD, password=PASSWORD)
    unknown = sign_in(session, name="nobody", password=PASSWORD, now=NOW)
    wrong = sign_in(session, name="sam", password="not the right one", now=NOW)
    assert unknown.message == wrong.message


def test_a_disabled_account_cannot_sign_in(session: Session) -> None:
    add_user(session, actor=admin(), name="gone", role=Role.VIEWER, password=PASSWORD)
    disable_user(session, actor=admin(), name="gone")
    outcome = sign_in(session, name="gone", password=PASSWORD, now=NOW)
    assert outcome.actor is None
    assert "disabled" in outcome.message


def test_the_last_administrator_cannot_be_demoted_or_disabled(session: Session) -> None:
    first = create_first_administrator(session, name="ada", password=PASSWORD)
    with pytest.raises(PortfolioError, match="last active administrator"):
        set_role(session, actor=admin(), name="ada", role=Role.VIEWER)
    with pytest.raises(PortfolioError, match="own account"):
        disable_user(session, actor=first, name="ada")
    add_user(session, actor=first, name="grace", role=Role.ADMIN, password=PASSWORD)
    set_role(session, actor=first, name="ada", role=Role.VIEWER)  # now someone else is one


def test_names_and_emails_are_unique_and_checked(session: Session) -> None:
    add_user(session, actor=admin(), name="sam", role=Role.DATA_STEWARD, password=PASSWORD, email="Sam@Example.org")
    with pytest.raises(ValidationFailed, match="already exists"):
        add_user(session, actor=admin(), name="SAM", role=Role.VIEWER, password=PASSWORD)
    with pytest.raises(ValidationFailed, match="another account"):
        add_user(session, actor=admin(), name="sam2", role=Role.VIEWER, password=PASSWORD, email="sam@example.org")
    with pytest.raises(ValidationFailed, match="not an e-mail address"):
        add_user(session, actor=admin(), name="x", role=Role.VIEWER, password=PASSWORD, email="not-an-address")
    with pytest.raises(ValidationFailed, match="letters, digits"):
        add_user(session, actor=admin(), name="<script>", role=Role.VIEWER, password=PASSWORD)
    with pytest.raises(PortfolioError, match="is not a role"):
        add_user(session, actor=admin(), name="y", role="superuser", password=PASSWORD)


def test_changing_a_password_needs_the_current_one_and_the_old_one_stops_working(session: Session) -> None:
    add_user(session, actor=admin(), name="maria", role=Role.PROGRAMME_MANAGER, password=PASSWORD)
    maria = sign_in(session, name="maria", password=PASSWORD, now=NOW).actor
    assert maria is not None
    with pytest.raises(ValidationFailed, match="Current password"):
        change_own_password(session, actor=maria, current_password="guess", new_password="violet tractor sunrise")
    change_own_password(session, actor=maria, current_password=PASSWORD, new_password="violet tractor sunrise")
    assert sign_in(session, name="maria", password=PASSWORD, now=NOW).actor is None
    assert sign_in(session, name="maria", password="violet tractor sunrise", now=NOW).actor is not None
    set_password(session, actor=admin(), name="maria", password="amber kettle northern fjord")
    assert sign_in(session, name="maria", password="amber kettle northern fjord", now=NOW).actor is not None


def test_single_sign_on_maps_an_email_to_its_account_and_role(session: Session) -> None:
    add_user(session, actor=admin(), name="bruno", role=Role.BOARD_MEMBER, password=None, email="Bruno@EC.europa.eu")
    mapped = sign_in_with_sso(session, email="bruno@ec.europa.eu")
    assert mapped.actor is not None
    assert mapped.actor.role is Role.BOARD_MEMBER
    unmapped = sign_in_with_sso(session, email="stranger@example.org")
    assert unmapped.actor is None
    assert "no account here yet" in unmapped.message
    # An account without a password cannot be signed into with one.
    assert sign_in(session, name="bruno", password=PASSWORD, now=NOW).actor is None
    with pytest.raises(ValidationFailed, match="Password"):
        add_user(session, actor=admin(), name="nomail", role=Role.VIEWER, password=None)


def test_account_changes_are_in_the_audit_trail_without_the_password(session: Session) -> None:
    add_user(session, actor=admin("ada"), name="sam", role=Role.VIEWER, password=PASSWORD)
    set_role(session, actor=admin("ada"), name="sam", role=Role.DATA_STEWARD)
    set_password(session, actor=admin("ada"), name="sam", password="amber kettle northern fjord")
    events = list_audit(session, actor=admin(), filters=AuditFilter(subject="user", record="sam"))
    assert [e.action for e in events] == ["update", "update", "create"]
    assert events[1].changes == {"role": ["viewer", "data-steward"]}
    assert all(e.actor == "ada" for e in events)
    text = repr([e.changes for e in events])
    assert PASSWORD not in text
    assert "amber kettle" not in text
