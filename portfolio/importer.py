"""Bulk import of project sheets (.xlsx, .xlsm, UTF-8 CSV): find the header, map the columns, read
every row through the one validation model, then write all of it in one transaction, or nothing.

    report = import_workbook(session, file=f, file_name="sheet.xlsx", vocabulary=v, actor=steward)

Nothing is written on a dry run, or when any row is rejected (unless ``skip_invalid``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import multiprocessing
import os
import re
import sys
import threading
import types
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, BinaryIO

import openpyxl
from openpyxl.utils.cell import range_boundaries
from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.access import authorise
from portfolio.cells import parse_date, split_list
from portfolio.duplicates import lookalikes
from portfolio.errors import PortfolioError, ValidationFailed
from portfolio.models import ImportBatch, Organisation, OrganisationAlias, Project, ProjectAlias
from portfolio.organisations import registered_name
from portfolio.permissions import Actor, Permission
from portfolio.projects import (
    ProjectFilter,
    ProjectRecord,
    changes_between,
    create_projects,
    draft_record,
    get_projects,
    list_projects,
    record_input,
    update_project,
)
from portfolio.reference import Vocabulary
from portfolio.schema import FIELD_LABELS, ProjectInput, project_warnings, validate_project
from portfolio.settings import Settings
from portfolio.sheets import BY_FIELD, field_for_header
from portfolio.text import normalise_key

HEADER_SEARCH_ROWS = 20
Progress = Callable[[float, str], object]


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 50_000
    max_cell_chars: int = 10_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024


def limits_from(settings: Settings) -> ImportLimits:
    return ImportLimits(
        max_bytes=settings.import_max_mb * 1024 * 1024,
        max_rows=settings.import_max_rows,
        max_cell_chars=settings.import_max_cell_chars,
        max_uncompressed_bytes=10 * settings.import_max_mb * 1024 * 1024,
    )


class UnreadableFile(PortfolioError):
    """The file itself cannot be imported (wrong format, damaged, protected, too large)."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # the Excel row number
    column: str  # the column heading as written in the sheet
    value: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass(frozen=True)
class RowOutcome:
    row: int
    ref: str | None
    title: str
    outcome: str  # new, update, unchanged, error
    changed_fields: tuple[str, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    warnings: tuple[RowProblem, ...] = ()
    lookalikes: tuple[str, ...] = ()  # stored projects (or other rows) this new row looks like


@dataclass(frozen=True)
class ImportReport:
    file: str
    sheet: str
    created: int
    updated: int
    unchanged: int
    rejected: int
    warnings: tuple[RowProblem, ...]
    errors: tuple[RowProblem, ...]
    committed: bool
    ignored_columns: tuple[str, ...]
    rows: tuple[RowOutcome, ...]
    header_row: int = 1
    batch_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": [w.as_json() for w in self.warnings],
            "errors": [e.as_json() for e in self.errors],
            "committed": self.committed,
        }


# --- reading the file ------------------------------------------------------------------------


@dataclass
class Sheet:
    name: str
    header_row: int
    headers: list[str]
    fields: list[str | None]
    rows: list[tuple[int, list[Any]]]  # (Excel row number, cell values)

    @property
    def ignored_columns(self) -> list[str]:
        return [h for h, f in zip(self.headers, self.fields, strict=True) if f is None and h]

    def header_for(self, field_name: str) -> str | None:
        for header, mapped in zip(self.headers, self.fields, strict=True):
            if mapped == field_name:
                return header
        return None


def read_sheet(file: BinaryIO, *, sheet: str | None = None, limits: ImportLimits = ImportLimits()) -> Sheet:
    """Read a workbook or CSV into rows under their mapped headers. Raises UnreadableFile."""
    data = _read_bounded(file, limits)
    return _sheet_from_bytes(data, sheet=sheet, limits=limits)


def _read_bounded(file: BinaryIO, limits: ImportLimits) -> bytes:
    data = file.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise UnreadableFile(
            f"The file is larger than {limits.max_bytes / 1024 / 1024:.0f} MB, the import limit. Split it into "
            "smaller sheets."
        )
    if not data:
        raise UnreadableFile("The file is empty.")
    return data


def _open_sheet(
    data: bytes, *, sheet: str | None, limits: ImportLimits
) -> tuple[Sheet, Iterator[list[tuple[int, list[Any]]]]]:
    """The sheet's header, and its rows in chunks (streamed from a workbook while it is parsed)."""
    if data.startswith(b"PK\x03\x04"):
        return _stream_xlsx(data, sheet=sheet, limits=limits)
    found = _sheet_from_bytes(data, sheet=sheet, limits=limits)
    rows = found.rows[:]
    found.rows.clear()
    return found, iter([rows])


