"""Students: enrolment by course, funding and language; admission against the plan; graduates and employment.

Pure pandas over the frames of the named queries students_enrollment, students_admission,
students_graduation_field and students_graduation_college.
"""

from __future__ import annotations

import pandas as pd

# The category of rows whose source does not state the value (NULL in the warehouse): shown as its own category,
# last, never dropped (a pandas groupby or pivot drops missing keys unless told not to).
NOT_STATED = "not_stated"

# The views of enrolment and the order their categories are shown in (values not listed here follow, sorted, and
# NOT_STATED comes last).
VIEWS: dict[str, tuple] = {
    "course": (1, 2, 3, 4),
    "funding": ("state", "paid"),
    "language": ("kk", "ru", "en"),
    "entry_base": ("9", "11", "tvet"),
    "study_form": ("full_time", "part_time", "evening"),
}


def _number(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def ratio(num, den) -> float | None:
    num, den = _number(num), _number(den)
    return None if num is None or not den else num / den


def change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def stated(values: pd.Series) -> pd.Series:
    """The values with every missing one (None, NaN, NA) replaced by NOT_STATED, as plain objects."""
    return values.astype(object).where(values.notna(), NOT_STATED)


def composition(enrollment: pd.DataFrame, view: str) -> pd.DataFrame:
    """Students per academic year (rows, ascending) and category of `view` (columns, in VIEWS order); 0 where
    a category has no students in a year."""
    order = VIEWS[view]
    if enrollment.empty:
        return pd.DataFrame(columns=list(order), dtype="int64")
    rows = enrollment.assign(**{view: stated(enrollment[view])})
    table = rows.pivot_table(index="academic_year", columns=view, values="students", aggfunc="sum", fill_value=0)
    extra = sorted((c for c in table.columns if c not in order), key=lambda c: (c == NOT_STATED, str(c)))
    columns = [c for c in order if c in table.columns] + extra
    return table.reindex(columns=columns).fillna(0).astype("int64").sort_index()


def shares(counts: pd.DataFrame) -> pd.DataFrame:
    """Each category's share of its year's total (0..1)."""
    totals = counts.sum(axis=1)
    return counts.div(totals.where(totals > 0), axis=0)


def students_in(enrollment: pd.DataFrame, year: int | None) -> float | None:
    rows = enrollment[enrollment["academic_year"] == year]
    return float(rows["students"].sum()) if not rows.empty else None


def on_leave_in(enrollment: pd.DataFrame, year: int | None) -> int | None:
    """Students on academic leave in the year (they are not among `students`); None when none is reported (the
    column is empty, as in demo rows)."""
    if "on_leave" not in enrollment:
        return None
    values = enrollment.loc[enrollment["academic_year"] == year, "on_leave"]
    return int(values.sum()) if values.notna().any() else None


def admission_by_year(admission: pd.DataFrame) -> pd.DataFrame:
    """One row per academic year and funding plus a `total` row per year: planned, admitted, admitted / planned
    (fill), applicants per planned place (over the rows that report applicants only) and the share of rows that
    report applicants."""
    if admission.empty:
        return admission.assign(fill=pd.Series(dtype="float64"), applicants_per_place=pd.Series(dtype="float64"),
                                reporting_share=pd.Series(dtype="float64"))
    cols = ["planned", "admitted", "applicants", "planned_with_applicants", "row_count", "rows_with_applicants"]
    total = admission.groupby("academic_year", as_index=False)[cols].sum(min_count=1)
    total["funding"] = "total"
    by_funding = admission.assign(funding=stated(admission["funding"]))
    by_funding = by_funding.groupby(["academic_year", "funding"], as_index=False)[cols].sum(min_count=1)
    out = pd.concat([by_funding, total], ignore_index=True)
    out["fill"] = [ratio(a, p) for a, p in zip(out["admitted"], out["planned"])]
    out["applicants_per_place"] = [ratio(a, p) for a, p in zip(out["applicants"], out["planned_with_applicants"])]
    out["reporting_share"] = [ratio(r, n) for r, n in zip(out["rows_with_applicants"], out["row_count"])]
    order = {"state": 0, "paid": 1, NOT_STATED: 2, "total": 3}
    out["_order"] = out["funding"].map(lambda f: order.get(f, 2))
    return out.sort_values(["academic_year", "_order"], ignore_index=True).drop(columns="_order")


def admission_total(admission: pd.DataFrame, year: int | None, what: str = "admitted") -> float | None:
    rows = admission[admission["academic_year"] == year][what]
    return float(rows.sum()) if rows.notna().any() else None


def graduation_year(years: list[int], selected: int | None) -> int | None:
    """The graduation year to show for the selected academic year: itself when it has graduates, else the
    latest earlier year with graduates (the current year's students have not graduated yet); None if none."""
    years = sorted(int(y) for y in years)
    if not years:
        return None
    if selected is None:
        return years[-1]
    earlier = [y for y in years if y <= selected]
    return earlier[-1] if earlier else None


def with_employment(graduation: pd.DataFrame) -> pd.DataFrame:
    """Adds employment_rate (employed / graduates whose employment is reported) and `other` (graduates neither
    employed nor continuing their studies, or not reported)."""
    out = graduation.copy()
    out["employment_rate"] = [ratio(e, g) for e, g in zip(out["employed"], out["graduates_with_employment"])]
    out["other"] = (out["graduates"] - out["employed"].fillna(0) - out["continued_study"].fillna(0)).clip(lower=0)
    return out


def graduation_totals(graduation: pd.DataFrame, year: int | None) -> dict[str, float | None] | None:
    """Graduates, employed, continued study and the employment rate of one graduation year; None without rows."""
    rows = graduation[graduation["academic_year"] == year]
    if rows.empty:
        return None
    employed = rows["employed"].sum(min_count=1)
    return {
        "graduates": float(rows["graduates"].sum()),
        "employed": _number(employed),
        "continued_study": _number(rows["continued_study"].sum(min_count=1)),
        "employment_rate": ratio(employed, rows["graduates_with_employment"].sum(min_count=1)),
    }
