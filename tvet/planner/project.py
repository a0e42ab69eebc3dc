"""A scenario applied to the inputs, year by year, and what follows: enrolment, graduates, dropouts, capacity,
cost and the technical share of the state order.

Order of application, each step on the result of the one before:
1. places: the state order of each projected year (the loaded order for that year, else the latest before it),
   then each item of `places` in turn (± places, ± percent, or a total set; spread over the scope's streams in
   proportion to their places, in whole places; reached in full by `by`, linearly over the years between);
2. technical_share: technical and other places moved, at the same total, so that the share follows a straight line
   from the base order's share to the target in the `by` year, and stays there after;
3. admissions: state streams admit places × fill rate (fill_rate items override it), paid streams their base-year
   intake; then each item of `admissions` (± students, ± percent, or a total set);
4. rates: promotion, repetition and graduation set where a `rates` item says;
5. the cohort flow (flow.py); cost per student (cost_per_student items) and design capacity (capacity items).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tvet.planner import flow
from tvet.planner.inputs import REGION_LEVEL, STREAM_KEYS, Inputs, allocate
from tvet.planner.scenario import Change, Scenario, ScenarioError, Scope

COURSE_COLUMNS = [f"course_{k}" for k in range(1, flow.MAX_COURSES + 1)]
# OUT.csv / the table download: one row per projected year × college × specialty × funding.
TABLE_KEYS = ["year", "region_code", "college_id", "specialty_code", "funding"]
TABLE_COLUMNS = [*TABLE_KEYS, "isced_broad", "is_technical", "places", "admitted", "students_start",
                 *COURSE_COLUMNS, "students", "graduates", "dropouts", "students_end", "capacity", "places_needed",
                 "spare_places", "cost_kzt", "committed_cost_kzt"]


@dataclass(frozen=True)
class Warning_:
    key: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Projection:
    inputs: Inputs
    scenario: Scenario
    years: list[int]
    detail: pd.DataFrame        # one row per projected year and stream (college × specialty × funding × entry base)
    colleges: pd.DataFrame      # one row per projected year and college: students, capacity, utilisation, needs
    summary: pd.DataFrame       # one row per year (the base year first, observed): the region's totals
    warnings: tuple[Warning_, ...]
    promotion: np.ndarray       # [S, 4] the rates used (after overrides)
    repetition: np.ndarray
    graduation: np.ndarray
    fill: np.ndarray

    def table(self) -> pd.DataFrame:
        """One row per projected year × college × specialty × funding (entry bases summed): OUT.csv's rows.
        places_needed and spare_places are the college's, shared among its rows in proportion to their students,
        so that the rows of a college add up to the college's figure."""
        d = self.detail
        sums = [c for c in TABLE_COLUMNS if c not in TABLE_KEYS and c not in ("isced_broad", "is_technical",
                                                                              "capacity")]
        out = d.groupby(TABLE_KEYS, sort=True, dropna=False).agg(
            isced_broad=("isced_broad", "first"), is_technical=("is_technical", "first"), capacity=("capacity", "first"),
            **{c: (c, "sum") for c in sums}).reset_index()
        return out[TABLE_COLUMNS]

    def graduates_by_field(self) -> pd.DataFrame:
        """One row per projected year and ISCED-F broad field: graduates (of that academic year)."""
        return (self.detail.groupby(["year", "isced_broad"])["graduates"].sum().reset_index())

    def balance_gap(self) -> float:
        """The largest imbalance of any row: students_start + admitted − students, and
        students − students_end − graduates − dropouts (0 up to rounding)."""
        d = self.detail
        a = (d["students_start"] + d["admitted"] - d["students"]).abs().max()
        b = (d["students"] - d["students_end"] - d["graduates"] - d["dropouts"]).abs().max()
        return float(max(a, b)) if len(d) else 0.0


