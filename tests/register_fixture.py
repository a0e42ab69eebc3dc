"""A student-register export («Контингент») as the national education database writes it
(../shared/reference/official_file_layouts.md §1): UTF-16 with a BOM, tab-separated, CRLF, one row per student, the
full header row with the database's field ids, Excel-protected values (="…"), dates dd.mm.yyyy, values in the
database's own vocabulary («основную школу», «Государственный образовательный заказ (местный бюджет)»,
«Самофинансирование», «очная», «казахский»), and the personal columns (ИИН, names, birth date, address, phone,
e-mail) that must never reach the warehouse.

Every person here is made up: names are drawn from SURNAMES/NAMES, ИИН are 12 digits starting 9900…, phones
+7 700 000 …, e-mails @example.kz.

`write(path, groups, year=2025)` writes one row per student; `groups` lists
(specialty, course, funding, language, form, base, students, of_them_left[, of_them_on_leave]). Students of course 1
were enrolled on 25.08.<year> (this year's admissions); the others in earlier years. The end of study falls in
June of year + (final course − course + 1) with 3 courses after grade 9 and 2 after grade 11 and TVET, so students
of the final course graduate inside the academic year.
"""

from __future__ import annotations

from pathlib import Path

HEADERS = ["EI Контингента", "ID контингента", "ИИН", "Фамилия", "Имя", "Отчество", "Дата рождения",
           "Адрес постоянной регистрации на русском [6997]", "Вид зачисления [type_enrollment]",
           "Дата прибытия/зачисления [267]", "Сотовый телефон (номер) [6914]", "Электронный адрес (Е-mail) [6915]",
           "Из числа принятых, окончил(-а): [5573]", "Тип местности проживания [246]", "Срок обучения [6129]",
           "Дата окончания обучения по данной специальности [date_graduation_specialty]", "Курс обучения [5802]",
           "Дата начала курса [course_start_date]", "Дата окончания курса [course_end_date]", "Код группы [6159]",
           "Язык обучения [209]", "Форма обучения [5568]", "Специальность и классификатор (основной) [426]",
           "Специальность [speciality_a]", "Квалификация [qualification_a]",
           "Находится в академическом отпуске [6754]", "Успеваемость за семестр [7201]",
           "Сведения об общежитии [5560]", "Обучение за счет средств [6662]", "Назначена стипендия [447]",
           "Ребенок - сирота [251]", "Дети с инвалидностью и/или лица с инвалидностью [253]",
           "Из многодетной семьи [7822]", "Дата выбытия [269]", "Причина выбытия [5804]"]
SURNAMES = ["Ахметова", "Байжанов", "Сериков", "Ким", "Иванова", "Нұрланов", "Омарова", "Жақсылықов"]
NAMES = ["Айгерім", "Нұрсұлтан", "Дана", "Ерлан", "Мария", "Асель", "Тимур", "Жанар"]
SPECIALTY_NAMES = {"06130100": "Программное обеспечение (по видам)",
                   "01140100": "Педагогика дополнительного образования"}
LENGTH = {"основную школу": 3}  # final course by entry base as written; 2 for every other base


def person(i: int) -> list[str]:
    """The personal cells of student i: ИИН, surname, name, patronymic, birth date, address, phone, e-mail."""
    return [f'="{990000000000 + 7919 * i:012d}"', SURNAMES[i % len(SURNAMES)], NAMES[(i * 3) % len(NAMES)],
            "Тестовна", f"{1 + i % 28:02d}.{1 + i % 12:02d}.{2005 + i % 4}",
            f"г. Талдыкорган, ул. Тестовая, д. {i % 50 + 1}, кв. {i % 90 + 1}",
            f"+7 700 000 {i % 100:02d} {i % 97:02d}", f"student{i}@example.kz"]


def student(i: int, group: tuple, k: int, year: int) -> dict[str, str]:
    """One student's cells by header."""
    specialty, course, funding, language, form, base, students, left, *rest = group
    on_leave = rest[0] if rest else 0
    iin, surname, name, patronymic, born, address, phone, email = person(i)
    gone = k < left
    leave = left <= k < left + on_leave
    final = LENGTH.get(base, 2)
    enrolled = year - (int(course) - 1)
    name_ru = SPECIALTY_NAMES.get(specialty, "Специальность")
    return {
        "EI Контингента": str(100000 + i), "ID контингента": f'="{7000000 + i}"', "ИИН": iin, "Фамилия": surname,
        "Имя": name, "Отчество": patronymic, "Дата рождения": born,
        "Адрес постоянной регистрации на русском [6997]": address,
        "Вид зачисления [type_enrollment]": "Зачисление на 1 курс" if int(course) == 1 else "Перевод на следующий курс",
        "Дата прибытия/зачисления [267]": f"25.08.{enrolled}",
        "Сотовый телефон (номер) [6914]": phone, "Электронный адрес (Е-mail) [6915]": email,
        "Из числа принятых, окончил(-а): [5573]": base, "Тип местности проживания [246]": "Городская",
        "Срок обучения [6129]": "3 года 10 месяцев" if final == 3 else "2 года 10 месяцев",
        "Дата окончания обучения по данной специальности [date_graduation_specialty]":
            f"30.06.{year + final - int(course) + 1}",
        "Курс обучения [5802]": str(course), "Дата начала курса [course_start_date]": f"01.09.{year}",
        "Дата окончания курса [course_end_date]": f"30.06.{year + 1}",
        "Код группы [6159]": f"{year % 100 - int(course) + 1:02d}ПО-{k // 25 + 1}{int(course)}р",
        "Язык обучения [209]": language, "Форма обучения [5568]": form,
        "Специальность и классификатор (основной) [426]": f"{specialty} {name_ru}",
        "Специальность [speciality_a]": f"{specialty} {name_ru}",
        "Квалификация [qualification_a]": f"4S{specialty[:6]}03 Разработчик программного обеспечения",
        "Находится в академическом отпуске [6754]": "Да" if leave else "Нет",
        "Успеваемость за семестр [7201]": "Хорошист", "Сведения об общежитии [5560]": "Не нуждается",
        "Обучение за счет средств [6662]": funding, "Назначена стипендия [447]": "Нет",
        "Ребенок - сирота [251]": "Нет", "Дети с инвалидностью и/или лица с инвалидностью [253]": "Нет",
        "Из многодетной семьи [7822]": "Нет",
        "Дата выбытия [269]": f"15.01.{year + 1}" if gone else "",
        "Причина выбытия [5804]": "По собственному желанию" if gone else "",
    }


def rows(groups: list[tuple], headers: list[str] | None = None, year: int = 2025) -> list[list[str]]:
    heads = headers or HEADERS
    out, i = [], 0
    for group in groups:
        for k in range(group[6]):
            i += 1
            cells = student(i, group, k, year)
            out.append([cells.get(h, "") for h in heads])
    return out


def write(path: Path, groups: list[tuple], headers: list[str] | None = None, year: int = 2025) -> Path:
    heads = headers or HEADERS
    lines = ["\t".join(heads)] + ["\t".join(r) for r in rows(groups, heads, year)]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))  # Python's utf-16 writes the BOM
    return path
