"""One account per role, for page, browser and permission tests."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.access import actor_named
from portfolio.accounts import add_user, create_first_administrator, needs_first_administrator
from portfolio.db import make_engine
from portfolio.demo import load_demo
from portfolio.errors import NotFound
from portfolio.permissions import Actor, Role
from portfolio.reference import load_vocabulary
from portfolio.settings import Settings

PASSWORD = "lantern harbour quiet orchid"  # a test password, long and uncommon
ACCOUNTS = {
    Role.ADMIN: ("ada", "Ada Lovelace", "ada@example.org"),
    Role.DATA_STEWARD: ("sam", "Sam Steward", "sam@example.org"),
    Role.PROGRAMME_MANAGER: ("maria", "Maria Rossi", "maria.rossi@example.org"),
    Role.BOARD_MEMBER: ("bruno", "Bruno Board", "bruno@example.org"),
    Role.VIEWER: ("vera", "Vera Viewer", "vera@example.org"),
}


def demo_with_accounts(url: str) -> str:
    """Migrate the database at `url` and fill it with the demo portfolio and one account per role."""
    settings = Settings(database_url=url)
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with Session(engine) as session, session.begin():
        load_demo(session, vocabulary=load_vocabulary(session), actor=Actor(name="demo loader", role=Role.ADMIN))
        create_accounts(session)
    engine.dispose()
    return url


def create_accounts(session: Session) -> dict[Role, Actor]:
    """The five accounts (skipping those already there); returns each role's actor."""
    name, full_name, email = ACCOUNTS[Role.ADMIN]
    if needs_first_administrator(session):
        create_first_administrator(session, name=name, password=PASSWORD, full_name=full_name, email=email)
    admin = actor_named(session, name=name)
    actors = {Role.ADMIN: admin}
    for role, (name, full_name, email) in ACCOUNTS.items():
        if role is Role.ADMIN:
            continue
        try:
            actors[role] = actor_named(session, name=name)
        except NotFound:
            add_user(session, actor=admin, name=name, role=role, password=PASSWORD, full_name=full_name, email=email)
            actors[role] = actor_named(session, name=name)
    return actors
