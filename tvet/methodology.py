"""Methodology: every published figure of a region beside the figure computed from the facts, and helpers for
the build's record. Pure functions over the named queries' frames; reuses tvet/indicators.py."""

from __future__ import annotations

import math
import re

import pandas as pd

from tvet.indicators import CARDS, VERDICTS, Published, cards_by_year, verdict

# Published indicator -> (headline card key, offset of the card's year from the page's year)
INDICATOR_CARD: dict[str, tuple[str, int]] = {ind: (key, offset) for key, _, offset, ind in CARDS if ind}

STATUSES = (*VERDICTS, "no_counterpart")


def _text(x) -> str | None:
    return x if isinstance(x, str) and x else None


def reconcile(totals: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """One row per published figure of the region: the figure, the one computed from the facts (through the
    Overview's headline cards), computed minus published, and a status: agrees / differs (real rows only) /
    calibrated (demo rows, generated to meet the figure: no check) / mixed (real for some colleges, demo for the
    others) / not_computed (the facts hold no such year) / no_counterpart (the dashboard computes no such figure)."""
    rows = []
    cards_of = cards_by_year(totals, published)
    for _, r in published.iterrows():
        year = int(r["academic_year"])
        p = Published(float(r["value"]), _text(r["qualifier"]) or "exact", r["source_id"], r["source_title"],
                      _text(r.get("source_url")), _text(r.get("note")))
        computed, card_key, is_demo = None, None, False
        match = INDICATOR_CARD.get(r["indicator"])
        if match is None:
            status = "no_counterpart"
        else:
            card_key, offset = match
            card = next(c for c in cards_of(year - offset) if c.key == card_key)
            computed, is_demo = card.value, card.is_demo
            status = verdict(p, computed, card.coverage)
        rows.append({
            "academic_year": year, "indicator": r["indicator"], "card": card_key, "published": p.value,
            "qualifier": p.qualifier, "unit": _text(r.get("unit")), "source_id": p.source_id,
            "computed": computed, "difference": None if computed is None else computed - p.value,
            "status": status, "is_demo": is_demo,
        })
    cols = ["academic_year", "indicator", "card", "published", "qualifier", "unit", "source_id", "computed",
            "difference", "status", "is_demo"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("published", "computed", "difference"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def check_status(failing_rows, severity: str) -> str:
    """passed (0 failing rows), failed (an error with failing rows) or warning (a warning with failing rows)."""
    n = 0 if failing_rows is None or (isinstance(failing_rows, float) and math.isnan(failing_rows)) else failing_rows
    if int(n) == 0:
        return "passed"
    return "warning" if severity == "warning" else "failed"


def short_hash(sha256: object, n: int = 12) -> str:
    return str(sha256)[:n] if isinstance(sha256, str) else ""


# Checks of whole rows (etl/sql/checks/*.sql) name no column in their check name; the column they test:
CHECK_COLUMNS = {"course_out_of_range": "course", "employed_over_graduates": "employed / continued_study"}


def check_column(check_name: str) -> str:
    """The column a check tests: 'rule:table.column' -> column; 'duplicate_key:table' -> table's key."""
    if check_name in CHECK_COLUMNS:
        return CHECK_COLUMNS[check_name]
    head, _, rest = check_name.partition(":")
    if "." in rest:
        return rest.rsplit(".", 1)[1]
    return rest or head


_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~%!$&'*+,;=:@/?#-]*)?")


def is_plain_url(url: object) -> bool:
    """An http(s) address with nothing in it that could end a Markdown link or open a script: no spaces,
    brackets, parentheses, quotes, backticks or angle brackets."""
    return isinstance(url, str) and len(url) <= 500 and _PLAIN_URL.fullmatch(url) is not None
