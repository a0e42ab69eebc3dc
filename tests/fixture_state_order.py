"""State-order tables of akimat resolutions, written as the akimats publish them, for the reader
etl/state_order_table.py.

- `write_ru_xlsx(path)`: the annex of a resolution of the akimat of Zhetysu Region in Russian: title rows with the
  region and «на 2024-2025 учебный год» (local budget), a three-row header with real merged ranges (places by study
  form × entry base, the cost column), the row of column numbers, group rows per ISCED-F broad field, a specialty
  cell merged over its two qualifications, «Итого» and a footnote. Places are numbers; costs are text as Word
  tables pasted into Excel hold them («452 300,0» with no-break spaces). The order is placed at region level and
  states no language.
- `write_kk_csv(path)`: the same kind of annex in Kazakh, UTF-8 with a BOM, «;»-separated, a merged header exported
  as the value in its first cell and empty cells after it, a college column naming colleges of
  tests/fixtures/small/dim_college.csv by their Kazakh names (the college cell merged down over its second row), a
  language column, «Барлығы» and a footnote.

RU_GROUPS and KK_ROWS are the spec the files are written from; tests work their expected numbers out of them.
Specialty and qualification codes are real codes of data/reference; every number (places, costs) is invented but
plausible, and the resolutions' numbers and dates are made up.

`python tests/fixture_state_order.py` rewrites the committed copies in tests/fixtures/official/.
"""

from __future__ import annotations

import sys
from pathlib import Path

NBSP = "\u00a0"
OFFICIAL = Path(__file__).resolve().parent / "fixtures" / "official"
RU_FILE, KK_FILE = "state_order_ru.xlsx", "state_order_kk.csv"

# -- Russian XLSX ----------------------------------------------------------------------------------------------------
RU_TITLE = [
    "Приложение к постановлению акимата области Жетісу от 12 июля 2024 года № 218",
    "Государственный образовательный заказ на подготовку кадров с техническим и профессиональным, послесредним "
    "образованием на 2024-2025 учебный год",
    "(за счет средств местного бюджета)",
]
# The columns of places, left to right: (study form, entry base) as the contract names them, and their headers.
RU_PLACES = [("full_time", "9"), ("full_time", "11"), ("part_time", "11"), ("evening", "11")]
RU_FORMS = {"full_time": "очная форма обучения", "part_time": "заочная форма обучения",
            "evening": "вечерняя форма обучения"}
RU_BASES = {"9": "на базе основного среднего образования (9 классов)",
            "11": "на базе общего среднего образования (11 классов)"}
# (group row, [(specialty, its name, qualification, its name, places per column of RU_PLACES as written, cost)])
RU_GROUPS = [
    ("Бизнес, управление и право", [
        ("04110100", "Учет и аудит", "4S04110102", "Бухгалтер", ("25", "-", "15", ""), "452 300,0"),
        ("04210100", "Правоведение", "4S04210101", "Юрист", ("25", "25", "", ""), "452 300,0"),
    ]),
    ("Информационно-коммуникационные технологии", [
        ("06120100", "Вычислительная техника и информационные сети (по видам)", "3W06120101",
         "Оператор компьютерного аппаратного обеспечения", ("25", "-", "-", "-"), "684 900,0"),
        ("06120100", "Вычислительная техника и информационные сети (по видам)", "4S06120103",
         "Техник по обслуживанию компьютерных устройств и сетей", ("50", "25", "", ""), "684 900,0"),
        ("06130100", "Программное обеспечение (по видам)", "4S06130103", "Разработчик программного обеспечения",
         ("75", "25", "20", ""), "712 450,0"),
    ]),
    ("Инженерия, обрабатывающие и строительные отрасли", [
        ("07130100", "Электрооборудование (по видам и отраслям)", "4S07130103", "Техник-электрик",
         ("50", "", "", "25"), "781 200,0"),
        ("07151100", "Эксплуатация и техническое обслуживание машин и оборудования", "4S07151102",
         "Техник-механик", ("25", "25", "-", "-"), "781 200,0"),
    ]),
]
RU_FOOTNOTE = ("Примечание: средние расходы на обучение одного специалиста рассчитаны на учебный год без учета "
               "стипендий и расходов на проживание в общежитии.")


def number(text: str) -> int | None:
    """Places as the tests count them: a whole number, or None for "-" and empty cells."""
    return int(text) if text.strip().isdigit() else None


