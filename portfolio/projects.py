"""Create, update, archive, restore, find and list projects; every change writes an audit event.

Services take a Session and keyword-only plain values, return frozen dataclasses, and never
commit: the caller owns the transaction (``with Session() as s, s.begin(): ...``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.expression import Executable

from portfolio.access import authorise, authorise_edit
from portfolio.audit import record_event
from portfolio.errors import ConcurrentChange, FieldIssue, NotFound, ValidationFailed, VersionConflict
from portfolio.models import (
    AuditEvent,
    Base,
    Country,
    FundingLine,
    Organisation,
    OrganisationAlias,
    Project,
    ProjectAlias,
    ProjectCountry,
    ProjectImplementer,
    ProjectNorm,
    ProjectPillar,
    ProjectTheme,
)
from portfolio.organisations import registered_name, resolve_organisation
from portfolio.permissions import Actor, Permission
from portfolio.reference import Vocabulary
from portfolio.schema import (
    ProjectInput,
    parent_cycle_message,
    parent_unknown_message,
    project_warnings,
    ref_taken_message,
    title_taken_message,
    validate_project,
)
from portfolio.text import fold, normalise_key

# --- what services return ------------------------------------------------------------------


@dataclass(frozen=True)
class CountryShareRecord:
    code: str
    share_pct: Decimal | None


@dataclass(frozen=True)
class FundingRecord:
    instrument: str
    funder: str | None
    amount_eur: Decimal | None


@dataclass(frozen=True)
class NormRecord:
    code: str
    primary: bool


@dataclass(frozen=True)
class ProjectLink:
    """Another project this one points to (its parent or a component)."""

    id: int
    ref: str | None
    title: str


@dataclass(frozen=True)
class ProjectRecord:
    id: int
    ref: str | None
    title: str
    acronym: str | None
    description: str | None
    status: str
    start_date: date | None
    end_date: date | None
    budget_eur: Decimal | None
    countries: tuple[CountryShareRecord, ...]
    regions: tuple[str, ...]
    funding: tuple[FundingRecord, ...]
    implementers: tuple[str, ...]
    norms: tuple[NormRecord, ...]
    pillars: tuple[str, ...]
    themes: tuple[str, ...]
    website: str | None
    contact: str | None
    source: str | None
    last_confirmed: date | None
    parent: ProjectLink | None
    components: tuple[ProjectLink, ...]
    archived: bool
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    owner_id: int | None = None  # the account that created it

    @property
    def country_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.countries)

    @property
    def instruments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.instrument for line in self.funding))

    @property
    def funders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.funder for line in self.funding if line.funder))

    @property
    def label(self) -> str:
        """How people name the project in a sentence: "GLACY-E: Global Action on Cybercrime"."""
        return f"{self.ref}: {self.title}" if self.ref else self.title

    def as_json(self) -> dict[str, Any]:
        """The project in the CLI's JSON contract (exactly these keys)."""
        return {
            "ref": self.ref,
            "title": self.title,
            "acronym": self.acronym,
            "status": self.status,
            "start_date": _iso(self.start_date),
            "end_date": _iso(self.end_date),
            "budget_eur": _money(self.budget_eur),
            "countries": list(self.country_codes),
            "regions": list(self.regions),
            "instruments": list(self.instruments),
            "funding": [
                {"instrument": f.instrument, "funder": f.funder, "amount_eur": _money(f.amount_eur)}
                for f in self.funding
            ],
            "funders": list(self.funders),
            "implementers": list(self.implementers),
            "norms": [n.code for n in self.norms],
            "themes": list(self.themes),
            "parent": self.parent.ref if self.parent else None,
            "version": self.version,
            "updated_at": self.updated_at.isoformat(),
            "updated_by": self.updated_by,
        }


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    version: int | None
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class ProjectFilter:
    """What to list. Empty tuples mean "any"; codes are those of portfolio.reference."""

    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    implementers: tuple[str, ...] = ()
    norms: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    active_from: date | None = None
    active_to: date | None = None
    text: str = ""
    include_archived: bool = False


@dataclass
class _Related:
    countries: list[CountryShareRecord] = field(default_factory=list)
    funding: list[FundingRecord] = field(default_factory=list)
    implementers: list[str] = field(default_factory=list)
    norms: list[NormRecord] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    components: list[ProjectLink] = field(default_factory=list)


# --- writing ---------------------------------------------------------------------------------


