"""Translations: one catalogue per language, keyed by stable ids.

A language's catalogue is the folder tvet/i18n/<lang>/: common.toml plus one file per page (capacity.toml, …),
merged into one dictionary; a key may be defined in one file only.

`t(key, lang, **params)` formats the message with str.format. A missing key falls back to English and then to
the key itself, so a screen never breaks; a test fails when any catalogue lacks a key that another has.

Two format specs make numbers agree with their words, so a catalogue states the grammar and the code passes plain
numbers (already formatted or not):
- `{value:abl}`, `{lo:dat}`, `{n:loc}`: the number with its Kazakh case suffix, chosen by how it is read aloud
  (13 900 → «тоғыз жүз» → «13 900-ден»; 1 000 → «мың» → «1 000-нан»). See `kk_case_suffix`.
- `{n:колледж|колледжа|колледжей|колледжа}`: the noun form for that count, forms in the CLDR plural categories of
  the language (ru: one|few|many|other; kk, en: one|other). See `plural_category`. The number itself is written
  separately: «{n} {n:колледж|колледжа|колледжей|колледжа}» → «21 колледж», «5 колледжей».
"""

from __future__ import annotations

import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("kk", "ru", "en")
_DIR = Path(__file__).resolve().parent / "i18n"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    flat: dict[str, str] = {}
    for path in sorted((_DIR / lang).glob("*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        part = _flatten(data)
        clash = set(part) & set(flat)
        if clash:
            raise ValueError(f"{path}: keys already defined in another file: {sorted(clash)[:5]}")
        flat.update(part)
    return flat


def _flatten(data: dict) -> dict[str, str]:
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for k, v in node.items():
            key = f"{prefix}.{k}" if prefix else k
            if isinstance(v, dict):
                walk(key, v)
            else:
                flat[key] = str(v)

    walk("", data)
    return flat


def t(key: str, lang: str, **params: object) -> str:
    lang = lang if lang in LANGUAGES else "en"
    text = catalogue(lang).get(key) or catalogue("en").get(key) or key
    if params:
        try:
            return _Formatter(lang).format(text, **params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


class _Formatter(string.Formatter):
    """str.format plus the grammar specs of the module docstring (`:abl`, `:dat`, `:loc`, `:one|few|many|other`)."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec):
        if format_spec in _CASES:
            text = str(value)
            try:
                return f"{text}-{kk_case_suffix(text, format_spec)}"
            except ValueError:  # not a number (a dash for a missing value): no suffix rather than a broken line
                return text
        if "|" in format_spec:
            forms = format_spec.split("|")
            try:
                return plural(value, self.lang, forms)
            except ValueError:  # not a count (a dash): the form for "many" reads right after «—»
                return forms[min(2, len(forms) - 1)] if self.lang == "ru" else forms[-1]
        return super().format_field(value, format_spec)


# --- Numbers read aloud in Kazakh, for case suffixes -------------------------------------------------------------

_KK_UNITS = ("", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_KK_TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_KK_SCALES = ("", "мың", "миллион", "миллиард", "триллион")
_KK_BACK_VOWELS = set("аоұыя")
_KK_FRONT_VOWELS = set("әөүіеэю")
_KK_VOICELESS = set("кқпстфхцчшщбвгд")  # б в г д are devoiced at the end of a word: «миллиард» → «миллиардтан»
_KK_NASALS = set("мнң")
# case: (after a vowel or voiced consonant, after a voiceless consonant, after м н ң), back / front forms
_CASES = {
    "abl": (("дан", "ден"), ("тан", "тен"), ("нан", "нен")),   # ablative: 13 900-ден астам
    "dat": (("ға", "ге"), ("қа", "ке"), ("ға", "ге")),          # dative: 100-ге дейін
    "loc": (("да", "де"), ("та", "те"), ("да", "де")),          # locative: 2024-те
}


def kk_last_word(number: int) -> str:
    """The last word of a whole number read aloud in Kazakh: 13 900 → «жүз» (он үш мың тоғыз жүз), 4 250 → «елу»,
    1 000 → «мың», 0 → «нөл». Only the last word decides a suffix."""
    number = abs(int(number))
    if number == 0:
        return "нөл"
    scale = 0
    while number % 1000 == 0:
        number //= 1000
        scale += 1
    group = number % 1000
    if scale:
        return _KK_SCALES[scale]
    if group % 10:
        return _KK_UNITS[group % 10]
    if group % 100:
        return _KK_TENS[group // 10 % 10]
    return "жүз"


def _kk_last_word_of_text(text: str) -> str:
    """A number as shown (13 947, 13\u202f947, 61,2 %, 12.5) → the last word it is read with in Kazakh.
    A fraction ends with its fractional part («он екі бүтін оннан бес» for 12,5); a percentage with «пайыз»."""
    text = text.strip()
    if text.endswith("%"):
        return "пайыз"
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    match = re.fullmatch(r"[+−-]?(\d+)(?:[.,](\d+))?", digits)
    if not match:
        raise ValueError(f"not a number: {text!r}")
    whole, fraction = match.groups()
    return kk_last_word(int(fraction) if fraction else int(whole))


def kk_case_suffix(number: int | float | str, case: str = "abl") -> str:
    """The Kazakh case suffix a number takes, without the hyphen: kk_case_suffix(13900) == "ден",
    kk_case_suffix(40) == "тан", kk_case_suffix(1000) == "нан"; case is "abl", "dat" or "loc".

    The last word of the number as read aloud decides it: its last vowel gives back (а о ұ ы) or front (ә ө ү і е)
    forms; its last sound gives the initial consonant (after м н ң: н- in the ablative; after a voiceless consonant:
    т-/қ-/к-; after a vowel, л р й у з ж: д-/ғ-/г-)."""
    word = _kk_last_word_of_text(number) if isinstance(number, str) else kk_last_word(number)
    vowels = [c for c in word if c in _KK_BACK_VOWELS | _KK_FRONT_VOWELS]
    front = 1 if vowels and vowels[-1] in _KK_FRONT_VOWELS else 0
    voiced, voiceless, nasal = _CASES[case]
    last = word[-1]
    forms = nasal if last in _KK_NASALS else voiceless if last in _KK_VOICELESS else voiced
    return forms[front]


# --- Plural categories (Unicode CLDR) -----------------------------------------------------------------------------

PLURAL_CATEGORIES = {"ru": ("one", "few", "many", "other"), "kk": ("one", "other"), "en": ("one", "other")}


def _as_number(value: object, lang: str) -> int | float:
    """A count as given or as shown: 13 947 / 12,5 (kk, ru: the comma is decimal), 13,947 / 12.5 (en)."""
    if isinstance(value, (int, float)):
        return value
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace("−", "-").rstrip("%")
    text = text.replace(",", "") if lang == "en" else text.replace(",", ".")
    return float(text) if "." in text else int(text)


def plural_category(value: object, lang: str) -> str:
    """The CLDR plural category of a count: ru 1, 21 → one; 2–4, 22 → few; 0, 5–20, 25 → many; 1,5 → other.
    kk and en: 1 → one, anything else → other (a Kazakh noun after a numeral stays singular anyway)."""
    n = _as_number(value, lang)
    if isinstance(n, float) and not n.is_integer():
        return "other"
    n = abs(int(n))
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "one" if n == 1 else "other"


def plural(value: object, lang: str, forms: list[str] | tuple[str, ...]) -> str:
    """The form of `forms` (listed in PLURAL_CATEGORIES[lang] order) that goes with the count `value`;
    a missing last form (ru "other") falls back to the form for "few" in Russian (1,5 колледжа), else the last."""
    categories = PLURAL_CATEGORIES.get(lang, PLURAL_CATEGORIES["en"])
    index = categories.index(plural_category(value, lang))
    if index < len(forms):
        return forms[index]
    return forms[1] if lang == "ru" and len(forms) > 1 else forms[-1]


def fmt_int(value: float | int | None, lang: str) -> str:
    """A whole number as people in that language write it: 13 947 (kk, ru: a narrow no-break space), 13,947 (en)."""
    if value is None:
        return "—"
    text = f"{int(round(value)):,}"
    return text if lang == "en" else text.replace(",", "\u202f")


def fmt_pct(share: float | None, lang: str, digits: int = 1) -> str:
    """A share (0..1) as a percentage: 61,2 % (kk, ru), 61.2% (en)."""
    if share is None:
        return "—"
    text = f"{share * 100:.{digits}f}"
    return text + "%" if lang == "en" else text.replace(".", ",") + "\u00a0%"


def fmt_delta(change: float | None, lang: str, kind: str = "count") -> str | None:
    """A year-over-year change with its sign: +1 234 people, or +2,5 percentage points for a share."""
    if change is None:
        return None
    if round(change * (100 if kind == "share" else 1), 1) == 0:
        return "±0"
    if kind == "share":
        text = f"{change * 100:+.1f}"
        return (text if lang == "en" else text.replace(".", ",")) + " " + t("unit.pp", lang)
    text = f"{int(round(change)):+,}"
    return text if lang == "en" else text.replace(",", "\u202f")
