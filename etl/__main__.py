"""Command line of the ETL: `python -m etl build | validate | demo | templates`.

Every command prints messages in the language of --lang (default: the TVET_LANG setting) and never a
traceback for bad input: problems are listed with file, row, column, value and how to fix them, and the
command exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from etl.problems import Problem
from tvet import settings
from tvet.i18n import LANGUAGES, t


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _print_result(result, lang: str, report: Path | None, validating: bool = False) -> None:
    from etl.problems import format_report, report_csv

    errors = result.errors
    warnings = [p for p in result.problems if p.severity == "warning"]
    if errors:
        _err(format_report(errors, lang, result.hidden))
        if validating:
            _err(t("etl.report.header_validate", lang, n=len(errors) + sum(result.hidden.values())))
    elif validating:
        _err(t("etl.report.ok_validate", lang))
    if warnings:
        _err(t("etl.report.warnings", lang, n=len(warnings)))
        for p in warnings[:20]:
            _err(f"  - {p.file}, {t('etl.report.row', lang, row=p.row)}: {p.what(lang)}")
    if report:
        report.write_text(report_csv(result.problems, lang), encoding="utf-8")


def cmd_build(args) -> int:
    from etl.build import build, display_path

    started = time.perf_counter()
    sources = [Path(s) for s in args.source] if args.source else None
    warehouse = Path(args.warehouse) if args.warehouse else None
    result = build(sources, warehouse, lang=args.lang, progress=_err, if_stale=args.if_stale)
    _print_result(result, args.lang, Path(args.report) if args.report else None)
    if result.published:
        _err(t("etl.progress.done", args.lang, warehouse=display_path(result.warehouse), build_id=result.build_id,
               rows=sum(result.row_counts.values()), seconds=f"{time.perf_counter() - started:.1f}"))
    return 0 if result.ok else 1


def cmd_load(args) -> int:
    """The upload page's path on the command line (etl/load.py): stage the files (register exports are
    aggregated, personal columns never read), build from the sources plus the uploads, publish atomically. On any
    problem the report is printed, the uploads folder and the live warehouse stay as they were, and it exits 1."""
    from etl import load
    from etl.build import display_path
    from etl.problems import format_report

    started = time.perf_counter()
    limit = int(args.max_mb * 1048576) if args.max_mb else None
    staged = load.stage([(name, Path(name)) for name in args.files], college=args.college, year=args.year,
                        limit=limit, lang=args.lang, progress=_err, add_colleges=args.add_colleges)
    warehouse = Path(args.warehouse) if args.warehouse else None
    if not staged.ok:
        _err(format_report(staged.problems, args.lang))
        load.refuse(staged, warehouse=warehouse)
        return 1
    for p in (p for p in staged.problems if p.severity == "warning"):
        _err(f"  - {p.file}: {p.what(args.lang)} {p.fix(args.lang)}")
    result = load.publish(staged, warehouse=warehouse, lang=args.lang, progress=_err)
    if result.build is not None:
        _print_result(result.build, args.lang, Path(args.report) if args.report else None)
    if not result.published:
        return 1
    _err(t("etl.progress.done", args.lang, warehouse=display_path(result.build.warehouse),
           build_id=result.build.build_id, rows=sum(result.build.row_counts.values()),
           seconds=f"{time.perf_counter() - started:.1f}"))
    return 0


def cmd_rollback(args) -> int:
    from etl import load

    warehouse = Path(args.warehouse) if args.warehouse else None
    entry = load.rollback(warehouse=warehouse)
    if entry is None:
        _err(t("etl.progress.nothing_to_roll_back", args.lang))
        return 1
    _err(t("etl.progress.rolled_back", args.lang, before=entry["build_before"], after=entry["build_after"]))
    return 0


def cmd_validate(args) -> int:
    from etl.build import validate

    result = validate([Path(f) for f in args.files], lang=args.lang)
    _print_result(result, args.lang, Path(args.report) if args.report else None, validating=True)
    return 0 if result.ok else 1


def cmd_demo(args) -> int:
    from etl.demo.generator import DEFAULT_SEED, generate

    seed = DEFAULT_SEED if args.seed is None else args.seed
    started = time.perf_counter()
    counts = generate(Path(args.out), scale=args.scale, seed=seed)
    _err(t("etl.progress.demo", args.lang, scale=args.scale, seed=seed, out=args.out, rows=sum(counts.values()),
           files=len(counts), seconds=f"{time.perf_counter() - started:.1f}"))
    return 0


def cmd_templates(args) -> int:
    from etl.templates import write_templates

    n = write_templates(Path(args.out))
    _err(t("etl.progress.templates", args.lang, n=n, out=args.out))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m etl", description="TVET Atlas ETL: the only writer of the warehouse.")
    p.add_argument("--lang", choices=LANGUAGES, default=settings.default_language(),
                   help="language of messages (default: TVET_LANG or ru)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate every source file and publish a new warehouse atomically")
    b.add_argument("--source", action="append", metavar="DIR",
                   help="a folder (or file) to build from; repeat for more (default: TVET_SOURCES = data/reference and data/demo, plus the loaded files in TVET_UPLOADS)")
    b.add_argument("--warehouse", metavar="PATH", help="warehouse to publish (default: TVET_WAREHOUSE)")
    b.add_argument("--if-stale", action="store_true",
                   help="do nothing when the published warehouse was built from the same inputs and code")
    b.add_argument("--report", metavar="CSV", help="also write every problem to this CSV file")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="check files against the templates and reference data without building")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--report", metavar="CSV", help="also write every problem to this CSV file")
    v.set_defaults(func=cmd_validate)

    ld = sub.add_parser("load", help="load files (student-register exports, assessment workbooks, templates) and publish a new warehouse")
    ld.add_argument("files", nargs="+", metavar="FILE")
    ld.add_argument("--college", metavar="COLLEGE_ID", help="college of a register export that does not name it")
    ld.add_argument("--year", type=int, metavar="YEAR",
                    help="academic year of a register export or an assessment workbook (2024 = 2024/25; an "
                         "assessment workbook's graduates are those of June 2025)")
    ld.add_argument("--add-colleges", action="store_true",
                    help="add the colleges an assessment workbook names that dim_college does not know")
    ld.add_argument("--warehouse", metavar="PATH", help="default: the TVET_WAREHOUSE setting")
    ld.add_argument("--report", metavar="CSV", help="also write every problem to this CSV file")
    ld.add_argument("--max-mb", type=float, metavar="MB", help="largest file accepted (default: TVET_UPLOAD_MAX_MB)")
    ld.set_defaults(func=cmd_load)

    rb = sub.add_parser("rollback", help="put back the warehouse and the uploads as they were before the last load")
    rb.add_argument("--warehouse", metavar="PATH", help="default: the TVET_WAREHOUSE setting")
    rb.set_defaults(func=cmd_rollback)

    d = sub.add_parser("demo", help="generate the demo dataset (deterministic for a seed)")
    d.add_argument("--out", required=True, metavar="DIR")
    d.add_argument("--scale", choices=("region", "national"), default="region")
    d.add_argument("--seed", type=int, default=None)
    d.set_defaults(func=cmd_demo)

    tp = sub.add_parser("templates", help="write blank templates for every loadable table")
    tp.add_argument("--out", default=str(settings.ROOT / "data" / "templates"), metavar="DIR")
    tp.set_defaults(func=cmd_templates)

    args = p.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence: a message, never a traceback, for the steward
        _err(t("etl.rule.internal_error", args.lang, error=f"{type(exc).__name__}: {exc}"))
        _err(t("etl.fix.internal_error", args.lang))
        return 2


if __name__ == "__main__":
    sys.exit(main())
