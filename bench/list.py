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
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event
from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.db import make_engine
from portfolio.projects import ProjectFilter, create_project, list_projects
from portfolio.reference import load_vocabulary
from portfolio.schema import validate_project
from portfolio.settings import Settings

FUNDERS = ["DG NEAR", "DG INTPA", "FPI", "Government of Estonia", "Government of France", "Government of Germany"]
IMPLEMENTERS = ["Council of Europe", "GIZ", "Expertise France", "e-Governance Academy", "UNDP", "FIIAPP", "UNODC"]
WORDS = [
    "cyber",
    "resilience",
    "CSIRT",
    "cybercrime",
    "capacity",
    "strategy",
    "skills",
    "critical",
    "infrastructure",
    "incident",
    "response",
    "evidence",
    "governance",
    "awareness",
    "standards",
    "diplomacy",
    "national",
    "regional",
    "support",
    "law",
    "enforcement",
    "judicial",
    "training",
    "exercise",
    "public",
    "administration",
    "network",
    "security",
    "digital",
    "trust",
    "cooperation",
    "partnership",
    "framework",
    "legislation",
    "assessment",
]


def seed(session: Session, count: int, rng: random.Random) -> None:
    vocabulary = load_vocabulary(session)
    countries = list(vocabulary.countries)
    focus = [c for c in countries if vocabulary.countries[c].region_code]
    instruments = list(vocabulary.instruments)
    for n in range(count):
        start = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 4000))
        budget = rng.randrange(100_000, 20_000_000)
        chosen = (
            rng.sample(focus, rng.randint(1, 4)) if rng.random() < 0.7 else rng.sample(countries, rng.randint(1, 6))
        )
        data = {
            "ref": f"BENCH-{n:05d}",
            "title": " ".join(rng.sample(WORDS, 5)).capitalize() + f" {n}",
            "status": rng.choice(["pipeline", "ongoing", "completed", "suspended", "cancelled"]),
            "start_date": start,
            "end_date": start + timedelta(days=rng.randrange(180, 1800)),
            "budget_eur": str(budget),
            "countries": chosen,
            "funding": [
                {"instrument": rng.choice(instruments), "funder": rng.choice(FUNDERS), "amount_eur": str(budget)}
            ],
            "implementers": rng.sample(IMPLEMENTERS, rng.randint(1, 2)),
            "norms": rng.sample(list(vocabulary.norms), rng.randint(0, 3)),
            "themes": rng.sample(list(vocabulary.themes), rng.randint(1, 2)),
            "description": " ".join(rng.choices(WORDS, k=12)),
        }
        create_project(session, project=validate_project(data, vocabulary=vocabulary), actor="bench")


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
                seed(session, args.projects, random.Random(2026))
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
