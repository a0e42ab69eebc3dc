"""Enumerated values recognised by meaning (etl/values.py), the value map that stewards edit, and the report of
values nothing recognises. Spellings here are the ones official files and people write, not the project's own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REFERENCE, ROOT, SMALL, read

import register_fixture as fx
from etl import schema
from etl.values import MEANINGS, by_meaning, map_line, recognise

MEANING = [
    ("funding", "Государственный образовательный заказ (местный бюджет)", "state"),
    ("funding", "ГОСУДАРСТВЕННЫЙ ЗАКАЗ", "state"),
    ("funding", "мемлекеттік білім беру тапсырысы", "state"),
    ("funding", "Грант акимата", "state"),
    ("funding", "за счёт средств республиканского бюджета", "state"),
    ("funding", "Самофинансирование", "paid"),
    ("funding", "на платной основе", "paid"),
    ("funding", "ақылы негізде", "paid"),
    ("funding", "по договору с физ. лицом", "paid"),
    ("funding", "шарт бойынша", "paid"),
    ("funding", "внебюджетные средства", "paid"),
    ("budget", "Государственный образовательный заказ (местный бюджет)", "local"),
    ("budget", "республиканский бюджет", "republican"),
    ("budget", "жергілікті бюджет", "local"),
    ("budget", "республикалық бюджет", "republican"),
    ("entry_base", "основную школу", "9"),
    ("entry_base", "Основное среднее образование", "9"),
    ("entry_base", "9 класс", "9"),
    ("entry_base", "негізгі орта білім", "9"),
    ("entry_base", "9 сынып негізінде", "9"),
    ("entry_base", "среднюю школу", "11"),
    ("entry_base", "Общее среднее образование", "11"),
    ("entry_base", "11 класс", "11"),
    ("entry_base", "жалпы орта білім", "11"),
    ("entry_base", "ТиПО", "tvet"),
    ("entry_base", "ТжКБ", "tvet"),
    ("entry_base", "после колледжа", "tvet"),
    ("language", "казахский", "kk"),
    ("language", "Қазақ тілі", "kk"),
    ("language", "на русском языке", "ru"),
    ("language", "орыс тілінде", "ru"),
    ("language", "English", "en"),
    ("study_form", "очная", "full_time"),
    ("study_form", "Очное обучение", "full_time"),
    ("study_form", "заочная", "part_time"),
    ("study_form", "сырттай оқу", "part_time"),
    ("study_form", "вечерняя", "evening"),
    ("study_form", "күндізгі", "full_time"),
    ("ownership", "Коммунальная собственность", "state"),
    ("ownership", "Частная", "private"),
    ("ownership", "Негосударственная", "private"),
    ("change", "Открыта в 2024 году", "opened"),
    ("change", "жабылды", "closed"),
    ("partnership_kind", "Меморандум о сотрудничестве", "memorandum"),
    ("partnership_kind", "договор о дуальном обучении", "dual_training"),
    ("partnership_kind", "Решение о трудоустройстве выпускников", "hiring_decision"),
    ("partnership_kind", "жұмысқа алу туралы шешім", "hiring_decision"),
]


@pytest.mark.parametrize("enum,text,value", MEANING)
def test_a_value_is_recognised_by_its_meaning(enum, text, value):
    assert recognise(enum, text) == value


@pytest.mark.parametrize("enum,text", [("funding", "спонсор"), ("language", "немецкий"),
                                       ("study_form", "дистанционная"), ("entry_base", "высшее"),
                                       ("funding", ""), ("entry_base", "19 лет")])
def test_what_means_nothing_known_stays_unknown(enum, text):
    assert recognise(enum, text) is None


def test_look_alike_letters_case_and_punctuation_do_not_matter():
    # "Очная" typed with Latin O, a, "ГОСУДАРСТВЕННЫЙ  заказ" with a double space and a full stop.
    assert by_meaning("study_form", "Oчнaя") == "full_time"
    assert by_meaning("funding", "ГОСУДАРСТВЕННЫЙ  заказ.") == "state"
    assert by_meaning("entry_base", "«ТиПО»") == "tvet"


def test_every_meaning_rule_gives_a_value_the_contract_allows():
    for enum, rules in MEANINGS.items():
        for value, _ in rules:
            assert value in schema.ENUMS[enum], (enum, value)


def test_the_map_line_is_csv():
    assert map_line("funding", "спонсор", "state | paid") == "funding,спонсор,state | paid"
    assert map_line("funding", 'Фонд "Б", грант', "state") == 'funding,"Фонд ""Б"", грант",state'


def _load(tmp_path, *files, args=()):
    env = {**os.environ, "TVET_SOURCES": os.pathsep.join([str(REFERENCE), str(SMALL)]),
           "TVET_UPLOADS": str(tmp_path / "uploads")}
    cmd = [sys.executable, "-m", "etl", "--lang", "en", "load", *map(str, files), "--warehouse",
           str(tmp_path / "w.duckdb"), *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_an_unknown_value_is_listed_once_with_its_count_and_a_stewards_map_makes_it_load(tmp_path):
    groups = [("06130100", 2, "Спонсорская помощь", "казахский", "очная", "основную школу", 7, 0),
              ("06130100", 1, "Самофинансирование", "русский", "очная", "среднюю школу", 2, 0)]
    export = fx.write(tmp_path / "kontingent.txt", groups)
    args = ("--college", "KZ33-T01", "--year", "2025")
    refused = _load(tmp_path, export, args=args)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.count("Спонсорская помощь") == 2  # the value, and the map line
    assert "(1 row," in refused.stderr and "funding,Спонсорская помощь,state | paid" in refused.stderr
    assert not (tmp_path / "w.duckdb").exists()
    steward_map = tmp_path / "value_map.csv"
    steward_map.write_text("column_name,written,maps_to\nfunding,Спонсорская помощь,paid\n", encoding="utf-8")
    done = _load(tmp_path, export, steward_map, args=args)
    assert done.returncode == 0, done.stderr
    rows = read(tmp_path / "w.duckdb", """select course, funding, sum(students)::bigint from fct_enrollment
        where academic_year = 2025 and college_id = 'KZ33-T01' group by all order by all""")
    assert rows == [(1, "paid", 2), (2, "paid", 7)]
    assert ("funding", "Спонсорская помощь", "paid") in read(
        tmp_path / "w.duckdb", "select column_name, written, maps_to from value_map")


def test_a_map_row_with_a_value_the_contract_does_not_allow_is_refused(tmp_path):
    bad = tmp_path / "value_map.csv"
    bad.write_text("column_name,written,maps_to\nfunding,спонсор,sponsor\nfavourite_colour,red,blue\n",
                   encoding="utf-8")
    done = _load(tmp_path, bad)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "sponsor" in done.stderr and "state, paid" in done.stderr
    assert "favourite_colour" in done.stderr
