"""State order and fields: how many state-funded places the region orders, in which fields, at what cost, and how
far the technical share is from the national targets."""

import math

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from pages.common.blocks import chart_args, demo_notice, draw_chart, no_data, scope_coverage
from pages.common.data import cached, derived, run_query
from pages.common.filters import localized, region_names, require_region, value_label, year_filter
from pages.common.frame import page_frame, url_choice, year_label
from pages.common.links import profile_links
from tvet import charts, settings
from tvet import state_order as so
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t

lang = page_frame("state_order.title")
region = require_region(lang, t("state_order.title", lang))

region_name = region_names(lang)[region]
# The page's frames are computed once per region (and year) from the query's rows and cached: a rerun only draws.
DETAIL = ("state_order_detail", {"region": region})
whole = derived(so.overview, *DETAIL)
years = whole["years"]
if not years:
    st.title(t("state_order.heading", lang, region=region_name))
    no_data(lang)
    st.stop()
year = year_filter(lang, years)
view = derived(so.year_view, *DETAIL, year, settings.technical_targets())
previous = year - 1 if year - 1 in years and view["comparable"] else None
is_demo = view["is_demo"]
any_demo = whole["is_demo"]
filters = {t("filter.region", lang): region_name, t("filter.year", lang): year_label(year)}
all_years = {t("filter.region", lang): region_name,
             t("filter.year", lang): f"{year_label(years[0])} – {year_label(years[-1])}"}

st.title(t("state_order.heading", lang, region=region_name))
st.caption(t("state_order.subheading", lang, year=year_label(year)))
demo_notice(lang, any_demo, region, ("fct_state_order",))

# ISCED-F names in the page's language. Technical broad fields: the set the warehouse was built with (it marked
# dim_specialty.is_technical, which every figure uses), else the setting.
fields = run_query("state_order_fields")
field_name = dict(zip(fields["code"], localized(fields, lang)))
build = run_query("build_info")
built_with = str(build.iloc[0]["technical_fields"] or "") if not build.empty else ""
technical_codes = sorted({f.strip() for f in built_with.split(",") if f.strip()}) or list(settings.technical_fields())
TECH_MARK = "●"
# The year's state order real, demo or mixed (real for some colleges, demo for others): the source lines say it.
SCOPE = scope_coverage(region, year, "fct_state_order")
# Everything the charts below read besides their arguments: their figures and tables are cached per this view.
CONTEXT = {"region": region, "year": year, "lang": lang, "technical": tuple(technical_codes),
           "targets": settings.technical_targets()}


def field_label(code: str) -> str:
    """'07 Engineering, manufacturing and construction ●': code, name, and a mark for a technical field."""
    name = field_name.get(code, code)
    mark = f" {TECH_MARK}" if code[:2] in technical_codes else ""
    return f"{code} {name}{mark}"


def yes_no(flag: bool) -> str:
    return t("state_order.technical_yes", lang) if flag else t("state_order.technical_no", lang)


def change_text(change) -> str:
    if change is None or pd.isna(change):
        return ""
    return "±0" if int(change) == 0 else fmt_delta(int(change), lang)


def college_name(frame: pd.DataFrame) -> pd.Series:
    names = localized(frame, lang, "college_name")
    return names.where(frame["college_id"] != so.REGION_LEVEL, t("state_order.region_level", lang))


# --- Headline -------------------------------------------------------------------------------------------------------
head = view["headline"]
if year - 1 in years and not view["comparable"]:
    st.caption(t("compare.not_comparable", lang, now=t(f"compare.kind.{view['kinds'][0]}", lang),
                 before=t(f"compare.kind.{view['kinds'][1]}", lang)))
vs = t("state_order.vs", lang, year=year_label(year - 1)) if previous else None
c1, c2, c3 = st.columns(3)
with c1:
    st.metric(t("state_order.card.places", lang, year=year_label(year)), fmt_int(head.places, lang),
              delta=fmt_delta(head.places_change, lang), delta_description=vs,
              delta_arrow="off" if not head.places_change else "auto",
              help=t("state_order.help.places", lang), border=True)
