"""The portfolio to Excel in the template's layout (so an export imports back unchanged), and the
blank template itself, with comments on every heading and dropdowns from the reference data."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from portfolio.access import authorise
from portfolio.importer import neutralise_text
from portfolio.permissions import Actor, Permission
from portfolio.projects import ProjectFilter, ProjectRecord, list_projects
from portfolio.reference import STATUSES, Vocabulary
from portfolio.sheets import COLUMNS

SHEET = "Projects"
_HEADER_FILL = PatternFill("solid", fgColor="003399")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
TEMPLATE_ROWS = 2000  # rows that get dropdowns in the template


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written with a leading apostrophe."""
    return neutralise_text(value) if isinstance(value, str) else value


def project_row(record: ProjectRecord, vocabulary: Vocabulary) -> dict[str, Any]:
    """One project as the cells of a sheet row, by column field."""
    shares = [c.share_pct for c in record.countries]
    return {
        "ref": record.ref,
        "title": record.title,
        "acronym": record.acronym,
        "status": record.status,
        "start": record.start_date,
        "end": record.end_date,
        "countries": "; ".join(vocabulary.countries[c].display_name for c in record.country_codes),
        "shares": "; ".join(_number(s) for s in shares if s is not None) if shares and None not in shares else None,
        "instrument": "; ".join(vocabulary.instruments[i].name for i in record.instruments),
        "funders": "; ".join(record.funders),
        "funding": "; ".join(
            f"{f.instrument} | {f.funder or ''} | {_number(f.amount_eur) if f.amount_eur is not None else ''}"
            for f in record.funding
        ),
        "budget": record.budget_eur,
        "implementers": "; ".join(record.implementers),
        "norms": "; ".join(n.code + ("" if n.primary else " (secondary)") for n in record.norms),
        "pillars": "; ".join(vocabulary.pillars[p].label for p in record.pillars),
        "themes": "; ".join(vocabulary.themes[t].name for t in record.themes),
        "parent": record.parent.ref if record.parent else None,
        "description": record.description,
        "website": record.website,
        "contact": record.contact,
        "source": record.source,
        "last_confirmed": record.last_confirmed,
    }


def export_portfolio(
    session: Session, *, actor: Actor, vocabulary: Vocabulary, filters: ProjectFilter | None = None
) -> tuple[bytes, int]:
    """The projects matching `filters` as an .xlsx, and how many there are. Data stewards and
    administrators export the portfolio."""
    authorise(session, actor, Permission.EXPORT)
    records = list_projects(session, filters=filters or ProjectFilter())
    return export_workbook(records, vocabulary), len(records)


def export_workbook(records: Sequence[ProjectRecord], vocabulary: Vocabulary) -> bytes:
    """The projects as an .xlsx in the template's layout."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _header(sheet)
    for record in records:
        cells = project_row(record, vocabulary)
        sheet.append([_cell(cells[c.field]) for c in COLUMNS])
    _date_formats(sheet, len(records) + 1)
    return _save(workbook)


def template_workbook(vocabulary: Vocabulary) -> bytes:
    """The blank project sheet: headings with comments, dropdowns, an example and instructions."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _header(sheet)
    lists = workbook.create_sheet("Lists")
    columns = {
        "instrument": [i.name for i in vocabulary.instruments.values()],
        "countries": [c.display_name for c in vocabulary.countries.values()],
        "norms": [f"{code}" for code in vocabulary.norms],
        "themes": [t.name for t in vocabulary.themes.values()],
        "status": list(STATUSES),
    }
    for index, (name, values) in enumerate(columns.items(), start=1):
        lists.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        letter = get_column_letter(index)
        source = f"{quote_sheetname('Lists')}!${letter}$2:${letter}${len(values) + 1}"
        strict = name == "status"
        validation = DataValidation(
            type="list", formula1=source, allow_blank=True, showErrorMessage=strict,
            error="Choose a status from the list." if strict else None,
            promptTitle=name.capitalize(), prompt="Pick from the list; several values can be typed, separated by ';'."
            if not strict else "Pick a status.", showInputMessage=True,
        )  # fmt: skip
        column = next(i for i, c in enumerate(COLUMNS, start=1) if c.field == name)
        validation.add(f"{get_column_letter(column)}2:{get_column_letter(column)}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    _example_sheet(workbook, vocabulary)
    _instructions_sheet(workbook)
    workbook.move_sheet("Lists", offset=2)
    return _save(workbook)


def _header(sheet: Worksheet) -> None:
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(column.comment, "CCB portfolio", width=320, height=140)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C2"


def _example_sheet(workbook: Workbook, vocabulary: Vocabulary) -> None:
    example = workbook.create_sheet("Example")
    _header(example)
    example.append([
        {"ref": "EXAMPLE-1", "title": "Strengthening national CSIRTs in the Western Balkans", "acronym": "WB-CSIRT",
         "status": "ongoing", "start": "01/03/2024", "end": "2027", "countries": "Western Balkans",
         "instrument": "IPA III", "funders": "DG NEAR", "budget": "€2.5m",
         "implementers": "e-Governance Academy (eGA); ENISA", "norms": "g; k; h (secondary)",
         "themes": "Cyber incident management and critical infrastructure protection",
         "description": "Incident response capacity, exercises and information sharing.",
         "website": "https://example.org/wb-csirt", "source": "Action document, 2023",
         }.get(c.field) for c in COLUMNS
    ])  # fmt: skip


def _instructions_sheet(workbook: Workbook) -> None:
    sheet = workbook.create_sheet("Instructions")
    lines = [
        "How to fill in the project sheet",
        "",
        "One row per project on the 'Projects' sheet; the 'Example' sheet shows a filled row.",
        "Title is required. Give a Reference when the project has one: a row with a known reference updates that "
        "project, a row without one is matched by its title.",
        "Lists (countries, funders, implementers, norms, themes) are separated by ';'. Region names such as "
        "'Western Balkans', 'EaP countries' or 'Southern Neighbourhood' stand for all their countries.",
        "Dates: 2024-03-01, 01/03/2024, 03/2024, March 2024 or 2024. Amounts in euros: 1200000, 1,200,000, €1.2m.",
        "An empty cell leaves the stored value as it is; it never deletes it.",
        "Hover over a heading to read what the column holds. Columns the portfolio does not know are listed as "
        "ignored in the import report.",
        "Nothing is written when a row has an error: the report lists each one with its row and column, and the "
        "download adds a 'Problems' column to your sheet.",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def _date_formats(sheet: Worksheet, last_row: int) -> None:
    for field_name in ("start", "end", "last_confirmed"):
        column = next(i for i, c in enumerate(COLUMNS, start=1) if c.field == field_name)
        for row in range(2, last_row + 1):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
    budget = next(i for i, c in enumerate(COLUMNS, start=1) if c.field == "budget")
    for row in range(2, last_row + 1):
        sheet.cell(row=row, column=budget).number_format = "#,##0.00"


def _cell(value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # stored text has none; never fail an export on one
    return neutralise(value)


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def figures_workbook(table: Any) -> bytes:
    """A table of figures (a DataFrame) as an .xlsx, text neutralised like every export."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Figures"
    sheet.append([str(c) for c in table.columns])
    for row in table.itertuples(index=False):
        sheet.append([_cell(v) for v in row])
    return _save(workbook)


def figures_csv(table: Any) -> bytes:
    """A table (a DataFrame) as UTF-8 CSV, its text neutralised against formulas like every export."""
    return table.map(neutralise).to_csv(index=False).encode("utf-8")
