"""Translations: one catalogue per language, keyed by stable ids.

A language's catalogue is the folder tvet/i18n/<lang>/: common.toml plus one file per page (capacity.toml, …),
merged into one dictionary; a key may be defined in one file only.

`t(key, lang, **params)` formats the message with str.format. A missing key falls back to English and then to
the key itself, so a screen never breaks; a test fails when any catalogue lacks a key that another has.
"""

from __future__ import annotations

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
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


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
