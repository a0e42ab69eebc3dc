"""Students: how enrolment moves — by course, funding and language over the years, admission against the plan,
and graduates and their employment by field and by college."""

import textwrap

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from pages.common.blocks import chart_args, demo_notice, draw_chart, no_data, scope_coverage
from pages.common.data import cached, run_query
from pages.common.filters import choice_filter, localized, region_names, require_region, value_label, year_filter
from pages.common.frame import page_frame, url_choice, year_label
from pages.common.links import college_link, profile_links
from tvet import charts
from tvet import students as stu
from tvet.figures import coverage_text
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t
from tvet.indicators import figures

FUNDING_COLOURS = {"state": charts.PALETTE[0], "paid": charts.PALETTE[1], stu.NOT_STATED: "#999999"}
OUTCOME_COLOURS = {"employed": charts.PALETTE[2], "continued_study": charts.PALETTE[4], "other": "#BBBBBB"}

lang = page_frame("students.title")
region = require_region(lang, t("students.title", lang))

region_name = region_names(lang)[region]
whole_region = run_query("students_enrollment", region=region, district=None, college=None)
years = sorted({int(y) for y in whole_region.loc[whole_region["students"] > 0, "academic_year"]})
if not years:
    st.title(t("students.heading", lang, region=region_name))
    no_data(lang)
    st.stop()
year = year_filter(lang, years, years[-1])
districts = run_query("districts", region=region)
district_names = dict(zip(districts["district_code"], localized(districts, lang)))
district = choice_filter(lang, "filter.district", "district", district_names)
colleges = run_query("students_colleges", region=region, district=district)
college_names = dict(zip(colleges["college_id"], localized(colleges, lang)))
college = choice_filter(lang, "filter.college", "college", college_names)

params = {"region": region, "district": district, "college": college}
enrollment = run_query("students_enrollment", **params)
admission = run_query("students_admission", **params)
by_field = run_query("students_graduation_field", **params)
by_college = run_query("students_graduation_college", **params)

place = college_names[college] if college else district_names[district] if district else region_name
st.title(t("students.heading", lang, region=region_name))
st.caption(t("students.subheading", lang, year=year_label(year), place=place))
if college:
    st.markdown(college_link(college_names[college], college, lang))
is_demo = any(bool(df["is_demo"].any()) for df in (enrollment, admission, by_field, by_college))
demo_notice(lang, is_demo, region, ("fct_enrollment", "fct_admission", "fct_graduation"))
if enrollment.empty and admission.empty and by_field.empty:
    no_data(lang)
    st.stop()

filters = {t("filter.year", lang): year_label(year),
           t("filter.district", lang): district_names[district] if district else t("filter.all", lang),
           t("filter.college", lang): college_names[college] if college else t("filter.all", lang)}
grad_year = stu.graduation_year(list(by_field["academic_year"].unique()), year)
previous = year - 1
# What the charts below read besides their arguments: their figures and tables are cached per this view.
CONTEXT = {"region": region, "year": year, "district": district, "college": college, "lang": lang}


def coverage(table: str, y: int | None):
    """Whether the region's rows of `table` in year y are real, demo or mixed, when the view sums over the whole
    region (no district or college chosen); the source line then says for how many colleges each."""
    return scope_coverage(region, y, table) if y is not None and district is None and college is None else None


def metric(label: str, value: str, change: float | None, *, kind: str = "count", since: int | None = None,
           help: str | None = None) -> None:
    """A metric with its change against the previous year."""
    delta = fmt_delta(change, lang, kind)
    still = delta == "±0"
    st.metric(label, value, delta=delta, delta_color="off" if still else "normal",
              delta_arrow="off" if still else "auto",
              delta_description=t("students.vs", lang, year=year_label(since)) if change is not None else None,
              help=help, border=True)


def known(value) -> bool:
    """A number that is there: neither None nor NaN (pandas stores a missing share as NaN)."""
    return value is not None and not pd.isna(value)


def count_or_dash(value: float | None) -> str:
    return fmt_int(value, lang) if known(value) else "—"