with c2:
    st.metric(t("state_order.card.technical_share", lang, year=year_label(year)), fmt_pct(head.share, lang),
              delta=fmt_delta(head.share_change, lang, "share"), delta_description=vs, delta_color="off",
              help=t("state_order.help.technical_share", lang, fields=", ".join(technical_codes)), border=True)
    st.caption(t("state_order.technical.counts", lang, fields=so.fields_text(technical_codes, field_name)))
    for reading in so.TECHNICAL_READINGS:
        if list(reading) != technical_codes:
            other = derived(so.share_of_fields, *DETAIL, year, reading)
            st.caption(t("state_order.technical.reading", lang, fields=", ".join(reading),
                         share=fmt_pct(other, lang)))
with c3:
    st.metric(t("state_order.card.cost", lang, year=year_label(year)), so.money(head.cost_kzt, lang),
              delta=so.money(head.cost_change, lang, signed=True) if head.cost_change is not None else None,
              delta_description=vs, delta_color="off", help=t("state_order.help.cost", lang), border=True)
    st.caption(t("state_order.card.cost_per_place", lang,
                 value=t("state_order.tenge", lang, value=fmt_int(head.cost_per_place, lang))))

with st.container(border=True):
    st.markdown(t("state_order.targets.lead", lang, technical=fmt_int(head.technical, lang),
                  places=fmt_int(head.places, lang), share=fmt_pct(head.share, lang)))
    for target in head.targets:
        pp = fmt_delta(abs(target.gap or 0), lang, "share").lstrip("+")
        if target.gap is not None and target.gap < 0:
            st.markdown("- " + t("state_order.targets.short", lang, target=fmt_pct(target.target, lang, 0), pp=pp,
                                 move=fmt_int(target.places_to_move, lang), places=fmt_int(head.places, lang)))
        else:
            st.markdown("- " + t("state_order.targets.reached", lang, target=fmt_pct(target.target, lang, 0),
                                 pp=pp))


# --- Places by broad field per year ---------------------------------------------------------------------------------
OTHER_COLOURS = ("#E69F00", "#D55E00", "#CC79A7", "#F0E442", "#999999", "#8C564B", "#BBBBBB", "#000000")
TECH_COLOURS = ("#0072B2", "#56B4E9", "#009E73", "#004C7A", "#7FC4A9")


def field_colours(codes: list[str]) -> dict[str, str]:
    tech = [c for c in codes if c in technical_codes]
    other = [c for c in codes if c not in technical_codes]
    colours = {c: TECH_COLOURS[i % len(TECH_COLOURS)] for i, c in enumerate(tech)}
    colours.update({c: OTHER_COLOURS[i % len(OTHER_COLOURS)] for i, c in enumerate(other)})
    return colours


def broad_view() -> str:
    return url_choice(st.segmented_control, t("state_order.view.label", lang), ["places", "share"], "view",
                      "places", lambda v: t(f"state_order.view.{v}", lang))


def broad_fields_chart(shown_as: str) -> tuple:
    by_field = whole["by_field"]
    codes = sorted(set(by_field["isced_broad"]), key=lambda c: (c not in technical_codes, c))
    colours = field_colours(codes)
    share_view = shown_as == "share"
    labels = [year_label(y) for y in years]
    fig = go.Figure()
    for code in codes:
        rows = by_field[by_field["isced_broad"] == code].set_index("academic_year").reindex(years)
        places = rows["places"].fillna(0)
        shares = rows["share"].fillna(0)
        tech = code in technical_codes
        fig.add_bar(
            x=labels, y=(shares * 100) if share_view else places, name=field_label(code),
            marker_color=colours[code], legendgroup="technical" if tech else "other",
            legendgrouptitle_text=t("state_order.legend.technical" if tech else "state_order.legend.other", lang,
                                    fields=", ".join(technical_codes)),
            customdata=[[fmt_int(p, lang), fmt_pct(s, lang)] for p, s in zip(places, shares)],
            hovertemplate="%{fullData.name}<br>%{x}: %{customdata[0]} "
                          + t("state_order.unit.places", lang) + " (%{customdata[1]})<extra></extra>")
    fig.update_layout(barmode="stack", legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top",
                                               "groupclick": "toggleitem", "font": {"size": 12}})
    charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang), height=520,
                                  y_title=t("state_order.axis.share" if share_view else "state_order.axis.places",
                                            lang)))
    if share_view:
        fig.update_yaxes(range=[0, 100], ticksuffix="%" if lang == "en" else "\u00a0%")
    table = by_field.assign(tech=by_field["isced_broad"].isin(technical_codes))
    table = pd.DataFrame({
        t("filter.year", lang): [year_label(int(y)) for y in table["academic_year"]],
        t("state_order.col.field_code", lang): table["isced_broad"],
        t("state_order.col.field", lang): [field_name.get(c, c) for c in table["isced_broad"]],
        t("state_order.col.technical", lang): [yes_no(x) for x in table["tech"]],
        t("state_order.col.places", lang): table["places"],
        t("state_order.col.share_of_year", lang): (table["share"] * 100).round(1),
    })
    totals = whole["totals"]
    tech_now = totals.loc[totals["academic_year"] == year, "share"]
    return chart_args("state_order_fields", t("state_order.fields.title", lang), fig, table, lang, filters=all_years,
                      is_demo=any_demo,
                      caption=t("state_order.fields.caption", lang, mark=TECH_MARK, year=year_label(year),
                                 share=fmt_pct(float(tech_now.iloc[0]), lang) if not tech_now.empty else "—"))