def _sheet_from_bytes(data: bytes, *, sheet: str | None, limits: ImportLimits) -> Sheet:
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, sheet=sheet, limits=limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise UnreadableFile(
                "The workbook is protected with a password. Remove the password in Excel "
                "(File > Info > Protect Workbook), save it as .xlsx and import it again."
            )
        raise UnreadableFile("This is an old Excel 97-2003 workbook (.xls). Open it in Excel and save it as .xlsx.")
    return _read_csv(data, sheet=sheet, limits=limits)


def _read_xlsx(data: bytes, *, sheet: str | None, limits: ImportLimits) -> Sheet:
    found, chunks = _stream_xlsx(data, sheet=sheet, limits=limits)
    for chunk in chunks:
        found.rows.extend(chunk)
    return _within_row_limit(found, limits)


def _check_archive(data: bytes, limits: ImportLimits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
            raise UnreadableFile("This is an OpenDocument spreadsheet (.ods). Open it and save it as Excel (.xlsx).")
    except zipfile.BadZipFile:
        raise UnreadableFile(_DAMAGED.format(kind="BadZipFile")) from None
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("The file is a zip archive but not an Excel workbook. Save the sheet as .xlsx.")
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > limits.max_uncompressed_bytes:
        raise UnreadableFile(
            f"The workbook unpacks to {unpacked / 1024 / 1024:.0f} MB, more than the "
            f"{limits.max_uncompressed_bytes / 1024 / 1024:.0f} MB limit. Split it into smaller sheets."
        )
    return archive


_DAMAGED = (
    "The workbook is damaged or incomplete and cannot be read ({kind}). "
    "Open it in Excel, save it again as .xlsx, and import that copy."
)
_CHUNK = 500


def _stream_xlsx(
    data: bytes, *, sheet: str | None, limits: ImportLimits
) -> tuple[Sheet, Iterator[list[tuple[int, list[Any]]]]]:
    """Find the sheet and its header row, then hand over its rows in chunks while they are read.

    openpyxl's parsing runs in a child process when one can be started, so the rows already read
    are checked here while later ones are still being parsed (two cores, one pipeline).
    """
    archive = _check_archive(data, limits)
    messages = _row_messages(data, sheet, limits)
    first = next(messages)
    if first[0] == "error":
        raise UnreadableFile(first[1])
    name, path, head = first[1], first[2], first[3]
    merges = _merged_ranges(archive, path)
    found = _sheet_with_header(name, iter(head), merges)
    if found is None:  # the child found a header before merged cells were filled in; keep its word
        raise UnreadableFile(_no_header_message(sheet))
    last_row = len(head)
    carried = _TopLefts(merges, head)
    head_rows = found.rows[:]
    found.rows.clear()  # the caller collects the rows from the chunks

    def chunks() -> Iterator[list[tuple[int, list[Any]]]]:
        nonlocal last_row
        yield head_rows
        for message in messages:
            if message[0] == "error":
                raise UnreadableFile(message[1])
            rows = [list(r) for r in message[1]]
            carried.fill(rows, first_row=last_row + 1)
            numbered = [(last_row + 1 + i, r) for i, r in enumerate(rows) if _has_value(r)]
            last_row += len(rows)
            if last_row > limits.max_rows + found.header_row:
                raise UnreadableFile(f"The sheet has more than {limits.max_rows:,} rows, the import limit. Split it.")
            yield numbered

    return found, chunks()


class _TopLefts:
    """Fills merged ranges in rows that arrive in chunks, remembering each range's top-left value."""

    def __init__(self, merges: list[tuple[int, int, int, int]], head: list[Sequence[Any]]) -> None:
        self.merges = [m for m in merges if m[3] > len(head)]  # ranges that reach past the head rows
        self.values: dict[tuple[int, int, int, int], Any] = {}
        for m in self.merges:
            min_col, min_row = m[0], m[1]
            if min_row <= len(head) and min_col - 1 < len(head[min_row - 1]):
                self.values[m] = head[min_row - 1][min_col - 1]

    def fill(self, rows: list[list[Any]], *, first_row: int) -> None:
        last_row = first_row + len(rows) - 1
        for m in self.merges:
            min_col, min_row, max_col, max_row = m
            if max_row < first_row or min_row > last_row:
                continue
            if m not in self.values:
                top = rows[min_row - first_row]
                self.values[m] = top[min_col - 1] if min_col - 1 < len(top) else None
            for r in range(max(min_row, first_row), min(max_row, last_row) + 1):
                row = rows[r - first_row]
                if len(row) < max_col:
                    row.extend([None] * (max_col - len(row)))
                for c in range(min_col, max_col + 1):
                    row[c - 1] = self.values[m]


def _has_value(row: Sequence[Any]) -> bool:
    return any(v is not None and not (isinstance(v, str) and not v.strip()) for v in row)


def _row_messages(data: bytes, sheet: str | None, limits: ImportLimits) -> Iterator[tuple[Any, ...]]:
    """Messages from the reader: ("sheet", name, path, head rows), then ("rows", [...]) chunks, or
    ("error", message). From a child process when possible, else read here."""
    context = _process_context()
    if context is None:
        yield from _read_rows(data, sheet, limits)
        return
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_rows, args=(data, sheet, limits, sender), daemon=True)
    try:
        with _main_script_hidden():
            child.start()
    except OSError:
        yield from _read_rows(data, sheet, limits)
        return
    sender.close()
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                if child.exitcode not in (0, None):
                    yield ("error", _DAMAGED.format(kind=f"reader stopped with code {child.exitcode}"))
                return
            if message[0] == "done":
                return
            yield message
            if message[0] == "error":
                return
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()


