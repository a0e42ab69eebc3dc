"""From simulated regions to the table contract's CSV files (etl/schema.py).

Fact tables are built as integer-coded numpy columns (codes ordered like their text, so sorting codes sorts the
text), sorted by the table's key with `numpy.lexsort` and written with the csv module: UTF-8 without BOM, `\\n`
line ends, minimal quoting, empty text for NULL. Numbers sort as numbers: academic_year, course and entry_base
(9 before 11, as a reader that parses the column as integers would sort it).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from etl.schema import table as schema_table

from . import catalog
from .model import CALIBRATION_YEAR, FUNDING, LANGUAGES, STATE, STUDY_FORMS, RegionData

SPECIALTIES = catalog.used_codes()                      # index order = text order
SPECIALTY_INDEX = {code: i for i, code in enumerate(SPECIALTIES)}
BUDGETS = ("local", "republican")
CHANGES = ("closed", "opened", "planned")
NULL = -1


@dataclass
class Column:
    """An integer-coded column: the value itself (labels None) or an index into labels. NULL (-1) -> empty."""
    values: np.ndarray
    labels: tuple | list | None = None

    def decode(self, order: np.ndarray) -> list:
        v = self.values[order]
        if self.labels is not None:
            return np.asarray(list(self.labels) + [""], dtype=object)[v].tolist()   # -1 picks the ""
        if (v == NULL).any():
            out = v.astype(object)
            out[v == NULL] = ""
            return out.tolist()
        return v.tolist()


def constant(value: str, n: int) -> Column:
    return Column(np.zeros(n, np.int64), (value,))


def concat(parts: list[dict[str, Column]]) -> dict[str, Column]:
    """Stack per-region tables; every part codes a column with the same labels."""
    out = {}
    for name in parts[0]:
        labels = parts[0][name].labels
        out[name] = Column(np.concatenate([p[name].values for p in parts]), labels)
    return out


def _written(spec, given: set[str]) -> list[str]:
    """The contract's columns that the generator writes, in the contract's order: every column it gives, and no
    required one missing (a column the contract does not require, such as fct_enrollment.on_leave, the demo
    leaves out of the file: the build reads it as not stated)."""
    unknown = given - set(spec.column_names)
    missing = {c.name for c in spec.columns if c.required} - given
    if unknown or missing:
        raise AssertionError(f"{spec.name}: columns differ from the contract: {sorted(unknown | missing)}")
    return [c for c in spec.column_names if c in given]


def write_table(path: Path, name: str, data: dict[str, Column]) -> int:
    """Write one table: columns in the contract's order, rows sorted by its key. Returns the row count."""
    spec = schema_table(name)
    names = _written(spec, set(data))
    n = len(next(iter(data.values())).values)
    order = np.lexsort([data[k].values for k in reversed(spec.key)]) if n else np.arange(0)
    columns = [data[c].decode(order) for c in names]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(names)
        writer.writerows(zip(*columns))
    return n


def write_rows(path: Path, name: str, rows: list[tuple]) -> int:
    """Write a small table given as Python rows in the contract's column order, sorted by its key."""
    spec = schema_table(name)
    pos = [spec.column_names.index(k) for k in spec.key]
    rows = sorted(rows, key=lambda r: tuple(r[i] for i in pos))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(spec.column_names)
        writer.writerows(["" if v is None else v for v in r] for r in rows)
    return len(rows)


# ---------------------------------------------------------------------------------------------------------------
# Tables of one region. `college0` is the global index of the region's first college (ids sort like indexes).
# ---------------------------------------------------------------------------------------------------------------
def college_ids(data: RegionData) -> list[str]:
    return [f"KZ{data.plan.kato}-C{c.number:03d}" for c in data.plan.colleges]


def dim_college_rows(data: RegionData, source_id: str) -> list[tuple]:
    rows = []
    plan = data.plan
    for cid, college in zip(college_ids(data), plan.colleges):
        if college.district_code:
            town_kk, town_ru, town_en, lat, lon = plan.towns[college.district_code]
            lat_s, lon_s = f"{lat:.5f}", f"{lon:.5f}"
            note = "district centre coordinates; the college's own address is not used"
        else:
            town_kk, town_ru, town_en = plan.names
            lat_s = lon_s = note = None
        if college.names:
            kk, ru, en = college.names
        else:
            kk = f"Демо-колледж № {college.number} ({town_kk})"
            ru = f"Демо-колледж № {college.number} ({town_ru})"
            en = f"Demo College No. {college.number} ({town_en})"
        rows.append((cid, plan.region_code, college.district_code, kk, ru, en, college.ownership, lat_s, lon_s,
                     note, source_id))
    return rows


