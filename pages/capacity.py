"""Capacity: where colleges are over-full or idle — students against design capacity, by college, district and
on a map, with the change against the previous year."""

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.common.blocks import chart_args, chart_block, demo_notice, draw_chart, no_data, scope_coverage
from pages.common.data import cached, run_query
from pages.common.filters import choice_filter, localized, region_names, require_region, value_label, year_filter
from pages.common.frame import md_escape, page_frame, url_choice, year_label
from pages.common.links import college_link, profile_links
from tvet import capacity as cap
from tvet import charts
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t
from tvet.indicators import figures
from tvet.methodology import is_plain_url

UNKNOWN_COLOUR = "#999999"
CAPACITY_COLOUR = "#222222"
DORMITORY_COLOUR = "#CC79A7"
TOWN_COLOUR = "#555555"

lang = page_frame("capacity.title")
region = require_region(lang, t("capacity.title", lang))

region_name = region_names(lang)[region]
everything = run_query("capacity_colleges", region=region, district=None)
years = cap.years_with_capacity(everything)
if not years:
    st.title(t("capacity.heading", lang, region=region_name))
    no_data(lang)
    st.stop()
year = year_filter(lang, years, years[-1])
districts = run_query("districts", region=region)
# Districts a published source says have no college (e.g. Kerbulak, 24.kz 2025): marked on the map.
no_college = cap.no_college_districts(run_query("district_statements", region=region, lang=lang))
no_college["name"] = localized(no_college, lang, prefix="district")
districts["name"] = localized(districts, lang)
district = choice_filter(lang, "filter.district", "district", dict(zip(districts["district_code"], districts["name"])))
data = everything if district is None else run_query("capacity_colleges", region=region, district=district)

st.title(t("capacity.heading", lang, region=region_name))
place = region_name if district is None else districts.set_index("district_code").at[district, "name"]
st.caption(t("capacity.subheading", lang, year=year_label(year), place=place))
demo_notice(lang, bool(data["is_demo"].any()), region, ("fct_capacity", "fct_enrollment"))

filters = {t("filter.year", lang): year_label(year),
           t("filter.district", lang): t("filter.all", lang) if district is None else place}
rows = cap.with_bands(data[(data["academic_year"] == year)])
if rows.empty:
    no_data(lang)
    st.stop()
rows["name"] = localized(rows, lang)
if rows["name"].duplicated().any():
    rows["name"] = rows["name"] + " (" + rows["college_id"] + ")"
rows["district"] = localized(rows, lang, prefix="district").fillna(t("capacity.no_district", lang))


def band_name(b: object) -> str:
    return value_label("band", b, lang) if isinstance(b, str) else t("capacity.band_unknown", lang)


rows["band_label"] = rows["band"].map(band_name)
is_demo = bool(rows["is_demo"].any())
# What the charts below read besides their arguments: their figures and tables are cached per this view.
CONTEXT = {"region": region, "year": year, "district": district, "lang": lang}


def coverage():
    """When the view sums over the whole region and its students or capacities that year are real for some
    colleges and demo for others: for how many of each (the source line and the downloads say it)."""
    if district is not None:
        return None
    return next((c for c in (scope_coverage(region, year, x) for x in ("fct_enrollment", "fct_capacity"))
                 if c.status == "mixed"), None)


previous = year - 1
vs = t("capacity.vs", lang, year=year_label(previous))


def metric(label: str, value: str, change: float | None, *, kind: str = "count", good: str = "up",
           help: str | None = None) -> None:
    """A metric with its change against the previous year; `good` says which direction is good news
    ("up", "down" or "none" when neither is)."""
    delta = fmt_delta(change, lang, kind)
    still = delta == "±0"
    colour = "off" if delta is None or still or good == "none" else ("normal" if good == "up" else "inverse")
    st.metric(label, value, delta=delta, delta_color=colour, delta_arrow="off" if still else "auto",
              delta_description=vs if change is not None else None, help=help, border=True)


