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
from conftest import DEMO, REFERENCE, ROOT, SMALL, build_or_fail, read

import register_fixture as fx

# KZ33-T01 teaches 06130100 after grade 9 on state order (tests/fixtures/small). Its 2025 export, in the national
# database's own vocabulary (../shared/reference/official_file_layouts.md §1):
LOCAL, REPUBLICAN, PAID = ("Государственный образовательный заказ (местный бюджет)",
                           "Государственный образовательный заказ (республиканский бюджет)", "Самофинансирование")
GROUPS = [
    ("06130100", 1, LOCAL, "казахский", "очная", "основную школу", 30, 2, 1),   # 27 studying, 1 on leave
    ("06130100", 2, LOCAL, "казахский", "очная", "основную школу", 25, 0),      # 25
    ("06130100", 2, REPUBLICAN, "русский", "очная", "основную школу", 6, 1),    # 5
    ("06130100", 2, PAID, "казахский", "заочная", "среднюю школу", 4, 0),       # 4, final course after grade 11
    ("06130100", 1, PAID, "русский", "очная", "ТиПО", 3, 0),                    # 3, after a previous TVET programme
]
EXPECTED = {(1, "state", "kk", "full_time", "9"): 27, (2, "state", "kk", "full_time", "9"): 25,
            (2, "state", "ru", "full_time", "9"): 5, (2, "paid", "kk", "part_time", "11"): 4,
            (1, "paid", "ru", "full_time", "tvet"): 3}


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
    assert "68 students (3 with a leaving date not counted)" in done.stderr
    assert "1 on academic leave (counted apart), 33 admitted" in done.stderr
    rows = read(tmp_path / "warehouse.duckdb", """
        select course, funding, language, study_form, entry_base, students, is_demo, on_leave, graduating
        from fct_enrollment where academic_year = 2025 and college_id = 'KZ33-T01' and specialty_code = '06130100'""")
    assert {r[:5]: r[5] for r in rows} == EXPECTED
    assert not any(r[6] for r in rows)  # an upload, not demo
    assert {r[:5]: r[7] for r in rows if r[7]} == {(1, "state", "kk", "full_time", "9"): 1}
    # The final course after grade 11 (course 2) ends in June 2026, inside 2025/26; after grade 9 it is course 3.
    assert {r[:5]: r[8] for r in rows if r[8]} == {(2, "paid", "kk", "part_time", "11"): 4}
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


@pytest.mark.parametrize("drop,rule", [("Курс обучения [5802]", "no column for course")])
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


def test_admissions_come_from_first_year_enrolment_dates_and_complement_the_plan(tmp_path):
    """Course-1 students enrolled in this year's campaign are the year's admitted (those who left since included:
    they were admitted). The fixture's own 2025 plan for the same key (70, from another real source) stays beside
    the register's admitted count in one row."""
    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    assert load(tmp_path, export, args=("--college", "KZ33-T01", "--year", "2025")).returncode == 0
    rows = read(tmp_path / "warehouse.duckdb", """
        select funding, language, entry_base, planned, admitted, source_id, planned_source_id from fct_admission
        where academic_year = 2025 and college_id = 'KZ33-T01' order by all""")
    assert rows == [("paid", "ru", "tvet", None, 3, "register_KZ33_T01_2025", None),
                    ("state", "kk", "9", 70, 30, "register_KZ33_T01_2025", "fixture_upload")]


def test_an_export_without_the_entry_base_loads_as_not_stated_with_a_warning(tmp_path):
    headers = [h for h in fx.HEADERS if "[5573]" not in h]
    export = fx.write(tmp_path / "kontingent.txt", GROUPS, headers=headers)
    done = load(tmp_path, export, args=("--college", "KZ33-T01", "--year", "2025"))
    assert done.returncode == 0, done.stderr
    assert "no column for entry_base" in done.stderr and "not stated" in done.stderr
    rows = read(tmp_path / "warehouse.duckdb", """
        select entry_base, sum(students)::bigint from fct_enrollment
        where academic_year = 2025 and college_id = 'KZ33-T01' group by all""")
    assert rows == [(None, 64)]


