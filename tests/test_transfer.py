"""dump / load: a complete copy of the portfolio that any backend loads back the same
(portfolio/transfer.py). Every direction between SQLite and PostgreSQL is tried."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.accounts import sign_in
from portfolio.demo import load_demo
from portfolio.importer import import_workbook
from portfolio.permissions import Role
from portfolio.projects import ProjectFilter, create_project, find_project, list_projects
from portfolio.reference import load_vocabulary
from portfolio.settings import Settings
from portfolio.transfer import UnusableDump, dump_portfolio, load_portfolio
from portfolio.verdicts import merge_projects, record_verdict
from tests.accounts import PASSWORD, create_accounts
from tests.databases import BACKENDS, committed, empty_database, postgres_problem
from tests.factories import admin, valid_project
from tests.workbooks import workbook_bytes

EVERYTHING = ProjectFilter(include_archived=True)


def _needs(backend: str) -> None:
    if backend == "postgresql" and (problem := postgres_problem()):
        pytest.skip(f"{problem}: PostgreSQL runs skipped")


def _populate(session: Session) -> None:
    """A portfolio with every kind of record: projects with programmes and components, accounts,
    an import batch, a merge (aliases, an archived record), a verdict and their audit events."""
    vocabulary = load_vocabulary(session)
    load_demo(session, vocabulary=vocabulary, actor=admin("demo loader"))
    actors = create_accounts(session)
    sheet = workbook_bytes([["Ref.", "Title", "Beneficiary countries", "Total budget"],
                            ["IMP-1", "Imported project for the copy", "Serbia; Kosovo", "1 250 000,50"]])  # fmt: skip
    import_workbook(session, file=io.BytesIO(sheet), file_name="sheet.xlsx", vocabulary=vocabulary,
                    actor=actors[Role.DATA_STEWARD])  # fmt: skip
    survivor, other = find_project(session, ref="CYBERSOUTH"), list_projects(session, filters=ProjectFilter(
        text="Cyber South - Cooperation"))[0]  # fmt: skip
    merge_projects(session, survivor_id=survivor.id, other_id=other.id, choices={},
                   expected_versions={survivor.id: survivor.version, other.id: other.version},
                   vocabulary=vocabulary, actor=actors[Role.DATA_STEWARD])  # fmt: skip
    a, b = find_project(session, ref="ESIWA"), find_project(session, ref="ESIWA+")
    record_verdict(session, a_id=a.id, b_id=b.id, verdict="not-same", note="two phases",
                   actor=actors[Role.BOARD_MEMBER])  # fmt: skip
    create_project(session, project=valid_project(vocabulary, title="Owned by Maria"),
                   actor=actors[Role.PROGRAMME_MANAGER])  # fmt: skip


def _portfolio(session: Session) -> list[dict[str, Any]]:
    return [r.as_json() | {"archived": r.archived, "owner": r.owner_id} for r in list_projects(session,
            filters=EVERYTHING)]  # fmt: skip


@pytest.fixture(scope="module", params=BACKENDS)
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A populated database on one backend, and its dump."""
    _needs(request.param)
    with empty_database(request.param, tmp_path_factory.mktemp("source")) as url:
        migrate.upgrade(Settings(database_url=url))
        with committed(url) as session:
            _populate(session)
        with committed(url) as session:
            dump = dump_portfolio(session, actor=admin())
            portfolio = _portfolio(session)
        yield url, (dump, portfolio)


@pytest.mark.parametrize("target", BACKENDS)
def test_a_dump_loads_into_an_empty_database_as_the_same_portfolio(
    source: tuple[str, Any], target: str, tmp_path: Path
) -> None:
    _needs(target)
    _url, (dump, portfolio) = source
    dump = json.loads(json.dumps(dump))  # as it comes back from the file
    with empty_database(target, tmp_path) as url:
        migrate.upgrade(Settings(database_url=url))
        with committed(url) as session:
            loaded = load_portfolio(session, dump=dump, actor=admin())
        assert loaded["project"] == len(portfolio)
        assert loaded["audit_event"] > len(portfolio)
        with committed(url) as session:
            assert _portfolio(session) == portfolio
            again = dump_portfolio(session, actor=admin())
            assert again["tables"] == dump["tables"]  # every row of every table, ids included
            assert sign_in(session, name="maria", password=PASSWORD).actor is not None  # accounts work
            assert find_project(session, ref="CYBERSOUTH").id == find_project(session, ref="CYBERSOUTH").id
        with committed(url) as session:  # new records continue after the loaded ids
            created = create_project(session, project=valid_project(load_vocabulary(session)), actor=admin())
            assert created.id > max(p["id"] for p in _rows(dump, "project"))


def _rows(dump: dict[str, Any], table: str) -> list[dict[str, Any]]:
    content = dump["tables"][table]
    return [dict(zip(content["columns"], row, strict=True)) for row in content["rows"]]


def test_a_dump_never_loads_over_existing_data_or_from_another_schema(source: tuple[str, Any], tmp_path: Path) -> None:
    url, (dump, _portfolio_rows) = source
    with committed(url) as session, pytest.raises(UnusableDump, match="only into an empty database"):
        load_portfolio(session, dump=dump, actor=admin())
    with empty_database("sqlite", tmp_path) as empty:
        migrate.upgrade(Settings(database_url=empty))
        with committed(empty) as session:
            with pytest.raises(UnusableDump, match="schema revision 0001"):
                load_portfolio(session, dump=dump | {"schema_revision": "0001"}, actor=admin())
            with pytest.raises(UnusableDump, match="not a portfolio dump"):
                load_portfolio(session, dump={"projects": []}, actor=admin())
            broken = json.loads(json.dumps(dump))
            broken["tables"]["project"]["rows"][0][0] = "not an id"
            with pytest.raises(UnusableDump, match="project"):
                load_portfolio(session, dump=broken, actor=admin())
