"""Optimistic locking under load: 8 threads x 500 mixed operations (read 35 %, update 40 %,
archive/restore 10 %, create 15 %) on SQLite and, when it answers, PostgreSQL. Prints operations,
successes, version conflicts, errors and time, and whether any update was lost.

Run: `.venv/bin/python bench/load.py [THREADS] [OPERATIONS]`.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio import migrate
from portfolio.settings import Settings
from tests.databases import empty_database, postgres_problem
from tests.loadwork import run_load, stored_state


def measure(backend: str, folder: Path, threads: int, operations: int) -> None:
    with empty_database(backend, folder) as url:
        migrate.upgrade(Settings(database_url=url))
        figures = run_load(url, threads=threads, operations=operations)
        versions, events, audited, _count = stored_state(url)
    successes = Counter(project for project, _version in figures.writes)
    lost = [p for p in figures.shared if versions[p] != 1 + successes[p] or events[p] != 1 + successes[p]]
    unaudited = set(figures.writes) - audited
    print(f"{backend:<10} {figures.summary()}")
    print(f"{'':<10} lost updates: {len(lost)}; successful writes missing from the audit trail: {len(unaudited)}")
    for error in figures.errors[:10]:
        print(f"{'':<10} error: {error}")


def main() -> None:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    operations = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    with tempfile.TemporaryDirectory() as folder:
        measure("sqlite", Path(folder), threads, operations)
        if problem := postgres_problem():
            print(f"postgresql skipped: {problem}")
        else:
            measure("postgresql", Path(folder), threads, operations)


if __name__ == "__main__":
    main()
