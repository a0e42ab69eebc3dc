"""Overview: the region's headline figures for a year, each beside its published value, with its source."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.data import run_query
from pages.common.blocks import chart_block, demo_notice
from pages.common.filters import localized, region_names, require_region, year_filter
from pages.common.frame import md_escape, page_frame, url_choice, year_label
from tvet import among_regions as among, charts
from tvet import state_order as so
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t
from tvet.figures import change_text, coverage_text, verdict_text
from tvet.indicators import Card, default_year, headline_cards
from tvet.methodology import is_plain_url

lang = page_frame("home.title")

region = require_region(lang, "TVET Atlas")

totals = run_query("region_year_totals", region=region)
published = run_query("published_figures", region=region, lang=lang)
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
# The fields the technical share counts: the set the warehouse was built with, named on the card.
build_fields = run_query("build_info")
TECHNICAL = [f for f in str(build_fields.iloc[0]["technical_fields"] or "").split(",") if f] if not build_fields.empty else []
fields = run_query("state_order_fields")
FIELD_NAMES = dict(zip(fields["code"], localized(fields, lang)))
demo_notice(lang, any(c.is_demo for c in cards), region, ("fct_enrollment", "fct_state_order", "fct_specialty_change",
                                                            "fct_partnership", "fct_graduation", "fct_admission"))


def shown(card: Card, value: float | None) -> str:
    return fmt_pct(value, lang) if card.kind == "share" else fmt_int(value, lang)


# Cards set beside other regions' and the country's published figures of the same indicator (a share, 0..1).
COMPARATORS = {"employment_rate": "employment_rate"}

# Published sources are numbered in the order the cards cite them; the list below the cards resolves them.
cited = list(dict.fromkeys(c.published.source_id for c in cards if c.published))


def among_regions(lang: str, region: str) -> None:
    """The region beside others, from published figures only (tvet.among_regions shapes them): every bar is
    labelled with its own year (regions publish different years) and, where two sources publish the same year,
    with its source; per 10,000 inhabitants only where a population figure is published."""
    indicators = among.offered(run_query("methodology_published_all", lang=lang))
    if not indicators:
        return
    name = lambda i: t(f"methodology.indicator.{i}", lang)  # noqa: E731
    indicator = url_choice(st.segmented_control, t("home.among_regions.indicator", lang), indicators, "among",
                           indicators[0], name)
    relative = indicator in among.PER_10K and st.toggle(t("home.among_regions.relative", lang), value=True,
                                                       key="among_relative")
    rows = among.shape(run_query("published_by_region", indicator=indicator, lang=lang), indicator, relative)
    rows["name"] = localized(rows, lang)
    # Each bar names its own year; per inhabitants also the population's year; a repeated region-year its source.
    rows["label"] = [f"{n}, {year_label(int(y))}"
                     + (" · " + t("home.among_regions.population_of", lang, year=int(py)) if relative and d else "")
                     + (f" — {tag}" if rep else "")
                     for n, y, py, d, rep, tag in zip(rows["name"], rows["academic_year"],
                                                      rows["population_year"].fillna(0), rows["drawn"],
                                                      rows["repeated"], rows["source_tag"])]
    percent = (rows["unit"] == "percent").all()
    published = [fmt_pct(v / 100, lang) if percent
                 else t(f"home.qualifier.{q or 'exact'}", lang, value=fmt_int(v, lang))
                 for v, q in zip(rows["value"], rows["qualifier"])]
    rows["published"] = published
    drawn = rows[rows["drawn"]]
    text = [fmt_int(v, lang) for v in drawn["shown"]] if relative else list(drawn["published"])
    fig = go.Figure(go.Bar(
        x=drawn["shown"], y=drawn["label"], orientation="h", text=text, textposition="outside",
        marker_color=[charts.PALETTE[1] if r == region else charts.PALETTE[0] for r in drawn["region_code"]],
        customdata=drawn["source_title"], hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    key = "axis_relative" if relative else "axis"
    charts.style(fig, lang, x_title=t(f"home.among_regions.{key}", lang, indicator=name(indicator)),
                 height=80 + 40 * max(len(drawn), 1))
    if not drawn.empty:
        fig.update_xaxes(range=[0, float(drawn["shown"].max()) * 1.3])
    population = [f"{fmt_int(p, lang)} ({int(y)})" if p == p and p is not None else "—"
                  for p, y in zip(rows["population"], rows["population_year"].fillna(0))]
    table = pd.DataFrame({
        t("home.among_regions.region", lang): rows["label"], t("home.among_regions.value", lang): rows["published"],
        t("home.among_regions.population", lang): population,
        t("home.among_regions.per_10k", lang): [fmt_int(v, lang) if v == v else "—" for v in rows["per_10k"]],
        t("home.among_regions.source", lang): rows["source_title"]}).iloc[::-1]
    caption = t("home.among_regions.caption", lang)
    if relative:
        caption += " " + t("home.among_regions.caption_relative", lang)
        missing = list(dict.fromkeys(rows.loc[~rows["drawn"], "name"]))
        if missing:
            caption += " " + t("home.among_regions.no_population", lang, regions=", ".join(missing))
    title = "title_relative" if relative else "title"
    chart_block("among_regions", t(f"home.among_regions.{title}", lang, indicator=name(indicator)), fig, table,
                lang, filters={t("home.among_regions.indicator", lang): name(indicator)}, is_demo=False,
                sources="; ".join(dict.fromkeys(rows["source_publisher"])), caption=caption)


def published_line(card: Card) -> str:
    p = card.published
    if p is None:
        return t("home.published_none", lang)
    stated = t(f"home.qualifier.{p.qualifier}", lang, value=fmt_int(p.value, lang))
    verdict = verdict_text(p, card.value, card.coverage, lang)
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
    if card.value is not None and card.previous is not None and not card.comparable:
        st.caption(change_text(card.coverage, card.previous_coverage, lang))
    if card.key in COMPARATORS and card.value is not None:
        peers = run_query("published_comparators", region=region, year=card.year, indicator=COMPARATORS[card.key],
                          lang=lang)
        if not peers.empty:
            st.caption(t("home.comparators", lang, peers="; ".join(
                f"{n} {fmt_pct(v, lang)} ({year_label(int(y))}, {md_escape(src)})" for n, v, y, src in zip(
                    localized(peers, lang), peers["value"], peers["academic_year"], peers["source_publisher"]))))
    if card.key == "technical_share":
        st.caption(t("state_order.technical.counts", lang, fields=so.fields_text(TECHNICAL, FIELD_NAMES)))
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
