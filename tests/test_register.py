"""The student-register export («Контингент») loaded with `python -m etl load`: aggregated to fct_enrollment with
the counts worked out below, personal data nowhere in the warehouse or the kept files, and a bad export refused
with the live warehouse left byte for byte as it was."""

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import REFERENCE, ROOT, SMALL, build_or_fail, read

import register_fixture as fx

# KZ33-T01 teaches 06130100 after grade 9 on state order (tests/fixtures/small). Its 2025 export:
GROUPS = [
    ("06130100", 1, "бюджет", "казахский", "очная", "на базе 9 классов", 30, 2),   # 28 counted
    ("06130100", 2, "бюджет", "казахский", "очная", "на базе 9 классов", 25, 0),   # 25
    ("06130100", 2, "бюджет", "русский", "очная", "на базе 9 классов", 6, 1),      # 5
    ("06130100", 3, "платно", "казахский", "заочная", "на базе 11 классов", 4, 0),  # 4
]
EXPECTED = {(1, "state", "kk", "full_time", "9"): 28, (2, "state", "kk", "full_time", "9"): 25,
            (2, "state", "ru", "full_time", "9"): 5, (3, "paid", "kk", "part_time", "11"): 4}


def load(tmp_path, *files, args=(), warehouse=None):
    env = {**os.environ, "TVET_SOURCES": os.pathsep.join([str(REFERENCE), str(SMALL)]),
           "TVET_UPLOADS": str(tmp_path / "uploads")}
    cmd = [sys.executable, "-m", "etl", "--lang", "en", "load", *map(str, files), "--warehouse",
           str(warehouse or tmp_path / "warehouse.duckdb"), *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_register_export_is_aggregated_into_enrolment(tmp_path):
    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    done = load(tmp_path, export, args=("--college", "KZ33-T01", "--year", "2025"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "65 students (3 with a leaving date not counted)" in done.stderr
    rows = read(tmp_path / "warehouse.duckdb", """
        select course, funding, language, study_form, entry_base, students, is_demo from fct_enrollment
        where academic_year = 2025 and college_id = 'KZ33-T01' and specialty_code = '06130100'""")
    assert {r[:5]: r[5] for r in rows} == EXPECTED
    assert not any(r[6] for r in rows)  # an upload, not demo
    source = read(tmp_path / "warehouse.duckdb", "select kind, note from source where source_id like 'register%'")
    assert source[0][0] == "upload" and hashlib.sha256(export.read_bytes()).hexdigest() in source[0][1]


def test_no_personal_data_reaches_the_warehouse_or_the_kept_files(tmp_path):
    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    assert load(tmp_path, export, args=("--college", "KZ33-T01", "--year", "2025")).returncode == 0
    people = [fx.person(i) for i in range(1, 70)]
    names = {p[1] for p in people} | {p[2] for p in people} | {"Тестовна"}
    iin = re.compile(r"(?<![0-9a-f])\d{12}(?![0-9a-f])")  # not a run of digits inside a sha256
    phone = re.compile(r"\+7[\s\d]{10,}")
    email = re.compile(r"[\w.]+@[\w.]+")
    tables = read(tmp_path / "warehouse.duckdb", """
        select table_name, column_name from information_schema.columns
        where data_type = 'VARCHAR' and table_schema = 'main'""")
    assert len(tables) > 50
    for table, column in tables:
        for (value,) in read(tmp_path / "warehouse.duckdb", f'select distinct "{column}" from "{table}"'):
            text = str(value or "")
            assert not iin.search(text), (table, column, text[:40])
            assert not phone.search(text), (table, column)
            assert not email.search(text) or table in ("source", "published_figure", "etl_run"), (table, column)
            assert not any(n in text for n in names), (table, column, text[:40])
    kept = "\n".join(f.read_text(encoding="utf-8") for f in (tmp_path / "uploads").rglob("*") if f.is_file())
    assert "publish_log.jsonl" in {f.name for f in (tmp_path / "uploads").iterdir()}
    assert not iin.search(kept) and "@example.kz" not in kept and not any(n in kept for n in names)


@pytest.mark.parametrize("drop,rule", [("Курс обучения [5802]", "no column for course"),
                                       ("На базе [base_a]", "no column for entry_base")])
def test_an_export_without_a_needed_column_is_refused_and_nothing_changes(tmp_path, drop, rule):
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    headers = list(fx.HEADERS)
    i = headers.index(drop)
    export = tmp_path / "kontingent.txt"
    lines = ["\t".join(h for j, h in enumerate(headers) if j != i)] + [
        "\t".join(c for j, c in enumerate(r) if j != i) for r in fx.rows(GROUPS)]
    export.write_bytes("\r\n".join(lines).encode("utf-16"))
    done = load(tmp_path, export, args=("--college", "KZ33-T01", "--year", "2025"), warehouse=live)
    assert done.returncode == 1
    assert rule in done.stderr and "Traceback" not in done.stderr
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert not [f for f in (tmp_path / "uploads").rglob("*") if f.is_file() and f.name != "publish_log.jsonl"]
    log = [json.loads(line) for line in (tmp_path / "uploads" / "publish_log.jsonl").read_text().splitlines()]
    assert [e["result"] for e in log] == ["refused"] and [f["name"] for f in log[0]["files"]] == [str(export)]
    assert log[0]["files"][0]["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()


def test_an_export_without_its_college_asks_for_it(tmp_path):
    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    done = load(tmp_path, export, args=("--year", "2025"))
    assert done.returncode == 1
    assert "does not say which college" in done.stderr and "--college" in done.stderr
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_an_unknown_college_fails_the_build_and_takes_its_files_back(tmp_path):
    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    done = load(tmp_path, export, args=("--college", "KZ33-NOPE", "--year", "2025"))
    assert done.returncode == 1 and "KZ33-NOPE" in done.stderr and "Traceback" not in done.stderr
    assert not list((tmp_path / "uploads").glob("*.csv"))


def test_a_register_export_among_the_build_sources_is_refused_with_the_way_to_load_it(tmp_path):
    from etl.build import build
    from etl.problems import format_report

    src = tmp_path / "src"
    src.mkdir()
    fx.write(src / "kontingent.txt", GROUPS)
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    result = build([REFERENCE, SMALL, src], live, lang="ru")
    assert not result.published
    report = format_report(result.errors, "ru")
    assert "выгрузку контингента" in report and "python -m etl load" in report
    assert not any(p.value and re.search(r"\d{12}", str(p.value)) for p in result.problems)
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
