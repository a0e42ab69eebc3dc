"""What-if planner: change state-order places (by field, or per college and specialty) and rates, and see what
follows for enrolment, graduates, capacity, cost and the technical share, baseline beside scenario; save, compare,
share and download scenarios. The model is tvet.planner; this page only arranges it."""

import json
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.blocks import build_id, chart_args, chart_block, demo_notice, draw_chart
from pages.common.data import cached, planner_baseline, planner_run, planner_tables, run_query
from pages.common.filters import localized, region_names, require_region
from pages.common.frame import md_escape, page_frame, url_choice, year_label
from pages.common.links import profile_links
from tvet import charts, settings
from tvet.exports import ExportMeta
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t
from tvet.planner import report, store
from tvet.planner.check import graduation_check
from tvet.planner.inputs import REGION_LEVEL, NoData
from tvet.planner.scenario import MAX_HORIZON, Scenario, ScenarioError
from tvet.state_order import money

lang = page_frame("planner.title")
region = require_region(lang, t("planner.title", lang))
region_name = region_names(lang)[region]
folder = settings.scenarios_dir()
targets = settings.technical_targets()

# --- a saved scenario named in the URL (?scenario=<id>) is the starting point ----------------------------------------
loaded_id = st.query_params.get("scenario", "")
loaded: Scenario | None = None
if loaded_id:
    try:
        loaded = store.load(folder, loaded_id)
    except ScenarioError as e:
        st.query_params.pop("scenario", None)
        st.warning(md_escape(e.message(lang)), icon=":material/warning:")  # it repeats the id from the URL: never a link
        loaded_id = ""
if st.session_state.get("planner_loaded") != loaded_id:
    # A different scenario opened: the editors start again from it.
    st.session_state["planner_loaded"] = loaded_id
    st.session_state["planner_version"] = st.session_state.get("planner_version", 0) + 1
    for key in ("url_horizon", "url_rate_years"):
        st.session_state.pop(key, None)
    if loaded:
        st.query_params["horizon"] = str(loaded.horizon)
        st.query_params["rate_years"] = str(loaded.rate_years)
version = st.session_state.get("planner_version", 0)
parts = report.split_loaded(loaded) if loaded else report.split_loaded(Scenario())

# --- controls -------------------------------------------------------------------------------------------------------
with st.sidebar:
    horizon = url_choice(st.select_slider, t("planner.horizon", lang), list(range(1, MAX_HORIZON + 1)), "horizon",
                         5, help=t("planner.help.horizon", lang))
    rate_years = url_choice(st.selectbox, t("planner.rate_years", lang), [2, 3, 4, 5], "rate_years", 2,
                            lambda n: t("planner.rate_years_n", lang, n=n), help=t("planner.help.rate_years", lang))

try:
    inputs, baseline = planner_baseline(region, rate_years, horizon)
except NoData:
    st.title(t("planner.heading", lang, region=region_name))
    st.info(t("planner.no_data", lang), icon=":material/info:")
    st.stop()

base = inputs.base_year
years = baseline.years
last = years[-1]
specialties = run_query("planner_specialties")
spec_name = dict(zip(specialties["specialty_code"], localized(specialties, lang)))
fields = run_query("state_order_fields")
field_name = dict(zip(fields["code"], localized(fields, lang)))
colleges = run_query("planner_colleges", region=region)
college_name = dict(zip(colleges["college_id"], localized(colleges, lang)))
college_name[REGION_LEVEL] = t("state_order.region_level", lang)


def field_label(code: str) -> str:
    return f"{code} {field_name.get(code, '')}".strip()


def specialty_label(code: str) -> str:
    return f"{code} {spec_name.get(code, '')}".strip()


st.title(t("planner.heading", lang, region=region_name))
st.caption(t("planner.subheading", lang, base=year_label(base), students=fmt_int(inputs.start.sum(), lang),
             places=fmt_int(inputs.places_for(base + 1).sum(), lang),
             order=year_label(inputs.order_year_for(base + 1)) if inputs.places else "—",
             first=year_label(base - rate_years + 1), last=year_label(base)))
demo_notice(lang, inputs.is_demo, region, ("fct_enrollment", "fct_admission", "fct_graduation", "fct_state_order",
                                            "fct_capacity"))