# Headline: students, admitted, graduates and their employment, each against the year before.
# The figures of the Overview and `python -m tvet.figures`, for the chosen district or college (tvet.indicators).
totals = run_query("region_year_totals", **params)
now, before = figures(totals, year), figures(totals, previous)
now_students, before_students = now["students"].value, before["students"].value
now_admitted, before_admitted = now["admitted"].value, before["admitted"].value
grads = figures(totals, grad_year) if grad_year is not None else {}
grads_before = figures(totals, grad_year - 1) if grad_year is not None else {}


def value_of(found: dict, key: str) -> float | None:
    return found[key].value if key in found else None


def mixed_line(found: dict, key: str) -> None:
    if key in found and found[key].coverage.status == "mixed":
        st.caption(t("figures.card_mixed", lang, coverage=coverage_text(found[key].coverage, lang)))


c1, c2, c3, c4 = st.columns(4)
with c1:
    metric(t("students.card.students", lang, year=year_label(year)), count_or_dash(now_students),
           stu.change(now_students, before_students), since=previous, help=t("students.help.students", lang))
    mixed_line(now, "students")
with c2:
    metric(t("students.card.admitted", lang, year=year_label(year)), count_or_dash(now_admitted),
           stu.change(now_admitted, before_admitted), since=previous, help=t("students.help.admitted", lang))
    mixed_line(now, "admitted")
grad_label = year_label(grad_year) if grad_year is not None else "—"
with c3:
    metric(t("students.card.graduates", lang, year=grad_label), count_or_dash(value_of(grads, "graduates")),
           stu.change(value_of(grads, "graduates"), value_of(grads_before, "graduates")),
           since=grad_year - 1 if grad_year else None, help=t("students.help.graduates", lang))
    mixed_line(grads, "graduates")
with c4:
    rate = value_of(grads, "employment_rate")
    metric(t("students.card.employment_rate", lang, year=grad_label),
           fmt_pct(rate, lang) if known(rate) else "—",
           stu.change(rate, value_of(grads_before, "employment_rate")), kind="share",
           since=grad_year - 1 if grad_year else None, help=t("students.help.employment_rate", lang))
on_leave = stu.on_leave_in(enrollment, year)
if on_leave:  # reported by a register export; demo rows leave it empty
    st.markdown(t("students.on_leave", lang, n=fmt_int(on_leave, lang), year=year_label(year)))


# Enrolment over the years, by course, funding or language: stacked bars and the shares table.
def category_label(view: str, value: object) -> str:
    if view == "course":
        return t("students.course", lang, n=int(value))
    return value_label(view, value, lang)


view = url_choice(st.segmented_control, t("students.view.label", lang), list(stu.VIEWS), "view", "course",
                  lambda v: t(f"students.view.{v}", lang))


def enrollment_chart(view: str) -> tuple:
    counts = stu.composition(enrollment, view)
    share = stu.shares(counts)
    labels = [category_label(view, c) for c in counts.columns]
    x = [year_label(int(y)) for y in counts.index]
    fig = go.Figure()
    for i, (col, label) in enumerate(zip(counts.columns, labels)):
        fig.add_bar(x=x, y=counts[col], name=label, marker_color=charts.PALETTE[i % len(charts.PALETTE)],
                    customdata=[fmt_pct(s, lang) if pd.notna(s) else "—" for s in share[col]],
                    hovertemplate=f"{label}<br>%{{x}}: %{{y:,}} (%{{customdata}})<extra></extra>")
    fig.update_layout(barmode="stack")
    charts.style(fig, lang, x_title=t("filter.year", lang), y_title=t("students.axis.students", lang), height=420)
    charts.year_axis(fig)
    table = pd.DataFrame({t("filter.year", lang): x})
    for col, label in zip(counts.columns, labels):
        table[label] = counts[col].to_numpy()
        table[t("students.col.share_of", lang, what=label)] = (share[col] * 100).round(1).to_numpy()
    table[t("students.col.total", lang)] = counts.sum(axis=1).to_numpy()
    caption = None
    if year in counts.index:
        parts = [f"{label} — {fmt_pct(share.at[year, col], lang)}" for col, label in zip(counts.columns, labels)
                 if pd.notna(share.at[year, col])]
        caption = t("students.enrollment.caption", lang, year=year_label(year), parts="; ".join(parts))
    return chart_args(f"students_by_{view}", t(f"students.enrollment.title_{view}", lang), fig, table, lang,
                      filters={**filters, t("students.view.label", lang): t(f"students.view.{view}", lang)},
                      is_demo=bool(enrollment["is_demo"].any()), caption=caption,
                      coverage=coverage("fct_enrollment", year))


