"""The command line, through a real subprocess, as scripts and later issues rely on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portfolio.settings import PROJECT_ROOT
from tests.databases import empty_database, postgres_problem
from tests.workbooks import messy_sheet, workbook_bytes

CONTRACT_KEYS = {
    "ref",
    "title",
    "acronym",
    "status",
    "start_date",
    "end_date",
    "budget_eur",
    "countries",
    "regions",
    "instruments",
    "funding",
    "funders",
    "implementers",
    "norms",
    "themes",
    "parent",
    "version",
    "updated_at",
    "updated_by",
}


def run_cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PORTFOLIO_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "portfolio", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'cli.db'}"
    assert run_cli("db", "upgrade", url=url).returncode == 0
    loaded = run_cli("demo", url=url)
    assert loaded.returncode == 0, loaded.stderr
    return url


def test_help_documents_every_command() -> None:
    for args in (
        ["--help"],
        ["db", "--help"],
        ["db", "upgrade", "--help"],
        ["demo", "--help"],
        ["list", "--help"],
        ["show", "--help"],
    ):
        result = run_cli(*args, url="sqlite://")
        assert result.returncode == 0, args
        assert "usage: python -m portfolio" in result.stdout
    assert "--region" in run_cli("list", "--help", url="sqlite://").stdout


def test_demo_twice_adds_nothing_the_second_time(demo_url: str) -> None:
    again = run_cli("demo", url=demo_url)
    assert again.returncode == 0
    assert "0 projects added" in again.stdout
    assert len(json.loads(run_cli("list", "--json", url=demo_url).stdout)) >= 40


def test_list_json_gives_exactly_the_contract_keys(demo_url: str) -> None:
    result = run_cli("list", "--json", url=demo_url)
    assert result.returncode == 0
    projects = json.loads(result.stdout)
    assert all(set(p) == CONTRACT_KEYS for p in projects)
    glacy = next(p for p in projects if p["ref"] == "GLACY-E")
    assert glacy["budget_eur"] == "5550000.00"
    assert glacy["start_date"] == "2023-08-01"
    assert glacy["norms"] == ["d", "e"]
    assert glacy["funding"][0] == {
        "instrument": "NDICI",
        "funder": "European Commission - FPI",
        "amount_eur": "5000000.00",
    }
    kosovo = next(p for p in projects if p["ref"] == "XK-CYBER")
    assert kosovo["countries"] == ["XKX"]
    assert kosovo["regions"] == ["WB"]


def test_list_filters_by_region_norm_and_instrument(demo_url: str) -> None:
    result = run_cli("list", "--json", "--region", "WB", "--norm", "13(g)", "--instrument", "IPA III", url=demo_url)
    projects = json.loads(result.stdout)
    assert projects
    assert all("WB" in p["regions"] and "g" in p["norms"] and "IPA3" in p["instruments"] for p in projects)


def test_show_prints_one_project_as_json_or_text(demo_url: str) -> None:
    as_json = run_cli("show", "CYBEREAST", "--json", url=demo_url)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["regions"] == ["EN"]
    as_text = run_cli("show", "XK-CYBER", url=demo_url)
    assert "Kosovo*" in as_text.stdout
    assert "UNSCR 1244/1999" in as_text.stdout


def test_a_missing_project_exits_1_with_the_reason_on_stderr(demo_url: str) -> None:
    result = run_cli("show", "NO-SUCH-REF", url=demo_url)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "There is no project with reference 'NO-SUCH-REF'" in result.stderr


def test_an_unknown_filter_value_exits_1_and_suggests(demo_url: str) -> None:
    result = run_cli("list", "--country", "Moldovia", url=demo_url)
    assert result.returncode == 1
    assert "Did you mean Moldova (MDA)?" in result.stderr


def test_a_usage_error_exits_2(demo_url: str) -> None:
    assert run_cli("list", "--active-from", "31/02/2023", url=demo_url).returncode == 2
    assert run_cli("frobnicate", url=demo_url).returncode == 2


def test_an_unreachable_database_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    result = run_cli("list", url=f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    assert result.returncode == 2
    assert "cannot be reached" in result.stderr or "not set up" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_database_not_yet_migrated_says_how_to_set_it_up(tmp_path: Path) -> None:
    result = run_cli("list", url=f"sqlite:///{tmp_path / 'new.db'}")
    assert result.returncode == 2
    assert "python -m portfolio db upgrade" in result.stderr


def test_the_cli_works_on_postgresql_too(tmp_path: Path) -> None:
    if problem := postgres_problem():
        pytest.skip(f"{problem}: PostgreSQL runs skipped")
    with empty_database("postgresql", tmp_path) as url:
        assert run_cli("db", "upgrade", url=url).returncode == 0
        assert run_cli("demo", "--if-empty", url=url).returncode == 0
        assert "already holds projects" in run_cli("demo", "--if-empty", url=url).stdout
        projects = json.loads(run_cli("list", "--json", "--country", "Moldova", url=url).stdout)
        assert {"MD-CYBER", "MD-CSIRT-EE", "EPF-MD"} <= {p["ref"] for p in projects}


REPORT_KEYS = {"file", "sheet", "created", "updated", "unchanged", "rejected", "warnings", "errors", "committed"}


def _fresh(tmp_path: Path, name: str) -> str:
    url = f"sqlite:///{tmp_path / name}"
    assert run_cli("db", "upgrade", url=url).returncode == 0
    return url


def test_import_prints_the_report_contract_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    url = _fresh(tmp_path, "import.db")
    sheet = tmp_path / "delegation.xlsx"
    sheet.write_bytes(messy_sheet())
    first = run_cli("import", str(sheet), "--json", url=url)
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert set(report) == REPORT_KEYS
    assert (report["created"], report["committed"], report["file"]) == (5, True, "delegation.xlsx")
    second = json.loads(run_cli("import", str(sheet), "--json", url=url).stdout)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 5)


def test_import_with_rejected_rows_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    url = _fresh(tmp_path, "rejected.db")
    sheet = tmp_path / "bad.xlsx"
    sheet.write_bytes(
        workbook_bytes([["Ref", "Title", "Start"], ["A-1", "Fine", "2024"], ["A-2", "Bad", "31/02/2023"]])
    )
    result = run_cli("import", str(sheet), "--json", url=url)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["committed"] is False
    assert report["errors"] == [
        {"row": 3, "column": "Start", "value": "31/02/2023", "message": "'31/02/2023' is not a date: no such day"}
    ]
    assert json.loads(run_cli("list", "--json", url=url).stdout) == []
    skipped = run_cli("import", str(sheet), "--skip-invalid", url=url)
    assert skipped.returncode == 1
    assert [p["ref"] for p in json.loads(run_cli("list", "--json", url=url).stdout)] == ["A-1"]


def test_import_of_an_unusable_file_exits_2_and_says_what_to_do(tmp_path: Path) -> None:
    url = _fresh(tmp_path, "unusable.db")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    result = run_cli("import", str(old), url=url)
    assert result.returncode == 2
    assert "save it as .xlsx" in result.stderr
    assert run_cli("import", str(tmp_path / "missing.xlsx"), url=url).returncode == 2


def test_an_export_recreates_the_portfolio_in_an_empty_database(demo_url: str, tmp_path: Path) -> None:
    exported = tmp_path / "portfolio.xlsx"
    result = run_cli("export", str(exported), url=demo_url)
    assert result.returncode == 0
    same = json.loads(run_cli("import", str(exported), "--json", url=demo_url).stdout)
    assert (same["created"], same["updated"]) == (0, 0)
    empty = _fresh(tmp_path, "empty.db")
    recreated = json.loads(run_cli("import", str(exported), "--json", url=empty).stdout)
    original = json.loads(run_cli("list", "--json", url=demo_url).stdout)
    assert recreated["created"] == len(original)
    copy = json.loads(run_cli("list", "--json", url=empty).stdout)
    volatile = {"version", "updated_at", "updated_by"}
    assert [{k: v for k, v in p.items() if k not in volatile} for p in copy] == [
        {k: v for k, v in p.items() if k not in volatile} for p in original
    ]


def test_export_takes_the_list_filters_and_template_writes_the_blank_sheet(demo_url: str, tmp_path: Path) -> None:
    exported = tmp_path / "wb.xlsx"
    assert "projects to" in run_cli("export", str(exported), "--region", "WB", url=demo_url).stdout
    titles = [r[1].value for r in load_workbook(exported)["Projects"].iter_rows(min_row=2)]
    assert titles
    assert all(isinstance(t, str) for t in titles)
    template = tmp_path / "template.xlsx"
    assert run_cli("template", str(template), url=demo_url).returncode == 0
    assert load_workbook(template).sheetnames[:3] == ["Projects", "Example", "Instructions"]


def test_coverage_prints_the_figures_contract(demo_url: str) -> None:
    result = run_cli("coverage", "--json", "--by", "region", url=demo_url)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["key"] for r in rows} == {"WB", "EN", "SN"}
    assert all(set(r) == {"key", "projects", "budget_eur", "equal_split_eur"} for r in rows)
    by_norm = json.loads(run_cli("coverage", "--json", "--by", "norm", url=demo_url).stdout)
    assert all(set(r) == {"key", "projects", "budget_eur"} for r in by_norm)
    assert {r["key"] for r in by_norm} <= set("abcdefghijk")
    countries = json.loads(run_cli("coverage", "--json", "--by", "country", "--region", "WB", url=demo_url).stdout)
    assert "XKX" in {r["key"] for r in countries}


def test_map_writes_one_self_contained_html_file(demo_url: str, tmp_path: Path) -> None:
    out = tmp_path / "wb.html"
    result = run_cli("map", str(out), "--metric", "projects", "--region", "WB", url=demo_url)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "<script src=" not in page
    assert "fitBounds" in page
    assert run_cli("map", str(out), "--metric", "colour", url=demo_url).returncode == 2


def test_duplicates_prints_pairs_best_first_in_the_contract(demo_url: str) -> None:
    result = run_cli("duplicates", "--json", url=demo_url)
    assert result.returncode == 0, result.stderr
    pairs = json.loads(result.stdout)
    assert pairs
    assert all(set(p) == {"kind", "score", "a", "b", "reasons"} for p in pairs)
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    same = json.loads(
        run_cli("duplicates", "--json", "--kind", "same-record", "--min-score", "80", url=demo_url).stdout
    )
    assert same
    assert all(p["kind"] == "same-record" and p["score"] >= 80 for p in same)
    assert run_cli("duplicates", "--min-score", "130", url=demo_url).returncode == 2
