"""The annual college-assessment workbook as the layout describes it (../shared/reference/official_file_layouts.md §2),
written with openpyxl: one header row of 115 columns, then college rows (column 46 empty) each followed by its
specialty rows (column 46 «code – name», columns 0–3 repeating the college).

The colleges are the fixture colleges of tests/fixtures/small/dim_college.csv (Тестовый колледж 1–3, region KZ-33)
written as real workbooks write them: with legal-form prefixes, quotes, odd spaces and a Latin look-alike letter.
Every figure is made up. `write(path, rows)` writes `rows` (lists of 115 cells) under HEADERS; `college(...)` and
`specialty(...)` build the rows.
"""

from __future__ import annotations

from pathlib import Path

WIDTH = 115
REGION = "область Жетісу"
# Headers by the layout; wording varies between years, only the places matter.
NAMED = {0: "ID", 1: "Область", 2: "Район", 3: "Наименование организации образования", 4: "Форма собственности",
         5: "Расположение (город/село)", 6: "Требуется капитальный ремонт", 12: "Проектная мощность (чел.)",
         13: "Контингент обучающихся", 14: "% загруженности", 16: "Результаты аттестации",
         18: "Наличие спортзала/стадиона", 20: "Наличие общежития", 39: "Всего педагогов",
         46: "Специальность (код и наименование)", 47: "Кабинеты, лаборатории, мастерские всего", 48: "Оснащены",
         51: "Участие в проекте «Жас маман»", 74: "Успеваемость, %", 76: "Качество знаний, %",
         78: "Принято студентов", 79: "Выпуск", 80: "%", 82: "Контингент «Жас маман»", 87: "Прием «Жас маман»",
         88: "Выпуск «Жас маман»", 97: "Сдали демонстрационный экзамен", 101: "Выпускники", 102: "Трудоустроено",
         103: "% трудоустройства", 105: "Выпускники «Жас маман»", 106: "Трудоустроено «Жас маман»",
         107: "% трудоустройства «Жас маман»", 109: "Обучающиеся по дуальной системе",
         111: "Обучающиеся по заявкам работодателей", 113: "Итоговый балл колледжа",
         114: "Итоговый балл специальности"}
HEADERS = [NAMED.get(i, "БАЛЛ" if i % 2 else f"Показатель {i}") for i in range(WIDTH)]

# As the workbook writes the small fixture's colleges: KZ33-T01, T02, T03.
NAMES = {"KZ33-T01": "ГККП «Тестовый колледж 1» при управлении образования области Жетісу",
         "KZ33-T02": 'ТОО "ТЕСТОВЫЙ\u00a0 КОЛЛЕДЖ  2"',
         "KZ33-T03": "Государственное коммунальное казенное предприятие «Tестовый колледж 3»"}  # a Latin T
DISTRICTS = {"KZ33-T01": "г. Талдыкорган", "KZ33-T02": "г. Текели", "KZ33-T03": "Саркандский район"}
SPECIALTY_NAMES = {"06130100": "Программное обеспечение (по видам)", "07150500": "Сварочное дело (по видам)",
                   "01140100": "Педагогика и методика начального обучения", "06120200": "Системы информационной безопасности"}


def college(name: str, district: str = "г. Талдыкорган", *, region: str = REGION, row_id: int = 1,
            ownership: str = "Коммунальная собственность", capacity=None, contingent=None, teachers=None,
            score=None, cells: dict | None = None) -> list:
    row: list = [""] * WIDTH
    row[0:6] = [row_id, region, district, name, ownership, "город"]
    row[6:11] = ["нет", "да", "нет", "нет", "да"]
    row[12], row[13], row[39], row[113] = capacity, contingent, teachers, score
    row[14] = "#ДЕЛ/0!" if not capacity else "=M{0}/N{0}"  # a percentage: derived, never read
    row[18], row[20] = "да", "нет"
    for k, v in (cells or {}).items():
        row[k] = v
    return ["" if v is None else v for v in row]


