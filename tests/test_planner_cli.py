"""The planner's command line, run as a user runs it (python -m tvet.planner) on the small hand-made warehouse."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, read
from tvet.i18n import t

CODES = {"college_id": str, "specialty_code": str, "isced_broad": str, "region_code": str, "build_id": str}


def cli(warehouse: Path, scenario: Path, out: Path, lang: str = "en", *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tvet.planner", "--warehouse", str(warehouse), "--scenario",
                           str(scenario), "--out", str(out), "--lang", lang, *extra],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)


def scenario_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline_csv(small_warehouse, tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    out = d / "baseline.csv"
    run = cli(small_warehouse, scenario_file(d, "baseline.json", "{}"), out)
    assert run.returncode == 0, run.stderr
    return run, pd.read_csv(out, dtype=CODES)


def test_baseline_csv_balances_and_says_where_it_comes_from(small_warehouse, baseline_csv):
    run, table = baseline_csv
    # 5 years (2025–2029, the default horizon) × 4 groups: T01 state, T02 paid, T02 state (the placed
    # region-level order), T03 state
    assert len(table) == 20
    assert sorted(table["year"].unique()) == [2025, 2026, 2027, 2028, 2029]
    assert not table.duplicated(["year", "college_id", "specialty_code", "funding"]).any()
    # rounded to 3 decimals, so the rows balance to within a few thousandths
    assert (table["students_start"] + table["admitted"] - table["students"]).abs().max() <= 0.01
    assert (table["students"] - table["students_end"] - table["graduates"] - table["dropouts"]).abs().max() <= 0.01
    (build_id,) = read(small_warehouse, "select build_id from etl_run order by finished_at desc limit 1")[0]
    assert set(table["build_id"]) == {build_id}
    assert table["is_demo"].tolist() == [True] * 20  # the small fixture has demo rows
    assert set(table["scenario"]) == {"baseline"}
    # T03 in 2025, worked out by hand in test_planner_model: 35 + 98/3 + 224/9 = 833/9 = 92.556 students
    t03 = table[(table["college_id"] == "KZ33-T03") & (table["year"] == 2025)].iloc[0]
    assert t03["students"] == pytest.approx(92.556, abs=0.0005)
    assert t03["specialty_code"] == "01140100"  # the leading zero is kept
    assert "Traceback" not in run.stderr
    assert build_id in run.stderr and "DEMO" in run.stderr


def test_a_change_writes_different_numbers(small_warehouse, baseline_csv, tmp_path):
    _, base = baseline_csv
    out = tmp_path / "more.csv"
    run = cli(small_warehouse, scenario_file(tmp_path, "more.json", '{"name": "More ICT", '
                                             '"places": [{"field": "06", "change": 10}]}'), out)
    assert run.returncode == 0, run.stderr
    got = pd.read_csv(out, dtype=CODES)
    assert set(got["scenario"]) == {"More ICT"}
    key = ["year", "college_id", "specialty_code", "funding"]
    merged = got.merge(base, on=key, suffixes=("", "_base"))
    assert len(merged) == 20
    t01 = merged[merged["college_id"] == "KZ33-T01"]
    # field 06 is T01 alone: 60 + 10 = 70 places, 70 · 58/60 = 67.667 admitted every year
    assert t01["places"].tolist() == [70.0] * 5
    assert t01["admitted"].to_numpy() == pytest.approx([70 * 58 / 60] * 5, abs=0.0005)
    assert (t01["students"] > t01["students_base"]).all()
    others = merged[merged["college_id"] != "KZ33-T01"]
    assert (others["students"] == others["students_base"]).all()


BAD_INPUT = [
    ("broken JSON", '{"places": [', ["{file}", "line 1, column 13"]),  # 12 characters, then nothing
    ("unknown key", '{"placs": []}', ["{file}", "placs"]),
    ("unknown item key", '{"places": [{"field": "06", "chnage": 10}]}', ["{file}", "places[1]", "chnage"]),
    ("bad value", '{"horizon": 11}', ["{file}", "horizon", "11"]),
    ("unknown college", ('{"places": [{"college_id": "KZ33-NOPE", "specialty_code": "06130100", '
                         '"entry_base": "9", "set": 5}]}'), ["{file}", "places[1]", "KZ33-NOPE"]),
    ("missing scenario file", None, ["{file}"]),
    ("missing warehouse", "{}", ["{warehouse}"]),
    ("no data for the region", "{}", ["KZ-99"]),
    ("cannot write", "{}", ["{out}"]),
]


@pytest.mark.parametrize("case, text, expect", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_exits_2_with_a_message(small_warehouse, tmp_path, case, text, expect):
    path = tmp_path / "scenario file.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    warehouse = tmp_path / "no such warehouse.duckdb" if case == "missing warehouse" else small_warehouse
    out = tmp_path / "out.csv"
    if case == "cannot write":
        (tmp_path / "a file").write_text("", encoding="utf-8")
        out = tmp_path / "a file" / "out.csv"  # its folder is a file
    run = cli(warehouse, path, out, "en", *(["--region", "KZ-99"] if case == "no data for the region" else []))
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 2, run.stderr
    for part in expect:
        assert part.format(file=path, warehouse=warehouse, out=out) in run.stderr, run.stderr
    assert not out.exists()


def test_russian_messages(small_warehouse, tmp_path):
    run = cli(small_warehouse, scenario_file(tmp_path, "s.json", "{}"), tmp_path / "out.csv", "ru")
    assert run.returncode == 0, run.stderr
    assert t("planner.cli.demo", "ru").strip() in run.stderr
    assert "Wrote" not in run.stderr and "rows" not in run.stderr
    assert re.search(r"[А-Яа-яЁё]{4,}", run.stderr)
    bad = cli(small_warehouse, scenario_file(tmp_path, "b.json", '{"horizon": 0}'), tmp_path / "b.csv", "ru")
    assert bad.returncode == 2
    assert "Сценарий" in bad.stderr and "horizon" in bad.stderr and "must be" not in bad.stderr
