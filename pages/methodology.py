"""Data and methodology: where every number comes from, which rows are demo, how computed figures compare with
published ones, what the last build read and checked, the definitions, a glossary, and every table to download."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from etl.schema import LOADABLE
from pages.common.blocks import build_id, chart_block, demo_notice, no_data, source_line
from pages.common.data import WarehouseMissing, mart_preview, run_query, whole_table
from pages.common.filters import localized, region_filter, region_names
from pages.common.frame import md_escape, page_frame, url_choice, year_label
from tvet import charts, marts, settings
from tvet.exports import ExportMeta
from tvet.figures import coverage_text
from tvet.i18n import LANGUAGES, catalogue, fmt_delta, fmt_int, fmt_pct, t
from tvet.indicators import Coverage
from tvet.methodology import (
    check_column,
    check_status,
    is_plain_url,
    reconcile,
    short_hash,
)

SHOWN_ROWS = 1000

lang = page_frame("methodology.title")
try:
    region = region_filter(lang)
except WarehouseMissing:
    st.title(t("methodology.heading", lang))
    st.error(t("app.no_warehouse", lang))
    st.code("python -m etl build", language=None)
    st.stop()

st.title(t("methodology.heading", lang))
st.caption(t("methodology.subheading", lang))
demo_rows = run_query("methodology_demo_rows")
demo_notice(lang, bool(demo_rows["demo_rows"].sum() > 0))


def tr(prefix: str, value: object) -> str:
    """A coded value in the page's language; the code itself where the catalogue has no message for it."""
    key = f"methodology.{prefix}.{value}"
    return t(key, lang) if key in catalogue("en") else str(value)


def qualified(value: float, qualifier: object) -> str:
    q = qualifier if isinstance(qualifier, str) and qualifier else "exact"
    return t(f"home.qualifier.{q}", lang, value=fmt_int(value, lang))


def text(x: object) -> str:
    return x if isinstance(x, str) else ""


# --- 1. Sources ---------------------------------------------------------------------------------------------
st.header(t("methodology.sources.heading", lang))
st.caption(t("methodology.sources.caption", lang))
sources = run_query("methodology_sources", lang=lang)


def link(url: object) -> str:
    """A source's address as a Markdown link whose text is escaped; an address that is not a plain http(s) URL
    is shown as code (never as a link), and a missing one says so."""
    if not text(url):
        return t("methodology.sources.no_link", lang)
    if is_plain_url(url):
        return f"[{md_escape(url)}]({url})"
    return f"`{url}`" if "`" not in str(url) else md_escape(url)


def source_item(r) -> str:
    parts = [md_escape(x) for x in (r["publisher"], r["published_on"]) if text(x)]
    head = f"- **{md_escape(r['title'])}**" + (f" ({', '.join(parts)})" if parts else "")
    facts = [md_escape(r["source_id"]), tr("source_kind", r["kind"])]
    if text(r["licence"]):
        facts.append(md_escape(r["licence"]))
    facts.append(link(r["url"]))
    rows = (t("methodology.sources.rows", lang, n=fmt_int(r["warehouse_rows"], lang), tables=md_escape(r["tables"]))
            if r["warehouse_rows"] else t("methodology.sources.no_rows", lang))
    return head + "  \n  " + " · ".join(facts) + "  \n  " + rows


used = sources[sources["warehouse_rows"] > 0]
st.markdown(t("methodology.sources.used", lang, n=len(used), total=len(sources)))
st.markdown("\n".join(source_item(r) for _, r in sources.iterrows()))
st.caption(t("methodology.sources.code_lists", lang))
source_table = pd.DataFrame({
    t("methodology.col.source_id", lang): sources["source_id"],
    t("methodology.col.title", lang): sources["title"],
    t("methodology.col.publisher", lang): sources["publisher"],
    t("methodology.col.kind", lang): [tr("source_kind", k) for k in sources["kind"]],
    t("methodology.col.date", lang): [text(d) or "—" for d in sources["published_on"]],
    t("methodology.col.link", lang): [text(u) or "—" for u in sources["url"]],
    t("methodology.col.licence", lang): sources["licence"],
    t("methodology.col.warehouse_rows", lang): sources["warehouse_rows"],
    t("methodology.col.tables", lang): [text(x) or "—" for x in sources["tables"]],
})
with st.expander(t("methodology.sources.as_table", lang)):
    chart_block("methodology_sources", t("methodology.sources.table", lang), None, source_table, lang, filters={},
                is_demo=False, table_only=True, sources=t("methodology.sources.self", lang))

