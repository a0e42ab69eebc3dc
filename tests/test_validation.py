"""Cell validation: every bad cell of a messy file becomes exactly one problem, and nothing is published.

Each build is a real build (`etl.build.build`) of `data/reference`, the fixture base (`tests/fixtures/messy/base`:
a source of kind upload and two colleges) and the bad files written here. A problem is compared as
(file name, row as a spreadsheet shows it, column, value, rule).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from conftest import write_source
from etl import schema, staging
from etl.build import build
from etl.problems import Problem, format_report
from etl.textnorm import fold
from tvet.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
BASE = ROOT / "tests" / "fixtures" / "messy" / "base"
MACROS = ROOT / "etl" / "sql" / "macros.sql"


def build_with(folder: Path, files: dict):
    return build(sources=[REFERENCE, write_source(folder, files)], warehouse=folder / "w.duckdb", lang="en")


def seen(problems: list[Problem]) -> list[tuple]:
    return [(Path(p.file).name, p.row, p.column, p.value, p.rule) for p in problems]


def assert_nothing_published(folder: Path, result) -> None:
    assert not result.ok and not result.published
    assert not (folder / "w.duckdb").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["src"]  # no half-built file left behind


ENROLLMENT_HEADER = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,"
                     "source_id\n")
GOOD = dict(academic_year="2024", college_id="KZ33-C001", specialty_code="06130100", course="1", funding="state",
            language="kk", study_form="full_time", entry_base="9", students="25", source_id="fixture")


def enrollment(*changes: dict) -> bytes:
    """A fct_enrollment file: a good row (row 2), then one row per dict of changed cells (rows 3, 4, …).

    Changed rows are in course 2 unless they say otherwise, so they never repeat the good row's key.
    """
    lines = [ENROLLMENT_HEADER, ",".join(GOOD.values()) + "\n"]
    for change in changes:
        row = {**GOOD, "course": "2", **change}
        lines.append(",".join(row.values()) + "\n")
    return "".join(lines).encode("utf-8")


GRADUATION_HEADER = "academic_year,college_id,specialty_code,funding,graduates,employed,continued_study,source_id\n"
STATE_ORDER_HEADER = ("academic_year,region_code,college_id,specialty_code,qualification_code,language,study_form,"
                      "entry_base,budget,places,cost_per_student_kzt,source_id\n")
KEY = "academic_year, college_id, specialty_code, course, funding, language, study_form, entry_base"


def damaged_workbook(path: Path) -> None:
    """A workbook that opens, with its sheet cut in half (a download that stopped)."""
    wb = openpyxl.Workbook()
    wb.active.append(["academic_year", "college_id", "design_capacity", "dormitory_places", "source_id"])
    for _ in range(60):
        wb.active.append([2024, "KZ33-C001", 600, 120, "fixture"])
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)


def workbook_with_instructions(path: Path) -> None:
    """Instructions first; the data sheet has a merged title, the header on row 3 and a negative count on row 5."""
    wb = openpyxl.Workbook()
    wb.active.title = "Нұсқаулық"
    wb.active["A1"] = "Деректерді «Деректер» парағына енгізіңіз."
    ws = wb.create_sheet("Деректер")
    ws["A1"] = "Контингент, 2024/25 оқу жылы"
    ws.merge_cells("A1:J1")
    ws.append([])  # row 2 empty
    ws.append(["Оқу жылы", "Колледж", "Мамандық", "Курс", "Қаржыландыру көзі", "Оқыту тілі", "Оқу нысаны",
               "База", "Студенттер", "Дереккөз"])  # row 3
    ws.append([2024, "KZ33-C001", "06130100", 1, "бюджет", "қазақ", "күндізгі", 9, 25, "fixture"])
    ws.append([2024, "KZ33-C001", "06130100", 2, "бюджет", "қазақ", "күндізгі", 9, -3, "fixture"])
    wb.save(path)


# id, files, the one problem expected
BAD_CELLS = [
    ("negative count", {"fct_enrollment.csv": enrollment({"students": "-3"})},
     ("fct_enrollment.csv", 3, "students", "-3", "negative")),
    ("text in a number column", {"fct_enrollment.csv": enrollment({"students": "двадцать"})},
     ("fct_enrollment.csv", 3, "students", "двадцать", "not_a_number")),
    ("12,5 students", {"fct_enrollment.csv": enrollment({"students": '"12,5"'})},
     ("fct_enrollment.csv", 3, "students", "12,5", "not_whole")),
    ("unknown specialty code", {"fct_enrollment.csv": enrollment({"specialty_code": "99999999"})},
     ("fct_enrollment.csv", 3, "specialty_code", "99999999", "unknown_specialty")),
    ("7-digit code of the 2008 classifier", {"fct_enrollment.csv": enrollment({"specialty_code": "1304000"})},
     ("fct_enrollment.csv", 3, "specialty_code", "1304000", "old_specialty_code")),
    ("funding that is no funding", {"fct_enrollment.csv": enrollment({"funding": "спонсор"})},
     ("fct_enrollment.csv", 3, "funding", "спонсор", "unknown_value")),
    ("blank required college", {"fct_enrollment.csv": enrollment({"college_id": ""})},
     ("fct_enrollment.csv", 3, "college_id", "", "missing_value")),
    ("x in a count that must be given", {"fct_enrollment.csv": enrollment({"students": "x"})},
     ("fct_enrollment.csv", 3, "students", "x", "missing_value")),
    ("ellipsis in a count that must be given", {"fct_enrollment.csv": enrollment({"students": "…"})},
     ("fct_enrollment.csv", 3, "students", "…", "missing_value")),
    ("duplicate key spelled differently",
     {"fct_enrollment.csv": enrollment({"course": "1", "academic_year": "2024/25", "funding": "бюджет",
                                        "college_id": "KZ33-C001".replace("K", "\u041a").replace("C", "\u0421"),
                                        "students": "30"})},
     ("fct_enrollment.csv", 3, KEY, "2024 | KZ33-C001 | 06130100 | 1 | state | kk | full_time | 9",
      "duplicate_key")),
    ("year 24/25", {"fct_enrollment.csv": enrollment({"academic_year": "24/25"})},
     ("fct_enrollment.csv", 3, "academic_year", "24/25", "not_a_year")),
    ("course 5", {"fct_enrollment.csv": enrollment({"course": "5"})},
     ("fct_enrollment.csv", 3, "course", "5", "course_out_of_range")),
    ("employed more than graduates",
     {"fct_graduation.csv": (GRADUATION_HEADER + "2023,KZ33-C001,06130100,state,30,31,-,fixture\n").encode()},
     ("fct_graduation.csv", 2, "employed", "31", "more_than_graduates")),
    ("headers that match no table",
     {"svedeniya.csv": "Показатель;Значение за год\r\nСтуденты;13 900\r\n".encode("cp1251")},
     ("svedeniya.csv", None, None, None, "unknown_table")),
    ("required column missing",
     {"fct_capacity.csv": b"academic_year,college_id,design_capacity,source_id\n2024,KZ33-C001,600,fixture\n"},
     ("fct_capacity.csv", 1, "dormitory_places", None, "missing_column")),
    ("empty file", {"fct_admission.csv": b""}, ("fct_admission.csv", None, None, None, "empty_file")),
    ("file of a BOM and empty cells", {"fct_admission.csv": b"\xef\xbb\xbf;;;\r\n\r\n;;;\r\n"},
     ("fct_admission.csv", None, None, None, "empty_file")),
    ("binary garbage named .xlsx", {"fct_capacity.xlsx": b"PK\x03\x04" + bytes(range(256)) * 4},
     ("fct_capacity.xlsx", None, None, None, "unreadable_xlsx")),
    ("workbook whose sheet is cut off", {"fct_capacity.xlsx": damaged_workbook},
     ("fct_capacity.xlsx", None, None, None, "unreadable_xlsx")),
    ("bytes that no encoding reads", {"fct_capacity.csv": b"academic_year;college_id\r\n2024;\x98\xff\r\n"},
     ("fct_capacity.csv", None, None, None, "unreadable_text")),
    ("money beyond any budget",
     {"fct_state_order.csv": (STATE_ORDER_HEADER + "2024,KZ-33,KZ33-C001,06130100,,kk,full_time,9,local,25,1e30,"
                                                   "fixture\n").encode()},
     ("fct_state_order.csv", 2, "cost_per_student_kzt", "1e30", "too_large")),
    ("nan is not a number",
     {"fct_state_order.csv": (STATE_ORDER_HEADER + "2024,KZ-33,KZ33-C001,06130100,,kk,full_time,9,local,25,nan,"
                                                   "fixture\n").encode()},
     ("fct_state_order.csv", 2, "cost_per_student_kzt", "nan", "not_a_number")),
    ("row number counts title and empty rows",
     {"kontingent.csv": ("Контингент студентов на 1 октября 2024 г.\n\n" + ENROLLMENT_HEADER
                         + ",".join(GOOD.values()) + "\n\n"
                         + ",".join({**GOOD, "course": "2", "students": "-7"}.values()) + "\n").encode()},
     ("kontingent.csv", 6, "students", "-7", "negative")),
    ("xlsx: sheet named, row as Excel shows it", {"kontingent.xlsx": workbook_with_instructions},
     ("kontingent.xlsx [Деректер]", 5, "students", "-3", "negative")),
]


@pytest.mark.parametrize("files, expected", [c[1:] for c in BAD_CELLS], ids=[c[0] for c in BAD_CELLS])
def test_bad_cell_gives_exactly_its_problem_and_publishes_nothing(tmp_path, files, expected):
    result = build_with(tmp_path, files)
    assert seen(result.problems) == [expected]
    assert [p.severity for p in result.problems] == ["error"]
    assert_nothing_published(tmp_path, result)


def test_the_good_rows_of_those_files_do_publish(tmp_path):
    """Control for the table above: the same files without their bad cell build and publish."""
    files = {
        "fct_enrollment.csv": enrollment({"students": "3"}),
        "fct_graduation.csv": (GRADUATION_HEADER + "2023,KZ33-C001,06130100,state,30,30,-,fixture\n").encode(),
        "fct_capacity.csv": b"academic_year,college_id,design_capacity,dormitory_places,source_id\n"
                            b"2024,KZ33-C001,600,-,fixture\n",
        "fct_state_order.csv": (STATE_ORDER_HEADER + "2024,KZ-33,KZ33-C001,06130100,,kk,full_time,9,local,25,"
                                                     "450 000,fixture\n").encode(),
    }
    result = build_with(tmp_path, files)
    assert seen(result.problems) == []
    assert result.published
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("select course, students from fct_enrollment order by course").fetchall() == [
            (1, 25), (2, 3)]
        assert con.execute("select cost_per_student_kzt from fct_state_order").fetchall() == [(450000,)]


def test_unknown_value_fix_names_the_allowed_values_and_the_map_line(tmp_path):
    result = build_with(tmp_path, {"fct_enrollment.csv": enrollment({"funding": "спонсор", "language": "немецкий",
                                                                     "study_form": "дистанционная"})})
    assert [(p.column, p.rule, p.value, p.params["count"]) for p in result.problems] == [
        ("funding", "unknown_value", "спонсор", 1), ("language", "unknown_value", "немецкий", 1),
        ("study_form", "unknown_value", "дистанционная", 1)]
    fixes = [p.fix("en") for p in result.problems]
    assert fixes[0].startswith("Write one of: state, paid.") and fixes[0].endswith("funding,спонсор,state | paid")
    assert fixes[1].endswith("language,немецкий,kk | ru | en")
    assert fixes[2].endswith("study_form,дистанционная,full_time | part_time | evening")
    assert result.problems[0].fix("ru").startswith("Укажите одно из значений: state, paid.")
    assert result.problems[0].fix("kk").startswith("Мына мәндердің бірін жазыңыз: state, paid.")


def test_every_problem_of_every_file_is_reported_in_one_run(tmp_path):
    files = {
        "fct_enrollment.csv": enrollment({"students": "-3"}, {"course": "3", "students": "много"},
                                         {"course": "4", "students": '"12,5"'}, {"students": "x", "language": "ru"},
                                         {"college_id": "", "language": "en"},
                                         {"academic_year": "24/25", "funding": "paid"},
                                         {"funding": "спонсор", "specialty_code": "1304000"}),
        "fct_graduation.csv": (GRADUATION_HEADER + "2023,KZ33-C001,06130100,state,-1,,,fixture\n"
                                                   "2022,KZ33-C001,06130100,state,30,abc,,\n").encode(),
        "fct_admission.csv": b"",
        "svedeniya.csv": "Показатель;Значение за год\r\n".encode("cp1251"),
        "fct_capacity.xlsx": b"not a workbook at all",
        "fct_specialty_change.csv": b"academic_year,college_id,specialty_code,source_id\n"
                                    b"2024,KZ33-C001,06130100,fixture\n",
    }
    result = build_with(tmp_path, files)
    assert sorted(seen(result.problems), key=lambda p: (p[0], p[1] or 0, p[2] or "")) == [
        ("fct_admission.csv", None, None, None, "empty_file"),
        ("fct_capacity.xlsx", None, None, None, "unreadable_xlsx"),
        ("fct_enrollment.csv", 3, "students", "-3", "negative"),
        ("fct_enrollment.csv", 4, "students", "много", "not_a_number"),
        ("fct_enrollment.csv", 5, "students", "12,5", "not_whole"),
        ("fct_enrollment.csv", 6, "students", "x", "missing_value"),
        ("fct_enrollment.csv", 7, "college_id", "", "missing_value"),
        ("fct_enrollment.csv", 8, "academic_year", "24/25", "not_a_year"),
        ("fct_enrollment.csv", 9, "funding", "спонсор", "unknown_value"),
        ("fct_enrollment.csv", 9, "specialty_code", "1304000", "old_specialty_code"),
        ("fct_graduation.csv", 2, "graduates", "-1", "negative"),
        ("fct_graduation.csv", 3, "employed", "abc", "not_a_number"),
        ("fct_graduation.csv", 3, "source_id", "", "missing_value"),
        ("fct_specialty_change.csv", 1, "change", None, "missing_column"),
        ("svedeniya.csv", None, None, None, "unknown_table"),
    ]
    assert_nothing_published(tmp_path, result)


def test_a_failed_build_leaves_the_live_warehouse_byte_for_byte(tmp_path):
    first = build_with(tmp_path, {"fct_enrollment.csv": enrollment()})
    assert first.published
    before = (tmp_path / "w.duckdb").read_bytes()
    result = build_with(tmp_path, {"fct_enrollment.csv": enrollment({"students": "-3"})})
    assert seen(result.problems) == [("fct_enrollment.csv", 3, "students", "-3", "negative")]
    assert not result.published
    assert (tmp_path / "w.duckdb").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src", "w.duckdb"]


def test_many_equal_problems_are_counted_not_all_listed(tmp_path):
    bad = [{"course": str(1 + i % 4), "specialty_code": code, "students": "-1"}
           for i, code in enumerate(["01120100", "01140100", "01140500", "01140600", "02110300", "02120100",
                                     "02120200", "02310100", "04110100", "04120100", "04130100", "04140100"])]
    result = build_with(tmp_path, {"fct_enrollment.csv": enrollment(*bad)})
    assert [p.row for p in result.problems] == list(range(3, 13))  # the first ten
    assert {(Path(k[0]).name, k[1], k[2]): n for k, n in result.hidden.items()} == {
        ("fct_enrollment.csv", "students", "negative"): 2}
    report = format_report(result.problems, "en", result.hidden)
    assert report.splitlines()[0] == ("The check found 12 problems. Nothing was published; "
                                      "the data in use are unchanged.")
    assert report.splitlines()[-1] == "    …and 2 more of the same in «students» (negative)"


def test_reference_problems_are_reported_in_the_same_run_as_cell_problems(tmp_path):
    files = {"fct_enrollment.csv": enrollment({"students": "-3"}),
             "fct_capacity.csv": b"academic_year,college_id,design_capacity,dormitory_places,source_id\n"
                                 b"2024,KZ33-C999,600,120,fixture\n"}
    result = build_with(tmp_path, files)
    assert sorted(seen(result.problems)) == [("fct_capacity.csv", 2, "college_id", "KZ33-C999", "unknown_college"),
                                     ("fct_enrollment.csv", 3, "students", "-3", "negative")]


# ---------------------------------------------------------------------------------------------------------------
# 6. The messages a data steward reads.

REPORT_PIECES = {  # language: (row, column, value, what is wrong, how to fix it) as the report must word them
    "en": ("row 3", "column «students»", "value «-3»", "«students» cannot be negative",
           "Check the value: counts and money are zero or more."),
    "ru": ("строка 3", "столбец «students»", "значение «-3»", "«students» не может быть отрицательным",
           "Проверьте значение: количества и суммы не бывают меньше нуля."),
    "kk": ("3-жол", "«students» бағаны", "«-3» мәні", "«students» теріс бола алмайды",
           "Мәнді тексеріңіз: сандар мен сомалар нөлден кем болмайды."),
}


@pytest.fixture(scope="module")
def one_problem(tmp_path_factory):
    folder = tmp_path_factory.mktemp("one_problem")
    result = build_with(folder, {"fct_enrollment.csv": enrollment({"students": "-3"})})
    assert seen(result.problems) == [("fct_enrollment.csv", 3, "students", "-3", "negative")]
    return result


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_names_file_row_column_value_and_fix_in_each_language(one_problem, lang):
    report = format_report(one_problem.problems, lang, one_problem.hidden)
    row, column, value, what, fix = REPORT_PIECES[lang]
    problem_lines = [line for line in report.splitlines() if line.startswith("  - ")]
    assert problem_lines == [f"  - {row}, {column}, {value}: {what} → {fix}"]
    assert one_problem.problems[0].file in report
    assert report.count("fct_enrollment.csv") == 1
    for word in ("Traceback", "Exception", "Error", "error", "KeyError", "None", "etl.rule.", "etl.fix.", "{", "}"):
        assert word not in report


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_has_its_own_message_and_fix_in_each_language(lang):
    rules = {"missing_value", "duplicate_key", "empty_file", "unknown_table", "missing_column", "unreadable_text",
             "unreadable_xlsx", "unsupported_file"}
    rules |= {rule for kind_rules in staging.RULES.values() for rule, _ in kind_rules}
    rules |= {rule for _, rule, _, _ in staging.reference_checks()}
    for f in (ROOT / "etl" / "sql" / "checks").glob("*.sql"):
        rules.add(re.search(r"rule:\s*(\w+)", f.read_text(encoding="utf-8")).group(1))
    own = catalogue(lang)
    missing = sorted(f"{kind}.{rule}" for rule in rules for kind in ("etl.rule", "etl.fix")
                     if not own.get(f"{kind}.{rule}"))
    assert missing == []
    if lang != "en":  # a translation, not the English text copied over
        same = sorted(rule for rule in rules if own[f"etl.fix.{rule}"] == catalogue("en")[f"etl.fix.{rule}"])
        assert same == []


# ---------------------------------------------------------------------------------------------------------------
# The Python and SQL halves of folding must agree, or an enum alias and a cell would be matched differently
# (tests/test_i18n.py checks that they name the same alphabets).

@pytest.mark.parametrize("word", ["очная", "ОЧНАЯ".replace("\u041d", "H"), "Kазахский", "  Қазақ   тілі ",
                                  "күндізгі".replace("\u0456", "i"), "Мемлекеттік ТАПСЫРЫС", "full-time",
                                  "5ав06120101", "Һ һ І і"])
def test_sql_fold_key_equals_python_fold(word):
    with duckdb.connect() as con:
        con.execute(MACROS.read_text(encoding="utf-8"))
        assert con.execute("select fold_key($1)", [word]).fetchone()[0] == fold(word)


@pytest.mark.parametrize("raw, number", [
    ("1 234", 1234.0), ("1 234,5", 1234.5), ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("12,5", 12.5),
    ("45,01556", 45.01556), ("-3", -3.0), ("-", None), ("…", None), ("x", None), ("х", None), ("к", None),
    ("", None), ("nan", None), ("inf", None), ("1,234,567", None), ("12 шт", None),
])
def test_to_num_reads_government_numbers(raw, number):
    with duckdb.connect() as con:
        con.execute(MACROS.read_text(encoding="utf-8"))
        assert con.execute("select to_num($1)", [raw]).fetchone()[0] == number


def test_enum_aliases_never_fold_onto_two_values():
    for enum, values in schema.ENUMS.items():
        owner: dict[str, str] = {}
        for value, aliases in values.items():
            for alias in (value, *aliases):
                assert owner.setdefault(fold(alias), value) == value, (enum, alias)