def create_project(session: Session, *, project: ProjectInput, actor: Actor) -> ProjectRecord:
    """Add a project, owned by the acting user. Raises ValidationFailed when its reference is taken
    or its parent unknown, PermissionDenied when their role may not create projects."""
    actor = authorise(session, actor, Permission.CREATE_PROJECT)
    _check_ref_free(session, ref=project.ref, own_id=None)
    _check_title_free(session, project=project)
    parent_id = _parent_id(session, parent_ref=project.parent_ref, own_id=None)
    (project_id,) = _insert_projects(session, [(project, parent_id)], actor=actor, batch_id=None, organisations={})
    return get_project(session, project_id=project_id)


def create_projects(
    session: Session, *, projects: Sequence[ProjectInput], actor: Actor, batch_id: int | None = None
) -> list[int]:
    """Add many projects at once (an import): one flush per programme level, not one per project.

    The caller has checked references, titles and parents (the importer plans every row first);
    the database's unique constraints still guard against a concurrent import.
    """
    actor = authorise(session, actor, Permission.CREATE_PROJECT)
    ids_by_ref = dict(_core(session, select(Project.ref, Project.id).where(Project.ref.is_not(None))))
    waiting = list(projects)
    created: list[int] = []
    organisations: dict[str, Organisation] = {}
    while waiting:
        ready = [p for p in waiting if p.parent_ref is None or p.parent_ref in ids_by_ref]
        if not ready:
            refs = ", ".join(sorted({p.parent_ref or "" for p in waiting}))
            raise ValidationFailed([FieldIssue("parent_ref", parent_unknown_message(refs))])
        batch = [(p, ids_by_ref[p.parent_ref] if p.parent_ref else None) for p in ready]
        new_ids = _insert_projects(session, batch, actor=actor, batch_id=batch_id, organisations=organisations)
        for project, new_id in zip(ready, new_ids, strict=True):
            if project.ref:
                ids_by_ref[project.ref] = new_id
        created.extend(new_ids)
        done = {id(p) for p in ready}
        waiting = [p for p in waiting if id(p) not in done]
    return created


def _insert_projects(
    session: Session,
    batch: Sequence[tuple[ProjectInput, int | None]],
    *,
    actor: Actor,
    batch_id: int | None,
    organisations: dict[str, Organisation],
) -> list[int]:
    """Insert new projects with bulk statements: one for the projects (ids come back in order),
    one per kind of link, one for their audit events."""
    now = _now()
    resolved = [_resolve_organisations(session, project, organisations) for project, _ in batch]
    who = actor.audit_name
    stamps = {"archived": False, "version": 1, "created_at": now, "created_by": who, "updated_at": now,
              "updated_by": who, "owner_id": actor.user_id}  # fmt: skip
    try:
        ids = list(
            session.scalars(
                insert(Project).returning(Project.id, sort_by_parameter_order=True),
                [_scalar_values(project, parent_id) | stamps for project, parent_id in batch],
            )
        )
        links = [
            (_links(project, orgs), project_id)
            for (project, _), orgs, project_id in zip(batch, resolved, ids, strict=True)
        ]
        for model, kind in _LINK_MODELS:
            rows = [row | {"project_id": project_id} for found, project_id in links for row in getattr(found, kind)]
            if rows:
                session.execute(insert(model), rows)
    except IntegrityError as exc:
        raise _concurrent_change() from exc
    session.execute(
        insert(AuditEvent),
        [
            {"project_id": project_id, "project_ref": project.ref, "action": "create", "at": now, "actor": who,
             "version": 1, "changes": _diff({}, _snapshot_of_input(project, parent_id, orgs)), "batch_id": batch_id}
            for (project, parent_id), orgs, project_id in zip(batch, resolved, ids, strict=True)
        ],
    )  # fmt: skip
    return ids


def _concurrent_change() -> ConcurrentChange:
    return ConcurrentChange(
        "Another user or import saved some of the same projects at the same moment; nothing was written. "
        "Run it again: the projects saved meanwhile will be recognised."
    )


def update_project(
    session: Session,
    *,
    project_id: int,
    expected_version: int,
    project: ProjectInput,
    actor: Actor,
    batch_id: int | None = None,
) -> ProjectRecord:
    """Save an edit made on version ``expected_version``. If someone changed the project since,
    raise VersionConflict and overwrite nothing. An edit that changes nothing writes nothing."""
    row = _locked_row(session, project_id=project_id, expected_version=expected_version, actor=actor)
    _check_ref_free(session, ref=project.ref, own_id=row.id)
    _check_title_free(session, project=project, own_id=row.id)
    parent_id = _parent_id(session, parent_ref=project.parent_ref, own_id=row.id)
    organisations = _resolve_organisations(session, project, {})
    changes = _diff(_snapshot(row), _snapshot_of_input(project, parent_id, organisations))
    if changes:
        now = _now()
        row.updated_at, row.updated_by = now, actor.audit_name
        _apply(session, row, project, parent_id, organisations)
        _flush(session, row, expected_version)
        _audit(session, row, action="update", actor=actor.audit_name, at=now, changes=changes, batch_id=batch_id)
    return get_project(session, project_id=row.id)


