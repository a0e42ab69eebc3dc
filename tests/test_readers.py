"""The readers on messy government files: what reaches the warehouse.

Every test builds a real warehouse with the real ETL (`etl.build.build`) from `data/reference`, the fixture base
(`tests/fixtures/messy/base`: a source of kind upload and two colleges) and the messy file under test, written
byte by byte here, then reads the published file read-only with duckdb. Nothing is mocked.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from conftest import write_source
from etl.build import build

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"


def csv_rows(path: Path) -> list[dict]:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


BASE = ROOT / "tests" / "fixtures" / "messy" / "base"


def build_folder(folder: Path, files: dict):
    """Build from the reference tables plus the messy fixture base and `files` (see conftest.write_source)."""
    return build(sources=[REFERENCE, write_source(folder, files)], warehouse=folder / "w.duckdb", lang="en")


def publish(folder: Path, files: dict) -> Path:
    """Build and insist that it published with no errors; returns the warehouse."""
    result = build_folder(folder, files)
    assert [(Path(p.file).name, p.row, p.column, p.value, p.rule) for p in result.errors] == []
    assert result.published
    return result.warehouse


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    """Rows joined as a CSV file would hold them (cells here never need quoting unless they say so)."""
    return "".join(delimiter.join(r) + newline for r in rows)


def our_inputs(warehouse: Path) -> list[tuple]:
    """(table, encoding, rows, header_row) of each file the test brought (not the reference files)."""
    return query(warehouse, "select table_name, encoding, rows, header_row from etl_input "
                            "where file like '%/src/%' order by table_name")


# ---------------------------------------------------------------------------------------------------------------
# 1. Encodings: the same college and graduation row in seven encodings and BOMs, three header languages, three
#    delimiters, two line ends. Thousands are separated by a no-break space, as Excel in a Russian locale writes.

COLLEGE_HEADERS = {
    "en": ["college_id", "region_code", "district_code", "name_kk", "name_ru", "name_en", "ownership", "lat", "lon",
           "location_note", "source_id"],
    "ru": ["Колледж", "Код региона", "Код района", "Наименование (каз)", "Наименование", "Наименование (англ)",
           "Форма собственности", "Широта", "Долгота", "location_note", "Источник"],
    "kk": ["Колледж коды", "Өңір коды", "Аудан коды", "Атауы (қаз)", "Атауы (орыс)", "Атауы (ағыл)", "Меншік нысаны",
           "Ендік", "Бойлық", "location_note", "Дереккөз"],
}
GRADUATION_HEADERS = {
    "en": ["academic_year", "college_id", "specialty_code", "funding", "graduates", "employed", "continued_study",
           "source_id"],
    "ru": ["Год выпуска", "Колледж", "Специальность", "Источник финансирования", "Выпуск", "Трудоустроено",
           "Продолжили обучение", "Источник"],
    "kk": ["Оқу жылы", "Колледж", "Мамандық", "Қаржыландыру көзі", "Түлектер", "Жұмысқа орналасты",
           "Оқуын жалғастырды", "Дереккөз"],
}
OWNERSHIP = {"en": "state", "ru": "государственная", "kk": "мемлекеттік"}
FUNDING = {"en": "state", "ru": "бюджет", "kk": "мемлекеттік тапсырыс"}
KAZAKH_NAME = "Талдықорған жоғары политехникалық колледжі (ә ғ қ ң ө ұ ү і Ә Ғ Қ Ң Ө Ұ Ү І)"
RUSSIAN_NAME = "Колледж № 1 «Жетісу» им. Ёлкина"  # №, «», Ё: bytes where cp1251 and UTF-8 differ


def college_and_graduation(lang: str, delimiter: str, newline: str, name_kk: str, name_ru: str) -> tuple[str, str]:
    decimal = "," if delimiter != "," else "."
    college = text([COLLEGE_HEADERS[lang],
                    ["KZ33-C001", "KZ-33", "KZ-33-TAL", name_kk, name_ru, "Taldykorgan College", OWNERSHIP[lang],
                     f"45{decimal}01556", f"78{decimal}37389", "", "fixture"]], delimiter, newline)
    graduation = text([GRADUATION_HEADERS[lang],
                       ["2023", "KZ33-C001", "06130100", FUNDING[lang], "1\u00a0234", "1 000", "-", "fixture"]],
                      delimiter, newline)
    return college, graduation


ENCODING_CASES = [
    # id, encode(text) -> bytes, encoding the ETL records, header language, delimiter, line end, name_kk, name_ru
    ("utf-8, comma, LF, English headers", lambda s: s.encode("utf-8"), "utf-8", "en", ",", "\n",
     KAZAKH_NAME, RUSSIAN_NAME),
    ("utf-8 with BOM, semicolon, CRLF, Russian headers", lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), "utf-8-sig",
     "ru", ";", "\r\n", KAZAKH_NAME, RUSSIAN_NAME),
    ("utf-16 LE with BOM, tab, CRLF, Kazakh headers", lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"), "utf-16",
     "kk", "\t", "\r\n", KAZAKH_NAME, RUSSIAN_NAME),
    ("utf-16 BE with BOM, tab, CRLF, Russian headers", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
     "utf-16", "ru", "\t", "\r\n", KAZAKH_NAME, RUSSIAN_NAME),
    ("utf-16 LE without BOM, tab, CRLF, Russian headers", lambda s: s.encode("utf-16-le"), "utf-16-le", "ru", "\t",
     "\r\n", KAZAKH_NAME, RUSSIAN_NAME),
    ("cp1251, semicolon, CRLF, Russian headers", lambda s: s.encode("cp1251"), "cp1251", "ru", ";", "\r\n",
     "Талдыкорган колледжі", RUSSIAN_NAME),
    ("KZ-1048, semicolon, CRLF, Kazakh headers", lambda s: s.encode("kz1048"), "kz1048", "kk", ";", "\r\n",
     KAZAKH_NAME, RUSSIAN_NAME),
]


@pytest.mark.parametrize("encode, encoding, lang, delimiter, newline, name_kk, name_ru",
                         [c[1:] for c in ENCODING_CASES], ids=[c[0] for c in ENCODING_CASES])
def test_each_encoding_delivers_the_same_text_and_numbers(tmp_path, encode, encoding, lang, delimiter, newline,
                                                          name_kk, name_ru):
    college, graduation = college_and_graduation(lang, delimiter, newline, name_kk, name_ru)
    w = publish(tmp_path, {"dim_college.csv": encode(college), "fct_graduation.csv": encode(graduation)})
    assert query(w, "select college_id, name_kk, name_ru, ownership, lat, lon from dim_college") == [
        ("KZ33-C001", name_kk, name_ru, "state", 45.01556, 78.37389)]
    assert query(w, "select academic_year, college_id, specialty_code, funding, graduates, employed, continued_study "
                    "from fct_graduation") == [(2023, "KZ33-C001", "06130100", "state", 1234, 1000, None)]
    assert our_inputs(w) == [("dim_college", encoding, 1, 1), ("fct_graduation", encoding, 1, 1),
                             ("source", "utf-8", 1, 1)]


# ---------------------------------------------------------------------------------------------------------------
# 2. Delimiters.

@pytest.mark.parametrize("delimiter, lat, lon", [
    (",", '"45,01556"', '"78,37389"'),   # comma-separated: a decimal comma must be quoted
    (",", "45.01556", "78.37389"),
    (";", "45,01556", "78,37389"),       # Excel in a Russian locale: semicolons and decimal commas
    ("\t", "45,01556", "78,37389"),
], ids=["comma, quoted decimal comma", "comma, decimal point", "semicolon, decimal comma", "tab, decimal comma"])
def test_delimiter_is_found_and_decimal_commas_are_read(tmp_path, delimiter, lat, lon):
    college = text([COLLEGE_HEADERS["en"],
                    ["KZ33-C001", "KZ-33", "KZ-33-TAL", "Талдықорған колледжі", "Талдыкорганский колледж", "",
                     "state", lat, lon, "", "fixture"],
                    ["KZ33-C002", "KZ-33", "KZ-33-TEK", "", "Текелийский колледж", "", "private", "", "", "",
                     "fixture"]], delimiter)
    admission = text([["academic_year", "college_id", "specialty_code", "funding", "language", "entry_base",
                       "planned", "admitted", "applicants", "source_id"],
                      ["2024", "KZ33-C002", "07130100", "paid", "ru", "11", "1 234", "25", "40", "fixture"]],
                     delimiter)
    w = publish(tmp_path, {"dim_college.csv": college.encode(), "fct_admission.csv": admission.encode()})
    assert query(w, "select college_id, name_ru, lat, lon from dim_college order by 1") == [
        ("KZ33-C001", "Талдыкорганский колледж", 45.01556, 78.37389), ("KZ33-C002", "Текелийский колледж", None, None)]
    assert query(w, "select college_id, specialty_code, planned, admitted, applicants from fct_admission") == [
        ("KZ33-C002", "07130100", 1234, 25, 40)]


# ---------------------------------------------------------------------------------------------------------------
# 3. A government-style admission file: title rows, Russian headers in their own order, personal data columns,
#    empty rows, total rows, footnotes, odd numbers, codes and spellings. One build, one row per case.

IIN, FIO, PHONE = "990101350123", "Ахметов Ерлан Серікұлы", "+7 701 555 12 34"
ADMISSION_HEADER = ["№", "ФИО", "ИИН", "Специальность", "Колледж", "Учебный год", "База", "Язык обучения",
                    "Источник финансирования", "Принято", "План приема", "Подано заявлений", "Телефон", "Источник"]


def admission_row(n: int, spec: str, year="2024", college="KZ33-C001", base="9", lang="kk", funding="state",
                  admitted="25", planned="30", applicants="40") -> list[str]:
    return [str(n), FIO, IIN, spec, college, year, base, lang, funding, admitted, planned, applicants, PHONE,
            "fixture"]


def exp(spec, year=2024, college="KZ33-C001", funding="state", lang="kk", base="9", planned=30, admitted=25,
        applicants=40):
    return (year, college, spec, funding, lang, base, planned, admitted, applicants)


# id, cells that differ from a plain row, the row expected in fct_admission
ADMISSION_CASES = [
    ("plain row", dict(spec="01120100"), exp("01120100")),
    ("thousands with a space: 1 234", dict(spec="01140100", planned="1 234"), exp("01140100", planned=1234)),
    ("thousands with NBSP", dict(spec="01140500", planned="1\u00a0234"), exp("01140500", planned=1234)),
    ("thousands with narrow NBSP", dict(spec="01140600", planned="1\u202f234", admitted="1\u00a0000"),
     exp("01140600", planned=1234, admitted=1000)),
    ("dash means missing", dict(spec="02110300", applicants="-"), exp("02110300", applicants=None)),
    ("ellipsis means missing", dict(spec="02120100", applicants="…"), exp("02120100", applicants=None)),
    ("x means suppressed", dict(spec="02120200", applicants="x"), exp("02120200", applicants=None)),
    ("Cyrillic k (konfidentsialno) means suppressed", dict(spec="02310100", applicants="\u043a"),
     exp("02310100", applicants=None)),
    ("Cyrillic x and a dash: NULL, never 0", dict(spec="02210100", planned="-", admitted="\u0445"),
     exp("02210100", planned=None, admitted=None)),
    ("Excel-protected code =\"04110100\"", dict(spec='="04110100"'), exp("04110100")),
    ("code followed by its name", dict(spec="04120100 Банковское и страховое дело"), exp("04120100")),
    ("code, dash, name", dict(spec="06130100 — Программное обеспечение (по видам)"), exp("06130100")),
    ("college id typed with Cyrillic K and C",
     dict(spec="06120100", college="KZ33-C001".replace("K", "\u041a").replace("C", "\u0421")), exp("06120100")),
    ("college id in lower case with spaces", dict(spec="06120200", college="kz33 - c002"),
     exp("06120200", college="KZ33-C002")),
    ("funding ru: byudzhet", dict(spec="04130100", funding="бюджет"), exp("04130100")),
    ("funding kk: memlekettik tapsyrys", dict(spec="04140100", funding="мемлекеттік тапсырыс"), exp("04140100")),
    ("funding ru: Goszakaz", dict(spec="04130200", funding="Госзаказ"), exp("04130200")),
    ("funding ru: na platnoy osnove", dict(spec="04210100", funding="на платной основе"), exp("04210100", funding="paid")),
    ("funding kk: Aqyly", dict(spec="05320200", funding="Ақылы"), exp("05320200", funding="paid")),
    ("funding en: fee-paying", dict(spec="04120200", funding="fee-paying"), exp("04120200", funding="paid")),
    ("language ru: kazakhskiy", dict(spec="07110100", lang="казахский"), exp("07110100")),
    ("language kk: qazaq", dict(spec="07110400", lang="қазақ"), exp("07110400")),
    ("language en: KAZ", dict(spec="07110500", lang="KAZ"), exp("07110500")),
    ("language ru: Russkiy yazyk", dict(spec="07130100", lang="Русский язык"), exp("07130100", lang="ru")),
    ("language kk: orys tili", dict(spec="07130200", lang="орыс тілі"), exp("07130200", lang="ru")),
    ("language en: English", dict(spec="07130700", lang="English"), exp("07130700", lang="en")),
    ("language ru: Kazakhskiy with a Latin K", dict(spec="07140100", lang="Казахский".replace("\u041a", "K")),
     exp("07140100")),
    ("language kk: QAZAQ TILI in capitals", dict(spec="07140200", lang="ҚАЗАҚ ТІЛІ"), exp("07140200")),
    ("entry base ru: na baze 9 klassov", dict(spec="07140300", base="на базе 9 классов"), exp("07140300")),
    ("entry base kk: 11 synyp negizinde", dict(spec="07140400", base="11 сынып негізінде"),
     exp("07140400", base="11")),
    ("entry base ru: na baze obshchego srednego",
     dict(spec="07140500", base="на базе общего среднего образования"), exp("07140500", base="11")),
    ("year 2024/25", dict(spec="07140700", year="2024/25"), exp("07140700")),
    ("year 2024-2025", dict(spec="07140800", year="2024-2025"), exp("07140800")),
    ("year 2024-2025 uch. god with an en dash", dict(spec="07140900", year="2024–2025 уч. год"), exp("07140900")),
]

NON_DATA_ROWS = {
    "title": [["Сведения о приёме в организации ТиПО Жетысуской области"],
              ["по состоянию на 1 октября 2024 года (человек)"],
              []],
    "totals": [["", "", "", "", "", "", "", "", "Итого", "1 259", "1 300", "40", "", ""],
               ["", "Итого по области:", "", "", "", "", "", "", "", "1 259", "1 300", "40", "", ""],
               ["", "", "", "", "", "", "", "", "Барлығы", "1 259", "1 300", "40", "", ""],
               ["", "Облыс бойынша барлығы", "", "", "", "", "", "", "", "1 259", "1 300", "40", "", ""],
               ["", "Всего по колледжам", "", "", "", "", "", "", "", "1 259", "1 300", "40", "", ""]],
    "footnotes": [["Примечание: данные предварительные, уточняются после 1 декабря."],
                  ["* по данным НОБД"],
                  ["Источник: управление образования Жетысуской области"]],
}


def government_admission_file() -> bytes:
    rows = [*NON_DATA_ROWS["title"], ADMISSION_HEADER]
    for n, (_, cells, _) in enumerate(ADMISSION_CASES, start=1):
        rows.append(admission_row(n, **cells))
        if n == 3:
            rows.append([])                        # an empty line
            rows.append([""] * len(ADMISSION_HEADER))  # a line of empty cells
    rows += NON_DATA_ROWS["totals"]
    rows.append([])
    rows += NON_DATA_ROWS["footnotes"]
    # Excel's «CSV UTF-8» in a Russian locale: BOM, semicolons, CRLF.
    return codecs.BOM_UTF8 + text(rows, ";", "\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def government_warehouse(tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("gov"), {"priem_2024.csv": government_admission_file()})


@pytest.mark.parametrize("expected", [c[2] for c in ADMISSION_CASES], ids=[c[0] for c in ADMISSION_CASES])
def test_government_admission_row_reaches_the_warehouse_clean(government_warehouse, expected):
    got = query(government_warehouse,
                "select academic_year, college_id, specialty_code, funding, language, entry_base, planned, admitted, "
                "applicants from fct_admission where specialty_code = ?", [expected[2]])
    assert got == [expected]


def test_government_file_loads_data_rows_only_and_says_what_it_skipped(government_warehouse):
    assert query(government_warehouse, "select count(*) from fct_admission") == [(len(ADMISSION_CASES),)]
    # the largest values are data rows' (1 234 and 1 000), not the totals' (1 300 and 1 259)
    assert query(government_warehouse, "select max(planned), max(admitted) from fct_admission") == [(1234, 1000)]
    assert query(government_warehouse,
                 "select table_name, encoding, header_row, rows, notes from etl_input where file like '%priem_2024%'"
                 ) == [("fct_admission", "utf-8-sig", 4, len(ADMISSION_CASES),
                        "columns not in the template were not read: №, ФИО, ИИН, Телефон; "
                        "3 title rows above the header skipped; 5 total rows skipped; "
                        "3 footnote rows skipped")]


def every_text_cell(warehouse: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) of every cell of every table, cast to text (json and numbers included)."""
    out = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute("select table_name, column_name from information_schema.columns "
                              "where table_schema = 'main' order by table_name, ordinal_position").fetchall()
        for table, column in columns:
            for (value,) in con.execute(f'select distinct cast("{column}" as varchar) from "{table}" '
                                        f'where "{column}" is not null').fetchall():
                out.append((table, column, value))
    return out