def write_ru_xlsx(path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "Приложение"
    last = "H"  # A №, B specialty, C qualification, D:G places, H cost
    ws["F1"] = RU_TITLE[0]
    ws.merge_cells("F1:H1")
    ws["A3"] = RU_TITLE[1]
    ws.merge_cells(f"A3:{last}3")
    ws["A4"] = RU_TITLE[2]
    ws.merge_cells(f"A4:{last}4")
    # Header: rows 6-8.
    for col, text in (("A", "№ п/п"), ("B", "Код и наименование специальности"),
                      ("C", "Код и наименование квалификации"),
                      ("H", "Средние расходы на обучение одного специалиста за учебный год (тенге)")):
        ws[f"{col}6"] = text
        ws.merge_cells(f"{col}6:{col}8")
    ws["D6"] = "Количество мест"
    ws.merge_cells("D6:G6")
    ws["D7"] = RU_FORMS["full_time"]
    ws.merge_cells("D7:E7")
    ws["F7"], ws["G7"] = RU_FORMS["part_time"], RU_FORMS["evening"]
    for col, (_, base) in zip("DEFG", RU_PLACES):
        ws[f"{col}8"] = RU_BASES[base]
    for j in range(8):
        ws.cell(row=9, column=j + 1, value=j + 1)
    row, n = 10, 0
    for group, lines in RU_GROUPS:
        ws.cell(row=row, column=1, value=group)
        ws.merge_cells(f"A{row}:{last}{row}")
        row += 1
        for k, (spec, spec_name, qual, qual_name, places, cost) in enumerate(lines):
            n += 1
            ws.cell(row=row, column=1, value=n)
            if k and lines[k - 1][0] == spec:  # the specialty's cell is merged over its qualifications
                ws.merge_cells(f"B{row - 1}:B{row}")
            else:
                ws.cell(row=row, column=2, value=f"{spec} {spec_name}")
            ws.cell(row=row, column=3, value=f"{qual} {qual_name}")
            for j, value in enumerate(places):
                ws.cell(row=row, column=4 + j, value=number(value) if number(value) is not None else value or None)
            ws.cell(row=row, column=8, value=cost.replace(" ", NBSP))
            row += 1
    ws.cell(row=row, column=1, value="Итого")
    ws.merge_cells(f"A{row}:C{row}")
    for j in range(len(RU_PLACES)):
        ws.cell(row=row, column=4 + j, value=sum(number(places[j]) or 0 for _, lines in RU_GROUPS
                                                 for *_, places, _ in lines))
    ws.cell(row=row + 2, column=1, value=RU_FOOTNOTE)
    ws.merge_cells(f"A{row + 2}:{last}{row + 2}")
    for cells in ws.iter_rows(min_row=6, max_row=8):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# -- Kazakh CSV ------------------------------------------------------------------------------------------------------
KK_TITLE = [
    "Жетісу облысы әкімдігінің 2024 жылғы 12 шілдедегі № 218 қаулысына 2-қосымша",
    "2024-2025 оқу жылына техникалық және кәсіптік, орта білімнен кейінгі білімі бар кадрларды даярлауға арналған "
    "мемлекеттік білім беру тапсырысы",
]
KK_PLACES = [("full_time", "9"), ("full_time", "11")]
# (college as named in dim_college.name_kk, specialty, qualification, language as written, places per column, cost)
KK_ROWS = [
    ("Тест колледжі 2", "06130100 Бағдарламалық қамтамасыз ету (түрлері бойынша)",
     "4S06130103 Бағдарламалық қамтамасыз етуді әзірлеуші", "қазақ тілінде", ("50", "25"), "798 000"),
    ("Тест колледжі 2", "06130100 Бағдарламалық қамтамасыз ету (түрлері бойынша)",
     "4S06130103 Бағдарламалық қамтамасыз етуді әзірлеуші", "орыс тілінде", ("25", "-"), "798 000"),
    ("Тест колледжі 3", "04110100 Есеп және аудит", "4S04110102 Бухгалтер", "қазақ тілінде", ("25", ""),
     "455 500"),
]
KK_FOOTNOTE = "* Орташа шығыс бір оқу жылына есептелген."


def kk_rows() -> list[list[str]]:
    header = [["№", "Білім беру ұйымының атауы", "Мамандықтың коды және атауы", "Біліктіліктің коды және атауы",
               "Оқыту тілі", "Орын саны", "",
               "Бір маманды оқытуға жұмсалатын орташа шығыс (теңге)"],
              ["", "", "", "", "", "күндізгі оқу нысаны", "", ""],
              ["", "", "", "", "", "9 сынып негізінде", "11 сынып негізінде", ""],
              [str(j + 1) for j in range(8)]]
    body = []
    for n, (college, spec, qual, language, places, cost) in enumerate(KK_ROWS, start=1):
        same_college = n > 1 and KK_ROWS[n - 2][0] == college  # the college's cell is merged down
        body.append([str(n), "" if same_college else college, spec, qual, language, *places,
                     cost.replace(" ", NBSP)])
    totals = [str(sum(number(r[4][j]) or 0 for r in KK_ROWS)) for j in range(len(KK_PLACES))]
    return [[KK_TITLE[0]], [KK_TITLE[1]], [], *header, *body, ["Барлығы", "", "", "", "", *totals, ""], [],
            [KK_FOOTNOTE]]


def write_kk_csv(path: Path) -> Path:
    text = "".join(";".join(r) + "\r\n" for r in kk_rows())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def write_all(folder: Path) -> list[Path]:
    return [write_ru_xlsx(folder / RU_FILE), write_kk_csv(folder / KK_FILE)]


if __name__ == "__main__":
    for written in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else OFFICIAL):
        print(written)
