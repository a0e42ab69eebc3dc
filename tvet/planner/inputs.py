"""What the planner starts from, read from the warehouse: streams, students in the base year, estimated rates,
state-order places, fill rates, paid intake, cost per student and design capacity.

A stream is one college × specialty × funding × entry base. The base year is the latest academic year with
enrolment. Rates are estimated from the last `rate_years` observed years (UNESCO UIS reconstructed-cohort
definitions) at the stream's own level when the denominator has at least MIN_STUDENTS students, else from the
first wider group that has: the specialty × entry base, then the ISCED-F broad field × entry base, then all
streams; the level used and any value outside 0–1 are kept in `quality`, so the page can flag them.

The warehouse has no count of repeaters, so repetition is 0 unless a scenario sets it, and promotion is the
apparent one (students in course k+1 now / students in course k a year earlier).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from tvet import warehouse
from tvet.planner.flow import MAX_COURSES

# Fewer students than this under a rate and the rate is taken from a wider group: 2 dropouts in a class of 8
# would otherwise read as a 25 % dropout rate for ten years.
MIN_STUDENTS = 10
# Used only where no stream of the whole scope has a rate to lend (flagged "assumed").
DEFAULT_RATES = {"promotion": 0.9, "graduation": 0.9, "fill": 1.0}
# Programme length in courses by entry base (after grade 9: 3–4 years; after grade 11: 2–3 years; after a previous
# TVET programme: a shortened programme of 1–3 years). Not stated: any length the data show.
LENGTH_BOUNDS = {"9": (3, 4), "11": (2, 3), "tvet": (1, 3)}
STREAM_KEYS = ["college_id", "specialty_code", "funding", "entry_base"]
REGION_LEVEL = ""  # college_id of a stream whose places are ordered at region level and placed with no college


@dataclass(frozen=True)
class Inputs:
    region: str | None
    base_year: int                 # the latest academic year with enrolment
    rate_years: int
    streams: pd.DataFrame          # one row per stream: keys, region_code, isced fields, is_technical, length
    start: np.ndarray              # [S, 4] students by course in the base year
    promotion: np.ndarray          # [S, 4] (course D unused)
    repetition: np.ndarray         # [S, 4]
    graduation: np.ndarray         # [S]
    fill: np.ndarray               # [S] state streams: admitted / places (nan for paid streams)
    paid_intake: np.ndarray        # [S] paid streams: yearly admissions (0 for state streams)
    places: dict[int, np.ndarray]  # order year -> [S] state-order places (0 for paid streams)
    cost: dict[int, np.ndarray]    # order year -> [S] cost per student-year in tenge (0 for paid streams)
    capacity: pd.DataFrame         # academic_year, college_id, design_capacity
    quality: pd.DataFrame          # one row per stream and rate: value, raw, level, students, flag
    colleges: pd.DataFrame         # college_id, region_code, names, is_demo
    specialties: pd.DataFrame      # specialty_code, isced fields, is_technical, names
    is_demo: bool
    build_id: str
    notes: tuple[str, ...] = field(default_factory=tuple)  # message ids about how the inputs were read

    @property
    def size(self) -> int:
        return len(self.streams)

    def order_year_for(self, year: int) -> int:
        """The order a projected year uses: the one loaded for that year, else the latest loaded before it."""
        years = [y for y in self.places if y <= year]
        return max(years) if years else min(self.places)

    def places_for(self, year: int) -> np.ndarray:
        return self.places[self.order_year_for(year)] if self.places else np.zeros(self.size)

    def cost_for(self, year: int) -> np.ndarray:
        return self.cost[self.order_year_for(year)] if self.cost else np.zeros(self.size)

    @property
    def base_order_year(self) -> int | None:
        """The order whose technical share a scenario starts from: the latest loaded up to the base year."""
        if not self.places:
            return None
        return self.order_year_for(self.base_year)

    def with_streams(self, extra: pd.DataFrame) -> Inputs:
        """These inputs with new (empty) streams, e.g. a specialty a scenario opens at a college; their rates,
        length, fill and cost come from the wider groups, as for a stream with few students."""
        return add_streams(self, extra)


class NoData(Exception):
    """The warehouse has no enrolment for the scope: nothing to project."""


def load(con: duckdb.DuckDBPyConnection, region: str | None = None, rate_years: int = 2) -> Inputs:
    """Read and estimate everything for `region` (None: every region in the warehouse)."""
    q = lambda name, **kw: warehouse.query(con, name, region=region, **kw)  # noqa: E731
    base = q("planner_base_year")["base_year"].iloc[0]
    if pd.isna(base):
        raise NoData(region or "")
    rate_years = max(2, int(rate_years))
    enr = q("planner_enrollment", since=int(base) - rate_years + 1)
    history = q("planner_stream_history", until=int(base))
    specialties = warehouse.query(con, "planner_specialties")
    build = warehouse.query(con, "build_info")
    since = int(base) - rate_years + 1
    # Graduates of the base year are not known until it ends, so graduation looks one year further back.
    return estimate(enr=enr, history=history, adm=q("planner_admission", since=since),
                    grad=q("planner_graduation", since=since - 1), order=q("planner_state_order"), capacity=q("planner_capacity"), colleges=q("planner_colleges"),
                    specialties=specialties, region=region, rate_years=rate_years,
                    build_id=str(build.iloc[0]["build_id"]) if not build.empty else "")


def estimate(*, enr: pd.DataFrame, history: pd.DataFrame, adm: pd.DataFrame, grad: pd.DataFrame, order: pd.DataFrame,
             capacity: pd.DataFrame, colleges: pd.DataFrame, specialties: pd.DataFrame, region: str | None,
             rate_years: int, build_id: str) -> Inputs:
    rate_years = max(2, int(rate_years))
    enr = _typed(enr)
    base_year = int(enr.loc[enr["students"] > 0, "academic_year"].max())
    spec = specialties.set_index("specialty_code")
    stream_lengths, typical = _programme_lengths(history, spec, base_year)
    notes: list[str] = []

    # Region-level orders are placed with the colleges that teach the specialty (see _place_region_orders).
    order = order.copy()
    order["entry_base"] = order["entry_base"].astype(str)
    observed_order = order[order["college_id"].notna()]
    order = _place_region_orders(order, enr, base_year, notes)
    order_years = sorted(int(y) for y in order["academic_year"].unique())
    base_order_year = max([y for y in order_years if y <= base_year + 1], default=None)
    used_orders = order[order["academic_year"] >= (base_order_year or 0)]

    streams = _streams(enr, used_orders, adm, base_year, colleges)
    streams = _describe(streams, spec, stream_lengths, typical)
    s_index = pd.MultiIndex.from_frame(streams[STREAM_KEYS])

    start = _base_students(enr, base_year, s_index, streams["length"].to_numpy())
    promo, promo_q = _promotion(enr, streams, stream_lengths, base_year, rate_years)
    grad_rate, grad_q = _graduation(enr, grad, streams, stream_lengths, base_year, rate_years)
    # Fill rates rest on places ordered at the colleges themselves, not on region-level places placed above.
    fill, fill_q = _fill(adm, observed_order, streams, base_year, rate_years)
    paid = _paid_intake(adm, enr, streams, base_year)
    places, cost = {}, {}
    for y in sorted(used_orders["academic_year"].unique()):
        places[int(y)], cost[int(y)] = _order_arrays(used_orders[used_orders["academic_year"] == y], streams)

    quality = pd.concat([promo_q, grad_q, fill_q], ignore_index=True)
    is_demo = bool(enr["is_demo"].any()) or bool(order.get("is_demo", pd.Series(dtype=bool)).any())
    return Inputs(region=region, base_year=base_year, rate_years=rate_years, streams=streams, start=start,
                  promotion=promo, repetition=np.zeros((len(streams), MAX_COURSES)), graduation=grad_rate,
                  fill=fill, paid_intake=paid, places=places, cost=cost,
                  capacity=capacity[["academic_year", "college_id", "design_capacity"]].copy(), quality=quality,
                  colleges=colleges, specialties=specialties, is_demo=is_demo, build_id=build_id,
                  notes=tuple(notes))


# --- streams ----------------------------------------------------------------------------------------------------------
def _typed(enr: pd.DataFrame) -> pd.DataFrame:
    out = enr.copy()
    out["entry_base"] = out["entry_base"].astype(str)
    out["academic_year"] = out["academic_year"].astype(int)
    out["course"] = out["course"].astype(int)
    out["students"] = out["students"].astype(np.int64)
    return out


def _streams(enr: pd.DataFrame, order: pd.DataFrame, adm: pd.DataFrame, base_year: int,
             colleges: pd.DataFrame) -> pd.DataFrame:
    """Every stream with students in the base year, plus every college × specialty × entry base with state-order
    places from the base order on (a specialty about to open has places before it has students)."""
    now = enr[(enr["academic_year"] == base_year) & (enr["students"] > 0)]
    keys = [now[STREAM_KEYS]]
    ordered = order[order["places"] > 0].assign(funding="state")
    keys.append(ordered[STREAM_KEYS])
    out = pd.concat(keys, ignore_index=True).drop_duplicates().reset_index(drop=True)
    region = dict(zip(colleges["college_id"], colleges["region_code"]))
    out["region_code"] = out["college_id"].map(region)
    if "region_code" in order:
        # A region-level stream has no college: its region is the order's.
        order_region = order.drop_duplicates(["specialty_code", "entry_base"]).set_index(
            ["specialty_code", "entry_base"])["region_code"]
        missing = out["region_code"].isna()
        out.loc[missing, "region_code"] = [order_region.get((s, b)) for s, b in
                                           zip(out.loc[missing, "specialty_code"], out.loc[missing, "entry_base"])]
    return out.sort_values(STREAM_KEYS, kind="stable").reset_index(drop=True)


def _describe(streams: pd.DataFrame, spec: pd.DataFrame, stream_lengths: pd.Series, typical: dict) -> pd.DataFrame:
    out = streams.copy()
    codes = out["specialty_code"]
    detailed = codes.map(spec["isced_detailed"]).fillna(codes.str[:4])
    out["isced_detailed"] = detailed
    out["isced_narrow"] = codes.map(spec["isced_narrow"]).fillna(detailed.str[:3])
    out["isced_broad"] = codes.map(spec["isced_broad"]).fillna(detailed.str[:2])
    out["is_technical"] = codes.map(spec["is_technical"]).fillna(False).astype(bool)
    own = stream_lengths.reindex(pd.MultiIndex.from_frame(out[STREAM_KEYS])).to_numpy(dtype="float64")
    wider = _lookup(typical, out["specialty_code"], out["isced_broad"], out["entry_base"])
    hi = _bound_array(out["entry_base"], 1).astype("float64")
    out["length"] = np.where(np.isnan(own), np.where(np.isnan(wider), hi, wider), own).astype(int)
    return out


def _lookup(typical: dict, codes: pd.Series, broad: pd.Series, bases: pd.Series) -> np.ndarray:
    """typical[(specialty, base)], else typical[(broad field, base)], else nan; vectorised."""
    if not typical:
        return np.full(len(codes), np.nan)
    table = pd.Series(typical, dtype="float64")
    by_code = table.reindex(pd.MultiIndex.from_arrays([codes.astype(object), bases.astype(object)])).to_numpy()
    by_field = table.reindex(pd.MultiIndex.from_arrays([broad.astype(object), bases.astype(object)])).to_numpy()
    return np.where(np.isnan(by_code), by_field, by_code)


def _bounds(entry_base: str) -> tuple[int, int]:
    return LENGTH_BOUNDS.get(str(entry_base), (1, MAX_COURSES))


def _bound_array(bases: pd.Series, which: int) -> np.ndarray:
    """The lower (0) or upper (1) length bound of each entry base, vectorised."""
    default = (1, MAX_COURSES)[which]
    values = bases.astype(str).to_numpy()
    return np.select([values == b for b in LENGTH_BOUNDS], [v[which] for v in LENGTH_BOUNDS.values()], default)


def _programme_lengths(history: pd.DataFrame, spec: pd.DataFrame, base_year: int) -> tuple[pd.Series, dict]:
    """Programme length D: per stream, the highest course that has had students, if the stream has been taught
    long enough for its first intake to have reached the end (observed for more years than its highest course);
    else the typical (median) length of its specialty × entry base, then of its broad field × entry base; always
    within the bounds for the entry base. Returns (length per observed stream, {(specialty or field, base): D})."""
    g = history.assign(entry_base=history["entry_base"].astype(str), top=history["top"].astype(int),
                       first=history["first"].astype(int))
    g["settled"] = (base_year - g["first"] + 1) > g["top"]
    g["broad"] = g["specialty_code"].map(spec["isced_broad"]).fillna(g["specialty_code"].str[:2])
    settled = g[g["settled"]]
    typical: dict = {}
    for keys in (["broad", "entry_base"], ["specialty_code", "entry_base"]):
        for key, top in settled.groupby(keys)["top"].median().round().items():
            typical[key] = int(top)
    lo = _bound_array(g["entry_base"], 0)
    hi = _bound_array(g["entry_base"], 1)
    wider = pd.Series(_lookup(typical, g["specialty_code"], g["broad"], g["entry_base"]), index=g.index)
    wider = wider.fillna(pd.Series(hi, index=g.index))
    length = g["top"].where(g["settled"], np.maximum(g["top"], wider))
    length = np.minimum(np.maximum(length, lo), hi).astype(int)
    for key in list(typical):
        lo_k, hi_k = _bounds(key[1])
        typical[key] = min(max(typical[key], lo_k), hi_k)
    return pd.Series(length.to_numpy(), index=pd.MultiIndex.from_frame(g[STREAM_KEYS])), typical


def _base_students(enr: pd.DataFrame, base_year: int, index: pd.MultiIndex, length: np.ndarray) -> np.ndarray:
    now = enr[enr["academic_year"] == base_year]
    wide = now.pivot_table(index=STREAM_KEYS, columns="course", values="students", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=range(1, MAX_COURSES + 1), fill_value=0).reindex(index, fill_value=0)
    start = wide.to_numpy(dtype=np.float64)
    # Students recorded beyond a stream's programme length (rare: a late course in a record) are counted in its
    # final course, so no student is lost from the base year.
    over = np.arange(MAX_COURSES)[None, :] >= length[:, None]
    extra = np.where(over, start, 0.0).sum(axis=1)
    start = np.where(over, 0.0, start)
    start[np.arange(len(start)), length - 1] += extra
    return start


def _place_region_orders(order: pd.DataFrame, enr: pd.DataFrame, base_year: int, notes: list[str]) -> pd.DataFrame:
    """Orders placed at region level (no college) go to the colleges whose first course in that specialty and
    entry base had students in the base year, in proportion to them (whole places, largest remainder); with no
    such college they stay a region-level stream counted in every total but in no college's capacity."""
    regional = order["college_id"].isna()
    if not regional.any():
        return order
    notes.append("planner.note.region_level_placed")
    first = enr[(enr["academic_year"] == base_year) & (enr["course"] == 1)]
    weight = first.groupby(["specialty_code", "entry_base", "college_id"])["students"].sum()
    rows = [order[~regional]]
    for _, o in order[regional].iterrows():
        try:
            w = weight.loc[(o["specialty_code"], o["entry_base"])]
        except KeyError:
            w = pd.Series(dtype=float)
        if w.sum() <= 0:
            rows.append(pd.DataFrame([{**o.to_dict(), "college_id": REGION_LEVEL}]))
            continue
        parts = allocate(int(o["places"]), w.to_numpy(dtype=float))
        rows.append(pd.DataFrame([{**o.to_dict(), "college_id": c, "places": int(n)}
                                  for c, n in zip(w.index, parts) if n > 0]))
    out = pd.concat(rows, ignore_index=True)
    cost = out["cost_per_student_kzt"].astype(float)
    out["_cost_sum"] = out["places"] * cost
    out["_costed"] = out["places"].where(cost.notna(), 0)
    agg = out.groupby(["academic_year", "region_code", "college_id", "specialty_code", "entry_base"],
                      dropna=False).agg(places=("places", "sum"), _cost_sum=("_cost_sum", "sum"),
                                        _costed=("_costed", "sum"), is_demo=("is_demo", "any")).reset_index()
    agg["cost_per_student_kzt"] = agg["_cost_sum"] / agg["_costed"].where(agg["_costed"] > 0)
    return agg.drop(columns=["_cost_sum", "_costed"])


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Whole parts of `total` in proportion to non-negative weights, summing exactly to it (largest remainder;
    ties to the earlier item). Equal parts where every weight is 0."""
    weights = np.asarray(weights, dtype=np.float64)
    if len(weights) == 0:
        return np.zeros(0, np.int64)
    if weights.sum() <= 0:
        weights = np.ones(len(weights))
    sign = -1 if total < 0 else 1
    total = abs(int(total))
    quota = total * weights / weights.sum()
    floor = np.floor(quota).astype(np.int64)
    short = total - int(floor.sum())
    order = np.argsort(-(quota - floor), kind="stable")
    floor[order[:short]] += 1
    return sign * floor


# --- rates ------------------------------------------------------------------------------------------------------------
def _levels(streams: pd.DataFrame) -> list[tuple[str, list[str]]]:
    return [("stream", STREAM_KEYS), ("specialty", ["specialty_code", "entry_base"]),
            ("field", ["isced_broad", "entry_base"]), ("all", ["entry_base"])]


def _pooled(streams: pd.DataFrame, obs: pd.DataFrame, levels: list[tuple[str, list[str]]], rate: str,
            default: float, extra_key: str | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Rates per stream (and per `extra_key`, e.g. course) from observations `obs` with columns num, den and the
    level keys: the stream's own ratio where den >= MIN_STUDENTS, else the first wider level that has enough."""
    target = streams.reset_index(names="stream")
    if extra_key:
        values = sorted(obs[extra_key].unique()) if not obs.empty else []
        target = target.merge(pd.DataFrame({extra_key: values}), how="cross")
    n = len(target)
    value = np.full(n, np.nan)
    raw = np.full(n, np.nan)
    level = np.full(n, "assumed", dtype=object)
    students = np.zeros(n, dtype=np.int64)
    own_students = None
    # Keys as small integers shared by the targets and the observations: numpy sums and lookups instead of
    # pandas merges on strings (this loop runs for every stream of the country).
    columns = sorted({c for _, keys in levels for c in keys} | ({extra_key} if extra_key else set()))
    codes_t, codes_o, sizes = {}, {}, {}
    for c in columns:
        codes, uniques = pd.factorize(pd.concat([target[c], obs[c]], ignore_index=True).astype(str))
        codes_t[c], codes_o[c], sizes[c] = codes[:n], codes[n:], len(uniques) + 1
    num_o = obs["num"].to_numpy(dtype=np.float64)
    den_o = obs["den"].to_numpy(dtype=np.float64)
    for name, keys in levels:
        k = keys + ([extra_key] if extra_key else [])
        key_t = np.zeros(n, dtype=np.int64)
        key_o = np.zeros(len(obs), dtype=np.int64)
        for c in k:
            key_t = key_t * sizes[c] + codes_t[c]
            key_o = key_o * sizes[c] + codes_o[c]
        uniq, inv = np.unique(key_o, return_inverse=True)
        num_sum = np.bincount(inv, weights=num_o, minlength=len(uniq))
        den_sum = np.bincount(inv, weights=den_o, minlength=len(uniq))
        pos = np.searchsorted(uniq, key_t)
        found = (pos < len(uniq)) & (uniq[np.minimum(pos, max(len(uniq) - 1, 0))] == key_t) if len(uniq) else \
            np.zeros(n, dtype=bool)
        den = np.where(found, den_sum[np.minimum(pos, max(len(uniq) - 1, 0))] if len(uniq) else 0.0, 0.0)
        num = np.where(found, num_sum[np.minimum(pos, max(len(uniq) - 1, 0))] if len(uniq) else 0.0, 0.0)
        if own_students is None:
            own_students = den
        take = np.isnan(value) & (den >= MIN_STUDENTS)
        raw[take] = num[take] / den[take]
        level[take] = name
        students[take] = den[take].astype(np.int64)
        value[take] = np.clip(raw[take], 0.0, 1.0)
    target["value"] = value
    target["raw"] = raw
    target["level"] = level
    target["students"] = students
    target["value"] = target["value"].fillna(default)
    target["own_students"] = own_students.astype(np.int64) if own_students is not None else 0
    out_of_range = (target["raw"] > 1.0) | (target["raw"] < 0.0)
    target["flag"] = np.select([target["level"] == "assumed", out_of_range, target["level"] != "stream"],
                               ["assumed", "out_of_range", "few_students"], "ok")
    target["rate"] = rate
    return target["value"].to_numpy(), target


