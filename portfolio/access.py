"""The check every writing service makes: is the acting user (as the database knows them now)
allowed to do this? Pages only hide what a role cannot do; these functions refuse it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.errors import NotFound, PortfolioError
from portfolio.models import User
from portfolio.permissions import Actor, Permission, PermissionDenied, Role, allows, may_edit
from portfolio.text import fold


def authorise(session: Session, actor: Actor, permission: Permission, *, detail: str = "") -> Actor:
    """The actor as the database knows them now, if their role allows `permission`.

    A disabled account, or one whose role changed since they signed in, is held to what is stored,
    not to what their browser session remembers.
    """
    current = _current(session, actor)
    if not allows(current.role, permission):
        raise PermissionDenied(current.display_name, current.role, permission, detail)
    return current


def authorise_edit(
    session: Session, actor: Actor, *, ref: str | None, owner_id: int | None, contact: str | None
) -> Actor:
    """The actor, if they may edit this project (every project, or one they own or are named on)."""
    current = _current(session, actor)
    if not may_edit(current, owner_id=owner_id, contact=contact):
        permission = (
            Permission.EDIT_ANY_PROJECT
            if allows(current.role, Permission.EDIT_OWN_PROJECT)
            else Permission.EDIT_OWN_PROJECT
        )
        detail = f" (project {ref} is neither theirs nor names them as contact)" if ref else ""
        raise PermissionDenied(current.display_name, current.role, permission, detail)
    return current


def _current(session: Session, actor: Actor) -> Actor:
    if actor.user_id is None:
        return actor
    row = session.get(User, actor.user_id)
    if row is None or not row.active:
        raise PortfolioError(
            f"The account {actor.name} is disabled or no longer exists; nothing was changed. Ask an administrator."
        )
    return actor_of(row)


def active_actor(session: Session, *, user_id: int) -> Actor | None:
    """The signed-in person's current actor, or None when their account was disabled or removed."""
    row = session.get(User, user_id)
    return actor_of(row) if row is not None and row.active else None


def actor_named(session: Session, *, name: str) -> Actor:
    """The actor for a user name (the CLI's --user), refusing unknown and disabled accounts."""
    row = user_named(session, name)
    if not row.active:
        raise PortfolioError(f"The account {row.name} is disabled.")
    return actor_of(row)


def actor_of(row: User) -> Actor:
    return Actor(name=row.name, role=Role(row.role), user_id=row.id, full_name=row.full_name, email=row.email)


def user_named(session: Session, name: str) -> User:
    row = session.scalar(select(User).where(User.name_key == name_key(name)))
    if row is None:
        raise NotFound(f"There is no account named {name}.")
    return row


def name_key(name: str) -> str:
    """Account names match whatever their case, accents or spacing."""
    return fold(" ".join(name.split()))
