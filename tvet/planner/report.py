"""What the planner page shows, computed without Streamlit: the editable tables (places by field, places by
stream, rates) and the scenario they make, baseline-vs-scenario comparisons, and the XLSX of inputs and outputs.
"""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd

from tvet.exports import ExportMeta, safe_cell, safe_frame
from tvet.planner import flow
from tvet.planner.inputs import Inputs
from tvet.planner.project import Projection
from tvet.planner.scenario import Scenario, parse

# The figures compared between baseline and scenarios, per year (columns of Projection.summary).
MEASURES = ("students", "admitted", "graduates", "technical_graduates", "dropouts", "state_students", "places",
            "technical_share", "cost_kzt", "committed_cost_kzt", "places_needed", "spare_places", "colleges_over")


# --- the editable tables ----------------------------------------------------------------------------------------------
def field_places(inputs: Inputs) -> pd.DataFrame:
    """One row per ISCED-F broad field with state-order places in the first projected year's order: the table of
    simple mode (field, is_technical, places)."""
    year = inputs.base_year + 1
    s = inputs.streams.assign(places=inputs.places_for(year))
    s = s[s["funding"] == "state"]
    out = s.groupby("isced_broad", as_index=False).agg(is_technical=("is_technical", "max"),
                                                       places=("places", "sum"))
    return out[out["places"] > 0].reset_index(drop=True)


def stream_places(inputs: Inputs) -> pd.DataFrame:
    """One row per state stream (college × specialty × entry base) with places in the first projected year's order
    or students: the places table of detailed mode."""
    year = inputs.base_year + 1
    s = inputs.streams.assign(places=inputs.places_for(year), students=inputs.start.sum(axis=1))
    s = s[(s["funding"] == "state") & ((s["places"] > 0) | (s["students"] > 0))]
    return s[["college_id", "specialty_code", "entry_base", "isced_broad", "is_technical", "places",
              "students"]].reset_index(drop=True)


def rate_table(inputs: Inputs) -> pd.DataFrame:
    """One row per specialty × entry base × rate (promotion of course k, graduation, fill): the rate estimated for
    the specialty (streams weighted by their students), the number of streams, and how many of them took their
    rate from a wider group (few students), were outside 0–1 before clipping, or were assumed."""
    q = inputs.quality.merge(inputs.streams[["specialty_code", "entry_base", "isced_broad"]].reset_index(
        names="stream"), on="stream")
    q = q.assign(weight=q["own_students"].clip(lower=1))
    q["wv"] = q["value"] * q["weight"]
    for flag in ("few_students", "out_of_range", "assumed"):
        q[flag] = q["flag"] == flag
    out = q.groupby(["specialty_code", "entry_base", "isced_broad", "rate", "course"], as_index=False).agg(
        wv=("wv", "sum"), weight=("weight", "sum"), streams=("stream", "nunique"), students=("own_students", "sum"),
        few_students=("few_students", "sum"), out_of_range=("out_of_range", "sum"), assumed=("assumed", "sum"))
    out["value"] = out["wv"] / out["weight"]
    order = {"promotion": 0, "graduation": 1, "fill": 2}
    out = out.assign(_o=out["rate"].map(order)).sort_values(["isced_broad", "specialty_code", "entry_base", "_o",
                                                              "course"])
    return out.drop(columns=["wv", "weight", "_o"]).reset_index(drop=True)


def simple_items(changes: pd.DataFrame, by: int | None) -> list[dict]:
    """`places` items from simple mode's table: one per field whose change is not 0. `changes` has columns
    isced_broad, change and unit ("places" or "percent")."""
    items = []
    for row in changes.itertuples(index=False):
        value = row.change
        if value is None or pd.isna(value) or float(value) == 0:
            continue
        op = "percent" if row.unit == "percent" else "change"
        item = {"field": str(row.isced_broad), op: float(value) if op == "percent" else int(round(float(value)))}
        if by is not None:
            item["by"] = int(by)
        items.append(item)
    return items


def stream_items(edited: pd.DataFrame) -> list[dict]:
    """`places` items from detailed mode's table: a total set for every stream whose new places differ."""
    items = []
    for row in edited.itertuples(index=False):
        new = row.new_places
        if new is None or pd.isna(new) or float(new) == float(row.places):
            continue
        items.append({"college_id": row.college_id, "specialty_code": row.specialty_code,
                      "entry_base": str(row.entry_base), "set": int(round(float(new)))})
    return items


