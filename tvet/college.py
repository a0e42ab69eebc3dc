"""A college's profile: its figures year over year, each beside the median of its region's colleges.

Pure pandas over the frames of the named queries college_measures (one row per measure, college and academic year
of a region: value, is_demo, sources) and college_specialties (students per year, college, specialty and course).

Ratios are computed from their parts per college and year, then the region's median is taken over the colleges
that have a value that year (the college itself included):
  utilisation     = students attending / seats                    (tvet.capacity.utilisation: attending = students
                    less part-time ones, seats = design capacity × shifts; the capacity page's rule)
  fill            = admitted / admission plan
  employment_rate = employed / graduates whose employment is reported
A ratio is demo when either of its parts is.
"""

from __future__ import annotations

import pandas as pd

from tvet import capacity
from tvet.i18n import fmt_int, fmt_pct, t

# (measure, kind) in the order the profile shows them; kind: count, share or score.
MEASURES: tuple[tuple[str, str], ...] = (
    ("students", "count"),
    ("contingent_stated", "count"),
    ("on_leave", "count"),
    ("design_capacity", "count"),
    ("utilisation", "share"),
    ("planned", "count"),
    ("admitted", "count"),
    ("fill", "share"),
    ("graduates", "count"),
    ("employed", "count"),
    ("employment_rate", "share"),
    ("dual_training_students", "count"),
    ("employer_request_students", "count"),
    ("score", "score"),
)
KIND = dict(MEASURES)
RATIOS = {"utilisation": ("attending", "seats"), "fill": ("admitted", "planned"),
          "employment_rate": ("employed", "graduates_with_employment")}
PROFILE_COLUMNS = ["measure", "academic_year", "value", "region_median", "colleges", "is_demo", "sources"]
DEMO_MARK = "*"


def sources_text(values) -> str:
    found = sorted({s.strip() for v in values if isinstance(v, str) for s in v.split(",") if s.strip()})
    return ", ".join(found)


def with_ratios(measures: pd.DataFrame) -> pd.DataFrame:
    """The long frame of college_measures with the ratios added as measures of their own (rows where both parts
    are there; NaN where a part is missing or the denominator is 0)."""
    keys = ["academic_year", "college_id"]
    parts = [measures[["measure", *keys, "value", "is_demo", "sources"]]]
    for ratio, (num, den) in RATIOS.items():
        a = measures[measures["measure"] == num][[*keys, "value", "is_demo", "sources"]]
        b = measures[measures["measure"] == den][[*keys, "value", "is_demo", "sources"]]
        both = a.merge(b, on=keys, suffixes=("_num", "_den"))
        if both.empty:
            continue
        value = (capacity.utilisation(both["value_num"], both["value_den"]) if ratio == "utilisation"
                 else both["value_num"].astype("float64") / both["value_den"].astype("float64").where(
                     both["value_den"] > 0))
        parts.append(pd.DataFrame({
            "measure": ratio, "academic_year": both["academic_year"], "college_id": both["college_id"],
            "value": value.to_numpy(), "is_demo": (both["is_demo_num"] | both["is_demo_den"]).to_numpy(),
            "sources": [sources_text(p) for p in zip(both["sources_num"], both["sources_den"])]}))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return measures.iloc[0:0][["measure", *keys, "value", "is_demo", "sources"]]
    return pd.concat(parts, ignore_index=True)


def profile(measures: pd.DataFrame, college_id: str) -> pd.DataFrame:
    """One row per measure (of MEASURES) and academic year in which the college has a value: the value, the median
    over the region's colleges with a value that year, how many colleges that median is over, whether the college's
    figure comes from demo rows, and its sources. Sorted by MEASURES order, then year."""
    rows = with_ratios(measures)
    rows = rows[rows["measure"].isin(KIND) & rows["value"].notna()]
    medians = rows.groupby(["measure", "academic_year"], as_index=False).agg(
        region_median=("value", "median"), colleges=("college_id", "nunique"))
    own = rows[rows["college_id"] == college_id].drop(columns="college_id")
    out = own.merge(medians, on=["measure", "academic_year"], how="left")
    order = {m: i for i, (m, _) in enumerate(MEASURES)}
    out = out.assign(_order=out["measure"].map(order)).sort_values(["_order", "academic_year"])
    out["is_demo"] = out["is_demo"].astype(bool)
    out["colleges"] = out["colleges"].astype("int64")
    return out[PROFILE_COLUMNS].reset_index(drop=True)