draw_chart(cached(broad_fields_chart, broad_view(), **CONTEXT))


# --- Narrow fields in the selected year -----------------------------------------------------------------------------
def narrow_fields_chart() -> tuple:
    narrow = view["narrow"]
    narrow = narrow[(narrow["places"] > 0) | (narrow["previous"].fillna(0) > 0)]
    shown = narrow.sort_values(["places", "isced_narrow"], ascending=[True, False])
    labels = [field_label(c) for c in shown["isced_narrow"]]
    text = [f"{fmt_int(p, lang)} ({change_text(c)})" if previous else fmt_int(p, lang)
            for p, c in zip(shown["places"], shown["change"])]
    fig = go.Figure(go.Bar(
        x=shown["places"], y=labels, orientation="h", text=text, textposition="outside", cliponaxis=False,
        marker_color=[charts.TECHNICAL_COLOURS[bool(x)] for x in shown["is_technical"]],
        customdata=[[yes_no(bool(x))] for x in shown["is_technical"]],
        hovertemplate="%{y}<br>%{text} " + t("state_order.unit.places", lang) + "<br>%{customdata[0]}<extra></extra>"))
    charts.style(fig, lang, x_title=t("state_order.axis.places", lang), height=120 + 34 * len(shown))
    fig.update_xaxes(range=[0, max(1, float(shown["places"].max())) * 1.22])
    table = pd.DataFrame({
        t("state_order.col.field_code", lang): narrow["isced_narrow"],
        t("state_order.col.field", lang): [field_name.get(c, c) for c in narrow["isced_narrow"]],
        t("state_order.col.broad_field", lang): [field_label(c) for c in narrow["isced_broad"]],
        t("state_order.col.technical", lang): [yes_no(bool(x)) for x in narrow["is_technical"]],
        t("state_order.col.places_year", lang, year=year_label(year)): narrow["places"],
        t("state_order.col.places_year", lang, year=year_label(year - 1)): narrow["previous"],
        t("state_order.col.change", lang): narrow["change"],
    })
    return chart_args("state_order_narrow", t("state_order.narrow.title", lang, year=year_label(year)), fig, table,
                      lang, filters=filters, is_demo=is_demo, coverage=SCOPE,
                      caption=t("state_order.narrow.caption", lang, year=year_label(year - 1)) if previous else None)


draw_chart(cached(narrow_fields_chart, **CONTEXT))


