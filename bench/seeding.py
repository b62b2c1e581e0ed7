"""Realistic random portfolios for the bench scripts, created through the services in bulk."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy.orm import Session

from portfolio.projects import create_projects
from portfolio.reference import load_vocabulary
from portfolio.schema import validate_project
from tests.factories import admin

FUNDERS = ["DG NEAR", "DG INTPA", "FPI", "Government of Estonia", "Government of France", "Government of Germany"]
IMPLEMENTERS = ["Council of Europe", "GIZ", "Expertise France", "e-Governance Academy", "UNDP", "FIIAPP", "UNODC"]
WORDS = (  # noqa: SIM905 - one sentence reads better than 35 quoted words
    "cyber resilience CSIRT cybercrime capacity strategy skills critical infrastructure incident response evidence "
    "governance awareness standards diplomacy national regional support law enforcement judicial training exercise "
    "public administration network security digital trust cooperation partnership framework legislation assessment"
).split()


def seed_portfolio(session: Session, count: int, rng: random.Random) -> None:
    vocabulary = load_vocabulary(session)
    countries = list(vocabulary.countries)
    focus = [c for c in countries if vocabulary.countries[c].region_code]
    instruments = list(vocabulary.instruments)
    projects = []
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
        projects.append(validate_project(data, vocabulary=vocabulary))
    create_projects(session, projects=projects, actor=admin("bench"))
