"""Bad files in the project's own template formats (CSV and XLSX, one table per file), and the rule each must give.

Every file is loaded with `python -m etl load` on top of data/reference + tests/fixtures/small (three colleges
KZ33-T01..T03 in Zhetysu, sources fixture_demo and fixture_upload). A good row here is valid against those
sources, so each file carries exactly the fault its name says. Files are written at test time; the big ones
(200 MB, a ZIP bomb, 10,000 columns) are made in a second or so.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

ENROLLMENT = ["academic_year", "college_id", "specialty_code", "course", "funding", "language", "study_form",
              "entry_base", "students", "source_id"]
GOOD = ["2025", "KZ33-T02", "07150500", "1", "paid", "ru", "full_time", "11", "20", "fixture_upload"]
STATE_ORDER = ["academic_year", "region_code", "college_id", "specialty_code", "qualification_code", "language",
               "study_form", "entry_base", "budget", "places", "cost_per_student_kzt", "source_id"]
PARTNERSHIP = ["agreement_id", "college_id", "enterprise", "sector", "kind", "signed_on", "academic_year", "note",
               "source_id"]
COLLEGE = ["college_id", "region_code", "district_code", "name_kk", "name_ru", "name_en", "ownership", "lat", "lon",
           "location_note", "source_id"]
PDF = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the header of an Excel 97-2003 (.xls) file
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def row(**changes: str) -> list[str]:
    """The good enrolment row with some cells changed (by column name)."""
    return [changes.get(c, v) for c, v in zip(ENROLLMENT, GOOD)]


def csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buf.getvalue()


def enrollment_csv(*rows: list[str]) -> bytes:
    return csv_text([ENROLLMENT, *rows]).encode("utf-8")


def raw(data: bytes):
    return lambda path: Path(path).write_bytes(data)


def text(content: str, encoding: str = "utf-8"):
    return lambda path: Path(path).write_bytes(content.encode(encoding))


def xlsx_bytes(rows: list[list], change=None) -> bytes:
    """A workbook of one sheet holding `rows`; `change(ws)` may merge cells or write odd cells after."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Деректер"
    for r in rows:
        ws.append(r)
    if change:
        change(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx(rows: list[list], change=None):
    return lambda path: Path(path).write_bytes(xlsx_bytes(rows, change))


# -- the writers that need more than a line -------------------------------------------------------------------

def truncated_xlsx(path: Path) -> None:
    """A valid workbook of 200 rows, cut in half (a download that stopped)."""
    data = xlsx_bytes([ENROLLMENT, *[row(course=str(1 + i % 4), students=str(10 + i)) for i in range(200)]])
    Path(path).write_bytes(data[: len(data) // 2])


def unclosed_quote(path: Path) -> None:
    """A quote opened in row 2 and never closed: the rest of the file (over 128 KB) would be one cell."""
    rows = [ENROLLMENT, ['2025', '"KZ33-T02', *GOOD[2:]]]
    rows += [row(students=str(i)) for i in range(3000)]
    Path(path).write_bytes("\n".join(",".join(r) for r in rows).encode("utf-8"))


def file_of_200_mb(path: Path) -> None:
    """200 MB of enrolment rows, written by repeating one 1 MB chunk (refused by size before it is read)."""
    line = (",".join(GOOD) + "\n").encode()
    chunk = line * ((1 << 20) // len(line))
    with open(path, "wb") as f:
        f.write((",".join(ENROLLMENT) + "\n").encode())
        while f.tell() < 200 * (1 << 20):
            f.write(chunk)


def zip_bomb(unpacked_mb: int, level: int):
    """A real workbook whose sheet XML is padded to `unpacked_mb` MB of blanks: a few hundred KB or MB on disk."""

    def write(path: Path) -> None:
        good = xlsx_bytes([ENROLLMENT, row()])
        blank = b" " * (1 << 20)
        with zipfile.ZipFile(io.BytesIO(good)) as zin, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
            for item in zin.infolist():
                content = zin.read(item.filename)
                if item.filename != "xl/worksheets/sheet1.xml":
                    zout.writestr(item.filename, content)
                    continue
                head, tail = content.split(b"<sheetData>", 1)
                with zout.open(item.filename, "w", force_zip64=True) as f:
                    f.write(head + b"<sheetData>")
                    for _ in range(unpacked_mb):
                        f.write(blank)
                    f.write(tail)

    return write


def csv_10000_columns(path: Path) -> None:
    header = ENROLLMENT + [f"extra_{i}" for i in range(10_000 - len(ENROLLMENT))]
    Path(path).write_bytes(csv_text([header, GOOD + [""] * (len(header) - len(GOOD))]).encode("utf-8"))


def xlsx_2000_columns(ws) -> None:
    ws.cell(row=1, column=2000, value="Примечание")


def merge_over_data_rows(ws) -> None:
    ws.merge_cells("B2:B4")  # one college "for all three rows": the rows below the first have no college


def merge_header(ws) -> None:
    ws.merge_cells("A1:B1")  # «academic_year» spread over the college column: the college header is gone


def formula_text_cell(ws) -> None:
    """A text cell (not a formula cell) holding a formula, as a CSV opened in Excel and re-saved leaves it."""
    cell = ws.cell(row=2, column=3)
    cell.value = "@SUM(1+1)*cmd|' /C calc'!A0"
    cell.data_type = "s"


def xlsx_named_csv(path: Path) -> None:
    Path(path).write_bytes(xlsx_bytes([ENROLLMENT, row()]))


def zero_padded_csv(path: Path) -> None:
    """A file whose end is NUL bytes (the machine crashed while saving it)."""
    Path(path).write_bytes(enrollment_csv(row()) + bytes(6000))


def utf16_cut(bom: bool):
    def write(path: Path) -> None:
        content = csv_text([["Оқу жылы", "Колледж", "Мамандық", "Курс", "Қаржыландыру көзі", "Оқыту тілі",
                             "Оқу нысаны", "База", "Студенттер", "Дереккөз"], row()], "\t", "\r\n")
        data = (codecs.BOM_UTF16_LE if bom else b"") + content.encode("utf-16-le")
        Path(path).write_bytes(data[:-1])  # cut in the middle of the last character

    return write


CASES: list[dict] = [
    # -- empty, header only, footnotes only -------------------------------------------------------------------
    {"name": "empty CSV (0 bytes)", "filename": "fct_enrollment.csv", "write": raw(b""), "rule": "empty_file"},
    {"name": "CSV of a BOM, delimiters and blank lines", "filename": "fct_enrollment.csv",
     "write": raw(b"\xef\xbb\xbf;;;\r\n\r\n;;;\r\n"), "rule": "empty_file"},
    {"name": "header only (a blank template), CSV", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv()), "rule": "no_rows"},
    {"name": "header only, XLSX with Russian headers", "filename": "kontingent_2025.xlsx",
     "write": xlsx([["Учебный год", "Колледж", "Специальность", "Курс", "Источник финансирования",
                     "Язык обучения", "Форма обучения", "На базе", "Студенты", "Источник"]]), "rule": "no_rows"},
    {"name": "header, a total row and a footnote but no data rows", "filename": "fct_enrollment.csv",
     "write": text(csv_text([ENROLLMENT, ["Итого", "", "", "", "", "", "", "", "120", ""],
                             ["Примечание: данные будут уточнены"]])), "rule": "no_rows"},
    {"name": "a sheet with only footnotes", "filename": "fct_enrollment.xlsx",
     "write": xlsx([["Примечание: сведения будут опубликованы позже"], [], ["Источник: БНС АСПиР РК"],
                    ["* предварительные данные"]]), "rule": "unknown_table"},
    # -- encodings and broken files ---------------------------------------------------------------------------
    {"name": "UTF-16 with BOM cut at an odd byte", "filename": "kontingent.csv", "write": utf16_cut(bom=True),
     "rule": "unreadable_text"},
    {"name": "UTF-16 without BOM cut at an odd byte", "filename": "kontingent.csv", "write": utf16_cut(bom=False),
     "rule": "unreadable_text"},
    {"name": "bytes that no encoding reads", "filename": "fct_enrollment.csv",
     "write": raw(bytes(range(1, 256)) * 40), "rule": "unreadable_text"},
    {"name": "a CSV whose end is NUL bytes", "filename": "fct_enrollment.csv", "write": zero_padded_csv,
     "rule": "binary_file"},
    {"name": "truncated XLSX (cut in half)", "filename": "fct_enrollment.xlsx", "write": truncated_xlsx,
     "rule": "unreadable_xlsx"},
    {"name": "truncated CSV (last row cut mid-cell)", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(), row(course="2"))[:-40]), "rule": "missing_value"},
    {"name": "a quote opened and never closed", "filename": "fct_enrollment.csv", "write": unclosed_quote,
     "rule": "unclosed_quote"},
    # -- not what the extension says --------------------------------------------------------------------------
    {"name": "PDF named .csv", "filename": "fct_enrollment.csv", "write": raw(PDF), "rule": "not_a_text_table"},
    {"name": "XLSX named .csv", "filename": "fct_enrollment.csv", "write": xlsx_named_csv,
     "rule": "not_a_text_table"},
    {"name": "PNG named .csv", "filename": "fct_enrollment.csv", "write": raw(PNG + bytes(64)),
     "rule": "not_a_text_table"},
    {"name": "CSV named .xlsx", "filename": "fct_enrollment.xlsx", "write": raw(enrollment_csv(row())),
     "rule": "not_an_xlsx"},
    {"name": "PDF named .xlsx", "filename": "fct_enrollment.xlsx", "write": raw(PDF), "rule": "not_an_xlsx"},
    {"name": "Excel 97-2003 file named .xlsx", "filename": "fct_enrollment.xlsx", "write": raw(OLE),
     "rule": "not_an_xlsx"},
    {"name": "Excel 97-2003 file (.xls)", "filename": "fct_enrollment.xls", "write": raw(OLE),
     "rule": "unsupported_file"},
    # A file of a type the build never reads is refused before it is staged (etl/load.py).
    {"name": "a PDF (.pdf)", "filename": "kontingent_2025.pdf", "write": raw(PDF), "rule": "unsupported_file"},
    # -- size -------------------------------------------------------------------------------------------------
    {"name": "a 200 MB file", "filename": "fct_enrollment.csv", "write": file_of_200_mb, "rule": "file_too_large"},
    {"name": "XLSX ZIP bomb (300 MB sheet)", "filename": "fct_enrollment.xlsx", "write": zip_bomb(300, 1),
     "rule": "xlsx_too_large_unpacked"},
    {"name": "XLSX ZIP bomb under the size limit, packed 1000:1", "filename": "fct_enrollment.xlsx",
     "write": zip_bomb(40, 9), "rule": "xlsx_too_large_unpacked"},
    {"name": "CSV with 10,000 columns", "filename": "fct_enrollment.csv", "write": csv_10000_columns,
     "rule": "too_many_columns"},
    {"name": "XLSX with a cell in column 2000", "filename": "fct_enrollment.xlsx",
     "write": xlsx([ENROLLMENT, row()], xlsx_2000_columns), "rule": "too_many_columns"},
    # -- columns ----------------------------------------------------------------------------------------------
    {"name": "columns that match no template", "filename": "svedeniya.csv",
     "write": text("Показатель;Значение за год\r\nСтуденты;13 900\r\n", "cp1251"), "rule": "unknown_table"},
    {"name": "unknown columns in a file named after its table", "filename": "fct_capacity.csv",
     "write": text("Колонка 1,Колонка 2,Колонка 3\n2025,KZ33-T01,120\n"), "rule": "unknown_table"},
    {"name": "required column missing", "filename": "fct_enrollment.csv",
     "write": text(csv_text([ENROLLMENT[:-2] + ["source_id"], GOOD[:-2] + ["fixture_upload"]])),
     "rule": "missing_column"},
    {"name": "merged header cells hide a required column", "filename": "fct_enrollment.xlsx",
     "write": xlsx([ENROLLMENT, row()], merge_header), "rule": "missing_column"},
    {"name": "merged cells over data rows", "filename": "fct_enrollment.xlsx",
     "write": xlsx([ENROLLMENT, row(), row(course="2"), row(course="3")], merge_over_data_rows),
     "rule": "missing_value"},
    # -- keys -------------------------------------------------------------------------------------------------
    {"name": "duplicate rows", "filename": "fct_enrollment.csv", "write": raw(enrollment_csv(row(), row())),
     "rule": "duplicate_key"},
    {"name": "duplicate keys with different values", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(students="20"), row(students="25", funding="платно"))),
     "rule": "duplicate_key"},
    {"name": "a row that repeats a key already loaded", "filename": "enrollment_2023_fix.csv",
     "write": raw(enrollment_csv(["2023", "KZ33-T01", "06130100", "1", "state", "kk", "full_time", "9", "51",
                                  "fixture_upload"])), "rule": "duplicate_key"},
    # -- numbers ----------------------------------------------------------------------------------------------
    {"name": "negative count", "filename": "fct_enrollment.csv", "write": raw(enrollment_csv(row(students="-5"))),
     "rule": "negative"},
    {"name": "ten million students in one row", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(students="10 000 000"))), "rule": "implausible_value"},
    {"name": "a cost of a billion tenge per student", "filename": "fct_state_order.csv",
     "write": text(csv_text([STATE_ORDER, ["2025", "KZ-33", "KZ33-T02", "07150500", "", "ru", "full_time", "11",
                                           "local", "25", "1000000000", "fixture_upload"]])),
     "rule": "implausible_value"},
    {"name": "a count beyond any integer", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(students="3000000000"))), "rule": "too_large"},
    {"name": "text in a number cell of a template", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(students="двадцать"))), "rule": "not_a_number"},
    # -- codes and years --------------------------------------------------------------------------------------
    {"name": "unknown specialty code", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(specialty_code="99999999"))), "rule": "unknown_specialty"},
    {"name": "unknown college", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(college_id="KZ33-X99"))), "rule": "unknown_college"},
    {"name": "unknown region code", "filename": "fct_state_order.csv",
     "write": text(csv_text([STATE_ORDER, ["2025", "KZ-99", "", "07150500", "", "ru", "full_time", "11",
                                           "republican", "20", "650000", "fixture_upload"]])),
     "rule": "unknown_region"},
    {"name": "unknown district of a new college", "filename": "dim_college.csv",
     "write": text(csv_text([COLLEGE, ["KZ33-T04", "KZ-33", "KZ-33-NOPE", "Тест колледжі 4", "Тестовый колледж 4",
                                       "Test College 4", "state", "", "", "", "fixture_upload"]])),
     "rule": "unknown_district"},
    {"name": "year out of range (2999)", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(academic_year="2999"))), "rule": "year_out_of_range"},
    # -- formulas ---------------------------------------------------------------------------------------------
    {"name": "=HYPERLINK formula in a text cell", "filename": "fct_partnership.csv",
     "write": text(csv_text([PARTNERSHIP, ["KZ33-A990", "KZ33-T01", '=HYPERLINK("http://evil.example/x","ТОО Пример")',
                                           "energy", "memorandum", "", "2025", "", "fixture_upload"]])),
     "rule": "formula_cell"},
    {"name": "DDE formula =cmd|' /C calc'!A0", "filename": "fct_partnership.csv",
     "write": text(csv_text([PARTNERSHIP, ["KZ33-A991", "KZ33-T01", "ТОО Пример", "=cmd|' /C calc'!A0",
                                           "memorandum", "", "2025", "", "fixture_upload"]])),
     "rule": "formula_cell"},
    {"name": "formula starting with - in a number column", "filename": "fct_enrollment.csv",
     "write": raw(enrollment_csv(row(students="-2+3+cmd|' /C calc'!A0"))), "rule": "formula_cell"},
    {"name": "formula starting with @ in an XLSX text cell", "filename": "fct_enrollment.xlsx",
     "write": xlsx([ENROLLMENT, row()], formula_text_cell), "rule": "formula_cell"},
]