@dataclass(frozen=True)
class SavedProject:
    record: ProjectRecord
    created: bool
    warnings: tuple[FieldIssue, ...]


def save_project(
    session: Session,
    *,
    data: Mapping[str, Any],
    vocabulary: Vocabulary,
    actor: Actor,
    project_id: int | None = None,
    expected_version: int | None = None,
) -> SavedProject:
    """Validate what a person entered and create the project, or update it when ``project_id`` is
    given (with the version they saw). Raises ValidationFailed or VersionConflict, saving nothing."""
    project = validate_project(data, vocabulary=vocabulary)
    warnings = tuple(project_warnings(project, vocabulary=vocabulary))
    if project_id is None:
        return SavedProject(create_project(session, project=project, actor=actor), True, warnings)
    if expected_version is None:
        raise ValueError("updating a project needs the version the user saw")
    record = update_project(
        session, project_id=project_id, expected_version=expected_version, project=project, actor=actor
    )
    return SavedProject(record, False, warnings)


def archive_project(session: Session, *, project_id: int, expected_version: int, actor: Actor) -> ProjectRecord:
    """Take a project out of the active portfolio (it stays readable and can be restored)."""
    return _set_archived(session, project_id=project_id, expected_version=expected_version, actor=actor, archived=True)


def restore_project(session: Session, *, project_id: int, expected_version: int, actor: Actor) -> ProjectRecord:
    """Bring an archived project back into the active portfolio."""
    return _set_archived(session, project_id=project_id, expected_version=expected_version, actor=actor, archived=False)


def _set_archived(
    session: Session, *, project_id: int, expected_version: int, actor: Actor, archived: bool
) -> ProjectRecord:
    row = _locked_row(
        session, project_id=project_id, expected_version=expected_version, actor=actor,
        permission=Permission.ARCHIVE_PROJECT,
    )  # fmt: skip
    if row.archived == archived:
        return get_project(session, project_id=project_id)
    now = _now()
    row.archived, row.updated_at, row.updated_by = archived, now, actor.audit_name
    _flush(session, row, expected_version)
    action = "archive" if archived else "restore"
    _audit(session, row, action=action, actor=actor.audit_name, at=now, changes={"archived": [not archived, archived]})
    return get_project(session, project_id=project_id)


def _locked_row(
    session: Session, *, project_id: int, expected_version: int, actor: Actor, permission: Permission | None = None
) -> Project:
    """The project, locked for this transaction, once the actor is allowed to change it (to edit
    it, or what `permission` names) and has seen its current version."""
    row = session.scalars(select(Project).where(Project.id == project_id).with_for_update()).first()
    if row is None:
        raise NotFound(f"There is no project with id {project_id}.")
    if permission is None:
        authorise_edit(session, actor, ref=row.ref or row.title, owner_id=row.owner_id, contact=row.contact)
    else:
        authorise(session, actor, permission)
    if row.version != expected_version:
        raise VersionConflict(row.ref or row.title, expected_version, row.version, row.updated_by)
    return row


def _flush(session: Session, row: Project, seen_version: int) -> None:
    try:
        session.flush()
    except StaleDataError:
        # Another transaction changed the row between our read and our write.
        raise VersionConflict(row.ref or row.title, seen_version, seen_version + 1, None) from None


def _check_title_free(session: Session, *, project: ProjectInput, own_id: int | None = None) -> None:
    """Without a reference a project is known by its title, so two such projects cannot share one."""
    if project.ref is not None:
        return
    taken = select(Project.id).where(Project.ref.is_(None), Project.title_key == normalise_key(project.title))
    if own_id is not None:
        taken = taken.where(Project.id != own_id)
    if session.scalar(taken.limit(1)) is not None:
        raise ValidationFailed([FieldIssue("title", title_taken_message(project.title))])


def _check_ref_free(session: Session, *, ref: str | None, own_id: int | None) -> None:
    if ref is None:
        return
    taken = select(Project.id).where(Project.ref == ref)
    if own_id is not None:
        taken = taken.where(Project.id != own_id)
    if session.scalar(taken.limit(1)) is not None:
        raise ValidationFailed([FieldIssue("ref", ref_taken_message(ref))])