def test_personal_data_columns_never_reach_the_warehouse(government_warehouse):
    cells = every_text_cell(government_warehouse)
    # the scan sees the file's own values (it would see the personal ones too)
    assert ("fct_admission", "specialty_code", "06130100") in cells
    hits = [c for c in cells if IIN in c[2] or "Ахметов" in c[2] or "Серікұлы" in c[2] or "701 555" in c[2]]
    assert hits == []
    names = {c.lower() for (c,) in query(government_warehouse,
                                         "select distinct column_name from information_schema.columns")}
    assert names & {"иин", "фио", "телефон", "iin", "№"} == set()
    assert query(government_warehouse, "select column_name from information_schema.columns "
                                       "where table_name = 'fct_admission' order by ordinal_position") == [
        ("academic_year",), ("college_id",), ("specialty_code",), ("funding",), ("language",), ("entry_base",),
        ("planned",), ("admitted",), ("applicants",), ("source_id",), ("is_demo",), ("planned_source_id",)]


# ---------------------------------------------------------------------------------------------------------------
# 3b. Headers in kk, ru, en and in a student-register export ("Специальность [speciality_a]"), in any order,
#     and study forms spelled every way.

ENROLLMENT_HEADERS = {
    "en": ["academic_year", "college_id", "specialty_code", "course", "funding", "language", "study_form",
           "entry_base", "students", "source_id"],
    "en, words": ["Academic year", "College ID", "Specialty code", "Course", "Funding", "Language of instruction",
                  "Study form", "Entry base", "Students", "Source"],
    "ru": ["Учебный год", "Код колледжа", "Код специальности", "Курс", "Источник финансирования", "Язык обучения",
           "Форма обучения", "На базе", "Контингент", "Источник"],
    "kk": ["Оқу жылы", "Колледж коды", "Мамандық коды", "Оқу курсы", "Қаржыландыру көзі", "Оқыту тілі",
           "Оқу нысаны", "Негізінде", "Студенттер", "Дереккөз"],
    "ru, upper case with marks": ["УЧЕБНЫЙ ГОД*", "КОЛЛЕДЖ*", "СПЕЦИАЛЬНОСТЬ:", "КУРС", "ИСТОЧНИК ФИНАНСИРОВАНИЯ",
                                  "ЯЗЫК ОБУЧЕНИЯ", "ФОРМА ОБУЧЕНИЯ", "БАЗА", "ЧИСЛЕННОСТЬ", "ИСТОЧНИК"],
    "register export with field ids": ["Учебный год [academic_year]", "Колледж [college_id]",
                                       "Специальность [speciality_a]", "Курс [course]",
                                       "Источник финансирования [fin_source]", "Язык обучения [lang]",
                                       "Форма обучения [study_form]", "База [base]", "Студенты [cnt]",
                                       "Источник [src]"],
}
HEADER_SPECIALTIES = ["06130100", "06120100", "06120200", "07130100", "07130200", "07140100"]  # one per variant