# Headline: how many colleges are over-full, in the normal band, idle; students against places.
st.header(t("capacity.headline", lang, year=year_label(year)))
now, before = cap.band_counts(data, year), cap.band_counts(data, previous)
goods = {"over": "down", "normal": "up", "under": "down"}
for col, b in zip(st.columns(3), ("over", "normal", "under")):
    with col:
        metric(t(f"capacity.card.{b}", lang), fmt_int(now[b], lang) if now else "—",
               cap.change(now[b] if now else None, before[b] if before else None), good=goods[b],
               help=t(f"capacity.help.{b}", lang))
tot, tot_before = cap.totals(data, year) or {}, cap.totals(data, previous) or {}
# Students and design capacity are the figures of the Overview and `python -m tvet.figures` (tvet.indicators);
# utilisation and dormitory places are this page's own (tvet.capacity.totals).
district_totals = run_query("region_year_totals", region=region, district=district)
for found, into in ((figures(district_totals, year), tot), (figures(district_totals, previous), tot_before)):
    if into:
        into.update(students=found["students"].value, capacity=found["design_capacity"].value)
cols = st.columns(4)
for col, (key, what, kind, good) in zip(cols, (("students", "students", "count", "none"),
                                               ("capacity", "capacity", "count", "up"),
                                               ("utilisation", "utilisation", "share", "none"),
                                               ("dormitory", "dormitory_places", "count", "up"))):
    with col:
        value = tot.get(what)
        metric(t(f"capacity.card.{key}", lang), fmt_pct(value, lang) if kind == "share" else fmt_int(value, lang),
               cap.change(value, tot_before.get(what)), kind=kind, good=good, help=t(f"capacity.help.{key}", lang))
if tot:
    st.caption(t("capacity.use_rule", lang, part_time=fmt_int(tot.get("part_time"), lang),
                 seats=fmt_int(tot.get("seats"), lang),
                 shifts=fmt_int(int((data[(data["academic_year"] == year)]["shifts"].fillna(1) > 1).sum()), lang)))


def hover(frame: pd.DataFrame, title_col: str) -> tuple[list, str]:
    """customdata and a hovertemplate naming the college or district, students, capacity, use and band."""
    custom = list(zip(frame[title_col], [fmt_int(v, lang) for v in frame["students"]],
                      [fmt_int(v, lang) if pd.notna(v) else "—" for v in frame["design_capacity"]],
                      [fmt_pct(v, lang) if pd.notna(v) else "—" for v in frame["utilisation"]],
                      frame["band_label"]))
    template = ("<b>%{customdata[0]}</b><br>" + t("capacity.col.students", lang) + ": %{customdata[1]}<br>"
                + t("capacity.col.capacity", lang) + ": %{customdata[2]}<br>"
                + t("capacity.col.utilisation", lang) + ": %{customdata[3]}<br>"
                + t("capacity.col.band", lang) + ": %{customdata[4]}<extra></extra>")
    return custom, template


def use_text(frame: pd.DataFrame) -> list[str]:
    """Capacity use as text beside each bar (a leading space keeps it clear of the capacity tick)."""
    return ["  " + (fmt_pct(u, lang) if pd.notna(u) else "—") for u in frame["utilisation"]]


# Students against design capacity, one bar per college, sorted by utilisation.
ranked = rows.sort_values(["utilisation", "name"], ascending=[True, False], na_position="first")


