"""Coverage figures and maps at 1,000 and 10,000 projects (targets: aggregation <= 0.5 s at 10,000;
the standalone world map <= 1 MB and the same size at both).

Run: `.venv/bin/python bench/coverage.py`.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import Session

from bench.seeding import seed_portfolio
from portfolio import migrate
from portfolio.coverage import coverage_of
from portfolio.db import make_engine
from portfolio.maps import coverage_map, standalone_html
from portfolio.projects import ProjectFilter, list_projects
from portfolio.reference import load_vocabulary
from portfolio.settings import Settings


def measure(count: int, folder: str) -> None:
    settings = Settings(database_url=f"sqlite:///{folder}/coverage-{count}.db")
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with Session(engine) as session, session.begin():
        seed_portfolio(session, count, random.Random(count))
    with Session(engine) as session:
        vocabulary = load_vocabulary(session)
        started = time.perf_counter()
        records = [r for r in list_projects(session, filters=ProjectFilter()) if r.status != "cancelled"]
        loaded = time.perf_counter() - started
    started = time.perf_counter()
    figures = coverage_of(records, vocabulary=vocabulary)
    for dimension in ("country", "region", "instrument", "norm", "theme", "year"):
        figures.by(dimension)
    figures.gap_matrix()
    aggregated = time.perf_counter() - started
    started = time.perf_counter()
    page = standalone_html(coverage_map(figures, metric="budget"))
    mapped = time.perf_counter() - started
    engine.dispose()
    total = loaded + aggregated
    verdict = "ok" if total <= 0.5 else "OVER the 0.5 s target"
    print(
        f"{count:>6,} projects: load {loaded:.3f} s + aggregate {aggregated:.3f} s = {total:.3f} s ({verdict}); "
        f"map build {mapped:.3f} s; standalone world map {len(page.encode()) / 1024:.0f} kB"
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        for size in (1_000, 10_000):
            measure(size, scratch)
