"""The benchmark report (issue 7): ETL, pages, browser, planner and memory, each against its target, with a
baseline measured in the same run.

    python -m benchmarks.report [--quick] [--out benchmarks/results] [--skip etl,assessment,pages,browser,planner,memory]

Builds what it needs in a temporary folder, prints one table (measure, figure, baseline, ratio, target, met?) and
writes OUT/latest.json (every figure, the machine, versions, date, load average before and after) and
OUT/latest.md (the same table). Default: the national demo (`python -m etl demo --scale national`: 20 regions,
2016–2025), 10 browser loads per page and measure. --quick: the region demo (data/reference + data/demo) and fewer
repeats, for development (~2–4 minutes); its figures are not the report's. Figures depend on the machine and on
what else runs on it: measure on an idle machine (the load average is recorded).

Measures
  etl            etl.build.build([data/reference, DEMO], W) — validation, load, marts, checks, atomic publish — in
                 rows read per second (rows of the source CSV files / build seconds). Baseline: DuckDB's bare
                 `read_csv(all_varchar)` of the same CSV files into tables (median of 3), same rows. Ratio =
                 build throughput / bare throughput (target ≥ 0.5).
  page cold/warm Script time of each MENU page under Streamlit's AppTest (app.py, then switch_page), on W.
                 cold: caches cleared (st.cache_data, st.cache_resource) and the process's shared warehouse
                 connection closed; warm: median of 3 runs with the caches filled. pages/upload.py is included and
                 times its sign-in view (no steward secrets are configured). Baseline: the SQL the cold run ran —
                 every named query (tvet.warehouse.QUERY_LOG records name, params) re-run with the same parameters,
                 in the same order, on a fresh read-only connection (a new DuckDB instance: the shared one is closed
                 first), as `execute(...).df()` like tvet.warehouse.query. Ratio = cold / SQL (target ≤ 3; cold
                 ≤ 2 s; warm ≤ 0.5 s). Whole-table reads of the methodology page (tvet.marts) do not pass through
                 query() and are not in the baseline.
  browser        Headless Chromium against `streamlit run` on W; per page, p50 and p95 over N loads (10; quick 3)
                 of: cold — navigation start to the last chart rendered, in a new browser context (target p95
                 ≤ 3 s); filter — the click on another year (else region) in the page's select to the last chart
                 re-rendered (target p95 ≤ 1.5 s; "n/a" on a page with neither select). "Rendered" is defined
                 precisely in benchmarks/browser.py. An untimed warm-up load per page comes first (it fills the
                 server's caches and counts the page's charts). Baseline: the same cold loads of
                 benchmarks/floor_app.py (a title and one plotly chart: what Streamlit's frontend and plotly cost
                 before any work of ours), served the same way after the pages; ratio = page p95 / baseline p95.
  assessment     The 20 regional assessment workbooks of the national demo (~700 colleges, ~8,000 specialty rows;
                 benchmarks/assessment_times.py) loaded with etl.load.stage + publish into reference + the demo's
                 colleges. Baseline: the bare read of the same workbooks' cells with the faster of openpyxl
                 (read_only) and python-calamine, same run. Ratio = load / bare read (target ≤ 3); the build's own
                 fixed cost (a build of the same sources without the workbooks) is shown beside it.
  planner        tvet.planner: load the inputs of the whole country and run a 10-year baseline projection with its
                 table (benchmarks/planner_times.py, median after a warm-up). Baseline: the bare enrolment read
                 the model needs. Target ≤ 1 s.
  memory         Peak resident memory of the Streamlit server process and its children (from /proc: VmRSS of the
                 process tree sampled every 0.1 s, and the server's own VmHWM), over the browser measures and then
                 10 browser contexts (10 sessions, one Chromium) opening every page concurrently. Target ≤ 1 GB
                 (10^9 bytes).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.build_times import bare_read_csv
from etl.build import build
from tvet.settings import ROOT

REFERENCE = ROOT / "data" / "reference"
GB = 10**9
STEPS = ("etl", "assessment", "pages", "browser", "planner", "memory")


# --- machine ---------------------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = Path("/proc/cpuinfo").read_text(errors="replace")
    models = [line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("model name")]
    mem = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), None)
    os_name = platform.platform()
    try:
        info = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        os_name = f"{info.get('PRETTY_NAME', '').strip(chr(34))} (kernel {platform.release()})"
    except OSError:
        pass
    versions = {}
    for mod in ("duckdb", "streamlit", "plotly", "pandas", "playwright"):
        try:
            from importlib.metadata import version
            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001
            versions[mod] = None
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = None
    return {"cpu_model": models[0] if models else platform.processor(), "cpu_count": len(models) or os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)), "ram_bytes": mem, "os": os_name,
            "python": platform.python_version(), **versions, "commit": commit,
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


# --- 1. ETL ----------------------------------------------------------------------------------------------------

BUILD_STEPS = ("read", "validate and check", "marts and record", "verify", "publish")


def measure_etl(sources: list[Path], tmp: Path, bare_repeat: int) -> dict:
    warehouse = tmp / "warehouse.duckdb"
    marks: list[float] = []  # the time of each of the build's five step messages ("[1/5] …" to "[5/5] …")

    def progress(message: str) -> None:
        if re.match(r"\[\d/5\] ", message):
            marks.append(time.perf_counter())

    result, seconds = timed(lambda: build(sources, warehouse, lang="en", progress=progress))
    end = marks[0] + seconds if marks else 0  # timed() started just before the first mark
    assert result.published, [p.rule for p in result.errors[:5]]
    bares = []
    for i in range(bare_repeat):
        rows, s = bare_read_csv(sources, tmp / f"bare{i}.duckdb")
        bares.append(s)
        (tmp / f"bare{i}.duckdb").unlink()
    bare_s = statistics.median(bares)
    steps = {name: round(b - a, 3) for name, a, b in zip(BUILD_STEPS, marks, [*marks[1:], end])}
    return {"warehouse": str(warehouse), "build_s": seconds, "steps_s": steps, "rows_read": rows,
            "warehouse_rows": sum(result.row_counts.values()), "rows_per_s": rows / seconds,
            "bare_read_csv_s": bare_s, "bare_rows_per_s": rows / bare_s, "ratio": bare_s / seconds}


# --- 2. pages (AppTest) ----------------------------------------------------------------------------------------

def measure_pages(warehouse: Path, warm_repeat: int) -> list[dict]:
    import streamlit as st
    from streamlit import logger as st_logger
    from streamlit.testing.v1 import AppTest

    st_logger.set_log_level("error")  # "missing ScriptRunContext" from clearing caches outside a session

    from pages.common.frame import MENU
    from tvet import warehouse as wh

    os.environ["TVET_WAREHOUSE"] = str(warehouse)
    for var in ("TVET_LANG", "TVET_REGION"):
        os.environ.pop(var, None)

    def run(page: str) -> tuple[float, list[str]]:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        if page != "app.py":
            at.switch_page(page)
        start = time.perf_counter()
        at.run()
        return time.perf_counter() - start, [str(e.value)[:300] for e in at.exception]

    run("app.py")  # imports, once
    rows = []
    for page, _ in MENU:
        if not (ROOT / page).exists():
            continue
        st.cache_data.clear()
        st.cache_resource.clear()
        wh.READER.close()
        log: list = []
        wh.QUERY_LOG = log
        try:
            cold, errors = run(page)
        finally:
            wh.QUERY_LOG = None
        warm = statistics.median(run(page)[0] for _ in range(warm_repeat))
        wh.READER.close()  # the next connection opens a new DuckDB instance: the baseline starts as cold as the page
        con = wh.connect(warehouse)
        try:
            sql_s = 0.0
            for name, params, _ in log:
                text = wh.sql_text(name)
                cur = con.cursor()
                start = time.perf_counter()
                cur.execute(text, params or None).df()
                sql_s += time.perf_counter() - start
                cur.close()
        finally:
            con.close()
        rows.append({"page": page, "cold_s": cold, "warm_s": warm, "sql_s": sql_s,
                     "sql_in_page_s": sum(s for _, _, s in log), "ratio": cold / sql_s if sql_s else None,
                     "queries": [{"name": n, "params": p} for n, p, _ in log], "exceptions": errors})
    return rows


# --- 3 and 5. browser and memory -------------------------------------------------------------------------------

async def _browser(url: str, pid: int, loads: int, sessions: int, pages_per_session: int | None,
                   do_browser: bool, do_memory: bool) -> dict:
    from playwright.async_api import async_playwright

    from benchmarks import browser as bb

    sampler = bb.Sampler(pid)
    sampling = asyncio.create_task(sampler.run())
    out: dict = {"pages": [], "memory": None}
    charts: dict[str, int] = {}
    try:
        async with async_playwright() as p:
            b = await bb.launch(p)
            for page_file, path in bb.PAGES:
                link = f"{url}{path}?lang=en"
                ctx = await b.new_context(viewport=bb.VIEWPORT)
                tab = await ctx.new_page()
                await tab.goto(link, wait_until="domcontentloaded")
                n = charts[path] = await bb.chart_count(tab)
                await ctx.close()
                if not do_browser:
                    continue
                row = {"page": page_file, "path": path, "charts": n, "cold_s": [], "filter_s": [], "filter": None,
                       "errors": []}
                for _ in range(loads):
                    ctx = await b.new_context(viewport=bb.VIEWPORT)
                    tab, s, _ = await bb.open_page(ctx, link, n)
                    row["cold_s"].append(s)
                    row["errors"] += await bb.errors_on(tab)
                    await ctx.close()
                ctx = await b.new_context(viewport=bb.VIEWPORT)
                tab, _, _ = await bb.open_page(ctx, link, n)
                box = await bb.sidebar_select(tab)
                if box is not None:
                    first = await bb.select_value(box)
                    other = await bb.other_option(tab, box)
                    await bb.change_select(tab, box, other, 0)  # untimed: counts the charts of each view
                    n_other = await bb.chart_count(tab)
                    await bb.change_select(tab, box, first, 0)
                    n_first = await bb.chart_count(tab)
                    row["filter"] = f"{first} <-> {other}"
                    for i in range(loads):
                        to, k = (other, n_other) if i % 2 == 0 else (first, n_first)
                        row["filter_s"].append(await bb.change_select(tab, box, to, k))
                    row["errors"] += await bb.errors_on(tab)
                await ctx.close()
                for key in ("cold", "filter"):
                    xs = row[f"{key}_s"]
                    row[f"{key}_p50"], row[f"{key}_p95"] = bb.percentile(xs, 50), bb.percentile(xs, 95)
                out["pages"].append(row)
                print(f"  browser {path}: charts {n}, cold p95 {fmt_s(row['cold_p95'])}, filter p95 "
                      f"{fmt_s(row['filter_p95'])}", flush=True)
            if do_memory:
                paths = [path for _, path in bb.PAGES]
                errors: list[str] = []

                async def session(k: int) -> int:
                    ctx = await b.new_context(viewport=bb.VIEWPORT)
                    done = 0
                    try:
                        order = paths[k % len(paths):] + paths[:k % len(paths)]
                        for path in order[:pages_per_session or len(order)]:
                            tab, _, _ = await bb.open_page(ctx, f"{url}{path}?lang=en", charts[path], timeout_s=180)
                            errors.extend(await bb.errors_on(tab))
                            await tab.close()
                            done += 1
                    finally:
                        await ctx.close()
                    return done

                start = time.perf_counter()
                opened = await asyncio.gather(*(session(k) for k in range(sessions)))
                out["memory"] = {"sessions": sessions, "pages_opened": sum(opened),
                                 "seconds": time.perf_counter() - start, "errors": errors}
            await b.close()
    finally:
        sampler.sample()
        sampling.cancel()
    if out["memory"] is not None:
        out["memory"].update({"peak_bytes": sampler.peak(), "peak_tree_sampled_bytes": sampler.peak_tree_bytes,
                              "server_vmhwm_bytes": sampler.hwm(), "samples": sampler.samples})
    return out


def measure_browser(warehouse: Path, loads: int, sessions: int, pages_per_session: int | None,
                    do_browser: bool, do_memory: bool) -> dict:
    from benchmarks import browser as bb

    with bb.streamlit_server(warehouse) as (url, proc):
        out = asyncio.run(_browser(url, proc.pid, loads, sessions, pages_per_session, do_browser, do_memory))
    if do_browser:
        with bb.streamlit_server(warehouse, app=ROOT / "benchmarks" / "floor_app.py") as (url, _):
            out["floor"] = asyncio.run(_floor(url, loads))
    return out


async def _floor(url: str, loads: int) -> dict:
    """The baseline of the browser measure: cold loads of benchmarks/floor_app.py (one plotly chart), timed as
    the pages' cold loads are."""
    from playwright.async_api import async_playwright

    from benchmarks import browser as bb

    async with async_playwright() as p:
        b = await bb.launch(p)
        ctx = await b.new_context(viewport=bb.VIEWPORT)
        await bb.open_page(ctx, url, 1)  # untimed warm-up, as for the pages
        await ctx.close()
        times = []
        for _ in range(loads):
            ctx = await b.new_context(viewport=bb.VIEWPORT)
            _, s, _ = await bb.open_page(ctx, url, 1)
            times.append(s)
            await ctx.close()
        await b.close()
    floor = {"cold_s": times, "cold_p50": bb.percentile(times, 50), "cold_p95": bb.percentile(times, 95)}
    print(f"  browser baseline (one plotly chart): cold p95 {fmt_s(floor['cold_p95'])}", flush=True)
    return floor


