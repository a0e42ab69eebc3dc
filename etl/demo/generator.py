"""The demo dataset of TVET Atlas: seeded, generated, calibrated to the published figures of Zhetysu Region.

No college-level data for Zhetysu Region (KZ-33) is public. This generator writes one CSV per fact table (plus
`dim_college` and the demo `source` row) in the layout of etl/schema.py, with `source.kind = demo`, so that the
dashboard has something true-to-shape to show until real files are loaded.

Calibration (region scale, academic years 2019-2025; the forum report read as written in 2025,
see ../shared/facts/README.md):

  published figure (source zhetysu_forum_2025)          how the generator meets it
  27 colleges (2024)                                     27 colleges: the four the report names + 23 "Демо-колледж"
                                                         (one opens in 2022, so 2019-2021 have 26)
  more than 13,900 students (2024)                       exactly 13,947: the paid intake of 2024 is set last, after
                                                         every other 2024 student is drawn
  state order 4,250 places (2024)                        places split by largest remainder: exactly 4,250, of which
                                                         59.8 % technical (ISCED-F 06-08), below the 65 % target
  13 new specialties opened (2024)                       13 codes nobody in the region taught before, each opened at
                                                         one college with its first intake in 2024
  14 more planned (2025), incl. automation, mechatronics, 14 codes with first intake in 2025, the five named ones
  architecture, forestry, fisheries                      included
  4,500 admissions planned (2025)                        state-order places + paid plan of 2025 = exactly 4,500
                                                         (read as the total planned intake, state + paid; the
                                                         alternative reading, state-funded places only, is on the
                                                         methodology page)
  10 memoranda (2024), 3 employers' hiring decisions     the enterprises the report names (+ 4 demo memoranda)

How the student total is hit: a stream's students move on each year by binomial draws (promotion, repetition,
dropout, graduation; see cohort.py), simulated from 2014 so that 2019 already has every course. Before drawing,
the intake of every year before 2024 is scaled by one factor so that the *expected* 2024 total is the target
(model.intake_scale); after drawing up to 2024, the 2024 paid intake absorbs the random difference. Both the
factor and the paid residual are checked to be plausible, and at the end the published figures are recomputed
from the finished tables and asserted (check_published) before any file is written. Everything else
(languages, entry bases, programme lengths, rates, costs, capacity) is drawn in plausible ranges; none of it is a
published figure.

No card may read as news that no source reports (issue 14). The published figures grow from 2024 to 2025:
national students 557k -> 562k, state-funded students 380k -> 397k, and Zhetysu plans 4,500 admissions in 2025
against 4,250 state-order places in 2024. So the demo grows too, and check_published asserts it: 2025 has at
least as many students, state-order places and planned admissions (state + paid, one definition in every year)
as 2024, at least as many specialties opened (the 14 planned ones admit their first students in 2025, so they are
opened then too), and no partnership row in 2025 (a year with rows but no memorandum would show 0 memoranda).
Consequences worth knowing: with 4,250 state places in 2024 and a 2025 plan of 4,500 that is not to fall below
2024's, paid study can only be a small part of the intake (about 160 admitted in 2024, 202 planned in 2025): the
state-funded share of students rises from about 92 % in 2019 to about 95 % in 2024 (the story the trends tell: the
state order grows about 4 % a year while paid admissions shrink 12 % a year, as free TVET for a first profession
spreads). An intake of about 4,300 a year keeps 13,947 students only if most stay: Zhetysu's programmes are a
little longer and its promotion and graduation rates a little higher than the generated regions'
(RegionPlan.longer, RegionPlan.retention). Demo figures of 2024 -> 2025: students 13,947 -> 14,193, state order
4,250 -> 4,298 (technical 59.8 % -> 61.0 %), planned admissions 4,417 (4,250 state + 167 paid) -> 4,500 (4,298 +
202). And Zhetysu Region only exists since June 2022: the demo's 2019-2021 rows are for the colleges that are in
it now.

The national scale (`scale="national"`, for benchmarks, never committed) runs the same code for all 20 regions,
academic years 2016-2025, about 700 colleges and 557,000 students in 2024, with every region calibrated to its
own row of catalog.NATIONAL_SIZES.

Determinism: one `numpy.random.default_rng(seed)` (national: one child per region via `spawn`), drawn in a fixed
order; no clock, no hash(), no set or dict iteration that decides anything; fixed-width rounding of floats.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from etl.schema import table as schema_table

from . import catalog, output
from .model import CALIBRATION_YEAR, LAST_YEAR, STATE, RegionData, RegionPlan, generate_region

DEFAULT_SEED = 2025
REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
REGION_FIRST_YEAR = 2019
NATIONAL_FIRST_YEAR = 2016
PUBLISHED = "zhetysu_forum_2025"

# Published figures of Zhetysu Region the demo must meet (data/reference/published_figure.csv).
ZHETYSU_COLLEGES = 27
ZHETYSU_STUDENTS_2024 = 13_947          # "more than 13,900"
ZHETYSU_STATE_PLACES_2024 = 4_250
ZHETYSU_TECH_SHARE_2024 = 0.598         # "most budget places are in technical specialties"; target is 65 %
ZHETYSU_ADMISSION_PLAN_2025 = 4_500
ZHETYSU_MEMORANDA = 10

FACT_FILES = ("fct_enrollment", "fct_admission", "fct_graduation", "fct_state_order", "fct_capacity",
              "fct_specialty_change")


# ---------------------------------------------------------------------------------------------------------------
# Plans
# ---------------------------------------------------------------------------------------------------------------
def _read_reference(name: str) -> list[dict]:
    with open(REFERENCE / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _region_names(code: str) -> tuple[str, str, str, str]:
    for row in _read_reference("dim_region.csv"):
        if row["region_code"] == code:
            return row["kato_prefix"], row["name_kk"], row["name_ru"], row["name_en"]
    raise KeyError(code)


def zhetysu_plan() -> RegionPlan:
    """Zhetysu Region: the 27 colleges of the catalog and the forum report's totals."""
    towns = {}
    for row in _read_reference("dim_district.csv"):
        if row["region_code"] == "KZ-33":
            towns[row["district_code"]] = (catalog.TOWN_KK[row["district_code"]], row["centre_ru"],
                                           row["centre_en"], float(row["lat"]), float(row["lon"]))
    kato, kk, ru, en = _region_names("KZ-33")
    return RegionPlan(
        region_code="KZ-33", kato=kato, names=(kk, ru, en), colleges=catalog.ZHETYSU_COLLEGES, towns=towns,
        students_2024=ZHETYSU_STUDENTS_2024, state_places_2024=ZHETYSU_STATE_PLACES_2024,
        admission_plan_2025=ZHETYSU_ADMISSION_PLAN_2025, paid_plan_share_2025=0.045,
        tech_share_2024=ZHETYSU_TECH_SHARE_2024, state_growth=0.04, paid_intake_2024=170.0, paid_decline=0.12,
        retention=0.03, longer=0.25, russian=0.52, opened_2024=catalog.OPENED_2024, planned_2025=catalog.PLANNED_2025,
        preferred=catalog.ZHETYSU_PREFERRED, partnerships=catalog.ZHETYSU_PARTNERSHIPS)


