"""Overview: the region's headline figures for a year, each beside its published value, with its source."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.data import run_query
from pages.common.blocks import chart_block, demo_notice
from pages.common.filters import localized, region_names, require_region, year_filter
from pages.common.frame import md_escape, page_frame, year_label
from tvet import charts
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t
from tvet.figures import coverage_text
from tvet.indicators import Card, default_year, headline_cards
from tvet.methodology import is_plain_url

lang = page_frame("home.title")

region = require_region(lang, "TVET Atlas")

totals = run_query("region_year_totals", region=region)
published = run_query("published_figures", region=region)
years = [int(y) for y in totals[totals["students"].notna()]["academic_year"]]
if not years:
    st.title("TVET Atlas")
    st.info(t("app.no_colleges", lang))
    st.stop()
year = year_filter(lang, years, default_year(totals, published))
region_name = region_names(lang)[region]

st.title(t("home.heading", lang, region=region_name))
st.caption(t("home.subheading", lang, year=year_label(year)))

cards = headline_cards(totals, published, year)
demo_notice(lang, any(c.is_demo for c in cards))


def shown(card: Card, value: float | None) -> str:
    return fmt_pct(value, lang) if card.kind == "share" else fmt_int(value, lang)


# Published sources are numbered in the order the cards cite them; the list below the cards resolves them.
cited = list(dict.fromkeys(c.published.source_id for c in cards if c.published))


def among_regions(lang: str, region: str) -> None:
    """The region beside others, from published figures only; every bar is labelled with its own year,
    since regions publish different years."""
    figures = run_query("published_by_region", indicator="students")
    figures["label"] = [f"{n}, {year_label(int(y))}" for n, y in zip(localized(figures, lang), figures["academic_year"])]
    figures["shown"] = [t(f"home.qualifier.{q or 'exact'}", lang, value=fmt_int(v, lang))
                        for v, q in zip(figures["value"], figures["qualifier"])]
    figures = figures.sort_values("value")
    fig = go.Figure(go.Bar(
        x=figures["value"], y=figures["label"], orientation="h", text=figures["shown"], textposition="outside",
        marker_color=[charts.PALETTE[1] if r == region else charts.PALETTE[0] for r in figures["region_code"]],
        hovertemplate="%{y}: %{text}<extra></extra>"))
    charts.style(fig, lang, x_title=t("home.among.axis", lang), height=80 + 48 * len(figures))
    fig.update_xaxes(range=[0, figures["value"].max() * 1.25])
    table = pd.DataFrame({t("home.among.region", lang): figures["label"], t("home.among.value", lang): figures["shown"],
                          t("home.among.source", lang): figures["source_title"]}).iloc[::-1]
    chart_block("among_regions", t("home.among.title", lang), fig, table, lang, filters={}, is_demo=False,
                sources="; ".join(dict.fromkeys(figures["source_publisher"])), caption=t("home.among.caption", lang))


def published_line(card: Card) -> str:
    p = card.published
    if p is None:
        return t("home.published_none", lang)
    stated = t(f"home.qualifier.{p.qualifier}", lang, value=fmt_int(p.value, lang))
    verdict = t("home.agrees", lang) if p.agrees(card.value) else t(
        "home.differs", lang, diff=fmt_delta(card.difference, lang))
    return t("home.published", lang, value=stated, verdict=verdict, ref=cited.index(p.source_id) + 1)


def draw(card: Card) -> None:
    change = card.change
    with st.container(border=True):
        st.metric(t(f"home.card.{card.key}", lang, year=year_label(card.year)), shown(card, card.value),
                  delta=fmt_delta(change, lang, card.kind),
                  delta_color="off" if card.kind == "share" or change == 0 else "normal",
                  delta_arrow="off" if change == 0 else "auto",
                  delta_description=t("home.vs", lang, year=year_label(card.year - 1)) if change is not None else None,
                  help=t(f"home.help.{card.key}", lang))
        # Our own sparkline, with the values as its text alternative (Streamlit's chart_data one has none).
        trend = t("home.sparkline.label", lang, year=year_label(card.year),
                  values=" → ".join(shown(card, v) for v in card.history))
        st.markdown(charts.sparkline_svg(card.history, trend, area=card.kind != "share"), unsafe_allow_html=True)
    st.caption(published_line(card))
    if card.coverage.status == "mixed":
        st.caption(t("figures.card_mixed", lang, coverage=coverage_text(card.coverage, lang)))


this_year = [c for c in cards if c.year == year]
next_year = [c for c in cards if c.year == year + 1]
for row in (this_year[:3], this_year[3:6], this_year[6:]):
    for col, card in zip(st.columns(3), row):
        with col:
            draw(card)

st.header(t("home.plans", lang, year=year_label(year + 1)))
for col, card in zip(st.columns(3), next_year):
    with col:
        draw(card)

trend = totals[totals["students"].notna()]
labels = [year_label(int(y)) for y in trend["academic_year"]]
fig = go.Figure()
fig.add_bar(x=labels, y=trend["students"], name=t("home.series.students", lang), marker_color=charts.PALETTE[0])
fig.add_scatter(x=labels, y=trend["state_order_places"], name=t("home.series.state_order_places", lang),
                mode="lines+markers", line={"color": charts.PALETTE[1], "width": 3})
charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang), y_title=t("home.axis.people", lang)))
trend_table = pd.DataFrame({t("filter.year", lang): labels, t("home.series.students", lang): trend["students"],
                            t("home.series.state_order_places", lang): trend["state_order_places"]})
chart_block("trend", t("home.trend", lang), fig, trend_table, lang, filters={t("filter.region", lang): region_name},
            is_demo=bool(trend["is_demo"].any()), coverage=next(c.coverage for c in cards if c.key == "students"))

among_regions(lang, region)

st.header(t("home.sources", lang))
by_id = published.drop_duplicates("source_id").set_index("source_id")
for n, source_id in enumerate(cited, start=1):
    s = by_id.loc[source_id]
    url = s["source_url"]
    link = f" — [{md_escape(url)}]({url})" if is_plain_url(url) else ""
    st.markdown(f"\\[{n}\\] {md_escape(s['source_title'])} ({md_escape(s['source_publisher'])}){link}")
st.caption(t("home.reading", lang))
build = run_query("build_info")
if not build.empty:
    st.caption(t("home.build", lang, build_id=build.iloc[0]["build_id"],
                 time=str(build.iloc[0]["finished_at"])[:16]))
