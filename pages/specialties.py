"""Specialties: which specialties opened, closed or are planned to open, the catalogue of specialties with where and
how much each is taught, and the colleges teaching one specialty."""

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.blocks import chart_args, demo_notice, draw_chart, no_data
from pages.common.data import cached, run_query
from pages.common.filters import choice_filter, localized, region_names, require_region, value_label, year_filter
from pages.common.frame import md_escape, page_frame, url_choice, year_label
from pages.common.links import profile_links
from tvet import charts
from tvet.i18n import fmt_delta, fmt_int, t
from tvet.figures import change_text, verdict_text
from tvet.indicators import comparable, default_year, figures, published_lookup

lang = page_frame("specialties.title")
region = require_region(lang, t("specialties.title", lang))

region_name = region_names(lang)[region]
totals = run_query("region_year_totals", region=region)
published = run_query("published_figures", region=region, lang=lang)
years = sorted(int(y) for y in totals.loc[totals["students"].notna() | totals["state_order_places"].notna(),
                                           "academic_year"])
if not years:
    st.title(t("specialties.heading", lang, region=region_name))
    no_data(lang)
    st.stop()
year = year_filter(lang, years, default_year(totals, published))
districts = run_query("districts", region=region)
district = choice_filter(lang, "filter.district", "district",
                         dict(zip(districts["district_code"], localized(districts, lang))))
district_name = dict(zip(districts["district_code"], localized(districts, lang))).get(district)

changes = run_query("specialties_changes", region=region, district=district)
filters = {t("filter.region", lang): region_name, t("filter.district", lang): district_name or t("filter.all", lang)}
year_filters = {**filters, t("filter.year", lang): year_label(year)}

st.title(t("specialties.heading", lang, region=region_name))
st.caption(t("specialties.subheading", lang, year=year_label(year), where=district_name or region_name))
catalogue_all = run_query("specialties_catalogue", region=region, year=year, district=district, q=None)
demo_notice(lang, bool(changes["is_demo"].any() or catalogue_all["is_demo"].any()), region,
            ("fct_specialty_change", "fct_enrollment", "fct_state_order"))

CHANGES = ("opened", "closed", "planned")
# What the charts below read besides their arguments: their figures and tables are cached per this view.
CONTEXT = {"region": region, "year": year, "district": district, "lang": lang}
CHANGE_COLOURS = {"opened": charts.PALETTE[2], "closed": charts.PALETTE[3], "planned": charts.PALETTE[0]}


def specialty_label(codes: pd.Series, names: pd.Series) -> list[str]:
    return [f"{c} {n}" for c, n in zip(codes, names)]


# The specialties opened, closed and planned: the figures of the Overview and `python -m tvet.figures`
# (tvet.indicators), for the chosen district.
district_totals = totals if district is None else run_query("region_year_totals", region=region, district=district)


def figure(change: str, y: int):
    return figures(district_totals, y)[f"specialties_{change}"]


# --- Headline: openings, closures, plans, each beside the published figure ------------------------------------------
def published_line(indicator: str, y: int, value: int, coverage) -> None:
    p = published_lookup(published, y, indicator)
    if p is None:
        st.caption(t("specialties.published.none", lang))
        return
    stated = t(f"specialties.qualifier.{p.qualifier}", lang, value=fmt_int(p.value, lang))
    if district:
        st.caption(t("specialties.published.region_only", lang, value=stated, source=md_escape(p.source_title)))
        return
    verdict = verdict_text(p, value, coverage, lang)
    st.caption(t("specialties.published.line", lang, value=stated, verdict=verdict, source=md_escape(p.source_title)))


def card(label_key: str, change: str, y: int, indicator: str | None) -> None:
    now, then = figure(change, y), figure(change, y - 1)
    value = int(now.value or 0)
    before = int(then.value or 0) if (y - 1) in set(changes["academic_year"]) or (y - 1) in years else None
    shown = before is not None and comparable(now.coverage, then.coverage)
    colleges = changes[(changes["change"] == change) & (changes["academic_year"] == y)]["college_id"].nunique()
    st.metric(t(label_key, lang, year=year_label(y)), fmt_int(value, lang),
              delta=fmt_delta(value - before, lang) if shown else None,
              delta_description=t("specialties.vs", lang, year=year_label(y - 1)) if shown else None,
              delta_color="off", delta_arrow="off" if not shown or value == before else "auto",
              help=t(f"specialties.help.{change}", lang), border=True)
    st.caption(t("specialties.card.colleges", lang, n=fmt_int(colleges, lang)))
    if before is not None and not shown and now.coverage.status and then.coverage.status:
        st.caption(change_text(now.coverage, then.coverage, lang))
    if indicator:
        published_line(indicator, y, value, now.coverage)


