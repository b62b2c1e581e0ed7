"""Engine and session factory from settings.

SQLite gets foreign keys, WAL and a busy timeout, and real transactions: pysqlite's own
transaction handling is switched off and SQLAlchemy emits ``BEGIN IMMEDIATE`` itself, so a
transaction takes the write lock up front (no lock-upgrade deadlocks between two writers) and
savepoints work.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from portfolio.errors import DatabaseUnavailable
from portfolio.settings import Settings


def make_engine(settings: Settings) -> Engine:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": settings.sqlite_busy_timeout_s})
        _configure_sqlite(engine, busy_timeout_ms=int(settings.sqlite_busy_timeout_s * 1000))
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args=_postgres_connect_args(url.get_backend_name()))


def _postgres_connect_args(backend: str) -> dict[str, Any]:
    return {"connect_timeout": 5} if backend == "postgresql" else {}


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not pysqlite, begins transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A reading transaction needs no write lock: in WAL mode it reads its snapshot while a
        # writer (an import, say) holds the lock, instead of queueing behind it.
        reading = connection.get_execution_options().get("portfolio_read_only", False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions for writing, or (read_only) for reading only: on SQLite those begin without taking
    the write lock. A read-only session that writes fails at the write, never silently."""
    # expire_on_commit=False: services return plain data, but a caller may still read
    # attributes it loaded after the transaction ends.
    bind = engine.execution_options(portfolio_read_only=True) if read_only else engine
    return sessionmaker(bind, expire_on_commit=False)


def data_version(session: Session) -> int:
    """A number that grows with every change to the portfolio (the newest audit event).

    Caches key on it, so a write made by any session or app instance makes the next read fresh.
    """
    from portfolio.models import AuditEvent

    try:
        return int(session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0))) or 0)
    except (OperationalError, ProgrammingError) as exc:
        raise DatabaseUnavailable(describe_database_problem(exc)) from exc


def describe_database_problem(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    lowered = text.lower()
    if "no such table" in lowered or ("does not exist" in lowered and "relation" in lowered):
        return (
            "The portfolio database is not set up yet. Run `python -m portfolio db upgrade` "
            f"(or `make run`) and reload. ({text})"
        )
    return f"The portfolio database cannot be reached: {text}"


def safe_url(database_url: str) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(database_url).render_as_string(hide_password=True)
