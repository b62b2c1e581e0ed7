"""Many people at once: threads that create, update, archive and read projects against one
database, each operation its own transaction, each write made on the version its thread last read
(so threads overtake each other and some writes must be refused as version conflicts).

Used by tests/test_load.py (which checks that nothing was lost) and bench/load.py (which prints
the figures).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.db import make_engine, make_sessionmaker
from portfolio.errors import VersionConflict
from portfolio.models import AuditEvent, Project
from portfolio.permissions import Actor
from portfolio.projects import archive_project, create_project, get_project, restore_project, update_project
from portfolio.reference import Vocabulary, load_vocabulary
from portfolio.schema import ProjectInput
from portfolio.settings import Settings
from tests.factories import admin, valid_project

SHARED_PROJECTS = 16  # few enough that threads often write the same one


@dataclass
class Figures:
    threads: int
    operations_per_thread: int
    seconds: float = 0.0
    done: Counter[str] = field(default_factory=Counter)  # operation kind -> successes
    conflicts: Counter[str] = field(default_factory=Counter)  # kind -> refused as a version conflict
    errors: list[str] = field(default_factory=list)  # anything else: must stay empty
    # (project id, version it reached) for every successful write, as its caller was told
    writes: list[tuple[int, int]] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    shared: list[int] = field(default_factory=list)

    @property
    def operations(self) -> int:
        return sum(self.done.values()) + sum(self.conflicts.values()) + len(self.errors)

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {self.done[k]}" for k in ("read", "create", "update", "archive/restore"))
        return (
            f"{self.threads} threads x {self.operations_per_thread} operations = {self.operations} in "
            f"{self.seconds:.1f} s ({self.operations / self.seconds:.0f}/s): {kinds}; "
            f"{sum(self.conflicts.values())} version conflicts ({dict(self.conflicts)}), {len(self.errors)} errors"
        )


def run_load(database_url: str, *, threads: int = 8, operations: int = 500, seed: int = 7) -> Figures:
    """Run the mixed workload on a migrated, empty database and return what happened."""
    engine = make_engine(Settings(database_url=database_url))
    sessions = make_sessionmaker(engine)
    readers = make_sessionmaker(engine, read_only=True)
    figures = Figures(threads=threads, operations_per_thread=operations)
    with sessions() as session, session.begin():
        vocabulary = load_vocabulary(session)
        figures.shared = [
            create_project(session, project=valid_project(vocabulary, ref=f"SHARED-{n:02d}"), actor=admin()).id
            for n in range(SHARED_PROJECTS)
        ]
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        actor = admin(f"thread {number}")
        seen: dict[int, int] = {}  # project id -> version this thread last read
        start.wait()
        for step in range(operations):
            kind = rng.choices(["read", "update", "archive/restore", "create"], weights=[35, 40, 10, 15])[0]
            project_id = rng.choice(figures.shared)
            try:
                if kind == "read" or project_id not in seen:
                    with readers() as session, session.begin():
                        seen[project_id] = get_project(session, project_id=project_id).version
                    with lock:
                        figures.done["read"] += 1
                    continue
                with sessions() as session, session.begin():
                    written = _write(session, kind, project_id, seen[project_id], number, step, vocabulary, actor)
                with lock:
                    figures.done[kind] += 1
                    figures.writes.append(written)
                    if kind == "create":
                        figures.created.append(written[0])
                seen[project_id] = written[1] if kind != "create" else seen[project_id]
            except VersionConflict as conflict:
                seen[project_id] = conflict.current_version
                with lock:
                    figures.conflicts[kind] += 1
            except Exception as exc:
                with lock:
                    figures.errors.append(f"thread {number} step {step} {kind}: {type(exc).__name__}: {exc}")

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    began = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    figures.seconds = time.perf_counter() - began
    engine.dispose()
    return figures


def _write(
    session: Session, kind: str, project_id: int, version: int, thread: int, step: int, vocabulary: Vocabulary,
    actor: Actor,
) -> tuple[int, int]:  # fmt: skip
    if kind == "create":
        record = create_project(session, project=valid_project(vocabulary, ref=f"LOAD-{thread}-{step}"), actor=actor)
        return record.id, record.version
    if kind == "update":
        current = get_project(session, project_id=project_id)
        changed = _edited(current.ref or "", vocabulary, thread, step)
        record = update_project(session, project_id=project_id, expected_version=version, project=changed, actor=actor)
        return record.id, record.version
    current = get_project(session, project_id=project_id)
    change = restore_project if current.archived else archive_project
    record = change(session, project_id=project_id, expected_version=version, actor=actor)
    return record.id, record.version


def _edited(ref: str, vocabulary: Vocabulary, thread: int, step: int) -> ProjectInput:
    return valid_project(
        vocabulary, ref=ref, title=f"Shared project {ref} as edited by thread {thread} at step {step}",
        budget_eur=str(Decimal(1_000_000 + thread * 1000 + step)),
    )  # fmt: skip


def stored_state(database_url: str) -> tuple[dict[int, int], Counter[int], set[tuple[int, int]], int]:
    """Each project's version, its audit events, the (project, version) pairs the audit holds, and
    how many projects exist."""
    engine = make_engine(Settings(database_url=database_url))
    with Session(engine) as session:
        versions = {row[0]: row[1] for row in session.execute(select(Project.id, Project.version))}
        per_project = select(AuditEvent.project_id, func.count()).where(AuditEvent.subject == "project")
        events: Counter[int] = Counter(
            {row[0]: row[1] for row in session.execute(per_project.group_by(AuditEvent.project_id))}
        )
        pairs = select(AuditEvent.project_id, AuditEvent.version).where(AuditEvent.subject == "project")
        audited = {(row[0], row[1]) for row in session.execute(pairs)}
        count = session.scalar(select(func.count()).select_from(Project)) or 0
    engine.dispose()
    return versions, events, {(p, v) for p, v in audited if p is not None and v is not None}, count