def colleges_chart() -> tuple:
    fig = go.Figure()
    for b in (*cap.BANDS, None):
        part = ranked[ranked["band"].isna()] if b is None else ranked[ranked["band"] == b]
        if part.empty:
            continue
        custom, template = hover(part, "name")
        fig.add_bar(y=part["name"], x=part["students"], orientation="h", customdata=custom, hovertemplate=template,
                    name=t("capacity.series.students_band", lang, band=band_name(b)),
                    marker_color=charts.BAND_COLOURS.get(b, UNKNOWN_COLOUR))
    fig.add_scatter(y=ranked["name"], x=ranked["design_capacity"], mode="markers", name=t("capacity.series.capacity",
                    lang), marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": CAPACITY_COLOUR}},
                    hoverinfo="skip")
    fig.add_scatter(y=ranked["name"], x=ranked[["students", "design_capacity"]].max(axis=1), mode="text",
                    text=use_text(ranked), textposition="middle right", showlegend=False, hoverinfo="skip",
                    textfont={"size": 12})
    fig.update_yaxes(categoryorder="array", categoryarray=list(ranked["name"]))
    fig.update_xaxes(range=[0, float(ranked[["students", "design_capacity"]].max(axis=1).max()) * 1.15])
    fig.update_layout(bargap=0.25)
    charts.style(fig, lang, x_title=t("capacity.axis.people_places", lang), y_title="",
                 height=160 + 30 * len(ranked))
    table = pd.DataFrame({
        t("capacity.col.college", lang): ranked["name"],
        t("capacity.col.district", lang): ranked["district"],
        t("capacity.col.students", lang): ranked["students"],
        t("capacity.col.capacity", lang): ranked["design_capacity"],
        t("capacity.col.utilisation_pct", lang): (ranked["utilisation"] * 100).round(1),
        t("capacity.col.band", lang): ranked["band_label"],
        t("capacity.col.dormitory", lang): ranked["dormitory_places"],
    }).iloc[::-1]
    counts = now or {b: 0 for b in cap.BANDS}
    return chart_args("capacity_colleges", t("capacity.colleges.title", lang, year=year_label(year)), fig, table,
                      lang, filters=filters, is_demo=is_demo, coverage=coverage(),
                      caption=t("capacity.colleges.caption", lang, over=counts["over"], under=counts["under"],
                                n=len(ranked)))


draw_chart(cached(colleges_chart, **CONTEXT))
profile_links(lang, ranked["college_id"], ranked["name"])


# By district: students, design capacity, dormitory places; utilisation beside each.
def districts_chart() -> tuple:
    by_district = cap.district_summary(rows)
    by_district["name"] = localized(by_district, lang, prefix="district").fillna(t("capacity.no_district", lang))
    by_district["band_label"] = by_district["band"].map(band_name)
    ordered = by_district.iloc[::-1]
    fig = go.Figure()
    # Horizontal groups are drawn bottom-up: dormitory places, then capacity, then students at the top.
    fig.add_bar(y=ordered["name"], x=ordered["dormitory_places"], orientation="h", offsetgroup="dormitory",
                name=t("capacity.series.dormitory", lang), marker_color=DORMITORY_COLOUR,
                hovertemplate="%{y}<br>" + t("capacity.col.dormitory", lang) + ": %{x:,}<extra></extra>")
    fig.add_bar(y=ordered["name"], x=ordered["design_capacity"], orientation="h", offsetgroup="capacity",
                name=t("capacity.series.capacity", lang), marker_color=UNKNOWN_COLOUR,
                hovertemplate="%{y}<br>" + t("capacity.col.capacity", lang) + ": %{x:,}<extra></extra>")
    for b in (None, *reversed(cap.BANDS)):
        part = ordered[ordered["band"].isna()] if b is None else ordered[ordered["band"] == b]
        if part.empty:
            continue
        custom, template = hover(part, "name")
        fig.add_bar(y=part["name"], x=part["students"], orientation="h", offsetgroup="students",
                    customdata=custom, hovertemplate=template,
                    name=t("capacity.series.students_band", lang, band=band_name(b)),
                    marker_color=charts.BAND_COLOURS.get(b, UNKNOWN_COLOUR))
    fig.add_scatter(y=ordered["name"], x=ordered[["students", "design_capacity"]].max(axis=1), mode="text",
                    text=use_text(ordered), textposition="middle right", showlegend=False, hoverinfo="skip")
    fig.update_yaxes(categoryorder="array", categoryarray=list(ordered["name"]))
    fig.update_xaxes(range=[0, float(ordered[["students", "design_capacity"]].max(axis=1).max()) * 1.15])
    fig.update_layout(barmode="group", bargap=0.2, legend={"traceorder": "reversed"})
    charts.style(fig, lang, x_title=t("capacity.axis.people_places", lang), y_title="",
                 height=180 + 60 * len(ordered))
    table = pd.DataFrame({
        t("capacity.col.district", lang): by_district["name"],
        t("capacity.col.colleges", lang): by_district["colleges"],
        t("capacity.col.students", lang): by_district["students"],
        t("capacity.col.capacity", lang): by_district["design_capacity"],
        t("capacity.col.utilisation_pct", lang): (by_district["utilisation"] * 100).round(1),
        t("capacity.col.band", lang): by_district["band_label"],
        t("capacity.col.dormitory", lang): by_district["dormitory_places"],
    })
    top = by_district.iloc[0]
    return chart_args("capacity_districts", t("capacity.districts.title", lang, year=year_label(year)), fig, table,
                      lang, filters=filters, is_demo=is_demo, coverage=coverage(),
                      caption=t("capacity.districts.caption", lang, district=top["name"],
                                use=fmt_pct(top["utilisation"], lang)) if pd.notna(top["utilisation"]) else None)