def _parent_id(session: Session, *, parent_ref: str | None, own_id: int | None) -> int | None:
    if parent_ref is None:
        return None
    parent_id = session.scalar(select(Project.id).where(Project.ref == parent_ref))
    if parent_id is None:
        raise ValidationFailed([FieldIssue("parent_ref", parent_unknown_message(parent_ref))])
    # Walk up from the parent: meeting this project would make a loop.
    cursor: int | None = parent_id
    while cursor is not None and own_id is not None:
        if cursor == own_id:
            raise ValidationFailed([FieldIssue("parent_ref", parent_cycle_message(parent_ref))])
        cursor = session.scalar(select(Project.parent_id).where(Project.id == cursor))
    return parent_id


@dataclass(frozen=True)
class _Organisations:
    funders: tuple[Organisation | None, ...]  # one per funding line
    implementers: tuple[Organisation, ...]


def _resolve_organisations(session: Session, project: ProjectInput, cache: dict[str, Organisation]) -> _Organisations:
    def resolve(name: str) -> Organisation:
        if name not in cache:
            cache[name] = resolve_organisation(session, name=name)
        return cache[name]

    funders = tuple(resolve(f.funder) if f.funder else None for f in project.funding)
    implementers: dict[int, Organisation] = {}
    for name in project.implementers:
        organisation = resolve(name)
        implementers.setdefault(organisation.id, organisation)
    return _Organisations(funders, tuple(implementers.values()))


@dataclass(frozen=True)
class _Links:
    """A project's link rows as column values (without project_id), in their stored order."""

    countries: list[dict[str, Any]]
    funding: list[dict[str, Any]]
    implementers: list[dict[str, Any]]
    norms: list[dict[str, Any]]
    pillars: list[dict[str, Any]]
    themes: list[dict[str, Any]]


_LINK_MODELS: tuple[tuple[type[Base], str], ...] = (
    (ProjectCountry, "countries"), (FundingLine, "funding"), (ProjectImplementer, "implementers"),
    (ProjectNorm, "norms"), (ProjectPillar, "pillars"), (ProjectTheme, "themes"),
)  # fmt: skip


def _scalar_values(project: ProjectInput, parent_id: int | None) -> dict[str, Any]:
    return {
        "ref": project.ref,
        "title": project.title,
        "title_key": normalise_key(project.title),
        "acronym": project.acronym,
        "description": project.description,
        "status": project.status,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "budget_eur": project.budget_eur,
        "website": project.website,
        "contact": project.contact,
        "source": project.source,
        "last_confirmed": project.last_confirmed,
        "parent_id": parent_id,
        "search_text": fold(
            " ".join(t for t in (project.ref, project.title, project.acronym, project.description) if t)
        ),
    }


def _links(project: ProjectInput, orgs: _Organisations) -> _Links:
    return _Links(
        countries=[
            {"country_code": c.country, "share_pct": c.share_pct, "position": i}
            for i, c in enumerate(project.countries)
        ],
        funding=[
            {
                "instrument_code": f.instrument,
                "funder_id": o.id if o else None,
                "amount_eur": f.amount_eur,
                "position": i,
            }
            for i, (f, o) in enumerate(zip(project.funding, orgs.funders, strict=True))
        ],
        implementers=[{"organisation_id": o.id, "position": i} for i, o in enumerate(orgs.implementers)],
        norms=[{"norm_code": n.norm, "is_primary": n.primary} for n in project.norms],
        pillars=[{"pillar_code": c} for c in project.pillars],
        themes=[{"theme_code": c} for c in project.themes],
    )


def _apply(session: Session, row: Project, project: ProjectInput, parent_id: int | None, orgs: _Organisations) -> None:
    """Bring a stored row in line with the input. Scalars first, so the project row is updated (and
    its version raised) once; link lists are replaced only where they differ."""
    for name, value in _scalar_values(project, parent_id).items():
        setattr(row, name, value)
    wanted = _links(project, orgs)
    for model, kind in _LINK_MODELS:
        current: list[Any] = getattr(row, kind)
        stored = [{column: getattr(link, column) for column in _LINK_COLUMNS[kind]} for link in current]
        if _same_links(kind, stored, getattr(wanted, kind)):
            continue
        _clear(session, current)
        setattr(row, kind, [model(**values) for values in getattr(wanted, kind)])


_LINK_COLUMNS = {
    "countries": ("country_code", "share_pct", "position"),
    "funding": ("instrument_code", "funder_id", "amount_eur", "position"),
    "implementers": ("organisation_id", "position"),
    "norms": ("norm_code", "is_primary"),
    "pillars": ("pillar_code",),
    "themes": ("theme_code",),
}


