"""Time to load the 20 regional assessment workbooks of a national-size demo, against a bare read of the same
workbooks' cells measured in the same run.

    python -m benchmarks.assessment_times [--demo DIR] [--year 2025] [--json OUT]

Generates the national demo (`python -m etl demo --scale national`, unless --demo names one), then writes one
assessment workbook per region (tests/assessment_fixture.py's layout: 115 columns, a college row and its specialty
rows) for its colleges (~700) and their specialties of that year (~8,000 specialty rows), the names written with
legal-form prefixes and quotes, every figure made up. Then, in one run:

  bare openpyxl   every cell of the 20 workbooks read with openpyxl (read_only, values_only)
  bare calamine   the same with python-calamine (CalamineWorkbook ... to_python)
  load           etl.load.stage + etl.load.publish of the 20 workbooks: read, checked, matched to dim_college,
                 written as contract files, validated by the build and published. Two figures:
                   own     sources = data/reference + the demo's dim_college and source only: the workbooks' own cost
                   full    sources = data/reference + the whole national demo: what a steward waits for (it includes
                           rebuilding the whole national warehouse, measured alone as "rebuild")
Ratios: stage and load / the faster bare read (target ≤ 3). The build's own fixed cost (validation of every source,
marts, checks, publish) is measured alone as "rebuild" of the same sources without the workbooks. Figures, not
pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from tvet.settings import ROOT

sys.path.insert(0, str(ROOT / "tests"))
import assessment_fixture as fx  # noqa: E402

REFERENCE = ROOT / "data" / "reference"
FORMS = ("ГККП «{}»", "КГКП \"{}\"", "Государственное коммунальное казенное предприятие «{}»", "ТОО «{}»", "{}")


def write_workbooks(demo: Path, out: Path, year: int, seed: int = 7) -> tuple[list[Path], int, int]:
    """One workbook per region of the demo; (files, colleges, specialty rows)."""
    from openpyxl import Workbook

    rnd = random.Random(seed)
    colleges = pd.read_csv(demo / "dim_college.csv", dtype=str, keep_default_na=False)
    taught: dict[str, set] = {}
    for name in ("fct_admission.csv", "fct_enrollment.csv"):  # the specialties each college teaches that year
        facts = pd.read_csv(demo / name, dtype=str, keep_default_na=False, usecols=["academic_year", "college_id",
                                                                                   "specialty_code"])
        for college, code in facts[facts["academic_year"] == str(year)][["college_id", "specialty_code"]].itertuples(
                index=False):
            taught.setdefault(college, set()).add(code)
    regions = pd.read_csv(REFERENCE / "dim_region.csv", dtype=str).set_index("region_code")["name_ru"].to_dict()
    classifier = sorted(pd.read_csv(REFERENCE / "dim_specialty.csv", dtype=str)["specialty_code"])
    for college in colleges["college_id"]:  # 8–15 specialties a college (~8,000 rows), as the layout's workbooks
        codes = taught.setdefault(college, set())
        while len(codes) < rnd.randint(8, 15):
            codes.add(rnd.choice(classifier))
    files, n_colleges, n_rows = [], 0, 0
    for region, group in colleges.groupby("region_code"):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Оценка")
        ws.append(fx.HEADERS)
        for i, c in enumerate(group.itertuples(), 1):
            name = rnd.choice(FORMS).format(c.name_ru)
            contingent = rnd.randint(200, 2000)
            row = fx.college(name, "", region=regions[region], row_id=i, capacity=contingent + rnd.randint(-100, 400),
                             contingent=contingent, teachers=rnd.randint(20, 150), score=round(rnd.uniform(40, 90), 1))
            ws.append(row)
            n_colleges += 1
            for code in sorted(taught.get(c.college_id, ())):
                graduates = rnd.randint(0, 60)
                employed = rnd.randint(0, graduates)
                ws.append(fx.specialty(row, code, admitted=rnd.randint(5, 75), graduates=graduates,
                                       employed=f"{employed}/{graduates}" if rnd.random() < 0.6 else employed,
                                       dual=rnd.randint(0, 30), employer=str(rnd.randint(0, 20)),
                                       zm_students=rnd.randint(0, 10), demo_exam=rnd.randint(0, 40),
                                       score=round(rnd.uniform(10, 40), 1)))
                n_rows += 1
        path = out / f"{year}_{region}.xlsx"
        wb.save(path)
        files.append(path)
    return files, n_colleges, n_rows


def bare_openpyxl(files: list[Path]) -> int:
    import openpyxl

    cells = 0
    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells += len(row)
        wb.close()
    return cells


def bare_calamine(files: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for f in files:
        book = CalamineWorkbook.from_path(str(f))
        for i in range(len(book.sheet_names)):
            cells += sum(len(r) for r in book.get_sheet_by_index(i).to_python(skip_empty_area=False))
    return cells


def timed(fn, *args):
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def load_all(files: list[Path], sources: list[Path], work: Path, year: int) -> tuple[float, float]:
    """(stage seconds, publish seconds) of every workbook into a fresh warehouse built from `sources` (in this
    process): stage reads, checks and writes the contract files; publish validates them with every other source,
    builds and publishes."""
    from etl import load

    uploads = work / "uploads"
    shutil.rmtree(uploads, ignore_errors=True)
    saved = {k: os.environ.get(k) for k in ("TVET_SOURCES", "TVET_UPLOADS")}
    os.environ["TVET_SOURCES"] = os.pathsep.join(map(str, sources))
    os.environ["TVET_UPLOADS"] = str(uploads)
    warehouse = work / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    try:
        start = time.perf_counter()
        staged = load.stage([(f.name, f) for f in files], year=year, lang="en")
        if not staged.ok:
            raise SystemExit("\n".join(f"{p.file} {p.row} {p.column} {p.value} {p.rule}"
                                       for p in staged.problems[:20]))
        staged_at = time.perf_counter()
        result = load.publish(staged, warehouse=warehouse, lang="en")
        done = time.perf_counter()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if not result.published:
        raise SystemExit("\n".join(f"{p.file} {p.row} {p.column} {p.value} {p.rule}" for p in result.problems[:20]))
    return staged_at - start, done - staged_at


def rebuild(sources: list[Path], work: Path) -> float:
    from etl.build import build

    start = time.perf_counter()
    result = build(sources, work / "rebuild.duckdb", lang="en")
    assert result.published, result.errors[:5]
    return time.perf_counter() - start


def measure(demo: Path | None, year: int) -> dict:
    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        if demo is None:
            demo = work / "demo"
            subprocess.run([sys.executable, "-m", "etl", "demo", "--scale", "national", "--out", str(demo)],
                           cwd=ROOT, check=True, capture_output=True)
        books = work / "books"
        books.mkdir()
        files, colleges, rows = write_workbooks(demo, books, year)
        own = work / "own"
        own.mkdir()
        for name in ("dim_college.csv", "source.csv"):
            shutil.copyfile(demo / name, own / name)
        t_openpyxl, cells = timed(bare_openpyxl, files)
        t_calamine, cells2 = timed(bare_calamine, files)
        t_calamine = min(t_calamine, timed(bare_calamine, files)[0])
        stage_own, publish_own = load_all(files, [REFERENCE, own], work, year)
        stage_full, publish_full = load_all(files, [REFERENCE, demo], work, year)
        rebuild_own, rebuild_full = rebuild([REFERENCE, own], work), rebuild([REFERENCE, demo], work)
        bare = min(t_openpyxl, t_calamine)
        t_own, t_full = stage_own + publish_own, stage_full + publish_full
        return {"workbooks": len(files), "colleges": colleges, "specialty_rows": rows, "cells": cells,
                "megabytes": round(sum(f.stat().st_size for f in files) / 1e6, 1),
                "bare_openpyxl_s": round(t_openpyxl, 2), "bare_calamine_s": round(t_calamine, 2),
                "stage_s": round(stage_own, 2), "publish_own_s": round(publish_own, 2),
                "rebuild_own_s": round(rebuild_own, 2), "load_own_s": round(t_own, 2),
                "load_full_s": round(t_full, 2), "rebuild_full_s": round(rebuild_full, 2),
                "ratio_stage": round(stage_own / bare, 2), "ratio_own": round(t_own / bare, 2),
                "ratio_full": round(t_full / bare, 2), "ratio_own_vs_openpyxl": round(t_own / t_openpyxl, 2),
                "target": 3.0, "cells_equal": cells == cells2}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--demo", type=Path, help="a national demo folder (default: generate one)")
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    r = measure(args.demo, args.year)
    print(f"{r['workbooks']} workbooks, {r['colleges']} colleges, {r['specialty_rows']:,} specialty rows, "
          f"{r['cells']:,} cells, {r['megabytes']} MB")
    print(f"bare read   openpyxl {r['bare_openpyxl_s']:.2f} s   calamine {r['bare_calamine_s']:.2f} s")
    print(f"stage       {r['stage_s']:.2f} s (read, check, match, write the contract files): "
          f"{r['ratio_stage']:.1f}x the faster bare read")
    print(f"load own    {r['load_own_s']:.2f} s = stage + publish {r['publish_own_s']:.2f} s (a build of the same "
          f"sources without the workbooks: {r['rebuild_own_s']:.2f} s): {r['ratio_own']:.1f}x the faster bare read, "
          f"{r['ratio_own_vs_openpyxl']:.1f}x openpyxl's (target ≤ 3)")
    print(f"load full   {r['load_full_s']:.2f} s into the national demo (its rebuild alone: {r['rebuild_full_s']:.2f} s): "
          f"{r['ratio_full']:.1f}x")
    if args.json:
        args.json.write_text(json.dumps(r, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
