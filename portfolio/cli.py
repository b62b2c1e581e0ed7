"""Command line: ``python -m portfolio --help``.

Exit codes: 0 success; 1 a validation error or something not found (message on stderr);
2 a usage error, unreadable input or an unreachable database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from portfolio import migrate
from portfolio.access import actor_named
from portfolio.accounts import (
    MIN_PASSWORD_LENGTH,
    UserRecord,
    add_user,
    disable_user,
    enable_user,
    list_users,
    set_password,
    set_role,
    unlock_user,
)
from portfolio.audit import SUBJECTS, AuditFilter, AuditRow, list_audit
from portfolio.coverage import METRICS, RULES, portfolio_coverage
from portfolio.db import describe_database_problem, make_engine, make_sessionmaker, safe_url
from portfolio.demo import load_demo, portfolio_is_empty
from portfolio.duplicates import OVERLAP, SAME_RECORD, THRESHOLDS, find_duplicates
from portfolio.errors import DatabaseUnavailable, PortfolioError
from portfolio.exporter import export_portfolio, template_workbook
from portfolio.importer import ImportReport, UnreadableFile, import_workbook, limits_from
from portfolio.permissions import ROLE_CODES, Actor, os_account
from portfolio.projects import ProjectFilter, ProjectRecord, find_project, list_projects
from portfolio.reference import STATUSES, Vocabulary, load_vocabulary, match_status
from portfolio.settings import Settings, load_settings
from portfolio.transfer import dump_counts, dump_portfolio, load_portfolio

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m portfolio",
        description="The EU Cyber Capacity Building Board's project portfolio, from the command line.",
        epilog="Exit codes: 0 success, 1 validation error or not found, 2 usage error or unreadable input. "
        "The database is PORTFOLIO_DATABASE_URL (default: portfolio.db in the project folder).",
    )
    parser.add_argument("--database-url", help="database to use instead of PORTFOLIO_DATABASE_URL")
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="act as this account, held to its role (default: the operating-system account, with "
        "administrator rights; the audit trail records it)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    db = commands.add_parser("db", help="set up or migrate the database", description="Database schema migrations.")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_commands.add_parser("upgrade", help="upgrade the database to the newest schema (creates it if new)")
    up.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    up.set_defaults(handler=_db_upgrade)
    down = db_commands.add_parser("downgrade", help="downgrade the database to an older schema")
    down.add_argument("revision", help="target revision, e.g. base or -1")
    down.set_defaults(handler=_db_downgrade)
    db_commands.add_parser("current", help="show the schema revision the database is at").set_defaults(
        handler=_db_current
    )
    db_commands.add_parser("check", help="check that the models and the migrations agree").set_defaults(
        handler=_db_check
    )

    demo = commands.add_parser(
        "demo",
        help="load the demo portfolio (running it twice adds nothing)",
        description="Load the demo portfolio of realistic projects. Projects already present are skipped.",
    )
    demo.add_argument("--if-empty", action="store_true", help="only when the database holds no project yet")
    demo.set_defaults(handler=_demo)

    listing = commands.add_parser(
        "list", help="list projects, with filters", description="List projects matching every filter given."
    )
    _add_filter_arguments(listing)
    listing.add_argument("--json", action="store_true", help="print a JSON array of projects")
    listing.set_defaults(handler=_list)

    importing = commands.add_parser(
        "import",
        help="import a project sheet (.xlsx, .xlsm or UTF-8 CSV)",
        description="Import a project sheet. By default all-or-nothing: any rejected row and nothing is written. "
        "Exit 0 when everything was written, 1 when rows were rejected, 2 when the file is unusable.",
    )
    importing.add_argument("file", type=Path, help="the sheet to import")
    importing.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first with a header row)")
    importing.add_argument("--dry-run", action="store_true", help="check every row and report, write nothing")
    importing.add_argument("--skip-invalid", action="store_true", help="write the valid rows, report the rest")
    importing.add_argument("--json", action="store_true", help="print the report as one JSON object")
    importing.set_defaults(handler=_import)

    export = commands.add_parser(
        "export",
        help="export projects to Excel, in the template's layout",
        description="Write the (filtered) portfolio to an .xlsx file that imports back unchanged.",
    )
    export.add_argument("file", type=Path, help="the .xlsx file to write")
    _add_filter_arguments(export)
    export.set_defaults(handler=_export)

    coverage = commands.add_parser(
        "coverage",
        help="coverage figures by country, region, instrument, norm, theme or year",
        description="Where the money goes. " + " ".join(RULES.values()),
    )
    coverage.add_argument(
        "--by",
        required=True,
        choices=["country", "region", "instrument", "norm", "theme", "year", "funder", "status"],
        help="what to group by",
    )
    coverage.add_argument("--json", action="store_true", help="print a JSON array of {key, projects, budget_eur}")
    coverage.add_argument(
        "--group-instruments",
        action="store_true",
        help="count older instruments with their successor (NDICI incl. ENI, ICSP, DCI)",
    )
    coverage.add_argument("--include-cancelled", action="store_true", help="count cancelled projects too")
    _add_filter_arguments(coverage)
    coverage.set_defaults(handler=_coverage)

    mapping = commands.add_parser(
        "map",
        help="write the coverage map as one self-contained HTML file",
        description="Write a coverage map that opens offline in any browser (scripts and styles inlined).",
    )
    mapping.add_argument("file", type=Path, help="the .html file to write")
    mapping.add_argument("--metric", choices=list(METRICS), default="budget", help="what colours the countries")
    mapping.add_argument(
        "--region",
        dest="zoom_region",
        choices=["WB", "EN", "SN"],
        help="show one of the board's regions instead of the world",
    )
    mapping.add_argument("--include-cancelled", action="store_true", help="count cancelled projects too")
    _add_filter_arguments(mapping, region=False)
    mapping.set_defaults(handler=_map, group_instruments=False, region=[])

    duplicates = commands.add_parser(
        "duplicates",
        help="find projects entered twice, and projects that overlap",
        description="Candidate pairs, best first: the same project entered twice (same-record), or different "
        "projects in the same country, period and norm or theme (overlap).",
    )
    duplicates.add_argument("--kind", choices=[SAME_RECORD, OVERLAP], help="one kind only (default: both)")
    duplicates.add_argument(
        "--min-score",
        type=int,
        metavar="N",
        help=f"lowest score to show, 0-100 (default: {THRESHOLDS[SAME_RECORD]} for same-record, "
        f"{THRESHOLDS[OVERLAP]} for overlap)",
    )
    duplicates.add_argument("--json", action="store_true", help="print a JSON array of {kind, score, a, b, reasons}")
    duplicates.set_defaults(handler=_duplicates)

    template = commands.add_parser("template", help="write the blank project sheet template")
    template.add_argument("file", type=Path, help="the .xlsx file to write")
    template.set_defaults(handler=_template)

    _add_user_commands(commands)
    _add_transfer_commands(commands)

    show = commands.add_parser("show", help="show one project", description="Show one project by its reference.")
    show.add_argument("ref", help="the project's reference, e.g. GLACY-E")
    show.add_argument("--json", action="store_true", help="print the project as a JSON object")
    show.set_defaults(handler=_show)
    return parser


def _add_user_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser(
        "users",
        help="manage user accounts and roles (administrators)",
        description="User accounts. Roles: " + ", ".join(ROLE_CODES) + ". Passwords: at least "
        f"{MIN_PASSWORD_LENGTH} characters and not a common one; asked for on the terminal, or read from the "
        "first line of --password-file ('-' for standard input).",
    )
    actions = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add an account")
    add.add_argument("name", help="the name they sign in with")
    add.add_argument("--role", required=True, help=", ".join(ROLE_CODES))
    add.add_argument(
        "--full-name", help="their full name (a programme manager may edit projects whose contact names them)"
    )
    add.add_argument("--email", help="their e-mail address (single sign-on maps on it)")
    _add_password_arguments(add)
    add.add_argument(
        "--no-password", action="store_true", help="no password: the account signs in through single sign-on only"
    )
    add.set_defaults(handler=_users_add)
    listing = actions.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="print a JSON array of accounts")
    listing.set_defaults(handler=_users_list)
    for action, text in (
        ("disable", "stop an account from signing in (its history stays)"),
        ("enable", "let a disabled account sign in again"),
        ("unlock", "lift a lockout after wrong passwords before its 15 minutes are over"),
    ):
        command = actions.add_parser(action, help=text)
        command.add_argument("name")
        command.set_defaults(handler=_users_change, change=action)
    role = actions.add_parser("set-role", help="give an account another role")
    role.add_argument("name")
    role.add_argument("role", help=", ".join(ROLE_CODES))
    role.set_defaults(handler=_users_change, change="set-role")
    password = actions.add_parser("set-password", help="set an account's password (also lifts a lockout)")
    password.add_argument("name")
    _add_password_arguments(password)
    password.set_defaults(handler=_users_change, change="set-password")


def _add_password_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-file", type=Path, metavar="FILE", help="read the password from this file's first line ('-': stdin)"
    )


def _add_transfer_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dump = commands.add_parser(
        "dump",
        help="write the whole portfolio to one JSON file (a backup, or a move to PostgreSQL)",
        description="Write projects, organisations, verdicts, import batches, user accounts (without sessions) "
        "and the audit trail to one JSON file that any backend can load.",
    )
    dump.add_argument("file", type=Path, help="the .json file to write")
    dump.set_defaults(handler=_dump)
    load = commands.add_parser(
        "load",
        help="load a dump into an empty, migrated database",
        description="Load a dump written by `dump` into an empty database (run `db upgrade` first). To move from "
        "the embedded SQLite file to PostgreSQL: dump, then load with --database-url postgresql+psycopg://...",
    )
    load.add_argument("file", type=Path, help="the .json file to read")
    load.set_defaults(handler=_load)

    audit = commands.add_parser("audit", help="show the audit trail, newest first, with filters")
    audit.add_argument("--record", help="a project reference or account name, or part of one")
    audit.add_argument("--actor", help="who made the change, as recorded")
    audit.add_argument("--subject", choices=list(SUBJECTS), help="what kind of record")
    audit.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="on or after this day")
    audit.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="on or before this day")
    audit.add_argument("--limit", type=int, default=200, help="at most this many events (default 200)")
    audit.add_argument("--json", action="store_true", help="print a JSON array of events")
    audit.set_defaults(handler=_audit)


def _add_filter_arguments(parser: argparse.ArgumentParser, *, region: bool = True) -> None:
    f = parser.add_argument_group("filters (repeat an option to allow several values)")
    if region:
        f.add_argument("--region", action="append", default=[], metavar="CODE", help="WB, EN or SN")
    f.add_argument(
        "--country", action="append", default=[], metavar="NAME", help="a country code or name, e.g. MDA or Moldova"
    )
    f.add_argument(
        "--instrument",
        action="append",
        default=[],
        metavar="CODE",
        help="an instrument code or name, e.g. NDICI or 'IPA III'",
    )
    f.add_argument(
        "--funder", action="append", default=[], metavar="NAME", help="a funding organisation (name or alias)"
    )
    f.add_argument(
        "--implementer",
        action="append",
        default=[],
        metavar="NAME",
        help="an implementing organisation (name or alias)",
    )
    f.add_argument("--norm", action="append", default=[], metavar="LETTER", help="a UN norm, e.g. d or '13(d)'")
    f.add_argument("--theme", action="append", default=[], metavar="CODE", help="a GFCE theme code or name")
    f.add_argument("--status", action="append", default=[], metavar="STATUS", help=", ".join(STATUSES))
    f.add_argument("--active-from", type=_iso_date, metavar="YYYY-MM-DD", help="active on or after this day")
    f.add_argument("--active-to", type=_iso_date, metavar="YYYY-MM-DD", help="active on or before this day")
    f.add_argument("--text", default="", help="words in the reference, title, acronym or description")
    f.add_argument("--include-archived", action="store_true", help="include archived projects")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (write it as YYYY-MM-DD)") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ValueError as exc:
        _err(str(exc))
        return EXIT_USAGE
    if args.database_url:
        settings = replace(settings, database_url=args.database_url)
    handler: Callable[[argparse.Namespace, Settings], int] = args.handler
    try:
        if args.user and args.command != "db":  # a mistyped --user is an error, even for a read
            with _sessions(settings)() as session, session.begin():
                actor_named(session, name=args.user)
        return handler(args, settings)
    except DatabaseUnavailable as exc:
        _err(str(exc))
        return EXIT_USAGE
    except (UnreadableFile, UsageProblem) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except OperationalError as exc:
        _err(describe_database_problem(exc))
        return EXIT_USAGE
    except PortfolioError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        return EXIT_OK


# --- handlers --------------------------------------------------------------------------------


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    migrate.upgrade(settings, args.revision)
    print(f"Database {safe_url(settings.database_url)} is at revision {args.revision}.")
    return EXIT_OK


def _db_downgrade(args: argparse.Namespace, settings: Settings) -> int:
    migrate.downgrade(settings, args.revision)
    print(f"Database {safe_url(settings.database_url)} downgraded to {args.revision}.")
    return EXIT_OK


def _db_current(args: argparse.Namespace, settings: Settings) -> int:
    print(migrate.current(settings) or "(empty database: no revision)")
    return EXIT_OK


def _db_check(args: argparse.Namespace, settings: Settings) -> int:
    migrate.check(settings)
    print("The models and the migrations agree.")
    return EXIT_OK


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    sessions = _sessions(settings)
    with sessions() as session, session.begin():
        if args.if_empty and not portfolio_is_empty(session):
            print("The portfolio already holds projects; the demo portfolio was not loaded.")
            return EXIT_OK
        loaded = load_demo(session, vocabulary=load_vocabulary(session), actor=_actor(session, args))
    print(f"Demo portfolio: {loaded.created} projects added, {loaded.skipped} already present.")
    return EXIT_OK


def _list(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        filters = _filters(args, load_vocabulary(session))
        records = list_projects(session, filters=filters)
    if args.json:
        json.dump([r.as_json() for r in records], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    for r in records:
        budget = f"EUR {r.budget_eur:>14,.2f}" if r.budget_eur is not None else " " * 18
        print(f"{(r.ref or '-'):<20} {r.status:<10} {budget}  {', '.join(r.country_codes)[:40]:<40}  {r.title}")
    total = sum((r.budget_eur for r in records if r.budget_eur is not None), start=0)
    print(f"{len(records)} projects, total budget EUR {total:,.2f}")
    return EXIT_OK


def _show(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        vocabulary = load_vocabulary(session)
        record = find_project(session, ref=args.ref)
    if args.json:
        json.dump(record.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(_describe(record, vocabulary))
    return EXIT_OK


def _import(args: argparse.Namespace, settings: Settings) -> int:
    try:
        handle = args.file.open("rb")
    except OSError as exc:
        _err(f"cannot open {args.file}: {exc.strerror}")
        return EXIT_USAGE
    try:
        with handle, _sessions(settings)() as session, session.begin():
            report = import_workbook(
                session,
                file=handle,
                file_name=args.file.name,
                vocabulary=load_vocabulary(session),
                actor=_actor(session, args),
                sheet=args.sheet,
                dry_run=args.dry_run,
                skip_invalid=args.skip_invalid,
                limits=limits_from(settings),
            )
    except UnreadableFile as exc:
        _err(f"{args.file.name}: {exc}")
        return EXIT_USAGE
    if args.json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_report(report, dry_run=args.dry_run)
    return EXIT_INVALID if report.rejected else EXIT_OK


def _print_report(report: ImportReport, *, dry_run: bool) -> None:
    for problem in report.errors:
        print(f"row {problem.row}, column '{problem.column}': {problem.value!r}: {problem.message}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: row {warning.row}, column '{warning.column}': {warning.message}")
    if report.ignored_columns:
        print(f"Ignored columns (not part of a project record): {', '.join(report.ignored_columns)}")
    if report.committed:
        verdict = "written"
    elif dry_run:
        verdict = "dry run, nothing written"
    else:
        verdict = "NOTHING WRITTEN: fix the rows above, or use --skip-invalid"
    print(
        f"{report.file}, sheet '{report.sheet}': {report.created} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.rejected} rejected ({verdict})."
    )


def _export(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        vocabulary = load_vocabulary(session)
        workbook, count = export_portfolio(
            session, actor=_actor(session, args), vocabulary=vocabulary, filters=_filters(args, vocabulary)
        )
    args.file.write_bytes(workbook)
    print(f"Wrote {count} projects to {args.file}.")
    return EXIT_OK


def _coverage(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        vocabulary = load_vocabulary(session)
        figures = portfolio_coverage(
            session,
            filters=_filters(args, vocabulary),
            vocabulary=vocabulary,
            include_cancelled=args.include_cancelled,
            group_instruments=args.group_instruments,
        )
    rows = figures.by(args.by)
    with_equal_split = args.by in ("country", "region", "instrument", "funder")
    if args.json:
        json.dump([r.as_json(with_equal_split=with_equal_split) for r in rows], sys.stdout, indent=2)
        print()
        return EXIT_OK
    for r in rows:
        equal = f"  (split equally: EUR {r.equal_split_eur:,.2f})" if with_equal_split and r.equal_split_eur else ""
        print(f"{r.key:<24} {r.projects:>5} projects  EUR {r.budget_eur:>16,.2f}{equal}")
    print(f"{len(figures.projects)} projects, EUR {figures.total_budget:,.2f} counted once.")
    return EXIT_OK


def _map(args: argparse.Namespace, settings: Settings) -> int:
    from portfolio.maps import coverage_map, standalone_html  # folium is slow to import: only here

    with _sessions(settings)() as session, session.begin():
        vocabulary = load_vocabulary(session)
        figures = portfolio_coverage(
            session, filters=_filters(args, vocabulary), vocabulary=vocabulary, include_cancelled=args.include_cancelled
        )
    page = standalone_html(coverage_map(figures, metric=args.metric, region=args.zoom_region))
    args.file.write_text(page, encoding="utf-8")
    print(
        f"Wrote the {args.metric} map of {len(figures.projects)} projects to {args.file} ({len(page) / 1024:.0f} kB)."
    )
    return EXIT_OK


def _duplicates(args: argparse.Namespace, settings: Settings) -> int:
    if args.min_score is not None and not 0 <= args.min_score <= 100:
        _err("--min-score must be between 0 and 100")
        return EXIT_USAGE
    with _sessions(settings)() as session, session.begin():
        found = find_duplicates(session, vocabulary=load_vocabulary(session), kind=args.kind, min_score=args.min_score)
    if args.json:
        json.dump([c.as_json() for c in found], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    for c in found:
        related = " (related: phases of one programme)" if c.related else ""
        print(f"{c.score:>3} {c.kind:<12} {c.a.label}  <->  {c.b.label}{related}")
        print(f"    {'; '.join(c.reasons)}")
    print(f"{len(found)} candidate pairs.")
    return EXIT_OK


def _users_add(args: argparse.Namespace, settings: Settings) -> int:
    password = None if args.no_password else _password(args)
    with _sessions(settings)() as session, session.begin():
        user = add_user(
            session,
            actor=_actor(session, args),
            name=args.name,
            role=args.role,
            password=password,
            full_name=args.full_name,
            email=args.email,
        )
    print(f"Added {user.name} as {user.role.value} (signs in with {user.signs_in_with}).")
    return EXIT_OK


def _users_list(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        users = list_users(session, actor=_actor(session, args))
    if args.json:
        json.dump([_user_json(u) for u in users], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    for u in users:
        state = "active" if u.active else "disabled"
        if u.locked_until:
            state += f", locked until {u.locked_until:%Y-%m-%d %H:%M} UTC"
        print(f"{u.name:<24} {u.role.value:<18} {state:<10} {u.full_name or ''}  {u.email or ''}".rstrip())
    print(f"{len(users)} accounts.")
    return EXIT_OK


def _user_json(u: UserRecord) -> dict[str, object]:
    return {
        "name": u.name,
        "full_name": u.full_name,
        "email": u.email,
        "role": u.role.value,
        "active": u.active,
        "signs_in_with": u.signs_in_with,
        "locked_until": u.locked_until.isoformat() if u.locked_until else None,
        "last_sign_in_at": u.last_sign_in_at.isoformat() if u.last_sign_in_at else None,
    }


def _users_change(args: argparse.Namespace, settings: Settings) -> int:
    password = _password(args) if args.change == "set-password" else ""
    with _sessions(settings)() as session, session.begin():
        actor = _actor(session, args)
        if args.change == "disable":
            user = disable_user(session, actor=actor, name=args.name)
        elif args.change == "enable":
            user = enable_user(session, actor=actor, name=args.name)
        elif args.change == "unlock":
            user = unlock_user(session, actor=actor, name=args.name)
        elif args.change == "set-role":
            user = set_role(session, actor=actor, name=args.name, role=args.role)
        else:
            user = set_password(session, actor=actor, name=args.name, password=password)
    print(f"{user.name}: {user.role.value}, {'active' if user.active else 'disabled'}.")
    return EXIT_OK


def _password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            text = sys.stdin.read() if str(args.password_file) == "-" else args.password_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageProblem(f"cannot read the password file {args.password_file}: {exc}") from None
        return text.splitlines()[0] if text else ""
    if not sys.stdin.isatty():
        raise UsageProblem("no terminal to ask for the password on: give --password-file FILE (or '-' for stdin)")
    first = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("The same password again: ") != first:
        raise UsageProblem("the two passwords differ; nothing was changed")
    return first


def _dump(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        dump = dump_portfolio(session, actor=_actor(session, args))
    args.file.write_text(json.dumps(dump, ensure_ascii=False, indent=1), encoding="utf-8")
    counts = ", ".join(f"{n} {table}" for table, n in dump_counts(dump).items() if n)
    print(f"Wrote {args.file} ({args.file.stat().st_size / 1024:,.0f} kB): {counts}.")
    return EXIT_OK


def _load(args: argparse.Namespace, settings: Settings) -> int:
    try:
        dump = json.loads(args.file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageProblem(f"cannot read {args.file} as a dump: {exc}") from None
    with _sessions(settings)() as session, session.begin():
        loaded = load_portfolio(session, dump=dump, actor=_actor(session, args))
    counts = ", ".join(f"{n} {table}" for table, n in loaded.items() if n)
    print(f"Loaded {args.file} into {safe_url(settings.database_url)}: {counts}.")
    return EXIT_OK


def _audit(args: argparse.Namespace, settings: Settings) -> int:
    filters = AuditFilter(
        actor=args.actor, subject=args.subject, record=args.record, since=args.since, until=args.until
    )
    with _sessions(settings)() as session, session.begin():
        events = list_audit(session, actor=_actor(session, args), filters=filters, limit=max(args.limit, 1))
    if args.json:
        json.dump([_event_json(e) for e in events], sys.stdout, ensure_ascii=False, indent=2, default=str)
        print()
        return EXIT_OK
    for e in events:
        fields = ", ".join(e.changes)
        batch = f" [{e.batch}]" if e.batch else ""
        print(f"{e.at:%Y-%m-%d %H:%M} {e.actor:<24} {e.action:<8} {e.subject:<8} {e.record}{batch}: {fields}")
    print(f"{len(events)} events.")
    return EXIT_OK


def _event_json(e: AuditRow) -> dict[str, object]:
    return {
        "at": e.at.isoformat(),
        "actor": e.actor,
        "subject": e.subject,
        "record": e.record,
        "action": e.action,
        "version": e.version,
        "batch": e.batch,
        "changes": e.changes,
    }


def _template(args: argparse.Namespace, settings: Settings) -> int:
    with _sessions(settings)() as session, session.begin():
        vocabulary = load_vocabulary(session)
    args.file.write_bytes(template_workbook(vocabulary))
    print(f"Wrote the project sheet template to {args.file}.")
    return EXIT_OK


# --- helpers ---------------------------------------------------------------------------------


def _sessions(settings: Settings) -> sessionmaker[Session]:
    return make_sessionmaker(make_engine(settings))


def _filters(args: argparse.Namespace, vocabulary: Vocabulary) -> ProjectFilter:
    regions = [r.upper() for r in args.region]
    known_regions = [r.code for r in vocabulary.regions]
    for region in regions:
        if region not in known_regions:
            raise PortfolioError(f"'{region}' is not a region; use {', '.join(known_regions)}.")
    return ProjectFilter(
        regions=tuple(regions),
        countries=tuple(vocabulary.match_country(c) for c in args.country),
        instruments=tuple(vocabulary.match_instrument(i) for i in args.instrument),
        funders=tuple(args.funder),
        implementers=tuple(args.implementer),
        norms=tuple(vocabulary.match_norm(n) for n in args.norm),
        themes=tuple(vocabulary.match_theme(t) for t in args.theme),
        statuses=tuple(match_status(s) for s in args.status),
        active_from=args.active_from,
        active_to=args.active_to,
        text=args.text,
        include_archived=args.include_archived,
    )


def _describe(r: ProjectRecord, vocabulary: Vocabulary) -> str:
    countries = ", ".join(
        vocabulary.countries[c.code].display_name + (f" ({c.share_pct}%)" if c.share_pct is not None else "")
        for c in r.countries
    )
    lines = [
        f"{r.ref or '(no reference)'}: {r.title}" + (f" ({r.acronym})" if r.acronym else ""),
        f"  status       {r.status}{' (archived)' if r.archived else ''}",
        f"  period       {r.start_date or '?'} to {r.end_date or '?'}",
        f"  budget       {f'EUR {r.budget_eur:,.2f}' if r.budget_eur is not None else 'not given'}",
        f"  countries    {countries or 'none'}",
        f"  regions      {', '.join(vocabulary.region(c).name for c in r.regions) or 'outside the focus regions'}",
    ]
    for line in r.funding:
        amount = f"EUR {line.amount_eur:,.2f}" if line.amount_eur is not None else "amount not given"
        lines.append(f"  funding      {line.instrument} | {line.funder or 'funder not given'} | {amount}")
    lines += [
        f"  implementers {', '.join(r.implementers) or 'none'}",
        f"  UN norms     {'; '.join(f'{n.code} {vocabulary.norms[n.code].label}' for n in r.norms) or 'none'}",
        f"  themes       {'; '.join(vocabulary.themes[t].name for t in r.themes) or 'none'}",
        f"  parent       {r.parent.ref or r.parent.title if r.parent else 'none'}",
        f"  source       {r.source or 'not recorded'}",
        f"  version {r.version}, last changed {r.updated_at:%Y-%m-%d %H:%M} UTC by {r.updated_by}",
    ]
    lines += [f"  {note}" for note in vocabulary.footnotes_for(r.country_codes)]
    return "\n".join(lines)


def _actor(session: Session, args: argparse.Namespace) -> Actor:
    """The named account (--user), held to its role; else the operating-system account, as admin."""
    if args.user:
        return actor_named(session, name=args.user)
    try:
        return os_account(getpass.getuser())
    except (KeyError, OSError):
        return os_account("command line")


class UsageProblem(PortfolioError):
    """Bad input on the command line itself (exit 2)."""


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