def run(inputs: Inputs, scenario: Scenario, targets: tuple[float, ...] = ()) -> Projection:
    inputs = _open_streams(inputs, scenario)
    s = inputs.streams
    base = inputs.base_year
    years = [base + j for j in range(1, scenario.horizon + 1)]
    warnings: list[Warning_] = []
    state = (s["funding"] == "state").to_numpy()

    places = np.stack([inputs.places_for(y) for y in years], axis=1).astype(np.float64) if inputs.places else \
        np.zeros((len(s), len(years)))
    for i, change in enumerate(scenario.places, start=1):
        mask = _mask(s, change.scope) & state
        _apply_places(places, mask, change, years, base, f"places[{i}]", warnings)
    if scenario.technical_share:
        _technical_share(places, s, state, scenario, inputs, years, base)

    fill = inputs.fill.copy()
    for i, change in enumerate(scenario.fill_rate, start=1):
        m = _mask(s, change.scope) & state
        if not m.any():
            raise ScenarioError("planner.error.no_match", where=f"fill_rate[{i}]")
        fill[m] = change.value
    admitted = np.where(state[:, None], places * np.nan_to_num(fill, nan=1.0)[:, None],
                        inputs.paid_intake[:, None] * np.ones(len(years)))
    for i, change in enumerate(scenario.admissions, start=1):
        _apply_amounts(admitted, _mask(s, change.scope), change, years, base, f"admissions[{i}]", warnings)

    promotion, repetition, graduation = _rates(inputs, scenario)
    result = flow.project(inputs.start, admitted, promotion, repetition, graduation, s["length"].to_numpy())

    cost = np.stack([inputs.cost_for(y) for y in years], axis=1) if inputs.cost else np.zeros((len(s), len(years)))
    for i, change in enumerate(scenario.cost_per_student, start=1):
        _apply_amounts(cost, _mask(s, change.scope) & state, change, years, base, f"cost_per_student[{i}]", warnings,
                       each=True)
    years_in_programme = flow.expected_years(promotion, repetition, graduation, s["length"].to_numpy())

    detail = _detail(inputs, years, places, result, cost, years_in_programme, state)
    capacity = _capacity(inputs, scenario, years)
    colleges, detail = _colleges(detail, capacity)
    summary = _summary(inputs, detail, colleges, years, targets)
    return Projection(inputs=inputs, scenario=scenario, years=years, detail=detail, colleges=colleges,
                      summary=summary, warnings=tuple(warnings), promotion=promotion, repetition=repetition,
                      graduation=graduation, fill=fill)


# --- scopes -----------------------------------------------------------------------------------------------------------
def _mask(streams: pd.DataFrame, scope: Scope) -> np.ndarray:
    m = np.ones(len(streams), dtype=bool)
    if scope.field:
        col = {2: "isced_broad", 3: "isced_narrow", 4: "isced_detailed"}[len(scope.field)]
        m &= (streams[col] == scope.field).to_numpy()
    for key in ("specialty_code", "college_id", "entry_base", "funding"):
        value = getattr(scope, key)
        if value is not None:
            m &= (streams[key] == value).to_numpy()
    if scope.technical is not None:
        m &= (streams["is_technical"] == scope.technical).to_numpy()
    return m


def _open_streams(inputs: Inputs, scenario: Scenario) -> Inputs:
    """Streams a scenario names in full (college, specialty and entry base) that have no students or places yet:
    a specialty opened at a college. The college and the specialty must exist in the warehouse."""
    new = []
    colleges = set(inputs.colleges["college_id"])
    specialties = set(inputs.specialties["specialty_code"])
    for section in ("places", "admissions"):
        for i, change in enumerate(getattr(scenario, section), start=1):
            scope = change.scope
            if not scope.is_one_stream:
                continue
            where = f"{section}[{i}]"
            if scope.college_id not in colleges:
                raise ScenarioError("planner.error.unknown_college", where=where, value=scope.college_id)
            if scope.specialty_code not in specialties:
                raise ScenarioError("planner.error.unknown_specialty", where=where, value=scope.specialty_code)
            funding = [scope.funding] if scope.funding else (["state"] if section == "places" else [])
            for f in funding:
                new.append({"college_id": scope.college_id, "specialty_code": scope.specialty_code,
                            "funding": f, "entry_base": scope.entry_base})
    return inputs.with_streams(pd.DataFrame(new, columns=STREAM_KEYS)) if new else inputs


def ramp(year: int, by: int | None, base_year: int) -> float:
    """The part of a change reached in `year`: all of it from the first projected year when there is no `by`,
    else a straight line from the base year (0) to the `by` year (1), and all of it after."""
    if by is None or by <= base_year:
        return 1.0
    return min(1.0, max(0.0, (year - base_year) / (by - base_year)))


