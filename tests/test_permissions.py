"""The role matrix, proved on the services themselves (whatever a page shows): each writing
service, called as each role, either does its work or refuses with PermissionDenied and writes
nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.access import actor_named, authorise
from portfolio.accounts import add_user, list_users, set_role
from portfolio.audit import list_audit
from portfolio.demo import load_demo
from portfolio.errors import PortfolioError
from portfolio.exporter import export_portfolio
from portfolio.importer import import_workbook
from portfolio.models import AuditEvent, DuplicateVerdict, ImportBatch, PairComment, Project, User
from portfolio.permissions import Actor, Permission, PermissionDenied, Role, may_edit
from portfolio.projects import archive_project, create_project, restore_project, update_project
from portfolio.reference import Vocabulary
from portfolio.transfer import dump_portfolio
from portfolio.verdicts import comment_on_pair, merge_projects, record_verdict
from tests.accounts import PASSWORD
from tests.factories import admin, make_project, valid_project
from tests.workbooks import workbook_bytes

V, PM, DS, BM, AD = Role.VIEWER, Role.PROGRAMME_MANAGER, Role.DATA_STEWARD, Role.BOARD_MEMBER, Role.ADMIN


def _account(session: Session, role: Role) -> Actor:
    add_user(session, actor=admin(), name=f"acting-{role.value}", role=role, password=PASSWORD,
             full_name="Acting Person", email=f"{role.value}@example.org")  # fmt: skip
    return actor_named(session, name=f"acting-{role.value}")


def _nothing(session: Session, vocabulary: Vocabulary) -> Any:
    return None


def _a_project(session: Session, vocabulary: Vocabulary) -> Any:
    return make_project(session, vocabulary, contact="Someone Else (EEAS)")


def _two_projects(session: Session, vocabulary: Vocabulary) -> Any:
    return (
        make_project(session, vocabulary, title="Cyber resilience for Moldova", countries=["MDA"]),
        make_project(session, vocabulary, title="Cyber resilience for Moldova (copy)", countries=["MDA"]),
    )


def _a_sheet(session: Session, vocabulary: Vocabulary) -> Any:
    return workbook_bytes([["Title", "Beneficiary countries"], ["Imported project", "Serbia"]])


def _create(session: Session, vocabulary: Vocabulary, actor: Actor, _: Any) -> None:
    create_project(session, project=valid_project(vocabulary), actor=actor)


def _edit_any(session: Session, vocabulary: Vocabulary, actor: Actor, p: Any) -> None:
    update_project(session, project_id=p.id, expected_version=p.version, actor=actor,
                   project=valid_project(vocabulary, ref=p.ref, title=p.title + " (revised)"))  # fmt: skip


def _archive(session: Session, vocabulary: Vocabulary, actor: Actor, p: Any) -> None:
    archived = archive_project(session, project_id=p.id, expected_version=p.version, actor=actor)
    restore_project(session, project_id=p.id, expected_version=archived.version, actor=actor)


def _import(session: Session, vocabulary: Vocabulary, actor: Actor, sheet: Any) -> None:
    import_workbook(session, file=io.BytesIO(sheet), file_name="s.xlsx", vocabulary=vocabulary, actor=actor)


def _preview_import(session: Session, vocabulary: Vocabulary, actor: Actor, sheet: Any) -> None:
    import_workbook(session, file=io.BytesIO(sheet), file_name="s.xlsx", vocabulary=vocabulary, actor=actor,
                    dry_run=True)  # fmt: skip


def _export(session: Session, vocabulary: Vocabulary, actor: Actor, _: Any) -> None:
    export_portfolio(session, actor=actor, vocabulary=vocabulary)


def _merge(session: Session, vocabulary: Vocabulary, actor: Actor, pair: Any) -> None:
    a, b = pair
    merge_projects(session, survivor_id=a.id, other_id=b.id, choices={}, expected_versions={a.id: 1, b.id: 1},
                   vocabulary=vocabulary, actor=actor)  # fmt: skip


def _verdict(session: Session, vocabulary: Vocabulary, actor: Actor, pair: Any) -> None:
    a, b = pair
    record_verdict(session, a_id=a.id, b_id=b.id, verdict="not-same", note="checked", actor=actor)


def _comment(session: Session, vocabulary: Vocabulary, actor: Actor, pair: Any) -> None:
    a, b = pair
    comment_on_pair(session, a_id=a.id, b_id=b.id, text="asked the delegation", actor=actor)


def _read_audit(session: Session, vocabulary: Vocabulary, actor: Actor, _: Any) -> None:
    list_audit(session, actor=actor)


def _manage_users(session: Session, vocabulary: Vocabulary, actor: Actor, _: Any) -> None:
    add_user(session, actor=actor, name="newcomer", role=Role.VIEWER, password=PASSWORD)
    set_role(session, actor=actor, name="newcomer", role=Role.BOARD_MEMBER)
    list_users(session, actor=actor)


def _dump(session: Session, vocabulary: Vocabulary, actor: Actor, _: Any) -> None:
    dump_portfolio(session, actor=actor)


def _demo(session: Session, vocabulary: Vocabulary, actor: Actor, _: Any) -> None:
    load_demo(session, vocabulary=vocabulary, actor=actor)


Setup = Callable[[Session, Vocabulary], Any]
Operation = Callable[[Session, Vocabulary, Actor, Any], None]
# operation: what it needs in place, the call, and the roles allowed to make it (everyone else is refused).
MATRIX: dict[str, tuple[Setup, Operation, set[Role]]] = {
    "create a project": (_nothing, _create, {PM, DS, AD}),
    "edit someone else's project": (_a_project, _edit_any, {DS, AD}),
    "archive and restore": (_a_project, _archive, {DS, AD}),
    "import a sheet": (_a_sheet, _import, {DS, AD}),
    "preview an import": (_a_sheet, _preview_import, {DS, AD}),
    "load the demo portfolio": (_nothing, _demo, {DS, AD}),
    "export the portfolio": (_nothing, _export, {DS, AD}),
    "merge a duplicate": (_two_projects, _merge, {DS, AD}),
    "record a verdict": (_two_projects, _verdict, {BM, AD}),
    "comment on a pair": (_two_projects, _comment, {BM, AD}),
    "read the audit trail": (_nothing, _read_audit, {DS, BM, AD}),
    "manage users": (_nothing, _manage_users, {AD}),
    "dump the database": (_nothing, _dump, {AD}),
}
WRITTEN = (Project, AuditEvent, DuplicateVerdict, PairComment, ImportBatch, User)


def _counts(session: Session) -> dict[str, int]:
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in WRITTEN}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
@pytest.mark.parametrize("operation", list(MATRIX), ids=[o.replace(" ", "-") for o in MATRIX])
def test_the_role_matrix_holds_in_the_services(
    session: Session, vocabulary: Vocabulary, operation: str, role: Role
) -> None:
    setup, run, allowed = MATRIX[operation]
    actor = _account(session, role)
    prepared = setup(session, vocabulary)
    before = _counts(session)
    if role in allowed:
        run(session, vocabulary, actor, prepared)
        return
    with pytest.raises(PermissionDenied) as refused:
        run(session, vocabulary, actor, prepared)
    assert role.label.lower() in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert _counts(session) == before, "a refused call wrote something"


def test_a_programme_manager_edits_what_they_created_or_are_named_on_and_nothing_else(
    session: Session, vocabulary: Vocabulary
) -> None:
    manager = _account(session, PM)
    own = create_project(session, project=valid_project(vocabulary), actor=manager)
    assert own.owner_id == manager.user_id
    update_project(session, project_id=own.id, expected_version=own.version, actor=manager,
                   project=valid_project(vocabulary, ref=own.ref, title="Renamed by its owner"))  # fmt: skip
    named = make_project(session, vocabulary, contact="Focal point: acting person, DG NEAR")
    assert may_edit(manager, owner_id=named.owner_id, contact=named.contact)
    update_project(session, project_id=named.id, expected_version=named.version, actor=manager,
                   project=valid_project(vocabulary, ref=named.ref, title="Edited by the named manager"))  # fmt: skip
    by_email = make_project(session, vocabulary, contact="programme-manager@example.org")
    assert may_edit(manager, owner_id=by_email.owner_id, contact=by_email.contact)
    stranger = make_project(session, vocabulary, contact="Acting Personnel Office")  # not the whole name
    with pytest.raises(PermissionDenied, match="neither theirs nor names them"):
        update_project(session, project_id=stranger.id, expected_version=stranger.version, actor=manager,
                       project=valid_project(vocabulary, ref=stranger.ref, title="Not theirs"))  # fmt: skip
    with pytest.raises(PermissionDenied):
        archive_project(session, project_id=own.id, expected_version=2, actor=manager)


def test_a_role_changed_or_disabled_since_sign_in_counts_at_once(session: Session, vocabulary: Vocabulary) -> None:
    steward = _account(session, DS)  # as the browser session remembers them
    set_role(session, actor=admin(), name=steward.name, role=Role.VIEWER)
    with pytest.raises(PermissionDenied, match="viewer"):
        create_project(session, project=valid_project(vocabulary), actor=steward)
    session.get(User, steward.user_id).active = False  # type: ignore[union-attr]
    with pytest.raises(PortfolioError, match="disabled"):
        authorise(session, steward, Permission.CREATE_PROJECT)