def _output_years(data: RegionData, last: int) -> np.ndarray:
    return np.flatnonzero((data.years >= data.first_year) & (data.years <= last))


def _stream_college(data: RegionData, college0: int) -> np.ndarray:
    return np.array(data.offerings.college, np.int64)[data.streams.offering] + college0


def _offering_specialty(data: RegionData) -> np.ndarray:
    return np.array([SPECIALTY_INDEX[c] for c in data.offerings.code], np.int64)


def enrollment(data: RegionData, college0: int, source_id: str) -> dict[str, Column]:
    js = _output_years(data, data.years[-1])
    s, j, k = np.nonzero(data.students[:, js, :])
    st = data.streams
    n = len(s)
    return {
        "academic_year": Column(data.years[js][j]),
        "college_id": Column(_stream_college(data, college0)[s]),
        "specialty_code": Column(_offering_specialty(data)[st.offering[s]], SPECIALTIES),
        "course": Column(k + 1),
        "funding": Column(st.funding[s], FUNDING),
        "language": Column(st.language[s], LANGUAGES),
        "study_form": Column(st.form[s], STUDY_FORMS),
        "entry_base": Column(st.base[s]),
        "students": Column(data.students[:, js, :][s, j, k]),
        "source_id": constant(source_id, n),
    }