# --- places -----------------------------------------------------------------------------------------------------------
def _apply_places(places: np.ndarray, mask: np.ndarray, change: Change, years: list[int], base: int, where: str,
                  warnings: list[Warning_]) -> None:
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        raise ScenarioError("planner.error.no_match", where=where)
    for j, year in enumerate(years):
        current = places[idx, j]
        total = float(current.sum())
        if change.op == "change":
            full = change.value
        elif change.op == "percent":
            full = total * change.value / 100.0
        else:  # set
            full = change.value - total
        delta = int(round(ramp(year, change.by, base) * full))
        if delta < -total:
            warnings.append(Warning_("planner.warning.cut_to_zero", {"where": where, "year": year}))
            delta = -int(total)
        if delta:
            weights = current if total > 0 else np.ones(len(idx))
            places[idx, j] = current + allocate(delta, weights)


def _technical_share(places: np.ndarray, s: pd.DataFrame, state: np.ndarray, scenario: Scenario, inputs: Inputs,
                     years: list[int], base: int) -> None:
    target = scenario.technical_share
    tech = state & s["is_technical"].to_numpy()
    other = state & ~s["is_technical"].to_numpy()
    if not tech.any() or not other.any():
        raise ScenarioError("planner.error.technical_share_streams")
    base_places = inputs.places[inputs.base_order_year] if inputs.places else np.zeros(len(s))
    start = float(base_places[tech].sum() / base_places[state].sum()) if base_places[state].sum() else 0.0
    for j, year in enumerate(years):
        share = start + (target.target - start) * ramp(year, target.by, base)
        total = places[state, j].sum()
        delta = int(round(share * total)) - int(round(places[tech, j].sum()))
        delta = max(-int(places[tech, j].sum()), min(delta, int(places[other, j].sum())))
        if delta:
            t_idx, o_idx = np.flatnonzero(tech), np.flatnonzero(other)
            places[t_idx, j] += allocate(delta, places[t_idx, j])
            places[o_idx, j] += allocate(-delta, places[o_idx, j])


def _apply_amounts(values: np.ndarray, mask: np.ndarray, change: Change, years: list[int], base: int, where: str,
                   warnings: list[Warning_], each: bool = False) -> None:
    """± amount, ± percent or a total set over the scope (in proportion to the current values); with each=True
    (cost per student) `set` and `change` apply to every stream of the scope rather than to their total."""
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        raise ScenarioError("planner.error.no_match", where=where)
    for j, year in enumerate(years):
        f = ramp(year, change.by, base)
        current = values[idx, j]
        total = current.sum()
        if change.op == "percent":
            values[idx, j] = current * (1 + f * change.value / 100.0)
            continue
        if each:
            target = change.value if change.op == "set" else current + change.value
            values[idx, j] = np.maximum(0.0, current + f * (target - current))
            continue
        full = change.value if change.op == "change" else change.value - total
        delta = f * full
        if delta < -total:
            warnings.append(Warning_("planner.warning.cut_to_zero", {"where": where, "year": year}))
            delta = -total
        weights = current / total if total > 0 else np.full(len(idx), 1.0 / len(idx))
        values[idx, j] = np.maximum(0.0, current + delta * weights)


