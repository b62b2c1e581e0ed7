"""What people decide about candidate pairs: verdicts that keep a pair away until one of the two
records changes in a material field, and merging a project entered twice into one survivor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.access import authorise
from portfolio.audit import record_event
from portfolio.duplicates import Candidate, find_duplicates
from portfolio.errors import PortfolioError
from portfolio.models import DuplicateVerdict, PairComment, ProjectAlias
from portfolio.permissions import Actor, Permission
from portfolio.projects import (
    ProjectFilter,
    ProjectRecord,
    archive_project,
    get_projects,
    list_projects,
    record_input,
    update_project,
)
from portfolio.reference import Vocabulary
from portfolio.schema import validate_project

VERDICTS = {
    "same": "Same project (merged)",
    "not-same": "Not the same project",
    "overlap-acknowledged": "Overlap acknowledged (complementary or coordinated)",
}
MAX_COMMENT_CHARS = 4_000
# Fields whose change brings a decided pair back for review.
MATERIAL_FIELDS = ("title", "countries", "start_date", "end_date", "funding", "implementers", "norms", "themes")
# Fields a merge chooses between, field by field.
MERGE_FIELDS = (
    "ref", "title", "acronym", "description", "status", "start_date", "end_date", "budget_eur", "countries", "funding",
    "implementers", "norms", "pillars", "themes", "website", "contact", "source", "last_confirmed", "parent_ref",
)  # fmt: skip


@dataclass(frozen=True)
class VerdictRecord:
    a_id: int
    b_id: int
    verdict: str
    note: str | None
    actor: str
    at: datetime


@dataclass(frozen=True)
class PairNote:
    """One entry of a pair's discussion: a comment, or a verdict with its note."""

    at: datetime
    actor: str
    kind: str  # "comment" or a verdict code
    text: str | None


def comment_on_pair(session: Session, *, a_id: int, b_id: int, text: str, actor: Actor) -> PairNote:
    """Add a comment to a candidate pair without deciding it. Board members and administrators."""
    actor = authorise(session, actor, Permission.RECORD_VERDICT)
    body = text.strip()
    if not body:
        raise PortfolioError("Write the comment first; an empty one was not saved.")
    if len(body) > MAX_COMMENT_CHARS:
        raise PortfolioError(
            f"A comment may have at most {MAX_COMMENT_CHARS:,} characters (this one has {len(body):,})."
        )
    low, high = _existing_pair(session, a_id, b_id)
    row = PairComment(project_a_id=low.id, project_b_id=high.id, text=body, actor=actor.audit_name,
                      at=datetime.now(UTC).replace(microsecond=0))  # fmt: skip
    session.add(row)
    session.flush()
    record_event(
        session,
        subject="comment",
        subject_key=_pair_label(low, high),
        action="create",
        actor_name=actor.audit_name,
        project_id=low.id,
        project_ref=low.ref,
        changes={"comment": [None, body]},
    )
    return PairNote(row.at, row.actor, "comment", body)


def pair_discussion(session: Session, *, a_id: int, b_id: int) -> list[PairNote]:
    """The comments and verdicts on a pair, oldest first."""
    low, high = sorted((a_id, b_id))
    notes = [
        PairNote(_aware(c.at), c.actor, "comment", c.text)
        for c in session.scalars(
            select(PairComment).where(PairComment.project_a_id == low, PairComment.project_b_id == high)
        )
    ] + [
        PairNote(_aware(v.at), v.actor, v.verdict, v.note)
        for v in session.scalars(
            select(DuplicateVerdict).where(DuplicateVerdict.project_a_id == low, DuplicateVerdict.project_b_id == high)
        )
    ]
    return sorted(notes, key=lambda n: n.at)


def _existing_pair(session: Session, a_id: int, b_id: int) -> tuple[ProjectRecord, ProjectRecord]:
    if a_id == b_id:
        raise PortfolioError("a pair needs two different projects")
    records = sorted(get_projects(session, project_ids=[a_id, b_id]), key=lambda r: r.id)
    if len(records) != 2:
        raise PortfolioError("one of the two projects no longer exists")
    return records[0], records[1]


def _pair_label(a: ProjectRecord, b: ProjectRecord) -> str:
    return f"{a.ref or a.title} / {b.ref or b.title}"[:200]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def material_fingerprint(record: ProjectRecord) -> str:
    """A digest of the fields that make a pair worth another look when they change."""
    raw = record_input(record)
    material = {name: raw[name] for name in MATERIAL_FIELDS}
    return hashlib.sha256(json.dumps(material, sort_keys=True, default=str).encode()).hexdigest()


def record_verdict(
    session: Session, *, a_id: int, b_id: int, verdict: str, note: str | None, actor: Actor
) -> VerdictRecord:
    """Record a decision on a pair, with its note (the board's comment). It holds until either
    record changes in a material field. Board members and administrators decide."""
    actor = authorise(session, actor, Permission.RECORD_VERDICT)
    return _store_verdict(session, a_id=a_id, b_id=b_id, verdict=verdict, note=note, actor=actor)


