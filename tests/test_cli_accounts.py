"""The command line's accounts, --user, dump and load, through a real subprocess."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from tests.accounts import PASSWORD
from tests.test_cli import run_cli
from tests.workbooks import workbook_bytes


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cli-accounts")
    url = f"sqlite:///{folder / 'accounts.db'}"
    assert run_cli("db", "upgrade", url=url).returncode == 0
    assert run_cli("demo", url=url).returncode == 0
    secret = folder / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    for name, role in (("ada", "admin"), ("vera", "viewer"), ("sam", "data-steward")):
        added = run_cli("users", "add", name, "--role", role, "--password-file", str(secret), url=url)
        assert added.returncode == 0, added.stderr
    return url


def test_users_are_added_listed_changed_and_disabled(url: str, tmp_path: Path) -> None:
    listed = json.loads(run_cli("users", "list", "--json", url=url).stdout)
    assert {(u["name"], u["role"]) for u in listed} >= {("ada", "admin"), ("vera", "viewer")}
    assert all("password" not in key for u in listed for key in u)
    weak = tmp_path / "weak.txt"
    weak.write_text("password1234", encoding="utf-8")
    refused = run_cli("users", "add", "bob", "--role", "viewer", "--password-file", str(weak), url=url)
    assert refused.returncode == 1
    assert "too common" in refused.stderr
    no_terminal = run_cli("users", "add", "bob", "--role", "viewer", url=url)  # no tty, no file
    assert no_terminal.returncode == 2
    assert "--password-file" in no_terminal.stderr
    assert run_cli("users", "set-role", "vera", "board-member", url=url).returncode == 0
    assert run_cli("users", "set-role", "vera", "viewer", url=url).returncode == 0
    assert run_cli("users", "set-role", "vera", "emperor", url=url).returncode == 1
    assert run_cli("users", "disable", "nobody", url=url).returncode == 1


def test_a_viewer_cannot_import_from_the_command_line_and_nothing_is_written(url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.xlsx"
    sheet.write_bytes(workbook_bytes([["Title", "Beneficiary countries"], ["Viewer's import attempt", "Serbia"]]))
    before = run_cli("audit", "--json", "--limit", "100000", url=url).stdout
    refused = run_cli("--user", "vera", "import", str(sheet), url=url)
    assert refused.returncode == 1
    assert "vera (viewer) may not import sheets" in refused.stderr
    assert "Viewer's import attempt" not in run_cli("list", "--text", "import attempt", url=url).stdout
    assert run_cli("audit", "--json", "--limit", "100000", url=url).stdout == before
    allowed = run_cli("--user", "sam", "import", str(sheet), url=url)
    assert allowed.returncode == 0, allowed.stderr
    events = json.loads(run_cli("audit", "--json", "--record", "", "--actor", "sam", url=url).stdout)
    assert events
    assert events[0]["batch"].endswith("sheet.xlsx")
    unknown = run_cli("--user", "nobody", "list", url=url)
    assert unknown.returncode == 1
    assert "no account named nobody" in unknown.stderr
    assert run_cli("--user", "vera", "list", url=url).returncode == 0  # a viewer reads


def test_without_user_the_cli_acts_as_the_os_account_and_the_audit_says_so(url: str) -> None:
    assert run_cli("users", "set-role", "sam", "board-member", url=url).returncode == 0
    events = json.loads(run_cli("audit", "--json", "--subject", "user", "--record", "sam", url=url).stdout)
    assert events[0]["actor"] == f"{getpass.getuser()} (OS account)"
    assert events[0]["changes"] == {"role": ["data-steward", "board-member"]}
    assert run_cli("users", "set-role", "sam", "data-steward", url=url).returncode == 0
    assert run_cli("--user", "vera", "users", "list", url=url).returncode == 1


def test_dump_and_load_move_the_portfolio_to_a_new_database(url: str, tmp_path: Path) -> None:
    dump = tmp_path / "portfolio.json"
    refused = run_cli("--user", "sam", "dump", str(dump), url=url)
    assert refused.returncode == 1  # it holds password hashes: administrators only
    written = run_cli("dump", str(dump), url=url)
    assert written.returncode == 0, written.stderr
    assert "project" in written.stdout
    target = f"sqlite:///{tmp_path / 'moved.db'}"
    assert run_cli("db", "upgrade", url=target).returncode == 0
    loaded = run_cli("load", str(dump), url=target)
    assert loaded.returncode == 0, loaded.stderr
    assert (
        run_cli("list", "--json", "--include-archived", url=target).stdout
        == run_cli("list", "--json", "--include-archived", url=url).stdout
    )
    assert run_cli("load", str(dump), url=target).returncode == 1  # not into a database with data
    (tmp_path / "junk.json").write_text("{not json", encoding="utf-8")
    assert run_cli("load", str(tmp_path / "junk.json"), url=target).returncode == 2
