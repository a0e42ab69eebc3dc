"""Translations and settings: nothing shown to a person may be missing in kk, ru or en."""

import re
import string

import pytest

from conftest import ROOT
from etl import schema
from etl.textnorm import LOWER_CYR, LOWER_LAT, UPPER_CYR, UPPER_LAT, decode, fold
from tvet import settings
from tvet.i18n import LANGUAGES, catalogue, fmt_int, fmt_pct, t


def placeholders(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_language_has_every_key():
    keys = {lang: set(catalogue(lang)) for lang in LANGUAGES}
    for lang in LANGUAGES:
        assert keys[lang] == keys["en"], f"{lang}: missing {keys['en'] - keys[lang]}, extra {keys[lang] - keys['en']}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_translations_keep_the_same_placeholders(lang):
    for key, text in catalogue("en").items():
        assert placeholders(catalogue(lang)[key]) == placeholders(text), key


def test_every_rule_the_etl_can_raise_has_a_message_and_a_fix():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "etl").rglob("*.py"))
    sources += "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "etl" / "sql").rglob("*.sql"))
    rules = set(re.findall(r"--\s*rule:\s*(\w+)", sources))
    rules |= set(re.findall(r'\(\s*"([a-z_]+)",\s*"[^"]*\{v\}', sources))  # kind rules in staging.py
    rules |= set(re.findall(r'Problem\([^)]*?"([a-z_]+)"', sources))
    rules |= {"missing_value", "duplicate_key", "internal_error"} | {
        "unknown_" + target.removeprefix("dim_") for target, _, _ in schema.REFERENCES.values()}
    assert len(rules) > 25
    for lang in LANGUAGES:
        for rule in rules:
            assert f"etl.rule.{rule}" in catalogue(lang), (lang, rule)
            assert f"etl.fix.{rule}" in catalogue(lang), (lang, rule)


def test_kazakh_and_russian_messages_have_no_latin_lookalikes_inside_words():
    mixed = re.compile(r"[а-яёәғқңөұүһі][a-z]|[a-z][а-яёәғқңөұүһі]", re.I)
    for lang in ("kk", "ru"):
        for key, text in catalogue(lang).items():
            assert not mixed.search(text), (lang, key, text)


def test_number_formats():
    assert fmt_int(13947, "en") == "13,947"
    assert fmt_int(13947, "ru") == "13\u202f947" == fmt_int(13947, "kk")
    assert fmt_pct(0.6123, "en") == "61.2%"
    assert fmt_pct(0.6123, "kk") == "61,2\u00a0%"
    assert t("no.such.key", "kk") == "no.such.key"


def test_sql_and_python_fold_the_same_lookalikes():
    macros = (ROOT / "etl" / "sql" / "macros.sql").read_text(encoding="utf-8")
    assert f"'{LOWER_CYR}', '{LOWER_LAT}'" in macros
    assert f"'{UPPER_CYR}', '{UPPER_LAT}'" in macros
    assert fold("  Очная\u00a0 ФОРМА ") == fold("oчнaя форма")


KAZAKH = "Оқу жылы; Қаржыландыру көзі; әғқңөұүһі"
RUSSIAN = "Учебный год; Финансирование; Всего"


@pytest.mark.parametrize("text,encoding", [
    (KAZAKH, "utf-8"), (KAZAKH, "utf-8-sig"), (KAZAKH, "utf-16"), (KAZAKH, "kz1048"),
    (RUSSIAN, "utf-8"), (RUSSIAN, "utf-16"), (RUSSIAN, "cp1251"), (RUSSIAN, "kz1048"),
])
def test_decode_finds_the_encoding(text, encoding):
    got, _ = decode(text.encode(encoding))
    assert got == text


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in settings.SETTINGS:
        assert f"`{s.env}`" in readme, s.env


def test_setting_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("TVET_TECHNICAL_FIELDS", "07, 6")
    assert settings.technical_fields() == ("06", "07")
    monkeypatch.setenv("TVET_LANG", "xx")
    assert settings.default_language() == "ru"
