"""The audit trail: append-only in the ORM and in the database, and read back with filters
(portfolio/audit.py). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from portfolio.audit import AuditFilter, list_audit
from portfolio.exporter import figures_csv, figures_workbook
from portfolio.models import AuditEvent, AuditIsAppendOnly
from portfolio.projects import archive_project
from portfolio.reference import Vocabulary
from portfolio.tables import audit_table
from portfolio.verdicts import record_verdict
from tests.factories import admin, make_project


def test_changing_or_deleting_an_audit_event_through_the_orm_is_refused(
    session: Session, vocabulary: Vocabulary
) -> None:
    make_project(session, vocabulary)
    event = session.scalars(select(AuditEvent)).first()
    assert event is not None
    with session.begin_nested() as attempt:
        event.actor = "someone else"
        with pytest.raises(AuditIsAppendOnly):
            session.flush()
        attempt.rollback()
    session.expire_all()
    event = session.scalars(select(AuditEvent)).first()
    assert event is not None
    assert event.actor == "tester"
    with session.begin_nested() as attempt:
        session.delete(event)
        with pytest.raises(AuditIsAppendOnly):
            session.flush()
        attempt.rollback()


@pytest.mark.parametrize("statement", ["update", "delete"])
def test_the_database_itself_refuses_to_change_or_delete_audit_events(
    session: Session, vocabulary: Vocabulary, statement: str
) -> None:
    make_project(session, vocabulary)
    rewrite = update(AuditEvent).values(actor="someone else") if statement == "update" else delete(AuditEvent)
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(rewrite)
    assert session.scalars(select(AuditEvent.actor)).all() == ["tester"]


def test_the_trail_is_filtered_by_who_what_record_and_day(session: Session, vocabulary: Vocabulary) -> None:
    a = make_project(session, vocabulary, ref="AUDIT-A", actor=admin("maria"))
    b = make_project(session, vocabulary, ref="AUDIT-B", actor=admin("sam"))
    archive_project(session, project_id=a.id, expected_version=1, actor=admin("sam"))
    record_verdict(session, a_id=a.id, b_id=b.id, verdict="not-same", note="different", actor=admin("bruno"))
    everything = list_audit(session, actor=admin())
    assert [e.action for e in everything][:4] == ["create", "archive", "create", "create"]
    assert {e.actor for e in list_audit(session, actor=admin(), filters=AuditFilter(actor="sam"))} == {"sam"}
    by_record = list_audit(session, actor=admin(), filters=AuditFilter(record="audit-a", subject="project"))
    assert [(e.action, e.record) for e in by_record] == [("archive", "AUDIT-A"), ("create", "AUDIT-A")]
    verdicts = list_audit(session, actor=admin(), filters=AuditFilter(subject="verdict"))
    assert [v.record for v in verdicts] == ["AUDIT-A / AUDIT-B"]
    assert verdicts[0].changes["verdict"] == [None, "not-same"]
    today = everything[0].at.date()
    assert len(list_audit(session, actor=admin(), filters=AuditFilter(since=today, until=today))) == len(everything)
    assert list_audit(session, actor=admin(), filters=AuditFilter(until=today - timedelta(days=1))) == []
    assert list_audit(session, actor=admin(), filters=AuditFilter(since=date(2999, 1, 1))) == []


def test_the_audit_export_neutralises_formula_text(session: Session, vocabulary: Vocabulary) -> None:
    a = make_project(session, vocabulary, ref='=HYPERLINK("http://evil.example")', actor=admin("@SUM(A1)"))
    b = make_project(session, vocabulary)
    record_verdict(session, a_id=a.id, b_id=b.id, verdict="not-same", note="+cmd|' /C calc'!A0", actor=admin())
    table = audit_table(list_audit(session, actor=admin()))
    csv_text = figures_csv(table).decode("utf-8")
    assert "'@SUM(A1)" in csv_text
    assert "'+cmd|' /C calc'!A0" in csv_text
    assert ",=HYPERLINK" not in csv_text
    sheet = load_workbook(io.BytesIO(figures_workbook(table)))["Figures"]
    cells = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "-"))]
    assert "'@SUM(A1)" in cells
