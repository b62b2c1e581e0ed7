"""Projects shaped for reading: the portfolio table, its totals, and a project's sections.

No Streamlit here; pages render what these return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from portfolio.accounts import UserRecord
from portfolio.audit import SUBJECTS, AuditRow
from portfolio.coverage import CoverageRow
from portfolio.duplicates import Candidate
from portfolio.importer import RowOutcome, RowProblem
from portfolio.projects import AuditEntry, ProjectRecord, record_input
from portfolio.reference import Vocabulary
from portfolio.schema import FIELD_LABELS
from portfolio.verdicts import MERGE_FIELDS, VERDICTS, PairNote

STATUS_LABELS = {
    "pipeline": "Pipeline",
    "ongoing": "Ongoing",
    "completed": "Completed",
    "suspended": "Suspended",
    "cancelled": "Cancelled",
}


@dataclass(frozen=True)
class PortfolioTotals:
    projects: int
    budget_eur: Decimal
    without_budget: int
    countries: int


def portfolio_totals(records: Sequence[ProjectRecord]) -> PortfolioTotals:
    """Count and total budget of the listed projects (each project's own budget, as recorded)."""
    return PortfolioTotals(
        projects=len(records),
        budget_eur=sum((r.budget_eur for r in records if r.budget_eur is not None), start=Decimal(0)),
        without_budget=sum(1 for r in records if r.budget_eur is None),
        countries=len({c for r in records for c in r.country_codes}),
    )


def portfolio_table(records: Sequence[ProjectRecord], vocabulary: Vocabulary) -> pd.DataFrame:
    """One row per project, in words a reader understands. ``id`` is for opening the project."""
    rows = [
        {
            "id": r.id,
            "Reference": r.ref or "",
            "Title": r.title,
            "Status": STATUS_LABELS.get(r.status, r.status) + (" (archived)" if r.archived else ""),
            "Start": r.start_date,
            "End": r.end_date,
            "Budget (EUR)": r.budget_eur,
            "Countries": ", ".join(vocabulary.countries[c].display_name for c in r.country_codes),
            "Regions": ", ".join(r.regions),
            "Instruments": ", ".join(r.instruments),
            "Funders": ", ".join(r.funders),
            "Implementers": ", ".join(r.implementers),
            "Norms": ", ".join(n.code for n in r.norms),
            "Themes": ", ".join(vocabulary.themes[t].name for t in r.themes),
        }
        for r in records
    ]
    columns = [
        "id",
        "Reference",
        "Title",
        "Status",
        "Start",
        "End",
        "Budget (EUR)",
        "Countries",
        "Regions",
        "Instruments",
        "Funders",
        "Implementers",
        "Norms",
        "Themes",
    ]
    return pd.DataFrame(rows, columns=columns)


def country_table(record: ProjectRecord, vocabulary: Vocabulary) -> pd.DataFrame:
    region_names = {r.code: r.name for r in vocabulary.regions}
    return pd.DataFrame(
        [
            {
                "Country": vocabulary.countries[c.code].display_name,
                "Code": c.code,
                "Region": region_names.get(vocabulary.countries[c.code].region_code or "", "outside the focus regions"),
                "Share (%)": f"{c.share_pct.normalize():f}" if c.share_pct is not None else "",
            }
            for c in record.countries
        ],
        columns=["Country", "Code", "Region", "Share (%)"],
    )


def funding_table(record: ProjectRecord, vocabulary: Vocabulary) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Instrument": f"{vocabulary.instruments[f.instrument].name} ({f.instrument})",
                "Funder": f.funder or "",
                "Amount (EUR)": f"{f.amount_eur:,.2f}" if f.amount_eur is not None else "",
            }
            for f in record.funding
        ],
        columns=["Instrument", "Funder", "Amount (EUR)"],
    )


