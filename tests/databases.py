"""Real test databases: SQLite files, and schemas on the PostgreSQL server when it answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from portfolio.db import make_engine
from portfolio.settings import Settings

POSTGRES_URL = os.environ.get("PORTFOLIO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


@cache
def postgres_problem() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when the server answers."""
    url = make_url(POSTGRES_URL)
    try:
        with psycopg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname=url.database,
            connect_timeout=3,
        ) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"PostgreSQL is not reachable at {url.render_as_string(hide_password=True)} ({first_line})"
    return None


@contextmanager
def empty_database(backend: str, folder: Path) -> Iterator[str]:
    """A new, empty database; yields its URL and removes it afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'portfolio-{uuid.uuid4().hex[:8]}.db'}"
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    url = make_url(POSTGRES_URL)
    dsn = dict(host=url.host, port=url.port or 5432, user=url.username, password=url.password, dbname=url.database)
    with psycopg.connect(**dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**dsn, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def committed(url: str) -> Iterator[Session]:
    """A session on the database at `url` whose work is committed at the end of the block."""
    engine = make_engine(Settings(database_url=url))
    try:
        with Session(engine) as session, session.begin():
            yield session
    finally:
        engine.dispose()