# --- Technical share by year against the targets --------------------------------------------------------------------
def technical_share_chart() -> tuple:
    totals = whole["totals"]
    targets = settings.technical_targets()
    labels = [year_label(int(y)) for y in totals["academic_year"]]
    fig = go.Figure(go.Scatter(
        x=labels, y=totals["share"] * 100, mode="lines+markers+text", name=t("state_order.share.series", lang),
        text=[fmt_pct(s, lang) for s in totals["share"]], textposition="top center",
        line={"color": charts.TECHNICAL_COLOURS[True], "width": 3}, marker={"size": 9},
        customdata=[[fmt_int(tp, lang), fmt_int(p, lang)] for tp, p in zip(totals["technical_places"],
                                                                           totals["places"])],
        hovertemplate="%{x}: %{text}<br>%{customdata[0]} / %{customdata[1]} "
                      + t("state_order.unit.places", lang) + "<extra></extra>"))
    for i, target in enumerate(targets):
        fig.add_hline(y=target * 100, line_dash="dash" if i == 0 else "dot",
                      line_color=charts.PALETTE[3 if i == 0 else 7],
                      annotation_text=t("state_order.share.target" if i == 0 else "state_order.share.target_next",
                                        lang, target=fmt_pct(target, lang, 0)),
                      annotation_position="top left", annotation_font_size=13)
    values = [*(totals["share"] * 100), *(x * 100 for x in targets)]
    low = max(0, math.floor(min(values) / 10) * 10 - 10)
    high = min(100, math.ceil(max(values) / 10) * 10 + 5)
    charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang), y_title=t("state_order.axis.share", lang),
                                  height=400))
    fig.update_yaxes(range=[low, high], ticksuffix="%" if lang == "en" else "\u00a0%")
    fig.update_layout(showlegend=False)
    table = pd.DataFrame({
        t("filter.year", lang): labels,
        t("state_order.col.places", lang): totals["places"],
        t("state_order.col.technical_places", lang): totals["technical_places"],
        t("state_order.col.technical_share", lang): (totals["share"] * 100).round(1),
        **{t("state_order.col.to_target", lang, target=fmt_pct(x, lang, 0)):
           [so.places_to_reach(int(p), int(tp), x) for p, tp in zip(totals["places"], totals["technical_places"])]
           for x in targets},
    })
    return chart_args("state_order_technical_share", t("state_order.share.title", lang), fig, table, lang,
                      filters=all_years, is_demo=any_demo,
                      caption=t("state_order.share.caption", lang, fields=", ".join(technical_codes)))


draw_chart(cached(technical_share_chart, **CONTEXT))


# --- By college -----------------------------------------------------------------------------------------------------
def college_chart() -> tuple:
    colleges = view["colleges"]
    colleges = colleges[colleges["places"] > 0].copy()
    colleges["name"] = college_name(colleges)
    shown = colleges.sort_values(["places", "name"], ascending=[True, False])
    fig = go.Figure()
    for tech in (True, False):
        values = shown["technical_places"] if tech else shown["places"] - shown["technical_places"]
        group = "technical" if tech else "other"
        fig.add_bar(x=values, y=shown["name"], orientation="h",
                    name=t(f"state_order.legend.{group}", lang, fields=", ".join(technical_codes)),
                    marker_color=charts.TECHNICAL_COLOURS[tech],
                    customdata=[[fmt_int(p, lang), fmt_pct(s, lang)] for p, s in zip(shown["places"], shown["share"])],
                    hovertemplate="%{y}<br>%{fullData.name}: %{x}<br>" + t("state_order.col.places", lang)
                                  + ": %{customdata[0]}, " + t("state_order.col.technical_share", lang)
                                  + ": %{customdata[1]}<extra></extra>")
    fig.add_scatter(x=shown["places"], y=shown["name"], mode="text", showlegend=False, hoverinfo="skip",
                    text=[f"  {fmt_int(p, lang)} · {fmt_pct(s, lang, 0)}" for p, s in zip(shown["places"],
                                                                                            shown["share"])],
                    textposition="middle right")
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    charts.style(fig, lang, x_title=t("state_order.axis.places", lang), height=140 + 26 * len(shown))
    fig.update_xaxes(range=[0, max(1, float(shown["places"].max())) * 1.25])
    table = pd.DataFrame({
        t("state_order.col.college", lang): colleges["name"],
        t("state_order.col.places_year", lang, year=year_label(year)): colleges["places"],
        t("state_order.col.technical_places", lang): colleges["technical_places"],
        t("state_order.col.technical_share", lang): (colleges["share"] * 100).round(1),
        t("state_order.col.places_year", lang, year=year_label(year - 1)): colleges["previous"],
        t("state_order.col.change", lang): colleges["change"],
    })
    region_level = int(colleges.loc[colleges["college_id"] == so.REGION_LEVEL, "places"].sum())
    named = int((colleges["college_id"] != so.REGION_LEVEL).sum())
    caption = t("state_order.colleges.caption", lang, n=fmt_int(named, lang))
    if region_level:
        caption += " " + t("state_order.colleges.region_level", lang, places=fmt_int(region_level, lang))
    return chart_args("state_order_colleges", t("state_order.colleges.title", lang, year=year_label(year)), fig, table,
                      lang, filters=filters, is_demo=is_demo, coverage=SCOPE, caption=caption)


