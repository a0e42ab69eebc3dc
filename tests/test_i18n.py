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


# --- Grammar helpers: Kazakh case suffixes on numbers, CLDR plural forms -------------------------------------------

from tvet.i18n import kk_case_suffix, kk_last_word, plural, plural_category  # noqa: E402


@pytest.mark.parametrize("number,last_word,ablative", [
    # number, its last word read aloud, the ablative (-дан/-ден after a vowel or voiced consonant, -тан/-тен after a
    # voiceless one, -нан/-нен after м н ң; back or front by the word's last vowel)
    (0, "нөл", "ден"), (1, "бір", "ден"), (2, "екі", "ден"), (3, "үш", "тен"), (4, "төрт", "тен"),
    (5, "бес", "тен"), (6, "алты", "дан"), (7, "жеті", "ден"), (8, "сегіз", "ден"), (9, "тоғыз", "дан"),
    (10, "он", "нан"), (20, "жиырма", "дан"), (30, "отыз", "дан"), (40, "қырық", "тан"), (50, "елу", "ден"),
    (60, "алпыс", "тан"), (70, "жетпіс", "тен"), (80, "сексен", "нен"), (90, "тоқсан", "нан"),
    (100, "жүз", "ден"), (300, "жүз", "ден"), (1000, "мың", "нан"), (1_000_000, "миллион", "нан"),
    (2_000_000_000, "миллиард", "тан"),
    (13, "үш", "тен"), (21, "бір", "ден"), (46, "алты", "дан"), (70, "жетпіс", "тен"), (99, "тоғыз", "дан"),
    (110, "он", "нан"), (250, "елу", "ден"), (4250, "елу", "ден"), (13900, "жүз", "ден"), (13947, "жеті", "ден"),
    (27, "жеті", "ден"), (559, "тоғыз", "дан"), (15_000, "мың", "нан"), (355_200, "жүз", "ден"),
    (2_500_000, "мың", "нан"), (1_000_040, "қырық", "тан"),
])
def test_kazakh_ablative_follows_the_last_word_read_aloud(number, last_word, ablative):
    assert kk_last_word(number) == last_word
    assert kk_case_suffix(number) == ablative
    assert kk_case_suffix(f"{number:,}".replace(",", "\u202f")) == ablative  # as fmt_int writes it


@pytest.mark.parametrize("shown,case,suffix", [
    ("12,5", "abl", "тен"),      # он екі бүтін оннан бес
    ("0,25", "abl", "тен"),      # нөл бүтін жүзден жиырма бес
    ("5\u00a0%", "abl", "дан"),  # бес пайыз
    ("40", "dat", "қа"), ("100", "dat", "ге"), ("1 000", "dat", "ға"), ("6", "dat", "ға"), ("3", "dat", "ке"),
    ("2024", "loc", "те"), ("2025", "loc", "те"), ("2030", "loc", "да"), ("1000", "loc", "да"),
])
def test_kazakh_case_suffix_of_shown_numbers(shown, case, suffix):
    assert kk_case_suffix(shown, case) == suffix


def test_catalogue_spec_writes_the_number_with_its_suffix():
    assert t("home.qualifier.more_than", "kk", value="13\u202f900") == "13\u202f900-ден астам"
    assert t("home.qualifier.more_than", "kk", value="1\u202f000") == "1\u202f000-нан астам"
    assert t("home.qualifier.more_than", "kk", value="—") == "— астам"  # no number: no suffix, no broken line


@pytest.mark.parametrize("n,ru,en,kk", [
    (0, "many", "other", "other"), (1, "one", "one", "one"), (2, "few", "other", "other"),
    (4, "few", "other", "other"), (5, "many", "other", "other"), (11, "many", "other", "other"),
    (12, "many", "other", "other"), (14, "many", "other", "other"), (21, "one", "other", "other"),
    (22, "few", "other", "other"), (25, "many", "other", "other"), (101, "one", "other", "other"),
    (111, "many", "other", "other"), (1000, "many", "other", "other"), ("13\u202f901", "one", "other", "other"),
    ("1,5", "other", "other", "other"),  # en reads 1,5 as fifteen: other too
])
def test_plural_category_follows_cldr(n, ru, en, kk):
    assert (plural_category(n, "ru"), plural_category(n, "en"), plural_category(n, "kk")) == (ru, en, kk)


@pytest.mark.parametrize("shown,lang,category", [("1,000", "en", "other"), ("1.5", "en", "other"), ("1", "en", "one"),
                                                 ("1\u202f000", "ru", "many"), ("1\u202f001", "ru", "one"),
                                                 ("0,5", "ru", "other"), ("22\u00a0%", "ru", "few")])
def test_plural_category_reads_numbers_as_each_language_writes_them(shown, lang, category):
    assert plural_category(shown, lang) == category