def enrollment_values(spec: str) -> list[str]:
    return ["2024/25", "KZ33-C001", spec, "2", "бюджет", "қазақ", "күндізгі", "9", "1 234", "fixture"]


@pytest.fixture(scope="module")
def headers_warehouse(tmp_path_factory) -> Path:
    """One file per header variant, its columns reversed, between two columns that are not in the template.

    The files are not named after their table: the headers alone must tell it.
    """
    files = {}
    for i, (headers, spec) in enumerate(zip(ENROLLMENT_HEADERS.values(), HEADER_SPECIALTIES)):
        header = ["Примечание для себя", *reversed(headers), "ИИН"]
        values = ["что-то", *reversed(enrollment_values(spec)), IIN]
        files[f"kontingent_{i}.csv"] = text([header, values]).encode("utf-8")
    return publish(tmp_path_factory.mktemp("headers"), files)


@pytest.mark.parametrize("spec", HEADER_SPECIALTIES, ids=ENROLLMENT_HEADERS.keys())
def test_headers_in_any_language_and_order_are_recognised(headers_warehouse, spec):
    assert query(headers_warehouse, "select academic_year, college_id, specialty_code, course, funding, language, "
                                    "study_form, entry_base, students from fct_enrollment where specialty_code = ?",
                 [spec]) == [(2024, "KZ33-C001", spec, 2, "state", "kk", "full_time", "9", 1234)]
    assert query(headers_warehouse, "select table_name from etl_input where file like ?",
                 [f"%kontingent_{HEADER_SPECIALTIES.index(spec)}.csv"]) == [("fct_enrollment",)]