# --- 4. planner ------------------------------------------------------------------------------------------------

def measure_planner(warehouse: Path, repeat: int) -> dict:
    from benchmarks import planner_times

    return planner_times.measure(warehouse, "warehouse", None, repeat)


# --- the table -------------------------------------------------------------------------------------------------

def fmt_s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def table(results: dict) -> list[dict]:
    rows = []

    def add(measure, figure, baseline, ratio, target, met):
        rows.append({"measure": measure, "figure": figure, "baseline": baseline,
                     "ratio": "" if ratio is None else f"{ratio:.2f}", "target": target,
                     "met": "n/a" if met is None else ("yes" if met else "NO")})

    if e := results.get("etl"):
        add("ETL build, rows read/s", f"{e['rows_per_s']:,.0f}/s ({e['rows_read']:,} rows in {e['build_s']:.1f} s)",
            f"read_csv {e['bare_rows_per_s']:,.0f}/s", e["ratio"], "ratio ≥ 0.5", e["ratio"] >= 0.5)
        if e.get("steps_s"):
            add("ETL build, by step", "; ".join(f"{k} {v:.2f} s" for k, v in e["steps_s"].items()), "", None, "", None)
    for r in results.get("pages", []):
        ok = not r["exceptions"]
        add(f"page cold {r['page']}", fmt_s(r["cold_s"]) + ("" if ok else " EXCEPTION"),
            f"SQL {fmt_s(r['sql_s'])} ({len(r['queries'])} q)", r["ratio"], "≤ 2 s, ratio ≤ 3",
            ok and r["cold_s"] <= 2 and (r["ratio"] is None or r["ratio"] <= 3))
        add(f"page warm {r['page']}", fmt_s(r["warm_s"]), "", None, "≤ 0.5 s", ok and r["warm_s"] <= 0.5)
    floor = (results.get("browser") or {}).get("floor")
    if floor:
        add("browser cold, baseline: one plotly chart", f"p50 {fmt_s(floor['cold_p50'])}, p95 {fmt_s(floor['cold_p95'])}",
            f"{len(floor['cold_s'])} loads", None, "", None)
    for r in results.get("browser", {}).get("pages", []):
        clean = not r["errors"]
        add(f"browser cold {r['path']}", f"p50 {fmt_s(r['cold_p50'])}, p95 {fmt_s(r['cold_p95'])}"
            + ("" if clean else " ERRORS"), f"{len(r['cold_s'])} loads, {r['charts']} charts"
            + (f"; baseline p95 {fmt_s(floor['cold_p95'])}" if floor else ""),
            r["cold_p95"] / floor["cold_p95"] if floor else None, "p95 ≤ 3 s", clean and r["cold_p95"] <= 3)
        if r["filter_p95"] is None:
            add(f"browser filter {r['path']}", "n/a (no year/region select)", "", None, "p95 ≤ 1.5 s", None)
        else:
            add(f"browser filter {r['path']}", f"p50 {fmt_s(r['filter_p50'])}, p95 {fmt_s(r['filter_p95'])}",
                f"{len(r['filter_s'])} changes", None, "p95 ≤ 1.5 s", clean and r["filter_p95"] <= 1.5)
    if a := results.get("assessment"):
        bare = min(a["bare_openpyxl_s"], a["bare_calamine_s"])
        add("assessment workbooks, load", f"{fmt_s(a['load_own_s'])} ({a['workbooks']} workbooks, {a['colleges']} "
            f"colleges, {a['specialty_rows']:,} specialty rows; stage {fmt_s(a['stage_s'])}, publish "
            f"{fmt_s(a['publish_own_s'])}; a build without them {fmt_s(a['rebuild_own_s'])})",
            f"bare read {fmt_s(bare)} (openpyxl {fmt_s(a['bare_openpyxl_s'])}, calamine {fmt_s(a['bare_calamine_s'])})",
            a["ratio_own"], "ratio ≤ 3", a["ratio_own"] <= 3)
    if p := results.get("planner"):
        add("planner 10-year whole country", fmt_s(p["total_s"]) + f" ({p['streams']} streams)",
            f"bare read {fmt_s(p['bare_s'])}", p["total_vs_bare"], "≤ 1 s", p["total_s"] <= 1)
    if m := (results.get("browser") or {}).get("memory"):
        add(f"memory, server peak, {m['sessions']} sessions", f"{m['peak_bytes'] / 2**20:,.0f} MiB"
            + ("" if not m["errors"] else " ERRORS"), f"{m['pages_opened']} pages opened", None, "≤ 1 GB",
            m["peak_bytes"] <= GB and not m["errors"])
    return rows


