"""Shared fixtures. Storage tests run on SQLite and, when it answers, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.db import make_engine
from portfolio.reference import Vocabulary, load_vocabulary
from portfolio.settings import Settings
from tests.accounts import demo_with_accounts
from tests.databases import BACKENDS, empty_database, postgres_problem


def pytest_report_header() -> str:
    problem = postgres_problem()
    return (
        "PostgreSQL: reachable, storage tests run on both backends"
        if problem is None
        else f"PostgreSQL: {problem}; its runs are skipped"
    )


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgresql" and (problem := postgres_problem()):
        pytest.skip(f"{problem}: PostgreSQL runs skipped")
    return name


@pytest.fixture(scope="session")
def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated to head, shared by the session's tests (each test rolls back)."""
    with empty_database(backend, tmp_path_factory.mktemp("db")) as url:
        migrate.upgrade(Settings(database_url=url))
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(Settings(database_url=database_url))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def vocabulary(engine: Engine) -> Vocabulary:
    with Session(engine) as session, session.begin():
        return load_vocabulary(session)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test: services never commit,
    so every test starts from the migrated, empty portfolio."""
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file with the demo portfolio, for page and browser tests."""
    return demo_with_accounts(f"sqlite:///{tmp_path_factory.mktemp('app') / 'demo.db'}")
