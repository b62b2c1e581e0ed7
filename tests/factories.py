"""Small factories for projects as a person would enter them."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy.orm import Session

from portfolio.permissions import Actor, Role
from portfolio.projects import ProjectRecord, create_project
from portfolio.reference import Vocabulary
from portfolio.schema import ProjectInput, validate_project

_numbers = itertools.count(1)


def project_data(**overrides: Any) -> dict[str, Any]:
    """A valid project, as raw input (what a form or a sheet would give)."""
    n = next(_numbers)
    data: dict[str, Any] = {
        "ref": f"TEST-{n:04d}",
        "title": f"Strengthening national CSIRT capacity {n}",
        "status": "ongoing",
        "start_date": "2023-01-01",
        "end_date": "2025-12-31",
        "budget_eur": "1000000.00",
        "countries": ["SRB"],
        "funding": [{"instrument": "IPA3", "funder": "DG NEAR", "amount_eur": "1000000.00"}],
        "implementers": ["e-Governance Academy (eGA)"],
        "norms": ["g"],
        "themes": ["incident-cip"],
    }
    data.update(overrides)
    return data


def valid_project(vocabulary: Vocabulary, **overrides: Any) -> ProjectInput:
    return validate_project(project_data(**overrides), vocabulary=vocabulary)


def admin(name: str = "tester") -> Actor:
    """An actor with every right and no account (like the CLI's operating-system account), for
    tests about something other than permissions."""
    return Actor(name=name, role=Role.ADMIN)


def make_project(
    session: Session, vocabulary: Vocabulary, *, actor: Actor | None = None, **overrides: Any
) -> ProjectRecord:
    return create_project(session, project=valid_project(vocabulary, **overrides), actor=actor or admin())
