"""Named decks, saved as JSON in the decks folder (TVET_DECKS), outside the warehouse like the planner's scenarios.

A saved deck lists its slides in order. A default slide is saved by its key and an optional title of its own, so it
is rebuilt from the current data in any language; a view added from a page ("add to deck") is saved as a snapshot
of the numbers it showed then, with their source and build id, and is shown in the language it was added in.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd

from tvet import charts
from tvet.deck.default import SLIDES
from tvet.deck.model import Deck, Series, Slide
from tvet.planner.store import ID_PATTERN, scenario_id

MAX_CATEGORIES = 30
MAX_SAVED = 200


class DeckError(ValueError):
    """A problem with a saved deck: a message id of the deck catalogue and its parameters."""

    def __init__(self, message_id: str, **params: object):
        super().__init__(message_id)
        self.key = message_id
        self.params = params


def snapshot(title: str, data: pd.DataFrame, *, source: str, filters: dict[str, str], is_demo: bool,
             lang: str, key: str) -> dict:
    """A view's table as a slide: the first column gives the categories, every numeric column a series (at most
    MAX_CATEGORIES rows). Returned as JSON-ready data (see `slide_from`)."""
    numeric = [c for c in data.columns[1:] if pd.api.types.is_numeric_dtype(data[c])]
    rows = data.head(MAX_CATEGORIES)
    return {"view": key, "title": str(title), "lang": lang, "source": str(source), "filters": dict(filters),
            "is_demo": bool(is_demo), "categories": [str(c) for c in rows.iloc[:, 0]] if len(data.columns) else [],
            "series": [{"name": str(c), "values": [None if pd.isna(v) else float(v) for v in rows[c]]}
                       for c in numeric[:6]],
            "truncated": len(data) > MAX_CATEGORIES}


def slide_from(snap: dict, takeaway: str = "") -> Slide:
    series = tuple(Series(s["name"], tuple(s["values"]), charts.PALETTE[i % len(charts.PALETTE)])
                   for i, s in enumerate(snap.get("series", [])))
    data = pd.DataFrame({"": snap.get("categories", []), **{s.name: list(s.values) for s in series}})
    return Slide(key=f"view:{snap.get('view', '')}", title=snap.get("title", ""), takeaway=takeaway,
                 kind="bar" if series else "figures", data=data, source=snap.get("source", ""),
                 filters=snap.get("filters", {}), is_demo=bool(snap.get("is_demo")),
                 categories=tuple(snap.get("categories", [])), series=series)


def arrange(deck: Deck, items: list[dict]) -> Deck:
    """The deck with its slides picked, ordered and re-titled by `items`: {"key": k, "title": optional} for a
    default slide, {"snapshot": {...}, "title": optional} for an added view."""
    by_key = {s.key: s for s in deck.slides}
    slides = []
    for item in items:
        if "snapshot" in item:
            slide = slide_from(item["snapshot"], item.get("takeaway", ""))
        elif item.get("key") in by_key:
            slide = by_key[item["key"]]
        else:
            continue
        if item.get("title"):
            slide = replace(slide, title=str(item["title"])[:160])
        if item.get("takeaway") and "snapshot" not in item:
            slide = replace(slide, takeaway=str(item["takeaway"])[:300])
        slides.append(slide)
    return replace(deck, slides=tuple(slides))


def default_items() -> list[dict]:
    return [{"key": k} for k in SLIDES]


def _path(folder: Path, did: str) -> Path:
    if not ID_PATTERN.match(did or ""):
        raise DeckError("deck.error.unknown", id=str(did)[:60])
    return Path(folder) / f"{did}.json"


def save(folder: Path, name: str, items: list[dict], build_id: str, region: str, year: int | None) -> str:
    name = (name or "").strip()
    try:
        did = scenario_id(name)
    except ValueError:
        raise DeckError("deck.error.name") from None
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not _path(folder, did).exists() and len(list(folder.glob("*.json"))) >= MAX_SAVED:
        raise DeckError("deck.error.too_many", limit=MAX_SAVED)
    data = {"name": name[:120], "region": region, "year": year, "build_id": build_id, "slides": _clean(items)}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{did}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    os.replace(tmp, _path(folder, did))
    return did


def _clean(items: list[dict]) -> list[dict]:
    out = []
    for item in items:
        keep = {k: item[k] for k in ("key", "title", "takeaway", "snapshot") if item.get(k) not in (None, "")}
        if "snapshot" in keep:
            keep["snapshot"] = json.loads(json.dumps(keep["snapshot"], default=_json_value))
        out.append(keep)
    return out


def _json_value(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return str(v)


def load(folder: Path, did: str) -> dict:
    path = _path(folder, did)
    if not path.is_file():
        raise DeckError("deck.error.unknown", id=did)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError):
        raise DeckError("deck.error.unreadable", id=did) from None
    if not isinstance(data, dict) or not isinstance(data.get("slides"), list):
        raise DeckError("deck.error.unreadable", id=did)
    data["slides"] = [s for s in data["slides"] if isinstance(s, dict)]
    return data


def delete(folder: Path, did: str) -> None:
    path = _path(folder, did)
    if path.is_file():
        path.unlink()


def saved(folder: Path) -> list[tuple[str, str]]:
    """(id, name) of every saved deck, by name."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.json"):
        if ID_PATTERN.match(path.stem):
            try:
                out.append((path.stem, str(load(folder, path.stem).get("name") or path.stem)))
            except DeckError:
                continue
    return sorted(out, key=lambda x: x[1].lower())