def rate_items(edited: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """(`rates` items, `fill_rate` items) from detailed mode's rate table: one per row with an override (in %)."""
    rates, fills = [], []
    for row in edited.itertuples(index=False):
        value = row.override
        if value is None or pd.isna(value):
            continue
        share = round(float(value) / 100.0, 6)
        scope = {"specialty_code": row.specialty_code, "entry_base": str(row.entry_base)}
        if row.rate == "fill":
            fills.append({**scope, "value": share})
        elif row.rate == "graduation":
            rates.append({**scope, "graduation": share})
        else:
            rates.append({**scope, "course": int(row.course), row.rate: share})
    return rates, fills


def split_loaded(scenario: Scenario) -> dict:
    """A saved scenario taken apart into what the page's editors can show (simple: field changes with one `by`;
    streams: stream sets; rates; fill) and the rest, which is applied as it is."""
    simple, streams, other_places = [], [], []
    by_values = {c.by for c in scenario.places if c.scope.field and set(c.scope.as_dict()) == {"field"}
                 and c.op in ("change", "percent")}
    common_by = next(iter(by_values)) if len(by_values) == 1 else None
    for c in scenario.places:
        d = c.scope.as_dict()
        if set(d) == {"field"} and len(c.scope.field) == 2 and c.op in ("change", "percent") and c.by == common_by:
            simple.append({"isced_broad": c.scope.field, "change": c.value,
                           "unit": "percent" if c.op == "percent" else "places"})
        elif set(d) == {"college_id", "specialty_code", "entry_base"} and c.op == "set" and c.by is None:
            streams.append({**d, "set": c.value})
        else:
            other_places.append(c)
    rates, others_rates = [], []
    for c in scenario.rates:
        d = c.scope.as_dict()
        if set(d) - {"course"} == {"specialty_code", "entry_base"}:
            rates.append({**d, "rate": c.op, "value": c.value})
        else:
            others_rates.append(c)
    fills, other_fills = [], []
    for c in scenario.fill_rate:
        d = c.scope.as_dict()
        if set(d) == {"specialty_code", "entry_base"}:
            fills.append({**d, "value": c.value})
        else:
            other_fills.append(c)
    rest = scenario.to_dict()
    for key in ("places", "rates", "fill_rate", "technical_share", "name", "note", "build_id", "created",
                "horizon", "rate_years", "region"):
        rest.pop(key, None)
    keep = Scenario(places=tuple(other_places), rates=tuple(others_rates), fill_rate=tuple(other_fills)).to_dict()
    for key in ("places", "rates", "fill_rate"):
        if key in keep:
            rest[key] = keep[key]
    return {"simple": simple, "by": common_by, "streams": streams, "rates": rates, "fills": fills, "rest": rest,
            "technical_share": scenario.technical_share}


def compose(base: dict, simple: list[dict], streams: list[dict], rates: list[dict], fills: list[dict],
            technical_share: dict | None, rest: dict) -> Scenario:
    """The scenario the page's editors describe (simple changes first, then stream sets), checked by parse()."""
    data = dict(base)
    places = simple + streams + list(rest.get("places", []))
    if places:
        data["places"] = places
    all_rates = rates + list(rest.get("rates", []))
    if all_rates:
        data["rates"] = all_rates
    all_fills = fills + list(rest.get("fill_rate", []))
    if all_fills:
        data["fill_rate"] = all_fills
    for key in ("admissions", "cost_per_student", "capacity"):
        if rest.get(key):
            data[key] = rest[key]
    if technical_share:
        data["technical_share"] = technical_share
    return parse(data)


# --- comparisons ------------------------------------------------------------------------------------------------------
def compare(projections: dict[str, Projection], measure: str) -> pd.DataFrame:
    """One row per year, one column per projection (label), of one summary measure."""
    frames = []
    for label, p in projections.items():
        frames.append(p.summary.set_index("year")[measure].rename(label))
    return pd.concat(frames, axis=1).reset_index()


def final_year(projection: Projection) -> pd.Series:
    return projection.summary.iloc[-1]


def colleges_table(baseline: Projection, scenario: Projection, year: int) -> pd.DataFrame:
    """One row per college in `year`: capacity, students in the baseline and the scenario, the scenario's
    utilisation, places still needed and spare places; colleges short of places first."""
    b = baseline.colleges[baseline.colleges["year"] == year].set_index("college_id")
    s = scenario.colleges[scenario.colleges["year"] == year].set_index("college_id")
    out = pd.DataFrame({"capacity": s["capacity"], "students_baseline": b["students"].reindex(s.index),
                        "students": s["students"], "utilisation": s["utilisation"],
                        "places_needed": s["places_needed"], "spare_places": s["spare_places"]})
    out = out.reset_index()
    return out.sort_values(["places_needed", "utilisation"], ascending=[False, False]).reset_index(drop=True)


def graduates_by_field(baseline: Projection, scenario: Projection, year: int) -> pd.DataFrame:
    b = baseline.graduates_by_field()
    s = scenario.graduates_by_field()
    b = b[b["year"] == year].set_index("isced_broad")["graduates"]
    s = s[s["year"] == year].set_index("isced_broad")["graduates"]
    out = pd.DataFrame({"baseline": b, "scenario": s}).fillna(0.0)
    out["difference"] = out["scenario"] - out["baseline"]
    return out.reset_index(names="isced_broad").sort_values("isced_broad").reset_index(drop=True)


# --- the workbook -----------------------------------------------------------------------------------------------------
def workbook(baseline: Projection, scenario: Projection, meta: ExportMeta, labels: dict[str, str]) -> bytes:
    """XLSX with the scenario's inputs and outputs: about (title, source, build, demo note), scenario (the JSON),
    summary (baseline and scenario per year), places (per stream: baseline and scenario in each year), rates (as
    used), projection (OUT.csv's rows) and colleges."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    about = wb.active
    about.title = "about"
    for key, value in meta.lines():
        about.append([safe_cell(key), safe_cell(value)])
    about.append([safe_cell(labels.get("scenario", "Scenario")), safe_cell(scenario.scenario.name or "—")])
    about.append([safe_cell(labels.get("base_year", "Base year")), scenario.inputs.base_year])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 110

    def sheet(name: str, df: pd.DataFrame) -> None:
        ws = wb.create_sheet(name)
        data = safe_frame(df)
        ws.append(list(data.columns))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in data.itertuples(index=False):
            ws.append([_cell(v) for v in row])

    text = json.dumps(scenario.scenario.to_dict(), ensure_ascii=False, indent=2)
    sheet("scenario", pd.DataFrame({"json": text.splitlines()}))
    summary = baseline.summary.assign(variant="baseline")
    summary = pd.concat([summary, scenario.summary.assign(variant="scenario")], ignore_index=True)
    sheet("summary", summary[["variant", "year", "observed", *[m for m in MEASURES if m in summary]]])
    s = scenario.detail
    b = baseline.detail.set_index(["year", "college_id", "specialty_code", "funding", "entry_base"])
    places = s[["year", "college_id", "specialty_code", "funding", "entry_base", "places", "admitted"]].copy()
    key = pd.MultiIndex.from_frame(places[["year", "college_id", "specialty_code", "funding", "entry_base"]])
    places.insert(5, "places_baseline", b["places"].reindex(key).to_numpy())
    places.insert(7, "admitted_baseline", b["admitted"].reindex(key).to_numpy())
    sheet("places", places[places["funding"] == "state"])
    sheet("rates", rates_used(scenario))
    sheet("projection", scenario.table())
    sheet("colleges", scenario.colleges)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rates_used(p: Projection) -> pd.DataFrame:
    """One row per stream: programme length, promotion and repetition by course, graduation and fill, as used."""
    s = p.inputs.streams[["college_id", "specialty_code", "funding", "entry_base", "length"]].copy()
    for k in range(flow.MAX_COURSES):
        inside = s["length"].to_numpy() > k
        s[f"promotion_{k + 1}"] = np.where(inside & (s["length"].to_numpy() > k + 1), p.promotion[:, k], np.nan)
        s[f"repetition_{k + 1}"] = np.where(inside, p.repetition[:, k], np.nan)
    s["graduation"] = p.graduation
    s["fill"] = p.fill
    return s


def _cell(v):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and np.isnan(v):
        return None
    if isinstance(v, (np.bool_,)):
        return bool(v)
    return v.item() if hasattr(v, "item") else v