# Regions where Russian-language groups are common (north and centre) or rare (south).
_RUSSIAN = {"KZ-11": 0.6, "KZ-35": 0.6, "KZ-39": 0.6, "KZ-55": 0.65, "KZ-59": 0.65, "KZ-62": 0.5, "KZ-63": 0.55,
            "KZ-71": 0.5, "KZ-75": 0.55, "KZ-31": 0.15, "KZ-43": 0.08, "KZ-61": 0.08, "KZ-79": 0.15}


def generated_plan(code: str, n_colleges: int, students: int, rng: np.random.Generator) -> RegionPlan:
    """Any region but Zhetysu: generated colleges, totals in proportion to its students."""
    kato, kk, ru, en = _region_names(code)
    profiles = [p for p, _ in catalog.PROFILE_MIX]
    weights = np.array([w for _, w in catalog.PROFILE_MIX])
    picked = rng.choice(len(profiles), size=n_colleges, p=weights / weights.sum())
    sizes = np.clip(rng.lognormal(0.0, 0.45, n_colleges), 0.35, 2.6)
    private = rng.random(n_colleges) < 0.3
    city = code in catalog.CITY_REGIONS
    colleges = tuple(
        catalog.CollegePlan(number=i + 1, district_code=None, profile=profiles[int(picked[i])],
                            size=float(sizes[i]), ownership="private" if private[i] else "state",
                            english=city and profiles[int(picked[i])] in ("polytechnic", "business_it"))
        for i in range(n_colleges))
    if all(c.ownership == "private" for c in colleges):
        raise AssertionError(f"{code}: no state college")
    n_new = int(np.clip(n_colleges // 4, 2, len(catalog.OPENED_2024)))
    opened = tuple(str(c) for c in rng.choice(catalog.OPENED_2024, size=n_new, replace=False))
    planned = tuple(str(c) for c in rng.choice(catalog.PLANNED_2025, size=min(n_new, 14), replace=False))
    return RegionPlan(
        region_code=code, kato=kato, names=(kk, ru, en), colleges=colleges, towns={},
        students_2024=students, state_places_2024=int(round(0.255 * students)),
        admission_plan_2025=int(round(0.36 * students)), paid_plan_share_2025=0.25,
        tech_share_2024=round(float(rng.uniform(0.50, 0.62)), 3), state_growth=0.05,
        paid_intake_2024=0.10 * students, paid_decline=0.05, russian=_RUSSIAN.get(code, 0.3),
        opened_2024=opened, planned_2025=planned,
        openings_per_year=(1, max(2, n_colleges // 6)), closures_per_year=(0, max(1, n_colleges // 15)),
        over_capacity=(max(1, n_colleges // 9), max(1, n_colleges // 6)),
        under_capacity=(max(1, n_colleges // 9), max(1, n_colleges // 6)),
        dual_agreements=max(1, n_colleges // 8),
        cost_factor=1.1 if city else round(float(rng.uniform(0.95, 1.05)), 3))


def source_row(scale: str, seed: int) -> tuple:
    """The one `source` row every generated row points to (kind demo: the ETL marks the rows is_demo)."""
    calibration = (f"calibrated to the totals of {PUBLISHED}: {ZHETYSU_COLLEGES} colleges, "
                   f"{ZHETYSU_STUDENTS_2024} students and {ZHETYSU_STATE_PLACES_2024} state-order places in 2024, "
                   f"13 specialties opened in 2024, 14 planned and {ZHETYSU_ADMISSION_PLAN_2025} admissions planned "
                   f"in 2025, {ZHETYSU_MEMORANDA} memoranda")
    invented = ("colleges, students, admissions, graduates, state order, capacity, specialty changes and "
                "partnerships are invented, except the names of the four colleges and the enterprises the report "
                "names")
    if scale == "region":
        source_id, note = "demo_zhetysu", f"Generated rows for Zhetysu Region (KZ-33), {calibration}; {invented}."
    else:
        source_id, note = "demo_national", (
            f"Generated rows for all 20 regions (benchmark data). Zhetysu Region is {calibration}; other regions "
            f"are sized after etl/demo/catalog.py (NATIONAL_SIZES); {invented}.")
    title = f"TVET Atlas demo dataset (generated, seed {seed}) — not official statistics"
    publisher = "TVET Atlas (etl/demo/generator.py)"
    # Then the title in kk, ru, en and the publisher in kk, ru, en (the contract's title_* / publisher_* columns).
    return (source_id, title, publisher, None, None, "demo", "region", "generated; no rights reserved", note,
            f"TVET Atlas демонстрациялық деректер жинағы (генерацияланған, seed {seed}) — ресми статистика емес",
            f"Демонстрационный набор данных TVET Atlas (сгенерирован, seed {seed}) — не официальная статистика",
            title, publisher, publisher, publisher)


# ---------------------------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------------------------
def _check_specialties_known() -> None:
    """Every code the generator may write is in data/reference/dim_specialty.csv (when that file exists)."""
    overlap = set(catalog.NICHE_CODES) & {c for pool in catalog.PROFILE_POOLS.values() for c in pool}
    if overlap:
        raise AssertionError(f"new specialties also in a starting pool: {sorted(overlap)}")
    path = REFERENCE / "dim_specialty.csv"
    if path.exists():
        known = {row["specialty_code"] for row in _read_reference("dim_specialty.csv")}
        unknown = sorted(set(catalog.used_codes()) - known)
        if unknown:
            raise AssertionError(f"specialty codes not in {path.name}: {unknown}")


def _sum(t: dict, value: str, **where) -> int:
    mask = np.ones(len(t[value].values), bool)
    for col, want in where.items():
        mask &= t[col].values == want
    return int(t[value].values[mask].sum())


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise AssertionError("demo calibration failed: " + message)


def check_totals(plan: RegionPlan, t: dict[str, dict]) -> None:
    """The exact totals every region is calibrated to."""
    students = _sum(t["fct_enrollment"], "students", academic_year=CALIBRATION_YEAR)
    _require(students == plan.students_2024, f"{plan.region_code} students 2024 = {students}")
    places = _sum(t["fct_state_order"], "places", academic_year=CALIBRATION_YEAR)
    _require(places == plan.state_places_2024, f"{plan.region_code} state-order places 2024 = {places}")
    state_planned = _sum(t["fct_admission"], "planned", academic_year=CALIBRATION_YEAR, funding=STATE)
    _require(state_planned == places, f"{plan.region_code} state planned admissions 2024 = {state_planned}")
    plan_2025 = _sum(t["fct_admission"], "planned", academic_year=LAST_YEAR)
    _require(plan_2025 == plan.admission_plan_2025, f"{plan.region_code} admission plan 2025 = {plan_2025}")
    for year in (CALIBRATION_YEAR, LAST_YEAR):
        colleges = set(t["fct_enrollment"]["college_id"].values[
            t["fct_enrollment"]["academic_year"].values == year].tolist())
        _require(len(colleges) == len(plan.colleges), f"{plan.region_code} colleges with students {year}")


def check_published(data: RegionData, t: dict[str, dict], partnerships: list[tuple], college0: int) -> None:
    """Zhetysu's published figures, recomputed from the tables as written."""
    check_totals(data.plan, t)
    enr, adm, so, chg = t["fct_enrollment"], t["fct_admission"], t["fct_state_order"], t["fct_specialty_change"]
    _require(len(data.plan.colleges) == ZHETYSU_COLLEGES, "27 colleges")
    students = _sum(enr, "students", academic_year=CALIBRATION_YEAR)
    _require(13_900 < students < 14_000, f"students 2024 = {students}")
    tech_mask = np.array([catalog.is_technical(c) for c in output.SPECIALTIES])[so["specialty_code"].values]
    year_mask = so["academic_year"].values == CALIBRATION_YEAR
    tech = so["places"].values[year_mask & tech_mask].sum() / so["places"].values[year_mask].sum()
    _require(0.58 <= tech <= 0.62, f"technical share of the 2024 state order = {tech:.3f}")

    def changes(kind: str, year: int) -> list[tuple[int, int]]:
        m = (chg["change"].values == output.CHANGES.index(kind)) & (chg["academic_year"].values == year)
        return list(zip(chg["college_id"].values[m].tolist(), chg["specialty_code"].values[m].tolist()))

    def first_intake(college: int, specialty: int) -> int | None:
        m = (adm["college_id"].values == college) & (adm["specialty_code"].values == specialty) & (
            adm["admitted"].values > 0)
        return int(adm["academic_year"].values[m].min()) if m.any() else None

    def first_students(college: int, specialty: int) -> int:
        m = (enr["college_id"].values == college) & (enr["specialty_code"].values == specialty)
        return int(enr["academic_year"].values[m].min())

    opened = changes("opened", CALIBRATION_YEAR)
    _require(len(opened) == 13 and len({s for _, s in opened}) == 13, f"13 specialties opened in 2024: {opened}")
    for college, specialty in opened:
        _require(first_intake(college, specialty) == CALIBRATION_YEAR == first_students(college, specialty),
                 f"opened specialty {output.SPECIALTIES[specialty]} has its first intake in 2024")
    planned = changes("planned", LAST_YEAR)
    planned_codes = {output.SPECIALTIES[s] for _, s in planned}
    _require(len(planned) == 14 and len(planned_codes) == 14, "14 specialties planned for 2025")
    _require(set(catalog.PLANNED_2025_NAMED) <= planned_codes, "the five named planned specialties")
    for college, specialty in planned:
        m = (adm["college_id"].values == college) & (adm["specialty_code"].values == specialty)
        _require(first_students(college, specialty) == LAST_YEAR and
                 int(adm["planned"].values[m & (adm["academic_year"].values == LAST_YEAR)].sum()) > 0,
                 f"planned specialty {output.SPECIALTIES[specialty]} has planned places in 2025 and no earlier "
                 "students")
    for year in range(data.first_year + 1, CALIBRATION_YEAR):
        for college, specialty in changes("opened", year):
            _require(first_students(college, specialty) == year, f"opening in {year} without earlier students")
    closed = [(y, c, s) for y in range(data.first_year + 1, CALIBRATION_YEAR + 1) for c, s in changes("closed", y)]
    for year, college, specialty in closed:
        m = (adm["college_id"].values == college) & (adm["specialty_code"].values == specialty) & (
            adm["academic_year"].values >= year)
        _require(int(adm["admitted"].values[m].sum()) == 0, f"closed specialty admits after {year}")
    # No card may read as news the sources do not report: 2025 grows on 2024 where the published figures grow
    # (national students and state-funded students; Zhetysu's 4,500 planned admissions of 2025 against the 4,250
    # state-order places of 2024), read with one definition of the plan (state + paid) in every year.
    def total(table: dict, value: str, year: int) -> int:
        return _sum(table, value, academic_year=year)

    for name, table, value in (("students", enr, "students"), ("state-order places", so, "places"),
                               ("planned admissions (state + paid)", adm, "planned")):
        before, after = total(table, value, CALIBRATION_YEAR), total(table, value, LAST_YEAR)
        _require(after >= before, f"{name} fall from {before} in 2024 to {after} in 2025")
    _require(len(changes("opened", LAST_YEAR)) >= len(opened), "fewer specialties opened in 2025 than in 2024")
    columns = schema_table("fct_partnership").column_names     # partnership rows are in the contract's order
    _require(not [p for p in partnerships if p[columns.index("academic_year")] == LAST_YEAR],
             "partnership rows in 2025 would show the year's memoranda as 0")
    kinds = [p[columns.index("kind")] for p in partnerships]
    _require(kinds.count("memorandum") == ZHETYSU_MEMORANDA, "10 memoranda")
    _require(kinds.count("hiring_decision") == 3, "3 enterprises' hiring decisions")
    cap = t["fct_capacity"]
    in_2024 = enr["academic_year"].values == CALIBRATION_YEAR
    students_by_college = np.bincount(enr["college_id"].values[in_2024] - college0,
                                      weights=enr["students"].values[in_2024], minlength=len(data.plan.colleges))
    m = cap["academic_year"].values == CALIBRATION_YEAR
    use = students_by_college[cap["college_id"].values[m] - college0] / cap["design_capacity"].values[m]
    _require(3 <= int((use > 1.0).sum()) <= 5, f"3-5 colleges over capacity in 2024: {np.sort(use)}")
    _require(3 <= int((use < 0.7).sum()) <= 5, f"3-5 colleges under 70 % in 2024: {np.sort(use)}")


# ---------------------------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------------------------
def _region_tables(data: RegionData, college0: int, region: int, regions: tuple, source_id: str,
                   rng: np.random.Generator) -> dict[str, dict]:
    return {
        "fct_enrollment": output.enrollment(data, college0, source_id),
        "fct_admission": output.admission(data, college0, source_id, rng),
        "fct_graduation": output.graduation(data, college0, source_id, rng),
        "fct_state_order": output.state_order(data, college0, region, regions, source_id),
        "fct_capacity": output.capacity(data, college0, source_id),
        "fct_specialty_change": output.specialty_change(data, college0, source_id),
    }


def generate(out_dir: Path, scale: str = "region", seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write the demo dataset's CSV files into out_dir and return {table: rows written}.

    scale "region": Zhetysu Region, academic years 2019-2025, calibrated to the forum report (the committed
    data/demo/). scale "national": all 20 regions, 2016-2025, for benchmarks.
    """
    if scale not in ("region", "national"):
        raise ValueError(f"scale must be 'region' or 'national', not {scale!r}")
    _check_specialties_known()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    source = source_row(scale, seed)
    source_id = source[0]

    if scale == "region":
        jobs = [(zhetysu_plan(), REGION_FIRST_YEAR, np.random.default_rng(seed))]
    else:
        children = np.random.default_rng(seed).spawn(len(catalog.NATIONAL_SIZES))
        jobs = []
        for (code, n_colleges, students), rng in zip(catalog.NATIONAL_SIZES, children):
            plan = zhetysu_plan() if code == "KZ-33" else generated_plan(code, n_colleges, students, rng)
            jobs.append((plan, NATIONAL_FIRST_YEAR, rng))
    regions = tuple(plan.region_code for plan, _, _ in jobs)

    parts, colleges, partnerships, all_ids = [], [], [], []
    for region, (plan, first_year, rng) in enumerate(jobs):
        data = generate_region(plan, first_year, rng)
        college0 = len(all_ids)
        ids = output.college_ids(data)
        all_ids.extend(ids)
        tables = _region_tables(data, college0, region, regions, source_id, rng)
        region_partnerships = output.partnership_rows(data, ids, source_id)
        if plan.region_code == "KZ-33":
            check_published(data, tables, region_partnerships, college0)
        else:
            check_totals(plan, tables)
        parts.append(tables)
        colleges.extend(output.dim_college_rows(data, source_id))
        partnerships.extend(region_partnerships)
    if all_ids != sorted(all_ids):
        raise AssertionError("college ids must sort like their indexes")

    counts = {"source": output.write_rows(out_dir / "source.csv", "source", [source]),
              "dim_college": output.write_rows(out_dir / "dim_college.csv", "dim_college", colleges)}
    for name in FACT_FILES:
        table = output.concat([p[name] for p in parts])
        table["college_id"].labels = all_ids      # college columns hold global indexes until written
        counts[name] = output.write_table(out_dir / f"{name}.csv", name, table)
    counts["fct_partnership"] = output.write_rows(out_dir / "fct_partnership.csv", "fct_partnership", partnerships)
    return counts


__all__ = ["DEFAULT_SEED", "generate"]