def test_a_college_export_replaces_that_colleges_demo_rows_only(tmp_path):
    """The Must-show of issue 13: loaded into the demo warehouse, one college's 2025 export replaces that college's
    2025 demo enrolment (and admissions), while the region's 26 other colleges keep theirs for 2025."""
    live = tmp_path / "live.duckdb"
    env_sources = os.pathsep.join([str(REFERENCE), str(DEMO)])
    build_or_fail([REFERENCE, DEMO], live)
    by_college = """select college_id, sum(students)::bigint, bool_and(is_demo) from fct_enrollment
                    where academic_year = 2025 group by 1 order by 1"""
    before = {c: (n, d) for c, n, d in read(live, by_college)}
    assert len(before) == 27 and before["KZ33-C001"][1]
    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    cmd = [sys.executable, "-m", "etl", "--lang", "en", "load", str(export), "--warehouse", str(live),
           "--college", "KZ33-C001", "--year", "2025"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TVET_SOURCES": env_sources, "TVET_UPLOADS": str(tmp_path / "up")})
    assert done.returncode == 0, done.stderr
    after = {c: (n, d) for c, n, d in read(live, by_college)}
    assert after["KZ33-C001"] == (sum(EXPECTED.values()), False)
    assert {c: v for c, v in after.items() if c != "KZ33-C001"} == {
        c: v for c, v in before.items() if c != "KZ33-C001"}
    assert read(live, """select count(*) from fct_enrollment where academic_year = 2025
                         and college_id = 'KZ33-C001' and is_demo""") == [(0,)]
    exact = read(live, """select specialty_code, course, funding, language, sum(students)::bigint from fct_enrollment
                          where academic_year = 2025 and college_id = 'KZ33-C001' group by all order by all""")
    assert exact == [("06130100", 1, "paid", "ru", 3), ("06130100", 1, "state", "kk", 27),
                     ("06130100", 2, "paid", "kk", 4), ("06130100", 2, "state", "kk", 25),
                     ("06130100", 2, "state", "ru", 5)]
    scope = read(live, """select status, colleges_real, colleges_demo from etl_scope
                          where table_name = 'fct_enrollment' and region_code = 'KZ-33' and academic_year = 2025""")
    assert scope == [("mixed", 1, 26)]
    # Other years of the same college stay demo.
    assert read(live, """select bool_and(is_demo) from fct_enrollment where academic_year = 2024
                         and college_id = 'KZ33-C001'""") == [(True,)]


def test_the_planner_checks_itself_against_the_registers_expected_graduates(tmp_path, app):
    """The export's end-of-study dates say 4 students of KZ33-T01 finish in 2025/26: the planner puts that beside
    what its model expects of the same college (graduation rate × final-course students), on the page too."""
    from conftest import texts
    from tvet import warehouse as wh
    from tvet.i18n import t
    from tvet.planner import inputs as planner_inputs
    from tvet.planner.check import graduation_check

    export = fx.write(tmp_path / "kontingent.txt", GROUPS)
    assert load(tmp_path, export, args=("--college", "KZ33-T01", "--year", "2025")).returncode == 0
    with wh.connect(tmp_path / "warehouse.duckdb") as con:
        given = planner_inputs.load(con, "KZ-33")
        check = graduation_check(given, wh.query(con, "planner_expected_graduates", region="KZ-33", year=2025))
    assert given.base_year == 2025
    assert (check.colleges, check.stated) == (1, 4)
    final = given.streams["length"].to_numpy() - 1
    t01 = (given.streams["college_id"] == "KZ33-T01").to_numpy()
    assert check.model == pytest.approx(float((given.graduation * given.start[range(len(final)), final])[t01].sum()))
    at = app(tmp_path / "warehouse.duckdb", page="pages/planner.py", lang="en", region="KZ-33").run()
    assert not at.exception
    assert t("planner.check.graduates", "en", n=1, year="2025/26", stated="4",
             model=f"{check.model:,.0f}") in texts(at)
