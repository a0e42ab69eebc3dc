"""College profile: everything known about one college, year over year, each figure beside the median of its
region's colleges, with its sources and a mark where it comes from demo rows. Opened as /college?college=ID (every
college name on the other pages links here); prints on one A4 page."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.blocks import PLOTLY_CONFIG, build_id, demo_notice, no_data, source_line
from pages.common.data import derived, run_query
from pages.common.filters import localized, require_region, value_label, year_filter
from pages.common.frame import md_escape, page_frame, url_choice, year_label
from tvet import charts
from tvet import college as prof
from tvet.exports import ExportMeta, to_csv, to_xlsx
from tvet.i18n import fmt_int, t

CHART_WIDTH = 700  # px: fits the printable width of A4 (190 mm ≈ 718 px), so the printed chart is never cut
NONE = ""  # the selector's "choose a college" option

# Printing: no sidebar, menu, toolbar, selectors or buttons; the page's own content on one A4 sheet.
PRINT_CSS = """<style>
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stElementToolbar"],
  [data-testid="stDownloadButton"], [data-testid="stSelectbox"] { display: none !important; }
  [data-testid="stMain"], [data-testid="stAppViewContainer"] { margin: 0 !important; padding: 0 !important; }
  [data-testid="stMainBlockContainer"], .block-container { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMainBlockContainer"] { zoom: 0.78; }
  [data-testid="stVerticalBlock"] { gap: 0.25rem !important; }
  [data-testid="stAlert"] > div { padding: 0.3rem 0.6rem !important; }
  h1 { font-size: 20pt !important; padding: 0 !important; }
  h3 { font-size: 13pt !important; padding: 0.3rem 0 0 0 !important; }
  p, li, [data-testid="stCaptionContainer"], [data-testid="stAlert"] p { font-size: 8.5pt !important; margin: 0 !important; }
  table { font-size: 8.5pt !important; } th, td { padding: 0 4px !important; line-height: 1.25 !important; }
  .js-plotly-plot, table { break-inside: avoid; }
}
</style>"""

lang = page_frame("college.title")
title = t("college.title", lang)
region = require_region(lang, title)
asked = st.query_params.get("college")
info = run_query("college_info", college=asked) if asked else pd.DataFrame()
if not info.empty:
    region = str(info.iloc[0]["region_code"])  # a college's profile compares it with its own region
colleges = run_query("students_colleges", region=region, district=None)
names = dict(zip(colleges["college_id"], localized(colleges, lang)))
st.html(PRINT_CSS)


def choose_college() -> str | None:
    """The selector (above the profile; hidden in print). An unknown ?college= is said plainly, never a traceback."""
    if asked and info.empty:
        st.title(title)
        st.error(t("college.unknown", lang, college=md_escape(asked)))
    options = [NONE, *sorted(names, key=names.__getitem__)]
    label = {NONE: t("college.pick_none", lang), **names}
    chosen = url_choice(st.selectbox, t("college.pick", lang), options, "college", NONE, label.__getitem__)
    return chosen or None


college = choose_college()
if college is None:
    if not asked:
        st.title(title)
        st.info(t("college.pick_lead", lang))
    st.stop()
if info.empty:  # chosen in the selector just now
    info = run_query("college_info", college=college)
about = info.iloc[0]
name = localized(info, lang).iloc[0]
rows = derived(prof.profile, "college_measures", {"region": region}, college)
all_years = prof.years(rows)
st.title(name)
district = localized(info, lang, "district").iloc[0]
st.caption(t("college.about", lang, district=md_escape(district) if isinstance(district, str) and district else
             t("college.no_district", lang), region=md_escape(localized(info, lang, "region").iloc[0]),
             ownership=value_label("ownership", about["ownership"], lang), college=md_escape(college)))
is_demo = bool(rows["is_demo"].any()) or bool(about["is_demo"])
demo_notice(lang, is_demo, region, ("fct_enrollment", "fct_capacity", "fct_admission", "fct_graduation",
                                      "fct_assessment"))
if not all_years:
    no_data(lang)
    st.stop()
with_students = sorted({int(y) for y in rows.loc[rows["measure"] == "students", "academic_year"]})
year = year_filter(lang, all_years, with_students[-1] if with_students else None)
shown = prof.shown_years(all_years, year)
build = build_id()


def downloads(key: str, heading: str, data: pd.DataFrame, demo: bool, sources: str) -> None:
    """CSV and XLSX of a table, carrying its title, the college, the source and the build id (as on every page)."""
    meta = ExportMeta(title=heading, source=source_line(lang, demo, sources, build), build_id=build,
                      filters={t("filter.college", lang): f"{name} ({college})",
                               t("filter.year", lang): year_label(year)},
                      is_demo=demo, demo_note=t("block.demo_note", lang),
                      labels={k: t(f"export.{k}", lang) for k in ("title", "filters", "source", "build", "demo")})
    with st.container(horizontal=True):
        st.download_button(t("block.csv", lang), lambda: to_csv(data, meta), file_name=f"{key}.csv",
                           mime="text/csv", key=f"csv_{key}", icon=":material/download:")
        st.download_button(t("block.xlsx", lang), lambda: to_xlsx(data, meta), file_name=f"{key}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"xlsx_{key}", icon=":material/download:")


def series(measure: str, column: str = "value") -> pd.Series:
    part = rows[rows["measure"] == measure].set_index("academic_year")[column]
    return part.reindex(all_years)


def students_chart() -> go.Figure:
    """Students and design capacity over the years, the stated contingent where there is one, and the region's
    median of students as a dashed line."""
    x = [year_label(y) for y in all_years]
    fig = go.Figure()
    fig.add_bar(x=x, y=series("students"), name=t("college.chart.students", lang), marker_color=charts.PALETTE[0],
                hovertemplate="%{x}: %{y:,}<extra></extra>")
    fig.add_scatter(x=x, y=series("design_capacity"), mode="lines+markers", name=t("college.chart.capacity", lang),
                    line={"color": "#222222", "width": 2}, hovertemplate="%{x}: %{y:,}<extra></extra>")
    contingent = series("contingent_stated")
    if contingent.notna().any():
        fig.add_scatter(x=x, y=contingent, mode="markers", name=t("college.chart.contingent", lang),
                        marker={"symbol": "diamond", "size": 10, "color": charts.PALETTE[1]},
                        hovertemplate="%{x}: %{y:,}<extra></extra>")
    fig.add_scatter(x=x, y=series("students", "region_median"), mode="lines", name=t("college.chart.median", lang),
                    line={"color": charts.PALETTE[8], "dash": "dash", "width": 2},
                    hovertemplate="%{x}: %{y:,.1f}<extra></extra>")
    charts.style(fig, lang, y_title=t("college.chart.axis", lang), height=260)
    charts.year_axis(fig)
    fig.update_layout(width=CHART_WIDTH, margin={"t": 30, "b": 10, "l": 10, "r": 10},
                      legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"})
    return fig


def sources_of(frame: pd.DataFrame) -> str:
    return prof.sources_text(frame["sources"]) or t("block.source_default", lang)


# Students and capacity over the years.
st.header(t("college.chart.title", lang))
st.plotly_chart(students_chart(), key="chart_college_students", config=PLOTLY_CONFIG, width="content", theme=None)

# Every figure, year over year, beside the region's median.
st.header(t("college.table.title", lang))
st.table(prof.display_table(rows, shown, lang).set_index(t("college.col.indicator", lang)))
st.caption(t("college.table.caption", lang, n=len(shown), year=year_label(year), first=year_label(all_years[0]),
             last=year_label(all_years[-1])) + " " + t("college.demo_mark", lang, mark=md_escape(prof.DEMO_MARK)))
absent = prof.missing(rows)
if absent:
    st.caption(t("college.not_reported", lang, what="; ".join(t(f"college.measure.{m}", lang) for m in absent)))
st.caption(source_line(lang, bool(rows["is_demo"].any()), sources_of(rows), build))
downloads(f"college_{college}", f"{name}: {t('college.table.title', lang)}", prof.export_table(rows, lang),
          bool(rows["is_demo"].any()), sources_of(rows))


def specialty_block() -> None:
    """The college's students in the year by specialty and course, with the total beside the region's median."""
    heading = t("college.specialties.title", lang, year=year_label(year))
    st.header(heading)
    students = derived(prof.specialty_table, "college_specialties", {"region": region}, college, year)
    if students.empty:
        st.caption(t("college.specialties.none", lang, year=year_label(year)))
        return
    courses = [c for c in students.columns if c.startswith("course_")]
    numbers = pd.DataFrame({t("college.col.specialty", lang): students["specialty_code"] + " "
                            + localized(students, lang).fillna("")})
    for c in courses:
        numbers[t("college.col.course", lang, n=c.removeprefix("course_"))] = students[c].to_numpy()
    numbers[t("college.col.total", lang)] = students["total"].to_numpy()
    numbers[t("college.col.specialty_median", lang)] = students["region_median"].to_numpy()
    numbers[t("college.col.colleges", lang)] = students["colleges"].to_numpy()
    shown_table = numbers.drop(columns=t("college.col.colleges", lang)).set_index(t("college.col.specialty", lang))
    shown_table = shown_table.map(lambda v: prof.fmt_value(v, "count", lang))
    marks = [prof.DEMO_MARK if d else "" for d in students["is_demo"]]
    shown_table[t("college.col.total", lang)] = shown_table[t("college.col.total", lang)] + marks
    st.table(shown_table)
    demo = bool(students["is_demo"].any())
    st.caption(t("college.specialties.caption", lang) + " " + source_line(lang, demo, sources_of(
        rows[(rows["measure"] == "students") & (rows["academic_year"] == year)]), build))
    downloads(f"college_{college}_specialties", f"{name}: {heading}", numbers, demo,
              sources_of(rows[rows["measure"] == "students"]))


specialty_block()