def _promotion(enr: pd.DataFrame, streams: pd.DataFrame, stream_lengths: pd.Series, base_year: int,
               rate_years: int) -> tuple[np.ndarray, pd.DataFrame]:
    """p[k] = Σ students in course k+1 in year t+1 / Σ students in course k in year t, over the last
    rate_years − 1 pairs of years."""
    first = base_year - rate_years + 1
    e = enr[(enr["academic_year"] >= first) & (enr["academic_year"] <= base_year)]
    keys = STREAM_KEYS
    den = e[e["academic_year"] < base_year].groupby(keys + ["academic_year", "course"])["students"].sum()
    num = e[e["academic_year"] > first].assign(academic_year=lambda d: d["academic_year"] - 1,
                                               course=lambda d: d["course"] - 1)
    num = num[num["course"] >= 1].groupby(keys + ["academic_year", "course"])["students"].sum()
    obs = pd.concat([num.rename("num"), den.rename("den")], axis=1).fillna(0).reset_index()
    # Observations of streams outside the projection (closed since) still inform the wider levels; a stream's
    # final course has no promotion, so it never counts as a course nobody moved on from.
    obs["length"] = stream_lengths.reindex(pd.MultiIndex.from_frame(obs[STREAM_KEYS])).to_numpy()
    spec_broad = streams.drop_duplicates("specialty_code").set_index("specialty_code")["isced_broad"]
    obs["isced_broad"] = obs["specialty_code"].map(spec_broad).fillna(obs["specialty_code"].str[:2])
    obs = obs[obs["course"] < obs["length"].fillna(MAX_COURSES)]
    value, q = _pooled(streams, obs, _levels(streams), "promotion", DEFAULT_RATES["promotion"], "course")
    promo = np.zeros((len(streams), MAX_COURSES))
    if len(q):
        promo[q["stream"].to_numpy(), q["course"].to_numpy() - 1] = value
    # Missing courses (none observed anywhere) are assumed.
    seen = np.zeros_like(promo, dtype=bool)
    if len(q):
        seen[q["stream"].to_numpy(), q["course"].to_numpy() - 1] = True
    promo = np.where(seen, promo, DEFAULT_RATES["promotion"])
    q = q[q["course"] < q["length"]]  # the final course has no promotion
    # Courses no stream anywhere has shown (a course 3 → 4 nobody has reached yet) are assumed, and say so.
    length = streams["length"].to_numpy()
    missing = np.argwhere(~seen & (np.arange(1, MAX_COURSES + 1)[None, :] < length[:, None]))
    if len(missing):
        extra = pd.DataFrame({"stream": missing[:, 0], "rate": "promotion", "course": missing[:, 1] + 1,
                              "value": DEFAULT_RATES["promotion"], "raw": np.nan, "level": "assumed", "students": 0,
                              "own_students": 0, "flag": "assumed"})
        q = pd.concat([q[_QUALITY_COLUMNS], extra], ignore_index=True).sort_values(["stream", "course"],
                                                                                   kind="stable")
    return promo, q[_QUALITY_COLUMNS].reset_index(drop=True)


