"""Importing project sheets: what is read, what is refused, and that nothing is half-written."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio import migrate
from portfolio.db import make_engine
from portfolio.exporter import export_workbook, neutralise, template_workbook
from portfolio.importer import ImportLimits, ImportReport, UnreadableFile, import_workbook, read_sheet
from portfolio.models import AuditEvent, ImportBatch, Project
from portfolio.projects import ProjectFilter, find_project, list_projects
from portfolio.reference import Vocabulary, load_vocabulary
from portfolio.settings import Settings
from portfolio.sheets import COLUMNS
from tests.factories import admin, make_project
from tests.workbooks import messy_sheet, workbook_bytes


def run_import(session: Session, vocabulary: Vocabulary, data: bytes, **options: object) -> ImportReport:
    return import_workbook(
        session,
        file=io.BytesIO(data),
        file_name="sheet.xlsx",
        vocabulary=vocabulary,
        actor=admin("steward"),
        **options,  # type: ignore[arg-type]
    )


def project_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Project)) or 0)


def test_a_messy_sheet_is_read_as_the_sender_meant_it(session: Session, vocabulary: Vocabulary) -> None:
    report = run_import(session, vocabulary, messy_sheet())
    assert report.errors == ()
    assert (report.created, report.updated, report.unchanged, report.rejected) == (5, 0, 0, 0)
    assert report.committed
    assert report.sheet == "Projects"
    assert report.ignored_columns == ("Remarks",)

    drills = find_project(session, ref="WB-DRILLS")
    assert drills.country_codes == ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB")
    assert (drills.start_date, drills.end_date) == (date(2024, 3, 1), date(2026, 12, 31))
    assert drills.budget_eur == Decimal("1200000.00")
    assert [(f.instrument, f.amount_eur) for f in drills.funding] == [("IPA3", Decimal("1200000.00"))]
    assert [n.code for n in drills.norms] == ["g", "k"]
    assert drills.status == "ongoing"

    law = find_project(session, ref="EAP-LAW")
    assert set(law.country_codes) == {"ARM", "AZE", "BLR", "GEO", "MDA", "UKR"}
    assert (law.start_date, law.end_date) == (date(2024, 3, 1), date(2026, 12, 31))
    assert law.budget_eur == Decimal("850000.00")
    assert law.status == "pipeline"
    assert law.implementers == ("Council of Europe",)

    skills = find_project(session, ref="SN-SKILLS")
    assert skills.instruments == ("NDICI",)  # the merged instrument cell above it
    assert skills.budget_eur == Decimal("3500000.00")  # the formula's cached value
    assert [(n.code, n.primary) for n in skills.norms] == [("e", False)]
    assert skills.end_date == date(2027, 3, 31)

    turkiye = find_project(session, ref="TR-IPA")
    assert turkiye.country_codes == ("TUR",)
    assert turkiye.status == "completed"

    twinning = next(r for r in list_projects(session) if r.title.startswith("Bosnia and Herzegovina + Serbia"))
    assert twinning.country_codes == ("BIH", "SRB")
    assert twinning.ref is None
    assert twinning.source is not None
    assert twinning.source.startswith("Import batch ")


def test_importing_the_same_sheet_twice_changes_nothing_the_second_time(
    session: Session, vocabulary: Vocabulary
) -> None:
    run_import(session, vocabulary, messy_sheet())
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    again = run_import(session, vocabulary, messy_sheet())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events


def test_a_row_updates_the_stored_project_with_only_the_changed_fields(
    session: Session, vocabulary: Vocabulary
) -> None:
    stored = make_project(
        session,
        vocabulary,
        ref="MD-CERT",
        title="Moldova CERT support",
        budget_eur="500000",
        funding=[],
        acronym="MDCERT",
    )
    sheet = workbook_bytes(
        [["Reference", "Title", "Budget (EUR)", "Status"], ["MD-CERT", "Moldova CERT support", "650,000", "completed"]]
    )
    report = run_import(session, vocabulary, sheet)
    assert (report.updated, report.rows[0].changed_fields) == (1, ("status", "budget_eur"))
    updated = find_project(session, ref="MD-CERT")
    assert updated.budget_eur == Decimal("650000.00")
    assert updated.acronym == "MDCERT"  # not in the sheet: kept
    assert updated.source == f"Import batch {report.batch_id}: sheet.xlsx (sheet 'Projects')"
    assert updated.version == stored.version + 1
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert event.batch_id == report.batch_id
    assert event.actor == "steward"


def test_a_row_without_reference_is_matched_by_its_normalised_title(session: Session, vocabulary: Vocabulary) -> None:
    make_project(
        session, vocabulary, ref=None, title="Cyber South – cooperation on cybercrime", budget_eur="100", funding=[]
    )
    sheet = workbook_bytes([["Title", "Budget"], ["CYBER SOUTH: Cooperation on Cybercrime", "200"]])
    report = run_import(session, vocabulary, sheet)
    assert (report.created, report.updated) == (0, 1)


def test_any_error_and_nothing_is_written(session: Session, vocabulary: Vocabulary) -> None:
    before = project_count(session)
    sheet = workbook_bytes(
        [["Ref", "Title", "Start date", "Budget (EUR)", "Countries"],
         ["OK-1", "A good row", "2024-01-01", "1000", "Serbia"],
         ["BAD-1", "An impossible date", "31/02/2023", "1000", "Serbia"],
         ["BAD-2", "A negative budget", "2024-01-01", "-5", "Moldovia"]],
        title_block=["Title block"],
    )  # fmt: skip
    report = run_import(session, vocabulary, sheet)
    assert not report.committed
    assert (report.created, report.rejected) == (0, 2)
    assert project_count(session) == before
    assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0
    found = {(e.row, e.column, e.value) for e in report.errors}
    assert (4, "Start date", "31/02/2023") in found  # the Excel row number, the heading as written
    assert (5, "Budget (EUR)", "-5") in found
    assert (5, "Countries", "Moldovia") in found
    messages = " ".join(e.message for e in report.errors)
    assert "is not a date: no such day" in messages
    assert "Did you mean Moldova (MDA)?" in messages


def test_skip_invalid_writes_the_valid_rows_and_reports_the_rest(session: Session, vocabulary: Vocabulary) -> None:
    sheet = workbook_bytes([["Ref", "Title", "Start"], ["OK-1", "Good", "2024"], ["BAD-1", "", "2024"]])
    report = run_import(session, vocabulary, sheet, skip_invalid=True)
    assert report.committed
    assert (report.created, report.rejected) == (1, 1)
    assert report.errors[0].message == "a title is required"
    assert find_project(session, ref="OK-1").title == "Good"


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(session: Session, vocabulary: Vocabulary) -> None:
    report = run_import(session, vocabulary, messy_sheet(), dry_run=True)
    assert not report.committed
    assert report.created == 5
    assert project_count(session) == 0


def test_warnings_are_listed_apart_and_do_not_stop_the_import(session: Session, vocabulary: Vocabulary) -> None:
    sheet = workbook_bytes([["Title", "Countries", "Instrument"], ["IPA in Egypt", "Egypt", "IPA III"]])
    report = run_import(session, vocabulary, sheet)
    assert report.committed
    assert report.errors == ()
    assert report.warnings[0].column == "Instrument"
    assert "Egypt" in report.warnings[0].message


def test_a_reference_twice_in_one_sheet_is_an_error(session: Session, vocabulary: Vocabulary) -> None:
    sheet = workbook_bytes([["Ref", "Title"], ["X-1", "First"], ["X-1", "Second"]])
    report = run_import(session, vocabulary, sheet)
    assert report.errors[0].row == 3
    assert "already used in row 2" in report.errors[0].message


def test_a_component_may_name_a_programme_created_by_the_same_sheet(session: Session, vocabulary: Vocabulary) -> None:
    sheet = workbook_bytes(
        [["Ref", "Title", "Parent reference"], ["CHILD", "Component", "PROG"], ["PROG", "Programme", None]]
    )
    report = run_import(session, vocabulary, sheet)
    assert report.created == 2
    child = find_project(session, ref="CHILD")
    assert child.parent is not None
    assert child.parent.ref == "PROG"


def test_csv_in_utf8_with_bom_and_semicolons_is_accepted(session: Session, vocabulary: Vocabulary) -> None:
    text = "Ref;Title;Countries;Budget (EUR)\r\nCSV-1;Côte d'Ivoire cyber strategy;Côte d'Ivoire;1.500.000\r\n"
    report = run_import(session, vocabulary, text.encode("utf-8-sig"))
    assert report.created == 1
    project = find_project(session, ref="CSV-1")
    assert project.country_codes == ("CIV",)
    assert project.budget_eur == Decimal("1500000.00")


def test_the_sheet_can_be_chosen_by_name(session: Session, vocabulary: Vocabulary) -> None:
    data = workbook_bytes(
        [["notes"]], extra_sheets={"Second": [["Title", "Countries"], ["From the second", "Georgia"]]}
    )
    assert run_import(session, vocabulary, data).sheet == "Second"  # the first sheet with a header row
    with pytest.raises(
        UnreadableFile, match=re.escape("There is no sheet 'Third'. The workbook has: Projects, Second")
    ):
        run_import(session, vocabulary, data, sheet="Third")


def test_export_then_import_into_the_same_database_changes_nothing(session: Session, vocabulary: Vocabulary) -> None:
    from portfolio.demo import load_demo

    load_demo(session, vocabulary=vocabulary, actor=admin("demo"))
    records = list_projects(session, filters=ProjectFilter(include_archived=True))
    report = run_import(session, vocabulary, export_workbook(records, vocabulary))
    assert report.errors == ()
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(records))


def test_export_neutralises_formulas_and_imports_them_back_as_text(session: Session, vocabulary: Vocabulary) -> None:
    make_project(
        session,
        vocabulary,
        ref="HOSTILE",
        title='=HYPERLINK("http://evil.example","click")',
        description="+cmd|' /C calc'!A0",
        contact="@SUM(1+1)",
        acronym="-2+3",
    )
    data = export_workbook(list_projects(session), vocabulary)
    sheet = load_workbook(io.BytesIO(data))["Projects"]
    values = [c.value for c in sheet[2]]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert "'+cmd|' /C calc'!A0" in values
    assert all(c.data_type != "f" for c in sheet[2])
    assert all(c.hyperlink is None for c in sheet[2])
    report = run_import(session, vocabulary, data)
    assert report.unchanged == 1


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "'=already quoted"])
def test_text_a_spreadsheet_would_run_is_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


def test_the_template_explains_its_columns_and_offers_dropdowns(vocabulary: Vocabulary) -> None:
    workbook = load_workbook(io.BytesIO(template_workbook(vocabulary)))
    assert workbook.sheetnames[:3] == ["Projects", "Example", "Instructions"]
    projects = workbook["Projects"]
    assert [c.value for c in projects[1]] == [c.header for c in COLUMNS]
    assert all(c.comment is not None and c.comment.text for c in projects[1])
    validated = {str(v.sqref).split(":")[0] for v in projects.data_validations.dataValidation}
    letters = {c.field: chr(ord("A") + i) for i, c in enumerate(COLUMNS)}
    assert {f"{letters[f]}2" for f in ("instrument", "status", "norms", "themes", "countries")} <= validated
    assert workbook["Lists"].sheet_state == "hidden"
    assert projects.max_row == 1  # no example row where it would be imported


def test_the_example_row_of_the_template_imports_cleanly(session: Session, vocabulary: Vocabulary) -> None:
    report = run_import(session, vocabulary, template_workbook(vocabulary), sheet="Example")
    assert report.errors == ()
    assert report.created == 1


def test_the_committed_template_is_the_generated_one(vocabulary: Vocabulary) -> None:
    from portfolio.settings import PROJECT_ROOT

    committed = load_workbook(PROJECT_ROOT / "imports" / "template.xlsx")
    generated = load_workbook(io.BytesIO(template_workbook(vocabulary)))
    for name in generated.sheetnames:
        assert [[c.value for c in r] for r in committed[name].iter_rows()] == [
            [c.value for c in r] for r in generated[name].iter_rows()
        ], f"imports/template.xlsx is out of date: run `python -m portfolio template imports/template.xlsx` ({name})"


# --- hostile and unusable files ----------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel 97-2003 workbook (.xls)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100,
         "protected with a password"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
         "OpenDocument spreadsheet (.ods)"),
        (_zip({"word/document.xml": b"<x/>"}), "not an Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet"),
        (b"Ref,Title\r\n\xff\xfe broken", "neither an Excel workbook nor a UTF-8 CSV"),
        (b"just some words\nno header here", "No header row was found"),
    ],
)  # fmt: skip
def test_an_unusable_file_is_refused_with_what_to_do(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile, match=re.escape(message)):
        read_sheet(io.BytesIO(data))


def test_a_truncated_workbook_is_refused_as_damaged() -> None:
    data = messy_sheet()
    with pytest.raises(UnreadableFile, match="damaged or incomplete"):
        read_sheet(io.BytesIO(data[: len(data) // 2]))


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(UnreadableFile, match="larger than 1 MB"):
        read_sheet(io.BytesIO(b"x" * (1024 * 1024 + 1)), limits=ImportLimits(max_bytes=1024 * 1024))


def test_a_zip_bomb_is_refused_by_its_uncompressed_size() -> None:
    bomb = _zip({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"\x00" * (50 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(UnreadableFile, match="unpacks to 50 MB"):
        read_sheet(io.BytesIO(bomb), limits=ImportLimits(max_uncompressed_bytes=10 * 1024 * 1024))


def test_a_sheet_over_the_row_limit_is_refused() -> None:
    rows = [["Title", "Countries"]] + [[f"Project {n}", "Serbia"] for n in range(60)]
    with pytest.raises(UnreadableFile, match="more than 50 rows"):
        read_sheet(io.BytesIO(workbook_bytes(rows)), limits=ImportLimits(max_rows=50))


def test_an_overlong_cell_is_a_row_error(session: Session, vocabulary: Vocabulary) -> None:
    sheet = workbook_bytes([["Title", "Description"], ["Long", "x" * 200]])
    report = import_workbook(session, file=io.BytesIO(sheet), file_name="s.xlsx", vocabulary=vocabulary,
                             actor=admin("s"), limits=ImportLimits(max_cell_chars=100))  # fmt: skip
    assert report.rejected == 1
    assert "200 characters" in report.errors[0].message


def test_html_in_cells_is_stored_as_text(session: Session, vocabulary: Vocabulary) -> None:
    sheet = workbook_bytes([["Title", "Description"], ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]])
    run_import(session, vocabulary, sheet)
    stored = list_projects(session)[0]
    assert stored.title == "<script>alert(1)</script>"
    assert stored.description == "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("Western Balkans", ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]),
        ("WB6", ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]),
        ("Eastern Partnership", ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]),
        ("EaP", ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]),
        ("EaP countries", ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]),
        ("Eastern Neighbourhood", ["ARM", "AZE", "BLR", "GEO", "MDA", "UKR"]),
        ("Southern Neighbourhood", ["DZA", "EGY", "ISR", "JOR", "LBN", "LBY", "MAR", "PSE", "SYR", "TUN"]),
        ("Southern Neighbourhood countries", ["DZA", "EGY", "ISR", "JOR", "LBN", "LBY", "MAR", "PSE", "SYR", "TUN"]),
        ("Serbia, WB6 and Türkiye", ["SRB", "ALB", "BIH", "XKX", "MNE", "MKD", "TUR"]),
        ("Moldovia", ["Moldovia"]),  # left as written, for validation to report with suggestions
    ],
)
def test_region_names_in_a_country_cell_stand_for_their_countries(
    vocabulary: Vocabulary, written: str, codes: list[str]
) -> None:
    assert sorted(vocabulary.countries_in_text(written)) == sorted(codes)


def test_an_import_that_fails_halfway_leaves_the_database_as_before(tmp_path: Path) -> None:
    """A crash while writing (here: the progress callback fails once projects are being created)
    rolls back everything the import had written, its batch included."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'crash.db'}")
    migrate.upgrade(settings)
    engine = make_engine(settings)
    with Session(engine) as session, session.begin():
        vocabulary = load_vocabulary(session)

    def crash(share: float, _message: str) -> None:
        if share >= 0.8:
            raise RuntimeError("power cut")

    rows = [["Ref", "Title"]] + [[f"C-{n}", f"Project {n}"] for n in range(5)] + [["C-0", "Project 0 renamed"]]
    first = workbook_bytes(rows[:6])
    with Session(engine) as session, session.begin():
        run_import(session, vocabulary, first)
    second = workbook_bytes([["Ref", "Title"], ["C-0", "Renamed"], ["C-9", "New one"]])
    with pytest.raises(RuntimeError, match="power cut"), Session(engine) as session, session.begin():
        run_import(session, vocabulary, second, progress=crash)
    with Session(engine) as session:
        assert project_count(session) == 5
        assert find_project(session, ref="C-0").title == "Project 0"
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 1
    engine.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80).filter(
        lambda t: t.strip() and ";" not in t
    ),
    description=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
    budget=st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2),
    countries=st.lists(st.sampled_from(["SRB", "XKX", "PSE", "CIV", "BIH", "MDA", "TUR"]), min_size=1, max_size=4,
                       unique=True),
    norms=st.lists(st.sampled_from("abcdefghijk"), max_size=3, unique=True),
)  # fmt: skip
def test_any_exported_project_imports_back_unchanged(
    session: Session, vocabulary: Vocabulary, title: str, description: str, budget: Decimal,
    countries: list[str], norms: list[str],
) -> None:  # fmt: skip
    with session.begin_nested() as example:
        make_project(
            session, vocabulary, ref="ROUND-TRIP", title=title, description=description or None,
            budget_eur=str(budget), countries=countries, norms=norms, funding=[],
        )  # fmt: skip
        data = export_workbook(list_projects(session), vocabulary)
        report = run_import(session, vocabulary, data)
        assert report.errors == ()
        assert (report.unchanged, report.updated, report.created) == (1, 0, 0)
        example.rollback()


