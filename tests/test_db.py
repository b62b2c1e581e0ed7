"""Engine set-up: settings, SQLite pragmas, and the data version caches key on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.db import data_version, make_engine, make_sessionmaker
from portfolio.models import Project
from portfolio.reference import Vocabulary, load_vocabulary
from portfolio.settings import DEFAULT_DATABASE_URL, PROJECT_ROOT, Settings, load_settings
from tests.factories import make_project


def test_the_default_database_is_a_sqlite_file_in_the_project_folder() -> None:
    assert load_settings({}).database_url == DEFAULT_DATABASE_URL == f"sqlite:///{PROJECT_ROOT / 'portfolio.db'}"
    assert load_settings({"PORTFOLIO_DATABASE_URL": "postgresql+psycopg://u@h/db"}).database_url.startswith(
        "postgresql"
    )


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(Settings(database_url=f"sqlite:///{tmp_path / 'pragmas.db'}"))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
    engine.dispose()


def test_the_database_refuses_a_link_to_a_country_that_does_not_exist(session: Session) -> None:
    with pytest.raises(IntegrityError):
        session.execute(text("INSERT INTO country_alias (alias, country_code) VALUES ('Atlantis', 'ATL')"))


def test_the_data_version_grows_with_every_change(session: Session, vocabulary: Vocabulary) -> None:
    before = data_version(session)
    make_project(session, vocabulary)
    assert data_version(session) > before


def test_a_reading_session_on_sqlite_reads_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    """An import holding the write lock must not make every page wait (or fail after the busy
    timeout): reading sessions begin without the lock and see the last committed state."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'wal.db'}", sqlite_busy_timeout_s=0.5)
    migrate.upgrade(settings)
    engine = make_engine(settings)
    writers, readers = make_sessionmaker(engine), make_sessionmaker(engine, read_only=True)
    with writers() as writer, writer.begin():
        make_project(writer, load_vocabulary(writer))
        with readers() as reader, reader.begin():  # the writer's transaction is still open
            assert reader.scalar(select(func.count()).select_from(Project)) == 0
        with writers() as second, pytest.raises(OperationalError, match="locked"):  # a second writer waits
            second.connection()
    engine.dispose()
