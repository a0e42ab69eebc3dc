"""Command line of the planner, for analysts and checks:

    python -m tvet.planner --warehouse PATH --scenario FILE.json --out OUT.csv [--region KZ-33] [--lang ru]

`{}` in FILE.json is the baseline. OUT.csv has one row per projected year × college × specialty × funding (see
project.TABLE_COLUMNS), plus the scenario's name, the warehouse's build id and whether the rows rest on demo data.
A short summary and the time taken go to stderr. Bad input (a missing file, bad JSON, an unknown key, a code not in
the warehouse) is reported in the chosen language, naming the file and the item, with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tvet import settings
from tvet.i18n import LANGUAGES, fmt_int, fmt_pct, t
from tvet.planner import inputs as planner_inputs
from tvet.planner import project, scenario
from tvet.warehouse import WarehouseMissing, connect


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def out_frame(result: project.Projection):
    """OUT.csv's rows: the projection's table, rounded to 3 decimals, with where it comes from."""
    table = result.table()
    numeric = table.select_dtypes("number").columns
    table[numeric] = table[numeric].round(3)
    table.insert(0, "scenario", result.scenario.name or "baseline")
    table["build_id"] = result.inputs.build_id
    table["is_demo"] = result.inputs.is_demo
    return table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tvet.planner", description=__doc__.split("\n\n")[0])
    p.add_argument("--warehouse", default=str(settings.warehouse_path()), help="the DuckDB warehouse to read")
    p.add_argument("--scenario", required=True, help="scenario JSON file ({} for the baseline)")
    p.add_argument("--out", required=True, help="CSV file to write")
    p.add_argument("--region", default=None, help="ISO 3166-2 code (default: every region in the warehouse)")
    p.add_argument("--lang", choices=LANGUAGES, default=settings.default_language())
    args = p.parse_args(argv)
    lang = args.lang
    started = time.perf_counter()
    path = Path(args.scenario)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        _err(t("planner.cli.cannot_read", lang, file=path, reason=getattr(e, "strerror", None) or e))
        return 2
    try:
        chosen = scenario.loads(text)
    except scenario.ScenarioError as e:
        _err(t("planner.cli.bad_scenario", lang, file=path, message=e.message(lang)))
        return 2
    region = args.region or chosen.region
    try:
        with connect(Path(args.warehouse)) as con:
            inputs = planner_inputs.load(con, region, chosen.rate_years)
    except WarehouseMissing:
        _err(t("planner.cli.no_warehouse", lang, warehouse=args.warehouse))
        return 2
    except planner_inputs.NoData:
        _err(t("planner.cli.no_data", lang, region=region or "*"))
        return 2
    loaded = time.perf_counter()
    try:
        result = project.run(inputs, chosen, settings.technical_targets())
    except scenario.ScenarioError as e:
        _err(t("planner.cli.bad_scenario", lang, file=path, message=e.message(lang)))
        return 2
    projected = time.perf_counter()
    if chosen.build_id and chosen.build_id != inputs.build_id:
        _err(t("planner.warning.other_data", lang, saved=chosen.build_id, current=inputs.build_id))
    for w in result.warnings:
        _err(t(w.key, lang, **w.params))
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out_frame(result).to_csv(out, index=False)
    except OSError as e:
        _err(t("planner.cli.cannot_write", lang, file=out, reason=e.strerror or e))
        return 2
    last = result.summary.iloc[-1]
    _err(t("planner.cli.done", lang, out=out, rows=fmt_int(len(result.table()), lang), first=result.years[0],
           last=result.years[-1], students=fmt_int(last["students"], lang),
           graduates=fmt_int(last["graduates"], lang), share=fmt_pct(last["technical_share"], lang),
           build=inputs.build_id, demo=t("planner.cli.demo", lang) if inputs.is_demo else ""))
    _err(t("planner.cli.timing", lang, load=f"{loaded - started:.2f}", project=f"{projected - loaded:.2f}",
           streams=fmt_int(inputs.size, lang)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