def norm_lines(record: ProjectRecord, vocabulary: Vocabulary) -> list[str]:
    return [
        f"13({n.code}) {vocabulary.norms[n.code].label}" + ("" if n.primary else " (secondary)") for n in record.norms
    ]


def history_table(entries: Sequence[AuditEntry]) -> pd.DataFrame:
    """The audit trail, one row per changed field, newest first."""
    rows = []
    for e in entries:
        for change in e.changes or ():
            rows.append(
                {
                    "When (UTC)": e.at.strftime("%Y-%m-%d %H:%M"),
                    "Who": e.actor,
                    "What": e.action,
                    "Version": str(e.version) if e.version is not None else "",
                    "Field": FIELD_LABELS.get(
                        change.field, "Parent programme" if change.field == "parent_id" else change.field
                    ),
                    "Before": _show(change.old),
                    "After": _show(change.new),
                }
            )
    return pd.DataFrame(rows, columns=["When (UTC)", "Who", "What", "Version", "Field", "Before", "After"])


def _show(value: object) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


OUTCOME_LABELS = {"new": "New", "update": "Update", "unchanged": "Unchanged", "error": "Error"}


def import_rows_table(rows: Sequence[RowOutcome]) -> pd.DataFrame:
    """The import preview: every row with what will happen to it."""
    return pd.DataFrame(
        [
            {
                "Row": r.row,
                "Outcome": OUTCOME_LABELS[r.outcome] + (" (with warnings)" if r.warnings else ""),
                "Reference": r.ref or "",
                "Title": r.title,
                "Changes": ", ".join(FIELD_LABELS.get(f, f) for f in r.changed_fields),
                "Problems": len(r.problems),
                "Looks like": ", ".join(r.lookalikes),
            }
            for r in rows
        ],
        columns=["Row", "Outcome", "Reference", "Title", "Changes", "Problems", "Looks like"],
    )


def problems_table(problems: Sequence[RowProblem]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"Row": p.row, "Column": p.column, "Value": p.value, "Problem": p.message} for p in problems],
        columns=["Row", "Column", "Value", "Problem"],
    )


def dimension_names(vocabulary: Vocabulary, dimension: str) -> dict[str, str]:
    """How the keys of a coverage dimension read on screen (codes to names)."""
    return {
        "country": {c: i.display_name for c, i in vocabulary.countries.items()},
        "region": {r.code: r.name for r in vocabulary.regions},
        "instrument": {c: i.name for c, i in vocabulary.instruments.items()},
        "norm": {c: f"13({c}) {n.label}" for c, n in vocabulary.norms.items()},
        "theme": {c: t.name for c, t in vocabulary.themes.items()},
    }.get(dimension, {})