def _same_links(kind: str, stored: list[dict[str, Any]], wanted: list[dict[str, Any]]) -> bool:
    if kind in ("pillars", "themes", "norms"):  # sets, not lists
        return sorted(map(sorted_items, stored)) == sorted(map(sorted_items, wanted))
    return stored == wanted


def sorted_items(values: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((k, str(v)) for k, v in values.items())


def _clear(session: Session, links: list[Any]) -> None:
    """Delete the old link rows before new ones go in: their keys may be the same."""
    if links:
        links.clear()
        session.flush()


def _audit(
    session: Session,
    row: Project,
    *,
    action: str,
    actor: str,
    at: datetime,
    changes: dict[str, Any],
    batch_id: int | None = None,
) -> None:
    record_event(
        session, subject="project", action=action, actor_name=actor, changes=changes, project_id=row.id,
        project_ref=row.ref, version=row.version, batch_id=batch_id, at=at,
    )  # fmt: skip


def _snapshot(row: Project) -> dict[str, Any]:
    """The stored project's fields as JSON-safe values, for the audit trail's old -> new."""
    return _snapshot_values(
        scalars=row,
        countries=[(c.country_code, c.share_pct) for c in row.countries],
        funding=[(f.instrument_code, f.funder.name if f.funder else None, f.amount_eur) for f in row.funding],
        implementers=[i.organisation.name for i in row.implementers],
        norms=[(n.norm_code, n.is_primary) for n in row.norms],
        pillars=[p.pillar_code for p in row.pillars],
        themes=[t.theme_code for t in row.themes],
        parent_id=row.parent_id,
    )


def _snapshot_of_input(project: ProjectInput, parent_id: int | None, orgs: _Organisations) -> dict[str, Any]:
    """The same snapshot for the input, as it will be stored (organisations by their registered name)."""
    return _snapshot_values(
        scalars=project,
        countries=[(c.country, c.share_pct) for c in project.countries],
        funding=[
            (f.instrument, o.name if o else None, f.amount_eur)
            for f, o in zip(project.funding, orgs.funders, strict=True)
        ],
        implementers=[o.name for o in orgs.implementers],
        norms=[(n.norm, n.primary) for n in project.norms],
        pillars=list(project.pillars),
        themes=list(project.themes),
        parent_id=parent_id,
    )


def changes_between(
    record: ProjectRecord,
    project: ProjectInput,
    *,
    parent_id: int | None,
    funder_names: Sequence[str | None],
    implementer_names: Sequence[str],
) -> dict[str, Any]:
    """The fields (old -> new) that saving ``project`` over ``record`` would change, with the
    organisations named as they are (or would be) registered. Empty when nothing would change."""
    before = _snapshot_values(
        scalars=record,
        countries=[(c.code, c.share_pct) for c in record.countries],
        funding=[(f.instrument, f.funder, f.amount_eur) for f in record.funding],
        implementers=list(record.implementers),
        norms=[(n.code, n.primary) for n in record.norms],
        pillars=list(record.pillars),
        themes=list(record.themes),
        parent_id=record.parent.id if record.parent else None,
    )
    after = _snapshot_values(
        scalars=project,
        countries=[(c.country, c.share_pct) for c in project.countries],
        funding=[(f.instrument, name, f.amount_eur) for f, name in zip(project.funding, funder_names, strict=True)],
        implementers=list(dict.fromkeys(implementer_names)),
        norms=[(n.norm, n.primary) for n in project.norms],
        pillars=list(project.pillars),
        themes=list(project.themes),
        parent_id=parent_id,
    )
    return _diff(before, after)


def draft_record(
    project: ProjectInput, *, draft_id: int, vocabulary: Vocabulary, session: Session | None = None
) -> ProjectRecord:
    """A project not yet saved, shaped as a record so it can be compared with stored ones before it
    is saved. With a session, organisations carry the names they are registered under."""
    if session is not None:
        project = project.model_copy(
            update={
                "implementers": tuple(dict.fromkeys(registered_name(session, name=n) for n in project.implementers)),
                "funding": tuple(
                    f.model_copy(update={"funder": registered_name(session, name=f.funder) if f.funder else None})
                    for f in project.funding
                ),
            }
        )
    now = _now()
    return ProjectRecord(
        id=draft_id, ref=project.ref, title=project.title, acronym=project.acronym, description=project.description,
        status=project.status, start_date=project.start_date, end_date=project.end_date, budget_eur=project.budget_eur,
        countries=tuple(CountryShareRecord(c.country, c.share_pct) for c in project.countries),
        regions=tuple(vocabulary.regions_of(c.country for c in project.countries)),
        funding=tuple(FundingRecord(f.instrument, f.funder, f.amount_eur) for f in project.funding),
        implementers=project.implementers, norms=tuple(NormRecord(n.norm, n.primary) for n in project.norms),
        pillars=project.pillars, themes=project.themes, website=project.website, contact=project.contact,
        source=project.source, last_confirmed=project.last_confirmed, parent=None, components=(), archived=False,
        version=0, created_at=now, created_by="", updated_at=now, updated_by="",
    )  # fmt: skip


def record_input(record: ProjectRecord) -> dict[str, Any]:
    """A stored project as raw input for validate_project (to edit it, or merge a sheet row into it)."""
    return {
        "ref": record.ref,
        "title": record.title,
        "acronym": record.acronym,
        "description": record.description,
        "status": record.status,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "budget_eur": record.budget_eur,
        "countries": [{"country": c.code, "share_pct": c.share_pct} for c in record.countries],
        "funding": [
            {"instrument": f.instrument, "funder": f.funder, "amount_eur": f.amount_eur} for f in record.funding
        ],
        "implementers": list(record.implementers),
        "norms": [{"norm": n.code, "primary": n.primary} for n in record.norms],
        "pillars": list(record.pillars),
        "themes": list(record.themes),
        "website": record.website,
        "contact": record.contact,
        "source": record.source,
        "last_confirmed": record.last_confirmed,
        "parent_ref": record.parent.ref if record.parent else None,
    }


def _snapshot_values(
    *,
    scalars: Project | ProjectInput | ProjectRecord,
    countries: list[tuple[str, Decimal | None]],
    funding: list[tuple[str, str | None, Decimal | None]],
    implementers: list[str],
    norms: list[tuple[str, bool]],
    pillars: list[str],
    themes: list[str],
    parent_id: int | None,
) -> dict[str, Any]:
    return {
        "ref": scalars.ref,
        "title": scalars.title,
        "acronym": scalars.acronym,
        "description": scalars.description,
        "status": scalars.status,
        "start_date": _iso(scalars.start_date),
        "end_date": _iso(scalars.end_date),
        "budget_eur": _money(scalars.budget_eur),
        "countries": [f"{code} {_money(share)}%" if share is not None else code for code, share in countries],
        "funding": [f"{i} | {funder or '-'} | {_money(amount) or '-'}" for i, funder, amount in funding],
        "implementers": implementers,
        "norms": [f"{code} ({'primary' if primary else 'secondary'})" for code, primary in norms],
        "pillars": sorted(pillars),
        "themes": sorted(themes),
        "website": scalars.website,
        "contact": scalars.contact,
        "source": scalars.source,
        "last_confirmed": _iso(scalars.last_confirmed),
        "parent_id": parent_id,
    }


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    empty: tuple[object, ...] = (None, [], "")
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and not (before.get(name) in empty and value in empty)
    }


