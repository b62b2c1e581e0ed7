"""User accounts: passwords, sign-in with lockout, roles, and the check every writing service makes.

Passwords are hashed with argon2 (argon2-cffi); none is ever stored or logged in clear, and there
is no default one: an empty database asks for its first administrator. Every change to an account
goes into the audit trail (without the password).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from portfolio.access import actor_of, authorise, name_key, user_named
from portfolio.audit import record_event
from portfolio.errors import FieldIssue, PortfolioError, ValidationFailed
from portfolio.models import User
from portfolio.permissions import Actor, Permission, Role, parse_role

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
MAX_NAME_LENGTH = 80
# zxcvbn scores 0-4; below 3 the password is common or close to a common pattern.
MIN_PASSWORD_SCORE = 3

_hasher = PasswordHasher()
# Verified when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str
    full_name: str | None
    email: str | None
    role: Role
    active: bool
    signs_in_with: str  # "password" or "single sign-on only"
    locked_until: datetime | None
    created_at: datetime
    created_by: str
    last_sign_in_at: datetime | None


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in attempt: the actor, or the message to show. Either way the caller
    commits, so failed attempts count."""

    actor: Actor | None
    message: str = ""


class FirstAdministratorExists(PortfolioError):
    def __init__(self) -> None:
        super().__init__("This portfolio already has user accounts; sign in, or ask an administrator for one.")


# --- first run and sign-in ------------------------------------------------------------------------


def needs_first_administrator(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(User))


def create_first_administrator(
    session: Session, *, name: str, password: str, full_name: str | None = None, email: str | None = None
) -> Actor:
    """The one-time set-up of an empty portfolio: its first administrator."""
    if not needs_first_administrator(session):
        raise FirstAdministratorExists()
    row = _new_user(
        session, name=name, role=Role.ADMIN, password=password, full_name=full_name, email=email, created_by=name
    )
    return actor_of(row)


