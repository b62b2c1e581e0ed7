"""Precision and recall of same-record detection on the labelled pairs in tests/duplicate_pairs.py,
at the default threshold (targets: precision >= 0.9, recall >= 0.95).

Run: `.venv/bin/python bench/duplicates_quality.py [--show]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.db import make_engine
from portfolio.duplicates import SAME_RECORD, THRESHOLDS
from portfolio.reference import load_vocabulary
from portfolio.settings import Settings
from tests.duplicate_pairs import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print every pair with its score")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/quality.db")
        migrate.upgrade(settings)
        engine = make_engine(settings)
        with Session(engine) as session, session.begin():
            precision, recall, outcomes = evaluate(session, load_vocabulary(session))
            session.rollback()
        engine.dispose()
    threshold = THRESHOLDS[SAME_RECORD]
    if args.show:
        for a, b, same, score in sorted(outcomes, key=lambda o: o[3]):
            verdict = "ok " if (score >= threshold) == same else "MISS"
            print(f"{verdict} {score:>3} {'same' if same else 'diff'}  {a[:45]:<45} | {b[:45]}")
    positives = sum(1 for o in outcomes if o[2])
    print(f"{len(outcomes)} labelled pairs ({positives} same record, {len(outcomes) - positives} different), "
          f"threshold {threshold}: precision {precision:.2f}, recall {recall:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