STUDY_FORMS = [  # (id, spelling, stored value)
    ("ru: ochnaya", "очная", "full_time"), ("ru: Ochnoe", "Очное", "full_time"),
    ("kk: kunduzgi", "күндізгі", "full_time"), ("kk: KUNDIZGI in capitals", "КҮНДІЗГІ", "full_time"),
    ("en: full-time", "full-time", "full_time"), ("en: Full  time with two spaces", "Full  time", "full_time"),
    ("kk: kunduzgi with Latin i", "күндізгі".replace("\u0456", "i"), "full_time"),
    ("ru: OCHNAYA with Latin H and A", "ОЧНАЯ".replace("\u041d", "H").replace("\u0410", "A"), "full_time"),
    ("ru: ochnaya with Latin o", "очная".replace("\u043e", "o"), "full_time"),
    ("ru: zaochnaya", "заочная", "part_time"), ("kk: syrttay", "сырттай", "part_time"),
    ("en: extramural", "extramural", "part_time"), ("ru: vechernyaya", "вечерняя", "evening"),
    ("kk: keshki", "кешкі", "evening"),
]


def _enrollment_keys() -> list[tuple[int, str]]:
    """(course, specialty) of each study-form row: distinct keys."""
    specs = ["01120100", "01140100", "01140500", "01140600", "02110300", "02120100", "02120200", "02310100",
             "04110100", "04120100", "04130100", "04140100", "04210100", "06120100"]
    return [(1 + i % 4, s) for i, s in enumerate(specs)]


