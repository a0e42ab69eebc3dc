"""Regions side by side from published figures only: the Overview's "region among others" view.

Regions publish different years, different universes (the Bureau counts colleges at the start of the academic year;
a regional office counts all its colleges on the day it speaks) and, for employment, different definitions. So
every row keeps its own year and source, two published figures that disagree are both kept, and a figure per
10,000 inhabitants is computed only where a population figure is published, with the year of both.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

# Indicators the view offers, in this order, when at least two regions publish them.
INDICATORS = ("students", "colleges", "admitted", "graduates", "state_order_places", "employment_rate")
# Counts of people: these may be put per 10,000 inhabitants (a count of colleges or a rate may not).
PER_10K = frozenset({"students", "admitted", "graduates", "state_order_places"})
# A figure is put per inhabitants only with a population published at most this many years from its own year.
MAX_GAP = 3


def offered(published_all: pd.DataFrame) -> list[str]:
    """The indicators published for at least two regions (not the whole country), in INDICATORS order."""
    regional = published_all[published_all["region_code"] != "KZ"]
    return [i for i in INDICATORS if regional.loc[regional["indicator"] == i, "region_code"].nunique() > 1]


def per_10k(value: float, population: float | None) -> float | None:
    """Published figure per 10,000 inhabitants; None where no population figure is published."""
    if population is None or pd.isna(population) or not population:
        return None
    return float(value) / float(population) * 10_000


def source_tag(url: object, publisher: object) -> str:
    """A short name for a source on a bar's label: the site of its link (kazpravda.kz), else its publisher."""
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        host = urlparse(url).netloc.lower()
        return host[4:] if host.startswith("www.") else host
    return str(publisher)


def shape(rows: pd.DataFrame, indicator: str, relative: bool) -> pd.DataFrame:
    """The rows of published_by_region for one indicator, ready to draw: `shown` is the value drawn (per 10,000
    inhabitants when `relative` and the indicator is a count of people, else the published value); `per_10k` is
    NaN where no population is published, and such rows are drawn only in absolute mode (the table keeps them);
    `repeated` marks a region-year that two sources publish (both are kept, the label then names the source)."""
    out = rows.copy()
    gap = (out["academic_year"].astype("float64") - out["population_year"].astype("float64")).abs()
    near = (gap <= MAX_GAP).tolist()  # NaN (no population) compares False
    out["per_10k"] = [per_10k(v, p) if ok else None for v, p, ok in zip(out["value"], out["population"], near)]
    out["per_10k"] = out["per_10k"].astype("float64")
    relative = relative and indicator in PER_10K
    out["relative"] = relative
    out["shown"] = out["per_10k"] if relative else out["value"].astype("float64")
    out["drawn"] = out["shown"].notna()
    out["repeated"] = out.duplicated(["region_code", "academic_year"], keep=False)
    out["source_tag"] = [source_tag(u, p) for u, p in zip(out.get("source_url", [None] * len(out)),
                                                          out["source_publisher"])]
    return out.sort_values(["shown", "region_code"], na_position="first").reset_index(drop=True)
