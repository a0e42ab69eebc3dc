"""Times of the foundation's heavy steps on this machine, with a baseline measured in the same run.

    python -m benchmarks.build_times [--national] [--json FILE]

Prints: region demo generation, region warehouse build (data/reference + data/demo), and with --national the
national demo generation and build. The baseline for each build is DuckDB's bare `read_csv` of the same data
files into tables (no validation, no marts): the build's rows per second are reported against it.
Figures, not pass/fail: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import duckdb

from etl.build import build, discover
from etl.demo.generator import DEFAULT_SEED, generate
from tvet.settings import ROOT

REFERENCE = ROOT / "data" / "reference"


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def bare_read_csv(folders: list[Path], db: Path) -> tuple[int, float]:
    files = [f for f in discover(folders) if f.suffix == ".csv"]
    start = time.perf_counter()
    rows = 0
    with duckdb.connect(str(db)) as con:
        for i, f in enumerate(files):
            con.execute(f"create table t{i} as select * from read_csv($f, all_varchar = true)", {"f": str(f)})
            rows += con.execute(f"select count(*) from t{i}").fetchone()[0]
    return rows, time.perf_counter() - start


def measure_build(label: str, folders: list[Path], tmp: Path) -> dict:
    result, seconds = timed(lambda: build(folders, tmp / f"{label}.duckdb", lang="en"))
    assert result.published, [p.rule for p in result.errors[:5]]
    rows = sum(result.row_counts.values())
    base_rows, base_seconds = bare_read_csv(folders, tmp / f"{label}-baseline.duckdb")
    return {"step": f"build {label}", "seconds": round(seconds, 2), "rows": rows,
            "rows_per_s": round(rows / seconds), "baseline_read_csv_s": round(base_seconds, 2),
            "baseline_rows_per_s": round(base_rows / base_seconds),
            "throughput_vs_baseline": round((rows / seconds) / (base_rows / base_seconds), 3)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--national", action="store_true", help="also generate and build the national demo")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        counts, s = timed(lambda: generate(tmp / "region", "region", DEFAULT_SEED))
        out.append({"step": "generate region demo", "seconds": round(s, 2), "rows": sum(counts.values())})
        out.append(measure_build("region", [REFERENCE, ROOT / "data" / "demo"], tmp))
        if args.national:
            counts, s = timed(lambda: generate(tmp / "national", "national", DEFAULT_SEED))
            out.append({"step": "generate national demo", "seconds": round(s, 2), "rows": sum(counts.values()),
                        "students_per_year": None})
            with duckdb.connect() as con:
                per_year = con.execute("select academic_year, sum(students)::bigint from read_csv($f) group by 1 "
                                       "order by 1", {"f": str(tmp / "national" / "fct_enrollment.csv")}).fetchall()
            out[-1]["students_per_year"] = dict(per_year)
            out.append(measure_build("national", [REFERENCE, tmp / "national"], tmp))
    print(f"machine: {platform.machine()}, {platform.python_version()}, duckdb {duckdb.__version__}")
    print(f"{'step':<26}{'seconds':>9}{'rows':>11}{'rows/s':>10}{'read_csv s':>12}{'vs read_csv':>13}")
    for r in out:
        print(f"{r['step']:<26}{r['seconds']:>9}{r['rows']:>11}{r.get('rows_per_s', ''):>10}"
              f"{r.get('baseline_read_csv_s', ''):>12}{r.get('throughput_vs_baseline', ''):>13}")
        if r.get("students_per_year"):
            print("  students per year:", r["students_per_year"])
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