check = graduation_check(inputs, run_query("planner_expected_graduates", region=region, year=base))
if check:
    st.caption(t("planner.check.graduates", lang, n=check.colleges, year=year_label(base),
                 stated=fmt_int(check.stated, lang), model=fmt_int(check.model, lang)))
if loaded:
    st.info(t("planner.opened", lang, name=md_escape(loaded.name or loaded_id)), icon=":material/folder_open:")
    if loaded.build_id and loaded.build_id != inputs.build_id:
        st.warning(t("planner.warning.other_data", lang, saved=loaded.build_id, current=inputs.build_id), icon=":material/warning:")

by_options = [0, *years[1:]] if len(years) > 1 else [0]
order_label = year_label(inputs.order_year_for(base + 1)) if inputs.places else "—"
tab_simple, tab_streams, tab_rates = st.tabs([t("planner.mode.simple", lang), t("planner.mode.detailed", lang),
                                              t("planner.mode.rates", lang)], key="planner_mode")

# --- simple mode: ± places or % per broad field, reached at once or by a year ----------------------------------------
field_rows, stream_rows, rates = planner_tables(region, rate_years, horizon)
simple_loaded = {r["isced_broad"]: r for r in parts["simple"]}
simple_table = pd.DataFrame({
    "isced_broad": field_rows["isced_broad"],
    "field": [field_label(c) + (" ●" if tech else "") for c, tech in zip(field_rows["isced_broad"],
                                                                          field_rows["is_technical"])],
    "places": field_rows["places"].astype(int),
    "change": [float(simple_loaded.get(c, {}).get("change", 0)) for c in field_rows["isced_broad"]],
    "unit": [simple_loaded.get(c, {}).get("unit", "places") for c in field_rows["isced_broad"]],
})
unit_labels = {"places": t("planner.unit.places", lang), "percent": t("planner.unit.percent", lang)}
with tab_simple:
    st.caption(t("planner.simple.caption", lang, year=order_label))
    edited_simple = st.data_editor(
        simple_table, key=f"simple_{version}", hide_index=True, width="stretch", disabled=["field", "places"],
        column_order=["field", "places", "change", "unit"],
        column_config={
            "field": st.column_config.TextColumn(t("planner.col.field", lang), width="large"),
            "places": st.column_config.NumberColumn(t("planner.col.places", lang, year=order_label),
                                                    format="%d"),
            "change": st.column_config.NumberColumn(t("planner.col.change", lang), step=1,
                                                    help=t("planner.help.change", lang)),
            "unit": st.column_config.SelectboxColumn(t("planner.col.unit", lang), options=list(unit_labels),
                                                     format_func=unit_labels.get, required=True),
        })
    c1, c2 = st.columns(2)
    with c1:
        default_by = parts["by"] if parts["by"] in by_options else 0
        simple_by = st.selectbox(t("planner.by", lang), by_options, index=by_options.index(default_by),
                                 key=f"simple_by_{version}",
                                 format_func=lambda y: t("planner.by_now", lang) if y == 0 else year_label(y),
                                 help=t("planner.help.by", lang))
    with c2:
        ts = parts["technical_share"]
        share_on = st.toggle(t("planner.share.toggle", lang), value=ts is not None, key=f"share_on_{version}",
                             help=t("planner.help.share_target", lang))
        # Shown only when the toggle is on: a disabled field's faded label fails the contrast check (axe-core).
        target_pct = share_by = None
        if share_on:
            share_cols = st.columns(2)
            target_pct = share_cols[0].number_input(
                t("planner.share.target", lang), 0, 100, int(round((ts.target if ts else targets[-1]) * 100)),
                key=f"share_target_{version}")
            share_by = share_cols[1].selectbox(
                t("planner.share.by", lang), years,
                index=years.index(ts.by) if ts and ts.by in years else len(years) - 1,
                key=f"share_by_{version}", format_func=year_label)

# --- detailed mode: places per college × specialty, and rates ------------------------------------------------------
stream_loaded = {(r["college_id"], r["specialty_code"], r["entry_base"]): r["set"] for r in parts["streams"]}
stream_table = pd.DataFrame({
    "college_id": stream_rows["college_id"], "specialty_code": stream_rows["specialty_code"],
    "entry_base": stream_rows["entry_base"],
    "college": [college_name.get(c, c) for c in stream_rows["college_id"]],
    "specialty": [specialty_label(c) for c in stream_rows["specialty_code"]],
    "base_label": [t(f"value.entry_base.{b}", lang) for b in stream_rows["entry_base"]],
    "students": stream_rows["students"].round().astype(int),
    "places": stream_rows["places"].astype(int),
})
stream_table["new_places"] = [float(stream_loaded.get(k, p)) for k, p in zip(
    zip(stream_table["college_id"], stream_table["specialty_code"], stream_table["entry_base"]),
    stream_table["places"])]