def _graduation(enr: pd.DataFrame, grad: pd.DataFrame, streams: pd.DataFrame, stream_lengths: pd.Series,
                base_year: int, rate_years: int) -> tuple[np.ndarray, pd.DataFrame]:
    """g = graduates of academic year t / students in the final course in year t, over the last rate_years − 1
    years with graduates reported (graduates are reported by college, specialty and funding, so the entry bases of
    one college's specialty share one rate)."""
    grad = grad.copy()
    grad["academic_year"] = grad["academic_year"].astype(int)
    years = sorted(y for y in grad["academic_year"].unique() if y <= base_year)
    years = years[-(rate_years - 1):] if years else []
    e = enr[enr["academic_year"].isin(years)].copy()
    e["length"] = stream_lengths.reindex(pd.MultiIndex.from_frame(e[STREAM_KEYS])).to_numpy()
    final = e[e["course"] == e["length"]]
    gkeys = ["college_id", "specialty_code", "funding"]
    den = final.groupby(gkeys + ["academic_year"])["students"].sum().rename("den")
    num = grad[grad["academic_year"].isin(years)].groupby(gkeys + ["academic_year"])["graduates"].sum().rename("num")
    obs = pd.concat([num, den], axis=1).fillna(0).reset_index()
    spec_broad = streams.drop_duplicates("specialty_code").set_index("specialty_code")["isced_broad"]
    obs["isced_broad"] = obs["specialty_code"].map(spec_broad).fillna(obs["specialty_code"].str[:2])
    obs["all"] = "all"
    target = streams.assign(all="all")
    levels = [("stream", gkeys), ("specialty", ["specialty_code"]), ("field", ["isced_broad"]), ("all", ["all"])]
    value, q = _pooled(target, obs, levels, "graduation", DEFAULT_RATES["graduation"])
    q["course"] = q["length"]
    return value, q[_QUALITY_COLUMNS]