c1, c2, c3 = st.columns(3)
with c1:
    card("specialties.card.opened", "opened", year, "new_specialties_opened")
with c2:
    card("specialties.card.planned", "planned", year + 1, "new_specialties_planned")
with c3:
    card("specialties.card.closed", "closed", year, None)


# --- Changes by year ------------------------------------------------------------------------------------------------
def changes_chart() -> tuple:
    if changes.empty:
        return chart_args("specialties_changes_by_year", t("specialties.by_year.title", lang), None,
                          changes.iloc[0:0], lang, filters=filters, is_demo=False)
    span = sorted(set(changes["academic_year"].astype(int)) | set(years))
    span = list(range(span[0], span[-1] + 1))
    counts = {ch: [int(figure(ch, y).value or 0) for y in span] for ch in CHANGES}
    labels = [year_label(y) for y in span]
    fig = go.Figure()
    for ch in CHANGES:
        fig.add_bar(x=labels, y=counts[ch], name=value_label("change", ch, lang), marker_color=CHANGE_COLOURS[ch],
                    marker_pattern_shape="/" if ch == "planned" else "", text=[str(v) if v else "" for v in counts[ch]],
                    textposition="outside", cliponaxis=False,
                    hovertemplate="%{fullData.name}, %{x}: %{y}<extra></extra>")
    fig.update_layout(barmode="group", bargap=0.25)
    charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang), y_title=t("specialties.axis.specialties",
                                                                                       lang), height=380))
    top = max(max(v) for v in counts.values())
    step = next(d for d in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top / d <= 8) if top < 8000 else None
    fig.update_yaxes(range=[0, max(1, top) * 1.2], tickformat=",d", tick0=0, dtick=step)
    table = pd.DataFrame({t("filter.year", lang): labels,
                          **{value_label("change", ch, lang): counts[ch] for ch in CHANGES}})
    return chart_args("specialties_changes_by_year", t("specialties.by_year.title", lang), fig, table, lang,
                      filters=filters, is_demo=bool(changes["is_demo"].any()),
                      caption=t("specialties.by_year.caption", lang))


draw_chart(cached(changes_chart, **CONTEXT))


def changes_list_block() -> None:
    options = ["all", *CHANGES]
    shown_change = url_choice(st.segmented_control, t("specialties.list.show", lang), options, "change", "all",
                              lambda c: t("filter.all", lang) if c == "all" else value_label("change", c, lang))
    draw_chart(cached(changes_list, shown_change, **CONTEXT))
    listed = changes if shown_change == "all" else changes[changes["change"] == shown_change]
    profile_links(lang, listed["college_id"], localized(listed, lang, "college_name"))


def changes_list(shown_change: str) -> tuple:
    rows = changes if shown_change == "all" else changes[changes["change"] == shown_change]
    table = pd.DataFrame({
        t("filter.year", lang): [year_label(int(y)) for y in rows["academic_year"]],
        t("specialties.col.change", lang): [value_label("change", c, lang) for c in rows["change"]],
        t("specialties.col.code", lang): rows["specialty_code"],
        t("specialties.col.specialty", lang): localized(rows, lang, "specialty_name"),
        t("specialties.col.field", lang): [f"{c} {n}" for c, n in zip(rows["isced_broad"],
                                                                       localized(rows, lang, "field_name"))],
        t("specialties.col.college", lang): localized(rows, lang, "college_name"),
        t("specialties.col.district", lang): localized(rows, lang, "district_name"),
    })
    return chart_args("specialties_changes_list", t("specialties.list.title", lang), None, table, lang,
                      filters={**filters, t("specialties.list.show", lang): t("filter.all", lang)
                               if shown_change == "all" else value_label("change", shown_change, lang)},
                      is_demo=bool(rows["is_demo"].any()), table_only=True,
                      caption=t("specialties.list.caption", lang, n=fmt_int(len(rows), lang),
                                specialties=fmt_int(rows["specialty_code"].nunique(), lang)))


changes_list_block()


# --- Catalogue ------------------------------------------------------------------------------------------------------
MAX_QUERY = 60


def clean_query(text: object) -> str:
    """A search text fit for a bound parameter: no control characters, at most MAX_QUERY characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", str(text or "")).strip()[:MAX_QUERY]


def search_box() -> str | None:
    """The catalogue's search text, kept in the URL as ?q= (it reaches SQL only as a bound parameter)."""
    key = "catalogue_q"
    if key not in st.session_state:
        st.session_state[key] = clean_query(st.query_params.get("q", ""))

    def remember() -> None:
        q = clean_query(st.session_state[key])
        if q:
            st.query_params["q"] = q
        else:
            st.query_params.pop("q", None)

    st.text_input(t("specialties.catalogue.search", lang), key=key, on_change=remember, max_chars=MAX_QUERY,
                  placeholder=t("specialties.catalogue.placeholder", lang), icon=":material/search:")
    return clean_query(st.session_state[key]) or None