with tab_streams:
    st.caption(t("planner.detailed.places_caption", lang, year=year_label(base + 1), order=order_label))
    edited_streams = st.data_editor(
        stream_table, key=f"streams_{version}", hide_index=True, width="stretch", height=420,
        column_order=["college", "specialty", "base_label", "students", "places", "new_places"],
        disabled=["college", "specialty", "base_label", "students", "places"],
        column_config={
            "college": st.column_config.TextColumn(t("planner.col.college", lang), width="medium"),
            "specialty": st.column_config.TextColumn(t("planner.col.specialty", lang), width="medium"),
            "base_label": st.column_config.TextColumn(t("planner.col.entry_base", lang)),
            "students": st.column_config.NumberColumn(t("planner.col.students", lang, year=year_label(base)),
                                                      format="%d"),
            "places": st.column_config.NumberColumn(t("planner.col.places", lang, year=order_label),
                                                    format="%d"),
            "new_places": st.column_config.NumberColumn(t("planner.col.new_places", lang), min_value=0, step=1,
                                                        format="%d"),
        })

rate_loaded = {}
for r in parts["rates"]:
    rate_loaded[(r["specialty_code"], r["entry_base"], r["rate"], r.get("course"))] = r["value"]
for r in parts["fills"]:
    rate_loaded[(r["specialty_code"], r["entry_base"], "fill", None)] = r["value"]


def rate_name(rate: str, course: int) -> str:
    if rate == "promotion":
        return t("planner.rate.promotion", lang, k=course, next=course + 1)
    return t(f"planner.rate.{rate}", lang)


def quality_text(row) -> str:
    notes = []
    if row.assumed:
        notes.append(t("planner.quality.assumed", lang, n=int(row.assumed)))
    if row.out_of_range:
        notes.append(t("planner.quality.out_of_range", lang, n=int(row.out_of_range)))
    if row.few_students:
        notes.append(t("planner.quality.few_students", lang, n=int(row.few_students)))
    return "; ".join(notes) or "✓"


def loaded_override(code: str, entry_base: str, rate: str, course: int):
    value = rate_loaded.get((code, entry_base, rate, int(course) if rate == "promotion" else None))
    return None if value is None else value * 100


rate_view = pd.DataFrame({
    "specialty_code": rates["specialty_code"], "entry_base": rates["entry_base"], "rate": rates["rate"],
    "course": rates["course"].astype(int), "isced_broad": rates["isced_broad"],
    "specialty": [specialty_label(c) for c in rates["specialty_code"]],
    "base_label": [t(f"value.entry_base.{b}", lang) for b in rates["entry_base"]],
    "rate_label": [rate_name(r, int(c)) for r, c in zip(rates["rate"], rates["course"])],
    "estimate": (rates["value"] * 100).round(1),
    "students": rates["students"].astype(int),
    "quality": [quality_text(r) for r in rates.itertuples()],
    "override": pd.to_numeric(pd.Series([loaded_override(s, b, r, c) for s, b, r, c in zip(
        rates["specialty_code"], rates["entry_base"], rates["rate"], rates["course"])], dtype="object"),
        errors="coerce"),
})
edited_parts = []
with tab_rates:
    st.caption(t("planner.detailed.rates_caption", lang, first=year_label(base - rate_years + 1),
                 last=year_label(base)))
    for code in sorted(set(rate_view["isced_broad"])):
        shown = rate_view[rate_view["isced_broad"] == code]
        flagged = int((shown["quality"] != "✓").sum())
        overridden = int(shown["override"].notna().sum())
        title = t("planner.detailed.field_title", lang, field=field_label(code), rows=len(shown), flagged=flagged,
                  overridden=overridden)
        with st.expander(title, expanded=overridden > 0):
            edited_parts.append(st.data_editor(
                shown, key=f"rates_{version}_{code}", hide_index=True, width="stretch",
                column_order=["specialty", "base_label", "rate_label", "estimate", "students", "quality", "override"],
                disabled=["specialty", "base_label", "rate_label", "estimate", "students", "quality"],
                column_config={
                    "specialty": st.column_config.TextColumn(t("planner.col.specialty", lang), width="medium"),
                    "base_label": st.column_config.TextColumn(t("planner.col.entry_base", lang)),
                    "rate_label": st.column_config.TextColumn(t("planner.col.rate", lang)),
                    "estimate": st.column_config.NumberColumn(t("planner.col.estimate", lang), format="%.1f"),
                    "students": st.column_config.NumberColumn(t("planner.col.rate_students", lang), format="%d",
                                                              help=t("planner.help.rate_students", lang)),
                    "quality": st.column_config.TextColumn(t("planner.col.quality", lang),
                                                           help=t("planner.help.quality", lang)),
                    "override": st.column_config.NumberColumn(t("planner.col.override", lang), min_value=0.0,
                                                              max_value=100.0, step=0.5, format="%.1f",
                                                              help=t("planner.help.override", lang)),
                }))
    st.caption(t("planner.detailed.repetition_note", lang))
