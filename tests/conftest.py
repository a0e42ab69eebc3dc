"""Shared fixtures: real warehouses built by the real ETL.

- `small_warehouse`: data/reference + tests/fixtures/small (three colleges, totals worked out by hand).
- `demo_warehouse`: data/reference + data/demo, exactly what the README's run command builds.
Both are built once per test session into a temporary folder; tests open them read-only.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
DEMO = ROOT / "data" / "demo"
SMALL = ROOT / "tests" / "fixtures" / "small"
MESSY_BASE = ROOT / "tests" / "fixtures" / "messy" / "base"


def write_source(folder: Path, files: dict) -> Path:
    """folder/src holding the messy fixture base plus `files` (name -> bytes, or a function writing the file
    at the path it is given). A file named like a base file (dim_college.csv, source.csv) replaces it."""
    src = folder / "src"
    src.mkdir(exist_ok=True)
    for f in MESSY_BASE.iterdir():
        shutil.copy(f, src / f.name)
    for name, content in files.items():
        if callable(content):
            content(src / name)
        else:
            (src / name).write_bytes(content)
    return src


def build_or_fail(sources, warehouse):
    from etl.build import build
    from etl.problems import format_report

    result = build([Path(s) for s in sources], Path(warehouse), lang="en")
    assert result.published, format_report(result.errors, "en", result.hidden)
    return result


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("small") / "warehouse.duckdb"
    build_or_fail([REFERENCE, SMALL], path)
    return path


def as_real(folder: Path, keep_demo: tuple[str, ...] = ()) -> Path:
    """A copy of the small fixture in `folder`/small whose rows all come from the upload source (real rows), except
    the files named in `keep_demo`."""
    import shutil

    src = folder / "small"
    shutil.copytree(SMALL, src)
    for f in src.glob("*.csv"):
        if f.name not in (*keep_demo, "source.csv"):
            f.write_text(f.read_text(encoding="utf-8").replace(",fixture_demo\n", ",fixture_upload\n"),
                         encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def real_small_warehouse(tmp_path_factory) -> Path:
    """The small fixture with every row real (from the upload source): "agrees" and "differs" are said of it."""
    folder = tmp_path_factory.mktemp("real_small")
    build_or_fail([REFERENCE, as_real(folder)], folder / "warehouse.duckdb")
    return folder / "warehouse.duckdb"


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    build_or_fail([REFERENCE, DEMO], path)
    return path


@pytest.fixture
def small_sources(tmp_path) -> Path:
    """A writable copy of the small fixture, for tests that break a file."""
    dest = tmp_path / "small"
    shutil.copytree(SMALL, dest)
    return dest


def read(path: Path, sql: str, params=None):
    """Rows of a query, on a connection configured like the app's (DuckDB refuses a second, differently
    configured connection to a file the app already holds open in the same process)."""
    from tvet.warehouse import connect

    with connect(Path(path)) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium, or a skip with the reason (a failure in CI: CI=true or TVET_REQUIRE_BROWSER=1)."""
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not exe:
        if os.environ.get("TVET_REQUIRE_BROWSER") == "1" or os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI but /usr/bin/chromium is missing: apt-get install chromium")
        pytest.skip("Chromium not installed: apt-get install chromium")
    return exe


@pytest.fixture
def app(monkeypatch):
    """make(warehouse, page=None, **query) -> an AppTest (not yet run) of app.py, switched to `page`
    (e.g. "pages/capacity.py") and with the URL's query parameters. Caches are cleared around each test, since
    tests point the app at different warehouses."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def make(warehouse, page: str | None = None, **query):
        monkeypatch.setenv("TVET_WAREHOUSE", str(warehouse))
        monkeypatch.delenv("TVET_LANG", raising=False)
        monkeypatch.delenv("TVET_REGION", raising=False)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        if page:
            at.switch_page(page)
        for k, v in query.items():
            at.query_params[k] = v
        return at

    st.cache_data.clear()
    st.cache_resource.clear()
    yield make
    st.cache_data.clear()
    st.cache_resource.clear()


def texts(at) -> str:
    """Every text element an AppTest run drew, one per line (markdown, captions, alerts, titles, headers)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    parts += [e.value for e in at.error] + [i.value for i in at.info] + [x.value for x in at.title]
    parts += [s.value for s in at.subheader] + [h.value for h in at.header]
    return "\n".join(str(p) for p in parts)


def metrics(at) -> dict[str, str]:
    """The metric cards an AppTest run drew: label -> value."""
    return {m.label: m.value for m in at.metric}


def table_with(at, header: str):
    """The first table (st.dataframe) the page drew that has this column."""
    for df in at.dataframe:
        if header in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {header!r}")


def figure(at, key: str) -> dict:
    """The plotly figure (as JSON) of the chart block with this key."""
    import json

    for chart in at.get("plotly_chart"):
        if chart.proto.id.endswith(f"-chart_{key}"):
            return json.loads(chart.proto.spec)
    raise AssertionError(f"no chart {key}")


def values(v) -> list:
    """A plotly array from a chart's JSON: a list, or the typed array ({"dtype", "bdata"}) plotly writes for numbers."""
    import base64

    import numpy as np

    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)
