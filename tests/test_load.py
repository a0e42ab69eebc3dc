"""`python -m etl load` and `python -m etl rollback` (etl/load.py) on real warehouses built from the small fixture:
what a load keeps, what it logs, what a rollback puts back, and the preview's counts (etl/diff.py)."""

import hashlib
import json
import os
import subprocess
import sys

from conftest import REFERENCE, ROOT, SMALL, build_or_fail, read

REAL = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,source_id\n"
        "2024,KZ33-T03,01140100,1,state,kk,full_time,9,33,steward_t03\n"
        "2024,KZ33-T03,01140100,3,state,kk,full_time,9,21,steward_t03\n")
SOURCE = ("source_id,title,publisher,url,published_on,kind,licence,note\n"
          "steward_t03,College T03 enrolment 2024,Test steward,,,upload,,\n")


def etl(tmp_path, *args, lang="en"):
    env = {**os.environ, "TVET_SOURCES": os.pathsep.join([str(REFERENCE), str(SMALL)]),
           "TVET_UPLOADS": str(tmp_path / "uploads"), "TVET_WAREHOUSE": str(tmp_path / "warehouse.duckdb")}
    return subprocess.run([sys.executable, "-m", "etl", "--lang", lang, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(tmp_path):
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "t03.csv").write_text(REAL, encoding="utf-8")
    (tmp_path / "in" / "source_t03.csv").write_text(SOURCE, encoding="utf-8")
    return tmp_path / "in" / "t03.csv", tmp_path / "in" / "source_t03.csv"


def test_load_then_roll_back_puts_everything_back(tmp_path):
    live = tmp_path / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = sha(live)
    done = etl(tmp_path, "load", *files(tmp_path))
    assert done.returncode == 0, done.stderr
    assert read(live, "select sum(students)::bigint from fct_enrollment where academic_year = 2024") == [(54,)]
    assert sorted(f.name for f in (tmp_path / "uploads").iterdir() if f.is_file()) == [
        "publish_log.jsonl", "source_t03.csv", "t03.csv"]
    assert (tmp_path / "warehouse.duckdb.previous").exists()
    undo = etl(tmp_path, "rollback", lang="ru")
    assert undo.returncode == 0, undo.stderr
    assert "Откат выполнен" in undo.stderr
    assert sha(live) == before
    assert sorted(f.name for f in (tmp_path / "uploads").iterdir() if f.is_file()) == ["publish_log.jsonl"]
    log = [json.loads(x) for x in (tmp_path / "uploads" / "publish_log.jsonl").read_text().splitlines()]
    assert [e["result"] for e in log] == ["published", "rolled_back"]
    assert log[0]["files"][0]["sha256"] == hashlib.sha256(REAL.encode()).hexdigest()
    assert log[1]["undoes"] == log[0]["id"] and log[1]["build_after"] == log[0]["build_before"]
    # Only the last publish can be undone, once; the next build is the same as before the load.
    again = etl(tmp_path, "rollback", lang="kk")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    rebuilt = etl(tmp_path, "build", "--source", REFERENCE, "--source", SMALL, "--source", tmp_path / "uploads")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert read(live, "select sum(students)::bigint from fct_enrollment where academic_year = 2024") == [(254,)]


def test_a_refused_load_keeps_the_previous_rollback_point(tmp_path):
    live = tmp_path / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    assert etl(tmp_path, "load", *files(tmp_path)).returncode == 0
    previous = sha(tmp_path / "warehouse.duckdb.previous")
    bad = tmp_path / "in" / "bad.csv"
    bad.write_text(REAL.replace(",33,", ",lots,"), encoding="utf-8")
    done = etl(tmp_path, "load", bad)
    assert done.returncode == 1 and "lots" in done.stderr
    assert sha(tmp_path / "warehouse.duckdb.previous") == previous
    assert "bad.csv" not in {f.name for f in (tmp_path / "uploads").iterdir()}


def test_the_preview_counts_rows_and_figures_by_hand(tmp_path):
    from etl import diff

    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    t03, source = files(tmp_path)
    after = tmp_path / "after.duckdb"
    build_or_fail([REFERENCE, SMALL, t03, source], after)
    changes = diff.compare(live, after)
    enrol = [c for c in changes["tables"] if c["table"] == "fct_enrollment"]
    # 2024 had 7 demo rows: T03 course 1 keeps its key (changed), course 3 is new (added), the other 6 give way.
    assert enrol == [{"table": "fct_enrollment", "academic_year": 2024, "added": 1, "changed": 1, "removed": 6}]
    assert {c["table"] for c in changes["tables"]} == {"fct_enrollment", "source"}
    students = [f for f in changes["figures"] if f["indicator"] == "students"]
    assert students == [{"region_code": "KZ-33", "academic_year": 2024, "indicator": "students", "before": 254,
                         "after": 54}]
    assert diff.compare(live, live) == {"tables": [], "figures": []}


def test_a_plain_rebuild_keeps_what_was_loaded(tmp_path):
    """run.sh rebuilds with `python -m etl build --if-stale` and no --source: the loaded files must be part of it."""
    live = tmp_path / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    assert etl(tmp_path, "load", *files(tmp_path)).returncode == 0
    loaded = sha(live)
    same = etl(tmp_path, "build", "--if-stale")
    assert same.returncode == 0 and sha(live) == loaded  # up to date: the uploads are among its inputs
    again = etl(tmp_path, "build")
    assert again.returncode == 0, again.stderr
    assert read(live, "select sum(students)::bigint from fct_enrollment where academic_year = 2024") == [(54,)]