edited_rates = pd.concat(edited_parts) if edited_parts else rate_view

# --- the scenario the editors describe -----------------------------------------------------------------------------
share = {"target": round(target_pct / 100.0, 4), "by": int(share_by)} if share_on else None
try:
    rate_list, fill_list = report.rate_items(edited_rates)
    current = report.compose(
        {"name": loaded.name if loaded else "", "horizon": horizon, "rate_years": rate_years, "region": region},
        report.simple_items(edited_simple[["isced_broad", "change", "unit"]], simple_by or None),
        report.stream_items(edited_streams), rate_list, fill_list, share, parts["rest"])
    result = planner_run(region, rate_years, horizon, current, targets)
except ScenarioError as e:
    st.error(e.message(lang), icon=":material/error:")
    current, result = None, baseline

if parts["rest"]:
    st.caption(t("planner.rest", lang, n=sum(len(v) if isinstance(v, list) else 1 for v in parts["rest"].values())))
for w in result.warnings:
    st.warning(t(w.key, lang, **w.params), icon=":material/warning:")

# --- results: baseline vs scenario ------------------------------------------------------------------------------------
st.header(t("planner.results.title", lang, year=year_label(last)))
if current is None or current.is_baseline:
    st.caption(t("planner.results.baseline_only", lang))
b_last, s_last = report.final_year(baseline), report.final_year(result)
vs = t("planner.vs_baseline", lang)


def metric(col, label: str, value: str, delta: str | None, help_key: str) -> None:
    shown = delta if delta not in (None, "±0") else None
    with col:
        st.metric(label, value, delta=shown, delta_description=vs if shown else None, delta_color="off", border=True,
                  help=t(help_key, lang))


def diff(measure: str, kind: str = "count") -> str | None:
    a, b = s_last[measure], b_last[measure]
    if pd.isna(a) or pd.isna(b):
        return None
    if kind == "money":
        return money(a - b, lang, signed=True) if round(a - b) else None
    return fmt_delta(a - b, lang, kind)


row1 = st.columns(3)
metric(row1[0], t("planner.card.students", lang), fmt_int(s_last["students"], lang), diff("students"),
       "planner.help.students")
metric(row1[1], t("planner.card.graduates", lang), fmt_int(s_last["graduates"], lang), diff("graduates"),
       "planner.help.graduates")
metric(row1[2], t("planner.card.needed", lang), fmt_int(s_last["places_needed"], lang), diff("places_needed"),
       "planner.help.needed")
row2 = st.columns(3)
metric(row2[0], t("planner.card.places", lang), fmt_int(s_last["places"], lang), diff("places"),
       "planner.help.places")
metric(row2[1], t("planner.card.share", lang), fmt_pct(s_last["technical_share"], lang),
       diff("technical_share", "share"), "planner.help.share")
metric(row2[2], t("planner.card.cost", lang), money(s_last["cost_kzt"], lang), diff("cost_kzt", "money"),
       "planner.help.cost")
st.caption(t("planner.results.caption", lang, over=fmt_int(s_last["colleges_over"], lang),
             spare=fmt_int(s_last["spare_places"], lang)))

