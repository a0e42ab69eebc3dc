"""The headline figures the pages show, as a command, computed by the same functions the pages use:

    python -m tvet.figures --warehouse W --region R --year Y [--college ID] [--lang en] [--json]

Every figure is `{"value", "is_demo", "sources", "coverage", "year", "published"}`: is_demo is false (real rows), true (demo
rows) or "mixed" (real for some of the region's colleges, demo for the others; coverage then gives
{"real_colleges", "demo_colleges"}). "published" is the published figure it is set beside (region only), with the
pages' verdict: "agrees" / "differs" for real rows only, "calibrated" for demo rows (generated to meet it), "mixed"
otherwise; null where none is published. A figure without data is null with is_demo false, never 0. The figures are
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
from tvet.i18n import LANGUAGES, fmt_delta, fmt_int, fmt_pct, t
from tvet.indicators import CARDS, FIGURE_SPEC, FIGURES, Coverage, Figure, Published, figures, published_lookup, verdict

# Figures that mean nothing for one college.
REGION_ONLY = frozenset({"colleges"})
# Figure key -> the published indicator it is set beside (the Overview's cards).
PUBLISHED_AS: dict[str, str] = {figure: indicator for _, figure, _, indicator in CARDS if indicator}


def coverage_text(coverage: Coverage, lang: str) -> str:
    """"real for 1 of 27 colleges, demo for 26" for a mixed figure; "real" / "demo" otherwise; "" without rows."""
    if coverage.status == "mixed":
        return t("figures.coverage.mixed", lang, real=fmt_int(coverage.real_colleges, lang),
                 total=fmt_int(coverage.colleges, lang), demo=fmt_int(coverage.demo_colleges, lang))
    return t(f"figures.coverage.{coverage.status}", lang) if coverage.status else ""


def verdict_text(published: Published, value: float | None, coverage: Coverage, lang: str) -> str:
    """The words beside a published figure: "agrees" / "differs by N" for real rows only; for demo rows, that they
    were calibrated to it (so nothing is checked); for mixed rows, that part of them are demo."""
    said = verdict(published, value, coverage)
    if said == "differs":
        return t("compare.differs", lang, diff=fmt_delta(value - published.value, lang))
    if said == "mixed":
        return t("compare.mixed", lang, coverage=coverage_text(coverage, lang))
    return t(f"compare.{said}", lang, source=published.source_title)


def change_text(now: Coverage, before: Coverage, lang: str) -> str:
    """Why a change on the year before is not shown: the two years are of different kinds (real, demo, mixed)."""
    return t("compare.not_comparable", lang, now=coverage_text(now, lang) or "—",
             before=coverage_text(before, lang) or "—")


def year_spans(years: list[int]) -> str:
    """Academic years as runs: 2019/20–2023/24, 2025/26."""
    years, runs = sorted(set(int(y) for y in years)), []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    label = lambda y: f"{y}/{(y + 1) % 100:02d}"  # noqa: E731
    return ", ".join(label(a) if a == b else f"{label(a)}–{label(b)}" for a, b in runs)


def scope_text(scopes, tables: tuple[str, ...], lang: str) -> str | None:
    """Which of `tables` (fact tables a page shows) are real, demo or mixed in which academic years, from the
    build's etl_scope rows of a region (named query methodology_scopes): "Real: state order 2024/25. Demo: …".
    None when every year of every table is demo (the plain demo banner says it all) or there are no rows."""
    rows = scopes[scopes["table_name"].isin(tables)]
    if rows.empty or set(rows["status"]) == {"demo"}:
        return None
    parts = []
    for status in ("real", "mixed", "demo"):
        of = rows[rows["status"] == status]
        if of.empty:
            continue
        items = []
        for table in (x for x in tables if x in set(of["table_name"])):
            years = of.loc[of["table_name"] == table, "academic_year"]
            items.append(f"{t(f'methodology.table.{table}', lang)} {year_spans(list(years))}")
        parts.append(t(f"scope.{status}", lang, items="; ".join(items)))
    return " ".join(parts)


def compute(con: duckdb.DuckDBPyConnection, region: str, year: int, college: str | None = None) -> dict[str, Figure]:
    """Every figure of tvet.indicators.FIGURES for the region (or one of its colleges) in academic year `year`."""
    totals = warehouse.query(con, "region_year_totals", region=region, college=college)
    out = figures(totals, year)
    if college is not None:
        out = {k: (Figure(k, year, None) if k in REGION_ONLY else f) for k, f in out.items()}
    return out


def published_json(figure: Figure, published) -> dict | None:
    """The published figure a figure is set beside, with the verdict the pages show (tvet.indicators.verdict):
    "agrees" / "differs" only for real rows, "calibrated" for demo rows, "mixed" for mixed ones."""
    indicator = PUBLISHED_AS.get(figure.key)
    p = published_lookup(published, figure.year, indicator) if indicator and published is not None else None
    if p is None:
        return None
    return {"indicator": indicator, "value": p.value, "qualifier": p.qualifier, "source_id": p.source_id,
            "verdict": verdict(p, figure.value, figure.coverage)}


def as_json(figure: Figure, published=None) -> dict:
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
        "published": published_json(figure, published),
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
        published = None if college else warehouse.query(con, "published_figures", region=region)
        build = _build_id(con)
    except duckdb.Error as e:
        print(t("figures.cli.cannot_open", lang, path=args.warehouse, reason=str(e).splitlines()[0]), file=sys.stderr)
        return 2
    finally:
        con.close()
    if args.json:
        out = {"region": region, "year": args.year, "college": college, "build_id": build,
               "figures": {key: as_json(found[key], published) for key, _, _ in FIGURES}}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(t("figures.cli.heading", lang, region=region, year=f"{args.year}/{(args.year + 1) % 100:02d}",
                college=college or t("figures.cli.all_colleges", lang), build=build or "?"))
        print(table(found, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