draw_chart(cached(college_chart, **CONTEXT))
ordered = view["colleges"][view["colleges"]["places"] > 0]
profile_links(lang, ordered["college_id"], college_name(ordered))  # orders placed at region level have no link


# --- Language, entry base, budget -----------------------------------------------------------------------------------
SPLITS = tuple((column, column) for column in so.SPLITS)  # (column, value kind)


def split_chart() -> tuple:
    """Places by language of instruction, entry base and budget: three small panels, one table."""
    fig = make_subplots(rows=1, cols=len(SPLITS), horizontal_spacing=0.12,
                        subplot_titles=[t(f"state_order.split.{column}", lang) for column, _ in SPLITS])
    tables, top = [], 1
    for i, (column, kind) in enumerate(SPLITS, start=1):
        parts = view["splits"][column]
        parts = parts[(parts["places"] > 0) | (parts["previous"].fillna(0) > 0)]
        names = [value_label(kind, v, lang) for v in parts[column]]
        top = max(top, int(parts["places"].max()) if not parts.empty else 1)
        fig.add_bar(
            x=parts["places"], y=names, orientation="h", marker_color=charts.PALETTE[0], showlegend=False,
            text=[f"{fmt_int(p, lang)} · {fmt_pct(s, lang)}" for p, s in zip(parts["places"], parts["of_total"])],
            textposition="outside", cliponaxis=False, customdata=[[change_text(c)] for c in parts["change"]],
            hovertemplate="%{y}: %{text}" + (
                "<br>" + t("state_order.vs", lang, year=year_label(year - 1)) + ": %{customdata[0]}" if previous
                else "") + "<extra></extra>", row=1, col=i)
        fig.update_yaxes(autorange="reversed", row=1, col=i)
        fig.update_xaxes(title_text=t("state_order.axis.places", lang), row=1, col=i)
        tables.append(pd.DataFrame({
            t("state_order.col.breakdown", lang): t(f"state_order.split.{column}", lang),
            t("state_order.col.category", lang): names,
            t("state_order.col.places_year", lang, year=year_label(year)): parts["places"].to_numpy(),
            t("state_order.col.share_of_year", lang): (parts["of_total"] * 100).round(1).to_numpy(),
            t("state_order.col.places_year", lang, year=year_label(year - 1)): parts["previous"].to_numpy(),
            t("state_order.col.change", lang): parts["change"].to_numpy(),
        }))
    charts.style(fig, lang, height=300)
    fig.update_xaxes(range=[0, top * 1.6])
    fig.update_layout(margin={"t": 60})
    return chart_args("state_order_split", t("state_order.split.heading", lang, year=year_label(year)), fig,
                      pd.concat(tables, ignore_index=True), lang, filters=filters, is_demo=is_demo, coverage=SCOPE,
                      caption=t("state_order.split.caption", lang, year=year_label(year - 1)) if previous else None)


draw_chart(cached(split_chart, **CONTEXT))


