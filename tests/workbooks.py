"""Project sheets built in code, with the messy features real senders' sheets have."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook


def workbook_bytes(
    rows: list[list[Any]],
    *,
    title_block: list[str] = (),  # type: ignore[assignment]
    merges: list[str] = (),  # type: ignore[assignment]
    sheet_name: str = "Projects",
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_name
    for line in title_block:
        sheet.append([line])
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for name, extra_rows in (extra_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_cached_formula(data: bytes, cell: str, formula: str, cached: str) -> bytes:
    """Turn a cell into a formula with a cached value, as Excel saves it (openpyxl cannot)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = content.decode()
                xml = re.sub(
                    rf'<c r="{cell}"([^>]*)>.*?</c>',
                    lambda m: f'<c r="{cell}"{_without_type(m.group(1))}><f>{formula}</f><v>{cached}</v></c>',
                    xml,
                    count=1,
                )
                content = xml.encode()
            target.writestr(item, content)
    return out.getvalue()


def _without_type(attributes: str) -> str:
    return re.sub(r' t="\w+"', "", attributes)


MESSY_HEADER = [
    "Ref.", "Name of the action", "Beneficiary country(ies)", "Financing instrument", "Donor(s)",
    "EU contribution (EUR)", "Start", "End", "UN GGE norms", "Thematic area", "Implementing partner(s)", "Status",
    "Remarks",
]  # fmt: skip


def messy_sheet() -> bytes:
    """A delegation's sheet: a title block, synonyms, merged cells, a formula, regions, text dates."""
    rows = [
        MESSY_HEADER,
        ["WB-DRILLS", "Regional cyber drills", "Western Balkans", "IPA III", "DG NEAR", "€1.2m", "01/03/2024",
         "2026", "13(g), k", "Cyber incident management and critical infrastructure protection",
         "e-Governance Academy (eGA)", "on-going", "priority"],
        ["EAP-LAW", "Cybercrime legislation in the Eastern Partnership", "EaP countries", "NDICI-Global Europe",
         "DG NEAR", "850k", "Mar-24", "12/2026", "d", "Cybercrime", "Council of Europe (CoE)", "planned", ""],
        ["SN-SKILLS", "Cyber skills for youth", "Jordan; Lebanon", None, "DG NEAR", "3,5 M€", "2024-09-01",
         "March 2027", "norm e (secondary)", "Cyber security culture and skills", "UNDP", "Ongoing", "   "],
        [None, None, None, None, None, None, None, None, None, None, None, None, None],
        ["TR-IPA", "Türkiye: e-evidence", "Turkey", "IPA 3", "DG NEAR", "1,200,000", "1.3.2024", "2025-12-31", "d",
         "Cybercrime", "Council of Europe", "closed", "=1+1 (typed as text)"],
        [None, "Bosnia and Herzegovina + Serbia CSIRT twinning", "Bosnia and Herzegovina + Serbia", "IPA III",
         "Government of Estonia", "EUR 1.2 million", "2024", "2025", "g", "Cyber incident management and critical "
         "infrastructure protection", "RIA", "ongoing", None],
    ]  # fmt: skip
    data = workbook_bytes(
        rows,
        title_block=["EU Delegation — cyber projects", "Status as of 1 November 2024", ""],
        merges=["A1:M1", "D6:D7"],  # title across the top; SN-SKILLS takes the instrument above it
    )
    # The SN-SKILLS row's budget is a formula with its cached value, as Excel saves it.
    return with_cached_formula(data, "F7", "3000000+500000", "3500000")
