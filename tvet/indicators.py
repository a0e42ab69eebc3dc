"""Headline indicators: each computed figure beside the published one, with the difference and whether they agree.

Pure functions over the frames of the named queries `region_year_totals` and `published_figures`. Every figure
of a year (FIGURES) is computed by `_Totals.figure`, for the Overview's cards and `python -m tvet.figures` alike,
with whether its rows are real, demo or mixed (Coverage).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

# "about" figures are rounded in the source: a computed figure within this share of them agrees.
ABOUT_TOLERANCE = 0.05


@dataclass(frozen=True)
class Published:
    value: float
    qualifier: str  # exact | about | more_than
    source_id: str
    source_title: str
    source_url: str | None
    note: str | None

    def agrees(self, computed: float | None) -> bool | None:
        if computed is None:
            return None
        if self.qualifier == "more_than":
            return computed > self.value
        if self.qualifier == "about":
            return abs(computed - self.value) <= ABOUT_TOLERANCE * abs(self.value)
        return computed == self.value


# What the line beside a published figure may say of the computed one. "agrees" and "differs" are said only of
# real rows: the demo was generated to meet the published figures, so its agreement proves nothing
# ("calibrated"); rows real for some colleges and demo for the others are no check either ("mixed").
VERDICTS = ("agrees", "differs", "calibrated", "mixed", "not_computed")


def verdict(published: Published, computed: float | None, coverage: "Coverage") -> str:
    """agrees / differs (real rows), calibrated (demo rows), mixed (real and demo), not_computed (no value)."""
    if computed is None or published.agrees(computed) is None:
        return "not_computed"
    if coverage.status == "demo":
        return "calibrated"
    if coverage.status == "mixed":
        return "mixed"
    return "agrees" if published.agrees(computed) else "differs"


@dataclass(frozen=True)
class Coverage:
    """Whether a figure's rows are real, demo or mixed (real for some colleges, demo for the others), with the
    colleges of each kind; status None: the figure has no rows."""

    status: str | None = None  # real | demo | mixed | None
    real_colleges: int = 0
    demo_colleges: int = 0

    @property
    def is_demo(self) -> bool | str:
        """False (real, or no rows), True (demo) or "mixed"."""
        return "mixed" if self.status == "mixed" else self.status == "demo"

    @property
    def colleges(self) -> int:
        return self.real_colleges + self.demo_colleges


@dataclass(frozen=True)
class Figure:
    key: str
    year: int
    value: float | None
    coverage: Coverage = Coverage()
    sources: tuple[str, ...] = ()

    @property
    def is_demo(self) -> bool | str:
        return False if self.value is None else self.coverage.is_demo


@dataclass(frozen=True)
class Card:
    key: str  # message id: home.card.<key>
    year: int
    value: float | None
    previous: float | None  # the same figure a year earlier
    published: Published | None
    is_demo: bool  # any of the figure's rows that year is demo (demo or mixed)
    kind: str = "count"  # count | share
    history: tuple[float, ...] = ()  # the figure in every earlier year with data, up to this one
    coverage: Coverage = Coverage()  # real / demo / mixed, from the rows of the figure's table that year
    previous_coverage: Coverage = Coverage()  # the same, a year earlier

    @property
    def comparable(self) -> bool:
        """Whether the change on the year before means anything: both years real, or both demo. A real year beside
        a demo one (or a mixed one beside anything) compares different things, so no change is shown."""
        return comparable(self.coverage, self.previous_coverage)

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None or not self.comparable:
            return None
        return self.value - self.previous

    @property
    def difference(self) -> float | None:
        """Computed minus published."""
        if self.value is None or self.published is None:
            return None
        return self.value - self.published.value

    @property
    def verdict(self) -> str | None:
        """What the line beside the published figure says (VERDICTS); None without a published figure."""
        return None if self.published is None else verdict(self.published, self.value, self.coverage)


# The fact tables behind the figures: prefix of the <prefix>_status / _real_colleges / _demo_colleges / _sources
# columns of region_year_totals -> table name.
TABLES: dict[str, str] = {
    "enrollment": "fct_enrollment", "state_order": "fct_state_order", "admission": "fct_admission",
    "graduation": "fct_graduation", "capacity": "fct_capacity", "assessment": "fct_assessment",
    "changes": "fct_specialty_change", "partnership": "fct_partnership",
}

# (figure key, totals column or ratio (numerator, denominator), prefix of its table in TABLES). Every figure of
# an academic year is computed here, once, for the Overview's cards and `python -m tvet.figures` alike.
FIGURES: tuple[tuple[str, str | tuple[str, str], str], ...] = (
    ("colleges", "colleges", "enrollment"),
    ("students", "students", "enrollment"),
    ("state_order_places", "state_order_places", "state_order"),
    ("technical_share", ("technical_places", "state_order_places"), "state_order"),
    ("planned_admission", "admission_planned", "admission"),
    ("admitted", "admitted", "admission"),
    ("applicants", "applicants", "admission"),
    ("graduates", "graduates", "graduation"),
    ("employed", "employed", "graduation"),
    ("employment_rate", ("employed", "graduates_reported"), "graduation"),
    ("design_capacity", "design_capacity", "capacity"),
    ("dual_training_students", "dual_training_students", "assessment"),
    ("employer_request_students", "employer_request_students", "assessment"),
    ("specialties_opened", "specialties_opened", "changes"),
    ("specialties_planned", "specialties_planned", "changes"),
    ("specialties_closed", "specialties_closed", "changes"),
    ("memoranda", "memoranda", "partnership"),
)
FIGURE_SPEC = {key: (what, table) for key, what, table in FIGURES}

# (card key, figure key, year offset from the selected year, published indicator)
CARDS: tuple[tuple[str, str, int, str | None], ...] = (
    ("colleges", "colleges", 0, "colleges"),
    ("students", "students", 0, "students"),
    ("state_order_places", "state_order_places", 0, "state_order_places"),
    ("technical_share", "technical_share", 0, None),
    ("specialties_opened", "specialties_opened", 0, "new_specialties_opened"),
    ("memoranda", "memoranda", 0, "memoranda_signed"),
    ("graduates", "graduates", 0, None),
    ("employment_rate", "employment_rate", 0, None),
    ("admission_plan", "planned_admission", 1, "admission_plan"),
    ("specialties_planned", "specialties_planned", 1, "new_specialties_planned"),
)


def comparable(now: Coverage, before: Coverage) -> bool:
    """Two years of one figure can be compared when both are real or both demo (no rows: nothing to compare)."""
    return now.status is not None and now.status == before.status and now.status != "mixed"


def _number(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    return float(x)


def _count(x) -> int:
    n = _number(x)
    return int(n) if n is not None else 0


class _Totals:
    """The totals frame indexed once by year (the first row of each year, as a row lookup would take), so every
    card's value, previous value and history is a dictionary look-up rather than a filter of the frame."""

    def __init__(self, totals: pd.DataFrame) -> None:
        self.years = sorted(int(y) for y in totals["academic_year"])
        self.rows: dict[int, dict] = {}
        for rec in totals.to_dict("records"):
            self.rows.setdefault(int(rec["academic_year"]), rec)

    def value(self, year: int, what) -> float | None:
        row = self.rows.get(year)
        if row is None:
            return None
        if isinstance(what, tuple):
            num, den = _number(row[what[0]]), _number(row[what[1]])
            return None if num is None or not den else num / den
        return _number(row[what])

    def coverage(self, year: int, table: str) -> Coverage:
        """Real / demo / mixed from the rows of the table that year (region_year_totals' <table>_status)."""
        row = self.rows.get(year)
        status = row.get(f"{table}_status") if row else None
        if not isinstance(status, str):
            return Coverage()
        return Coverage(status, _count(row[f"{table}_real_colleges"]), _count(row[f"{table}_demo_colleges"]))

    def sources(self, year: int, table: str) -> tuple[str, ...]:
        row = self.rows.get(year)
        found = row.get(f"{table}_sources") if row else None
        return tuple(str(s) for s in found) if found is not None and not isinstance(found, float) else ()

    def figure(self, year: int, key: str) -> Figure:
        what, table = FIGURE_SPEC[key]
        value = self.value(year, what)
        if value is None:
            return Figure(key, year, None)
        return Figure(key, year, value, self.coverage(year, table), self.sources(year, table))


