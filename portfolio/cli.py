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
from portfolio.coverage import RULES, portfolio_coverage
from portfolio.db import describe_database_problem, make_engine, make_sessionmaker, safe_url
from portfolio.demo import load_demo, portfolio_is_empty
from portfolio.duplicates import OVERLAP, SAME_RECORD, THRESHOLDS, find_duplicates
from portfolio.errors import DatabaseUnavailable, PortfolioError
from portfolio.exporter import export_workbook, template_workbook
from portfolio.importer import ImportReport, UnreadableFile, import_workbook, limits_from
from portfolio.maps import METRICS, coverage_map, standalone_html
from portfolio.projects import ProjectFilter, ProjectRecord, find_project, list_projects
from portfolio.reference import STATUSES, Vocabulary, load_vocabulary, match_status
from portfolio.settings import Settings, load_settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m portfolio",
        description="The EU Cyber Capacity Building Board's project portfolio, from the command line.",
        epilog="Exit codes: 0 success, 1 validation error or not found, 2 usage error or unreadable input. "
        "The database is PORTFOLIO_DATABASE_URL (default: portfolio.db in the project folder).",
    )
    parser.add_argument("--database-url", help="database to use instead of PORTFOLIO_DATABASE_URL")
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

    show = commands.add_parser("show", help="show one project", description="Show one project by its reference.")
    show.add_argument("ref", help="the project's reference, e.g. GLACY-E")
    show.add_argument("--json", action="store_true", help="print the project as a JSON object")
    show.set_defaults(handler=_show)
    return parser


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
        return handler(args, settings)
    except DatabaseUnavailable as exc:
        _err(str(exc))
        return EXIT_USAGE
    except UnreadableFile as exc:
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
        loaded = load_demo(session, vocabulary=load_vocabulary(session), actor=_actor())
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
                actor=_actor(),
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
        records = list_projects(session, filters=_filters(args, vocabulary))
    args.file.write_bytes(export_workbook(records, vocabulary))
    print(f"Wrote {len(records)} projects to {args.file}.")
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


def _actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "command line"


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