@pytest.fixture(scope="module")
def study_form_warehouse(tmp_path_factory) -> Path:
    rows = [["Оқу жылы", "Колледж", "Мамандық", "Курс", "Қаржыландыру көзі", "Оқыту тілі", "Оқу нысаны", "База",
             "Студенттер", "Дереккөз"]]
    for (course, spec), (_, spelling, _) in zip(_enrollment_keys(), STUDY_FORMS):
        rows.append(["2024", "KZ33-C002", spec, str(course), "state", "ru", spelling, "11", "10", "fixture"])
    return publish(tmp_path_factory.mktemp("forms"), {"fct_enrollment.csv": text(rows, "\t").encode("utf-8")})


@pytest.mark.parametrize("key, expected", [(k, e) for k, (_, _, e) in zip(_enrollment_keys(), STUDY_FORMS)],
                         ids=[i for i, _, _ in STUDY_FORMS])
def test_study_form_spelling_is_understood(study_form_warehouse, key, expected):
    course, spec = key
    assert query(study_form_warehouse, "select study_form, students from fct_enrollment "
                                       "where specialty_code = ? and course = ?", [spec, course]) == [(expected, 10)]


# ---------------------------------------------------------------------------------------------------------------
# 3c. Qualification codes typed with Cyrillic letters; a region-level state order; money with spaces.