# --- reading ---------------------------------------------------------------------------------


def get_project(session: Session, *, project_id: int) -> ProjectRecord:
    records = _load(session, select(Project).where(Project.id == project_id))
    if not records:
        raise NotFound(f"There is no project with id {project_id}.")
    return records[0]


def get_projects(session: Session, *, project_ids: Sequence[int]) -> list[ProjectRecord]:
    """These projects (archived ones too), in batches so a long list of ids stays within limits."""
    records: list[ProjectRecord] = []
    for start in range(0, len(project_ids), 5000):
        chunk = list(project_ids[start : start + 5000])
        records += _load(session, select(Project).where(Project.id.in_(chunk)))
    return records


def find_project(session: Session, *, ref: str) -> ProjectRecord:
    """The project with this reference (exact, else ignoring case)."""
    wanted = ref.strip()
    records = _load(session, select(Project).where(Project.ref == wanted))
    if not records:
        records = _load(session, select(Project).where(func.lower(Project.ref) == wanted.lower()))
    if not records:  # an old reference of a project merged into another
        survivor = select(ProjectAlias.project_id).where(func.lower(ProjectAlias.alias) == wanted.lower())
        records = _load(session, select(Project).where(Project.id.in_(survivor)))
    if not records:
        raise NotFound(f"There is no project with reference '{wanted}'.")
    return records[0]


def list_projects(session: Session, *, filters: ProjectFilter = ProjectFilter()) -> list[ProjectRecord]:
    """Projects matching the filters, by title. A fixed number of queries, however many match."""
    query = select(Project).where(*_conditions(filters)).order_by(Project.title_key, Project.id)
    return _load(session, query)


