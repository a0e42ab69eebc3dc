"""Partnerships and graduate employment: pure computations over the frames of the partnerships_* queries."""

from __future__ import annotations

import math

import pandas as pd


def _number(x) -> float | None:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return float(x)


def rate(employed, reported) -> float | None:
    """Employed graduates over graduates whose employment was reported; None where nothing was reported."""
    e, r = _number(employed), _number(reported)
    if e is None or not r:
        return None
    return e / r


def graduation_year(years, selected: int | None) -> int | None:
    """The latest graduation year with data up to the selected academic year; else the latest there is."""
    years = sorted({int(y) for y in years})
    if not years:
        return None
    upto = [y for y in years if selected is None or y <= selected]
    return upto[-1] if upto else years[-1]


def employment_rates(df: pd.DataFrame, year: int, keys: list[str]) -> pd.DataFrame:
    """Rows of one graduation year (grouped by `keys`) with the employment rate, the rate a year earlier and
    the change in between (shares 0..1; change in share points). Rows sorted by rate, highest first."""
    cols = ["graduates", "graduates_reported", "employed"]
    now = df[df["academic_year"] == year]
    before = df[df["academic_year"] == year - 1]
    if now.empty:
        return now.assign(rate=pd.Series(dtype="float64"), previous_rate=pd.Series(dtype="float64"),
                          change=pd.Series(dtype="float64"))
    prev = {tuple(r[k] for k in keys): rate(r["employed"], r["graduates_reported"]) for _, r in before.iterrows()}
    out = now.copy()
    out["rate"] = [rate(e, g) for e, g in zip(out["employed"], out["graduates_reported"])]
    out["previous_rate"] = [prev.get(tuple(r[k] for k in keys)) for _, r in out.iterrows()]
    out["change"] = [None if a is None or pd.isna(a) or b is None or pd.isna(b) else a - b
                     for a, b in zip(out["rate"], out["previous_rate"])]
    for c in ("rate", "previous_rate", "change"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out[cols] = out[cols].astype("Float64")
    return out.sort_values("rate", ascending=False, na_position="last").reset_index(drop=True)


def employment_total(df: pd.DataFrame, year: int) -> dict[str, float | None]:
    """The whole region in one graduation year: graduates, employed, the rate and its change on the year before."""
    def one(y: int) -> tuple[float | None, float | None, float | None]:
        rows = df[df["academic_year"] == y]
        if rows.empty:
            return None, None, None
        g = _number(rows["graduates"].sum())
        reported = _number(rows["graduates_reported"].fillna(0).sum())
        e = _number(rows["employed"].sum(min_count=1))
        return g, e, rate(e, reported)

    g, e, r = one(year)
    _, _, r_prev = one(year - 1)
    return {"graduates": g, "employed": e, "rate": r, "previous_rate": r_prev,
            "change": None if r is None or r_prev is None else r - r_prev}


def sector_in(row, lang: str) -> str | None:
    """A partnership row's sector in one language: sector_<lang>, else the first other language given (ru, kk,
    en), else the sector as the source writes it; None when none is stated."""
    for col in (f"sector_{lang}", "sector_ru", "sector_kk", "sector_en", "sector"):
        value = row.get(col) if hasattr(row, "get") else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def year_summary(agreements: pd.DataFrame, year: int) -> dict[str, int]:
    """One academic year's agreements: how many of each kind, and how many distinct enterprises and colleges."""
    rows = agreements[agreements["academic_year"] == year]
    out = {str(k): int(n) for k, n in rows["kind"].value_counts().items()}
    for k in ("memorandum", "dual_training", "hiring_decision", "practice_base", "other"):
        out.setdefault(k, 0)
    out["enterprises"] = int(rows["enterprise"].nunique())
    out["colleges"] = int(rows["college_id"].nunique())
    return out


# «Golden cards» handed to graduates, as published: region -> (academic year, source_id). A golden card is given to
# a graduate (it confirms the qualification and gives a priority right to employment), not agreed between an
# enterprise and a college, so it is no partnership row; the forum report says cards were handed out but gives
# no number, so the page says "handed out, number not published" with the source. The enterprises' decisions to
# hire graduates at the same forum are partnership rows of kind hiring_decision.
GOLDEN_CARDS: dict[str, tuple[int, str]] = {"KZ-33": (2024, "zhetysu_forum_2025")}


def golden_cards(region: str, year: int) -> str | None:
    """The source_id of a published statement that golden cards were handed out in the region that academic
    year (their number not published), or None."""
    found = GOLDEN_CARDS.get(region)
    return found[1] if found and found[0] == year else None