def render(rows: list[dict]) -> tuple[str, str]:
    cols = ("measure", "figure", "baseline", "ratio", "target", "met")
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in cols} if rows else {c: len(c) for c in cols}
    text = "\n".join(["  ".join(c.ljust(widths[c]) for c in cols), "  ".join("-" * widths[c] for c in cols)]
                     + ["  ".join(r[c].ljust(widths[c]) for c in cols) for r in rows])
    md = "\n".join(["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
                   + ["| " + " | ".join(r[c].replace("|", "\\|") for c in cols) + " |" for r in rows])
    return text, md


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="region demo, fewer repeats (development)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    ap.add_argument("--skip", default="", help="comma-separated steps to leave out: " + ",".join(STEPS))
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if skip - set(STEPS):
        ap.error(f"unknown step(s) {sorted(skip - set(STEPS))}; steps: {', '.join(STEPS)}")
    quick = args.quick
    settings = {"mode": "quick" if quick else "full", "warm_repeat": 3, "browser_loads": 3 if quick else 10,
                "memory_sessions": 10, "memory_pages_per_session": 3 if quick else None,
                "planner_repeat": 2 if quick else 5, "bare_read_csv_repeat": 1 if quick else 3}
    info = machine()
    info["loadavg_start"] = os.getloadavg()
    results: dict = {"settings": settings, "machine": info}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tvet-bench-") as d:
        tmp = Path(d)
        if quick:
            sources = [REFERENCE, ROOT / "data" / "demo"]
            results["data"] = "region demo (data/reference + data/demo)"
        else:
            demo = tmp / "national"
            _, gen_s = timed(lambda: subprocess.run(
                [sys.executable, "-m", "etl", "demo", "--out", str(demo), "--scale", "national"], cwd=ROOT,
                check=True, stdout=subprocess.DEVNULL))
            sources = [REFERENCE, demo]
            results["data"] = "national demo (python -m etl demo --scale national) + data/reference"
            results["generate_s"] = gen_s
        print(f"[{time.perf_counter() - started:5.0f} s] ETL", flush=True)
        if "etl" in skip:
            warehouse = tmp / "warehouse.duckdb"
            assert build(sources, warehouse, lang="en").published
        else:
            results["etl"] = measure_etl(sources, tmp, settings["bare_read_csv_repeat"])
            warehouse = Path(results["etl"]["warehouse"])
        if "assessment" not in skip:
            from benchmarks import assessment_times

            print(f"[{time.perf_counter() - started:5.0f} s] assessment workbooks", flush=True)
            results["assessment"] = assessment_times.measure(None if quick else demo, 2025)
        if "planner" not in skip:
            print(f"[{time.perf_counter() - started:5.0f} s] planner", flush=True)
            results["planner"] = measure_planner(warehouse, settings["planner_repeat"])
        if "pages" not in skip:
            print(f"[{time.perf_counter() - started:5.0f} s] pages (AppTest)", flush=True)
            results["pages"] = measure_pages(warehouse, settings["warm_repeat"])
        if not {"browser", "memory"} <= skip:
            print(f"[{time.perf_counter() - started:5.0f} s] browser and memory", flush=True)
            results["browser"] = measure_browser(warehouse, settings["browser_loads"], settings["memory_sessions"],
                                                 settings["memory_pages_per_session"], "browser" not in skip,
                                                 "memory" not in skip)
    info["loadavg_end"] = os.getloadavg()
    results["seconds"] = time.perf_counter() - started
    rows = table(results)
    results["table"] = rows
    text, md = render(rows)
    head = (f"TVET Atlas benchmarks ({settings['mode']}, {results['data']}) — {info['date']}\n"
            f"{info['cpu_model']} × {info['cpu_count']}, {(info['ram_bytes'] or 0) / 2**30:.0f} GiB, {info['os']}; "
            f"Python {info['python']}, DuckDB {info['duckdb']}, Streamlit {info['streamlit']}; load average "
            f"{info['loadavg_start'][0]:.1f} at start, {info['loadavg_end'][0]:.1f} at end; "
            f"{results['seconds']:.0f} s in all")
    print("\n" + head + "\n\n" + text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    (args.out / "latest.md").write_text(f"# Benchmarks\n\n{head}\n\n{md}\n\nMeasures: see `python -m "
                                        f"benchmarks.report --help` and the docstring of benchmarks/report.py.\n",
                                        encoding="utf-8")
    print(f"\nwrote {args.out / 'latest.json'} and {args.out / 'latest.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