def years(profile_rows: pd.DataFrame) -> list[int]:
    return sorted({int(y) for y in profile_rows["academic_year"]})


def shown_years(all_years: list[int], year: int, n: int = 3) -> list[int]:
    """The n years up to `year` (inclusive) that have figures, oldest first."""
    return [y for y in sorted(all_years) if y <= year][-n:]


def fmt_value(value: float | None, kind: str, lang: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    if kind == "share":
        return fmt_pct(float(value), lang)
    if kind == "score":
        text = f"{float(value):.1f}"
        return text if lang == "en" else text.replace(".", ",")
    return fmt_int(float(value), lang)


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def display_table(rows: pd.DataFrame, year_list: list[int], lang: str) -> pd.DataFrame:
    """The profile as the page shows it: one row per measure that has a value in any of `year_list`; for each year
    the college's value (marked DEMO_MARK when it comes from demo rows) and the region's median; the sources.
    Every cell is text, already formatted for `lang`."""
    shown = rows[rows["academic_year"].isin(year_list)]
    table = []
    for measure, kind in MEASURES:
        part = shown[shown["measure"] == measure].set_index("academic_year")
        if part.empty:
            continue
        line = {t("college.col.indicator", lang): t(f"college.measure.{measure}", lang)}
        for y in year_list:
            row = part.loc[y] if y in part.index else None
            value = "—" if row is None else fmt_value(row["value"], kind, lang)
            if row is not None and bool(row["is_demo"]):
                value += DEMO_MARK
            line[year_label(y)] = value
            line[t("college.col.median", lang, year=year_label(y))] = (
                "—" if row is None else fmt_value(row["region_median"], kind, lang))
        line[t("college.col.sources", lang)] = sources_text(part["sources"])
        table.append(line)
    return pd.DataFrame(table)


def missing(rows: pd.DataFrame) -> list[str]:
    """The measures (of MEASURES) for which the college has no figure in any year, in MEASURES order."""
    have = set(rows["measure"])
    return [m for m, _ in MEASURES if m not in have]


def export_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every year of the profile as numbers, one row per measure and year, headers in `lang` (for CSV / XLSX)."""
    return pd.DataFrame({
        t("college.col.indicator", lang): [t(f"college.measure.{m}", lang) for m in rows["measure"]],
        t("college.col.measure_id", lang): rows["measure"].to_numpy(),
        t("college.col.year", lang): [year_label(int(y)) for y in rows["academic_year"]],
        t("college.col.value", lang): rows["value"].round(4).to_numpy(),
        t("college.col.region_median", lang): rows["region_median"].round(4).to_numpy(),
        t("college.col.colleges", lang): rows["colleges"].to_numpy(),
        t("college.col.demo", lang): [t("college.yes" if d else "college.no", lang) for d in rows["is_demo"]],
        t("college.col.sources", lang): rows["sources"].to_numpy(),
    })


def specialty_table(students: pd.DataFrame, college_id: str, year: int) -> pd.DataFrame:
    """The college's students in `year` by specialty (rows) and course (columns course_1…), with the total and
    the median total of the region's colleges that teach the specialty that year. Columns: specialty_code,
    name_kk, name_ru, name_en, course_<n>…, total, region_median, colleges, is_demo."""
    rows = students[students["academic_year"] == year]
    own = rows[rows["college_id"] == college_id]
    if own.empty:
        return pd.DataFrame(columns=["specialty_code", "name_kk", "name_ru", "name_en", "total", "region_median",
                                     "colleges", "is_demo"])
    names = own.groupby("specialty_code", as_index=False)[["name_kk", "name_ru", "name_en"]].first()
    by_course = own.pivot_table(index="specialty_code", columns="course", values="students", aggfunc="sum",
                                fill_value=0)
    by_course.columns = [f"course_{int(c)}" for c in by_course.columns]
    totals = rows.groupby(["specialty_code", "college_id"], as_index=False)["students"].sum()
    medians = totals.groupby("specialty_code").agg(region_median=("students", "median"),
                                                   colleges=("college_id", "nunique"))
    out = names.set_index("specialty_code").join(by_course)
    out["total"] = by_course.sum(axis=1)
    out = out.join(medians)
    out["is_demo"] = own.groupby("specialty_code")["is_demo"].any()
    return out.reset_index().sort_values(["total", "specialty_code"], ascending=[False, True], ignore_index=True)

