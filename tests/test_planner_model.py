"""The planner on real warehouses: inputs read and estimated from the small hand-made region (every figure worked
out by hand from tests/fixtures/small/*.csv), and scenarios applied to the demo region (each override checked
against the baseline of the same run)."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE, build_or_fail
from tvet.planner import inputs as planner_inputs
from tvet.planner import project
from tvet.planner.inputs import STREAM_KEYS
from tvet.planner.scenario import ScenarioError, parse
from tvet.warehouse import connect

REQUIRED_COLUMNS = ["year", "college_id", "specialty_code", "funding", "admitted", "students", "course_1", "course_2",
                    "course_3", "course_4", "graduates", "dropouts", "places_needed", "cost_kzt"]

T01 = ("KZ33-T01", "06130100", "state", "9")
T02_PAID = ("KZ33-T02", "07150500", "paid", "11")
T02_STATE = ("KZ33-T02", "07150500", "state", "11")  # the region-level order, placed with T02
T03 = ("KZ33-T03", "01140100", "state", "9")


def load(path: Path, region: str | None = "KZ-33", **kw) -> planner_inputs.Inputs:
    with connect(Path(path)) as con:
        return planner_inputs.load(con, region, **kw)


def index(inputs, key: tuple) -> int:
    keys = list(inputs.streams[STREAM_KEYS].itertuples(index=False, name=None))
    return keys.index(key)


def quality(inputs, key: tuple, rate: str, course: int | None = None) -> pd.Series:
    q = inputs.quality
    rows = q[(q["stream"] == index(inputs, key)) & (q["rate"] == rate)]
    if course is not None:
        rows = rows[rows["course"] == course]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def row(projection, key: tuple, year: int) -> pd.Series:
    d = projection.detail
    m = (d["year"] == year)
    for k, v in zip(STREAM_KEYS, key):
        m &= d[k] == v
    assert m.sum() == 1
    return d[m].iloc[0]


# --- the small region: inputs by hand ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small(small_warehouse):
    return load(small_warehouse)


def test_small_base_year_streams_and_start(small):
    assert small.base_year == 2024  # the latest year in fct_enrollment.csv
    assert small.rate_years == 2
    # Every stream with students in 2024, plus T02 × 07150500 × state × 11: the region-level order placed there.
    assert list(small.streams[STREAM_KEYS].itertuples(index=False, name=None)) == [T01, T02_PAID, T02_STATE, T03]
    # 2024 students by course
    assert small.start.tolist() == [[60, 48, 40, 0], [25, 18, 0, 0], [0, 0, 0, 0], [35, 28, 0, 0]]
    assert small.is_demo is True
    assert small.streams["region_code"].tolist() == ["KZ-33"] * 4


def test_a_region_without_enrolment_has_nothing_to_project(small_warehouse):
    with pytest.raises(planner_inputs.NoData):
        load(small_warehouse, "KZ-99")
    # None: every region in the warehouse, here only KZ-33
    assert load(small_warehouse, None).streams[STREAM_KEYS].equals(load(small_warehouse).streams[STREAM_KEYS])


def test_small_programme_lengths(small):
    # No stream has been taught long enough for its first intake to reach the end (observed 2023–2024, 2 years,
    # not more than its highest course: T01 3, T02 2, T03 2), so no specialty or field has a typical length
    # either: every stream takes the upper bound of its entry base, 4 after grade 9 and 3 after grade 11.
    assert small.streams["length"].tolist() == [4, 3, 3, 4]


@pytest.mark.parametrize("key, course, value, level, students, flag", [
    # T01 2024 course 2 / 2023 course 1 = 48 / 50, its own 50 students >= MIN_STUDENTS (10)
    (T01, 1, 48 / 50, "stream", 50, "ok"),
    # 2024 course 3 / 2023 course 2 = 40 / 45
    (T01, 2, 40 / 45, "stream", 45, "ok"),
    # T02 paid: 18 / 20
    (T02_PAID, 1, 18 / 20, "stream", 20, "ok"),
    # T02 state has no students of its own: its specialty × entry base (the paid stream) lends 18 / 20
    (T02_STATE, 1, 18 / 20, "specialty", 20, "few_students"),
    # T03: 28 / 30
    (T03, 1, 28 / 30, "stream", 30, "ok"),
    # T03 had no second course in 2023, nor has field 01 any other stream: all base-9 streams, i.e. T01's 40 / 45
    (T03, 2, 40 / 45, "all", 45, "few_students"),
])
def test_small_promotion_by_hand(small, key, course, value, level, students, flag):
    q = quality(small, key, "promotion", course)
    assert q["value"] == pytest.approx(value)
    assert q["level"] == level
    assert q["students"] == students
    assert q["flag"] == flag
    assert small.promotion[index(small, key), course - 1] == pytest.approx(value)
    assert small.repetition[index(small, key)].tolist() == [0, 0, 0, 0]  # no repeater counts in the warehouse


def test_small_quality_names_every_rate_the_projection_uses(small):
    # "the level used ... kept in `quality`, so the page can flag them": every promotion of courses 1..D−1, one
    # graduation per stream and one fill per state stream must have a row, assumed ones included. T01 and T03
    # (D = 4) use a promotion for course 3 (0.9, assumed: no course 3 was observed in 2023).
    q = small.quality
    for i, (length, funding) in enumerate(zip(small.streams["length"], small.streams["funding"])):
        promo = sorted(q[(q["stream"] == i) & (q["rate"] == "promotion")]["course"])
        assert promo == list(range(1, length)), (small.streams.iloc[i][STREAM_KEYS].tolist(), promo)
        assert ((q["stream"] == i) & (q["rate"] == "graduation")).sum() == 1
        assert ((q["stream"] == i) & (q["rate"] == "fill")).sum() == (1 if funding == "state" else 0)


def test_small_graduation_is_assumed_without_final_course_students(small):
    # fct_graduation has 2023 graduates (T01 30, T03 12), but in 2023 no stream had students in its final course
    # (T01 and T03 courses 1–2 only, D = 4): no denominator anywhere, so the default 0.9, flagged "assumed".
    assert small.graduation.tolist() == [0.9] * 4
    g = small.quality[small.quality["rate"] == "graduation"]
    assert g["level"].tolist() == ["assumed"] * 4 and g["flag"].tolist() == ["assumed"] * 4


def test_small_region_level_order_is_placed_with_the_college_that_teaches_it(small):
    # 2024 order: T01 60, T03 40, and 20 places of 07150500 after grade 11 with no college; only T02 had
    # first-course students in 07150500 × 11 in 2024 (25, paid), so all 20 places go to T02 (as a state stream).
    assert sorted(small.places) == [2024]
    assert small.places[2024].tolist() == [60, 0, 20, 40]
    assert small.cost[2024].tolist() == [700000, 0, 650000, 450000]
    assert planner_inputs.REGION_LEVEL not in set(small.streams["college_id"])
    assert "planner.note.region_level_placed" in small.notes
    assert small.places[2024].sum() == 120  # the region's 2024 total is kept


def test_small_fill_rates_and_paid_intake(small):
    # T01: 58 admitted / 60 places; T03: 35 / 40; paid streams have no fill
    assert small.fill[index(small, T01)] == pytest.approx(58 / 60)
    assert small.fill[index(small, T03)] == pytest.approx(35 / 40)
    assert np.isnan(small.fill[index(small, T02_PAID)])
    assert quality(small, T01, "fill")["level"] == "stream" and quality(small, T01, "fill")["students"] == 60
    # paid intake: T02's 25 admitted in 2024 (fct_admission); state streams admit from places instead
    assert small.paid_intake.tolist() == [0, 25, 0, 0]


def test_small_first_projected_year_by_hand(small):
    p = project.run(small, parse({}))
    assert p.years == [2025, 2026, 2027, 2028, 2029]
    t03 = row(p, T03, 2025)
    # T03: admitted 40 places · 35/40 = 35; course 2 = 35 · 28/30 = 98/3; course 3 = 28 · 40/45 = 224/9;
    # students = 35 + 98/3 + 224/9 = 833/9 = 92.556; no graduates (nobody in course 4 yet)
    # dropouts = 35·(1 − 28/30) + 98/3·(1 − 40/45) + 224/9·(1 − 0.9) = 7/3 + 98/27 + 22.4/9 = 8.4519
    assert t03["admitted"] == pytest.approx(35)
    assert [t03[f"course_{k}"] for k in range(1, 5)] == pytest.approx([35, 98 / 3, 224 / 9, 0])
    assert t03["students"] == pytest.approx(833 / 9)
    assert t03["graduates"] == 0
    assert t03["dropouts"] == pytest.approx(7 / 3 + 98 / 27 + 22.4 / 9)
    # cost: 833/9 students · 450,000 tenge; capacity 80, so 833/9 − 80 = 12.556 places still needed
    assert t03["cost_kzt"] == pytest.approx(833 / 9 * 450000)
    assert t03["places_needed"] == pytest.approx(833 / 9 - 80)
    t01 = row(p, T01, 2025)
    # T01: admitted 60 · 58/60 = 58; course 2 = 60 · 0.96 = 57.6; course 3 = 48 · 40/45 = 128/3;
    # course 4 = 40 · 0.9 (assumed) = 36; graduates 0.9 · 36 = 32.4; needed 58 + 57.6 + 128/3 + 36 − 120
    assert [t01[f"course_{k}"] for k in range(1, 5)] == pytest.approx([58, 57.6, 128 / 3, 36])
    assert t01["graduates"] == pytest.approx(32.4)
    assert t01["places_needed"] == pytest.approx(58 + 57.6 + 128 / 3 + 36 - 120)
    # T02 paid: 25 admitted; course 2 = 25 · 0.9 = 22.5; course 3 = 18 · 0.9 (assumed) = 16.2
    t02 = row(p, T02_PAID, 2025)
    assert [t02[f"course_{k}"] for k in range(1, 5)] == pytest.approx([25, 22.5, 16.2, 0])
    assert t02["cost_kzt"] == 0  # paid students cost the state nothing
    s = p.summary.set_index("year")
    assert s.loc[2024, "observed"] and s.loc[2024, "students"] == 254  # the base year, as observed
    assert s.loc[2025, "places"] == 120
    assert s.loc[2025, "technical_share"] == pytest.approx(80 / 120)  # 06 and 07 are technical, 01 is not


@pytest.fixture(scope="module")
def variant_warehouse(tmp_path_factory):
    """The small fixture plus a region-level order (15 places of 08310100 after grade 9) that no college teaches;
    T02's 2024 paid admission reported as 22 (its first course still has 25 students); and two small paid streams
    either side of MIN_STUDENTS: T03 paid (9 in course 1 in 2023, 9 in course 2 in 2024) and T01 paid (10, then 7)."""
    import shutil

    from conftest import SMALL

    src = tmp_path_factory.mktemp("variant_src") / "small"
    shutil.copytree(SMALL, src)
    with open(src / "fct_state_order.csv", "a", encoding="utf-8") as f:
        # each row from its year's source: a real row in a demo year would replace that year's demo rows
        f.write("2024,KZ-33,,08310100,,kk,full_time,9,local,15,500000,fixture_demo\n")
    with open(src / "fct_enrollment.csv", "a", encoding="utf-8") as f:
        f.write("2023,KZ33-T03,01140100,1,paid,kk,full_time,9,9,fixture_upload\n"
                "2024,KZ33-T03,01140100,2,paid,kk,full_time,9,9,fixture_demo\n"
                "2023,KZ33-T01,06130100,1,paid,kk,full_time,9,10,fixture_upload\n"
                "2024,KZ33-T01,06130100,2,paid,kk,full_time,9,7,fixture_demo\n")
    admission = (src / "fct_admission.csv").read_text(encoding="utf-8")
    old = "2024,KZ33-T02,07150500,paid,ru,11,30,25,,fixture_demo"
    assert old in admission
    (src / "fct_admission.csv").write_text(admission.replace(old, old.replace(",30,25,", ",30,22,")), encoding="utf-8")
    path = tmp_path_factory.mktemp("variant") / "warehouse.duckdb"
    build_or_fail([REFERENCE, src], path)
    return path


@pytest.fixture(scope="module")
def variant(variant_warehouse):
    return load(variant_warehouse)


def test_paid_intake_is_the_reported_admission(variant):
    # 22 admitted as reported, not the 25 first-course students (those are used only where nothing is reported)
    inputs = variant
    assert inputs.paid_intake[index(inputs, T02_PAID)] == 22
    assert row(project.run(inputs, parse({"horizon": 1})), T02_PAID, 2025)["admitted"] == 22


@pytest.mark.parametrize("key, value, level, own, flag", [
    # 9 students under the rate, fewer than MIN_STUDENTS = 10: specialty 01140100 × 9 instead, T03 state and paid
    # together: (28 + 9) / (30 + 9)
    (("KZ33-T03", "01140100", "paid", "9"), 37 / 39, "specialty", 9, "few_students"),
    # 10 students: enough, its own 7 / 10
    (("KZ33-T01", "06130100", "paid", "9"), 7 / 10, "stream", 10, "ok"),
    # the state streams beside them keep their own rates
    (T03, 28 / 30, "stream", 30, "ok"),
    (T01, 48 / 50, "stream", 50, "ok"),
])
def test_min_students_decides_the_level(variant, key, value, level, own, flag):
    assert planner_inputs.MIN_STUDENTS == 10
    q = quality(variant, key, "promotion", 1)
    assert (q["value"], q["level"], q["own_students"], q["flag"]) == (pytest.approx(value), level, own, flag)


def test_region_level_order_without_a_college_stays_region_level(variant):
    inputs = variant
    key = (planner_inputs.REGION_LEVEL, "08310100", "state", "9")
    i = index(inputs, key)
    assert inputs.streams.loc[i, "region_code"] == "KZ-33"
    assert inputs.places[2024][i] == 15 and inputs.cost[2024][i] == 500000
    # no fill of its own, nor for 08310100 or field 08: all base-9 state streams, (58 + 35) / (60 + 40) = 0.93
    assert inputs.fill[i] == pytest.approx(0.93)
    assert quality(inputs, key, "fill")["level"] == "all"
    p = project.run(inputs, parse({"horizon": 2}))
    assert row(p, key, 2025)["admitted"] == pytest.approx(15 * 0.93)
    # counted in the totals (60 + 20 + 40 + 15) but in no college's capacity
    assert p.summary.set_index("year").loc[2025, "places"] == 135
    assert planner_inputs.REGION_LEVEL not in set(p.colleges["college_id"])
    assert row(p, key, 2025)["places_needed"] == 0


# --- the demo region: baseline ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo(demo_warehouse):
    return load(demo_warehouse)


@pytest.fixture(scope="module")
def baseline(demo):
    return project.run(demo, parse({"horizon": 10}))


def balance(frame: pd.DataFrame, tol: float) -> None:
    a = (frame["students_start"] + frame["admitted"] - frame["students"]).abs().max()
    b = (frame["students"] - frame["students_end"] - frame["graduates"] - frame["dropouts"]).abs().max()
    c = (frame[[f"course_{k}" for k in range(1, 5)]].sum(axis=1) - frame["students"]).abs().max()
    assert max(a, b, c) <= tol, (a, b, c)


def test_baseline_balances(demo, baseline):
    assert baseline.years == list(range(demo.base_year + 1, demo.base_year + 11))
    balance(baseline.detail, 1e-6)
    balance(baseline.table(), 1e-6)
    # students_start of year y+1 = students_end of year y, stream by stream
    d = baseline.detail.sort_values([*STREAM_KEYS, "year"])
    nxt = d.groupby(STREAM_KEYS, sort=False)["students_start"].shift(-1)
    has = nxt.notna()
    assert has.sum() == demo.size * 9
    assert (nxt[has] - d.loc[has, "students_end"]).abs().max() < 1e-6
    # the first projected year starts from the base year's students moved on: Σ p[k]·E[k] over courses k < D
    # (repetition is 0; the final course's students graduate or leave)
    first = d[d["year"] == baseline.years[0]]
    course = np.arange(1, 5)[None, :]
    moved = np.where(course < demo.streams["length"].to_numpy()[:, None], demo.promotion, 0.0) * demo.start
    assert first["students_start"].sum() == pytest.approx(moved.sum(), rel=1e-12)
    assert (baseline.detail[["students", "graduates", "dropouts", "admitted"]] >= -1e-9).all().all()


def test_baseline_table_grain_and_columns(demo, baseline):
    table = baseline.table()
    assert set(REQUIRED_COLUMNS) <= set(table.columns)
    keys = ["year", "college_id", "specialty_code", "funding"]
    assert not table.duplicated(keys).any()
    # one row per year × (college, specialty, funding) stream group: entry bases summed
    groups = demo.streams[["college_id", "specialty_code", "funding"]].drop_duplicates()
    assert len(table) == 10 * len(groups)
    assert sorted(table["year"].unique()) == baseline.years
    # nothing lost in the grouping
    for col in ("admitted", "students", "graduates", "dropouts", "cost_kzt", "places_needed"):
        assert table[col].sum() == pytest.approx(baseline.detail[col].sum(), rel=1e-12)
    # a college's rows add up to its places still needed
    per = table.groupby(["year", "college_id"])["places_needed"].sum()
    col = baseline.colleges.set_index(["year", "college_id"])["places_needed"]
    assert per.reindex(col.index).to_numpy() == pytest.approx(col.to_numpy(), abs=1e-6)


def test_baseline_cost_is_state_students_times_cost(demo, baseline):
    d = baseline.detail
    state = d["funding"] == "state"
    assert d.loc[state, "cost_kzt"].to_numpy() == pytest.approx(
        (d.loc[state, "students"] * d.loc[state, "cost_per_student_kzt"]).to_numpy())
    assert (d.loc[~state, "cost_kzt"] == 0).all()


# --- overrides --------------------------------------------------------------------------------------------------------
def places_by(projection, column: str) -> pd.DataFrame:
    """places per year (rows) and value of `column` (columns)."""
    return projection.detail.pivot_table(index="year", columns=column, values="places", aggfunc="sum")


def stream_places(projection) -> pd.DataFrame:
    return projection.detail.set_index([*STREAM_KEYS, "year"])["places"]


@pytest.mark.parametrize("item, expected", [
    ({"field": "06", "change": 300}, lambda base: base + 300),
    # −10 %, rounded to whole places (e.g. 139 places: −13.9 → −14 → 125)
    ({"field": "06", "percent": -10}, lambda base: base + round(-0.10 * base)),
    ({"field": "06", "set": 500}, lambda base: 500),
    ({"field": "06", "change": -100000}, lambda base: 0),  # cut to zero, with a warning
], ids=["change", "percent", "set", "cut-to-zero"])
def test_places_item_changes_the_field_and_nothing_else(demo, baseline, item, expected):
    p = project.run(demo, parse({"horizon": 10, "places": [item]}))
    got, base = places_by(p, "isced_broad"), places_by(baseline, "isced_broad")
    assert base["06"].iloc[0] > 0
    for year in p.years:
        assert got.loc[year, "06"] == expected(base.loc[year, "06"])
    assert got.drop(columns="06").equals(base.drop(columns="06"))
    assert (p.detail["places"] % 1 == 0).all()  # whole places
    assert (p.detail["places"] >= 0).all()
    assert [w.key for w in p.warnings] == (["planner.warning.cut_to_zero"] * 10 if expected(1) == 0 else [])
    # the field's state streams admit their places × fill rate
    d = p.detail[(p.detail["isced_broad"] == "06") & (p.detail["funding"] == "state")]
    fill = np.nan_to_num(p.fill, nan=1.0)[[index(p.inputs, k) for k in d[STREAM_KEYS].itertuples(index=False)]]
    assert d["admitted"].to_numpy() == pytest.approx(d["places"].to_numpy() * fill)


def test_places_set_for_one_stream(demo, baseline):
    y = demo.base_order_year
    i = int(np.argmax(demo.places[y]))
    key = tuple(demo.streams.loc[i, STREAM_KEYS])
    assert key[2] == "state" and demo.places[y][i] != 80
    college, specialty, _, base = key
    p = project.run(demo, parse({"horizon": 10, "places": [
        {"college_id": college, "specialty_code": specialty, "entry_base": base, "set": 80}]}))
    assert p.inputs.size == demo.size  # an existing stream: none opened
    got, before = stream_places(p), stream_places(baseline)
    for year in p.years:
        assert got.loc[(*key, year)] == 80
    assert got.drop(index=key).equals(before.drop(index=key))


def test_rate_override_changes_only_its_streams(demo, baseline):
    # the specialty with most streams; promotion 1 and graduation 1, repetition stays 0: nobody drops out
    spec = demo.streams["specialty_code"].value_counts().index[0]
    m = (demo.streams["specialty_code"] == spec).to_numpy()
    length = demo.streams["length"].to_numpy()
    p = project.run(demo, parse({"horizon": 10, "rates": [
        {"specialty_code": spec, "promotion": 1.0, "graduation": 1.0}]}))
    course = np.arange(1, 5)[None, :]
    cells = m[:, None] & (course < length[:, None])
    assert cells.sum() > 0 and not (demo.promotion[cells] == 1).all()
    assert (p.promotion[cells] == 1.0).all()
    assert np.array_equal(p.promotion[~cells], demo.promotion[~cells])  # the final course's is untouched too
    assert (p.graduation[m] == 1.0).all()
    assert np.array_equal(p.graduation[~m], demo.graduation[~m])
    assert np.array_equal(p.repetition, demo.repetition)
    d, b = p.detail, baseline.detail
    inside = (d["specialty_code"] == spec).to_numpy()
    assert (d.loc[inside, "dropouts"].abs() < 1e-9).all()
    assert not np.allclose(d.loc[inside, "students"], b.loc[inside, "students"])
    cols = ["students", "graduates", "dropouts", "admitted"]
    assert d.loc[~inside, cols].equals(b.loc[~inside, cols])


def test_rate_override_for_one_course(demo):
    spec = demo.streams["specialty_code"].value_counts().index[0]
    m = (demo.streams["specialty_code"] == spec).to_numpy()
    # (the estimated promotion may be 1, so promotion is lowered with it: p + r must stay <= 1)
    p = project.run(demo, parse({"rates": [{"specialty_code": spec, "course": 1, "promotion": 0.9,
                                            "repetition": 0.05}]}))
    rep, promo = demo.repetition.copy(), demo.promotion.copy()
    rep[m, 0], promo[m, 0] = 0.05, 0.9
    assert np.array_equal(p.repetition, rep)
    assert np.array_equal(p.promotion, promo)
    assert np.array_equal(p.graduation, demo.graduation)


def test_fill_rate_override(demo, baseline):
    p = project.run(demo, parse({"horizon": 10, "fill_rate": [{"field": "07", "value": 0.5}]}))
    s = demo.streams
    m = ((s["isced_broad"] == "07") & (s["funding"] == "state")).to_numpy()
    assert m.sum() > 0
    assert (p.fill[m] == 0.5).all()
    assert np.array_equal(p.fill[~m], demo.fill[~m], equal_nan=True)
    d, b = p.detail, baseline.detail
    rows = np.repeat(m, 10)
    assert d.loc[rows, "admitted"].to_numpy() == pytest.approx(d.loc[rows, "places"].to_numpy() * 0.5)
    assert d.loc[~rows, "admitted"].equals(b.loc[~rows, "admitted"])


@pytest.mark.parametrize("item, factor", [
    ({"funding": "paid", "percent": 50}, 1.5),
    ({"field": "07", "funding": "paid", "percent": -100}, 0.0),
])
def test_admissions_override(demo, baseline, item, factor):
    p = project.run(demo, parse({"horizon": 10, "admissions": [item]}))
    d, b = p.detail, baseline.detail
    m = d["funding"] == "paid"
    if "field" in item:
        m &= d["isced_broad"] == item["field"]
    assert b.loc[m, "admitted"].sum() > 0
    assert d.loc[m, "admitted"].to_numpy() == pytest.approx(b.loc[m, "admitted"].to_numpy() * factor)
    assert d.loc[~m, "admitted"].equals(b.loc[~m, "admitted"])


def test_cost_per_student_set(demo, baseline):
    p = project.run(demo, parse({"horizon": 10, "cost_per_student": [{"field": "06", "set": 1_000_000}]}))
    d, b = p.detail, baseline.detail
    m = (d["isced_broad"] == "06") & (d["funding"] == "state")
    assert d.loc[m, "cost_kzt"].to_numpy() == pytest.approx(d.loc[m, "students"].to_numpy() * 1_000_000)
    assert d.loc[~m, "cost_kzt"].equals(b.loc[~m, "cost_kzt"])
    assert d["students"].equals(b["students"])  # cost does not move students


def test_capacity_set_from_a_year(demo, baseline):
    college = demo.streams["college_id"].iloc[0]
    since = demo.base_year + 3
    p = project.run(demo, parse({"horizon": 10, "capacity": [{"college_id": college, "set": 2000, "from": since}]}))
    got = p.colleges.set_index(["year", "college_id"])["capacity"]
    before = baseline.colleges.set_index(["year", "college_id"])["capacity"]
    assert before.loc[(since, college)] != 2000
    for year in p.years:
        assert got.loc[(year, college)] == (2000 if year >= since else before.loc[(year, college)])
    others = got.index.get_level_values("college_id") != college
    assert got[others].equals(before[others])
    c = p.colleges.set_index(["year", "college_id"])
    assert c.loc[(since, college), "utilisation"] == pytest.approx(c.loc[(since, college), "students"] / 2000)


def test_new_stream_is_opened_and_fills_up(demo, baseline):
    s = demo.streams
    # a specialty taught after grade 9 on state order somewhere, and a college that does not teach it at all
    spec = s[(s["entry_base"] == "9") & (s["funding"] == "state")]["specialty_code"].value_counts().index[0]
    college = min(set(s["college_id"]) - set(s.loc[s["specialty_code"] == spec, "college_id"]))
    key = (college, spec, "state", "9")
    p = project.run(demo, parse({"horizon": 10, "places": [
        {"college_id": college, "specialty_code": spec, "entry_base": "9", "set": 25}]}))
    assert p.inputs.size == demo.size + 1
    i = index(p.inputs, key)
    length = int(p.inputs.streams.loc[i, "length"])
    assert 3 <= length <= 4
    assert p.fill[i] > 0
    for j, year in enumerate(p.years, start=1):
        r = row(p, key, year)
        assert r["places"] == 25
        assert r["admitted"] == pytest.approx(25 * p.fill[i])
        # course k holds students from the k-th projected year on
        assert [r[f"course_{k}"] > 0 for k in range(1, 5)] == [k <= min(j, length) for k in range(1, 5)]
    assert row(p, key, p.years[-1])["students"] > row(p, key, p.years[0])["students"]
    t = p.table()
    assert ((t["college_id"] == college) & (t["specialty_code"] == spec) & (t["funding"] == "state")).sum() == 10
    # every other stream as in the baseline
    d = p.detail[~((p.detail["college_id"] == college) & (p.detail["specialty_code"] == spec))]
    assert d.reset_index(drop=True)["students"].equals(
        baseline.detail[~((baseline.detail["college_id"] == college)
                          & (baseline.detail["specialty_code"] == spec))].reset_index(drop=True)["students"])
    balance(p.detail, 1e-6)


# --- reached by a year ------------------------------------------------------------------------------------------------
def test_change_reached_by_a_year(demo, baseline):
    by = demo.base_year + 3
    p = project.run(demo, parse({"horizon": 6, "places": [{"field": "07", "change": 300, "by": by}]}))
    got, base = places_by(p, "isced_broad")["07"], places_by(baseline, "isced_broad")["07"]
    # a straight line from the base year: 300·1/3, 300·2/3, 300, then 300 on
    assert [got[y] - base[y] for y in p.years] == [100, 200, 300, 300, 300, 300]


def test_technical_share_follows_a_straight_line(demo, baseline):
    by = demo.base_year + 3
    p = project.run(demo, parse({"horizon": 10, "technical_share": {"target": 0.70, "by": by}}))
    got, base = places_by(p, "is_technical"), places_by(baseline, "is_technical")
    y0 = demo.base_order_year
    tech = demo.streams["is_technical"].to_numpy()
    start = demo.places[y0][tech].sum() / demo.places[y0].sum()
    assert start < 0.69  # the demo's order is below the target, so places do move
    for year in p.years:
        total = got.loc[year].sum()
        assert total == base.loc[year].sum()  # the total is kept
        # share in year y: start + (0.70 − start)·min(1, (y − base)/3)
        share = start + (0.70 - start) * min(1.0, (year - demo.base_year) / 3)
        assert abs(got.loc[year, True] - share * total) <= 1.0
    assert got.loc[by, True] / got.loc[by].sum() == pytest.approx(0.70, abs=1 / got.loc[by].sum())
    assert got.loc[p.years[-1], True] == got.loc[by, True]
    s = p.summary.set_index("year")
    assert s.loc[p.years[-1], "technical_share"] == pytest.approx(0.70, abs=1e-3)


# --- bad scenarios ----------------------------------------------------------------------------------------------------
BAD_SCENARIOS = [
    ({"placs": []}, "planner.error.unknown_key"),
    ({"places": [{"field": "06", "chnage": 300}]}, "planner.error.item_key"),
    ({"places": [{"field": "9x", "change": 300}]}, "planner.error.field"),
    ({"horizon": 11}, "planner.error.integer"),
    ({"horizon": 0}, "planner.error.integer"),
    ({"places": [{"field": "06", "percent": "abc"}]}, "planner.error.number"),
    ({"rates": [{"field": "06", "promotion": 1.5}]}, "planner.error.number"),
    ({"places": [{"field": "06", "change": 1, "percent": 1}]}, "planner.error.item_op"),
    ({"places": [{"field": "06", "funding": "paid", "change": 1}]}, "planner.error.funding_state"),
    ({"capacity": [{"field": "06", "set": 100}]}, "planner.error.capacity_college"),
    ({"technical_share": {"target": 0.7}}, "planner.error.technical_share"),
    ([], "planner.error.not_object"),
    # errors only the data can tell
    ({"rates": [{"field": "07", "promotion": 0.8, "repetition": 0.3}]}, "planner.error.rates_sum"),
    ({"places": [{"college_id": "KZ33-NOPE", "specialty_code": "07130100", "entry_base": "9", "set": 10}]},
     "planner.error.unknown_college"),
    ({"places": [{"college_id": "KZ33-C001", "specialty_code": "99999999", "entry_base": "9", "set": 10}]},
     "planner.error.unknown_specialty"),
    ({"places": [{"specialty_code": "99999999", "change": 10}]}, "planner.error.no_match"),
]


@pytest.mark.parametrize("data, key", BAD_SCENARIOS, ids=[f"{k.split('.')[-1]}-{i}" for i, (_, k) in
                                                         enumerate(BAD_SCENARIOS)])
def test_bad_scenario_is_reported_with_its_key(demo, data, key):
    with pytest.raises(ScenarioError) as e:
        project.run(demo, parse(data))
    assert e.value.key == key
    assert e.value.message("en") != key  # the catalogue has the message


NOTHING_MATCHES = [
    ("places", {"specialty_code": "99999999", "change": 10}),
    ("admissions", {"specialty_code": "99999999", "change": 10}),
    ("cost_per_student", {"specialty_code": "99999999", "set": 10}),
    ("capacity", {"college_id": "KZ33-NOPE", "set": 10}),
    ("rates", {"specialty_code": "99999999", "promotion": 0.9}),
    ("rates", {"specialty_code": "99999999", "repetition": 0.05}),
    ("rates", {"specialty_code": "99999999", "graduation": 0.9}),
    ("fill_rate", {"specialty_code": "99999999", "value": 0.9}),
]


@pytest.mark.parametrize("section, item", NOTHING_MATCHES,
                         ids=[f"{s}-{'-'.join(k for k in i if k not in ('specialty_code', 'college_id'))}"
                              for s, i in NOTHING_MATCHES])
def test_a_scope_that_matches_nothing_is_reported_in_every_section(demo, section, item):
    # A typo in a code must not be silently ignored: "no stream of the warehouse matches this scope".
    with pytest.raises(ScenarioError) as e:
        project.run(demo, parse({section: [item]}))
    assert e.value.key == "planner.error.no_match"


def _places_wait(p, b, item):
    # honoured: the field's places in the first projected year are the baseline's
    return places_by(p, "isced_broad").iloc[0]["06"] == places_by(b, "isced_broad").iloc[0]["06"]


def _fill_waits(p, b, item):
    # honoured: the first projected year does not yet admit places × 0.5 in the field
    d = p.detail
    d = d[(d["year"] == p.years[0]) & (d["isced_broad"] == "06") & (d["funding"] == "state")]
    return not np.allclose(d["admitted"], d["places"] * 0.5)


def _capacity_waits(p, b, item):
    # honoured: the college's capacity in the first projected year is not yet baseline + 500
    got = p.colleges.set_index(["year", "college_id"])["capacity"]
    before = b.colleges.set_index(["year", "college_id"])["capacity"]
    first = (p.years[0], item["college_id"])
    return got.loc[first] != before.loc[first] + 500


def _rate_keeps_by(p, b, item):
    # honoured: the parsed change keeps its year
    return p.scenario.rates[0].by == item["by"]


@pytest.mark.parametrize("section, item, honoured", [
    # "from" is accepted in every section's items, but only capacity items use it
    ("places", {"field": "06", "change": 300, "from": "late"}, _places_wait),
    # "by" is accepted in fill_rate, capacity and rates items but never used there
    ("fill_rate", {"field": "06", "value": 0.5, "by": "late"}, _fill_waits),
    ("capacity", {"college_id": "first", "change": 500, "by": "late"}, _capacity_waits),
    ("rates", {"field": "06", "promotion": 1.0, "by": "late"}, _rate_keeps_by),
], ids=["places-from", "fill_rate-by", "capacity-by", "rates-by"])
def test_keys_the_parser_accepts_have_an_effect(demo, baseline, section, item, honoured):
    # "Parsing checks every key": a key is either refused (ScenarioError) or does what it says, never dropped.
    late = demo.base_year + 5
    values = {"late": late, "first": demo.streams["college_id"].iloc[0]}
    item = {k: values.get(v, v) if isinstance(v, str) else v for k, v in item.items()}
    try:
        p = project.run(demo, parse({"horizon": 10, section: [item]}))
    except ScenarioError:
        return
    ok = bool(honoured(p, baseline, item))
    assert ok, f"{section} item {item}: the key was accepted but took no effect"


def test_run_leaves_the_inputs_as_they_were(demo):
    before = copy.deepcopy(demo)
    project.run(demo, parse({
        "horizon": 10, "places": [{"field": "07", "percent": 20, "by": demo.base_year + 2}],
        "technical_share": {"target": 0.75, "by": demo.base_year + 4},
        "fill_rate": [{"field": "04", "value": 1.0}], "admissions": [{"funding": "paid", "change": 100}],
        "rates": [{"field": "07", "promotion": 0.9, "repetition": 0.03, "graduation": 0.9}],
        "cost_per_student": [{"technical": True, "percent": 10}],
        "capacity": [{"college_id": demo.streams["college_id"].iloc[0], "change": 100}]}))
    for name in ("start", "promotion", "repetition", "graduation", "fill", "paid_intake"):
        assert np.array_equal(getattr(demo, name), getattr(before, name), equal_nan=True), name
    for y in before.places:
        assert np.array_equal(demo.places[y], before.places[y]) and np.array_equal(demo.cost[y], before.cost[y])
    assert demo.streams.equals(before.streams) and demo.capacity.equals(before.capacity)
