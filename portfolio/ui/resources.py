"""The engine, session factory and reference data, created once per app process, and the
cached reads that pages use. Caches key on the database's data version, so a save made in any
browser, or by another app instance sharing the database, shows on the next rerun."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from portfolio import db
from portfolio.coverage import Coverage, portfolio_coverage
from portfolio.duplicates import Candidate
from portfolio.errors import DatabaseUnavailable
from portfolio.exporter import export_portfolio, template_workbook
from portfolio.organisations import list_organisations
from portfolio.permissions import Actor
from portfolio.projects import (
    AuditEntry,
    ProjectFilter,
    ProjectRecord,
    get_project,
    get_projects,
    list_projects,
    project_history,
)
from portfolio.reference import Vocabulary, load_vocabulary
from portfolio.settings import load_settings
from portfolio.verdicts import open_candidates, verdict_count


@st.cache_resource(show_spinner=False)
def _sessions_for(database_url: str) -> sessionmaker[Session]:
    return db.make_sessionmaker(db.make_engine(load_settings({"PORTFOLIO_DATABASE_URL": database_url})))


def sessions() -> sessionmaker[Session]:
    return _sessions_for(load_settings().database_url)


@st.cache_resource(show_spinner=False)
def _readers_for(database_url: str) -> sessionmaker[Session]:
    return db.make_sessionmaker(db.make_engine(load_settings({"PORTFOLIO_DATABASE_URL": database_url})), read_only=True)


@contextmanager
def reading() -> Iterator[Session]:
    """A transaction that only reads: it never waits for (or blocks) someone else's write."""
    try:
        with _readers_for(load_settings().database_url)() as session, session.begin():
            yield session
    except (OperationalError, ProgrammingError) as exc:
        raise DatabaseUnavailable(db.describe_database_problem(exc)) from exc


@contextmanager
def transaction() -> Iterator[Session]:
    """One user action, one transaction: ``with transaction() as session: service(session, ...)``."""
    try:
        with sessions()() as session, session.begin():
            yield session
    except (OperationalError, ProgrammingError) as exc:
        raise DatabaseUnavailable(db.describe_database_problem(exc)) from exc


def data_version() -> int:
    with reading() as session:
        return db.data_version(session)


@st.cache_resource(show_spinner=False)
def _vocabulary_for(database_url: str) -> Vocabulary:
    with reading() as session:
        return load_vocabulary(session)


def vocabulary() -> Vocabulary:
    return _vocabulary_for(load_settings().database_url)


@st.cache_data(show_spinner=False, max_entries=64)
def cached_projects(filters: ProjectFilter, version: int, database_url: str) -> list[ProjectRecord]:
    with reading() as session:
        return list_projects(session, filters=filters)


def projects(filters: ProjectFilter) -> list[ProjectRecord]:
    return cached_projects(filters, data_version(), load_settings().database_url)


def project(project_id: int) -> ProjectRecord:
    with reading() as session:
        return get_project(session, project_id=project_id)


def history(project_id: int) -> list[AuditEntry]:
    with reading() as session:
        return project_history(session, project_id=project_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _organisation_names(version: int, database_url: str) -> list[str]:
    with reading() as session:
        return [o.name for o in list_organisations(session)]


def template_bytes() -> bytes:
    return template_workbook(vocabulary())


def export_bytes(filters: ProjectFilter, actor: Actor) -> bytes:
    with reading() as session:
        workbook, _count = export_portfolio(session, actor=actor, vocabulary=vocabulary(), filters=filters)
    return workbook


def organisation_names() -> list[str]:
    return _organisation_names(data_version(), load_settings().database_url)


@st.cache_data(show_spinner=False, max_entries=32)
def _coverage(
    filters: ProjectFilter, include_cancelled: bool, group_instruments: bool, version: int, database_url: str
) -> Coverage:
    with reading() as session:
        return portfolio_coverage(
            session,
            filters=filters,
            vocabulary=vocabulary(),
            include_cancelled=include_cancelled,
            group_instruments=group_instruments,
        )


def coverage(filters: ProjectFilter, *, include_cancelled: bool, group_instruments: bool) -> Coverage:
    return _coverage(filters, include_cancelled, group_instruments, data_version(), load_settings().database_url)


@st.cache_data(show_spinner=False, max_entries=16)
def _candidates(
    kind: str | None, min_score: int | None, within: ProjectFilter | None, version: int, database_url: str
) -> list[Candidate]:
    with reading() as session:
        # Programme phases show too, as related, whatever the lowest score chosen.
        return open_candidates(
            session, vocabulary=vocabulary(), kind=kind, min_score=min_score, include_related=True, within=within
        )


def candidates(kind: str | None, min_score: int | None, within: ProjectFilter | None = None) -> list[Candidate]:
    return _candidates(kind, min_score, within, data_version_with_verdicts(), load_settings().database_url)


def data_version_with_verdicts() -> int:
    """Verdicts change what is open without changing a project: count them in the cache key."""
    with reading() as session:
        return db.data_version(session) * 1_000_003 + verdict_count(session)


def project_records(project_ids: list[int]) -> list[ProjectRecord]:
    with reading() as session:
        return get_projects(session, project_ids=project_ids)