def catalogue_block() -> None:
    st.header(t("specialties.catalogue.heading", lang))
    q = search_box()
    draw_chart(cached(catalogue_table, q, **CONTEXT))
    st.caption(t("specialties.catalogue.status_note", lang))


def catalogue_table(q: str | None) -> tuple:
    found = run_query("specialties_catalogue", region=region, year=year, district=district, q=q)
    where = district_name or region_name
    table = pd.DataFrame({
        t("specialties.col.code", lang): found["specialty_code"],
        t("specialties.col.name_kk", lang): found["name_kk"],
        t("specialties.col.name_ru", lang): found["name_ru"],
        t("specialties.col.name_en", lang): found["name_en"],
        t("specialties.col.detailed", lang): [f"{c} {n}" for c, n in zip(found["isced_detailed"],
                                                                          localized(found, lang, "detailed_name"))],
        t("specialties.col.broad", lang): [f"{c} {n}" for c, n in zip(found["isced_broad"],
                                                                       localized(found, lang, "broad_name"))],
        t("specialties.col.code_status", lang): [t(f"specialties.code_status.{s}", lang) for s in found["code_status"]],
        t("specialties.col.colleges", lang): found["colleges"],
        t("specialties.col.students", lang, year=year_label(year)): found["students"],
        t("specialties.col.places", lang, year=year_label(year)): found["places"],
    })
    taught = int((found["colleges"] > 0).sum())
    caption = t("specialties.catalogue.caption", lang, n=fmt_int(len(found), lang),
                total=fmt_int(len(catalogue_all), lang), taught=fmt_int(taught, lang), where=where,
                year=year_label(year))
    return chart_args("specialties_catalogue", t("specialties.catalogue.title", lang), None, table, lang,
                      filters={**year_filters, t("specialties.catalogue.search", lang): q or "—"},
                      is_demo=bool(found["is_demo"].any()), table_only=True, caption=caption)


catalogue_block()


def course_colour(course: int) -> str:
    """The same colour for a course in every chart (course 1 blue, 2 orange, 3 green, 4 vermillion)."""
    return charts.PALETTE[(int(course) - 1) % len(charts.PALETTE)]


# --- Where one specialty is taught ----------------------------------------------------------------------------------
def where_block() -> None:
    st.header(t("specialties.where.heading", lang))
    taught = catalogue_all[(catalogue_all["colleges"] > 0) | (catalogue_all["places"] > 0)]
    if taught.empty:
        no_data(lang)
        return
    names = dict(zip(taught["specialty_code"], localized(taught, lang)))
    code = url_choice(st.selectbox, t("specialties.where.pick", lang), list(taught["specialty_code"]), "specialty",
                      taught["specialty_code"].iloc[0], lambda c: f"{c} — {names[c]}")
    label = f"{code} {names[code]}"
    drawn = cached(where_charts, code, label, **CONTEXT)
    if drawn is None:
        st.subheader(t("specialties.where.title", lang, specialty=label, year=year_label(year)))
        no_data(lang)
        return
    where, trend, taught_at = drawn
    draw_chart(where)
    profile_links(lang, taught_at["college_id"], taught_at["name"])
    draw_chart(trend)


