"""Times of the what-if planner on this machine, with a baseline measured in the same run.

    python -m benchmarks.planner_times [--national] [--json FILE]
    python -m benchmarks.planner_times --warehouse PATH [--warehouse PATH ...] [--json FILE]

Builds the region warehouse (data/reference + data/demo) into a temporary folder and, with --national, also
generates and builds the national demo; with --warehouse it times existing warehouses instead of building.
For each warehouse, the median of --repeat runs (5) after one warm-up run of:
  load     tvet.planner.inputs.load: read the warehouse and estimate rates, lengths, fill, cost (connection opened
           inside the timing, as a page or the command line does)
  project  tvet.planner.project.run of a 10-year baseline, plus .table() (the rows the CSV and the page get)
  total    load + project, measured together
  bare     the baseline: DuckDB's bare `select academic_year, college_id, specialty_code, funding, entry_base,
           course, sum(students) from fct_enrollment group by all` fetched as a DataFrame on the same warehouse
           (just reading the enrolment the model needs); `x bare` is total / bare.
Also prints streams, table rows and students in the last projected year. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from etl.build import build
from etl.demo.generator import DEFAULT_SEED, generate
from tvet.planner import inputs as planner_inputs
from tvet.planner import project, scenario
from tvet.settings import ROOT
from tvet.warehouse import connect

REFERENCE = ROOT / "data" / "reference"
BARE = ("select academic_year, college_id, specialty_code, funding, entry_base, course, sum(students) "
        "from fct_enrollment group by all")
HORIZON = 10


def median_time(fn, repeat: int) -> tuple[float, object]:
    """Median seconds of `repeat` calls after one warm-up call; and the warm-up's result."""
    out = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def measure(warehouse: Path, label: str, region: str | None, repeat: int) -> dict:
    baseline = scenario.parse({"horizon": HORIZON})

    def load():
        with connect(warehouse) as con:
            return planner_inputs.load(con, region)

    loaded = load()

    def run():
        result = project.run(loaded, baseline)
        return result, result.table()

    def total():
        return project.run(load(), baseline).table()

    def bare():
        with connect(warehouse) as con:
            return con.execute(BARE).df()

    load_s, inputs = median_time(load, repeat)
    run_s, (result, table) = median_time(run, repeat)
    total_s, _ = median_time(total, repeat)
    bare_s, frame = median_time(bare, repeat)
    last = result.summary.iloc[-1]
    return {"warehouse": label, "path": str(warehouse), "region": region or "all",
            "base_year": inputs.base_year, "streams": inputs.size, "rows": len(table),
            "enrolment_rows_read_bare": len(frame), "last_year": int(last["year"]),
            "students_last_year": round(float(last["students"])), "balance_gap": result.balance_gap(),
            "load_s": round(load_s, 4), "project_s": round(run_s, 4), "total_s": round(total_s, 4),
            "bare_s": round(bare_s, 4), "total_vs_bare": round(total_s / bare_s, 1)}


def built(label: str, folders: list[Path], tmp: Path) -> Path:
    path = tmp / f"{label}.duckdb"
    result = build(folders, path, lang="en")
    assert result.published, [p.rule for p in result.errors[:5]]
    return path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--national", action="store_true", help="also generate and build the national demo (~35 s)")
    p.add_argument("--warehouse", metavar="PATH", action="append", type=Path,
                   help="time this existing warehouse instead of building (repeatable)")
    p.add_argument("--region", default=None, help="ISO 3166-2 code (default: every region in the warehouse)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs after the warm-up (median is printed)")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.warehouse:
            targets = [(w.name, w) for w in args.warehouse]
        else:
            targets = [("region demo", built("region", [REFERENCE, ROOT / "data" / "demo"], tmp))]
            if args.national:
                generate(tmp / "national", scale="national", seed=DEFAULT_SEED)
                targets.append(("national demo", built("national", [REFERENCE, tmp / "national"], tmp)))
        for label, path in targets:
            out.append(measure(path, label, args.region, args.repeat))
    print(f"machine: {platform.machine()}, {platform.python_version()}, duckdb {duckdb.__version__}; "
          f"median of {args.repeat} after a warm-up; {HORIZON}-year baseline")
    print(f"{'warehouse':<18}{'streams':>8}{'rows':>8}{'students':>10}{'load s':>9}{'project s':>11}"
          f"{'total s':>9}{'bare s':>9}{'x bare':>8}")
    for r in out:
        print(f"{r['warehouse']:<18}{r['streams']:>8}{r['rows']:>8}{r['students_last_year']:>10}{r['load_s']:>9}"
              f"{r['project_s']:>11}{r['total_s']:>9}{r['bare_s']:>9}{r['total_vs_bare']:>8}")
        print(f"  base year {r['base_year']}, students in {r['last_year']}; bare query read "
              f"{r['enrolment_rows_read_bare']} rows; balance gap {r['balance_gap']:.1e}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
