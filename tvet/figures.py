"""The headline figures the pages show, as a command, computed by the same functions the pages use:

    python -m tvet.figures --warehouse W --region R --year Y [--college ID] [--lang en] [--json]

Every figure is `{"value", "is_demo", "sources", "coverage", "year"}`: is_demo is false (real rows), true (demo
rows) or "mixed" (real for some of the region's colleges, demo for the others; coverage then gives
{"real_colleges", "demo_colleges"}). A figure without data is null with is_demo false, never 0. The figures are
tvet.indicators.FIGURES over the named query region_year_totals, as the Overview's cards are; all of them are of
academic year Y (the Overview shows the plans of Y+1 beside the year Y: run the command with Y+1 for those).

dual_training_students and employer_request_students are the annual assessment's (fct_assessment): per college,
the sum of its specialty rows that year, or its own row (specialty empty) where it has no specialty rows.
With --college, the same figures for one college; `colleges` is then null. Without --json: a table in --lang.
Bad input (no warehouse, an unknown region or college) gets a message in --lang and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from tvet import settings, warehouse
from tvet.i18n import LANGUAGES, fmt_int, fmt_pct, t
from tvet.indicators import FIGURE_SPEC, FIGURES, Coverage, Figure, figures

# Figures that mean nothing for one college.
REGION_ONLY = frozenset({"colleges"})


def coverage_text(coverage: Coverage, lang: str) -> str:
    """"real for 1 of 27 colleges, demo for 26" for a mixed figure; "real" / "demo" otherwise; "" without rows."""
    if coverage.status == "mixed":
        return t("figures.coverage.mixed", lang, real=fmt_int(coverage.real_colleges, lang),
                 total=fmt_int(coverage.colleges, lang), demo=fmt_int(coverage.demo_colleges, lang))
    return t(f"figures.coverage.{coverage.status}", lang) if coverage.status else ""


def compute(con: duckdb.DuckDBPyConnection, region: str, year: int, college: str | None = None) -> dict[str, Figure]:
    """Every figure of tvet.indicators.FIGURES for the region (or one of its colleges) in academic year `year`."""
    totals = warehouse.query(con, "region_year_totals", region=region, college=college)
    out = figures(totals, year)
    if college is not None:
        out = {k: (Figure(k, year, None) if k in REGION_ONLY else f) for k, f in out.items()}
    return out


def as_json(figure: Figure) -> dict:
    what, _ = FIGURE_SPEC[figure.key]
    value = figure.value
    if value is not None and not isinstance(what, tuple):
        value = int(value)
    cov = figure.coverage
    return {
        "value": value,
        "is_demo": figure.is_demo,
        "sources": list(figure.sources),
        "coverage": None if value is None else {"status": cov.status, "real_colleges": cov.real_colleges,
                                                "demo_colleges": cov.demo_colleges},
        "year": figure.year,
    }


def shown(figure: Figure, lang: str) -> str:
    what, _ = FIGURE_SPEC[figure.key]
    return fmt_pct(figure.value, lang) if isinstance(what, tuple) else fmt_int(figure.value, lang)


def table(found: dict[str, Figure], lang: str) -> str:
    """The figures as a plain-text table in `lang`: figure, value, real / demo / mixed, sources."""
    head = [t("figures.col.figure", lang), t("figures.col.value", lang), t("figures.col.data", lang),
            t("figures.col.sources", lang)]
    rows = [[t(f"figures.name.{key}", lang), shown(found[key], lang),
             coverage_text(found[key].coverage, lang) if found[key].value is not None else t("figures.no_data", lang),
             ", ".join(found[key].sources)] for key, _, _ in FIGURES]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _check(con, region: str, college: str | None, lang: str) -> str | None:
    """A message in `lang` when the region or the college is not in the warehouse; None when both are."""
    regions = warehouse.query(con, "regions")
    if region not in set(regions["region_code"]):
        return t("figures.cli.unknown_region", lang, region=region, known=", ".join(regions["region_code"]))
    if college is not None:
        found = warehouse.query(con, "figures_college", college=college)
        if found.empty:
            return t("figures.cli.unknown_college", lang, college=college)
        if found.iloc[0]["region_code"] != region:
            return t("figures.cli.college_elsewhere", lang, college=college, region=region,
                     other=found.iloc[0]["region_code"])
    return None


def _build_id(con) -> str | None:
    info = warehouse.query(con, "build_info")
    return None if info.empty else str(info.iloc[0]["build_id"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tvet.figures", description=__doc__.split("\n\n")[0])
    p.add_argument("--warehouse", default=str(settings.warehouse_path()), help="the DuckDB warehouse to read")
    p.add_argument("--region", required=True, help="ISO 3166-2 code, e.g. KZ-33")
    p.add_argument("--year", required=True, type=int, help="the year the academic year starts in, e.g. 2024")
    p.add_argument("--college", default=None, help="one college's id (default: the whole region)")
    p.add_argument("--lang", choices=LANGUAGES, default=settings.default_language())
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = p.parse_args(argv)
    lang = args.lang
    region, college = args.region.strip().upper(), (args.college.strip().upper() if args.college else None)
    try:
        con = warehouse.connect(Path(args.warehouse))
    except warehouse.WarehouseMissing:
        print(t("figures.cli.no_warehouse", lang, path=args.warehouse), file=sys.stderr)
        return 2
    except duckdb.Error as e:
        print(t("figures.cli.cannot_open", lang, path=args.warehouse, reason=str(e).splitlines()[0]), file=sys.stderr)
        return 2
    try:
        problem = _check(con, region, college, lang)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        found = compute(con, region, args.year, college)
        build = _build_id(con)
    except duckdb.Error as e:
        print(t("figures.cli.cannot_open", lang, path=args.warehouse, reason=str(e).splitlines()[0]), file=sys.stderr)
        return 2
    finally:
        con.close()
    if args.json:
        out = {"region": region, "year": args.year, "college": college, "build_id": build,
               "figures": {key: as_json(found[key]) for key, _, _ in FIGURES}}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(t("figures.cli.heading", lang, region=region, year=f"{args.year}/{(args.year + 1) % 100:02d}",
                college=college or t("figures.cli.all_colleges", lang), build=build or "?"))
        print(table(found, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