draw_chart(cached(enrollment_chart, view, **CONTEXT))

# Admission: the plan against those admitted, by funding; applicants per place where they are reported.
def admission_chart() -> tuple:
    adm = stu.admission_by_year(admission)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.1)
    base = {"planned": None, "admitted": None}
    for funding in FUNDING_COLOURS:
        part = adm[adm["funding"] == funding].set_index("academic_year")
        if part.empty:
            continue
        px = [year_label(int(y)) for y in part.index]
        name = value_label("funding", funding, lang)
        for measure, pattern, opacity in (("planned", "/", 0.45), ("admitted", "", 1.0)):
            values = part[measure]
            prior = base[measure]
            bottom = prior.reindex(part.index).fillna(0) if prior is not None else pd.Series(0, index=part.index)
            fig.add_bar(x=px, y=values.fillna(0), base=list(bottom), offsetgroup=measure, row=1, col=1,
                        name=t(f"students.series.{measure}", lang, funding=name),
                        marker={"color": FUNDING_COLOURS[funding], "opacity": opacity,
                                "pattern": {"shape": pattern}, "line": {"width": 1, "color": "white"}},
                        customdata=[count_or_dash(v if pd.notna(v) else None) for v in values],
                        hovertemplate=t(f"students.series.{measure}", lang, funding=name)
                        + "<br>%{x}: %{customdata}<extra></extra>")
            base[measure] = bottom + values.fillna(0)
        ratio = part["applicants_per_place"]
        fig.add_scatter(x=px, y=ratio, mode="lines+markers", row=2, col=1, connectgaps=False,
                        name=t("students.series.applicants_per_place", lang, funding=name),
                        line={"color": FUNDING_COLOURS[funding], "width": 2},
                        hovertemplate=t("students.series.applicants_per_place", lang, funding=name)
                        + "<br>%{x}: %{y:.2f}<extra></extra>")
    fig.update_layout(barmode="group", bargap=0.25)
    charts.style(fig, lang, height=560)
    charts.year_axis(fig)
    fig.update_yaxes(title_text=t("students.axis.people", lang), row=1, col=1)
    fig.update_yaxes(title_text=t("students.axis.applicants_per_place", lang), row=2, col=1, rangemode="tozero")
    fig.update_xaxes(title_text=t("filter.year", lang), row=2, col=1)
    table = pd.DataFrame({
        t("filter.year", lang): [year_label(int(y)) for y in adm["academic_year"]],
        t("filter.funding", lang): [t("students.col.all_funding", lang) if f == "total"
                                    else value_label("funding", f, lang) for f in adm["funding"]],
        t("students.col.planned", lang): adm["planned"],
        t("students.col.admitted", lang): adm["admitted"],
        t("students.col.fill_pct", lang): [round(v * 100, 1) if known(v) else None for v in adm["fill"]],
        t("students.col.applicants", lang): adm["applicants"],
        t("students.col.applicants_per_place", lang): [round(v, 2) if known(v) else None
                                                         for v in adm["applicants_per_place"]],
        t("students.col.reporting_pct", lang): [round(v * 100, 1) if known(v) else None
                                                  for v in adm["reporting_share"]],
    })
    this = adm[(adm["academic_year"] == year) & (adm["funding"] == "total")]
    caption = None
    if not this.empty:
        r = this.iloc[0]
        caption = t("students.admission.caption", lang, year=year_label(year), admitted=count_or_dash(
            r["admitted"] if pd.notna(r["admitted"]) else None), planned=count_or_dash(r["planned"]),
            share=fmt_pct(r["reporting_share"], lang) if known(r["reporting_share"]) else "—",
            rows=fmt_int(r["rows_with_applicants"], lang), total=fmt_int(r["row_count"], lang))
    return chart_args("students_admission", t("students.admission.title", lang), fig, table, lang, filters=filters,
                      is_demo=bool(admission["is_demo"].any()), caption=caption,
                      coverage=coverage("fct_admission", year))