# --- 2. Published and demo ----------------------------------------------------------------------------------
st.header(t("methodology.demo.heading", lang))
st.caption(t("methodology.demo.caption", lang))
TABLE = t("methodology.col.table", lang)
DEMO = t("methodology.col.demo_rows", lang)
OTHER = t("methodology.col.other_rows", lang)
order = demo_rows.sort_values("table_name", ascending=False)
share = {c: [round(100 * int(n) / int(total), 1) if total else 0.0 for n, total in zip(order[c], order["total_rows"])]
         for c in ("demo_rows", "other_rows")}
fig = go.Figure()
for c, name, colour in (("demo_rows", DEMO, charts.PALETTE[3]), ("other_rows", OTHER, charts.PALETTE[0])):
    fig.add_bar(y=order["table_name"], x=share[c], name=name, orientation="h", marker_color=colour,
                text=[fmt_int(v, lang) if v else "" for v in order[c]], textposition="inside",
                insidetextanchor="middle", customdata=[fmt_int(v, lang) for v in order[c]],
                hovertemplate="%{y}: %{customdata} — " + name + " (%{x}%)<extra></extra>")
fig.update_layout(barmode="stack")
charts.style(fig, lang, x_title=t("methodology.axis.share_rows", lang), y_title=None, height=380)
fig.update_xaxes(range=[0, 100], ticksuffix="%" if lang == "en" else " %")
demo_table = pd.DataFrame({
    TABLE: demo_rows["table_name"],
    t("methodology.col.rows", lang): demo_rows["total_rows"],
    DEMO: demo_rows["demo_rows"],
    OTHER: demo_rows["other_rows"],
    t("methodology.col.demo_sources", lang): [text(x) or "—" for x in demo_rows["demo_sources"]],
    t("methodology.col.other_sources", lang): [text(x) or "—" for x in demo_rows["other_sources"]],
})
chart_block("methodology_demo_rows", t("methodology.demo.chart", lang), fig, demo_table, lang, filters={},
            is_demo=bool(demo_rows["demo_rows"].sum() > 0), sources=t("methodology.demo.source", lang),
            caption=t("methodology.demo.table_caption", lang))

def coverage_section(scopes: pd.DataFrame) -> None:
    """Coverage per table × academic year × college (etl_coverage), filterable by table; the mixed years first."""
    st.subheader(t("methodology.coverage.heading", lang))
    st.caption(t("methodology.coverage.caption", lang))
    for _, r in scopes[scopes["status"] == "mixed"].iterrows():
        mixed = Coverage("mixed", int(r["colleges_real"]), int(r["colleges_demo"]))
        name = f"{tr('table', r['table_name'])} ({r['table_name']})"
        st.markdown(t("methodology.coverage.mixed_line", lang, table=name, year=year_label(int(r["academic_year"])),
                      coverage=coverage_text(mixed, lang)))
    cover = run_query("coverage_colleges", region=region)
    tables = sorted(set(cover["table_name"]))
    label = t("methodology.coverage.all", lang)
    chosen = url_choice(st.selectbox, t("methodology.coverage.filter", lang), [None, *tables], "coverage_table",
                        None, lambda n: label if n is None else f"{n} — {tr('table', n)}")
    rows = cover if chosen is None else cover[cover["table_name"] == chosen]
    names = localized(rows, lang)
    region_name = region_names(lang).get(region, region)
    table = pd.DataFrame({
        TABLE: rows["table_name"],
        t("methodology.coverage.col_year", lang): [year_label(int(y)) for y in rows["academic_year"]],
        t("methodology.coverage.col_college", lang): [
            t("methodology.coverage.region_level", lang) if not isinstance(c, str) else
            f"{n} ({c})" if isinstance(n, str) and n else c for c, n in zip(rows["college_id"], names)],
        t("methodology.coverage.col_status", lang): [t(f"methodology.coverage.{s}", lang) for s in rows["status"]],
        t("methodology.coverage.col_real_rows", lang): rows["real_rows"],
        t("methodology.coverage.col_demo_rows", lang): rows["demo_rows_in_sources"],
    })
    chart_block("methodology_coverage", t("methodology.coverage.table", lang, region=region_name), None, table, lang,
                filters={t("filter.region", lang): region_name,
                         t("methodology.coverage.filter", lang): chosen or t("methodology.coverage.all", lang)},
                is_demo=bool((rows["status"] == "demo").any()), table_only=True,
                sources=t("methodology.coverage.source", lang))