draw_chart(cached(districts_chart, **CONTEXT))


# The map: longitude/latitude on a fixed aspect ratio, no base map (works offline).
KK_SUFFIXES = (" ауданы", " қаласы")  # "district", "city": the map's labels name the place only


def town_label(d: pd.Series) -> str:
    if lang == "kk":
        name = d["name_kk"] if isinstance(d["name_kk"], str) and d["name_kk"] else d["centre_ru"]
        return next((name.removesuffix(s) for s in KK_SUFFIXES if name.endswith(s)), name)
    centre = d["centre_en"] if lang == "en" else d["centre_ru"]
    return centre if isinstance(centre, str) and centre else d["name"]


MAP_HEIGHT, MAP_PLOT_HEIGHT, MAP_PLOT_WIDTH = 760, 640, 1100  # px: the figure, and about its plotting area


def map_chart() -> tuple:
    """The map's chart, and the colleges it cannot place (no coordinates)."""
    spread = cap.spread(rows)
    region_year = cap.spread(everything[everything["academic_year"] == year])
    biggest = float(region_year["students"].max()) or 1.0
    spread["size"] = [7 + 17 * (s / biggest) ** 0.5 for s in spread["students"]]
    located = spread[spread["map_lat"].notna()]
    towns = districts[districts["lat"].notna() & districts["lon"].notna()].copy()
    towns["label"] = [town_label(d) for _, d in towns.iterrows()]
    # The whole region, or (with a district chosen) that district's colleges and town, zoomed in.
    shown_towns = towns if district is None else towns[towns["district_code"] == district]
    if located.empty and shown_towns.empty:
        shown_towns = towns
    aspect = cap.aspect_ratio(towns["lat"])
    pad = 0.3 if district is None else 0.15
    lons = pd.concat([shown_towns["lon"], located["map_lon"]]).dropna()
    lats = pd.concat([shown_towns["lat"], located["map_lat"]]).dropna()
    x_range = [lons.min() - pad * aspect, lons.max() + pad * aspect]
    y_range = [lats.min() - pad, lats.max() + pad]
    px_per_deg = min(MAP_PLOT_HEIGHT / (y_range[1] - y_range[0]), MAP_PLOT_WIDTH * aspect / (x_range[1] - x_range[0]))
    # Circles of colleges around each town come from the whole region, so a label keeps clear of them.
    radius = (region_year["map_lat"] - region_year["lat"]).abs().groupby(region_year["district_code"]).max().to_dict()
    towns = cap.label_places(towns, radius, located, px_per_deg=px_per_deg, aspect=aspect)
    # Widen the view to the labels of the towns shown, so none is cut at the edge.
    near = towns[(towns["lon"].between(*x_range)) & (towns["lat"].between(*y_range))]
    x_range = [min(x_range[0], near["label_west"].min() - 0.02), max(x_range[1], near["label_east"].max() + 0.02)]
    y_range = [min(y_range[0], near["label_south"].min() - 0.02), max(y_range[1], near["label_north"].max() + 0.02)]
    fig = go.Figure()
    fig.add_scatter(x=towns["lon"], y=towns["lat"], mode="markers", name=t("capacity.map.towns", lang),
                    marker={"symbol": "cross-thin", "size": 10, "line": {"width": 1.5, "color": TOWN_COLOUR}},
                    text=towns["name"], hovertemplate="%{text}<extra></extra>")
    fig.add_scatter(x=towns["label_lon"], y=towns["label_lat"], mode="text", text=towns["label"], showlegend=False,
                    textposition=list(towns["label_position"]), textfont={"size": 13, "color": TOWN_COLOUR},
                    hoverinfo="skip")
    none = no_college.merge(towns[["district_code", "lat", "lon"]], on="district_code")
    if district is not None:
        none = none[none["district_code"] == district]
    if not none.empty:
        fig.add_scatter(x=none["lon"], y=none["lat"], mode="markers", name=t("capacity.no_college.legend", lang),
                        marker={"symbol": "circle-open", "size": 24, "color": TOWN_COLOUR,
                                "line": {"width": 2, "color": TOWN_COLOUR}},
                        text=[t("capacity.no_college.hover", lang, district=html.escape(n), year=year_label(int(y)),
                                source=html.escape(src)) for n, y, src in zip(none["name"], none["academic_year"],
                                                                 none["source_title"])],
                        hovertemplate="%{text}<extra></extra>")
    for b in (*cap.BANDS, None):
        part = located[located["band"].isna()] if b is None else located[located["band"] == b]
        if part.empty:
            continue
        custom, template = hover(part, "name")
        fig.add_scatter(x=part["map_lon"], y=part["map_lat"], mode="markers", name=band_name(b),
                        customdata=custom, hovertemplate=template,
                        marker={"size": list(part["size"]), "color": charts.BAND_COLOURS.get(b, UNKNOWN_COLOUR),
                                "opacity": 0.9, "line": {"width": 1, "color": "white"}})
    fig.update_xaxes(range=x_range, ticksuffix="°", showgrid=True, gridcolor="#f0f0f0", zeroline=False,
                     constrain="domain")
    fig.update_yaxes(range=y_range, ticksuffix="°", scaleanchor="x", scaleratio=aspect, showgrid=True,
                     gridcolor="#f0f0f0", zeroline=False, constrain="domain")
    charts.style(fig, lang, x_title=t("capacity.axis.lon", lang), y_title=t("capacity.axis.lat", lang),
                 height=MAP_HEIGHT)
    table = pd.DataFrame({
        t("capacity.col.college", lang): spread["name"],
        t("capacity.col.district", lang): spread["district"],
        t("capacity.col.students", lang): spread["students"],
        t("capacity.col.capacity", lang): spread["design_capacity"],
        t("capacity.col.utilisation_pct", lang): (spread["utilisation"] * 100).round(1),
        t("capacity.col.band", lang): spread["band_label"],
        t("capacity.col.lat", lang): spread["lat"],
        t("capacity.col.lon", lang): spread["lon"],
    }).sort_values(t("capacity.col.college", lang))
    args = chart_args("capacity_map", t("capacity.map.title", lang, year=year_label(year)), fig, table, lang,
                      filters=filters, is_demo=is_demo, caption=t("capacity.map.caption", lang))
    missing = spread[spread["map_lat"].isna()].sort_values("name")
    return args, missing[["college_id", "name", "district"]]