filters = {t("filter.region", lang): region_name, t("planner.horizon", lang): f"{year_label(years[0])} – "
           f"{year_label(last)}", t("planner.scenario", lang): (current.name if current and current.name else
                                                                 t("planner.unsaved", lang))}
labels = {"baseline": t("planner.baseline", lang), "scenario": t("planner.scenario", lang)}
all_years = [base, *years]
year_labels = [year_label(y) for y in all_years]
COLOURS = {"baseline": "#999999", "scenario": charts.PALETTE[0]}


def lines(measure: str, y_title: str, scale: float = 1.0, pct: bool = False) -> tuple[go.Figure, pd.DataFrame]:
    fig = go.Figure()
    table = pd.DataFrame({t("filter.year", lang): year_labels})
    for key, p in (("baseline", baseline), ("scenario", result)):
        series = p.summary.set_index("year")[measure].reindex(all_years)
        values = series * (100 if pct else scale)
        fig.add_scatter(x=year_labels, y=values, name=labels[key], mode="lines+markers",
                        line={"color": COLOURS[key], "width": 3, "dash": "dot" if key == "baseline" else "solid"})
        table[labels[key]] = values.round(1 if pct or scale != 1 else 0).to_numpy()
    table[t("planner.difference", lang)] = (table[labels["scenario"]] - table[labels["baseline"]]).round(1)
    charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang), y_title=y_title, height=380))
    return fig, table


def result_charts() -> list:
    """The results' charts and tables: students, technical share, graduates, cost, colleges."""
    drawn = []
    fig, table = lines("students", t("planner.axis.students", lang))
    drawn.append(chart_args("planner_students", t("planner.chart.students", lang), fig, table, lang, filters=filters,
                            is_demo=inputs.is_demo,
                            caption=t("planner.chart.students_caption", lang, base=year_label(base))))
    fig, table = lines("technical_share", t("planner.axis.share", lang), pct=True)
    for i, target in enumerate(targets):
        fig.add_hline(y=target * 100, line={"color": charts.PALETTE[3 - i], "dash": "dash", "width": 1.5},
                      annotation_text=t("planner.target", lang, value=fmt_pct(target, lang, 0)),
                      annotation_position="top left")
    drawn.append(chart_args("planner_share", t("planner.chart.share", lang), fig, table, lang, filters=filters,
                            is_demo=inputs.is_demo, caption=t("planner.chart.share_caption", lang)))

    grads = report.graduates_by_field(baseline, result, last)
    fig = go.Figure()
    names = [field_label(c) for c in grads["isced_broad"]]
    for key in ("baseline", "scenario"):
        fig.add_bar(y=names, x=grads[key], name=labels[key], orientation="h", marker_color=COLOURS[key])
    fig.update_layout(barmode="group", yaxis={"autorange": "reversed"})
    charts.style(fig, lang, x_title=t("planner.axis.graduates", lang), height=480)
    table = pd.DataFrame({t("planner.col.field", lang): names, labels["baseline"]: grads["baseline"].round(0),
                          labels["scenario"]: grads["scenario"].round(0),
                          t("planner.difference", lang): grads["difference"].round(0)})
    drawn.append(chart_args("planner_graduates", t("planner.chart.graduates", lang, year=year_label(last)), fig,
                            table, lang, filters=filters, is_demo=inputs.is_demo,
                            caption=t("planner.chart.graduates_caption", lang)))

    fig, table = lines("cost_kzt", t("planner.axis.cost", lang), scale=1e-9)
    for key, p in (("baseline", baseline), ("scenario", result)):
        committed = p.summary.set_index("year")["committed_cost_kzt"].reindex(all_years) * 1e-9
        table[f'{t("planner.committed", lang)}: {labels[key].lower()}'] = committed.round(2).to_numpy()
    first = years[0]
    committed_caption = t("planner.chart.committed_caption", lang, year=year_label(first),
                          scenario=money(result.summary.set_index("year").loc[first, "committed_cost_kzt"], lang),
                          baseline=money(baseline.summary.set_index("year").loc[first, "committed_cost_kzt"], lang))
    drawn.append(chart_args("planner_cost", t("planner.chart.cost", lang), fig, table, lang, filters=filters,
                            is_demo=inputs.is_demo,
                            caption=t("planner.chart.cost_caption", lang, base=year_label(base)) + " "
                            + committed_caption))

    hot = report.colleges_table(baseline, result, last)
    hot_table = pd.DataFrame({
        t("planner.col.college", lang): [college_name.get(c, c) for c in hot["college_id"]],
        t("planner.col.capacity", lang): hot["capacity"].round(0),
        t("planner.col.students_baseline", lang): hot["students_baseline"].round(0),
        t("planner.col.students_scenario", lang): hot["students"].round(0),
        t("planner.col.utilisation", lang): (hot["utilisation"] * 100).round(1),
        t("planner.col.needed", lang): hot["places_needed"].round(0),
        t("planner.col.spare", lang): hot["spare_places"].round(0),
    })
    drawn.append(chart_args("planner_colleges", t("planner.chart.colleges", lang, year=year_label(last)), None,
                            hot_table, lang, filters=filters, is_demo=inputs.is_demo, table_only=True,
                            caption=t("planner.chart.colleges_caption", lang)))
    return drawn


