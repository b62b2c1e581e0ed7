"""The layering rules of DESIGN.md section 3, and the code's own checks (lint, types)."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from portfolio.settings import PROJECT_ROOT

BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False)


def test_the_import_contract_covers_every_module_below_the_ui() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    contract = config["tool"]["importlinter"]["contracts"][0]
    modules = {
        "portfolio." + path.stem
        for path in (PROJECT_ROOT / "portfolio").glob("*.py")
        if path.stem not in {"__init__", "__main__"}
    }
    assert set(contract["source_modules"]) == modules, "list every non-UI module in the import-linter contract"


def test_only_the_ui_imports_streamlit_and_nothing_imports_the_ui() -> None:
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_files_contain_no_sql_and_no_html() -> None:
    for page in [PROJECT_ROOT / "app.py", *(PROJECT_ROOT / "portfolio" / "ui").rglob("*.py")]:
        tree = ast.parse(page.read_text())
        imported = {
            alias.name if isinstance(node, ast.Import) else f"{node.module}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not any(name.startswith(("sqlalchemy.sql", "sqlalchemy.orm.query")) for name in imported), page
        assert "unsafe_allow_html" not in page.read_text(), f"{page} builds raw HTML"


def test_the_app_never_creates_tables_outside_migrations() -> None:
    offenders = [p for p in (PROJECT_ROOT / "portfolio").rglob("*.py") if "create_all" in p.read_text()]
    assert offenders == []


def test_ruff_finds_nothing_and_the_code_is_formatted() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout
    formatted = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout


@pytest.mark.slow
def test_mypy_finds_no_type_errors() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout
