"""The ETL as a data steward uses it: the command line, a broken file, the live warehouse left untouched."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT, SMALL, build_or_fail, read
from etl import schema
from etl.build import build, remove_stale_temp_files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_etl(*args, lang="en", env=None):
    return subprocess.run([sys.executable, "-m", "etl", "--lang", lang, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)


def test_build_creates_every_table_of_the_contract(small_warehouse):
    tables = {r[0] for r in read(small_warehouse, "select table_name from information_schema.tables")}
    assert set(schema.LOADABLE) | set(schema.BUILD_TABLES) <= tables
    assert not {t for t in tables if t.startswith(("raw_", "stg_"))}


@pytest.mark.parametrize("table", [t.name for t in schema.TABLES])
def test_every_contract_column_is_in_the_warehouse(small_warehouse, table):
    got = [r[0] for r in read(small_warehouse, "select column_name from information_schema.columns "
                                               "where table_name = $t", {"t": table})]
    expected = list(schema.table(table).column_names) + [d for d, _ in schema.table(table).derived]
    assert sorted(got) == sorted(expected)


def test_build_records_inputs_with_sha256_and_rows(small_warehouse):
    rows = read(small_warehouse, "select file, table_name, sha256, rows from etl_input order by file")
    enrollment = [r for r in rows if r[1] == "fct_enrollment"]
    assert len(enrollment) == 1
    assert enrollment[0][2] == sha256(SMALL / "fct_enrollment.csv")
    assert enrollment[0][3] == 11
    run = read(small_warehouse, "select build_id, status from etl_run")
    assert len(run) == 1 and run[0][1] == "published" and len(run[0][0]) == 12


def write_broken(folder: Path) -> None:
    """Three broken cells in two files: a negative count, an unknown specialty, text in a number column."""
    p = folder / "fct_enrollment.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",20,", ",-20,")  # row 4: students -20
    lines[5] = lines[5].replace("06130100", "99999999")  # row 6: unknown specialty
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    q = folder / "fct_state_order.csv"
    lines = q.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",30,", ",тридцать,")  # row 3: places as text
    q.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_broken_input_fails_with_a_full_report_and_leaves_the_live_warehouse(tmp_path, small_sources):
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = sha256(live)
    write_broken(small_sources)
    proc = run_etl("build", "--source", REFERENCE, "--source", small_sources, "--warehouse", live,
                   "--report", tmp_path / "report.csv")
    assert proc.returncode == 1
    err = proc.stderr
    assert "Traceback" not in err
    assert "Nothing was published" in err
    assert "row 4, column «students», value «-20»: «students» cannot be negative" in err
    assert "row 3, column «places», value «тридцать»: «places» is not a number" in err
    assert "row 6, column «specialty_code», value «99999999»: «specialty_code»: unknown specialty code" in err
    assert sha256(live) == before
    assert not list(tmp_path.glob(".live.duckdb.building-*"))
    report = (tmp_path / "report.csv").read_text(encoding="utf-8")
    assert "negative" in report and "not_a_number" in report


def test_unknown_specialty_is_reported_with_file_row_and_fix(tmp_path, small_sources):
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = sha256(live)
    p = small_sources / "fct_enrollment.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("2024,KZ33-T01,06130100,3,", "2024,KZ33-T01,99999999,3,"),
                 encoding="utf-8")
    proc = run_etl("build", "--source", REFERENCE, "--source", small_sources, "--warehouse", live)
    assert proc.returncode == 1
    assert "row 8, column «specialty_code», value «99999999»: «specialty_code»: unknown specialty code" \
        in proc.stderr
    assert "dim_specialty.csv" in proc.stderr  # the fix says where to add a real code
    assert sha256(live) == before


@pytest.mark.parametrize("lang,words", [("ru", "Ничего не опубликовано"), ("kk", "Ештеңе жарияланған жоқ")])
def test_report_speaks_the_stewards_language(tmp_path, small_sources, lang, words):
    write_broken(small_sources)
    proc = run_etl("build", "--source", REFERENCE, "--source", small_sources, "--warehouse",
                   tmp_path / "w.duckdb", lang=lang)
    assert proc.returncode == 1 and words in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_validate_checks_files_without_building(tmp_path, small_sources):
    write_broken(small_sources)
    env = {"TVET_SOURCES": f"{REFERENCE}{os.pathsep}{SMALL}", "TVET_WAREHOUSE": str(tmp_path / "none.duckdb")}
    proc = run_etl("validate", small_sources / "fct_enrollment.csv", env=env)
    assert proc.returncode == 1
    assert "value «-20»" in proc.stderr
    assert "тридцать" not in proc.stderr  # only the files asked about are reported
    assert not (tmp_path / "none.duckdb").exists()
    ok = run_etl("validate", SMALL / "fct_enrollment.csv", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "No problems found" in ok.stderr


TABLE_CHECKSUM = "select count(*), coalesce(sum(hash(t)), 0) from (select * from {} order by all) t"


def test_two_builds_from_the_same_inputs_give_identical_tables(tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    ra, rb = build_or_fail([REFERENCE, SMALL], a), build_or_fail([REFERENCE, SMALL], b)
    assert ra.build_id == rb.build_id
    for name in schema.LOADABLE:
        q = TABLE_CHECKSUM.format(schema.ident(name))
        assert read(a, q) == read(b, q), name
    # and the rows come out in the same order
    assert read(a, "select * from fct_enrollment") == read(b, "select * from fct_enrollment")


def test_if_stale_rebuilds_only_when_inputs_change(tmp_path, small_sources):
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, small_sources], live)
    before = sha256(live)
    again = build([REFERENCE, small_sources], live, lang="en", if_stale=True)
    assert again.ok and not again.published and sha256(live) == before
    p = small_sources / "fct_capacity.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("120,50", "130,50"), encoding="utf-8")
    changed = build([REFERENCE, small_sources], live, lang="en", if_stale=True)
    assert changed.published and changed.build_id != again.build_id
    assert read(live, "select design_capacity from fct_capacity where college_id = 'KZ33-T01'") == [(130,)]


def test_unfinished_builds_of_dead_processes_are_removed(tmp_path):
    live = tmp_path / "w.duckdb"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".w.duckdb.building-{dead.stdout.strip()}-abcd1234"
    stale.write_bytes(b"half a database")
    mine = tmp_path / f".w.duckdb.building-{os.getpid()}-ffff0000"
    mine.write_bytes(b"in progress")
    removed = remove_stale_temp_files(live)
    assert removed == [stale] and not stale.exists() and mine.exists()


def test_templates_are_generated_from_the_contract(tmp_path):
    proc = run_etl("templates", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    for lang in ("en", "ru", "kk"):
        for name in schema.LOADABLE:
            assert (tmp_path / lang / f"{name}.csv").exists()
    assert (tmp_path / "en" / "fct_enrollment.csv").read_text().strip() == ",".join(
        schema.table("fct_enrollment").column_names)
    committed = ROOT / "data" / "templates"
    for f in tmp_path.rglob("*"):
        if f.is_file():
            assert (committed / f.relative_to(tmp_path)).read_bytes() == f.read_bytes(), f"stale template {f.name}"