scopes = run_query("methodology_scopes", region=region)
st.subheader(t("methodology.scope.heading", lang))
st.caption(t("methodology.scope.caption", lang))
if scopes.empty:
    no_data(lang)
else:
    def scope_cell(r) -> str:
        if r["status"] == "mixed":
            return coverage_text(Coverage("mixed", int(r["colleges_real"]), int(r["colleges_demo"])), lang)
        if r["status"] == "real":
            return t("methodology.scope.real", lang, n=fmt_int(r["real_rows"], lang))
        return t("methodology.scope.demo", lang, n=fmt_int(r["demo_rows_in_sources"], lang))

    grid = scopes.assign(cell=[scope_cell(r) for _, r in scopes.iterrows()],
                         year=[year_label(int(y)) for y in scopes["academic_year"]])
    matrix = grid.pivot(index="table_name", columns="year", values="cell").fillna("—")
    matrix = matrix[sorted(matrix.columns)].reset_index()
    matrix["table_name"] = [f"{tr('table', x)} ({x})" for x in matrix["table_name"]]
    matrix = matrix.rename(columns={"table_name": TABLE})
    chart_block("methodology_scopes", t("methodology.scope.table", lang, region=region_names(lang).get(region, region)),
                None, matrix, lang, filters={t("filter.region", lang): region_names(lang).get(region, region)},
                is_demo=bool((scopes["status"] == "demo").any()), table_only=True,
                sources=t("methodology.scope.source", lang))
    replaced = int(scopes["demo_rows_replaced"].sum())
    if replaced:
        st.caption(t("methodology.scope.replaced", lang, n=fmt_int(replaced, lang)))
    coverage_section(scopes)

published_all = run_query("methodology_published_all", lang=lang)
st.caption(t("methodology.demo.published_never_demo", lang, n=fmt_int(len(published_all), lang),
             regions=published_all["region_code"].nunique()))
st.info(t("methodology.demo.universes", lang), icon=":material/info:")

REGION = t("filter.region", lang)
YEAR = t("filter.year", lang)
INDICATOR = t("methodology.col.indicator", lang)
VALUE = t("methodology.col.value", lang)
SOURCE = t("methodology.col.source", lang)

# Regions side by side: only with each figure's own year on its label.
comparable = [i for i in ("students", "colleges", "state_order_places")
              if published_all[(published_all["indicator"] == i) & (published_all["region_code"] != "KZ")]
              ["region_code"].nunique() > 1]