@pytest.mark.parametrize("n,word", [(1, "колледж"), (2, "колледжа"), (5, "колледжей"), (11, "колледжей"),
                                    (21, "колледж"), (22, "колледжа"), (27, "колледжей"), ("1,5", "колледжа")])
def test_russian_noun_agrees_with_the_count(n, word):
    assert plural(n, "ru", ["колледж", "колледжа", "колледжей"]) == word


# --- Catalogues against the code and the screen ---------------------------------------------------------------------

CODE = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "tvet").rglob("*.py"))]


def keys_used_in_code() -> tuple[set[str], set[str]]:
    """Literal keys of t("…") calls, and the literal prefixes of t(f"prefix.{…}") calls."""
    literal, prefixes = set(), set()
    for path in CODE:
        source = path.read_text(encoding="utf-8")
        for f, key in re.findall(r"""\bt\(\s*(f?)["']([^"']+)["']""", source):
            if f and "{" in key:
                prefixes.add(key.split("{", 1)[0])
            else:
                literal.add(key)
    return literal, prefixes


def test_every_key_used_in_code_is_in_the_catalogues():
    literal, prefixes = keys_used_in_code()
    assert len(literal) > 300 and len(prefixes) > 30
    for lang in LANGUAGES:
        keys = set(catalogue(lang))
        assert not literal - keys, (lang, sorted(literal - keys))
        empty = [p for p in prefixes if p and not any(k.startswith(p) for k in keys)]
        assert not empty, (lang, empty)


NUMBER_THEN_ASTAM = re.compile(r"(\d|\{[a-z_]+\})[\s\u00a0\u202f%]*астам")  # a number or {value} with no suffix


def test_no_kazakh_number_before_astam_without_its_suffix():
    assert NUMBER_THEN_ASTAM.search("{value} астам") and NUMBER_THEN_ASTAM.search("13 900 астам")
    assert not NUMBER_THEN_ASTAM.search("13 900-ден астам") and not NUMBER_THEN_ASTAM.search("{value:abl} астам")
    bad = {k: v for k, v in catalogue("kk").items() if NUMBER_THEN_ASTAM.search(v)}
    assert not bad, bad


@pytest.mark.parametrize("page", [None, "pages/specialties.py", "pages/methodology.py"])
def test_kazakh_pages_write_the_ablative(app, demo_warehouse, page):
    from conftest import texts

    at = app(demo_warehouse, page, lang="kk").run()
    assert not at.exception
    body = texts(at)
    if page is None:  # the Overview cites «more than 13 900 students» from the forum report
        assert "13\u202f900-ден астам" in body
    assert not NUMBER_THEN_ASTAM.search(body), NUMBER_THEN_ASTAM.search(body)


JARGON = {  # developer words an official should never read on screen, and what we write instead
    "en": r"warehouse|\bbuild(?!ing)|\brebuild|\bdata ?mart|\bmarts?\b",          # database, data version / update
    "ru": r"хранилищ|сборк|пересбор|витрин",      # база данных, версия данных («слайд собран из…» is plain Russian)
    "kk": r"қойма|жинақ(?!тал)|жинағ|жиналған|жинаңыз|витрина",                  # дерекқор, деректер нұсқасы
}
# Messages only a data steward reads, in a terminal, where `python -m etl build` and the file it writes are the
# names of the command and its output: the command-line tools' messages, and the two rules that tell a steward to
# use `etl load` instead of `etl build` for a file of that kind.
STEWARD_TERMINAL = ("etl.progress.", "etl.step.", "deck.cli.", "figures.cli.", "planner.cli.",
                    "etl.rule.assessment_use_load", "etl.rule.register_use_load")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_developer_jargon_on_screen(lang):
    assert re.search(JARGON[lang], {"en": "the warehouse build", "ru": "сборка хранилища",
                                    "kk": "қойма жинағы"}[lang])
    shown = {k: v for k, v in catalogue(lang).items() if not k.startswith(STEWARD_TERMINAL)}
    words = {k: re.sub(r"\{[^{}]*\}", "", v) for k, v in shown.items()}  # {build} names a value, not a word
    bad = {k: shown[k] for k, v in words.items() if re.search(JARGON[lang], v, re.I)}
    assert not bad, bad


@pytest.mark.parametrize("lang,term,other", [("kk", "БХСЖ-С", "БХСЖ-О"), ("ru", "МСКО-О", "МСКО-С")])
def test_one_term_for_the_isced_fields(lang, term, other):
    """ISCED-F 2013 is «БХСЖ-С» (білім беру салалары) in Kazakh and «МСКО-О» in Russian, everywhere."""
    uses = [k for k, v in catalogue(lang).items() if term in v]
    assert len(uses) > 10
    assert not [k for k, v in catalogue(lang).items() if other in v]
