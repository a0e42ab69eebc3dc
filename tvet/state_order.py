"""State order: totals, the technical share against the national targets, year-over-year comparisons and costs.

Pure pandas over the frame of the named query `state_order_detail` (one row per academic year, college or region
level, specialty, language, entry base and budget, with `places`, `cost_kzt` = places × cost per student and
`costed_places` = the places whose cost is known). Orders placed at region level have no college; they count in
every total and appear under the key REGION_LEVEL where a college is expected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from tvet.i18n import t

REGION_LEVEL = ""  # the college key of orders placed at region level (college_id NULL)


def years(detail: pd.DataFrame) -> list[int]:
    """Academic years with at least one state-order place."""
    return sorted({int(y) for y in detail.loc[detail["places"] > 0, "academic_year"]})


def _with_technical(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.copy()
    out["technical_places"] = out["places"].where(out["is_technical"].astype(bool), 0)
    out["cost_kzt"] = out["cost_kzt"].fillna(0)
    return out


def places_to_reach(total: int, technical: int, target: float) -> int:
    """Places that would have to move from other fields to technical ones, at the same total, for the technical
    share to reach the target (0 when it already does)."""
    needed = math.ceil(round(target * total, 9))
    return max(0, needed - int(technical))


@dataclass(frozen=True)
class Target:
    target: float
    gap: float | None  # share minus target: negative when short of it
    places_to_move: int | None


@dataclass(frozen=True)
class Headline:
    year: int
    places: int
    technical: int
    cost_kzt: int
    costed_places: int
    previous_places: int | None
    previous_technical: int | None
    previous_cost_kzt: int | None
    targets: tuple[Target, ...]

    @property
    def share(self) -> float | None:
        return self.technical / self.places if self.places else None

    @property
    def previous_share(self) -> float | None:
        if not self.previous_places:
            return None
        return self.previous_technical / self.previous_places

    @property
    def places_change(self) -> int | None:
        return None if self.previous_places is None else self.places - self.previous_places

    @property
    def share_change(self) -> float | None:
        if self.share is None or self.previous_share is None:
            return None
        return self.share - self.previous_share

    @property
    def cost_change(self) -> int | None:
        return None if self.previous_cost_kzt is None else self.cost_kzt - self.previous_cost_kzt

    @property
    def cost_per_place(self) -> float | None:
        return self.cost_kzt / self.costed_places if self.costed_places else None


# The readings of "technical" the State order page sets side by side: the ministry's technical specialties
# (ISCED-F 06 and 07, the default setting) and the same with 08 agriculture, forestry, fisheries and veterinary.
TECHNICAL_READINGS: tuple[tuple[str, ...], ...] = (("06", "07"), ("06", "07", "08"))


def share_of_fields(detail: pd.DataFrame, year: int, fields: tuple[str, ...]) -> float | None:
    """The share of the year's state-order places in the ISCED-F broad `fields`: a reading of the technical
    share other than the one the warehouse was built with (dim_specialty.is_technical)."""
    rows = detail[detail["academic_year"] == year]
    places = float(rows["places"].sum())
    return float(rows.loc[rows["isced_broad"].isin(fields), "places"].sum()) / places if places else None


def fields_text(codes: list[str] | tuple[str, ...], names: dict[str, str]) -> str:
    """'06 ICT, 07 Engineering, manufacturing and construction': the fields a technical share counts."""
    return ", ".join(f"{c} {names.get(c, '')}".strip() for c in codes)


def year_totals(detail: pd.DataFrame) -> pd.DataFrame:
    """One row per academic year: places, technical places, their share, total cost and average cost per place."""
    rows = _with_technical(detail)
    out = rows.groupby("academic_year", as_index=False).agg(
        places=("places", "sum"), technical_places=("technical_places", "sum"), cost_kzt=("cost_kzt", "sum"),
        costed_places=("costed_places", "sum"), is_demo=("is_demo", "any"))
    out = out[out["places"] > 0].reset_index(drop=True)
    out["share"] = out["technical_places"] / out["places"]
    out["cost_per_place"] = (out["cost_kzt"] / out["costed_places"].where(out["costed_places"] > 0)).astype("float64")
    return out


def headline(detail: pd.DataFrame, year: int, targets: tuple[float, ...]) -> Headline | None:
    totals = year_totals(detail).set_index("academic_year")
    if year not in totals.index:
        return None
    now = totals.loc[year]
    before = totals.loc[year - 1] if year - 1 in totals.index else None
    places, technical = int(now["places"]), int(now["technical_places"])
    share = technical / places if places else None
    return Headline(
        year=year, places=places, technical=technical, cost_kzt=int(now["cost_kzt"]),
        costed_places=int(now["costed_places"]),
        previous_places=None if before is None else int(before["places"]),
        previous_technical=None if before is None else int(before["technical_places"]),
        previous_cost_kzt=None if before is None else int(before["cost_kzt"]),
        targets=tuple(Target(target, None if share is None else share - target,
                             places_to_reach(places, technical, target)) for target in targets))


def compare(detail: pd.DataFrame, year: int, keys: list[str], carry: tuple[str, ...] = ()) -> pd.DataFrame:
    """Places per `keys` in the year and the year before: places, technical_places, share (of the key's places
    that are technical), of_total (the key's share of the year's places), previous, change.

    `carry` columns (names) are taken from the key's rows. previous and change are NA when the year before has no
    state order at all; a key absent in one of the two years has 0 places there."""
    rows = _with_technical(detail)
    for key in keys:
        if key == "college_id":
            rows[key] = rows[key].fillna(REGION_LEVEL)
    has_previous = bool((rows["academic_year"] == year - 1).any())

    def grouped(y: int) -> pd.DataFrame:
        part = rows[rows["academic_year"] == y]
        aggs = {"places": ("places", "sum"), "technical_places": ("technical_places", "sum"),
                "cost_kzt": ("cost_kzt", "sum"), "costed_places": ("costed_places", "sum"),
                **{c: (c, "first") for c in carry}}
        return part.groupby(keys, as_index=False, dropna=False).agg(**aggs)

    now, before = grouped(year), grouped(year - 1)
    before = before.rename(columns={"places": "previous"})[[*keys, "previous", *carry]]
    out = now.merge(before, on=keys, how="outer", suffixes=("", "_before"))
    for c in carry:
        out[c] = out[c].fillna(out[f"{c}_before"])
        out = out.drop(columns=f"{c}_before")
    for c in ("places", "technical_places", "cost_kzt", "costed_places"):
        out[c] = out[c].fillna(0).astype("int64")
    if has_previous:
        out["previous"] = out["previous"].fillna(0).astype("int64")
        out["change"] = out["places"] - out["previous"]
    else:
        out["previous"] = pd.array([pd.NA] * len(out), dtype="Int64")
        out["change"] = pd.array([pd.NA] * len(out), dtype="Int64")
    total = int(out["places"].sum())
    out["share"] = (out["technical_places"] / out["places"].where(out["places"] > 0)).astype("float64")
    out["of_total"] = out["places"] / total if total else 0.0
    return out.sort_values(["places", *keys], ascending=[False, *[True] * len(keys)]).reset_index(drop=True)


def field_by_year(detail: pd.DataFrame, level: str = "isced_broad") -> pd.DataFrame:
    """One row per academic year and field (broad or narrow): places and their share of the year's places."""
    rows = detail.groupby(["academic_year", level], as_index=False).agg(
        places=("places", "sum"), is_technical=("is_technical", "any"))
    rows = rows[rows["places"] > 0]
    rows["share"] = rows["places"] / rows.groupby("academic_year")["places"].transform("sum")
    return rows.sort_values(["academic_year", level]).reset_index(drop=True)


