"""A complete, backend-independent copy of the portfolio as one JSON document: `dump_portfolio`
writes it, `load_portfolio` puts it into an empty database (SQLite or PostgreSQL) at the same
schema revision. It is the backup format and the way from the embedded SQLite file to a shared
PostgreSQL server.

Every table the application writes is in it (projects and their links, organisations, aliases,
import batches, verdicts, user accounts with their password hashes, and the audit trail), with
its ids, so references between records survive. The reference data (countries, instruments,
norms...) is seeded by the migrations; the dump carries a fingerprint of it, and loading refuses a
database whose reference data differs. Nobody is signed in through a dump: the app keeps sessions
in the browser, never in the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, Table, func, select, text, update
from sqlalchemy.orm import Session

from portfolio.access import authorise
from portfolio.errors import PortfolioError
from portfolio.models import Base
from portfolio.permissions import Actor, Permission

FORMAT = "ccb-portfolio-dump"
FORMAT_VERSION = 1
REFERENCE_TABLES = frozenset(
    {"region", "region_alias", "country", "country_alias", "instrument", "instrument_alias", "instrument_scope",
     "norm", "pillar", "theme"}
)  # fmt: skip
# Columns that point at a row of their own table: loaded in a second pass, once every row exists.
_SELF_REFERENCES = {"project": "parent_id"}


class UnusableDump(PortfolioError):
    """The dump cannot be loaded here; nothing was written."""


def data_tables() -> list[Table]:
    """The tables a dump holds, parents before children."""
    return [t for t in Base.metadata.sorted_tables if t.name not in REFERENCE_TABLES]


def dump_portfolio(session: Session, *, actor: Actor) -> dict[str, Any]:
    """Everything the application wrote, as JSON-ready data. Administrators only: it holds the
    accounts' password hashes."""
    actor = authorise(session, actor, Permission.TRANSFER)
    tables: dict[str, Any] = {}
    for table in data_tables():
        columns = [c.name for c in table.columns]
        rows = session.execute(select(*table.columns).order_by(*table.primary_key.columns))
        tables[table.name] = {
            "columns": columns,
            "rows": [[_to_json(table, name, value) for name, value in zip(columns, row, strict=True)] for row in rows],
        }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": schema_revision(session),
        "reference_data": reference_fingerprint(session),
        "written_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "written_by": actor.audit_name,
        "tables": tables,
    }


def dump_counts(dump: Mapping[str, Any]) -> dict[str, int]:
    return {name: len(table["rows"]) for name, table in dump["tables"].items()}


def load_portfolio(session: Session, *, dump: Mapping[str, Any], actor: Actor) -> dict[str, int]:
    """Put a dump into this (empty, migrated) database, inside the caller's transaction: all of it
    or, on any problem, nothing. Returns the rows loaded per table."""
    authorise(session, actor, Permission.TRANSFER)
    tables = _checked(session, dump)
    loaded: dict[str, int] = {}
    for table in data_tables():
        content = tables[table.name]
        rows = [_row_from_json(table, content["columns"], values) for values in content["rows"]]
        deferred = _SELF_REFERENCES.get(table.name)
        later = [(row["id"], row[deferred]) for row in rows if deferred and row[deferred] is not None]
        if deferred:
            rows = [row | {deferred: None} for row in rows]
        if rows:
            session.execute(table.insert(), rows)
        for row_id, target in later:
            session.execute(update(table).where(table.c.id == row_id).values({deferred: target}))
        loaded[table.name] = len(rows)
    if session.get_bind().dialect.name == "postgresql":
        _advance_sequences(session)
    return loaded


def _checked(session: Session, dump: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(dump, Mapping) or dump.get("format") != FORMAT:
        raise UnusableDump("This file is not a portfolio dump (written by `python -m portfolio dump`).")
    if dump.get("format_version") != FORMAT_VERSION:
        raise UnusableDump(f"This dump has format version {dump.get('format_version')}; this program reads 1.")
    here = schema_revision(session)
    if dump.get("schema_revision") != here:
        raise UnusableDump(
            f"The dump was written at schema revision {dump.get('schema_revision')} and this database is at {here}. "
            "Upgrade both to the same revision (`python -m portfolio db upgrade`), then dump and load again."
        )
    if dump.get("reference_data") != reference_fingerprint(session):
        raise UnusableDump("The dump's reference data (countries, instruments, norms...) differs from this database's.")
    tables = dump.get("tables")
    expected = {t.name: [c.name for c in t.columns] for t in data_tables()}
    if not isinstance(tables, Mapping) or set(tables) != set(expected):
        raise UnusableDump("The dump does not hold the tables this schema revision has.")
    for name, columns in expected.items():
        content = tables[name]
        if sorted(content.get("columns", [])) != sorted(columns) or not isinstance(content.get("rows"), list):
            raise UnusableDump(f"The dump's table {name} does not have this schema's columns.")
    occupied = [t.name for t in data_tables() if session.scalar(select(func.count()).select_from(t))]
    if occupied:
        raise UnusableDump(
            "A dump loads only into an empty database, and this one already holds data "
            f"({', '.join(occupied)}). Create a new database, run `db upgrade`, and load into that."
        )
    return dict(tables)


def schema_revision(session: Session) -> str | None:
    return session.scalar(text("SELECT version_num FROM alembic_version"))


def reference_fingerprint(session: Session) -> str:
    """A hash of the reference data, so a dump is only loaded where codes mean the same."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        if table.name in REFERENCE_TABLES:
            rows = session.execute(select(*table.columns).order_by(*table.primary_key.columns))
            digest.update(json.dumps([table.name, [list(map(str, row)) for row in rows]]).encode())
    return digest.hexdigest()


def _to_json(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = table.c[name].type
    if isinstance(kind, DateTime):
        moment: datetime = value
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(kind, Date):
        return value.isoformat()
    if isinstance(kind, Numeric) and not isinstance(kind, Integer):
        return f"{Decimal(value):f}"
    return value


def _row_from_json(table: Table, columns: list[str], values: list[Any]) -> dict[str, Any]:
    if len(values) != len(columns):
        raise UnusableDump(f"A row of table {table.name} has {len(values)} values for {len(columns)} columns.")
    row = {}
    for name, value in zip(columns, values, strict=True):
        try:
            row[name] = _from_json(table, name, value)
        except (TypeError, ValueError, InvalidOperation):
            raise UnusableDump(f"Table {table.name}, column {name}: {value!r} is not a valid value.") from None
    return row


def _from_json(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    kind = table.c[name].type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Numeric) and not isinstance(kind, Integer):
        return Decimal(value)
    if isinstance(kind, Boolean | Integer) and not isinstance(value, bool | int):
        raise TypeError(value)
    return value  # text, and JSON (already parsed)


def _advance_sequences(session: Session) -> None:
    """PostgreSQL hands out ids from sequences; after explicit ids they must continue above them."""
    for table in data_tables():
        if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, Integer):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                    f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
                )
            )