def _group(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Group index of each stream by the given key columns; returns (first member of each group, inverse)."""
    stacked = np.stack(keys, axis=1)
    _, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def admission(data: RegionData, college0: int, source_id: str, rng: np.random.Generator) -> dict[str, Column]:
    """Per year x college x specialty x funding x language x entry base (study forms summed).

    State rows plan their state-order places; paid rows their planned paid places. Applicants are 1.1-2.6 times
    the admitted on state places and 1.05-1.6 times on paid ones, and not reported in about 10 % of rows.
    """
    st = data.streams
    first, group = _group([st.offering, st.funding, st.language, st.base])
    js = _output_years(data, data.years[-1])
    planned_stream = np.where((st.funding == STATE)[:, None], data.places, data.paid_plan)[:, js]
    planned = np.zeros((len(first), len(js)), np.int64)
    admitted = np.zeros_like(planned)
    np.add.at(planned, group, planned_stream)
    np.add.at(admitted, group, data.admitted[:, js])
    g, j = np.nonzero((planned > 0) | (admitted > 0))
    s = first[g]
    n = len(g)
    adm = admitted[g, j]
    ratio = np.where(st.funding[s] == STATE, rng.uniform(1.1, 2.6, n), rng.uniform(1.05, 1.6, n))
    applicants = np.maximum(adm, np.rint(adm * ratio).astype(np.int64))
    applicants[rng.random(n) < 0.10] = -1
    return {
        "academic_year": Column(data.years[js][j]),
        "college_id": Column(_stream_college(data, college0)[s]),
        "specialty_code": Column(_offering_specialty(data)[st.offering[s]], SPECIALTIES),
        "funding": Column(st.funding[s], FUNDING),
        "language": Column(st.language[s], LANGUAGES),
        "entry_base": Column(st.base[s]),
        "planned": Column(planned[g, j]),
        "admitted": Column(adm),
        "applicants": Column(applicants),
        "source_id": constant(source_id, n),
    }


def graduation(data: RegionData, college0: int, source_id: str, rng: np.random.Generator) -> dict[str, Column]:
    """Per year of graduation x college x specialty x funding; only finished years (up to 2024)."""
    st = data.streams
    first, group = _group([st.offering, st.funding])
    js = _output_years(data, CALIBRATION_YEAR)
    grads = np.zeros((len(first), len(js)), np.int64)
    np.add.at(grads, group, data.graduates[:, js])
    g, j = np.nonzero(grads)
    s = first[g]
    offering = st.offering[s]
    graduates = grads[g, j]
    e = data.employed_rate[offering]
    c = data.continued_rate[offering]
    employed = rng.binomial(graduates, e)
    continued = rng.binomial(graduates - employed, np.minimum(1.0, c / (1.0 - e)))
    return {
        "academic_year": Column(data.years[js][j]),
        "college_id": Column(_stream_college(data, college0)[s]),
        "specialty_code": Column(_offering_specialty(data)[offering], SPECIALTIES),
        "funding": Column(st.funding[s], FUNDING),
        "graduates": Column(graduates),
        "employed": Column(employed),
        "continued_study": Column(continued),
        "source_id": constant(source_id, len(g)),
    }


def state_order(data: RegionData, college0: int, region: int, regions: tuple, source_id: str
                ) -> dict[str, Column]:
    """Per year x college x specialty x language x study form x entry base x budget: places and cost."""
    st = data.streams
    js = _output_years(data, data.years[-1])
    local = data.places[:, js] - data.republican_places[:, js]
    by_budget = np.stack([local, data.republican_places[:, js]], axis=2)      # [n, J, 2]
    s, j, b = np.nonzero(by_budget)
    years = data.years[js][j]
    specialty = _offering_specialty(data)[st.offering[s]]
    broad = [SPECIALTIES[i][:2] for i in specialty.tolist()]
    cost = np.array([data.cost[(f, BUDGETS[bb], y)] for f, bb, y in zip(broad, b.tolist(), years.tolist())],
                    np.int64)
    n = len(s)
    return {
        "academic_year": Column(years),
        "region_code": Column(np.full(n, region, np.int64), regions),
        "college_id": Column(_stream_college(data, college0)[s]),
        "specialty_code": Column(specialty, SPECIALTIES),
        "qualification_code": Column(np.full(n, NULL, np.int64), ()),
        "language": Column(st.language[s], LANGUAGES),
        "study_form": Column(st.form[s], STUDY_FORMS),
        "entry_base": Column(st.base[s]),
        "budget": Column(b, BUDGETS),
        "places": Column(by_budget[s, j, b]),
        "cost_per_student_kzt": Column(cost),
        "source_id": constant(source_id, n),
    }


def capacity(data: RegionData, college0: int, source_id: str) -> dict[str, Column]:
    js = _output_years(data, data.years[-1])
    c, j = np.nonzero(data.capacity[:, js])
    return {
        "academic_year": Column(data.years[js][j]),
        "college_id": Column(c + college0),
        "design_capacity": Column(data.capacity[:, js][c, j]),
        "dormitory_places": Column(data.dormitory[c]),
        "source_id": constant(source_id, len(c)),
    }


def specialty_change(data: RegionData, college0: int, source_id: str) -> dict[str, Column]:
    """Opened (first intake at the college within the output years: the planned specialties of 2025 are opened in
    2025 too, as their first students arrive that year), closed (first year without intake, up to 2024) and
    planned (first intake in 2025, the report's "planned this year")."""
    off = data.offerings
    warm = int(data.years[0])
    rows = []
    for ci, code, opened, closed in zip(off.college, off.code, off.open, off.close):
        if opened > warm and data.first_year < opened:
            rows.append((opened, ci, code, CHANGES.index("opened")))
        if opened == data.years[-1]:
            rows.append((opened, ci, code, CHANGES.index("planned")))
        if data.first_year < closed <= CALIBRATION_YEAR:
            rows.append((closed, ci, code, CHANGES.index("closed")))
    n = len(rows)
    return {
        "academic_year": Column(np.array([r[0] for r in rows], np.int64)),
        "college_id": Column(np.array([r[1] for r in rows], np.int64) + college0),
        "specialty_code": Column(np.array([SPECIALTY_INDEX[r[2]] for r in rows], np.int64), SPECIALTIES),
        "change": Column(np.array([r[3] for r in rows], np.int64), CHANGES),
        "source_id": constant(source_id, n),
    }


def partnership_rows(data: RegionData, ids: list[str], source_id: str) -> list[tuple]:
    rows = []
    for k, (ci, enterprise, sector, kind, signed_on, year, note) in enumerate(data.partnerships, start=1):
        kk, ru, en = catalog.SECTOR_NAMES[sector] if sector is not None else (None, None, None)
        rows.append((f"KZ{data.plan.kato}-A{k:03d}", ids[ci] if ci is not None else None, enterprise, sector,
                     kk, ru, en, kind, signed_on, year, note, source_id))
    return rows
