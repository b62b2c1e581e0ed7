"""Speed of the duplication checks on realistic portfolios of 1,000, 10,000 and 100,000 projects
(targets: 10,000 in <= 3 s, 100,000 in <= 60 s, growth exponent <= 1.3).

Projects are built in memory (the checks read records, not the database): titles draw words from
a Zipf-like vocabulary as real titles do, countries favour the focus regions, and one project in
twenty is entered twice with typos, so blocking meets what it meets in practice.
Run: `.venv/bin/python bench/duplicates.py [--sizes 1000 10000 100000]`.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portfolio import migrate
from portfolio.db import make_engine
from portfolio.duplicates import find_candidates
from portfolio.projects import CountryShareRecord, FundingRecord, NormRecord, ProjectRecord
from portfolio.reference import Vocabulary, load_vocabulary
from portfolio.settings import Settings

TOPICS = ["cyber resilience", "cybercrime", "CSIRT capacity", "cyber security strategy", "e-evidence", "cyber skills",
          "critical infrastructure protection", "cyber diplomacy", "data protection", "digital government"]  # fmt: skip
THEMES = ["policy", "incident-cip", "cybercrime", "culture-skills", "standards"]
SYLLABLES = ["ka", "ro", "mi", "sel", "dor", "ta", "vin", "lu", "pe", "nor", "gra", "sti", "mon", "ber", "ez", "qua"]


def words(rng: random.Random, count: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def zipf_choice(rng: random.Random, items: list[str]) -> str:
    return items[min(len(items) - 1, int(len(items) * rng.random() ** 3))]


def record(n: int, title: str, countries: list[str], start: date, funder: str, implementer: str,
           budget: int, norms: list[str]) -> ProjectRecord:  # fmt: skip
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return ProjectRecord(
        id=n, ref=None, title=title, acronym=None, description=None, status="ongoing", start_date=start,
        end_date=start + timedelta(days=900), budget_eur=Decimal(budget),
        countries=tuple(CountryShareRecord(c, None) for c in countries), regions=(),
        funding=(FundingRecord("NDICI", funder, Decimal(budget)),), implementers=(implementer,),
        norms=tuple(NormRecord(x, True) for x in norms), pillars=(), themes=(THEMES[n % len(THEMES)],), website=None,
        contact=None, source=None, last_confirmed=None, parent=None, components=(), archived=False, version=1,
        created_at=now, created_by="bench", updated_at=now, updated_by="bench",
    )  # fmt: skip


def portfolio(size: int, vocabulary: Vocabulary, rng: random.Random) -> list[ProjectRecord]:
    lexicon = words(rng, 4000)
    focus = [c for c in vocabulary.countries if vocabulary.countries[c].region_code]
    others = [c for c in vocabulary.countries if not vocabulary.countries[c].region_code]
    funders = [f"Funder {w}" for w in words(rng, 60)]
    implementers = [f"Implementer {w}" for w in words(rng, 300)]
    records: list[ProjectRecord] = []
    while len(records) < size:
        n = len(records) + 1
        countries = (
            rng.sample(focus, rng.randint(1, 3)) if rng.random() < 0.6 else rng.sample(others, rng.randint(1, 3))
        )
        title = f"{rng.choice(TOPICS).capitalize()} {' '.join(zipf_choice(rng, lexicon) for _ in range(3))}"
        start = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
        args = (countries, start, zipf_choice(rng, funders), zipf_choice(rng, implementers),
                rng.randrange(100_000, 9_000_000), rng.sample("abcdefghijk", rng.randint(0, 2)))  # fmt: skip
        records.append(record(n, title, *args))
        if rng.random() < 0.05 and len(records) < size:  # entered twice, with a typo
            typo = title.replace("a", "e", 1)
            records.append(record(n + 1, typo, args[0][:2], args[1] + timedelta(days=30), *args[2:]))
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/vocabulary.db")
        migrate.upgrade(settings)
        engine = make_engine(settings)
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            vocabulary = load_vocabulary(session)
        engine.dispose()
    timings: list[tuple[int, float]] = []
    for size in args.sizes:
        records = portfolio(size, vocabulary, random.Random(size))
        started = time.perf_counter()
        found = find_candidates(records, vocabulary=vocabulary)
        seconds = time.perf_counter() - started
        timings.append((size, seconds))
        same = sum(1 for c in found if c.kind == "same-record")
        print(
            f"{size:>7,} projects: {seconds:6.2f} s, {same:,} same-record and {len(found) - same:,} overlap candidates"
        )
    if len(timings) >= 2:
        (n1, t1), (n2, t2) = timings[0], timings[-1]
        exponent = math.log(t2 / t1) / math.log(n2 / n1)
        print(f"growth exponent from {n1:,} to {n2:,} projects: {exponent:.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
