"""Cached access to the warehouse for the pages.

Reads go through one shared read-only connection per warehouse (tvet.warehouse.READER), reopened when a rebuild
replaces the file, so the next rerun reads the new file; query results are cached per published file (path,
inode, mtime), query name and parameters, and copied before use so a page can never change a cached frame.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import streamlit as st

from tvet import marts, settings, warehouse
from tvet.warehouse import FileStamp, WarehouseMissing  # noqa: F401  (re-exported for pages)


def _reading(stamp: FileStamp):
    return warehouse.READER.cursor(Path(stamp.path))


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _query(stamp: FileStamp, name: str, params: tuple) -> pd.DataFrame:
    with _reading(stamp) as cur:
        return warehouse.query(cur, name, **dict(params))


def current_stamp() -> FileStamp:
    return warehouse.stamp(settings.warehouse_path())


def run_query(name: str, **params: object) -> pd.DataFrame:
    """A named query's rows (a copy: cached frames are never handed out)."""
    return _query(current_stamp(), name, tuple(sorted(params.items()))).copy()


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _derived(stamp: FileStamp, fn_name: str, name: str, params: tuple, args: tuple, _fn):
    return _fn(_query(stamp, name, params), *args)


def derived(fn, name: str, params: dict, *args: object):
    """fn(rows of the named query, *args): what a page computes from a query's rows (pure pandas in tvet/),
    cached like the rows themselves (per published file, query, parameters, function and arguments), so a rerun
    does not redo the same work. The cache hands out a fresh copy on every call."""
    return _derived(current_stamp(), f"{fn.__module__}.{fn.__qualname__}", name, tuple(sorted(params.items())),
                    args, fn)


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _drawn(stamp: FileStamp, where: str, args: tuple, context: tuple, _make):
    # Handed out as the cache hands out its copies (pickled and loaded): a plotly figure rebuilt from a pickle
    # orders its JSON keys differently from the figure as built, and Streamlit derives a chart's element id from
    # that JSON, so the first run and the reruns would otherwise draw the same chart under two ids (a remount).
    return pickle.loads(pickle.dumps(_make(*args), protocol=pickle.HIGHEST_PROTOCOL))


def cached(make, *args: object, **context: object):
    """make(*args): what a page builds to draw a view (its figure, table and caption), cached per published file,
    page function, arguments and `context`, which must name everything else make() reads from the page that can
    change between reruns (region, year, language). A rerun of the same view draws without rebuilding; the
    cache hands out a fresh copy on every call."""
    where = f"{make.__code__.co_filename}:{make.__qualname__}"
    return _drawn(current_stamp(), where, args, tuple(sorted(context.items())), make)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _mart_preview(stamp: FileStamp, name: str, n: int):
    counts = _query(stamp, "methodology_demo_rows", ())
    with _reading(stamp) as cur:
        return marts.mart_preview(cur, name, n, counts)


def mart_preview(name: str, n: int) -> tuple[int, bool, pd.DataFrame]:
    """(rows, whether any is demo, the first n rows) of a whole table, without reading all of it (tvet.marts)."""
    return _mart_preview(current_stamp(), name, n)


def whole_table(name: str) -> pd.DataFrame:
    """Every row of a table of the contract (the name is checked against the allow-list), read when someone asks
    for its download (a download button's callable). Not cached: a whole table is read only for its download."""
    with _reading(current_stamp()) as cur:
        return marts.mart_frame(cur, name)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _planner_baseline(stamp: FileStamp, region: str, rate_years: int, horizon: int):
    from tvet.planner import inputs, project, scenario

    with _reading(stamp) as cur:
        loaded = inputs.load(cur, region, rate_years)
    base = scenario.parse({"horizon": horizon, "rate_years": rate_years})
    return loaded, project.run(loaded, base, settings.technical_targets())


def planner_baseline(region: str, rate_years: int, horizon: int):
    """(inputs, baseline projection) of the planner for the region, cached per published file: the page reruns
    only the scenario on every change. Raises tvet.planner.inputs.NoData when the region has no enrolment."""
    return _planner_baseline(current_stamp(), region, rate_years, horizon)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _planner_tables(stamp: FileStamp, region: str, rate_years: int, horizon: int):
    from tvet.planner import report

    loaded, _ = _planner_baseline(stamp, region, rate_years, horizon)
    return report.field_places(loaded), report.stream_places(loaded), report.rate_table(loaded)


def planner_tables(region: str, rate_years: int, horizon: int):
    """The planner's editor tables for the region's inputs, (field places, stream places, rates), cached with the
    baseline they are computed from."""
    return _planner_tables(current_stamp(), region, rate_years, horizon)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _planner_run(stamp: FileStamp, region: str, rate_years: int, horizon: int, scenario, targets: tuple):
    from tvet.planner import project

    loaded, _ = _planner_baseline(stamp, region, rate_years, horizon)
    return project.run(loaded, scenario, targets)


def planner_run(region: str, rate_years: int, horizon: int, scenario, targets: tuple):
    """The projection of a scenario on the region's inputs, cached per published file and scenario: a rerun that
    leaves the editors as they were does not run the model again."""
    return _planner_run(current_stamp(), region, rate_years, horizon, scenario, tuple(targets))


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _deck(stamp: FileStamp, region: str, lang: str, year: int | None):
    from tvet.deck import default

    with _reading(stamp) as cur:
        return default.build(cur, region, lang, year)


def deck_for(region: str, lang: str, year: int | None):
    """The region's default deck in `lang` for `year` (None: the Overview page's year), cached per published
    file. Raises LookupError when the region has no students."""
    return _deck(current_stamp(), region, lang, year)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _published_deck(stamp: FileStamp, region: str, lang: str):
    from tvet.deck import published

    with _reading(stamp) as cur:
        return published.build(cur, region, lang)


def published_deck_for(region: str, lang: str):
    """The region's deck of published figures only (tvet/deck/published.py), cached per published file. Raises
    LookupError when neither the region nor the country has a published figure."""
    return _published_deck(current_stamp(), region, lang)
