"""Optimistic locking under load: 8 threads x 500 mixed operations on one database, on SQLite and
on PostgreSQL. Afterwards no update is lost: every write its caller was told succeeded is in the
audit trail and in the version count, every refusal was a version conflict, and the counts add up.
bench/load.py runs the same workload and prints its figures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from portfolio import migrate
from portfolio.settings import Settings
from tests.databases import empty_database
from tests.loadwork import SHARED_PROJECTS, run_load, stored_state

pytestmark = pytest.mark.slow


def test_eight_threads_of_mixed_operations_lose_no_update(backend: str, tmp_path: Path) -> None:
    with empty_database(backend, tmp_path) as url:
        migrate.upgrade(Settings(database_url=url))
        figures = run_load(url, threads=8, operations=500)
        versions, events, audited, projects = stored_state(url)
    print(f"\n{backend}: {figures.summary()}")
    assert figures.errors == []
    assert figures.operations == 8 * 500
    assert sum(figures.conflicts.values()) > 0, "the workload should make threads overtake each other"
    assert projects == SHARED_PROJECTS + figures.done["create"] == SHARED_PROJECTS + len(figures.created)
    # Every successful write is in the audit trail with the version its caller was told.
    assert set(figures.writes) <= audited
    # Each project's version counts exactly its creation and the writes that succeeded on it.
    successes = Counter(project_id for project_id, _version in figures.writes)
    for project_id in figures.shared:
        assert versions[project_id] == 1 + successes[project_id], project_id
        assert events[project_id] == 1 + successes[project_id], project_id
    for project_id in figures.created:
        assert versions[project_id] == 1
        assert events[project_id] == 1