def test_import_limits_come_from_the_environment() -> None:
    from portfolio.importer import limits_from
    from portfolio.settings import load_settings

    limits = limits_from(load_settings({"PORTFOLIO_IMPORT_MAX_MB": "5", "PORTFOLIO_IMPORT_MAX_ROWS": "100"}))
    assert (limits.max_bytes, limits.max_rows, limits.max_cell_chars) == (5 * 1024 * 1024, 100, 10_000)
    with pytest.raises(ValueError, match="PORTFOLIO_IMPORT_MAX_ROWS must be a whole number above 0"):
        load_settings({"PORTFOLIO_IMPORT_MAX_ROWS": "-3"})


def test_the_preview_marks_new_rows_that_look_like_stored_projects_or_each_other(
    session: Session, vocabulary: Vocabulary
) -> None:
    make_project(
        session,
        vocabulary,
        ref="CYBERSOUTH",
        title="Cooperation on cybercrime in the Southern Neighbourhood",
        countries=["DZA", "JOR", "MAR"],
        implementers=["Council of Europe"],
        funding=[],
        budget_eur="5000000",
    )
    sheet = workbook_bytes([
        ["Title", "Countries", "Implementer", "Budget"],
        ["Cyber South: cooperation on cybercrime in the Southern Neighbourhood", "Algeria; Jordan; Morocco", "CoE",
         "5000000"],
        ["Strengthening the national CSIRT of Moldova", "Moldova", "RIA", "900000"],
        ["Strenghtening the national CSIRT of Moldova", "Republic of Moldova", "RIA", "900000"],
        ["Digital government in Jordan", "Jordan", "UNDP", "900000"],
    ])  # fmt: skip
    report = run_import(session, vocabulary, sheet, dry_run=True, find_lookalikes=True)
    marks = {r.row: r.lookalikes for r in report.rows}
    assert marks[2] == ("CYBERSOUTH",)
    assert marks[3] == ("row 4",)
    assert marks[4] == ("row 3",)
    assert marks[5] == ()


def test_a_macro_enabled_workbook_is_read_for_its_values_only(session: Session, vocabulary: Vocabulary) -> None:
    """An .xlsm is imported like an .xlsx: its cell values are read and its macros never run."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["Ref", "Title"], ["XLSM-1", "From a macro workbook"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as macro_book:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            macro_book.writestr(item, content)
        macro_book.writestr("xl/vbaProject.bin", b"\x00" * 64)  # a macro project that must not matter
    report = import_workbook(session, file=io.BytesIO(out.getvalue()), file_name="sheet.xlsm", vocabulary=vocabulary,
                             actor=admin("steward"))  # fmt: skip
    assert report.created == 1
    assert find_project(session, ref="XLSM-1").title == "From a macro workbook"