def where_charts(code: str, label: str) -> list | None:
    """The colleges teaching one specialty this year, and the specialty over the years (None: no college)."""
    students = run_query("specialties_where_students", region=region, specialty=code, district=district)
    orders = run_query("specialties_where_orders", region=region, specialty=code, district=district)
    orders["college_id"] = orders["college_id"].fillna("")
    now = students[students["academic_year"] == year]
    order_now = orders[orders["academic_year"] == year]
    order_before = orders[orders["academic_year"] == year - 1]

    # One row per college (and one for orders placed at region level): students by course, state-order places.
    by_course = now.pivot_table(index="college_id", columns="course", values="students", aggfunc="sum", fill_value=0)
    courses = sorted(int(c) for c in by_course.columns)
    colleges = pd.concat([now[["college_id", "college_name_kk", "college_name_ru", "college_name_en",
                               "district_name_kk", "district_name_ru", "district_name_en"]],
                          order_now[["college_id", "college_name_kk", "college_name_ru", "college_name_en",
                                     "district_name_kk", "district_name_ru", "district_name_en"]]]
                         ).drop_duplicates("college_id").set_index("college_id")
    if colleges.empty:
        return None
    frame = colleges.join(by_course).fillna({c: 0 for c in courses})
    frame["students"] = frame[courses].sum(axis=1).astype("int64") if courses else 0
    frame["state_students"] = now.groupby("college_id")["state_students"].sum().reindex(frame.index).fillna(0)
    frame["places"] = order_now.groupby("college_id")["places"].sum().reindex(frame.index).fillna(0).astype("int64")
    frame["previous"] = order_before.groupby("college_id")["places"].sum().reindex(frame.index).fillna(0)
    frame = frame.reset_index()
    region_level = t("specialties.region_level", lang)
    frame["name"] = localized(frame, lang, "college_name").where(frame["college_id"] != "", region_level)
    frame["district"] = localized(frame, lang, "district_name").where(frame["college_id"] != "", "—")
    frame = frame.sort_values(["students", "places", "name"], ascending=[False, False, True]).reset_index(drop=True)

    shown = frame[frame["students"] > 0].iloc[::-1]
    fig = go.Figure()
    for course in courses:
        fig.add_bar(x=shown[course], y=shown["name"], orientation="h",
                    name=t("specialties.where.course", lang, course=course), marker_color=course_colour(course),
                    hovertemplate="%{y}<br>%{fullData.name}: %{x}<extra></extra>")
    if not shown.empty:
        fig.add_scatter(x=shown["students"], y=shown["name"], mode="text", showlegend=False, hoverinfo="skip",
                        text=[f"  {fmt_int(s, lang)}" + (
                            f" · {t('specialties.where.places_short', lang, n=fmt_int(p, lang))}" if p else "")
                            for s, p in zip(shown["students"], shown["places"])],
                        textposition="middle right")
        fig.update_xaxes(range=[0, float(shown["students"].max()) * 1.35])
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    charts.style(fig, lang, x_title=t("specialties.axis.students", lang), height=150 + 34 * max(1, len(shown)))
    table = pd.DataFrame({
        t("specialties.col.college", lang): frame["name"],
        t("specialties.col.district", lang): frame["district"],
        **{t("specialties.where.course", lang, course=c): frame[c].astype("int64") for c in courses},
        t("specialties.col.students", lang, year=year_label(year)): frame["students"],
        t("specialties.col.state_students", lang): frame["state_students"].astype("int64"),
        t("specialties.col.places", lang, year=year_label(year)): frame["places"],
        t("specialties.col.places", lang, year=year_label(year - 1)): frame["previous"].astype("int64"),
    })
    n_colleges = int((frame["college_id"] != "").sum())
    caption = t("specialties.where.caption", lang, colleges=fmt_int(n_colleges, lang),
                students=fmt_int(frame["students"].sum(), lang), places=fmt_int(frame["places"].sum(), lang))
    if (frame["college_id"] == "").any():
        caption += " " + t("specialties.where.region_level_note", lang,
                           places=fmt_int(frame.loc[frame["college_id"] == "", "places"].sum(), lang))
    where = chart_args("specialties_where", t("specialties.where.title", lang, specialty=label,
                                              year=year_label(year)),
                       fig if not shown.empty else None, table, lang,
                       filters={**year_filters, t("specialties.col.specialty", lang): label},
                       is_demo=bool(now["is_demo"].any() or order_now["is_demo"].any()), caption=caption)

    # The specialty over the years: students by course, and the state-order places.
    trend = students.pivot_table(index="academic_year", columns="course", values="students", aggfunc="sum",
                                 fill_value=0)
    placed = orders.groupby("academic_year")["places"].sum()
    span = sorted(set(trend.index.astype(int)) | set(placed.index.astype(int)))
    labels = [year_label(y) for y in span]
    trend = trend.reindex(span, fill_value=0)
    fig = go.Figure()
    for course in sorted(trend.columns):
        fig.add_bar(x=labels, y=trend[course], name=t("specialties.where.course", lang, course=int(course)),
                    marker_color=course_colour(int(course)),
                    hovertemplate="%{fullData.name}, %{x}: %{y}<extra></extra>")
    fig.add_scatter(x=labels, y=placed.reindex(span).fillna(0), name=t("specialties.where.places_series", lang),
                    mode="lines+markers", line={"color": charts.PALETTE[7], "width": 3, "dash": "dot"},
                    hovertemplate="%{fullData.name}, %{x}: %{y}<extra></extra>")
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang),
                                  y_title=t("specialties.axis.people", lang), height=380))
    trend_table = pd.DataFrame({
        t("filter.year", lang): labels,
        **{t("specialties.where.course", lang, course=int(c)): trend[c].astype("int64") for c in sorted(trend.columns)},
        t("specialties.col.students_all", lang): trend.sum(axis=1).astype("int64"),
        t("specialties.where.places_series", lang): placed.reindex(span).fillna(0).astype("int64"),
    })
    return [where, chart_args("specialties_where_trend", t("specialties.where.trend", lang, specialty=label), fig,
                              trend_table, lang, filters={**filters, t("specialties.col.specialty", lang): label},
                              is_demo=bool(students["is_demo"].any() or orders["is_demo"].any())),
            frame[["college_id", "name"]]]


where_block()
