"""The audit trail: append events, read them back with filters. Nothing here (or anywhere) updates
or deletes an event: the ORM refuses it (models.AuditEvent) and so does the database (triggers
from migration 0005)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from portfolio.access import authorise
from portfolio.models import AuditEvent, ImportBatch
from portfolio.permissions import Actor, Permission

SUBJECTS = {
    "project": "Project",
    "user": "User account",
    "verdict": "Duplication verdict",
    "comment": "Comment on a pair",
}
ACTIONS = ("create", "update", "archive", "restore")
DEFAULT_LIMIT = 5_000


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None  # as recorded, e.g. "mrossi" or "root (OS account)"
    subject: str | None = None  # one of SUBJECTS
    action: str | None = None  # one of ACTIONS
    record: str | None = None  # a project reference or account name, or part of one
    batch_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    subject: str
    record: str
    action: str
    version: int | None
    batch: str | None  # "#12 sheet.xlsx"
    changes: dict[str, Any]


def record_event(
    session: Session,
    *,
    subject: str,
    action: str,
    actor_name: str,
    changes: dict[str, Any],
    subject_key: str | None = None,
    project_id: int | None = None,
    project_ref: str | None = None,
    version: int | None = None,
    batch_id: int | None = None,
    at: datetime | None = None,
) -> None:
    """Append one event. Services call this inside the transaction that makes the change."""
    session.add(
        AuditEvent(
            subject=subject,
            subject_key=subject_key,
            project_id=project_id,
            project_ref=project_ref,
            action=action,
            at=at or datetime.now(UTC).replace(microsecond=0),
            actor=actor_name,
            version=version,
            changes=changes,
            batch_id=batch_id,
        )
    )
    session.flush()


def list_audit(
    session: Session, *, actor: Actor, filters: AuditFilter = AuditFilter(), limit: int = DEFAULT_LIMIT
) -> list[AuditRow]:
    """Events matching the filters, newest first (at most `limit`)."""
    authorise(session, actor, Permission.READ_AUDIT)
    query = (
        select(AuditEvent, ImportBatch.file_name)
        .outerjoin(ImportBatch, ImportBatch.id == AuditEvent.batch_id)
        .where(*_conditions(filters))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return [_row(event, file_name) for event, file_name in session.execute(query)]


def audit_actors(session: Session) -> list[str]:
    """Everyone who appears in the trail, for a filter's choices."""
    return list(session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))


def _conditions(f: AuditFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.actor:
        conditions.append(AuditEvent.actor == f.actor)
    if f.subject:
        conditions.append(AuditEvent.subject == f.subject)
    if f.action:
        conditions.append(AuditEvent.action == f.action)
    if f.record and (needle := f.record.strip().lower()):
        pattern = f"%{needle}%"
        conditions.append(
            or_(func.lower(AuditEvent.project_ref).like(pattern), func.lower(AuditEvent.subject_key).like(pattern))
        )
    if f.batch_id is not None:
        conditions.append(AuditEvent.batch_id == f.batch_id)
    if f.since:
        conditions.append(AuditEvent.at >= datetime.combine(f.since, time.min, UTC))
    if f.until:
        conditions.append(AuditEvent.at < datetime.combine(f.until + timedelta(days=1), time.min, UTC))
    return conditions


def _row(event: AuditEvent, file_name: str | None) -> AuditRow:
    at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
    record = event.subject_key or event.project_ref or (f"project #{event.project_id}" if event.project_id else "")
    return AuditRow(
        id=event.id,
        at=at,
        actor=event.actor,
        subject=event.subject,
        record=record,
        action=event.action,
        version=event.version,
        batch=f"#{event.batch_id} {file_name}" if event.batch_id is not None else None,
        changes=dict(event.changes or {}),
    )