draw_chart(cached(admission_chart, **CONTEXT))


# Graduates and their employment, by ISCED-F broad field and by college, for one graduation year.
def wrap(text: str, width: int = 34) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def outcomes_chart(frame: pd.DataFrame, names: pd.Series) -> go.Figure:
    """Horizontal stacked bars: employed, continued study and the rest, one bar per row; employment rate beside."""
    order = frame.assign(_name=names).sort_values(["graduates", "_name"], ascending=[True, False])
    y = [wrap(n) for n in order["_name"]]
    fig = go.Figure()
    for part in ("employed", "continued_study", "other"):
        label = t(f"students.series.{part}", lang)
        fig.add_bar(y=y, x=order[part].fillna(0), orientation="h", name=label, marker_color=OUTCOME_COLOURS[part],
                    customdata=list(zip(order["_name"], [fmt_int(g, lang) for g in order["graduates"]])),
                    hovertemplate="<b>%{customdata[0]}</b><br>" + label + ": %{x:,}<br>"
                    + t("students.col.graduates", lang) + ": %{customdata[1]}<extra></extra>")
    fig.add_scatter(y=y, x=order["graduates"], mode="text", showlegend=False, hoverinfo="skip",
                    text=["  " + (fmt_pct(r, lang) if known(r) else "—") for r in order["employment_rate"]],
                    textposition="middle right")
    fig.update_layout(barmode="stack", bargap=0.3, legend={"traceorder": "normal"})
    fig.update_yaxes(categoryorder="array", categoryarray=y)
    fig.update_xaxes(range=[0, float(order["graduates"].max()) * 1.15 or 1])
    charts.style(fig, lang, x_title=t("students.axis.graduates", lang), y_title="",
                 height=150 + 34 * len(order) + 8 * int(sum(n.count("<br>") for n in y)))
    return fig


def outcomes_table(frame: pd.DataFrame, name_header: str, names: pd.Series) -> pd.DataFrame:
    out = pd.DataFrame({
        name_header: names,
        t("students.col.graduates", lang): frame["graduates"],
        t("students.col.employed", lang): frame["employed"],
        t("students.col.employment_rate_pct", lang): [round(r * 100, 1) if known(r) else None
                                                       for r in frame["employment_rate"]],
        t("students.col.continued_study", lang): frame["continued_study"],
    })
    return out.sort_values(t("students.col.graduates", lang), ascending=False, ignore_index=True)


def graduates_charts() -> list:
    grad_filters = {**filters, t("filter.year", lang): grad_label}
    if grad_year is None:
        return [chart_args("students_graduates_field", t("students.graduation.title_field", lang, year="—"), None,
                           pd.DataFrame(), lang, filters=grad_filters, is_demo=False)]
    fields = stu.with_employment(by_field[by_field["academic_year"] == grad_year])
    field_names = localized(fields, lang).fillna(fields["field_code"])
    field_names = fields["field_code"] + " " + field_names
    note = t("students.graduation.caption", lang, year=grad_label)
    if grad_year != year:
        note += " " + t("students.graduation.not_yet", lang, year=year_label(year), shown=grad_label)
    per_college = stu.with_employment(by_college[by_college["academic_year"] == grad_year])
    college_labels = localized(per_college, lang)
    return [
        chart_args("students_graduates_field", t("students.graduation.title_field", lang, year=grad_label),
                   outcomes_chart(fields, field_names), outcomes_table(fields, t("filter.field", lang), field_names),
                   lang, filters=grad_filters, is_demo=bool(fields["is_demo"].any()), caption=note,
                   coverage=coverage("fct_graduation", grad_year)),
        chart_args("students_graduates_college", t("students.graduation.title_college", lang, year=grad_label),
                   outcomes_chart(per_college, college_labels),
                   outcomes_table(per_college, t("filter.college", lang), college_labels), lang,
                   filters=grad_filters, is_demo=bool(per_college["is_demo"].any()),
                   caption=t("students.graduation.rate_note", lang), coverage=coverage("fct_graduation", grad_year)),
    ]


for args in cached(graduates_charts, **CONTEXT):
    draw_chart(args)
graduated = by_college[by_college["academic_year"] == grad_year]
profile_links(lang, graduated["college_id"], localized(graduated, lang))
