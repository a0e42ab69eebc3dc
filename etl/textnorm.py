"""Text habits of government files: encodings, look-alike letters, header spellings.

Kept apart from the readers so the same folding is used for headers (here, in Python) and for values
(in SQL, see etl/sql/macros.sql, which uses the same alphabets).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

# Cyrillic letters that look like Latin ones, and the Latin letter each is mistaken for. Kazakh «і» and «һ»
# are often typed as Latin i / h. Folding maps both alphabets onto the Latin one, so "5АВ" == "5AB" and
# "очная" typed with a Latin "о" still matches. Words are lower-cased before folding, so the lower-case
# alphabet also holds the letters that look alike only as capitals (К/K, М/M, Н/H, Т/T, В/B): "ОЧHАЯ" typed
# with a Latin H, lower-cased to "oчhaя", must still match "очная".
# The same two pairs of alphabets stand in etl/sql/macros.sql (fold_key, fold_code); a test keeps them equal.
LOWER_CYR, LOWER_LAT = "аеорсухіһкмнтв", "aeopcyxihkmhtb"
UPPER_CYR, UPPER_LAT = "АВЕКМНОРСТУХІҺ", "ABEKMHOPCTYXIH"
_FOLD = str.maketrans(LOWER_CYR, LOWER_LAT)

SPACES = "\u00a0\u202f\u2009\u2007\u200b\ufeff"  # NBSP, narrow NBSP, thin, figure space, zero width, BOM
_SPACE_RE = re.compile(r"[\s" + SPACES + r"]+")


def fold(text: str) -> str:
    """Lower-case, single spaces, Cyrillic look-alikes mapped to Latin: a key for matching, not for display."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_RE.sub(" ", text).strip().lower()
    return text.translate(_FOLD)


@lru_cache(maxsize=1 << 16)
def header_key(text: str) -> str:
    """A header cell reduced for matching: folded, field ids in brackets and punctuation dropped."""
    text = re.sub(r"\[[^\]]*\]", " ", text or "")  # "Специальность [speciality_a]" -> "Специальность"
    text = re.sub(r"[\*\:\.\,\(\)«»\"'№#]", " ", text)
    return fold(text)


def clean_cell(value: object) -> str:
    """A cell as text: Excel's ="…" protection removed, odd spaces made plain, ends trimmed."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    for ch in SPACES:
        text = text.replace(ch, " ")
    return text.strip()


# Letters that tell KZ-1048 text from cp1251 text: in KZ-1048 these bytes are Kazakh letters, in cp1251 they
# are Serbian / Macedonian ones that a Kazakh or Russian file would not contain.
_KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_NOT_KZ_RU = set("ЂЃѓЉЊЌЋЏђљњќћџЎўЈјЅѕҐґЄєЇї")


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding name). Raises UnicodeError when no encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:  # UTF-16 without a BOM: text files hold no NUL bytes, UTF-16 text is full of them
        # Delimiters, digits and line ends are ASCII: their zero byte comes second (LE) or first (BE).
        head = data[:4096]
        odd, even = head[1::2].count(0), head[0::2].count(0)
        enc = "utf-16-le" if odd >= even else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_1251 = data.decode("cp1251", errors="replace")
    as_kz = data.decode("kz1048", errors="replace")
    kz_score = sum(ch in _KAZAKH for ch in as_kz) - sum(ch in _NOT_KZ_RU for ch in as_kz)
    ru_score = sum(ch in _KAZAKH for ch in as_1251) - sum(ch in _NOT_KZ_RU for ch in as_1251)
    if kz_score > ru_score:
        return data.decode("kz1048"), "kz1048"
    return data.decode("cp1251"), "cp1251"


def column_letter(index: int) -> str:
    """A spreadsheet's column letter for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