# Cached per scenario: a rerun that leaves the editors as they were does not rebuild the charts.
students_chart, share_chart, *other_charts = cached(result_charts, region=region, rate_years=rate_years,
                                                    horizon=horizon, lang=lang, scenario=current,
                                                    targets=tuple(targets))
c1, c2 = st.columns(2)
with c1:
    draw_chart(students_chart)
with c2:
    draw_chart(share_chart)
for args in other_charts:
    draw_chart(args)
profile_links(lang, colleges["college_id"], localized(colleges, lang))

with st.expander(t("planner.quality.title", lang)):
    q = inputs.quality
    counts = q.groupby(["rate", "flag"]).size().unstack(fill_value=0)
    st.markdown(t("planner.quality.lead", lang, min=10, streams=fmt_int(inputs.size, lang)))
    st.dataframe(counts.rename(index=lambda r: t(f"planner.rate.{r}", lang, k="k", next="k+1"),
                               columns=lambda c: t(f"planner.flag.{c}", lang)), width="stretch")
    for key in inputs.notes:
        st.caption(t(key, lang))
    st.caption(t("planner.quality.method", lang))

# --- scenarios: save, open, compare, delete, share, download ---------------------------------------------------------
st.header(t("planner.scenarios.title", lang))
bid = build_id()
c1, c2 = st.columns([3, 2])
with c1:
    with st.form(f"save_{version}", border=True):
        name = st.text_input(t("planner.scenarios.name", lang), value=loaded.name if loaded else "", max_chars=120)
        saved_now = st.form_submit_button(t("planner.scenarios.save", lang), icon=":material/save:",
                                          disabled=current is None)
    if saved_now and current is not None:
        try:
            sid = store.save(folder, current.with_meta(name=name.strip() or None), bid)
        except ScenarioError as e:
            st.error(e.message(lang), icon=":material/error:")
        else:
            st.session_state["planner_loaded"] = sid  # keep the editors as they are
            st.query_params["scenario"] = sid
            loaded_id = sid
            st.success(t("planner.scenarios.saved", lang, name=md_escape(name.strip())), icon=":material/check_circle:")
    if loaded_id:
        # The page's own address where the server knows it (a browser session), else the path alone.
        here = (st.context.url or "planner").split("?")[0]
        link = f"{here}?{urlencode({'scenario': loaded_id, 'lang': lang})}"
        st.markdown(t("planner.scenarios.share", lang))
        st.code(link, language=None)
with c2:
    if current is not None:
        meta = ExportMeta(title=t("planner.export.title", lang, name=current.name or t("planner.unsaved", lang)),
                          source=t("block.source_demo" if inputs.is_demo else "block.source", lang, build=bid,
                                   sources=t("block.source_default", lang)),
                          build_id=bid, filters=filters, is_demo=inputs.is_demo,
                          demo_note=t("block.demo_note", lang),
                          labels={k: t(f"export.{k}", lang) for k in ("title", "filters", "source", "build", "demo")})
        st.download_button(t("planner.export.xlsx", lang),
                           lambda: report.workbook(baseline, result, meta, {"scenario": t("planner.scenario", lang),
                                                                            "base_year": t("planner.base_year", lang)}),
                           file_name=f"scenario-{loaded_id or 'unsaved'}.xlsx", key="planner_xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:", width="stretch")
        st.download_button(t("planner.export.json", lang),
                           lambda: json.dumps(current.with_meta(build_id=bid).to_dict(), ensure_ascii=False,
                                              indent=2).encode("utf-8"),
                           file_name=f"scenario-{loaded_id or 'unsaved'}.json", mime="application/json",
                           key="planner_json", icon=":material/data_object:", width="stretch")
        st.caption(t("planner.export.cli", lang))

