"""Two imports of the same sheet at the same moment never create a project twice."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portfolio import migrate
from portfolio.db import make_engine, make_sessionmaker
from portfolio.errors import ConcurrentChange
from portfolio.importer import ImportReport, import_workbook
from portfolio.models import Project
from portfolio.reference import load_vocabulary
from portfolio.settings import Settings
from tests.databases import empty_database, postgres_problem
from tests.factories import admin
from tests.workbooks import messy_sheet


def test_two_simultaneous_imports_create_each_project_once_and_the_loser_is_told_to_retry(tmp_path: Path) -> None:
    if problem := postgres_problem():
        pytest.skip(f"{problem}: PostgreSQL runs skipped")
    with empty_database("postgresql", tmp_path) as url:
        settings = Settings(database_url=url)
        migrate.upgrade(settings)
        engine = make_engine(settings)
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            vocabulary = load_vocabulary(session)
        both_planned = threading.Barrier(2, timeout=30)
        outcomes: list[ImportReport | Exception] = []

        def steward(name: str) -> None:
            def progress(share: float, _message: str) -> None:
                if share == 0.65:  # both have checked every row and are about to write
                    both_planned.wait()

            try:
                with sessions() as session, session.begin():
                    outcomes.append(
                        import_workbook(
                            session,
                            file=io.BytesIO(messy_sheet()),
                            file_name="same.xlsx",
                            vocabulary=vocabulary,
                            actor=admin(name),
                            progress=progress,
                        )
                    )
            except Exception as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=steward, args=(n,)) for n in ("first steward", "second steward")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        with sessions() as session:
            stored = session.scalar(select(func.count()).select_from(Project))
        engine.dispose()

    reports = [o for o in outcomes if isinstance(o, ImportReport)]
    refusals = [o for o in outcomes if isinstance(o, ConcurrentChange)]
    assert len(reports) == 1, outcomes
    assert len(refusals) == 1, outcomes
    assert reports[0].created == 5
    assert stored == 5
    assert "Run it again" in str(refusals[0])