def sign_in(session: Session, *, name: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a name and password. Five wrong passwords in a row lock the account for 15 minutes."""
    now = now or _now()
    wrong = SignIn(None, "The name or password is wrong.")
    row = session.scalar(select(User).where(User.name_key == name_key(name)).with_for_update())
    if row is None or row.password_hash is None:
        _verify(_DUMMY_HASH, password)
        return wrong
    if row.locked_until is not None and _aware(row.locked_until) > now:
        return SignIn(None, _locked_message(_aware(row.locked_until), now))
    if not _verify(row.password_hash, password):
        row.failed_attempts += 1
        if row.failed_attempts >= MAX_FAILED_ATTEMPTS:
            row.failed_attempts, row.locked_until = 0, now + LOCKOUT
            return SignIn(None, _locked_message(row.locked_until, now))
        return wrong
    if not row.active:
        return SignIn(None, "This account is disabled. Ask an administrator.")
    row.failed_attempts, row.locked_until, row.last_sign_in_at = 0, None, now
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return SignIn(actor_of(row))


def sign_in_with_sso(session: Session, *, email: str | None, now: datetime | None = None) -> SignIn:
    """Single sign-on: the identity provider vouched for the e-mail address; an administrator maps
    it to an account (and so a role) with `users add NAME --role ROLE --email ADDRESS`."""
    if not email:
        return SignIn(None, "Your identity provider did not give an e-mail address, so no role can be found.")
    row = session.scalar(select(User).where(User.email == email.strip().lower()))
    if row is None:
        return SignIn(None, f"{email} has no account here yet. Ask an administrator to add one with a role.")
    if not row.active:
        return SignIn(None, "This account is disabled. Ask an administrator.")
    row.last_sign_in_at = now or _now()
    return SignIn(actor_of(row))


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return (
        f"This account is locked after {MAX_FAILED_ATTEMPTS} wrong passwords. Try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''} (after {until:%H:%M} UTC), or ask an administrator to unlock it."
    )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- managing accounts (administrators) -----------------------------------------------------------


def add_user(
    session: Session,
    *,
    actor: Actor,
    name: str,
    role: Role | str,
    password: str | None,
    full_name: str | None = None,
    email: str | None = None,
) -> UserRecord:
    """A new account. Without a password it can only sign in through single sign-on (by e-mail)."""
    current = authorise(session, actor, Permission.MANAGE_USERS)
    row = _new_user(
        session,
        name=name,
        role=parse_role(role) if isinstance(role, str) else role,
        password=password,
        full_name=full_name,
        email=email,
        created_by=current.audit_name,
    )
    return _record(row)


def list_users(session: Session, *, actor: Actor) -> list[UserRecord]:
    authorise(session, actor, Permission.MANAGE_USERS)
    return [_record(row) for row in session.scalars(select(User).order_by(User.name_key))]


def set_role(session: Session, *, actor: Actor, name: str, role: Role | str) -> UserRecord:
    current = authorise(session, actor, Permission.MANAGE_USERS)
    row = user_named(session, name)
    new_role = parse_role(role) if isinstance(role, str) else role
    if row.role == Role.ADMIN and new_role is not Role.ADMIN:
        _keep_an_administrator(session, row)
    if row.role != new_role:
        _audit_user(session, row, current, {"role": [row.role, new_role.value]})
        row.role = new_role.value
    return _record(row)


def disable_user(session: Session, *, actor: Actor, name: str) -> UserRecord:
    current = authorise(session, actor, Permission.MANAGE_USERS)
    row = user_named(session, name)
    if row.id == current.user_id:
        raise PortfolioError("You cannot disable your own account; ask another administrator.")
    if row.role == Role.ADMIN:
        _keep_an_administrator(session, row)
    if row.active:
        _audit_user(session, row, current, {"active": [True, False]})
        row.active = False
    return _record(row)


def enable_user(session: Session, *, actor: Actor, name: str) -> UserRecord:
    current = authorise(session, actor, Permission.MANAGE_USERS)
    row = user_named(session, name)
    if not row.active:
        _audit_user(session, row, current, {"active": [False, True]})
        row.active = True
    return _record(row)


def unlock_user(session: Session, *, actor: Actor, name: str) -> UserRecord:
    """Lift a lockout before its 15 minutes are over."""
    current = authorise(session, actor, Permission.MANAGE_USERS)
    row = user_named(session, name)
    if row.locked_until is not None or row.failed_attempts:
        _audit_user(session, row, current, {"locked_until": [_iso(row.locked_until), None]})
        row.locked_until, row.failed_attempts = None, 0
    return _record(row)


def set_password(session: Session, *, actor: Actor, name: str, password: str) -> UserRecord:
    """An administrator sets someone's password (which also lifts a lockout)."""
    current = authorise(session, actor, Permission.MANAGE_USERS)
    row = user_named(session, name)
    _store_password(row, password)
    _audit_user(session, row, current, {"password": [None, "changed"]})
    return _record(row)


def change_own_password(session: Session, *, actor: Actor, current_password: str, new_password: str) -> None:
    if actor.user_id is None:
        raise PortfolioError("The operating-system account has no password here.")
    row = session.get(User, actor.user_id)
    if row is None or not row.active or row.password_hash is None or not _verify(row.password_hash, current_password):
        raise ValidationFailed([FieldIssue("Current password", "is not right")])
    _store_password(row, new_password)
    _audit_user(session, row, actor_of(row), {"password": [None, "changed"]})


def _new_user(
    session: Session,
    *,
    name: str,
    role: Role,
    password: str | None,
    full_name: str | None,
    email: str | None,
    created_by: str,
) -> User:
    name = " ".join(name.split())
    email = (email or "").strip().lower() or None
    full_name = " ".join((full_name or "").split()) or None
    issues = _name_issues(name) + _email_issues(email)
    if password is None and email is None:
        issues.append(FieldIssue("Password", "is required (an account without one signs in by e-mail, single sign-on)"))
    if password is not None:
        issues += password_issues(password, name=name, full_name=full_name, email=email)
    if issues:
        raise ValidationFailed(issues)
    if session.scalar(select(User.id).where(User.name_key == name_key(name))) is not None:
        raise ValidationFailed([FieldIssue("Name", f"an account named {name} already exists")])
    if email and session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationFailed([FieldIssue("E-mail", f"{email} already belongs to another account")])
    now = _now()
    row = User(
        name=name,
        name_key=name_key(name),
        full_name=full_name,
        email=email,
        role=role.value,
        password_hash=_hasher.hash(password) if password is not None else None,
        active=True,
        failed_attempts=0,
        created_at=now,
        created_by=created_by,
        password_changed_at=now if password is not None else None,
    )
    session.add(row)
    session.flush()
    _audit_user(
        session,
        row,
        None,
        {"role": [None, role.value], "full_name": [None, full_name], "email": [None, email]},
        action="create",
        actor_name=created_by,
    )
    return row


def password_issues(
    password: str, *, name: str = "", full_name: str | None = None, email: str | None = None
) -> list[FieldIssue]:
    """Why a password is not good enough: too short, or common (zxcvbn's lists and patterns)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return [FieldIssue("Password", f"must have at least {MIN_PASSWORD_LENGTH} characters (it has {len(password)})")]
    if len(password) > MAX_PASSWORD_LENGTH:
        return [FieldIssue("Password", f"may have at most {MAX_PASSWORD_LENGTH} characters")]
    # The account's own names count as common: zxcvbn matches each word it is given.
    own_words = [
        w for v in (name, full_name, (email or "").partition("@")[0]) for w in re.split(r"[\W_]+", v or "") if w
    ]
    verdict = zxcvbn(password[:100], user_inputs=own_words)
    if verdict["score"] < MIN_PASSWORD_SCORE:
        feedback = verdict["feedback"]
        why = (feedback.get("warning") or "It is too easy to guess.").rstrip(".")
        hint = " ".join(feedback.get("suggestions") or []) or "Use a few unrelated words."
        return [FieldIssue("Password", f"is too common or easy to guess: {why}. {hint}")]
    return []


def _store_password(row: User, password: str) -> None:
    issues = password_issues(password, name=row.name, full_name=row.full_name, email=row.email)
    if issues:
        raise ValidationFailed(issues)
    row.password_hash = _hasher.hash(password)
    row.password_changed_at = _now()
    row.failed_attempts, row.locked_until = 0, None


def _name_issues(name: str) -> list[FieldIssue]:
    if not name:
        return [FieldIssue("Name", "is required")]
    if len(name) > MAX_NAME_LENGTH:
        return [FieldIssue("Name", f"may have at most {MAX_NAME_LENGTH} characters")]
    if not all(ch.isalnum() or ch in " .-_@'" for ch in name):
        return [FieldIssue("Name", "may hold letters, digits, spaces and . - _ @ ' only")]
    return []


def _email_issues(email: str | None) -> list[FieldIssue]:
    if email is None:
        return []
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 300:
        return [FieldIssue("E-mail", f"'{email}' is not an e-mail address")]
    return []


def _keep_an_administrator(session: Session, row: User) -> None:
    others = session.scalar(
        select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active, User.id != row.id)
    )
    if not others:
        raise PortfolioError(f"{row.name} is the last active administrator; make someone else one first.")


def _audit_user(
    session: Session,
    row: User,
    actor: Actor | None,
    changes: dict[str, list[object]],
    *,
    action: str = "update",
    actor_name: str | None = None,
) -> None:
    record_event(
        session,
        subject="user",
        subject_key=row.name,
        action=action,
        actor_name=actor_name or (actor.audit_name if actor else row.name),
        changes=changes,
    )


def _record(row: User) -> UserRecord:
    return UserRecord(
        id=row.id,
        name=row.name,
        full_name=row.full_name,
        email=row.email,
        role=Role(row.role),
        active=row.active,
        signs_in_with="password" if row.password_hash else "single sign-on only",
        locked_until=_aware(row.locked_until) if row.locked_until else None,
        created_at=_aware(row.created_at),
        created_by=row.created_by,
        last_sign_in_at=_aware(row.last_sign_in_at) if row.last_sign_in_at else None,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(moment: datetime | None) -> str | None:
    return _aware(moment).isoformat() if moment else None