def specialty(of: list, code: str, *, dash: str = " – ", admitted=None, graduates=None, employed=None,
              dual=None, employer=None, zm_students=None, zm_admitted=None, zm_graduates=None, zm_employed=None,
              demo_exam=None, score=None, cells: dict | None = None) -> list:
    row: list = [""] * WIDTH
    row[0:4] = of[0:4]
    row[46] = f"{code}{dash}{SPECIALTY_NAMES.get(code, 'Специальность')}"
    row[47], row[48], row[51] = 4, 3, "да" if zm_students else "нет"
    row[74], row[76] = 95.5, "#ДЕЛ/0!"
    row[78], row[79] = admitted, graduates
    row[82], row[87], row[88] = zm_students, zm_admitted, zm_graduates
    row[97], row[101], row[102] = demo_exam, graduates, employed
    row[105], row[106] = zm_graduates, zm_employed
    row[109], row[111], row[114] = dual, employer, score
    for k, v in (cells or {}).items():
        row[k] = v
    return ["" if v is None else v for v in row]


def small_region() -> list[list]:
    """The small fixture region's workbook: 3 colleges, 5 specialty rows, the figures EXPECTED below."""
    c1 = college(NAMES["KZ33-T01"], DISTRICTS["KZ33-T01"], row_id=1, capacity=150, contingent="1\u00a0204",
                 teachers=" 42 ", score=71.5)
    c2 = college(NAMES["KZ33-T02"], DISTRICTS["KZ33-T02"], row_id=2, ownership="Частная собственность",
                 capacity="60", contingent=55, teachers=12, score="#ДЕЛ/0!")
    c3 = college(NAMES["KZ33-T03"], DISTRICTS["KZ33-T03"], row_id=3, capacity=90, contingent=80, teachers=20,
                 score=64)
    return [
        c1,
        specialty(c1, "06130100", admitted=50, graduates=30, employed="24/30", dual=12, employer="5",
                  zm_students=8, zm_admitted=4, zm_graduates=3, zm_employed="2/3", demo_exam=20, score=33.5),
        specialty(c1, "06120200", dash="-", admitted="25", graduates=0, employed="-", dual="-", employer=3,
                  demo_exam="", score=30),
        c2,
        specialty(c2, "07150500", dash="\u2014", admitted="20", graduates="15",
                  employed=11, dual=7, employer=" 2 ", zm_students="нет", score=28),
        c3,
        specialty(c3, "01140100", admitted=35, graduates=12, employed="9 / 12", dual=0, employer=1, score=31),
    ]


# What the warehouse must hold after small_region() is loaded for --year 2024.
EXPECTED_CAPACITY = {"KZ33-T01": (150, 1204), "KZ33-T02": (60, 55), "KZ33-T03": (90, 80)}
EXPECTED_ADMITTED = {("KZ33-T01", "06130100"): 50, ("KZ33-T01", "06120200"): 25, ("KZ33-T02", "07150500"): 20,
                     ("KZ33-T03", "01140100"): 35}
EXPECTED_GRADUATION = {("KZ33-T01", "06130100"): (30, 24), ("KZ33-T01", "06120200"): (0, None),
                       ("KZ33-T02", "07150500"): (15, 11), ("KZ33-T03", "01140100"): (12, 9)}
# (score, teachers, dual, employer, zm students, zm admitted, zm graduates, zm employed, demo exam)
EXPECTED_ASSESSMENT = {
    ("KZ33-T01", None): (71.5, 42, None, None, None, None, None, None, None),
    ("KZ33-T02", None): (None, 12, None, None, None, None, None, None, None),
    ("KZ33-T03", None): (64.0, 20, None, None, None, None, None, None, None),
    ("KZ33-T01", "06130100"): (33.5, None, 12, 5, 8, 4, 3, 2, 20),
    ("KZ33-T01", "06120200"): (30.0, None, None, 3, None, None, None, None, None),
    ("KZ33-T02", "07150500"): (28.0, None, 7, 2, None, None, None, None, None),
    ("KZ33-T03", "01140100"): (31.0, None, 0, 1, None, None, None, None, None),
}
DUAL_TOTAL, EMPLOYER_TOTAL = 19, 11


def write(path: Path, rows: list[list], *, headers: list | None = None, extra_header_rows: int = 0,
          empty_sheet_first: bool = False) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if empty_sheet_first:
        ws.title = "Инструкция"
        ws = wb.create_sheet("Оценка")
    else:
        ws.title = "Оценка"
    ws.append(list(headers or HEADERS))
    for _ in range(extra_header_rows):
        ws.append(list(headers or HEADERS))
    for r in rows:
        ws.append(r)
    path = Path(path)
    wb.save(path)
    return path