map_args, missing = cached(map_chart, **CONTEXT)
draw_chart(map_args)
for _, d in no_college.iterrows():
    if district is not None and d["district_code"] != district:
        continue
    title = md_escape(d["source_title"])
    source = f"[{title}]({d['source_url']})" if is_plain_url(d["source_url"]) else title
    st.markdown(t("capacity.no_college.note", lang, district=md_escape(d["name"]),
                  year=year_label(int(d["academic_year"])), quote=md_escape(d["note"] if isinstance(d["note"], str) else ""), source=source))
if not missing.empty:
    st.markdown(t("capacity.map.no_coordinates", lang, n=len(missing)))
    st.markdown("\n".join(f"- {college_link(n, c, lang)} ({md_escape(d)})"
                          for c, n, d in zip(missing["college_id"], missing["name"], missing["district"])))

# One college: its figures this year and its students over the years.
st.header(t("capacity.card.title", lang))
names = dict(zip(rows["college_id"], rows["name"]))
options = sorted(names, key=names.__getitem__)
fullest = ranked["college_id"].iloc[-1]
if st.query_params.get("college") is not None and st.query_params.get("college") not in names:
    st.query_params.pop("college")  # a college of another district or year: the link should not keep it
college = url_choice(st.selectbox, t("filter.college", lang), options, "college", fullest, names.__getitem__)
one = rows[rows["college_id"] == college].iloc[0]
history = cap.with_bands(data[data["college_id"] == college]).sort_values("academic_year")
before_row = history[history["academic_year"] == previous]
with st.container(border=True):
    st.markdown(f"**{college_link(one['name'], college, lang)}**")
    st.markdown(t("capacity.card.about", lang, district=md_escape(one["district"]),
                  ownership=value_label("ownership", one["ownership"], lang),
                  specialties=fmt_int(one["specialties"], lang)))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        metric(t("capacity.col.students", lang), fmt_int(one["students"], lang),
               cap.change(float(one["students"]), float(before_row["students"].iloc[0]) if not before_row.empty
                          else None), good="none")
    with c2:
        metric(t("capacity.col.capacity", lang),
               fmt_int(one["design_capacity"], lang) if pd.notna(one["design_capacity"]) else "—", None)
    with c3:
        before_use = before_row["utilisation"].iloc[0] if not before_row.empty else None
        metric(t("capacity.col.utilisation", lang),
               fmt_pct(one["utilisation"], lang) if pd.notna(one["utilisation"]) else "—",
               cap.change(one["utilisation"] if pd.notna(one["utilisation"]) else None,
                          before_use if before_use is not None and pd.notna(before_use) else None),
               kind="share", good="none")
        st.caption(t("capacity.card.band", lang, band=one["band_label"]))
    with c4:
        metric(t("capacity.col.dormitory", lang),
               fmt_int(one["dormitory_places"], lang) if pd.notna(one["dormitory_places"]) else "—", None)