def project_history(session: Session, *, project_id: int) -> list[AuditEntry]:
    """Every change to the project, newest first."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.project_id == project_id, AuditEvent.subject == "project")
        .order_by(AuditEvent.id.desc())
    ).all()
    return [
        AuditEntry(
            at=_aware(e.at),
            actor=e.actor,
            action=e.action,
            version=e.version,
            changes=tuple(FieldChange(name, old, new) for name, (old, new) in e.changes.items()),
        )
        for e in events
    ]


def _conditions(f: ProjectFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if not f.include_archived:
        conditions.append(Project.archived == false())
    if f.statuses:
        conditions.append(Project.status.in_(f.statuses))
    if f.regions:
        in_region = select(ProjectCountry.project_id).join(Country).where(Country.region_code.in_(f.regions))
        conditions.append(Project.id.in_(in_region))
    if f.countries:
        conditions.append(
            Project.id.in_(select(ProjectCountry.project_id).where(ProjectCountry.country_code.in_(f.countries)))
        )
    if f.instruments:
        conditions.append(
            Project.id.in_(select(FundingLine.project_id).where(FundingLine.instrument_code.in_(f.instruments)))
        )
    if f.funders:
        funded = select(FundingLine.project_id).where(FundingLine.funder_id.in_(_organisations_named(f.funders)))
        conditions.append(Project.id.in_(funded))
    if f.implementers:
        implemented = select(ProjectImplementer.project_id).where(
            ProjectImplementer.organisation_id.in_(_organisations_named(f.implementers))
        )
        conditions.append(Project.id.in_(implemented))
    if f.norms:
        conditions.append(Project.id.in_(select(ProjectNorm.project_id).where(ProjectNorm.norm_code.in_(f.norms))))
    if f.themes:
        conditions.append(Project.id.in_(select(ProjectTheme.project_id).where(ProjectTheme.theme_code.in_(f.themes))))
    if f.active_to is not None:
        conditions.append(or_(Project.start_date.is_(None), Project.start_date <= f.active_to))
    if f.active_from is not None:
        conditions.append(or_(Project.end_date.is_(None), Project.end_date >= f.active_from))
    if f.text.strip():
        conditions.append(Project.search_text.contains(fold(f.text.strip()), autoescape=True))
    return conditions


def _organisations_named(names: Iterable[str]) -> Select[int]:
    """Organisations whose name contains, or whose alias is, one of these names."""
    keys = [normalise_key(n) for n in names if normalise_key(n)]
    by_alias = select(OrganisationAlias.organisation_id).where(OrganisationAlias.alias_key.in_(keys))
    by_name = or_(*(Organisation.name_key.contains(k, autoescape=True) for k in keys)) if keys else false()
    return select(Organisation.id).where(or_(by_name, Organisation.id.in_(by_alias)))


def _load(session: Session, query: Select[Project]) -> list[ProjectRecord]:
    """Turn project rows into records with everything attached, in seven queries."""
    # Plain rows, not ORM objects: a listing of thousands of projects is read-only.
    rows = _core(session, query.with_only_columns(*_RECORD_COLUMNS))
    if not rows:
        return []
    wanted = query.with_only_columns(Project.id).order_by(None).scalar_subquery()
    related: dict[int, _Related] = defaultdict(_Related)

    for pid, code, share in _core(
        session,
        select(ProjectCountry.project_id, ProjectCountry.country_code, ProjectCountry.share_pct)
        .where(ProjectCountry.project_id.in_(wanted))
        .order_by(ProjectCountry.project_id, ProjectCountry.position),
    ):
        related[pid].countries.append(CountryShareRecord(code, share))
    for pid, instrument, funder, amount in _core(
        session,
        select(FundingLine.project_id, FundingLine.instrument_code, Organisation.name, FundingLine.amount_eur)
        .outerjoin(Organisation, FundingLine.funder_id == Organisation.id)
        .where(FundingLine.project_id.in_(wanted))
        .order_by(FundingLine.project_id, FundingLine.position),
    ):
        related[pid].funding.append(FundingRecord(instrument, funder, amount))
    for pid, name in _core(
        session,
        select(ProjectImplementer.project_id, Organisation.name)
        .join(Organisation, ProjectImplementer.organisation_id == Organisation.id)
        .where(ProjectImplementer.project_id.in_(wanted))
        .order_by(ProjectImplementer.project_id, ProjectImplementer.position),
    ):
        related[pid].implementers.append(name)
    for pid, code, primary in _core(
        session,
        select(ProjectNorm.project_id, ProjectNorm.norm_code, ProjectNorm.is_primary)
        .where(ProjectNorm.project_id.in_(wanted))
        .order_by(ProjectNorm.project_id, ProjectNorm.norm_code),
    ):
        related[pid].norms.append(NormRecord(code, primary))
    for pid, code in _core(
        session,
        select(ProjectPillar.project_id, ProjectPillar.pillar_code)
        .where(ProjectPillar.project_id.in_(wanted))
        .order_by(ProjectPillar.project_id, ProjectPillar.pillar_code),
    ):
        related[pid].pillars.append(code)
    for pid, code in _core(
        session,
        select(ProjectTheme.project_id, ProjectTheme.theme_code)
        .where(ProjectTheme.project_id.in_(wanted))
        .order_by(ProjectTheme.project_id, ProjectTheme.theme_code),
    ):
        related[pid].themes.append(code)
    component = aliased(Project)
    for parent_id, cid, cref, ctitle in _core(
        session,
        select(component.parent_id, component.id, component.ref, component.title)
        .where(component.parent_id.in_(wanted), component.archived == false())
        .order_by(component.parent_id, component.title_key),
    ):
        if parent_id is not None:
            related[parent_id].components.append(ProjectLink(cid, cref, ctitle))
    parents = _parent_links(session, {r.parent_id for r in rows if r.parent_id is not None})
    region_of: dict[str, str | None] = {
        code: region
        for code, region in _core(
            session, select(Country.code, Country.region_code).where(Country.region_code.is_not(None))
        )
    }
    region_order = {"WB": 0, "EN": 1, "SN": 2}
    return [
        _record(r, related[r.id], parents.get(r.parent_id) if r.parent_id else None, region_of, region_order)
        for r in rows
    ]


def _parent_links(session: Session, parent_ids: set[int]) -> dict[int, ProjectLink]:
    if not parent_ids:
        return {}
    found = session.execute(select(Project.id, Project.ref, Project.title).where(Project.id.in_(parent_ids))).all()
    return {pid: ProjectLink(pid, ref, title) for pid, ref, title in found}


def _core(session: Session, statement: Executable) -> Sequence[Any]:
    """Run a read of plain columns on the session's connection, skipping ORM result handling."""
    return session.connection().execute(statement).all()