def test_qualification_and_region_codes_with_cyrillic_lookalikes_are_folded(tmp_path):
    rows = [["Учебный год", "Код региона", "Колледж", "Специальность", "Квалификация", "Язык обучения",
             "Форма обучения", "База", "Бюджет", "Количество мест", "Средние расходы на обучение одного специалиста",
             "Источник"],
            # Cyrillic К in the region, К and С in the college, А and В in the qualification
            ["2024", "\u041aZ-33", "\u041aZ33-\u0421001", "06120100", "5\u0410\u041206120101", "рус", "очная", "11",
             "местный бюджет", "25", "450 000", "fixture"],
            # a region-level order (no college); a qualification code in lower case
            ["2024", "KZ-33", "", "06130100", "4s06130103", "каз", "очная", "9", "республиканский", "1 100", "-",
             "fixture"]]
    w = publish(tmp_path, {"goszakaz.csv": text(rows, ";").encode("cp1251")})
    assert query(w, "select region_code, college_id, specialty_code, qualification_code, language, budget, places, "
                    "cost_per_student_kzt from fct_state_order order by specialty_code") == [
        ("KZ-33", "KZ33-C001", "06120100", "5AB06120101", "ru", "local", 25, 450000),
        ("KZ-33", None, "06130100", "4S06130103", "kk", "republican", 1100, None)]
    # both qualification codes are in the reference list once folded: no warning was recorded
    assert query(w, "select failing_rows from etl_check where rule = 'unknown_qualification'") == [(0,)]


# ---------------------------------------------------------------------------------------------------------------
# 3d. Values that only look like footnotes or totals are data.

def test_values_beginning_with_footnote_or_total_words_are_data(tmp_path):
    source = text([["source_id", "title", "publisher", "url", "published_on", "kind", "licence", "note"],
                   ["fixture", "Fixture", "tests", "", "", "upload", "", ""],
                   ["notes_2024", "Notes of the education department", "akimat", "", "", "upload", "", ""],
                   ["source-bns", "Bureau of National Statistics", "BNS", "", "", "official", "", ""],
                   ["Источник: сайт акимата (сноска)"],
                   ["Примечания: список неполный"]])
    partnership = text([["Предприятие", "Соглашение", "Колледж", "Отрасль", "Вид", "Дата подписания", "Учебный год",
                         "Источник"],
                        ["Total E&P Kazakhstan", "M-1", "KZ33-C001", "нефть и газ", "меморандум", "01.09.2024",
                         "2024", "notes_2024"],
                        ["Итоговая аттестация ТОО", "M-2", "KZ33-C002", "услуги", "дуальное обучение", "2024-10-15",
                         "2024/25", "source-bns"]])
    w = publish(tmp_path, {"source.csv": source.encode(), "fct_partnership.csv": partnership.encode()})
    assert query(w, "select source_id, kind from source where source_id in ('fixture', 'notes_2024', 'source-bns') "
                    "order by 1") == [("fixture", "upload"), ("notes_2024", "upload"), ("source-bns", "official")]
    with open(ROOT / "data" / "reference" / "source.csv", encoding="utf-8", newline="") as f:
        reference = sum(1 for _ in csv.DictReader(f))
    assert query(w, "select count(*) from source") == [(reference + 3,)]  # the reference's sources and these 3
    assert query(w, "select agreement_id, enterprise, kind, signed_on::varchar, academic_year, source_id "
                    "from fct_partnership order by 1") == [
        ("M-1", "Total E&P Kazakhstan", "memorandum", "2024-09-01", 2024, "notes_2024"),
        ("M-2", "Итоговая аттестация ТОО", "dual_training", "2024-10-15", 2024, "source-bns")]


# ---------------------------------------------------------------------------------------------------------------
# 4. XLSX.

XLSX_HEADER = ["Учебный год", "Колледж", "Специальность", "Источник финансирования", "Язык обучения", "База",
               "План приема", "Принято", "Подано заявлений", "Источник"]


def government_workbook(path: Path, instructions_sheet: bool = False) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Прием 2024"
    ws["A1"] = "Сведения о приёме в колледжи Жетысуской области, 2024 год"
    ws.merge_cells("A1:J1")
    ws["A2"] = "(человек)"
    ws.append(XLSX_HEADER)                                                                  # row 3
    ws.append([2024, "KZ33-C001", "06130100", "бюджет", "каз", 9, 30, 25, 40, "fixture"])  # numbers as numbers
    ws.append(["2024/25", "KZ33-C001", "06120100", "платно", "рус", "11", "1 234", "1\u00a0000", "-",
               "fixture"])                                                                  # numbers as text
    ws.append([2024.0, "KZ33-C002", 6120200, "state", "kk", 9.0, 12.0, 10, None, "fixture"])  # floats; a code
    ws.cell(row=6, column=3).number_format = "00000000"  # Excel shows 06120200; the cell holds 6120200
    ws.append([None, "Итого", None, None, None, None, 1276, 1035, 40, None])
    ws.append([])
    ws.append(["Примечание: данные предварительные"])
    ws.merge_cells("A9:J9")
    if instructions_sheet:
        info = wb.create_sheet("Инструкция", 0)
        info["A1"] = "Заполните лист «Прием 2024». Столбцы: Учебный год, Колледж, Специальность …"
        info["A3"] = "Колледж"
        info["B3"] = "код колледжа из справочника"
    wb.save(path)


