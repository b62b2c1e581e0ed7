"""How long a filtered listing of a 10,000-project portfolio takes on SQLite (target: < 0.5 s).

Seeds 10,000 realistic projects through the services into a fresh SQLite file, then times
listings (best of five) and prints the figures. Run: `.venv/bin/python bench/list.py [--projects N]`.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event
from sqlalchemy.orm import Session

from bench.seeding import seed_portfolio
from portfolio import migrate
from portfolio.db import make_engine
from portfolio.projects import ProjectFilter, list_projects
from portfolio.settings import Settings


def timed(session: Session, filters: ProjectFilter) -> tuple[float, int, int]:
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    best = float("inf")
    listed = 0
    connection = session.connection()
    for _ in range(5):
        statements = 0
        event.listen(connection, "before_cursor_execute", count)
        started = time.perf_counter()
        listed = len(list_projects(session, filters=filters))
        best = min(best, time.perf_counter() - started)
        event.remove(connection, "before_cursor_execute", count)
    return best, listed, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="seed into this SQLite file once and reuse it on later runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or Path(scratch, "bench.db")
        settings = Settings(database_url=f"sqlite:///{path}")
        fresh = not path.exists()
        migrate.upgrade(settings)
        engine = make_engine(settings)
        if fresh:
            started = time.perf_counter()
            with Session(engine) as session, session.begin():
                seed_portfolio(session, args.projects, random.Random(2026))
            print(f"seeded {args.projects:,} projects through the services in {time.perf_counter() - started:.1f} s")
        size = path.stat().st_size
        print(f"database file: {size / 1e6:.1f} MB")
        cases = {
            "Western Balkans, ongoing": ProjectFilter(regions=("WB",), statuses=("ongoing",)),
            "norm g, 2022-2024": ProjectFilter(
                norms=("g",), active_from=date(2022, 1, 1), active_to=date(2024, 12, 31)
            ),
            "text 'csirt'": ProjectFilter(text="csirt"),
            "everything": ProjectFilter(include_archived=True),
        }
        with Session(engine) as session, session.begin():
            for label, filters in cases.items():
                seconds, listed, statements = timed(session, filters)
                verdict = "ok" if seconds < 0.5 else "OVER the 0.5 s target"
                print(f"list [{label}]: {listed:,} projects in {seconds:.3f} s, {statements} statements ({verdict})")
        engine.dispose()


if __name__ == "__main__":
    main()