def _send_rows(data: bytes, sheet: str | None, limits: ImportLimits, sender: Any) -> None:
    try:
        for message in _read_rows(data, sheet, limits):
            sender.send(message)
        sender.send(("done",))
    finally:
        sender.close()


def _read_rows(data: bytes, sheet: str | None, limits: ImportLimits) -> Iterator[tuple[Any, ...]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        yield ("error", _DAMAGED.format(kind=type(exc).__name__))
        return
    try:
        if sheet and sheet not in workbook.sheetnames:
            yield ("error", f"There is no sheet '{sheet}'. The workbook has: {', '.join(workbook.sheetnames)}.")
            return
        for name in [sheet] if sheet else workbook.sheetnames:
            worksheet = workbook[name]
            rows = worksheet.iter_rows(values_only=True)
            head = [r for _, r in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
            if _header_index(head) is None:
                continue
            yield ("sheet", name, getattr(worksheet, "_worksheet_path", ""), head)
            chunk: list[Sequence[Any]] = []
            count = len(head)
            for row in rows:
                count += 1
                if count > limits.max_rows + HEADER_SEARCH_ROWS + 1:
                    yield ("error", f"The sheet has more than {limits.max_rows:,} rows, the import limit. Split it.")
                    return
                chunk.append(row)
                if len(chunk) == _CHUNK:
                    yield ("rows", chunk)
                    chunk = []
            yield ("rows", chunk)
            return
        yield ("error", _no_header_message(sheet))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        yield ("error", _DAMAGED.format(kind=type(exc).__name__))
    finally:
        workbook.close()


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """Keep the child from running the app: multiprocessing re-imports the parent's __main__ in a
    fork-server child, and under `streamlit run` that is app.py (a whole page run, with database
    reads that wait on the import's own write lock). The reader needs only this module."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _process_context() -> Any:
    """Where to run the reader: a forked child from a single-threaded program (the CLI), a child of
    the fork server from a threaded one (the app); None where neither exists."""
    if os.environ.get("PORTFOLIO_IMPORT_INLINE"):
        return None
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["portfolio.importer"])
        return context
    return None


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"')


def _merged_ranges(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet, read straight from its XML (read-only mode does not give them)."""
    if not path:
        return []
    ranges = []
    with archive.open(path.lstrip("/")) as xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            text = tail + chunk
            ranges += [range_boundaries(m.decode()) for m in _MERGE.findall(text)]
            tail = text[-200:]
            ranges = list(dict.fromkeys(ranges))
    return [(int(a), int(b), int(c), int(d)) for a, b, c, d in ranges]


def _read_csv(data: bytes, *, sheet: str | None, limits: ImportLimits) -> Sheet:
    if b"\x00" in data[:4096]:
        raise UnreadableFile("The file is not a spreadsheet (.xlsx, .xlsm) or a CSV text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "The file is neither an Excel workbook nor a UTF-8 CSV. Save it as .xlsx, or as 'CSV UTF-8'."
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = _bounded_rows(csv.reader(io.StringIO(text), delimiter=delimiter), limits)
    found = _sheet_with_header(sheet or "CSV", rows, [])
    if found is None:
        raise UnreadableFile(_no_header_message(None))
    return _within_row_limit(found, limits)


def _within_row_limit(sheet: Sheet, limits: ImportLimits) -> Sheet:
    if len(sheet.rows) > limits.max_rows:
        raise UnreadableFile(f"The sheet has more than {limits.max_rows:,} rows, the import limit. Split it.")
    return sheet


def _bounded_rows(rows: Any, limits: ImportLimits) -> Iterator[Sequence[Any]]:
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows + HEADER_SEARCH_ROWS:
            raise UnreadableFile(f"The sheet has more than {limits.max_rows:,} rows, the import limit. Split it.")
        yield row


def _sheet_with_header(
    name: str, rows: Iterator[Sequence[Any]], merges: list[tuple[int, int, int, int]]
) -> Sheet | None:
    table = [list(r) for r in rows]
    _fill_merged(table, merges)
    header_index = _header_index(table)
    if header_index is None:
        return None
    headers = [_clean(h) or "" for h in table[header_index]]
    fields: list[str | None] = []
    seen: set[str] = set()
    for h in headers:
        mapped = field_for_header(h)
        fields.append(mapped if mapped and mapped not in seen else None)
        if mapped:
            seen.add(mapped)
    data_rows = [
        (number, row) for number, row in enumerate(table[header_index + 1 :], start=header_index + 2) if _has_value(row)
    ]
    return Sheet(name, header_index + 1, headers, fields, data_rows)


def _header_index(rows: Sequence[Sequence[Any]]) -> int | None:
    """The row, among the first ones, with the most known headings (a title or reference among them)."""
    best: tuple[int, int] | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = {field_for_header(c) for c in row} - {None}
        if ("title" in known or "ref" in known) and len(known) >= 2 and (best is None or len(known) > best[1]):
            best = (index, len(known))
    return None if best is None else best[0]


def _fill_merged(table: list[list[Any]], merges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell."""
    for min_col, min_row, max_col, max_row in merges:
        if min_row > len(table):
            continue
        top_left = table[min_row - 1][min_col - 1] if min_col - 1 < len(table[min_row - 1]) else None
        for r in range(min_row, min(max_row, len(table)) + 1):
            row = table[r - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = top_left


def _no_header_message(sheet: str | None) -> str:
    where = f"sheet '{sheet}'" if sheet else "any sheet"
    return (
        f"No header row was found in the first {HEADER_SEARCH_ROWS} rows of {where}: it needs a title (or reference) "
        "column and at least one more known column, such as Countries or Budget. See the template for the headings."
    )


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if len(value) >= 2 and value[0] == "'" and value[1] in "=+-@\t\r'":
            value = value[1:]  # text our own export guarded with an apostrophe
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# --- reading one row -------------------------------------------------------------------------


_ROLE = re.compile(r"\s*\((secondary|primary)\)\s*$", re.IGNORECASE)


@dataclass
class _RowReader:
    """Turns a sheet row into raw project input, noting problems by column."""

    sheet: Sheet
    vocabulary: Vocabulary
    organisation_names: set[str]
    limits: ImportLimits
    problems: list[RowProblem] = field(default_factory=list)
    # Sheets repeat the same cell texts (countries, themes, dates): read each distinct one once.
    _memo: dict[tuple[str, object], Any] = field(default_factory=dict)

    def _once(self, kind: str, value: object, reader: Callable[[], Any]) -> Any:
        key = (kind, value)
        if key not in self._memo:
            self._memo[key] = reader()
        return self._memo[key]

    def read(self, number: int, row: list[Any]) -> dict[str, Any]:
        self.problems = []
        cells: dict[str, Any] = {}
        for index, field_name in enumerate(self.sheet.fields):
            if field_name is None or index >= len(row):
                continue
            value = _clean(row[index])
            if isinstance(value, str) and len(value) > self.limits.max_cell_chars:
                self._problem(
                    number,
                    field_name,
                    value[:60] + "...",
                    f"the cell holds {len(value):,} characters; at most {self.limits.max_cell_chars:,} are read",
                )
                continue
            if value is not None:
                cells[field_name] = value
        raw: dict[str, Any] = {}
        for name in ("ref", "title", "acronym", "status", "description", "website", "contact", "source", "parent"):
            if name in cells:
                raw["parent_ref" if name == "parent" else name] = str(cells[name])
        for name, target, end in (
            ("start", "start_date", False),
            ("end", "end_date", True),
            ("last_confirmed", "last_confirmed", False),
        ):
            if name in cells:
                try:
                    raw[target] = self._once(name, cells[name], partial(parse_date, cells[name], end=end))
                except ValueError as exc:
                    self._problem(number, name, cells[name], str(exc))
        if "budget" in cells:
            raw["budget_eur"] = cells["budget"]
        self._countries(number, cells, raw)
        self._funding(number, cells, raw)
        if "implementers" in cells:
            raw["implementers"] = self._organisations(cells["implementers"])
        if "norms" in cells:
            raw["norms"] = self._once(
                "norms",
                cells["norms"],
                lambda: [self._norm(item) for item in split_list(cells["norms"], is_known=self._known_norm)],
            )
        if "pillars" in cells:
            raw["pillars"] = self._once("pillars", cells["pillars"], lambda: split_list(cells["pillars"]))
        if "themes" in cells:
            raw["themes"] = self._once(
                "themes", cells["themes"], lambda: split_list(cells["themes"], is_known=self._known_theme)
            )
        return raw

    def _organisations(self, text: object) -> list[str]:
        names: list[str] = self._once(
            "organisations", text, lambda: split_list(text, is_known=self._known_organisation, and_joins_unknown=True)
        )
        return names

    def _countries(self, number: int, cells: dict[str, Any], raw: dict[str, Any]) -> None:
        if "countries" not in cells:
            return
        codes = self.vocabulary.countries_in_text(str(cells["countries"]))
        if "shares" in cells:
            text = str(cells["shares"])
            # "12,5; 87,5" uses decimal commas: split on semicolons when there are any.
            shares = [s for s in re.split(r"\s*[;\n]\s*", text) if s] if ";" in text else split_list(text)
            if len(shares) != len(codes):
                self._problem(
                    number,
                    "shares",
                    cells["shares"],
                    f"{len(shares)} shares for {len(codes)} countries: give one share per country, in order",
                )
                raw["countries"] = codes
                return
            raw["countries"] = [{"country": c, "share_pct": s} for c, s in zip(codes, shares, strict=True)]
        else:
            raw["countries"] = codes

    def _funding(self, number: int, cells: dict[str, Any], raw: dict[str, Any]) -> None:
        if "funding" in cells:
            lines = []
            for text in re.split(r"[;\n]", str(cells["funding"])):
                if not text.strip():
                    continue
                parts = [p.strip() for p in text.split("|")]
                if len(parts) != 3:
                    self._problem(number, "funding", text, "write each funding line as 'instrument | funder | amount'")
                    return
                lines.append({"instrument": parts[0], "funder": parts[1] or None, "amount_eur": parts[2] or None})
            raw["funding"] = lines
            return
        instruments = self._once("instrument", cells.get("instrument"), lambda: split_list(cells.get("instrument")))
        funders = self._organisations(cells.get("funders"))
        if not instruments and not funders:
            return
        if not instruments:
            self._problem(
                number, "funders", cells["funders"], "give the instrument these funders pay through (Instrument column)"
            )
            return
        pairs: list[tuple[str, str | None]]
        if len(instruments) == 1:
            pairs = [(instruments[0], f) for f in funders] or [(instruments[0], None)]
        elif len(funders) <= 1:
            pairs = [(i, funders[0] if funders else None) for i in instruments]
        elif len(funders) == len(instruments):
            pairs = list(zip(instruments, funders, strict=True))
        else:
            self._problem(
                number,
                "funders",
                cells["funders"],
                f"{len(funders)} funders for {len(instruments)} "
                "instruments: give one funder per instrument, in order, or use the Funding lines column",
            )
            return
        amount = raw.get("budget_eur") if len(pairs) == 1 else None
        raw["funding"] = [{"instrument": i, "funder": f, "amount_eur": amount} for i, f in pairs]

    def _norm(self, item: str) -> dict[str, Any]:
        role = _ROLE.search(item)
        return {"norm": _ROLE.sub("", item), "primary": not (role and role.group(1).lower() == "secondary")}

    def _known_organisation(self, text: str) -> bool:
        return normalise_key(text) in self.organisation_names

    def _known_norm(self, text: str) -> bool:
        return self.vocabulary.is_norm_label(_ROLE.sub("", text))

    def _known_theme(self, text: str) -> bool:
        return self.vocabulary.is_theme(text)

    def _problem(self, number: int, field_name: str, value: Any, message: str) -> None:
        column = self.sheet.header_for(field_name) or BY_FIELD[field_name].header
        self.problems.append(RowProblem(number, column, _text(value), message))


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# Which sheet column a validation problem belongs to.
_COLUMN_OF_FIELD = {
    "ref": "ref", "title": "title", "acronym": "acronym", "status": "status", "start_date": "start",
    "end_date": "end", "budget_eur": "budget", "countries": "countries", "implementers": "implementers",
    "norms": "norms", "pillars": "pillars", "themes": "themes", "website": "website", "contact": "contact",
    "source": "source", "last_confirmed": "last_confirmed", "parent_ref": "parent", "description": "description",
}  # fmt: skip


def _column_for(sheet: Sheet, field_name: str) -> str:
    if field_name == "funding":
        for candidate in ("funding", "instrument", "funders", "budget"):
            if header := sheet.header_for(candidate):
                return header
        return FIELD_LABELS["funding"]
    column = _COLUMN_OF_FIELD.get(field_name)
    return (sheet.header_for(column) if column else None) or FIELD_LABELS.get(field_name, field_name)


def _value_for(sheet: Sheet, row: list[Any], field_name: str) -> str:
    header = _column_for(sheet, field_name)
    if header in sheet.headers:
        index = sheet.headers.index(header)
        return _text(_clean(row[index])) if index < len(row) else ""
    return ""


# --- planning and writing --------------------------------------------------------------------


@dataclass
class _Plan:
    number: int
    row: list[Any]
    project: ProjectInput | None = None
    record: ProjectRecord | None = None
    outcome: str = "error"
    changes: dict[str, Any] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    title: str = ""
    ref: str | None = None
    lookalikes: tuple[str, ...] = ()


def import_workbook(
    session: Session,
    *,
    file: BinaryIO,
    file_name: str,
    vocabulary: Vocabulary,
    actor: Actor,
    sheet: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    limits: ImportLimits = ImportLimits(),
    progress: Progress | None = None,
    find_lookalikes: bool = False,
) -> ImportReport:
    """Import a project sheet. Every row is checked first; then, unless this is a dry run or a row
    was rejected (and ``skip_invalid`` is off), new projects are created and changed ones updated,
    all inside the caller's transaction, as one import batch. Data stewards and administrators
    import (a preview too); anyone else is refused before the file is read."""
    actor = authorise(session, actor, Permission.IMPORT)
    report_progress = progress or (lambda _share, _message: None)
    data = _read_bounded(file, limits)
    parsed, chunks = _open_sheet(data, sheet=sheet, limits=limits)
    report_progress(0.1, f"Reading sheet '{parsed.name}'")
    plans = _plan_rows(session, parsed, chunks, vocabulary, limits, report_progress)
    if find_lookalikes:
        _mark_lookalikes(session, plans, vocabulary)
    rejected = [p for p in plans if p.outcome == "error"]
    write = not dry_run and (not rejected or skip_invalid)
    batch_id = None
    if write:
        batch_id = _write(session, plans, parsed, file_name, data, actor, report_progress)
    report_progress(1.0, "Done")
    return _report(file_name, parsed, plans, committed=write, counted=write or dry_run, batch_id=batch_id)


def _plan_rows(
    session: Session,
    sheet: Sheet,
    chunks: Iterator[list[tuple[int, list[Any]]]],
    vocabulary: Vocabulary,
    limits: ImportLimits,
    progress: Progress,
) -> list[_Plan]:
    """Check every row as its chunk arrives: read it, find the stored project it is, validate the
    merged result and work out what would change. Nothing is written here."""
    reader = _RowReader(sheet, vocabulary, _organisation_keys(session), limits)
    known_orgs: dict[str, str] = {}
    by_ref, by_title = _stored_identities(session)
    stored: dict[int, ProjectRecord] = {}
    seen_refs: dict[str, int] = {}
    seen_titles: dict[str, int] = {}
    plans: list[_Plan] = []
    for chunk in chunks:
        sheet.rows.extend(chunk)
        batch = [_Plan(number, row) for number, row in chunk]
        raws = []
        for plan in batch:
            raws.append(reader.read(plan.number, plan.row))
            plan.problems = list(reader.problems)
        wanted = {i for i in (_match(raw, by_ref, by_title) for raw in raws) if i is not None} - set(stored)
        stored.update({r.id: r for r in get_projects(session, project_ids=sorted(wanted))})
        for plan, raw in zip(batch, raws, strict=True):
            _plan_row(
                session, plan, raw, sheet, vocabulary, stored, by_ref, by_title, known_orgs, seen_refs, seen_titles
            )
        plans.extend(batch)
        # The total is not known while the sheet streams in: approach 60 % as rows are checked.
        progress(0.1 + 0.5 * len(plans) / (len(plans) + 2000), f"Checked {len(plans):,} rows")
    sheet_refs = set(seen_refs)
    for plan in plans:
        parent = plan.project.parent_ref if plan.project else None
        if parent and parent not in by_ref and parent not in sheet_refs:
            plan.problems.append(
                RowProblem(plan.number, _column_for(sheet, "parent_ref"), parent,
                           f"there is no project with reference '{parent}'")
            )  # fmt: skip
            plan.outcome = "error"
    return plans


def _plan_row(
    session: Session,
    plan: _Plan,
    raw: dict[str, Any],
    sheet: Sheet,
    vocabulary: Vocabulary,
    stored: dict[int, ProjectRecord],
    by_ref: dict[str, int],
    by_title: dict[str, int],
    known_orgs: dict[str, str],
    seen_refs: dict[str, int],
    seen_titles: dict[str, int],
) -> None:
    plan.title, plan.ref = str(raw.get("title") or ""), raw.get("ref")
    project_id = _match(raw, by_ref, by_title)
    plan.record = stored.get(project_id) if project_id else None
    merged = {**record_input(plan.record), **raw} if plan.record else raw
    if not plan.title and plan.record:
        plan.title = plan.record.title
    _check_repeats(plan, sheet, raw, seen_refs, seen_titles)
    try:
        plan.project = validate_project(merged, vocabulary=vocabulary)
    except ValidationFailed as failed:
        plan.problems += [
            RowProblem(plan.number, _column_for(sheet, i.field), _value_for(sheet, plan.row, i.field), i.message)
            for i in failed.issues
        ]
    if plan.problems or plan.project is None:
        plan.outcome = "error"
        return
    plan.warnings = [
        RowProblem(plan.number, _column_for(sheet, w.field), _value_for(sheet, plan.row, w.field), w.message)
        for w in project_warnings(plan.project, vocabulary=vocabulary)
    ]
    if plan.record is None:
        plan.outcome = "new"
        return
    plan.changes = changes_between(
        plan.record,
        plan.project,
        parent_id=by_ref.get(plan.project.parent_ref) if plan.project.parent_ref else None,
        funder_names=[_preview_name(session, f.funder, known_orgs) if f.funder else None for f in plan.project.funding],
        implementer_names=[_preview_name(session, n, known_orgs) for n in plan.project.implementers],
    )
    plan.outcome = "update" if plan.changes else "unchanged"


def _mark_lookalikes(session: Session, plans: list[_Plan], vocabulary: Vocabulary) -> None:
    """Mark new rows that look like a stored project, or like another new row of the sheet."""
    drafts = [
        draft_record(p.project, draft_id=-(index + 1), vocabulary=vocabulary, session=session)
        for index, p in enumerate(plans)
        if p.outcome == "new" and p.project is not None
    ]
    if not drafts:
        return
    rows_of = {-(index + 1): p.number for index, p in enumerate(plans)}
    stored = list_projects(session, filters=ProjectFilter())
    for draft_id, found in lookalikes(drafts, stored, vocabulary=vocabulary).items():
        names = []
        for candidate in found:
            other = candidate.b if candidate.a.id == draft_id else candidate.a
            names.append(f"row {rows_of[other.id]}" if other.id < 0 else other.label)
        plans[-draft_id - 1].lookalikes = tuple(dict.fromkeys(names))


def _check_repeats(
    plan: _Plan, sheet: Sheet, raw: dict[str, Any], refs: dict[str, int], titles: dict[str, int]
) -> None:
    ref = raw.get("ref")
    if ref:
        if ref in refs:
            plan.problems.append(
                RowProblem(
                    plan.number,
                    _column_for(sheet, "ref"),
                    str(ref),
                    f"reference '{ref}' is already used in row {refs[ref]} of this sheet",
                )
            )
        refs.setdefault(ref, plan.number)
    elif raw.get("title"):
        key = normalise_key(str(raw["title"]))
        if key in titles:
            plan.problems.append(
                RowProblem(
                    plan.number,
                    _column_for(sheet, "title"),
                    str(raw["title"]),
                    f"the same title, without a reference, is in row {titles[key]}",
                )
            )
        titles.setdefault(key, plan.number)


def _match(raw: dict[str, Any], by_ref: dict[str, int], by_title: dict[str, int]) -> int | None:
    """A row is a stored project when its reference matches; without one, when its title does."""
    if raw.get("ref"):
        return by_ref.get(str(raw["ref"]))
    if raw.get("title"):
        return by_title.get(normalise_key(str(raw["title"])))
    return None


def _stored_identities(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    by_ref: dict[str, int] = {}
    by_title: dict[str, int] = {}
    for alias, project_id in session.execute(select(ProjectAlias.alias, ProjectAlias.project_id)):
        by_ref[alias] = project_id  # an old reference finds the project it was merged into
    for project_id, ref, title_key in session.execute(select(Project.id, Project.ref, Project.title_key)):
        if ref:
            by_ref[ref] = project_id
        # Prefer a project without a reference when titles collide: it is only known by its title.
        if ref is None or title_key not in by_title:
            by_title[title_key] = project_id
    return by_ref, by_title


def _organisation_keys(session: Session) -> set[str]:
    names = set(session.scalars(select(Organisation.name_key)))
    return names | set(session.scalars(select(OrganisationAlias.alias_key)))


def _preview_name(session: Session, name: str, cache: dict[str, str]) -> str:
    """The name an organisation is, or would be, registered under, without registering it."""
    if name not in cache:
        cache[name] = registered_name(session, name=name)
    return cache[name]


def _write(
    session: Session, plans: list[_Plan], sheet: Sheet, file_name: str, data: bytes, actor: Actor, progress: Progress
) -> int:
    counts = {k: sum(1 for p in plans if p.outcome == k) for k in ("new", "update", "unchanged", "error")}
    batch = ImportBatch(
        file_name=file_name[:300],
        sheet=sheet.name[:100],
        sha256=hashlib.sha256(data).hexdigest(),
        actor=actor.audit_name,
        at=datetime.now(UTC).replace(microsecond=0),
        created=counts["new"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
        rejected=counts["error"],
    )
    session.add(batch)
    session.flush()
    label = f"Import batch {batch.id}: {file_name} (sheet '{sheet.name}')"
    has_source = sheet.header_for("source") is not None
    new = [p.project for p in plans if p.outcome == "new" and p.project]
    progress(0.65, f"Creating {len(new):,} projects")
    create_projects(
        session,
        projects=[p if (has_source and p.source) else p.model_copy(update={"source": p.source or label}) for p in new],
        actor=actor,
        batch_id=batch.id,
    )
    updates = [p for p in plans if p.outcome == "update" and p.project and p.record]
    for index, plan in enumerate(updates):
        if index % 200 == 0:
            progress(0.8 + 0.2 * index / max(len(updates), 1), f"Updating {index:,} of {len(updates):,} projects")
        assert plan.project is not None
        assert plan.record is not None
        source_cell = has_source and _value_for(sheet, plan.row, "source")
        project = plan.project if source_cell else plan.project.model_copy(update={"source": label})
        update_project(
            session,
            project_id=plan.record.id,
            expected_version=plan.record.version,
            project=project,
            actor=actor,
            batch_id=batch.id,
        )
    return batch.id


def _report(
    file_name: str, sheet: Sheet, plans: list[_Plan], *, committed: bool, counted: bool, batch_id: int | None
) -> ImportReport:
    """Counts are what was written (or, on a dry run, what would be); a refused import wrote nothing."""
    rows = tuple(
        RowOutcome(
            row=p.number,
            ref=p.ref,
            title=p.title,
            outcome=p.outcome,
            changed_fields=tuple(p.changes),
            problems=tuple(p.problems),
            warnings=tuple(p.warnings),
            lookalikes=p.lookalikes,
        )
        for p in plans
    )
    written = counted
    return ImportReport(
        file=file_name,
        sheet=sheet.name,
        created=sum(1 for p in plans if p.outcome == "new") if written else 0,
        updated=sum(1 for p in plans if p.outcome == "update") if written else 0,
        unchanged=sum(1 for p in plans if p.outcome == "unchanged"),
        rejected=sum(1 for p in plans if p.outcome == "error"),
        warnings=tuple(w for p in plans for w in p.warnings),
        errors=tuple(e for p in plans for e in p.problems),
        committed=committed,
        ignored_columns=tuple(sheet.ignored_columns),
        rows=rows,
        header_row=sheet.header_row,
        batch_id=batch_id,
    )


def sheet_with_problems(data: bytes, report: ImportReport) -> bytes:
    """The sender's own sheet with a "Problems" column saying what to fix in each row, so it can go
    back to them. CSV comes back as a workbook."""
    messages: dict[int, list[str]] = {}
    for problem in report.errors:
        messages.setdefault(problem.row, []).append(f"{problem.column}: {problem.message}")
    for warning in report.warnings:
        messages.setdefault(warning.row, []).append(f"Warning, {warning.column}: {warning.message}")
    if data.startswith(b"PK\x03\x04"):
        workbook = openpyxl.load_workbook(io.BytesIO(data), keep_vba=data.find(b"vbaProject") >= 0)
        worksheet = workbook[report.sheet]
    else:
        workbook = openpyxl.Workbook()
        worksheet = workbook.active
        text = data.decode("utf-8-sig")
        first_line = text.split("\n", 1)[0]
        for row in csv.reader(
            io.StringIO(text), delimiter=";" if first_line.count(";") > first_line.count(",") else ","
        ):
            worksheet.append([neutralise_text(v) for v in row])
    column = worksheet.max_column + 1
    worksheet.cell(row=report.header_row, column=column, value="Problems")
    for row_number, lines in messages.items():
        worksheet.cell(row=row_number, column=column, value=neutralise_text("\n".join(lines)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def neutralise_text(value: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    # A leading apostrophe is guarded too, so the import can tell ours from the sender's.
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r", "'")) else value