hist = history[history["students"].notna()]
fig = go.Figure()
fig.add_bar(x=[year_label(int(y)) for y in hist["academic_year"]], y=hist["students"],
            name=t("capacity.series.students", lang), marker_color=charts.PALETTE[0],
            hovertemplate="%{x}: %{y:,}<extra></extra>")
fig.add_scatter(x=[year_label(int(y)) for y in hist["academic_year"]], y=hist["design_capacity"],
                mode="lines+markers", name=t("capacity.series.capacity", lang),
                line={"color": CAPACITY_COLOUR, "dash": "dash", "width": 2},
                hovertemplate="%{x}: %{y:,}<extra></extra>")
charts.style(fig, lang, x_title=t("filter.year", lang), y_title=t("capacity.axis.people_places", lang), height=320)
charts.year_axis(fig)
table = pd.DataFrame({
    t("filter.year", lang): [year_label(int(y)) for y in hist["academic_year"]],
    t("capacity.col.students", lang): hist["students"],
    t("capacity.col.capacity", lang): hist["design_capacity"],
    t("capacity.col.utilisation_pct", lang): (hist["utilisation"] * 100).round(1),
    t("capacity.col.band", lang): hist["band"].map(band_name),
    t("capacity.col.dormitory", lang): hist["dormitory_places"],
    t("capacity.col.specialties", lang): hist["specialties"],
})
chart_block("capacity_college_years", t("capacity.card.history", lang, college=one["name"]), fig, table, lang,
            filters={**filters, t("filter.college", lang): one["name"]}, is_demo=bool(history["is_demo"].any()))
