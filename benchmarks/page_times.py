"""Script time of every page (Streamlit AppTest) on the demo warehouse and, with --national, on the national one.

    python -m benchmarks.page_times [--national] [--json FILE]

cold = caches cleared before the run (the first run of a page after a rebuild); warm = the median of three runs
with the caches filled (what a user clicking around gets). Modules are imported once before measuring.
Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.build import build
from etl.demo.generator import DEFAULT_SEED, generate
from pages.common.frame import MENU
from tvet.settings import ROOT

REFERENCE = ROOT / "data" / "reference"


def run_page(page: str) -> tuple[float, bool]:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if page != "app.py":
        at.switch_page(page)
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start, bool(at.exception)


def measure(warehouse: Path, label: str) -> list[dict]:
    os.environ["TVET_WAREHOUSE"] = str(warehouse)
    run_page("app.py")  # imports
    rows = []
    for page, _ in MENU:
        if not (ROOT / page).exists():
            continue
        st.cache_data.clear()
        st.cache_resource.clear()
        cold, failed = run_page(page)
        warm = statistics.median(run_page(page)[0] for _ in range(3))
        rows.append({"warehouse": label, "page": page, "cold_s": round(cold, 3), "warm_s": round(warm, 3),
                     "exception": failed})
    return rows


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--national", action="store_true")
    p.add_argument("--json", metavar="FILE")
    args = p.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        demo = tmp / "demo.duckdb"
        assert build([REFERENCE, ROOT / "data" / "demo"], demo, lang="en").published
        out += measure(demo, "demo (Zhetysu)")
        if args.national:
            generate(tmp / "national", "national", DEFAULT_SEED)
            national = tmp / "national.duckdb"
            assert build([REFERENCE, tmp / "national"], national, lang="en").published
            out += measure(national, "national")
    print(f"{'warehouse':<16}{'page':<26}{'cold s':>8}{'warm s':>8}  exception")
    for r in out:
        print(f"{r['warehouse']:<16}{r['page']:<26}{r['cold_s']:>8}{r['warm_s']:>8}  {r['exception']}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