# --- Cost by field --------------------------------------------------------------------------------------------------
def cost_chart() -> tuple:
    cost = view["cost"]
    cost = cost.sort_values("cost_kzt")
    labels = [field_label(c) for c in cost["isced_broad"]]
    colours = [charts.TECHNICAL_COLOURS[bool(x)] for x in cost["is_technical"]]

    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=(t("state_order.cost.per_place", lang), t("state_order.cost.total", lang)))
    fig.add_bar(x=cost["cost_per_place"] / 1000, y=labels, orientation="h", marker_color=colours, row=1, col=1,
                text=[fmt_int(v / 1000, lang) for v in cost["cost_per_place"].fillna(0)], textposition="outside",
                cliponaxis=False, showlegend=False, hovertemplate="%{y}<br>%{text} "
                + t("state_order.unit.thousand_tenge", lang) + "<extra></extra>")
    fig.add_bar(x=cost["cost_kzt"] / 1e6, y=labels, orientation="h", marker_color=colours, row=1, col=2,
                text=[f"{fmt_int(v / 1e6, lang)} · {fmt_pct(s, lang, 0)}"
                      for v, s in zip(cost["cost_kzt"], cost["of_cost"])],
                textposition="outside", cliponaxis=False, showlegend=False,
                hovertemplate="%{y}<br>%{text}<extra></extra>")
    charts.style(fig, lang, height=140 + 40 * len(cost))
    fig.update_xaxes(title_text=t("state_order.axis.thousand_tenge", lang), row=1, col=1,
                     range=[0, float(cost["cost_per_place"].max() / 1000) * 1.3])
    fig.update_xaxes(title_text=t("state_order.axis.million_tenge", lang), row=1, col=2,
                     range=[0, float(cost["cost_kzt"].max() / 1e6) * 1.35])
    fig.update_layout(margin={"t": 60})
    table = pd.DataFrame({
        t("state_order.col.field_code", lang): cost["isced_broad"],
        t("state_order.col.field", lang): [field_name.get(c, c) for c in cost["isced_broad"]],
        t("state_order.col.technical", lang): [yes_no(bool(x)) for x in cost["is_technical"]],
        t("state_order.col.places", lang): cost["places"],
        t("state_order.col.cost_per_place", lang): cost["cost_per_place"].round(0),
        t("state_order.col.total_cost", lang): (cost["cost_kzt"] / 1e6).round(1),
        t("state_order.col.share_of_cost", lang): (cost["of_cost"] * 100).round(1),
    }).iloc[::-1]
    return chart_args("state_order_cost", t("state_order.cost.title", lang, year=year_label(year)), fig, table, lang,
                      filters=filters, is_demo=is_demo, coverage=SCOPE,
                      caption=t("state_order.cost.caption", lang, total=so.money(head.cost_kzt, lang),
                                 per_place=t("state_order.tenge", lang, value=fmt_int(head.cost_per_place, lang))))


draw_chart(cached(cost_chart, **CONTEXT))


# --- What changed since last year -----------------------------------------------------------------------------------
def changes_chart() -> tuple:
    moved = view["changes"] if previous else pd.DataFrame()
    title = t("state_order.changes.title", lang, year=year_label(year), previous=year_label(year - 1))
    if moved.empty:
        return chart_args("state_order_changes", title, None, moved, lang, filters=filters, is_demo=is_demo, coverage=SCOPE)
    names = localized(moved, lang, "specialty_name")
    labels = [f"{c} {n}" for c, n in zip(moved["specialty_code"], names)]
    shown = moved.assign(label=labels).iloc[::-1]
    fig = go.Figure(go.Bar(
        x=shown["change"].astype(int), y=shown["label"], orientation="h",
        marker_color=[charts.PALETTE[2] if c > 0 else charts.PALETTE[3] for c in shown["change"]],
        text=[f"{fmt_delta(int(c), lang)} ({fmt_int(p0, lang)} → {fmt_int(p1, lang)})"
              for c, p0, p1 in zip(shown["change"], shown["previous"], shown["places"])],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}<br>%{text}<extra></extra>"))
    span = float(shown["change"].abs().max())
    charts.style(fig, lang, x_title=t("state_order.axis.change", lang), height=140 + 28 * len(shown))
    fig.update_xaxes(range=[-span * 1.9, span * 1.9], zeroline=True, zerolinecolor="#888")
    by_specialty = view["by_specialty"]
    up = int(by_specialty.loc[by_specialty["change"] > 0, "change"].sum())
    down = int(by_specialty.loc[by_specialty["change"] < 0, "change"].sum())
    new = int(((by_specialty["previous"] == 0) & (by_specialty["places"] > 0)).sum())
    gone = int(((by_specialty["places"] == 0) & (by_specialty["previous"] > 0)).sum())
    table = pd.DataFrame({
        t("state_order.col.specialty_code", lang): moved["specialty_code"],
        t("state_order.col.specialty", lang): names,
        t("state_order.col.broad_field", lang): [field_label(c) for c in moved["isced_broad"]],
        t("state_order.col.places_year", lang, year=year_label(year - 1)): moved["previous"],
        t("state_order.col.places_year", lang, year=year_label(year)): moved["places"],
        t("state_order.col.change", lang): moved["change"],
    })
    return chart_args("state_order_changes", title, fig, table, lang, filters=filters, is_demo=is_demo, coverage=SCOPE,
                      caption=t("state_order.changes.caption", lang, up=change_text(up), down=change_text(down),
                                 net=change_text(up + down), new=fmt_int(new, lang), gone=fmt_int(gone, lang)))


draw_chart(cached(changes_chart, **CONTEXT))