saved = store.saved(folder)
if not saved:
    st.caption(t("planner.scenarios.none", lang, folder=md_escape(folder)))
else:
    listing = pd.DataFrame({
        t("planner.scenarios.col_name", lang): [s.name for s in saved],
        t("planner.scenarios.col_created", lang): [s.created or "—" for s in saved],
        t("planner.horizon", lang): [s.horizon or None for s in saved],
        t("planner.scenarios.col_data", lang): [
            t("planner.scenarios.unreadable", lang) if not s.ok else
            t("planner.scenarios.other_data", lang, build=s.build_id) if s.made_on_other_data(bid) else
            t("planner.scenarios.same_data", lang) for s in saved],
    })
    st.dataframe(listing, hide_index=True, width="stretch")
    by_id = {s.id: s for s in saved}
    c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
    with c1:
        chosen = st.selectbox(t("planner.scenarios.choose", lang), list(by_id), format_func=lambda i: by_id[i].name,
                              key="planner_choose")
    with c2:
        if st.button(t("planner.scenarios.open", lang), icon=":material/folder_open:", width="stretch",
                     disabled=not by_id[chosen].ok):
            st.query_params["scenario"] = chosen
            st.rerun()
    with c3:
        with st.popover(t("planner.scenarios.delete", lang), icon=":material/delete:", width="stretch"):
            st.markdown(t("planner.scenarios.delete_confirm", lang, name=md_escape(by_id[chosen].name)))
            if st.button(t("planner.scenarios.delete_yes", lang), type="primary", key="planner_delete"):
                store.delete(folder, chosen)
                if chosen == loaded_id:
                    st.query_params.pop("scenario", None)
                st.rerun()

    readable = [s.id for s in saved if s.ok]
    compare_ids = st.multiselect(t("planner.compare.label", lang), readable, format_func=lambda i: by_id[i].name,
                                 max_selections=3, key="planner_compare", help=t("planner.compare.help", lang))
    if compare_ids:
        projections = {t("planner.baseline", lang): baseline}
        for sid in compare_ids:
            try:
                other = store.load(folder, sid)
                other = other.with_meta(horizon=horizon, rate_years=rate_years)
                projections[by_id[sid].name] = planner_run(region, rate_years, horizon, other, targets)
            except ScenarioError as e:
                st.warning(f"{md_escape(by_id[sid].name)}: {e.message(lang)}", icon=":material/warning:")
        rows = []
        measures = [("students", "int"), ("graduates", "int"), ("technical_graduates", "int"),
                    ("technical_share", "pct"), ("cost_kzt", "money"), ("places_needed", "int")]
        for label, p in projections.items():
            row = p.summary.iloc[-1]
            rows.append({t("planner.scenario", lang): label, **{
                t(f"planner.measure.{m}", lang): (fmt_int(row[m], lang) if kind == "int" else
                                                 fmt_pct(row[m], lang) if kind == "pct" else money(row[m], lang))
                for m, kind in measures}})
        st.markdown(t("planner.compare.title", lang, year=year_label(last)))
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        fig = go.Figure()
        for i, (label, p) in enumerate(projections.items()):
            series = p.summary.set_index("year")["students"].reindex(all_years)
            fig.add_scatter(x=year_labels, y=series, name=label, mode="lines+markers",
                            line={"color": "#999999" if i == 0 else charts.PALETTE[(i - 1) % len(charts.PALETTE)],
                                  "dash": "dot" if i == 0 else "solid", "width": 3})
        charts.year_axis(charts.style(fig, lang, x_title=t("filter.year", lang),
                                      y_title=t("planner.axis.students", lang), height=360))
        table = report.compare(projections, "students")
        table["year"] = [year_label(int(y)) for y in table["year"]]
        table = table.rename(columns={"year": t("filter.year", lang)}).round(0)
        chart_block("planner_compare", t("planner.compare.chart", lang), fig, table, lang, filters=filters,
                    is_demo=inputs.is_demo)