def figures(totals: pd.DataFrame, year: int) -> dict[str, Figure]:
    """Every figure of FIGURES for one academic year, from the rows of the named query region_year_totals."""
    indexed = _Totals(totals)
    return {key: indexed.figure(year, key) for key, _, _ in FIGURES}


def _published_rows(published: pd.DataFrame) -> dict[tuple[int, str], dict]:
    """(year, indicator) -> the first published row of it."""
    out: dict[tuple[int, str], dict] = {}
    for rec in published.to_dict("records"):
        out.setdefault((int(rec["academic_year"]), rec["indicator"]), rec)
    return out


def _published(r: dict | None) -> Published | None:
    if r is None:
        return None
    qualifier = r["qualifier"] if isinstance(r["qualifier"], str) and r["qualifier"] else "exact"  # NaN-safe
    return Published(float(r["value"]), qualifier, r["source_id"], r["source_title"],
                     r["source_url"] if isinstance(r["source_url"], str) else None,
                     r["note"] if isinstance(r["note"], str) else None)


def published_lookup(published: pd.DataFrame, year: int, indicator: str) -> Published | None:
    return _published(_published_rows(published).get((year, indicator)))


def headline_cards(totals: pd.DataFrame, published: pd.DataFrame, year: int) -> list[Card]:
    return _cards(_Totals(totals), _published_rows(published), year)


