"""Filters shared by the pages. Each lives in the URL (?region=…&year=…&district=…), so a link reopens the view;
a value in the URL that is not an option is ignored, so it can never reach a query."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages.common.data import WarehouseMissing, run_query
from pages.common.frame import url_choice, year_label
from tvet import settings
from tvet.i18n import t
from tvet.students import NOT_STATED

ALL = "all"


def localized(df: pd.DataFrame, lang: str, prefix: str = "name") -> pd.Series:
    """The name column in the page's language, falling back to Russian where a translation is missing."""
    col = f"{prefix}_{lang}"
    base = df[f"{prefix}_ru"]
    return df[col].fillna(base).where(df[col].fillna("").astype(str).str.len() > 0, base) if col in df else base


def value_label(kind: str, value: object, lang: str) -> str:
    """A coded value from the data (funding 'state', language 'kk', band 'over') in the page's language; a missing
    value (a resolution that does not state the language) says so."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value == NOT_STATED:
        return t("value.not_stated", lang)
    return t(f"value.{kind}.{value}", lang)


def region_names(lang: str) -> dict[str, str]:
    """Regions that have colleges: code -> name in the page's language."""
    regions = run_query("regions")
    return dict(zip(regions["region_code"], localized(regions, lang)))


def region_filter(lang: str) -> str | None:
    """The region (sidebar), from the regions that have colleges; None when the warehouse has none."""
    names = region_names(lang)
    if not names:
        return None
    default = settings.get("region") if settings.get("region") in names else next(iter(names))
    if len(names) == 1:
        return default
    with st.sidebar:
        return url_choice(st.selectbox, t("filter.region", lang), list(names), "region", default, names.__getitem__)


def year_filter(lang: str, years: list[int], default: int | None = None) -> int | None:
    """The academic year (sidebar); default: the given one, else the latest."""
    years = sorted(int(y) for y in years)
    if not years:
        return None
    start = default if default in years else years[-1]
    with st.sidebar:
        return url_choice(st.selectbox, t("filter.year", lang), years, "year", start, year_label)


def choice_filter(lang: str, label_key: str, param: str, options: dict[str, str]) -> str | None:
    """An optional filter (district, college, field…) with "all" first; returns None for all."""
    keys = [ALL, *options]
    labels = {ALL: t("filter.all", lang), **options}
    with st.sidebar:
        chosen = url_choice(st.selectbox, t(label_key, lang), keys, param, ALL, labels.__getitem__)
    return None if chosen == ALL else chosen


def require_region(lang: str, title: str) -> str:
    """The page's region; when there is no warehouse or no college yet, the page says so under its title
    (with the command that builds the warehouse) and stops, never a traceback."""
    try:
        region = region_filter(lang)
    except WarehouseMissing:
        st.title(title)
        st.error(t("app.no_warehouse", lang))
        st.code("python -m etl build", language=None)
        st.stop()
    if region is None:
        st.title(title)
        st.info(t("app.no_colleges", lang))
        st.stop()
    return region