def _fill(adm: pd.DataFrame, order: pd.DataFrame, streams: pd.DataFrame, base_year: int,
          rate_years: int) -> tuple[np.ndarray, pd.DataFrame]:
    """State streams: students admitted on state order / state-order places, over the last rate_years − 1 years
    that have both."""
    a = adm[(adm["funding"] == "state") & adm["admitted"].notna()].copy()
    a["entry_base"] = a["entry_base"].astype(str)
    a["academic_year"] = a["academic_year"].astype(int)
    o = order[order["college_id"].notna() & (order["college_id"] != REGION_LEVEL)].copy()
    o["academic_year"] = o["academic_year"].astype(int)
    both = sorted(set(a["academic_year"]) & set(o["academic_year"]))
    years = [y for y in both if y <= base_year][-(rate_years - 1):]
    k = ["college_id", "specialty_code", "entry_base", "academic_year"]
    num = a[a["academic_year"].isin(years)].groupby(k)["admitted"].sum().rename("num")
    den = o[o["academic_year"].isin(years)].groupby(k)["places"].sum().rename("den")
    obs = pd.concat([num, den], axis=1).fillna(0).reset_index()
    obs["funding"] = "state"
    spec_broad = streams.drop_duplicates("specialty_code").set_index("specialty_code")["isced_broad"]
    obs["isced_broad"] = obs["specialty_code"].map(spec_broad).fillna(obs["specialty_code"].str[:2])
    state = streams[streams["funding"] == "state"]
    value, q = _pooled(state, obs, _levels(streams), "fill", DEFAULT_RATES["fill"])
    # A fill above 1 (more admitted than ordered) is flagged but kept: such a college does admit beyond the order.
    raw = q["raw"].to_numpy()
    value = np.where(np.isfinite(raw) & (raw > 1.0), raw, value)
    fill = np.full(len(streams), np.nan)
    fill[q["stream"].to_numpy()] = value
    q["value"] = value
    q["course"] = 1
    return fill, q[_QUALITY_COLUMNS]