# --- rates ------------------------------------------------------------------------------------------------------------
def _rates(inputs: Inputs, scenario: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s = inputs.streams
    promotion = inputs.promotion.copy()
    repetition = inputs.repetition.copy()
    graduation = inputs.graduation.copy()
    length = s["length"].to_numpy()
    course = np.arange(1, flow.MAX_COURSES + 1)[None, :]
    for i, change in enumerate(scenario.rates, start=1):
        m = _mask(s, change.scope)
        courses = np.ones_like(course, dtype=bool) if change.scope.course is None else course == change.scope.course
        if change.op == "graduation":
            if not m.any():
                raise ScenarioError("planner.error.no_match", where=f"rates[{i}]")
            graduation[m] = change.value
            continue
        cells = m[:, None] & courses & (course <= length[:, None])
        if change.op == "promotion":
            cells &= course < length[:, None]
            promotion[cells] = change.value
        else:
            repetition[cells] = change.value
        if not cells.any():
            raise ScenarioError("planner.error.no_match", where=f"rates[{i}]")
    final = flow.final_course_mask(length)
    moving = np.where(final, graduation[:, None], promotion)
    over = (moving + repetition > 1.0 + 1e-9) & flow.in_programme_mask(length)
    if over.any():
        row, col = np.argwhere(over)[0]
        raise ScenarioError("planner.error.rates_sum", specialty=s["specialty_code"].iat[row],
                            college=s["college_id"].iat[row], course=int(col) + 1)
    return promotion, repetition, graduation


# --- outputs ----------------------------------------------------------------------------------------------------------
def _detail(inputs: Inputs, years: list[int], places: np.ndarray, result: flow.Flow, cost: np.ndarray,
            years_in_programme: np.ndarray, state: np.ndarray) -> pd.DataFrame:
    s = inputs.streams
    n, h = places.shape
    def rep(col: str):
        # Text keys repeated per year as categoricals: a national projection has ~100 000 rows.
        if not pd.api.types.is_string_dtype(s[col]):
            return np.repeat(s[col].to_numpy(), h)
        codes, uniques = pd.factorize(s[col])
        return pd.Categorical.from_codes(np.repeat(codes, h), categories=uniques)

    students = result.students.reshape(n * h, flow.MAX_COURSES)
    state_rows = np.repeat(state, h)
    total = students.sum(axis=1)
    cost_flat = cost.reshape(-1)
    admitted = result.admitted.reshape(-1)
    out = pd.DataFrame({
        "year": np.tile(np.asarray(years), n),
        "region_code": rep("region_code"), "college_id": rep("college_id"), "specialty_code": rep("specialty_code"),
        "funding": rep("funding"), "entry_base": rep("entry_base"), "isced_broad": rep("isced_broad"),
        "is_technical": rep("is_technical"), "length": rep("length"),
        "places": places.reshape(-1),
        "admitted": admitted,
        "students_start": result.students_start.reshape(-1),
        **{c: students[:, k] for k, c in enumerate(COURSE_COLUMNS)},
        "students": total,
        "graduates": result.graduates.reshape(-1),
        "dropouts": result.dropouts.reshape(-1),
        "students_end": result.students_end.reshape(-1),
        "cost_per_student_kzt": cost_flat,
        "cost_kzt": np.where(state_rows, total * cost_flat, 0.0),
        "committed_cost_kzt": np.where(state_rows, admitted * cost_flat * np.repeat(years_in_programme, h), 0.0),
    })
    return out


def _capacity(inputs: Inputs, scenario: Scenario, years: list[int]) -> pd.DataFrame:
    """Design capacity per college and projected year: the latest reported up to that year, then the scenario's
    capacity items from their `from` year (default: the first projected year)."""
    cap = inputs.capacity.dropna(subset=["design_capacity"])
    colleges = sorted(set(inputs.streams["college_id"]) - {REGION_LEVEL})
    grid = pd.DataFrame({"year": np.repeat(years, len(colleges)), "college_id": colleges * len(years)})
    latest = cap.assign(year=cap["academic_year"].astype("int64"), capacity=cap["design_capacity"].astype(float))
    latest = latest.sort_values("year")[["year", "college_id", "capacity"]]
    out = pd.merge_asof(grid.assign(year=grid["year"].astype("int64")).sort_values("year"), latest, on="year",
                        by="college_id", direction="backward")
    out = out.sort_values(["year", "college_id"], kind="stable").reset_index(drop=True)
    for i, change in enumerate(scenario.capacity, start=1):
        m = (out["college_id"] == change.scope.college_id) & (out["year"] >= (change.since or years[0]))
        if not (out["college_id"] == change.scope.college_id).any():
            raise ScenarioError("planner.error.no_match", where=f"capacity[{i}]")
        current = out.loc[m, "capacity"].fillna(0)
        if change.op == "set":
            out.loc[m, "capacity"] = change.value
        elif change.op == "change":
            out.loc[m, "capacity"] = np.maximum(0, current + change.value)
        else:
            out.loc[m, "capacity"] = current * (1 + change.value / 100.0)
    return out


def _colleges(detail: pd.DataFrame, capacity: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per college and year: students, capacity, utilisation, places needed and spare places; and the detail rows
    with the college's capacity and their share of its needs (in proportion to their students). Sums by integer
    keys (numpy), since a national projection has ~100 000 rows."""
    codes, colleges = pd.factorize(detail["college_id"].astype(str))
    years = np.sort(detail["year"].unique())
    year_idx = np.searchsorted(years, detail["year"].to_numpy())
    n = len(colleges)
    key = year_idx * n + codes
    students = detail["students"].to_numpy()
    state = (detail["funding"] == "state").to_numpy()
    size = len(years) * n
    per_students = np.bincount(key, weights=students, minlength=size)
    per_state = np.bincount(key, weights=np.where(state, students, 0.0), minlength=size)
    cap = capacity.set_index(["year", "college_id"])["capacity"]
    grid_year = np.repeat(years, n)
    grid_college = np.tile(np.asarray(colleges, dtype=object), len(years))
    per_cap = cap.reindex(pd.MultiIndex.from_arrays([grid_year, grid_college])).to_numpy(dtype=np.float64)
    has = np.isfinite(per_cap) & (per_cap > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        utilisation = np.where(has, per_students / per_cap, np.nan)
    needed = np.where(has, np.maximum(0.0, per_students - np.nan_to_num(per_cap)), 0.0)
    spare = np.where(has, np.maximum(0.0, np.nan_to_num(per_cap) - per_students), 0.0)
    per = pd.DataFrame({"year": grid_year, "college_id": grid_college, "students": per_students,
                        "state_students": per_state, "capacity": per_cap, "utilisation": utilisation,
                        "places_needed": needed, "spare_places": spare})
    placed = per["college_id"] != REGION_LEVEL
    seen = np.bincount(key, minlength=size) > 0
    per = per[placed.to_numpy() & seen].sort_values(["year", "college_id"], kind="stable").reset_index(drop=True)
    per["college_id"] = per["college_id"].astype(str)
    row_college = per_students[key]
    frac = np.where(row_college > 0, students / np.where(row_college > 0, row_college, 1.0), 0.0)
    region_level = (detail["college_id"].astype(str) == REGION_LEVEL).to_numpy()
    detail = detail.assign(capacity=np.where(region_level, np.nan, per_cap[key]),
                           places_needed=np.where(region_level, 0.0, needed[key] * frac),
                           spare_places=np.where(region_level, 0.0, spare[key] * frac))
    return per, detail


def _summary(inputs: Inputs, detail: pd.DataFrame, colleges: pd.DataFrame, years: list[int],
             targets: tuple[float, ...]) -> pd.DataFrame:
    d = detail.assign(state_students=detail["students"].where(detail["funding"] == "state", 0.0),
                      technical_places=detail["places"].where(detail["is_technical"], 0.0),
                      technical_graduates=detail["graduates"].where(detail["is_technical"], 0.0))
    sums = ["places", "technical_places", "admitted", "students_start", *COURSE_COLUMNS, "students", "state_students",
            "graduates", "technical_graduates", "dropouts", "students_end", "cost_kzt", "committed_cost_kzt"]
    out = d.groupby("year")[sums].sum().reindex(years)
    c = colleges.groupby("year").agg(places_needed=("places_needed", "sum"), spare_places=("spare_places", "sum"),
                                     colleges_over=("utilisation", lambda u: int((u > 1.0).sum())),
                                     capacity=("capacity", "sum"))
    out = out.join(c).reset_index()
    out["observed"] = False
    s = inputs.streams
    state = (s["funding"] == "state").to_numpy()
    base_places = inputs.places_for(inputs.base_year) if inputs.places else np.zeros(len(s))
    start = inputs.start
    base_row = {"year": inputs.base_year, "observed": True,
                "places": float(base_places.sum()),
                "technical_places": float(base_places[s["is_technical"].to_numpy()].sum()),
                "students": float(start.sum()), "state_students": float(start[state].sum()),
                "cost_kzt": float((start.sum(axis=1) * inputs.cost_for(inputs.base_year)).sum())
                if inputs.cost else 0.0,
                **{c: float(start[:, k].sum()) for k, c in enumerate(COURSE_COLUMNS)}}
    out = pd.concat([pd.DataFrame([base_row]), out], ignore_index=True)
    out["technical_share"] = (out["technical_places"] / out["places"]).where(out["places"] > 0)
    for i, target in enumerate(targets):
        out[f"target_{i + 1}"] = target
    return out