def _cards(totals: _Totals, published: dict[tuple[int, str], dict], year: int) -> list[Card]:
    cards = []
    for key, figure_key, offset, indicator in CARDS:
        y = year + offset
        what, _ = FIGURE_SPEC[figure_key]
        figure, before = totals.figure(y, figure_key), totals.figure(y - 1, figure_key)
        cards.append(Card(
            key=key, year=y, value=figure.value, previous=before.value, previous_coverage=before.coverage,
            published=_published(published.get((y, indicator))) if indicator else None,
            is_demo=figure.coverage.status in ("demo", "mixed"),
            kind="share" if isinstance(what, tuple) else "count",
            history=tuple(v for v in (totals.value(x, what) for x in totals.years if x <= y) if v is not None),
            coverage=figure.coverage))
    return cards


def cards_by_year(totals: pd.DataFrame, published: pd.DataFrame):
    """headline_cards(totals, published, year) as a function of the year, indexing the frames once (for callers
    that need the cards of many years)."""
    indexed, rows, done = _Totals(totals), _published_rows(published), {}

    def cards(year: int) -> list[Card]:
        if year not in done:
            done[year] = _cards(indexed, rows, year)
        return done[year]

    return cards


def default_year(totals: pd.DataFrame, published: pd.DataFrame) -> int | None:
    """The latest year with students and a published figure for one of its own-year cards; else the latest
    year with students. (A plan published for 2025 belongs to the 2024 page's "next year" cards.)"""
    with_students = set(totals[totals["students"].notna()]["academic_year"].astype(int))
    if not with_students:
        return None
    own_year = {ind for _, _, offset, ind in CARDS if offset == 0 and ind}
    years = set(published[published["indicator"].isin(own_year)]["academic_year"].astype(int))
    both = sorted(with_students & years)
    return both[-1] if both else max(with_students)