GOVERNMENT_WORKBOOK_ROWS = [
    (2024, "KZ33-C001", "06120100", "paid", "ru", "11", 1234, 1000, None),
    (2024, "KZ33-C001", "06130100", "state", "kk", "9", 30, 25, 40),
    (2024, "KZ33-C002", "06120200", "state", "kk", "9", 12, 10, None),
]


@pytest.mark.parametrize("instructions_sheet", [False, True], ids=["one sheet", "instructions sheet first"])
def test_xlsx_with_title_merged_cells_and_footnote_loads_its_data_rows(tmp_path, instructions_sheet):
    w = publish(tmp_path, {"priem.xlsx": lambda p: government_workbook(p, instructions_sheet)})
    assert query(w, "select academic_year, college_id, specialty_code, funding, language, entry_base, planned, "
                    "admitted, applicants from fct_admission order by college_id, specialty_code") == \
        GOVERNMENT_WORKBOOK_ROWS
    assert query(w, "select sheet, table_name, encoding, header_row, rows, notes from etl_input "
                    "where file like '%priem.xlsx'") == [
        ("Прием 2024", "fct_admission", "xlsx", 3, 3,
         "2 title rows above the header skipped; 1 total row skipped; 1 footnote row skipped")]


def _rewrite_sheet_xml(path: Path, change) -> None:
    """Rewrite xl/worksheets/sheet1.xml of a saved workbook, as other programs write it."""
    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            zout.writestr(item, content)


@pytest.mark.parametrize("dimension", [b'<dimension ref="A1"/>', b""],
                         ids=["declares its size as A1", "declares no size"])
def test_xlsx_whose_declared_size_is_wrong_is_read_in_full(tmp_path, dimension):
    def workbook(path):
        wb = openpyxl.Workbook()
        wb.active.append(["academic_year", "college_id", "design_capacity", "dormitory_places", "source_id"])
        wb.active.append([2024, "KZ33-C001", 600, 120, "fixture"])
        wb.active.append([2024, "KZ33-C002", 300, "x", "fixture"])
        wb.save(path)
        _rewrite_sheet_xml(path, lambda xml: re.sub(rb'<dimension ref="[^"]*"\s*/>', dimension, xml))
        with zipfile.ZipFile(path) as z:
            assert re.findall(rb"<dimension[^>]*>", z.read("xl/worksheets/sheet1.xml")) == (
                [dimension] if dimension else [])
    w = publish(tmp_path, {"fct_capacity.xlsx": workbook})
    assert query(w, "select academic_year, college_id, design_capacity, dormitory_places from fct_capacity "
                    "order by college_id") == [(2024, "KZ33-C001", 600, 120), (2024, "KZ33-C002", 300, None)]


def test_xlsx_dates_and_numeric_years_arrive_as_dates_and_years(tmp_path):
    import datetime

    def workbook(path):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Соглашение", "Колледж", "Предприятие", "Отрасль", "Вид", "Дата подписания", "Учебный год",
                   "Источник"])
        ws.append(["M-7", "KZ33-C001", "ТОО «Жетісу Агро»", "сельское хозяйство", "Решение о трудоустройстве",
                   datetime.datetime(2024, 9, 2), 2024, "fixture"])
        ws.append(["M-8", None, "АО «Қазақтелеком»", "связь", "база практики", datetime.date(2025, 1, 20), "2024/25",
                   "fixture"])
        wb.save(path)
    w = publish(tmp_path, {"memorandum.xlsx": workbook})
    assert query(w, "select agreement_id, college_id, enterprise, kind, signed_on::varchar, academic_year "
                    "from fct_partnership order by 1") == [
        ("M-7", "KZ33-C001", "ТОО «Жетісу Агро»", "hiring_decision", "2024-09-02", 2024),
        ("M-8", None, "АО «Қазақтелеком»", "practice_base", "2025-01-20", 2024)]


# -- the fast path reads exactly what the Python path reads ---------------------------------------------------------

def _python_path(file: str, text: str, delimiter: str):
    """The Python path's table for the same text (csv module, rows_to_table, without_formulas)."""
    import csv

    from etl.readers import rows_to_table, without_formulas

    problems = []
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    raw = rows_to_table(file, None, rows, "utf-8", problems)
    return (without_formulas(raw, problems) if raw else None), problems


def _as_rows(raw) -> list[tuple]:
    """(row number, contract cells…) of every kept row, from the Python rows and the bulk Arrow rows alike."""
    cols = sorted(raw.columns)
    out = [(n, *[cells[raw.columns[c]] if raw.columns[c] < len(cells) else None for c in cols])
           for n, cells in raw.rows]
    if raw.bulk is not None:
        bulk = raw.bulk.to_pydict()
        out += [(n, *[bulk[c][k] for c in cols]) for k, n in enumerate(bulk["_row"])]
    return sorted(out)


