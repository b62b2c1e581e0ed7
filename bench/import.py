"""Import speed for a 10,000-row project sheet (targets: parse + validate <= 1.5x a bare openpyxl
read-only pass; full import <= 15 s into SQLite and into PostgreSQL).

Run: `.venv/bin/python bench/import.py [--rows N]`. PostgreSQL is used when it answers at
PORTFOLIO_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test), in a
throwaway schema.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from portfolio import migrate  # noqa: E402
from portfolio.db import make_engine  # noqa: E402
from portfolio.importer import import_workbook  # noqa: E402
from portfolio.reference import load_vocabulary  # noqa: E402
from portfolio.settings import Settings  # noqa: E402
from tests.databases import empty_database, postgres_problem  # noqa: E402
from tests.factories import admin  # noqa: E402

HEADER = ["Ref.", "Name of the action", "Beneficiary country(ies)", "Financing instrument", "Donor(s)",
          "EU contribution (EUR)", "Start", "End", "UN GGE norms", "Thematic area", "Implementing partner(s)",
          "Status", "Summary"]  # fmt: skip
COUNTRIES = [
    "Serbia",
    "Albania",
    "Kosovo*",
    "Republic of Moldova",
    "Ukraine",
    "Georgia",
    "Tunisia",
    "Morocco",
    "Jordan",
    "Western Balkans",
    "EaP countries",
    "Kenya",
    "Indonesia",
    "Türkiye",
    "Bosnia and Herzegovina",
]
INSTRUMENTS = ["NDICI-Global Europe", "IPA III", "European Peace Facility", "Global Gateway", "ENI", "Member State"]
FUNDERS = ["DG NEAR", "DG INTPA", "FPI", "Government of Estonia", "Government of France"]
IMPLEMENTERS = ["Council of Europe (CoE)", "GIZ", "Expertise France", "e-Governance Academy", "UNDP", "UNODC"]
THEMES = ["Cybercrime", "Cyber security policy and strategy", "Cyber security culture and skills"]
AMOUNTS = ["€1.2m", "850k", "1,200,000", "3,5 M€", "EUR 2 million", "450000"]
DATES = [("01/03/2024", "2026"), ("Mar-22", "12/2025"), ("2021-01-15", "March 2024"), ("2020", "2023")]


def build_sheet(rows: int, rng: random.Random) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["EU cyber capacity-building projects"])
    sheet.append([])
    sheet.append(HEADER)
    for n in range(rows):
        start, end = rng.choice(DATES)
        sheet.append([
            f"IMP-{n:05d}", f"Cyber resilience action {n}: {rng.choice(THEMES).lower()}",
            "; ".join(rng.sample(COUNTRIES, rng.randint(1, 3))), rng.choice(INSTRUMENTS), rng.choice(FUNDERS),
            rng.choice(AMOUNTS), start, end, "; ".join(rng.sample("abcdefghijk", rng.randint(0, 3))),
            rng.choice(THEMES), "; ".join(rng.sample(IMPLEMENTERS, rng.randint(1, 2))),
            rng.choice(["ongoing", "on-going", "completed", "planned"]), "Capacity building " * 5,
        ])  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bare_read(data: bytes) -> float:
    started = time.perf_counter()
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _ in workbook.active.iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - started


def timed_import(url: str, data: bytes, *, dry_run: bool) -> tuple[float, dict[str, int]]:
    settings = Settings(database_url=url)
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with Session(engine) as session, session.begin():
        vocabulary = load_vocabulary(session)
    started = time.perf_counter()
    with Session(engine) as session, session.begin():
        report = import_workbook(
            session,
            file=io.BytesIO(data),
            file_name="bench.xlsx",
            vocabulary=vocabulary,
            actor=admin("bench"),
            dry_run=dry_run,
        )
    seconds = time.perf_counter() - started
    engine.dispose()
    counts = {"created": report.created, "rejected": report.rejected}
    return seconds, counts


def against_target(seconds: float) -> str:
    return "ok" if seconds <= 15 else "OVER the 15 s target"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    data = build_sheet(args.rows, random.Random(7))
    print(f"sheet: {args.rows:,} rows, {len(data) / 1e6:.1f} MB")
    bare = min(bare_read(data) for _ in range(3))
    print(f"(a) bare openpyxl read-only pass: {bare:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        parse, counts = timed_import(f"sqlite:///{folder}/dry.db", data, dry_run=True)
        ratio = parse / bare
        verdict = "ok" if ratio <= 1.5 else "OVER the 1.5x target"
        print(
            f"(b) parse + validate (dry run, SQLite): {parse:.2f} s, {ratio:.2f}x the bare read ({verdict}); {counts}"
        )
        full, counts = timed_import(f"sqlite:///{folder}/full.db", data, dry_run=False)
        print(f"(c) full import into SQLite: {full:.2f} s ({against_target(full)}); {counts}")
    if problem := postgres_problem():
        print(f"(c) PostgreSQL: skipped, {problem}")
        return
    with tempfile.TemporaryDirectory() as folder, empty_database("postgresql", Path(folder)) as url:
        full, counts = timed_import(url, data, dry_run=False)
        print(f"(c) full import into PostgreSQL: {full:.2f} s ({against_target(full)}); {counts}")


if __name__ == "__main__":
    main()