_RECORD_COLUMNS = (
    Project.id,
    Project.ref,
    Project.title,
    Project.acronym,
    Project.description,
    Project.status,
    Project.start_date,
    Project.end_date,
    Project.budget_eur,
    Project.website,
    Project.contact,
    Project.source,
    Project.last_confirmed,
    Project.parent_id,
    Project.archived,
    Project.version,
    Project.created_at,
    Project.created_by,
    Project.updated_at,
    Project.updated_by,
    Project.owner_id,
)


def _record(
    row: Any,  # a result row of _RECORD_COLUMNS
    related: _Related,
    parent: ProjectLink | None,
    region_of: Mapping[str, str | None],
    region_order: dict[str, int],
) -> ProjectRecord:
    present = {region_of.get(c.code) for c in related.countries}
    regions = sorted((r for r in present if r is not None), key=lambda r: region_order.get(r, 99))
    return ProjectRecord(
        id=row.id,
        ref=row.ref,
        title=row.title,
        acronym=row.acronym,
        description=row.description,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        budget_eur=row.budget_eur,
        countries=tuple(related.countries),
        regions=tuple(regions),
        funding=tuple(related.funding),
        implementers=tuple(related.implementers),
        norms=tuple(related.norms),
        pillars=tuple(related.pillars),
        themes=tuple(related.themes),
        website=row.website,
        contact=row.contact,
        source=row.source,
        last_confirmed=row.last_confirmed,
        parent=parent,
        components=tuple(related.components),
        archived=row.archived,
        version=row.version,
        created_at=_aware(row.created_at),
        created_by=row.created_by,
        updated_at=_aware(row.updated_at),
        updated_by=row.updated_by,
        owner_id=row.owner_id,
    )


# --- small helpers ---------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


__all__ = [
    "AuditEntry",
    "CountryShareRecord",
    "FieldChange",
    "FundingRecord",
    "NormRecord",
    "ProjectFilter",
    "ProjectLink",
    "ProjectRecord",
    "archive_project",
    "changes_between",
    "create_project",
    "create_projects",
    "draft_record",
    "find_project",
    "get_project",
    "get_projects",
    "list_projects",
    "project_history",
    "record_input",
    "restore_project",
    "save_project",
    "update_project",
]