FAST_CASES = {
    # name: (text, expected rows kept)
    "plain": ("academic_year,college_id,specialty_code,funding,graduates,employed,continued_study,source_id\n"
              + "".join(f"2024,C{k:03d},07130100,state,{k},{k // 2},0,s\n" for k in range(50)), 50),
    "totals, footnotes, blanks, formulas": (
        "Выпуск 2024\n"
        "academic_year;college_id;specialty_code;funding;graduates;employed;continued_study;source_id;Примечание\n"
        "2024;C001;07130100;state;10;5;0;s;\n"
        "Итого по области;;;;10;5;0;;\n"
        ";;;;;;;;\n"
        "2024;C002;07130100;state;-3;5;0;s;note\n"
        "2024;C003;07130100;state;=HYPERLINK(\"x\");5;0;s;\n".replace('"', "'")
        + "2024;C004;07130100;state;7;5;0;s;Жиыны жоқ\n"
        "2024;C005;07130100;  state  ;\t8;5;0;s;Total E&P Kazakhstan\n"
        "Total;;;;25;;;;\n"
        "2024;C006;07130100;state;9;5;0;s;ok\n"
        "* Источник: БНС\n"
        "Примечание: данные предварительные\n", 5),
    "one long cell": ("academic_year,college_id,specialty_code,funding,graduates,employed,continued_study,source_id\n"
                      "2024,C001,07130100,state,1,1,0,s\n"
                      "Данные представлены управлениями образования областей республики,,,,,,,\n"
                      "2024,C002,07130100,state,2,1,0,s\n", 2),
    "rows narrower and wider than the header": (
        "academic_year,college_id,specialty_code,funding,graduates,employed,continued_study,source_id\n"
        "2024,C001,07130100,state,1,1,0,s,extra,cells\n"
        "2024,C002,07130100,state,2\n"
        "2024,C003,07130100,state,3,1,0,s\n", 3),
    "a row of footnote words that is data": (
        "academic_year,college_id,specialty_code,funding,graduates,employed,continued_study,source_id\n"
        "2024,notes_2024,07130100,state,1,1,0,source-bns\n"
        "2024,source_x,07130100,state,2,1,0,s\n", 2),
}


@pytest.mark.parametrize("case", list(FAST_CASES))
def test_fast_path_reads_exactly_what_the_python_path_reads(case):
    from etl.readers import read_template_fast, without_formulas

    text, kept = FAST_CASES[case]
    delimiter = ";" if ";" in text.split("\n", 2)[1] else ","
    fast_problems = []
    fast = read_template_fast("fct_graduation.csv", text, delimiter, "utf-8", fast_problems)
    assert fast is not False, "the fast path must take this file"
    fast = without_formulas(fast, fast_problems)
    slow, slow_problems = _python_path("fct_graduation.csv", text, delimiter)
    assert _as_rows(fast) == _as_rows(slow)
    assert len(_as_rows(fast)) == kept
    assert fast.notes == slow.notes and fast.header_row == slow.header_row
    assert [(p.row, p.column, p.value, p.rule) for p in fast_problems] == \
           [(p.row, p.column, p.value, p.rule) for p in slow_problems]
    assert fast.bulk is not None and fast.bulk.num_rows > 0  # plain rows went the bulk way


CAPACITY = "academic_year,college_id,design_capacity,dormitory_places,source_id\n"


@pytest.mark.parametrize("text", [
    CAPACITY + '2024,C001,"1,200",0,s\n',  # a quote: a record may span lines
    CAPACITY + "2024,C001,100,0,s\n\n2024,C002,100,0,s\n",  # an empty line under the header
    CAPACITY.replace("\n", "\r") + "2024,C001,100,0,s\r",  # lone CR line ends
    CAPACITY + "2024,C001,100,0,s\u2028\n",  # whitespace that Python strips and Arrow may not
    CAPACITY + "2024,C001,100,0,s\n2024,C002,100,0,s" + ",x" * 600 + "\n",  # a row too wide for any table
])
def test_fast_path_leaves_files_it_cannot_read_exactly_to_the_python_path(text):
    from etl.readers import read_template_fast

    from etl.readers import _find_header

    header = [[c for c in CAPACITY.strip().split(",")]]
    assert _find_header(header, "fct_capacity")[0] == "fct_capacity"  # the header itself is fine for the fast path
    assert read_template_fast("fct_capacity.csv", text, ",", "utf-8", []) is False
    assert read_template_fast("fct_capacity.csv", CAPACITY + "2024,C001,100,0,s\n", ",", "utf-8", []) is not False


def test_demo_files_read_the_same_by_both_paths():
    from etl.readers import _PLAIN_SPACES, _sniff_delimiter, read_template_fast
    from etl.textnorm import decode

    for f in sorted((ROOT / "data" / "demo").glob("fct_*.csv")):
        text = decode(f.read_bytes())[0]
        delimiter = _sniff_delimiter(text)
        text = text.translate(_PLAIN_SPACES)
        fast = read_template_fast(f.name, text, delimiter, "utf-8", [])
        assert fast is not False, f.name
        slow, _ = _python_path(f.name, text, delimiter)
        assert _as_rows(fast) == _as_rows(slow), f.name
