"""Partnerships and employment: which enterprises signed with which colleges, and where the graduates went."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.blocks import chart_args, chart_block, demo_notice, draw_chart, no_data, scope_coverage
from pages.common.data import cached, run_query
from pages.common.filters import choice_filter, localized, region_names, require_region, value_label, year_filter
from pages.common.frame import md_escape, page_frame, year_label
from pages.common.links import college_link, profile_links
from tvet import charts
from tvet.i18n import catalogue, fmt_delta, fmt_int, fmt_pct, t
from tvet.figures import verdict_text
from tvet.indicators import default_year, headline_cards
from tvet.methodology import is_plain_url
from tvet.partnerships import (
    employment_rates,
    employment_total,
    golden_cards,
    graduation_year,
    sector_in,
    year_summary,
)

lang = page_frame("partnerships.title")
region = require_region(lang, t("partnerships.title", lang))

totals = run_query("region_year_totals", region=region)
published = run_query("published_figures", region=region, lang=lang)
years = [int(y) for y in totals["academic_year"]]
if not years:
    st.info(t("app.no_colleges", lang))
    st.stop()
year = year_filter(lang, years, default_year(totals, published))
KINDS = [k.rsplit(".", 1)[1] for k in catalogue(lang) if k.startswith("value.partnership_kind.")]
kind = choice_filter(lang, "partnerships.filter.kind", "kind",
                     {k: value_label("partnership_kind", k, lang) for k in KINDS})

everything = run_query("partnerships_agreements", region=region, year=None, kind=None)
by_year = run_query("partnerships_by_year", region=region, kind=kind)
agreements = run_query("partnerships_agreements", region=region, year=year, kind=kind)
sectors = run_query("partnerships_sectors", region=region, year=year, kind=kind)
by_college = run_query("partnerships_employment_colleges", region=region)
by_field = run_query("partnerships_employment_fields", region=region)
grad_year = graduation_year(by_college["academic_year"], year)

YEAR = t("filter.year", lang)
KIND = t("partnerships.filter.kind", lang)
filters = {YEAR: year_label(year), KIND: value_label("partnership_kind", kind, lang) if kind else t("filter.all", lang)}
KIND_COLOURS = dict(zip(KINDS, (charts.PALETTE[0], charts.PALETTE[1], charts.PALETTE[2], charts.PALETTE[4],
                                charts.PALETTE[8])))

st.title(t("partnerships.heading", lang, region=region_names(lang)[region]))
st.caption(t("partnerships.subheading", lang, year=year_label(year)))
demo_notice(lang, bool(everything["is_demo"].any() or by_college["is_demo"].any()), region,
            ("fct_partnership", "fct_graduation"))


# --- Cards: the year's agreements, each with its change on the year before ---------------------------------
def shows(k: str) -> bool:
    return kind is None or kind == k


memoranda = next(c for c in headline_cards(totals, published, year) if c.key == "memoranda")
now, before = year_summary(everything, year), year_summary(everything, year - 1)


def published_text() -> str:
    p = memoranda.published
    if p is None:
        return t("home.published_none", lang)
    stated = t(f"home.qualifier.{p.qualifier}", lang, value=fmt_int(p.value, lang))
    verdict = verdict_text(p, memoranda.value, memoranda.coverage, lang)
    return t("partnerships.published", lang, value=stated, verdict=verdict, source=md_escape(p.source_title))


def metric(label_key: str, value: int, previous: int, help_key: str) -> None:
    change = value - previous
    st.metric(t(label_key, lang, year=year_label(year)), fmt_int(value, lang), delta=fmt_delta(change, lang),
              delta_color="off" if change == 0 else "normal", delta_arrow="off" if change == 0 else "auto",
              help=t(help_key, lang), border=True)


columns = st.columns(4)
with columns[0]:
    metric("partnerships.card.memoranda", now["memorandum"], before["memorandum"], "partnerships.help.memoranda")
    st.caption(published_text())
with columns[1]:
    metric("partnerships.card.hiring", now["hiring_decision"], before["hiring_decision"],
           "partnerships.help.hiring")
with columns[2]:
    metric("partnerships.card.dual_training", now["dual_training"], before["dual_training"],
           "partnerships.help.dual_training")
with columns[3]:
    metric("partnerships.card.enterprises", now["enterprises"], before["enterprises"], "partnerships.help.enterprises")
st.caption(t("partnerships.cards_caption", lang, year=year_label(year - 1)))
# «Golden cards» handed to graduates: published without a number, so no count is shown, only the statement.
golden_source = golden_cards(region, year)
if golden_source is not None:
    found = run_query("source_by_id", source_id=golden_source)
    if not found.empty:
        s = found.iloc[0]
        title = md_escape(s["title"])
        st.markdown(t("partnerships.golden_cards.statement", lang, year=year_label(year),
                      source=f"[{title}]({s['url']})" if is_plain_url(s["url"]) else title))


# --- Memoranda per academic year: in the data and as published ---------------------------------------------
def kind_name(k: str) -> str:
    return value_label("partnership_kind", k, lang)


def qualified(q) -> str:
    return q if isinstance(q, str) and q else "exact"


all_years = sorted(set(years) | {int(y) for y in everything["academic_year"]})
x_years = [year_label(y) for y in all_years]
if shows("memorandum"):
    memo = everything[everything["kind"] == "memorandum"].groupby("academic_year").size()
    in_data = [int(memo.get(y, 0)) for y in all_years]
    memo_published = published[published["indicator"] == "memoranda_signed"].drop_duplicates("academic_year")
    stated = dict(zip(memo_published["academic_year"].astype(int), memo_published["value"]))
    qualifier = dict(zip(memo_published["academic_year"].astype(int), memo_published["qualifier"]))
    DATA_NAME = t("partnerships.series.in_data", lang)
    PUB_NAME = t("partnerships.series.published", lang)
    fig = go.Figure()
    fig.add_bar(x=x_years, y=in_data, name=DATA_NAME, marker_color=charts.PALETTE[0], text=in_data,
                textposition="outside", hovertemplate="%{x}: %{y} — " + DATA_NAME + "<extra></extra>")
    fig.add_bar(x=x_years, y=[stated.get(y) for y in all_years], name=PUB_NAME,
                marker={"color": charts.PALETTE[8], "pattern": {"shape": "/", "fillmode": "overlay", "fgcolor": "#ffffff"}},
                text=[fmt_int(stated[y], lang) if y in stated else "" for y in all_years], textposition="outside",
                hovertemplate="%{x}: %{y} — " + PUB_NAME + "<extra></extra>")
    fig.update_layout(barmode="group")
    charts.style(fig, lang, x_title=YEAR, y_title=t("partnerships.axis.memoranda", lang), height=380)
    charts.year_axis(fig)
    fig.update_yaxes(range=[0, max(in_data + list(stated.values()) + [1]) * 1.2])
    memo_table = pd.DataFrame({
        YEAR: x_years,
        DATA_NAME: in_data,
        PUB_NAME: [t(f"home.qualifier.{qualified(qualifier[y])}", lang, value=fmt_int(stated[y], lang))
                   if y in stated else "—" for y in all_years],
        t("partnerships.col.difference", lang): [fmt_delta(d - stated[y], lang) if y in stated else "—"
                                                 for y, d in zip(all_years, in_data)],
    })
    caption = (t("partnerships.memoranda_caption", lang, year=year_label(year), n=fmt_int(memoranda.value, lang),
                 published=published_text()) if memoranda.published is not None else None)
    chart_block("partnerships_memoranda", t("partnerships.chart.memoranda", lang), fig, memo_table, lang,
                filters={}, is_demo=bool(everything["is_demo"].any()), caption=caption,
                sources=t("partnerships.sources_published", lang))

# --- Agreements per academic year, by kind ------------------------------------------------------------------
fig = go.Figure()
for k in KINDS:
    rows = by_year[by_year["kind"] == k]
    if rows.empty:
        continue
    fig.add_bar(x=[year_label(int(y)) for y in rows["academic_year"]], y=rows["agreements"], name=kind_name(k),
                marker_color=KIND_COLOURS[k], text=rows["agreements"], textposition="inside",
                insidetextanchor="middle", textangle=0,
                hovertemplate="%{x}: %{y} — " + kind_name(k) + "<extra></extra>")
fig.update_xaxes(categoryorder="array", categoryarray=x_years)
fig.update_layout(barmode="stack", uniformtext={"minsize": 12, "mode": "show"}, legend={"traceorder": "normal"})
charts.style(fig, lang, x_title=YEAR, y_title=t("partnerships.axis.agreements", lang), height=380)
charts.year_axis(fig)
fig.update_yaxes(rangemode="tozero")

per_year = pd.DataFrame({
    YEAR: [year_label(int(y)) for y in by_year["academic_year"]],
    KIND: [kind_name(k) for k in by_year["kind"]],
    t("partnerships.col.agreements", lang): by_year["agreements"],
    t("partnerships.col.enterprises", lang): by_year["enterprises"],
    t("partnerships.col.colleges", lang): by_year["colleges"],
})
chart_block("partnerships_by_year", t("partnerships.chart.by_year", lang), fig, per_year, lang,
            filters={KIND: filters[KIND]}, is_demo=bool(by_year["is_demo"].any()))


# --- Enterprises by sector --------------------------------------------------------------------------------
def sector_name(r) -> str:
    """A row's sector in the page's language (sector_kk / sector_ru / sector_en), else in another language the
    row gives, else as the source writes it (sector)."""
    s = sector_in(r, lang)
    if s is None:
        return t("partnerships.sector_none", lang)
    return s[:1].upper() + s[1:]


bars = sectors.sort_values(["agreements", "sector"], ascending=[True, False])
fig = go.Figure(go.Bar(
    x=bars["agreements"], y=[sector_name(r) for _, r in bars.iterrows()], orientation="h",
    marker_color=charts.PALETTE[0], text=bars["agreements"], textposition="outside",
    customdata=bars["enterprise_list"],
    hovertemplate="%{y}: %{x}<br>%{customdata}<extra></extra>"))
charts.style(fig, lang, x_title=t("partnerships.axis.agreements", lang), y_title=None,
             height=max(300, 60 + 34 * len(bars)))
fig.update_xaxes(dtick=1, rangemode="tozero")
sector_table = pd.DataFrame({
    t("partnerships.col.sector", lang): [sector_name(r) for _, r in sectors.iterrows()],
    t("partnerships.col.agreements", lang): sectors["agreements"],
    t("partnerships.col.enterprises", lang): sectors["enterprises"],
    t("partnerships.col.enterprise_names", lang): sectors["enterprise_list"],
})
chart_block("partnerships_sectors", t("partnerships.chart.sectors", lang, year=year_label(year)), fig, sector_table,
            lang, filters=filters, is_demo=bool(sectors["is_demo"].any()),
            coverage=scope_coverage(region, year, "fct_partnership"),
            caption=t("partnerships.sectors_caption", lang,
                      n=fmt_int(agreements["enterprise"].nunique(), lang)) if not sectors.empty else None)


# --- Every agreement of the year ----------------------------------------------------------------------------
def signed(d) -> str:
    if d is None or pd.isna(d):
        return t("partnerships.not_published", lang)
    return d.strftime("%Y-%m-%d") if lang == "en" else d.strftime("%d.%m.%Y")


colleges = localized(agreements, lang) if not agreements.empty else pd.Series(dtype="str")
agreement_table = pd.DataFrame({
    t("partnerships.col.enterprise", lang): agreements["enterprise"],
    t("partnerships.col.sector", lang): [sector_name(r) for _, r in agreements.iterrows()],
    t("partnerships.col.college", lang): colleges,
    KIND: [kind_name(k) for k in agreements["kind"]],
    YEAR: [year_label(int(y)) for y in agreements["academic_year"]],
    t("partnerships.col.signed_on", lang): [signed(d) for d in agreements["signed_on"]],
})
chart_block("partnerships_agreements", t("partnerships.chart.agreements", lang, year=year_label(year)), None,
            agreement_table, lang, filters=filters, is_demo=bool(agreements["is_demo"].any()), table_only=True,
            coverage=scope_coverage(region, year, "fct_partnership"),
            caption=t("partnerships.agreements_caption", lang))
profile_links(lang, agreements["college_id"], colleges)


# --- Hiring decisions and dual training: enterprise ← college ----------------------------------------------
def pairs(k: str, heading_key: str, caption_key: str) -> None:
    st.subheader(t(heading_key, lang, year=year_label(year)))
    st.caption(t(caption_key, lang))
    rows = agreements[agreements["kind"] == k]
    if rows.empty:
        no_data(lang)
        return
    names = localized(rows, lang)
    lines = []
    for (_, r), college in zip(rows.iterrows(), names):
        extra = []
        if sector_in(r, lang) is not None:
            extra.append(md_escape(sector_name(r)))
        extra.append(t("partnerships.signed", lang, date=signed(r["signed_on"])))
        lines.append(f"- **{md_escape(r['enterprise'])}** ← {college_link(college, r['college_id'], lang)} "
                     f"({'; '.join(extra)})")
    st.markdown("\n".join(lines))


if shows("hiring_decision"):
    pairs("hiring_decision", "partnerships.hiring_heading", "partnerships.hiring_caption")
if shows("dual_training"):
    pairs("dual_training", "partnerships.dual_heading", "partnerships.dual_caption")


# --- Graduate employment ------------------------------------------------------------------------------------
st.header(t("partnerships.employment_heading", lang))
if grad_year is None:
    no_data(lang)
    st.stop()
grad = year_label(grad_year)
st.caption(t("partnerships.employment_caption", lang, year=grad, june=grad_year + 1))
whole = employment_total(by_college, grad_year)
left, middle, right = st.columns(3)
with left:
    st.metric(t("partnerships.card.graduates", lang, year=grad), fmt_int(whole["graduates"], lang), border=True)
with middle:
    st.metric(t("partnerships.card.employed", lang, year=grad), fmt_int(whole["employed"], lang), border=True)
with right:
    change = whole["change"]
    st.metric(t("partnerships.card.rate", lang, year=grad), fmt_pct(whole["rate"], lang),
              delta=fmt_delta(change, lang, "share"), delta_color="off",
              delta_description=t("home.vs", lang, year=year_label(grad_year - 1)) if change is not None else None,
              help=t("partnerships.help.rate", lang), border=True)

RATE = t("partnerships.col.rate", lang)
CHANGE = t("partnerships.col.change", lang)


def pct(x) -> float | None:
    return None if x is None or pd.isna(x) else round(float(x) * 100, 1)


def employment_chart(key: str, keys: list[str], name_header: str, title_key: str) -> tuple:
    frame = {"partnerships_employment_colleges": by_college, "partnerships_employment_fields": by_field}[key]
    rows = employment_rates(frame, grad_year, keys)
    names = list(localized(rows, lang)) if not rows.empty else []
    shown = rows.assign(name=names).iloc[::-1]
    text = [t("partnerships.rate_text", lang, rate=fmt_pct(r, lang), employed=fmt_int(e, lang),
              graduates=fmt_int(g, lang)) if pd.notna(r) else t("partnerships.rate_none", lang)
            for r, e, g in zip(shown["rate"], shown["employed"], shown["graduates_reported"])]
    hover = [t("partnerships.rate_hover", lang, change=fmt_delta(c, lang, "share") or "—",
               year=year_label(grad_year - 1)) for c in shown["change"]]
    fig = go.Figure(go.Bar(x=[pct(r) for r in shown["rate"]], y=shown["name"], orientation="h",
                           marker_color=charts.PALETTE[2], text=text, textposition="outside", customdata=hover,
                           hovertemplate="%{y}<br>%{text}<br>%{customdata}<extra></extra>"))
    charts.style(fig, lang, x_title=t("partnerships.axis.rate", lang), y_title=None,
                 height=max(320, 60 + 30 * len(shown)))
    fig.update_xaxes(range=[0, 118], ticksuffix="%" if lang == "en" else " %")
    table = pd.DataFrame({
        name_header: names,
        t("partnerships.col.graduates", lang): rows["graduates"],
        t("partnerships.col.reported", lang): rows["graduates_reported"],
        t("partnerships.col.employed", lang): rows["employed"],
        RATE: [pct(r) for r in rows["rate"]],
        t("partnerships.col.previous_rate", lang, year=year_label(grad_year - 1)): [pct(r) for r in
                                                                                     rows["previous_rate"]],
        CHANGE: [None if pd.isna(c) else round(float(c) * 100, 1) for c in rows["change"]],
    })
    return chart_args(key, t(title_key, lang, year=grad), fig, table, lang,
                      filters={t("partnerships.graduation_year", lang): grad}, is_demo=bool(rows["is_demo"].any()),
                      caption=t("partnerships.rate_caption", lang),
                      coverage=scope_coverage(region, grad_year, "fct_graduation"))


# Cached per region, year and language: a rerun does not rebuild these charts.
CONTEXT = {"region": region, "year": year, "lang": lang}
draw_chart(cached(employment_chart, "partnerships_employment_colleges", ["college_id"],
                  t("partnerships.col.college", lang), "partnerships.chart.employment_colleges", **CONTEXT))
graduated = by_college[by_college["academic_year"] == grad_year]
profile_links(lang, graduated["college_id"], localized(graduated, lang))
draw_chart(cached(employment_chart, "partnerships_employment_fields", ["field_code"],
                  t("partnerships.col.field", lang), "partnerships.chart.employment_fields", **CONTEXT))
