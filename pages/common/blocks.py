"""Building blocks every page uses: a chart with its table view and downloads, and the empty-selection message."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.data import derived, run_query
from tvet.exports import ExportMeta, to_csv, to_xlsx
from tvet.figures import coverage_text, scope_text
from tvet.i18n import t
from tvet.indicators import Coverage

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True}


def build_id() -> str:
    return derived(_build_id, "build_info", {})


def _build_id(info: pd.DataFrame) -> str:
    return str(info.iloc[0]["build_id"]) if not info.empty else "?"


def no_data(lang: str) -> None:
    st.info(t("block.no_data", lang), icon=":material/info:")


def source_line(lang: str, is_demo: bool, sources: str | None = None, build: str | None = None,
                coverage: Coverage | None = None) -> str:
    """Where a chart's numbers come from: the warehouse build, and whether its rows are demo rows, or, when the
    region's rows are real for some colleges and demo for the others, for how many of each."""
    sources = sources or t("block.source_default", lang)
    if coverage is not None and coverage.status == "mixed":
        return t("block.source_mixed", lang, build=build or build_id(), sources=sources,
                 coverage=coverage_text(coverage, lang))
    key = "block.source_demo" if is_demo else "block.source"
    return t(key, lang, build=build or build_id(), sources=sources)


def scope_coverage(region: str, year: int, table: str) -> Coverage:
    """Whether `table`'s rows of the region in `year` are real, demo or mixed, with the colleges of each kind
    (the build's etl_scope, through the named query coverage_region_year)."""
    return derived(_scope_coverage, "coverage_region_year", {"region": region, "year": int(year)}, table)


def _scope_coverage(scopes: pd.DataFrame, table: str) -> Coverage:
    row = scopes[scopes["table_name"] == table]
    if row.empty:
        return Coverage()
    r = row.iloc[0]
    return Coverage(str(r["status"]), int(r["colleges_real"]), int(r["colleges_demo"]))


def chart_block(key: str, title: str, fig: go.Figure | None, data: pd.DataFrame, lang: str, *,
                filters: dict[str, str], is_demo: bool, sources: str | None = None, caption: str | None = None,
                table_only: bool = False, coverage: Coverage | None = None) -> None:
    """A titled chart, the same numbers as a table one tab away, and CSV / XLSX downloads that carry the title,
    the filters, the source and the build id. `data` should already have translated column headers. `coverage`:
    the region's rows behind it are real for some colleges and demo for others (mixed): the source line and
    the downloads say for how many of each."""
    st.header(title)
    if data.empty:
        no_data(lang)
        return
    if caption:
        st.caption(caption)
    build = build_id()
    source = source_line(lang, is_demo, sources, build, coverage)
    mixed = coverage is not None and coverage.status == "mixed"
    if table_only or fig is None:
        st.dataframe(data, hide_index=True, width="stretch")
    else:
        chart_tab, table_tab = st.tabs([t("block.chart", lang), t("block.table", lang)])
        with chart_tab:
            st.plotly_chart(fig, key=f"chart_{key}", config=PLOTLY_CONFIG, width="stretch", theme=None)
        with table_tab:
            st.dataframe(data, hide_index=True, width="stretch")
    meta = ExportMeta(title=title, source=source, build_id=build, filters=filters, is_demo=is_demo,
                      demo_note=t("block.demo_note", lang),
                      coverage=coverage_text(coverage, lang) if mixed else "",
                      labels={k: t(f"export.{k}", lang)
                              for k in ("title", "filters", "source", "build", "demo", "coverage")})
    # A horizontal container, not columns: inside a page's own columns, nested columns cut the labels.
    with st.container(horizontal=True):
        # Callables: the files are built only when someone clicks, not on every rerun.
        st.download_button(t("block.csv", lang), lambda: to_csv(data, meta), file_name=f"{key}.csv", mime="text/csv",
                           key=f"csv_{key}", icon=":material/download:")
        st.download_button(t("block.xlsx", lang), lambda: to_xlsx(data, meta), file_name=f"{key}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"xlsx_{key}", icon=":material/download:")
        if not table_only or fig is None:
            st.button(t("block.add_to_deck", lang), key=f"deck_{key}", icon=":material/slideshow:",
                      on_click=add_to_deck, args=(key, title, data, source, filters, is_demo, lang),
                      help=t("block.add_to_deck_help", lang))
    st.caption(source)


def chart_args(key: str, title: str, fig: go.Figure | None, data: pd.DataFrame, lang: str, **kwargs) -> tuple:
    """chart_block's arguments as one value: a page builds them in a cached function (pages.common.data.cached)
    and draws them with draw_chart, so a rerun of the same view does not rebuild the figure and the table."""
    return (key, title, fig, data, lang), kwargs


def draw_chart(args: tuple) -> None:
    chart_block(*args[0], **args[1])


def demo_notice(lang: str, is_demo: bool, region: str | None = None, tables: tuple[str, ...] = ()) -> None:
    """The demo banner, when any row the page shows is a generated one. Given the region and the fact tables the
    page shows, a page whose tables are real in some years names which tables and years are real and which demo."""
    if not is_demo:
        return
    from pages.common.frame import demo_banner

    sources = run_query("demo_sources")["source_id"].tolist()
    scopes = scope_text(run_query("methodology_scopes", region=region), tables, lang) if region and tables else None
    if scopes is None:
        demo_banner(lang, sources)
    else:
        st.warning(t("scope.banner", lang, scopes=scopes, sources=", ".join(sources)), icon=":material/warning:")


def add_to_deck(key: str, title: str, data: pd.DataFrame, source: str, filters: dict[str, str], is_demo: bool,
                lang: str) -> None:
    """Keep this view's numbers as a slide of the session's deck (the presenter page shows and saves it)."""
    from tvet.deck.saved import snapshot

    view = f"{key}:{'|'.join(f'{k}={v}' for k, v in filters.items())}"
    added = [s for s in st.session_state.get("deck_added", []) if s.get("view") != view]
    added.append(snapshot(title, data, source=source, filters=filters, is_demo=is_demo, lang=lang, key=view))
    st.session_state["deck_added"] = added
    st.toast(t("block.added_to_deck", lang, title=title), icon=":material/slideshow:")
