"""The annual college-assessment workbook loaded with `python -m etl load` (etl/assessment.py): the exact figures per
college and per college × specialty in the warehouse, the region's year replacing its demo rows and nothing else, an
unknown college refused by name with the live warehouse byte for byte as it was, --add-colleges, and the year
conventions (autumn Y for capacity and admission, June Y+1 = graduation academic_year Y)."""

import hashlib
import json
import os
import subprocess
import sys

import pytest
from conftest import REFERENCE, ROOT, SMALL, build_or_fail, read

import assessment_fixture as fx


def load(tmp_path, *files, args=(), warehouse=None, lang="en"):
    env = {**os.environ, "TVET_SOURCES": os.pathsep.join([str(REFERENCE), str(SMALL)]),
           "TVET_UPLOADS": str(tmp_path / "uploads")}
    cmd = [sys.executable, "-m", "etl", "--lang", lang, "load", *map(str, files), "--warehouse",
           str(warehouse or tmp_path / "warehouse.duckdb"), *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """The small region's workbook loaded for 2024/25 into a warehouse of the small fixture."""
    tmp = tmp_path_factory.mktemp("assessment")
    book = fx.write(tmp / "ocenka.xlsx", fx.small_region())
    done = load(tmp, book, args=("--year", "2024"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return tmp / "warehouse.duckdb", book, done.stderr


def test_exact_figures_per_college(loaded):
    warehouse, _, err = loaded
    assert "3 colleges, 4 specialty rows" in err
    rows = read(warehouse, "select college_id, design_capacity, contingent_stated, dormitory_places, is_demo "
                           "from fct_capacity where academic_year = 2024")
    assert {r[0]: (r[1], r[2]) for r in rows} == fx.EXPECTED_CAPACITY
    assert all(r[3] is None and r[4] is False for r in rows)  # dormitory places: not in the workbook


def test_exact_figures_per_college_and_specialty(loaded):
    warehouse = loaded[0]
    admitted = read(warehouse, "select college_id, specialty_code, admitted, planned, applicants, funding, language, "
                               "entry_base from fct_admission where academic_year = 2024")
    assert {(r[0], r[1]): r[2] for r in admitted} == fx.EXPECTED_ADMITTED
    assert all(r[3:] == (None,) * 5 for r in admitted)  # breakdowns and plan: not stated
    graduation = read(warehouse, "select college_id, specialty_code, graduates, employed, funding "
                                 "from fct_graduation where academic_year = 2024")
    assert {(r[0], r[1]): (r[2], r[3]) for r in graduation} == fx.EXPECTED_GRADUATION
    assert all(r[4] is None for r in graduation)
    assessment = read(warehouse, """
        select college_id, specialty_code, score, teachers, dual_training_students, employer_request_students,
               zhas_maman_students, zhas_maman_admitted, zhas_maman_graduates, zhas_maman_employed, demo_exam_passed
        from fct_assessment where academic_year = 2024""")
    assert {(r[0], r[1]): tuple(r[2:]) for r in assessment} == fx.EXPECTED_ASSESSMENT
    totals = read(warehouse, "select sum(dual_training_students)::bigint, sum(employer_request_students)::bigint "
                             "from fct_assessment where academic_year = 2024")
    assert totals == [(fx.DUAL_TOTAL, fx.EMPLOYER_TOTAL)]


def test_the_source_is_an_upload_covering_the_region(loaded):
    warehouse, book, _ = loaded
    source = read(warehouse, "select source_id, kind, coverage, note from source where source_id like 'assessment%'")
    assert len(source) == 1
    assert source[0][:3] == ("assessment_KZ_33_2024", "upload", "region")
    assert sha256(book) in source[0][3]


def test_demo_rows_of_the_region_year_give_way_and_the_rest_stay(loaded):
    warehouse = loaded[0]
    # tests/fixtures/small: fct_capacity and fct_admission 2024 were demo (fixture_demo); they are gone.
    assert read(warehouse, "select count(*) from fct_capacity where academic_year = 2024 and is_demo") == [(0,)]
    assert read(warehouse, "select count(*) from fct_admission where academic_year = 2024 and is_demo") == [(0,)]
    scope = read(warehouse, """select table_name, status, demo_rows_replaced from etl_scope
                               where region_code = 'KZ-33' and academic_year = 2024
                                 and table_name in ('fct_capacity', 'fct_admission', 'fct_assessment')""")
    assert sorted(scope) == [("fct_admission", "real", 3), ("fct_assessment", "real", 0), ("fct_capacity", "real", 3)]
    # Other years and other tables keep their rows: admission 2025, graduation 2023, enrolment 2024 (demo).
    assert read(warehouse, "select count(*) from fct_admission where academic_year = 2025") == [(2,)]
    assert read(warehouse, "select count(*) from fct_graduation where academic_year = 2023") == [(2,)]
    assert read(warehouse, "select count(*) from fct_enrollment where academic_year = 2024 and is_demo") == [(7,)]


def test_an_unknown_college_is_refused_by_name_and_nothing_changes(tmp_path):
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = sha256(live)
    rows = fx.small_region()
    stranger = fx.college("КГКП «Колледж сервиса и туризма»", "Саркандский район", row_id=4, capacity=70)
    rows += [stranger, fx.specialty(stranger, "01140100", admitted=10)]
    book = fx.write(tmp_path / "2024_Жетісу.xlsx", rows)
    done = load(tmp_path, book, warehouse=live)
    assert done.returncode == 1, done.stderr
    assert "Колледж сервиса и туризма" in done.stderr and "not in the list of colleges" in done.stderr
    assert "row 9" in done.stderr and "closest known one is" in done.stderr
    assert "Traceback" not in done.stderr
    assert sha256(live) == before
    assert not [f for f in (tmp_path / "uploads").rglob("*") if f.is_file() and f.name != "publish_log.jsonl"]
    log = [json.loads(x) for x in (tmp_path / "uploads" / "publish_log.jsonl").read_text().splitlines()]
    assert [e["result"] for e in log] == ["refused"]


def test_add_colleges_adds_them_and_the_same_load_then_succeeds(tmp_path):
    rows = fx.small_region()
    stranger = fx.college("КГКП «Колледж сервиса и туризма»", "Саркандский район", row_id=4, capacity=70,
                          contingent=64, teachers=9, score=55)
    rows += [stranger, fx.specialty(stranger, "01140100", admitted=10, graduates=8, employed="6/8", dual=4)]
    book = fx.write(tmp_path / "ocenka.xlsx", rows)
    done = load(tmp_path, book, args=("--year", "2024", "--add-colleges"))
    assert done.returncode == 0, done.stderr
    assert "KZ33-U001 Колледж сервиса и туризма" in done.stderr
    warehouse = tmp_path / "warehouse.duckdb"
    college = read(warehouse, "select college_id, region_code, district_code, name_ru, ownership, is_demo "
                              "from dim_college where college_id = 'KZ33-U001'")
    assert college == [("KZ33-U001", "KZ-33", "KZ-33-SAR", "Колледж сервиса и туризма", "state", False)]
    assert read(warehouse, "select design_capacity, contingent_stated from fct_capacity "
                           "where college_id = 'KZ33-U001' and academic_year = 2024") == [(70, 64)]
    assert read(warehouse, "select graduates, employed from fct_graduation where college_id = 'KZ33-U001'") == [(8, 6)]
    # The college is known now: the same workbook loads again without the option, and adds nobody.
    again = load(tmp_path, book, args=("--year", "2024"))
    assert again.returncode == 0, again.stderr
    assert read(warehouse, "select count(*) from dim_college where name_ru = 'Колледж сервиса и туризма'") == [(1,)]


def test_year_conventions(tmp_path):
    book = fx.write(tmp_path / "2023_Жетісу.xlsx", fx.small_region())
    done = load(tmp_path, book)
    assert done.returncode == 0, done.stderr
    assert "the file name gives the academic year 2023/24" in done.stderr
    warehouse = tmp_path / "warehouse.duckdb"
    for table in ("fct_capacity", "fct_admission", "fct_graduation", "fct_assessment"):
        years = read(warehouse, f"select distinct academic_year from {table} where source_id like 'assessment%'")
        assert years == [(2023,)], table  # graduates of June 2024 = graduation academic_year 2023
    # --year wins over the file name; the same region's other year is another source, side by side.
    done = load(tmp_path, book, args=("--year", "2024"))
    assert done.returncode == 0, done.stderr
    assert "file name gives" not in done.stderr
    assert read(warehouse, "select academic_year, count(*) from fct_capacity where source_id like 'assessment%' "
                           "group by 1 order by 1") == [(2023, 3), (2024, 3)]


def test_a_workbook_without_a_year_asks_for_it(tmp_path):
    book = fx.write(tmp_path / "ocenka_zhetysu.xlsx", fx.small_region())
    done = load(tmp_path, book)
    assert done.returncode == 1
    assert "does not say which academic year" in done.stderr and "--year" in done.stderr
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_loading_the_same_region_year_again_replaces_it(tmp_path):
    book = fx.write(tmp_path / "a.xlsx", fx.small_region())
    assert load(tmp_path, book, args=("--year", "2024")).returncode == 0
    rows = fx.small_region()
    rows[0][12] = 175  # a corrected design capacity of KZ33-T01
    fixed = fx.write(tmp_path / "b.xlsx", rows)
    done = load(tmp_path, fixed, args=("--year", "2024"))
    assert done.returncode == 0, done.stderr
    assert read(tmp_path / "warehouse.duckdb", "select college_id, design_capacity from fct_capacity "
                "where academic_year = 2024 order by 1") == [("KZ33-T01", 175), ("KZ33-T02", 60), ("KZ33-T03", 90)]


def test_data_on_the_second_sheet_is_read_and_said(tmp_path):
    book = fx.write(tmp_path / "ocenka.xlsx", fx.small_region(), empty_sheet_first=True)
    done = load(tmp_path, book, args=("--year", "2024"), lang="ru")
    assert done.returncode == 0, done.stderr
    assert "данные прочитаны с листа «Оценка»" in done.stderr and "Инструкция" in done.stderr
    assert read(tmp_path / "warehouse.duckdb", "select count(*) from fct_assessment") == [(7,)]


def test_college_names_match_across_legal_forms_quotes_and_look_alikes():
    from etl.assessment import display_name, name_keys

    known = name_keys("Тестовый колледж 1")
    for written in ("ГККП «Тестовый колледж 1»", 'КГКП "ТЕСТОВЫЙ  КОЛЛЕДЖ 1"', "ТОО 'Тестовый колледж 1'",
                    "Государственное коммунальное казенное предприятие «Tестовый колледж 1»",
                    "ГКП на ПХВ «Тестовый\u00a0колледж 1» при управлении образования области Жетісу",
                    "«Тестовый колледж 1» МКҚК"):
        assert name_keys(written) & known, written
    assert not name_keys("ГККП «Тестовый колледж 11»") & known
    assert display_name("КГКП «Колледж сервиса»") == "Колледж сервиса"


def test_the_upload_page_loads_a_workbook_adding_its_unknown_college(app, tmp_path, monkeypatch):
    """The same stage() path from the upload page: the workbook, the year box and «Add unknown colleges»."""
    from conftest import texts

    from tvet import stewards
    from tvet.i18n import t

    warehouse = tmp_path / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], warehouse)
    monkeypatch.setenv("TVET_SOURCES", os.pathsep.join([str(REFERENCE), str(SMALL)]))
    monkeypatch.setenv("TVET_UPLOADS", str(tmp_path / "uploads"))
    stranger = fx.college("КГКП «Колледж сервиса и туризма»", "Саркандский район", row_id=4, capacity=70)
    book = fx.write(tmp_path / "ocenka.xlsx", [*fx.small_region(), stranger])
    at = app(warehouse, page="pages/upload.py", lang="ru")
    at.secrets["stewards"] = {"aigerim": stewards.hash_password("correct horse battery", iterations=1000)}
    at.run()
    at.text_input[0].input("aigerim")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    at.get("file_uploader")[0].set_value([("ocenka.xlsx", book.read_bytes(),
                                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
    at.number_input[0].set_value(2024)
    next(c for c in at.checkbox if c.label == t("upload.files.add_colleges", "ru")).check()
    next(b for b in at.button if b.label == t("upload.files.check", "ru")).click().run()
    assert not at.exception, at.exception
    assert any("KZ33-U001" in c.value and "ocenka.xlsx" in c.value for c in at.caption), texts(at)
    assert t("upload.format.assessment", "ru") in at.dataframe[0].value.iloc[:, 1].tolist()
    next(b for b in at.button if b.label == t("upload.preview.publish", "ru")).click().run()
    assert not at.exception, at.exception
    assert read(warehouse, "select name_ru from dim_college where college_id = 'KZ33-U001'") == [
        ("Колледж сервиса и туризма",)]
    assert read(warehouse, "select count(*) from fct_capacity where academic_year = 2024 and not is_demo") == [(4,)]


def test_regions_and_districts_are_matched_by_their_names_in_three_languages():
    from etl.assessment import match_place, reference

    ref = reference([REFERENCE])
    regions = [r for r in ref.regions if r.get("kind") != "country"]
    for written, code in (("область Жетісу", "KZ-33"), ("Жетісу облысы", "KZ-33"), ("Zhetysu Region", "KZ-33"),
                          ("Жетысуская область", "KZ-33"), ("Абайская область", "KZ-10"),
                          ("г. Алматы", "KZ-75"), ("Алматы облысы", "KZ-19"), ("Алматинская область", "KZ-19"),
                          ("Восточно-Казахстанская обл.", "KZ-63"), ("Луговая область", None)):
        assert match_place(written, regions, "region_code") == code, written
    assert match_place("Алматы", regions, "region_code") is None  # the city or the region: not guessed
    for written, code in (("г. Талдыкорган", "KZ-33-TAL"), ("Сарқан ауданы", "KZ-33-SAR"),
                          ("Саркандский район", "KZ-33-SAR"), ("Текели", "KZ-33-TEK")):
        assert match_place(written, ref.districts, "district_code") == code, written


def test_a_workbook_among_the_build_sources_is_refused_with_the_way_to_load_it(tmp_path):
    from etl.build import build
    from etl.problems import format_report

    src = tmp_path / "src"
    src.mkdir()
    fx.write(src / "ocenka.xlsx", fx.small_region())
    live = tmp_path / "live.duckdb"
    build_or_fail([REFERENCE, SMALL], live)
    before = sha256(live)
    result = build([REFERENCE, SMALL, src], live, lang="ru")
    assert not result.published
    assert [p.rule for p in result.errors] == ["assessment_use_load"]
    assert "python -m etl load" in format_report(result.errors, "ru")
    assert sha256(live) == before


def test_the_figures_command_reports_the_workbooks_dual_training_and_employer_request_totals(loaded):
    """Issue 13's Must-show: `python -m tvet.figures … --json` on the loaded warehouse gives the dual-training and
    employers'-request students equal to the workbook's own totals (columns 109 and 111 of its specialty rows, read
    here straight from the file)."""
    import openpyxl

    warehouse, book, _ = loaded
    sheet = openpyxl.load_workbook(book, read_only=True, data_only=True).worksheets[0]
    specialty_rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[46] not in (None, "")]
    as_number = lambda v: int(str(v).replace("\u00a0", "").replace(" ", "")) if str(v or "").strip(" -") else 0  # noqa: E731
    file_dual = sum(as_number(r[109]) for r in specialty_rows)
    file_employer = sum(as_number(r[111]) for r in specialty_rows)
    assert (file_dual, file_employer) == (fx.DUAL_TOTAL, fx.EMPLOYER_TOTAL)
    done = subprocess.run([sys.executable, "-m", "tvet.figures", "--warehouse", str(warehouse), "--region", "KZ-33",
                           "--year", "2024", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    figures = figures.get("figures", figures)
    assert figures["dual_training_students"]["value"] == file_dual
    assert figures["employer_request_students"]["value"] == file_employer
    assert figures["dual_training_students"]["is_demo"] is False
    assert figures["design_capacity"]["value"] == sum(c for c, _ in fx.EXPECTED_CAPACITY.values())