_QUALITY_COLUMNS = ["stream", "rate", "course", "value", "raw", "level", "students", "own_students", "flag"]


def _paid_intake(adm: pd.DataFrame, enr: pd.DataFrame, streams: pd.DataFrame, base_year: int) -> np.ndarray:
    """Paid streams admit each year what they admitted in the base year (students in the first course where the
    admission was not reported)."""
    a = adm[(adm["funding"] == "paid") & (adm["academic_year"].astype(int) == base_year) & adm["admitted"].notna()]
    a = a.assign(entry_base=a["entry_base"].astype(str)).groupby(STREAM_KEYS)["admitted"].sum()
    first = enr[(enr["academic_year"] == base_year) & (enr["course"] == 1) & (enr["funding"] == "paid")]
    first = first.groupby(STREAM_KEYS)["students"].sum()
    idx = pd.MultiIndex.from_frame(streams[STREAM_KEYS])
    reported = a.reindex(idx)
    fallback = first.reindex(idx).fillna(0)
    out = reported.fillna(fallback).to_numpy(dtype=np.float64)
    return np.where(streams["funding"].to_numpy() == "paid", out, 0.0)


def _order_arrays(order: pd.DataFrame, streams: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """One order year's places and cost per student for each stream. A stream without a cost of its own takes its
    specialty's, its broad field's, then the whole order's places-weighted mean."""
    state = streams["funding"].to_numpy() == "state"
    k = ["college_id", "specialty_code", "entry_base"]
    o = order.copy()
    o["college_id"] = o["college_id"].fillna(REGION_LEVEL)
    g = o.groupby(k).agg(places=("places", "sum"), cost=("cost_per_student_kzt", "mean"))
    idx = pd.MultiIndex.from_frame(streams[k])
    places = g["places"].reindex(idx).fillna(0).to_numpy(dtype=np.float64) * state
    cost = g["cost"].reindex(idx).to_numpy(dtype=np.float64)
    o["isced_broad"] = o["specialty_code"].map(
        streams.drop_duplicates("specialty_code").set_index("specialty_code")["isced_broad"])
    o["w"] = o["places"] * o["cost_per_student_kzt"]
    o["costed"] = o["places"].where(o["cost_per_student_kzt"].notna(), 0)
    for keys in (["specialty_code"], ["isced_broad"]):
        wider = o.groupby(keys)[["w", "costed"]].sum()
        mean = (wider["w"] / wider["costed"].where(wider["costed"] > 0)).reindex(
            pd.MultiIndex.from_frame(streams[keys]) if len(keys) > 1 else streams[keys[0]])
        cost = np.where(np.isnan(cost), mean.to_numpy(dtype=np.float64), cost)
    overall = o["w"].sum() / o["costed"].sum() if o["costed"].sum() > 0 else 0.0
    cost = np.where(np.isnan(cost), overall, cost)
    return places, np.where(state, cost, 0.0)


def add_streams(inputs: Inputs, extra: pd.DataFrame) -> Inputs:
    """Append empty streams (keys in STREAM_KEYS) with rates, length, fill and cost from their wider groups."""
    extra = extra[STREAM_KEYS].drop_duplicates()
    known = pd.MultiIndex.from_frame(inputs.streams[STREAM_KEYS])
    extra = extra[~pd.MultiIndex.from_frame(extra).isin(known)]
    if extra.empty:
        return inputs
    spec = inputs.specialties.set_index("specialty_code")
    region = dict(zip(inputs.colleges["college_id"], inputs.colleges["region_code"]))
    typical = {}
    for keys in (["isced_broad", "entry_base"], ["specialty_code", "entry_base"]):
        for key, length in inputs.streams.groupby(keys)["length"].median().items():
            typical[key] = int(round(length))
    no_own = pd.Series(dtype="float64", index=pd.MultiIndex.from_tuples([], names=STREAM_KEYS))
    new = _describe(extra.assign(region_code=extra["college_id"].map(region)).reset_index(drop=True), spec,
                    no_own, typical)
    n = len(new)
    q = inputs.quality
    offset = inputs.size

    def borrowed(rate: str, course: int | None, row) -> tuple[float, str]:
        rows = q[(q["rate"] == rate) & ((q["course"] == course) if course else True)]
        rows = rows.merge(inputs.streams[["specialty_code", "entry_base", "isced_broad"]].reset_index(names="stream"),
                          on="stream")
        for level, keys in (("specialty", ["specialty_code", "entry_base"]), ("field", ["isced_broad", "entry_base"]),
                            ("all", [])):
            sel = rows
            for key in keys:
                sel = sel[sel[key] == row[key]]
            sel = sel[sel["level"] != "assumed"]
            if not sel.empty:
                return float(sel["value"].median()), level
        return DEFAULT_RATES[rate], "assumed"

    promo = np.full((n, MAX_COURSES), DEFAULT_RATES["promotion"])
    grad = np.full(n, DEFAULT_RATES["graduation"])
    fill = np.full(n, np.nan)
    quality = []
    for i, row in new.iterrows():
        for course in range(1, int(row["length"])):
            promo[i, course - 1], level = borrowed("promotion", course, row)
            quality.append((offset + i, "promotion", course, promo[i, course - 1], level))
        grad[i], level = borrowed("graduation", None, row)
        quality.append((offset + i, "graduation", int(row["length"]), grad[i], level))
        if row["funding"] == "state":
            fill[i], level = borrowed("fill", None, row)
            quality.append((offset + i, "fill", 1, fill[i], level))
    qrows = pd.DataFrame(quality, columns=["stream", "rate", "course", "value", "level"])
    qrows = qrows.assign(raw=np.nan, students=0, own_students=0,
                         flag=np.where(qrows["level"] == "assumed", "assumed", "few_students"))[_QUALITY_COLUMNS]

    def grow(arrays: dict[int, np.ndarray], values: np.ndarray) -> dict[int, np.ndarray]:
        return {y: np.concatenate([a, values]) for y, a in arrays.items()}

    is_state = (new["funding"] == "state").to_numpy()
    cost_new = {}
    for y, c in inputs.cost.items():
        mean = {}
        for keys in (["specialty_code"], ["isced_broad"]):
            mask = (inputs.streams["funding"] == "state") & (inputs.places[y] > 0)
            s = inputs.streams[mask].assign(c=c[mask.to_numpy()], p=inputs.places[y][mask.to_numpy()])
            s["w"] = s["c"] * s["p"]
            agg = s.groupby(keys[0])[["w", "p"]].sum()
            mean[keys[0]] = (agg["w"] / agg["p"]).to_dict()
        overall_mask = inputs.places[y] > 0
        overall = float((c * inputs.places[y])[overall_mask].sum() / inputs.places[y][overall_mask].sum()) \
            if overall_mask.any() else 0.0
        vals = [mean["specialty_code"].get(r.specialty_code, mean["isced_broad"].get(r.isced_broad, overall))
                for r in new.itertuples()]
        cost_new[y] = np.concatenate([c, np.where(is_state, vals, 0.0)])
    return replace(
        inputs,
        streams=pd.concat([inputs.streams, new], ignore_index=True),
        start=np.vstack([inputs.start, np.zeros((n, MAX_COURSES))]),
        promotion=np.vstack([inputs.promotion, promo]),
        repetition=np.vstack([inputs.repetition, np.zeros((n, MAX_COURSES))]),
        graduation=np.concatenate([inputs.graduation, grad]),
        fill=np.concatenate([inputs.fill, fill]),
        paid_intake=np.concatenate([inputs.paid_intake, np.zeros(n)]),
        places=grow(inputs.places, np.zeros(n)),
        cost=cost_new,
        quality=pd.concat([inputs.quality, qrows], ignore_index=True),
    )