if comparable:
    indicator = url_choice(st.segmented_control, t("methodology.demo.indicator", lang), comparable, "indicator",
                           comparable[0], lambda i: tr("indicator", i))
    among = run_query("published_by_region", indicator=indicator, lang=lang).sort_values("value")
    # Two sources may publish the same region and year (the Bureau and a regional office): both bars stay, named.
    repeated = among.duplicated(["region_code", "academic_year"], keep=False)
    labels = [f"{n} ({year_label(int(y))})" + (f" — {p}" if r else "") for n, y, r, p in
              zip(localized(among, lang), among["academic_year"], repeated, among["source_publisher"])]
    colours = [charts.PALETTE[1] if c == region else charts.PALETTE[0] for c in among["region_code"]]
    fig = go.Figure(go.Bar(x=among["value"], y=labels, orientation="h", marker_color=colours,
                           text=[qualified(v, q) for v, q in zip(among["value"], among["qualifier"])],
                           textposition="outside", customdata=among["source_title"],
                           hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    charts.style(fig, lang, x_title=t("methodology.axis.published", lang, indicator=tr("indicator", indicator)),
                 y_title=None, height=max(300, 80 + 48 * len(among)))
    fig.update_xaxes(range=[0, float(among["value"].max()) * 1.25])
    among_table = pd.DataFrame({
        REGION: localized(among, lang), YEAR: [year_label(int(y)) for y in among["academic_year"]],
        VALUE: among["value"], t("methodology.col.qualifier", lang): [tr("qualifier", q) for q in among["qualifier"]],
        SOURCE: among["source_title"]})
    chart_block("methodology_among_regions", t("methodology.demo.among", lang, indicator=tr("indicator", indicator)),
                fig, among_table, lang, filters={INDICATOR: tr("indicator", indicator)}, is_demo=False,
                sources=t("methodology.sources.published", lang), caption=t("methodology.demo.among_caption", lang))

national = published_all[published_all["region_code"] == "KZ"]
students_kz = national[national["indicator"] == "students"].sort_values("academic_year")
if not students_kz.empty:
    # The Bureau's "organisations of TVET" and its narrower "colleges" universe may both be published for a year.
    repeated = students_kz.duplicated("academic_year", keep=False)
    x = [year_label(int(y)) + (f" — {p}" if r else "") for y, r, p in
         zip(students_kz["academic_year"], repeated, students_kz["source_publisher"])]
    fig = go.Figure(go.Bar(x=x, y=students_kz["value"], marker_color=charts.PALETTE[0],
                           text=[qualified(v, q) for v, q in zip(students_kz["value"], students_kz["qualifier"])],
                           textposition="outside", customdata=students_kz["source_title"],
                           hovertemplate="%{x}: %{text}<br>%{customdata}<extra></extra>"))
    charts.style(fig, lang, x_title=YEAR, y_title=t("methodology.axis.students", lang), height=380)
    charts.year_axis(fig)
    fig.update_yaxes(range=[0, float(students_kz["value"].max()) * 1.18])
    kz_table = pd.DataFrame({YEAR: x, VALUE: students_kz["value"],
                             t("methodology.col.qualifier", lang): [tr("qualifier", q) for q in
                                                                   students_kz["qualifier"]],
                             SOURCE: students_kz["source_title"]})
    chart_block("methodology_national_students", t("methodology.demo.national", lang), fig, kz_table, lang,
                filters={REGION: localized(students_kz, lang).iloc[0]}, is_demo=False,
                sources=t("methodology.sources.published", lang), caption=t("methodology.demo.national_caption", lang))

published_table = pd.DataFrame({
    REGION: localized(published_all, lang).fillna(published_all["region_code"]),
    YEAR: [year_label(int(y)) for y in published_all["academic_year"]],
    INDICATOR: [tr("indicator", i) for i in published_all["indicator"]],
    VALUE: [fmt_pct(v / 100, lang) if u == "percent" else fmt_int(v, lang)
            for v, u in zip(published_all["value"], published_all["unit"])],
    t("methodology.col.qualifier", lang): [tr("qualifier", q) for q in published_all["qualifier"]],
    t("methodology.col.unit", lang): [tr("unit", u) for u in published_all["unit"]],
    SOURCE: published_all["source_id"],
    t("methodology.col.source_kind", lang): [tr("source_kind", k) for k in published_all["source_kind"]],
    t("methodology.col.note", lang): [text(n) for n in published_all["note"]],
    t("methodology.published_quote.col", lang): [text(q) for q in published_all["quote"]],
})
chart_block("methodology_published", t("methodology.demo.published_table", lang), None, published_table, lang,
            filters={}, is_demo=False, table_only=True, sources=t("methodology.sources.published", lang))

# --- 3. Reconciliation --------------------------------------------------------------------------------------
st.header(t("methodology.reconcile.heading", lang))
if region is None:
    st.info(t("app.no_colleges", lang))
else:
    region_name = region_names(lang)[region]
    st.caption(t("methodology.reconcile.caption", lang, region=region_name))
    rec = reconcile(run_query("region_year_totals", region=region),
                    run_query("published_figures", region=region, lang=lang))
    counts = rec["status"].value_counts()
    st.markdown(t("methodology.reconcile.summary", lang, n=len(rec), agrees=int(counts.get("agrees", 0)),
                  differs=int(counts.get("differs", 0)), calibrated=int(counts.get("calibrated", 0)),
                  mixed=int(counts.get("mixed", 0)), none=int(counts.get("no_counterpart", 0)),
                  missing=int(counts.get("not_computed", 0))))
    RESULT = t("methodology.col.result", lang)
    rec_table = pd.DataFrame({
        YEAR: [year_label(y) for y in rec["academic_year"]],
        INDICATOR: [tr("indicator", i) for i in rec["indicator"]],
        t("methodology.col.published", lang): [qualified(v, q) for v, q in zip(rec["published"], rec["qualifier"])],
        t("methodology.col.computed", lang): [fmt_int(v, lang) if pd.notna(v) else "—" for v in rec["computed"]],
        t("methodology.col.difference", lang): [fmt_delta(d, lang) if pd.notna(d) else "—"
                                                for d in rec["difference"]],
        RESULT: [tr("status", s) for s in rec["status"]],
        SOURCE: rec["source_id"],
    })
    chart_block("methodology_reconciliation", t("methodology.reconcile.table", lang, region=region_name), None,
                rec_table, lang, filters={REGION: region_name}, is_demo=bool(rec["is_demo"].any()), table_only=True,
                sources=t("methodology.reconcile.source", lang),
                caption=t("methodology.reconcile.rules", lang))
    orphans = rec[rec["status"] == "no_counterpart"]
    if not orphans.empty:
        st.markdown(t("methodology.reconcile.orphans", lang) + "\n" + "\n".join(
            f"- {tr('indicator', r['indicator'])}, {year_label(int(r['academic_year']))}: "
            f"{qualified(r['published'], r['qualifier'])} ({md_escape(r['source_id'])})" for _, r in orphans.iterrows()))

# --- 4. The build -------------------------------------------------------------------------------------------
st.header(t("methodology.build.heading", lang))
build = run_query("methodology_build")
if build.empty:
    no_data(lang)
else:
    b = build.iloc[0]
    cells = [
        ("methodology.build.id", str(b["build_id"])),
        ("methodology.build.finished", str(b["finished_at"])[:16]),
        ("methodology.build.schema", str(int(b["schema_version"]))),
        ("methodology.build.technical", str(b["technical_fields"]).replace(",", ", ")),
        ("methodology.build.files", fmt_int(b["input_files"], lang)),
        ("methodology.build.rows", fmt_int(b["input_rows"], lang)),
    ]
    for row in (cells[:3], cells[3:]):
        for col, (key, value) in zip(st.columns(3), row):
            with col:
                st.metric(t(key, lang), value, help=t(f"{key}_help", lang), border=True)
    st.caption(t("methodology.build.caption", lang, run=str(b["run_id"]), status=tr("run_status", b["status"])))

inputs = run_query("methodology_inputs")
input_table = pd.DataFrame({
    t("methodology.col.file", lang): inputs["file"],
    t("methodology.col.sheet", lang): [text(s) or "—" for s in inputs["sheet"]],
    TABLE: inputs["table_name"],
    t("methodology.col.sha256", lang): [short_hash(h) for h in inputs["sha256"]],
    t("methodology.col.bytes", lang): inputs["bytes"],
    t("methodology.col.rows", lang): inputs["rows"],
    t("methodology.col.encoding", lang): inputs["encoding"],
    t("methodology.col.header_row", lang): inputs["header_row"],
    t("methodology.col.notes", lang): [text(n) or "—" for n in inputs["notes"]],
})
chart_block("methodology_inputs", t("methodology.build.inputs", lang), None, input_table, lang, filters={},
            is_demo=False, table_only=True, sources="etl_input", caption=t("methodology.build.inputs_caption", lang))

checks = run_query("methodology_checks")
status = [check_status(n, s) for n, s in zip(checks["failing_rows"], checks["severity"])]
passed = status.count("passed")
st.subheader(t("methodology.build.checks", lang))
st.markdown(t("methodology.build.checks_summary", lang, n=len(checks), passed=passed, failed=status.count("failed"),
              warnings=status.count("warning")))


def rule_text(check_name: str, rule: str) -> str:
    key = f"etl.rule.{rule}"
    if key not in catalogue("en"):
        return rule
    return t(key, lang, column=check_column(check_name))


SYMBOL = {"passed": "✓", "failed": "✗", "warning": "!"}
check_table = pd.DataFrame({
    t("methodology.col.check", lang): checks["check_name"],
    t("methodology.col.rule", lang): [rule_text(c, r) for c, r in zip(checks["check_name"], checks["rule"])],
    t("methodology.col.severity", lang): [tr("severity", s) for s in checks["severity"]],
    t("methodology.col.failing_rows", lang): checks["failing_rows"],
    t("methodology.col.result", lang): [f"{SYMBOL[s]} {tr('check', s)}" for s in status],
    t("methodology.col.example", lang): [text(e) or "—" for e in checks["example"]],
})
if checks.empty:
    no_data(lang)
else:
    st.dataframe(check_table, hide_index=True, width="stretch")
    st.caption(t("methodology.build.checks_caption", lang))

# --- 5. Definitions -----------------------------------------------------------------------------------------
st.header(t("methodology.def.heading", lang))
fields = run_query("methodology_fields")
technical = fields[fields["is_technical"]]
field_lines = "\n".join(f"- **{md_escape(c)}** — {md_escape(n)}" for c, n in zip(technical["code"],
                                                                                 localized(technical, lang)))
targets = settings.technical_targets()
st.subheader(t("methodology.def.technical_title", lang))
st.markdown(t("methodology.def.technical", lang, env="TVET_TECHNICAL_FIELDS",
              default=settings.default("technical_fields").replace(",", ", ")) + "\n\n" + field_lines)
st.markdown(t("methodology.def.technical_source", lang))
st.markdown(t("methodology.def.targets", lang, now=fmt_pct(targets[0], lang, 0) if targets else "—",
              next=fmt_pct(targets[-1], lang, 0) if targets else "—"))

st.subheader(t("methodology.def.years_title", lang))
st.markdown(t("methodology.def.years", lang))
reading = pd.DataFrame([
    {t("methodology.col.figure", lang): t(f"methodology.reading.{k}", lang),
     t("methodology.col.stated", lang): t(f"methodology.reading.{k}_stated", lang),
     YEAR: year_label(y)}
    for k, y in (("colleges", 2024), ("state_order", 2024), ("opened", 2024), ("memoranda", 2024),
                 ("planned", 2025), ("admission", 2025), ("events", 2025))])
st.dataframe(reading, hide_index=True, width="stretch")
st.caption(t("methodology.def.reading_note", lang))
st.markdown(t("methodology.plan_reading.text", lang))
st.markdown(t("methodology.def.graduation", lang))

st.subheader(t("methodology.def.region_title", lang))
st.markdown(t("methodology.def.region", lang))

st.subheader(t("methodology.def.codes_title", lang))
codes = run_query("methodology_code_status")
st.markdown(t("methodology.def.codes", lang) + "\n\n" + "\n".join(
    f"- **{tr('code_status', s)}**: {fmt_int(n, lang)}" for s, n in zip(codes["code_status"], codes["specialties"])))

st.subheader(t("methodology.def.qualifiers_title", lang))
st.markdown(t("methodology.def.qualifiers", lang, tolerance=fmt_pct(0.05, lang, 0)))

st.subheader(t("methodology.def.demo_title", lang))
st.markdown(t("methodology.def.demo", lang))

# --- 6. Glossary --------------------------------------------------------------------------------------------
st.header(t("methodology.glossary.heading", lang))
TERMS = list(dict.fromkeys(k.split(".")[2] for k in catalogue("en") if k.startswith("methodology.glossary.")
                           and k.endswith(".term")))
st.caption(t("methodology.glossary.caption", lang))
lines = []
for k in TERMS:
    others = "; ".join(f"{other}: {t(f'methodology.glossary.{k}.term', other)}" for other in LANGUAGES if other != lang)
    lines.append(f"- **{t(f'methodology.glossary.{k}.term', lang)}** ({others}) — {t(f'methodology.glossary.{k}.meaning', lang)}")
st.markdown("\n".join(lines))

# --- 7. Downloads -------------------------------------------------------------------------------------------
st.header(t("methodology.marts.heading", lang))
st.caption(t("methodology.marts.caption", lang))


table_name = url_choice(st.selectbox, t("methodology.marts.table", lang), list(LOADABLE), "table", "fct_enrollment",
                        lambda n: f"{n} — {tr('table', n)}")
# The whole table is read only when someone downloads it; the page shows its counts and first rows.
n_rows, is_demo, first_rows = mart_preview(table_name, SHOWN_ROWS)
st.metric(t("methodology.marts.rows", lang, table=table_name), fmt_int(n_rows, lang))
if n_rows > SHOWN_ROWS:
    st.caption(t("methodology.marts.first_rows", lang, shown=fmt_int(SHOWN_ROWS, lang), n=fmt_int(n_rows, lang)))
st.dataframe(first_rows, hide_index=True, width="stretch")
meta = ExportMeta(title=table_name, source=source_line(lang, is_demo, t("methodology.marts.source", lang)),
                  build_id=build_id(), filters={}, is_demo=is_demo, demo_note=t("block.demo_note", lang),
                  labels={k: t(f"export.{k}", lang) for k in ("title", "filters", "source", "build", "demo")})
for col, fmt in zip(st.columns([1, 1, 1, 4])[:3], marts.FORMATS):
    with col:
        st.download_button(t(f"methodology.marts.{fmt}", lang),
                           (lambda f=fmt, name=table_name: marts.mart_file(whole_table(name), f, meta)),
                           file_name=f"{table_name}.{fmt}", mime=marts.MIME[fmt], key=f"mart_{fmt}",
                           on_click="ignore", icon=":material/download:")
st.caption(meta.source)