def coverage_table(rows: Sequence[CoverageRow], *, label: str, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The figures behind a chart, for reading and download."""
    return pd.DataFrame(
        [
            {
                label: (names or {}).get(r.key, r.key),
                "Code": r.key,
                "Projects": r.projects,
                "Budget (EUR)": r.budget_eur,
                "of which split equally (EUR)": r.equal_split_eur,
            }
            for r in rows
        ],
        columns=[label, "Code", "Projects", "Budget (EUR)", "of which split equally (EUR)"],
    )


def country_projects_table(records: Sequence[ProjectRecord], code: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"id": r.id, "Reference": r.ref or "", "Title": r.title, "Status": STATUS_LABELS.get(r.status, r.status),
             "Budget (EUR)": r.budget_eur}
            for r in records
            if code in r.country_codes
        ],
        columns=["id", "Reference", "Title", "Status", "Budget (EUR)"],
    )  # fmt: skip


def candidates_table(candidates: Sequence[Candidate]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"Score": c.score, "Kind": "Same record" if c.kind == "same-record" else "Overlap",
             "Project A": c.a.label, "Project B": c.b.label, "Related": "phases" if c.related else "",
             "Why": "; ".join(c.reasons)}
            for c in candidates
        ],
        columns=["Score", "Kind", "Project A", "Project B", "Related", "Why"],
    )  # fmt: skip


def pair_table(a: ProjectRecord, b: ProjectRecord, vocabulary: Vocabulary) -> pd.DataFrame:
    """Two records side by side, field by field, with the fields that differ marked."""

    def show(record: ProjectRecord, name: str) -> str:
        value = record_input(record)[name]
        if name == "countries":
            return ", ".join(vocabulary.countries[c["country"]].display_name for c in value)
        if name == "funding":
            return "; ".join(f"{f['instrument']} | {f['funder'] or '-'} | {f['amount_eur'] or '-'}" for f in value)
        if name == "norms":
            return ", ".join(n["norm"] + ("" if n["primary"] else " (secondary)") for n in value)
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return "" if value is None else str(value)

    rows = []
    for name in MERGE_FIELDS:
        left, right = show(a, name), show(b, name)
        rows.append(
            {"Field": FIELD_LABELS.get(name, name), "A": left, "B": right, "Differs": "●" if left != right else ""}
        )
    return pd.DataFrame(rows, columns=["Field", "A", "B", "Differs"])


AUDIT_COLUMNS = ["When (UTC)", "Who", "Record type", "Record", "Action", "Version", "Import batch", "Field", "Before",
                 "After"]  # fmt: skip


def audit_table(rows: Sequence[AuditRow]) -> pd.DataFrame:
    """The audit trail, one row per changed field (an event without fields still shows once)."""
    lines = []
    for e in rows:
        common = {
            "When (UTC)": e.at.strftime("%Y-%m-%d %H:%M:%S"),
            "Who": e.actor,
            "Record type": SUBJECTS.get(e.subject, e.subject),
            "Record": e.record,
            "Action": e.action,
            "Version": str(e.version) if e.version is not None else "",
            "Import batch": e.batch or "",
        }
        changes = list(e.changes.items()) or [("", [None, None])]
        for name, change in changes:
            old, new = change if isinstance(change, list | tuple) and len(change) == 2 else (None, change)
            lines.append(
                common
                | {
                    "Field": _AUDIT_FIELD_LABELS.get(name) or FIELD_LABELS.get(name, name),
                    "Before": _show(old),
                    "After": _show(new),
                }
            )
    return pd.DataFrame(lines, columns=AUDIT_COLUMNS)


_AUDIT_FIELD_LABELS = {
    "parent_id": "Parent programme",
    "archived": "Archived",
    "role": "Role",
    "full_name": "Full name",
    "email": "E-mail",
    "active": "Active",
    "password": "Password",
    "locked_until": "Locked until",
    "verdict": "Verdict",
    "note": "Note",
}


def users_table(users: Sequence[UserRecord]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Name": u.name,
                "Full name": u.full_name or "",
                "E-mail": u.email or "",
                "Role": u.role.label,
                "State": ("active" if u.active else "disabled")
                + (f", locked until {u.locked_until:%H:%M} UTC" if u.locked_until else ""),
                "Signs in with": u.signs_in_with,
                "Last sign-in (UTC)": f"{u.last_sign_in_at:%Y-%m-%d %H:%M}" if u.last_sign_in_at else "never",
                "Created": f"{u.created_at:%Y-%m-%d} by {u.created_by}",
            }
            for u in users
        ],
        columns=["Name", "Full name", "E-mail", "Role", "State", "Signs in with", "Last sign-in (UTC)", "Created"],
    )


def discussion_lines(notes: Sequence[PairNote]) -> list[str]:
    """A pair's comments and verdicts as sentences, oldest first."""
    lines = []
    for note in notes:
        what = "commented" if note.kind == "comment" else f"decided: {VERDICTS.get(note.kind, note.kind)}"
        lines.append(f"{note.at:%Y-%m-%d %H:%M} UTC, {note.actor} {what}" + (f": {note.text}" if note.text else ""))
    return lines