def _store_verdict(
    session: Session, *, a_id: int, b_id: int, verdict: str, note: str | None, actor: Actor
) -> VerdictRecord:
    if verdict not in VERDICTS:
        raise PortfolioError(f"'{verdict}' is not a verdict; use one of {', '.join(VERDICTS)}")
    if a_id == b_id:
        raise PortfolioError("a verdict needs two different projects")
    low, high = sorted((a_id, b_id))
    records = {r.id: r for r in get_projects(session, project_ids=[low, high])}
    if len(records) != 2:
        raise PortfolioError("one of the two projects no longer exists")
    row = DuplicateVerdict(
        project_a_id=low, project_b_id=high, verdict=verdict, note=(note or "").strip() or None, actor=actor.audit_name,
        at=datetime.now(UTC).replace(microsecond=0), a_fingerprint=material_fingerprint(records[low]),
        b_fingerprint=material_fingerprint(records[high]),
    )  # fmt: skip
    session.add(row)
    session.flush()
    a, b = records[low], records[high]
    record_event(
        session,
        subject="verdict",
        subject_key=_pair_label(a, b),
        action="create",
        actor_name=actor.audit_name,
        project_id=low,
        project_ref=a.ref,
        changes={"verdict": [None, verdict], "note": [None, row.note]},
    )
    return VerdictRecord(low, high, verdict, row.note, actor.audit_name, row.at)


def open_candidates(
    session: Session,
    *,
    vocabulary: Vocabulary,
    kind: str | None = None,
    min_score: int | None = None,
    include_related: bool = False,
    within: ProjectFilter | None = None,
) -> list[Candidate]:
    """Candidates without a standing verdict: a decided pair comes back only when one of its two
    records changed in a material field after the decision. With ``within``, only pairs with at
    least one project in that slice of the portfolio (a region, some countries)."""
    found = find_duplicates(
        session, vocabulary=vocabulary, kind=kind, min_score=min_score, include_related=include_related
    )
    if within is not None:
        inside = {r.id for r in list_projects(session, filters=within)}
        found = [c for c in found if c.a.id in inside or c.b.id in inside]
    decided = _standing_verdicts(session)
    if not decided:
        return found
    ids = sorted({i for pair in decided for i in pair})
    fingerprints = {r.id: material_fingerprint(r) for r in get_projects(session, project_ids=ids)}
    still = {
        pair
        for pair, (fa, fb) in decided.items()
        if fingerprints.get(pair[0]) == fa and fingerprints.get(pair[1]) == fb
    }
    return [c for c in found if tuple(sorted((c.a.id, c.b.id))) not in still]


def _standing_verdicts(session: Session) -> dict[tuple[int, int], tuple[str, str]]:
    latest: dict[tuple[int, int], tuple[str, str]] = {}
    for row in session.scalars(select(DuplicateVerdict).order_by(DuplicateVerdict.id)):
        latest[(row.project_a_id, row.project_b_id)] = (row.a_fingerprint, row.b_fingerprint)
    return latest


def verdict_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(DuplicateVerdict)) or 0)


def merge_projects(
    session: Session,
    *,
    survivor_id: int,
    other_id: int,
    choices: Mapping[str, str],
    expected_versions: Mapping[int, int],
    vocabulary: Vocabulary,
    actor: Actor,
    note: str | None = None,
) -> ProjectRecord:
    """Merge a project entered twice. ``choices`` says, field by field, whether the survivor keeps
    its value ("survivor") or takes the other's ("other"); unnamed fields keep the survivor's. The
    other record is archived and its reference becomes an alias of the survivor. One transaction,
    with audit events; a stale version of either record refuses the whole merge. Data stewards
    and administrators merge."""
    actor = authorise(session, actor, Permission.MERGE)
    if survivor_id == other_id:
        raise PortfolioError("choose two different projects to merge")
    records = {r.id: r for r in get_projects(session, project_ids=[survivor_id, other_id])}
    if len(records) != 2:
        raise PortfolioError("one of the two projects no longer exists")
    survivor, other = records[survivor_id], records[other_id]
    unknown = set(choices) - set(MERGE_FIELDS)
    if unknown or any(v not in ("survivor", "other") for v in choices.values()):
        raise PortfolioError(f"cannot merge by {', '.join(sorted(unknown)) or 'those choices'}")
    kept, taken = record_input(survivor), record_input(other)
    merged: dict[str, Any] = {name: (taken if choices.get(name) == "other" else kept)[name] for name in MERGE_FIELDS}
    if merged.get("parent_ref") in (survivor.ref, other.ref):
        merged["parent_ref"] = None
    # The other record is archived, gives up its reference (it becomes the survivor's alias) and
    # says in its title where it went.
    archive_project(session, project_id=other.id, expected_version=expected_versions[other.id], actor=actor)
    archived = get_projects(session, project_ids=[other.id])[0]
    where = merged.get("ref") or merged["title"]
    released = record_input(archived) | {
        "ref": None, "parent_ref": None, "title": f"{archived.title} (merged into {where})"[:300],
    }  # fmt: skip
    update_project(session, project_id=other.id, expected_version=archived.version, actor=actor,
                   project=validate_project(released, vocabulary=vocabulary))  # fmt: skip
    result = update_project(
        session, project_id=survivor.id, expected_version=expected_versions[survivor.id], actor=actor,
        project=validate_project(merged, vocabulary=vocabulary),
    )  # fmt: skip
    for alias in {other.ref, survivor.ref} - {None, result.ref}:
        session.merge(ProjectAlias(alias=alias, project_id=survivor.id))
    session.flush()
    _store_verdict(session, a_id=survivor.id, b_id=other.id, verdict="same", note=note, actor=actor)
    return result


def differing_fields(a: ProjectRecord, b: ProjectRecord) -> list[str]:
    """The fields, by their labels' keys, where two records differ (for a side-by-side view)."""
    left, right = record_input(a), record_input(b)
    return [name for name in MERGE_FIELDS if str(left[name]) != str(right[name])]
