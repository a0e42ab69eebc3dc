"""A student-register export («Контингент») as the national education database writes it: UTF-16 with a BOM,
tab-separated, CRLF, one row per student, headers with field ids in brackets, Excel-protected values, and the
personal columns (ИИН, names, birth date, phone, e-mail, address) that must never reach the warehouse.

Every person here is made up: names are drawn from SURNAMES/NAMES, ИИН are 12 digits starting 9900…, phones
+7 700 000 …, e-mails @example.kz. `write(path, groups)` writes one row per student; `groups` lists
(specialty, course, funding, language, form, base, students, of_them_left).
"""

from __future__ import annotations

from pathlib import Path

HEADERS = ["№", "ИИН [iin]", "Фамилия [surname]", "Имя [firstname]", "Отчество [patronymic]", "Дата рождения [birth]",
           "Телефон [phone]", "E-mail [email]", "Адрес проживания [address]", "Специальность [speciality_a]",
           "Квалификация [qualification_a]", "Курс обучения [5802]", "Язык обучения [209]", "Форма обучения [5568]",
           "Обучение за счет средств [6662]", "На базе [base_a]", "Дата выбытия [269]", "Причина выбытия [5804]",
           "Срок обучения [6129]", "Из числа принятых, окончил(-а): [5573]"]
SURNAMES = ["Ахметова", "Байжанов", "Сериков", "Ким", "Иванова", "Нұрланов", "Омарова", "Жақсылықов"]
NAMES = ["Айгерім", "Нұрсұлтан", "Дана", "Ерлан", "Мария", "Асель", "Тимур", "Жанар"]
SPECIALTY_NAMES = {"06130100": "Программное обеспечение", "01140100": "Педагогика дополнительного образования"}


def person(i: int) -> list[str]:
    return [f'="{990000000000 + 7919 * i:012d}"', SURNAMES[i % len(SURNAMES)], NAMES[(i * 3) % len(NAMES)],
            "Тестовна", f"{1 + i % 28:02d}.{1 + i % 12:02d}.{2005 + i % 4}", f"+7 700 000 {i % 100:02d} {i % 97:02d}",
            f"student{i}@example.kz", f"г. Талдыкорган, ул. Тестовая, д. {i % 50 + 1}, кв. {i % 90 + 1}"]


def rows(groups: list[tuple]) -> list[list[str]]:
    out, i = [], 0
    for specialty, course, funding, language, form, base, students, left in groups:
        for k in range(students):
            i += 1
            gone = k < left
            out.append([str(i), *person(i), f"{specialty} {SPECIALTY_NAMES.get(specialty, '')}".strip(),
                        f'="4S{specialty[:6]}03" Разработчик', str(course), language, form, funding, base,
                        "15.01.2026" if gone else "", "по собственному желанию" if gone else "",
                        "3 года 10 месяцев", ""])
    return out


def write(path: Path, groups: list[tuple], headers: list[str] | None = None) -> Path:
    lines = ["\t".join(headers or HEADERS)] + ["\t".join(r) for r in rows(groups)]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))  # Python's utf-16 writes the BOM
    return path