def cost_by_field(detail: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per broad field in the year: places, total cost, average cost per place (weighted by places, over
    the places whose cost is known) and the field's share of the total cost."""
    out = compare(detail, year, ["isced_broad"], carry=("is_technical",))
    out = out[out["places"] > 0].copy()
    out["cost_per_place"] = (out["cost_kzt"] / out["costed_places"].where(out["costed_places"] > 0)).astype("float64")
    total = out["cost_kzt"].sum()
    out["of_cost"] = out["cost_kzt"] / total if total else 0.0
    return out.sort_values("cost_kzt", ascending=False).reset_index(drop=True)


def biggest_changes(detail: pd.DataFrame, year: int, n: int = 10) -> pd.DataFrame:
    """The specialties whose places grew most and fell most since the year before (at most n of each), largest
    increase first and largest decrease last; empty when the year before has no state order."""
    by_specialty = compare(detail, year, ["specialty_code"],
                           carry=("specialty_name_kk", "specialty_name_ru", "specialty_name_en", "isced_broad",
                                  "is_technical"))
    if by_specialty["change"].isna().all():
        return by_specialty.iloc[0:0]
    moved = by_specialty[by_specialty["change"] != 0]
    up = moved[moved["change"] > 0].sort_values(["change", "specialty_code"], ascending=[False, True]).head(n)
    down = moved[moved["change"] < 0].sort_values(["change", "specialty_code"], ascending=[True, True]).head(n)
    return pd.concat([up, down.iloc[::-1]]).reset_index(drop=True)


SPLITS = ("language", "entry_base", "budget")


def overview(detail: pd.DataFrame) -> dict:
    """What the page shows over every year: the years, whether any row is demo, places per broad field and year,
    and the year totals."""
    return {"years": years(detail), "is_demo": bool(detail["is_demo"].any()), "by_field": field_by_year(detail),
            "totals": year_totals(detail)}


def kind(detail: pd.DataFrame, year: int) -> str | None:
    """real / demo / mixed: whether the year's rows are all real, all demo or both; None without rows."""
    flags = set(detail.loc[detail["academic_year"] == year, "is_demo"].astype(bool))
    return None if not flags else "mixed" if len(flags) == 2 else "demo" if True in flags else "real"


def year_view(detail: pd.DataFrame, year: int, targets: tuple[float, ...]) -> dict:
    """Everything the page shows for one year, computed once: every figure of it compares the year with the year
    before only, so the other years' rows are set aside first. `changes` is None when the year before has no
    state-order place, or when the two years are not of one kind (real, demo): then nothing is compared."""
    rows = detail[detail["academic_year"].isin([year, year - 1])]
    kinds = (kind(rows, year), kind(rows, year - 1))
    comparable = kinds[0] == kinds[1] != "mixed"
    if not comparable:  # a real year beside a demo one compares different things: no change is computed
        rows = rows[rows["academic_year"] == year]
    has_previous = year - 1 in years(rows)
    names = ("college_name_kk", "college_name_ru", "college_name_en")
    return {
        "kinds": kinds,
        "comparable": comparable,
        "is_demo": bool(rows.loc[rows["academic_year"] == year, "is_demo"].any()),
        "headline": headline(rows, year, targets),
        "narrow": compare(rows, year, ["isced_narrow"], carry=("isced_broad", "is_technical")),
        "colleges": compare(rows, year, ["college_id"], carry=names),
        "splits": {column: compare(rows, year, [column]) for column in SPLITS},
        "cost": cost_by_field(rows, year),
        "changes": biggest_changes(rows, year, n=10) if has_previous else None,
        "by_specialty": compare(rows, year, ["specialty_code"]),
    }


def money(kzt: float | None, lang: str, signed: bool = False) -> str:
    """Tenge in millions or billions, with the unit in the language: 2,85 млрд ₸ / 2,85 млрд теңге /
    KZT 2.85 billion. `signed` puts + before a positive amount (a change)."""
    if kzt is None or pd.isna(kzt):
        return "—"
    amount = float(kzt)
    if abs(amount) >= 1e9:
        value, digits, unit = amount / 1e9, 2, "billion"
    else:
        value, digits, unit = amount / 1e6, 1, "million"
    text = f"{value:+,.{digits}f}" if signed else f"{value:,.{digits}f}"
    if lang != "en":
        text = text.replace(",", "\u202f").replace(".", ",")
    return t(f"state_order.money.{unit}", lang, value=text)
