"""The default deck of a region for a year, built from the warehouse: the figures a deputy akim shows at a forum.

1. overview       colleges, students, state-order places and the technical share, each with its change
2. technical      the technical share of the state order by year against the 65 % / 70 % targets
3. specialties    specialties opened and closed by year, and those planned for next year
4. capacity       the colleges fullest against their design capacity (hot spots)
5. admission      admission plan vs admitted by year
6. partnerships   memoranda with enterprises by year, and graduates' employment
Every slide carries its numbers (`data`), its source line with the build id, and whether demo rows are in it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from tvet import charts, settings
from tvet import warehouse as wh
from tvet.deck.model import Deck, Figure, Series, Slide
from tvet.i18n import fmt_delta, fmt_int, fmt_pct, t
from tvet.indicators import default_year

SLIDES = ("overview", "technical", "specialties", "capacity", "admission", "partnerships")
HOT_SPOTS = 10


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def available_years(con: duckdb.DuckDBPyConnection, region: str) -> list[int]:
    totals = wh.query(con, "region_year_totals", region=region)
    return sorted(int(y) for y in totals.loc[totals["students"].notna(), "academic_year"])


def build(con: duckdb.DuckDBPyConnection, region: str, lang: str, year: int | None = None,
          keys: tuple[str, ...] = SLIDES) -> Deck:
    """The default deck (or the slides named in `keys`, in that order) for `region` in `year` (default: the year
    the Overview page opens on)."""
    totals = wh.query(con, "region_year_totals", region=region).sort_values("academic_year")
    years = sorted(int(y) for y in totals.loc[totals["students"].notna(), "academic_year"])
    if not years:
        raise LookupError(region)
    if year not in years:
        # The same year the Overview page opens on: the latest with students and a published figure.
        year = default_year(totals, wh.query(con, "published_figures", region=region)) or years[-1]
    regions = wh.query(con, "regions")
    names = regions.set_index("region_code")
    region_name = str(names.loc[region, f"name_{lang}"] or names.loc[region, "name_ru"]) if region in names.index \
        else region
    build_info = wh.query(con, "build_info")
    build_id = str(build_info.iloc[0]["build_id"]) if not build_info.empty else "?"
    demo_sources = wh.query(con, "demo_sources")["source_id"].tolist()
    ctx = _Context(con, region, region_name, lang, year, totals, build_id, demo_sources)
    makers = {"overview": ctx.overview, "technical": ctx.technical, "specialties": ctx.specialties,
              "capacity": ctx.capacity, "admission": ctx.admission, "partnerships": ctx.partnerships}
    slides = tuple(s for s in (makers[k]() for k in keys if k in makers) if s is not None)
    return Deck(name=t("deck.default_name", lang), lang=lang, region=region, region_name=region_name, year=year,
                build_id=build_id, slides=slides, watermark=t("deck.watermark", lang), labels=labels(lang))


def labels(lang: str) -> dict[str, str]:
    return {k: t(f"deck.label.{k}", lang) for k in ("slide", "demo_note", "numbers", "title", "takeaway",
                                                    "source", "filters", "build")}


class _Context:
    def __init__(self, con, region, region_name, lang, year, totals, build_id, demo_sources):
        self.con, self.region, self.region_name, self.lang, self.year = con, region, region_name, lang, year
        self.totals, self.build_id, self.demo_sources = totals, build_id, demo_sources
        self.row = totals.set_index("academic_year")

    # --- helpers ------------------------------------------------------------------------------------------------
    def value(self, column: str, year: int) -> float | None:
        return _num(self.row[column].get(year)) if column in self.row else None

    def share(self, year: int) -> float | None:
        tech, places = self.value("technical_places", year), self.value("state_order_places", year)
        return None if tech is None or not places else tech / places

    def demo(self, years: list[int]) -> bool:
        rows = self.totals[self.totals["academic_year"].isin(years)]
        return bool(rows["is_demo"].fillna(False).any())

    def source(self, is_demo: bool) -> str:
        key = "deck.source_demo" if is_demo else "deck.source"
        return t(key, self.lang, build=self.build_id, sources=", ".join(self.demo_sources) or "—")

    def filters(self, years: str | None = None) -> dict[str, str]:
        return {t("filter.region", self.lang): self.region_name,
                t("filter.year", self.lang): years or year_label(self.year)}

    def span(self, years: list[int]) -> str:
        years = sorted(years)
        return f"{year_label(years[0])} – {year_label(years[-1])}" if years else year_label(self.year)

    def slide(self, key: str, years: list[int], **kw) -> Slide:
        is_demo = self.demo(years)
        return Slide(key=key, source=self.source(is_demo), is_demo=is_demo,
                     filters=self.filters(self.span(years) if len(years) > 1 else None), **kw)

    def tr(self, key: str, **kw) -> str:
        return t(key, self.lang, **kw)

    # --- slides -------------------------------------------------------------------------------------------------
    def overview(self) -> Slide:
        y, lang = self.year, self.lang
        rows = []
        for key, kind in (("colleges", "count"), ("students", "count"), ("state_order_places", "count"),
                          ("technical_share", "share")):
            now = self.share(y) if kind == "share" else self.value(key, y)
            before = self.share(y - 1) if kind == "share" else self.value(key, y - 1)
            change = None if now is None or before is None else now - before
            rows.append((key, kind, now, before, change))
        figures = tuple(Figure(
            label=self.tr(f"deck.figure.{key}"),
            value=fmt_pct(now, lang) if kind == "share" else fmt_int(now, lang),
            change=(self.tr("deck.change", change=fmt_delta(change, lang, kind), year=year_label(y - 1))
                    if change is not None else None)) for key, kind, now, before, change in rows)
        students, change = rows[1][2], rows[1][4]
        takeaway = self.tr("deck.overview.takeaway", students=fmt_int(students, lang),
                           colleges=fmt_int(rows[0][2], lang), share=fmt_pct(rows[3][2], lang),
                           change=fmt_delta(change, lang) if change is not None else "—")
        data = pd.DataFrame({
            self.tr("deck.col.indicator"): [f.label for f in figures],
            year_label(y): [r[2] for r in rows],
            year_label(y - 1): [r[3] for r in rows],
            self.tr("deck.col.change"): [r[4] for r in rows],
        })
        return self.slide("overview", [y, y - 1], title=self.tr("deck.overview.title", region=self.region_name,
                                                                 year=year_label(y)),
                          takeaway=takeaway, kind="figures", data=data, figures=figures)

    def technical(self) -> Slide | None:
        years = [y for y in self.row.index if y <= self.year and self.share(y) is not None]
        if not years:
            return None
        shares = [self.share(y) for y in years]
        targets = settings.technical_targets()
        now = shares[-1]
        gap = [tg for tg in targets if now < tg]
        takeaway = (self.tr("deck.technical.short", share=fmt_pct(now, self.lang), target=fmt_pct(gap[0], self.lang, 0),
                            pp=fmt_delta(gap[0] - now, self.lang, "share").lstrip("+"))
                    if gap else self.tr("deck.technical.reached", share=fmt_pct(now, self.lang),
                                        target=fmt_pct(max(targets), self.lang, 0)))
        data = pd.DataFrame({self.tr("filter.year"): [year_label(y) for y in years],
                             self.tr("deck.col.technical_places"): [self.value("technical_places", y) for y in years],
                             self.tr("deck.col.places"): [self.value("state_order_places", y) for y in years],
                             self.tr("deck.col.share"): shares})
        return self.slide("technical", years, title=self.tr("deck.technical.title", year=year_label(self.year)),
                          takeaway=takeaway, kind="line", data=data, categories=tuple(year_label(y) for y in years),
                          series=(Series(self.tr("deck.col.share"), tuple(shares), charts.PALETTE[0]),),
                          unit=self.tr("deck.unit.share"), percent=True,
                          targets=tuple((self.tr("deck.target", value=fmt_pct(tg, self.lang, 0)), tg)
                                        for tg in targets))

    def specialties(self) -> Slide | None:
        years = [y for y in self.row.index if y <= self.year + 1]
        years = years[-6:]
        if not years:
            return None
        opened = [self.value("specialties_opened", y) or 0 for y in years]
        closed = [self.value("specialties_closed", y) or 0 for y in years]
        planned = [self.value("specialties_planned", y) or 0 for y in years]
        data = pd.DataFrame({self.tr("filter.year"): [year_label(y) for y in years],
                             self.tr("deck.col.opened"): opened, self.tr("deck.col.closed"): closed,
                             self.tr("deck.col.planned"): planned})
        takeaway = self.tr("deck.specialties.takeaway", opened=fmt_int(self.value("specialties_opened", self.year) or 0,
                                                                       self.lang),
                           year=year_label(self.year), planned=fmt_int(self.value("specialties_planned", self.year + 1)
                                                                       or 0, self.lang),
                           next=year_label(self.year + 1))
        return self.slide("specialties", years, title=self.tr("deck.specialties.title"), takeaway=takeaway,
                          kind="bar", data=data, categories=tuple(year_label(y) for y in years),
                          series=(Series(self.tr("deck.col.opened"), tuple(opened), charts.PALETTE[2]),
                                  Series(self.tr("deck.col.closed"), tuple(closed), charts.PALETTE[3]),
                                  Series(self.tr("deck.col.planned"), tuple(planned), charts.PALETTE[4])),
                          unit=self.tr("deck.unit.specialties"))

    def capacity(self) -> Slide | None:
        df = wh.query(self.con, "capacity_colleges", region=self.region, district=None)
        df = df[(df["academic_year"] == self.year) & df["design_capacity"].notna() & (df["design_capacity"] > 0)]
        if df.empty:
            return None
        df = df.assign(utilisation=df["students"].fillna(0) / df["design_capacity"])
        top = df.sort_values("utilisation", ascending=False).head(HOT_SPOTS)
        name = top[f"name_{self.lang}"].fillna(top["name_ru"]) if f"name_{self.lang}" in top else top["name_ru"]
        over = int((df["utilisation"] > 1.0).sum())
        data = pd.DataFrame({self.tr("deck.col.college"): name.tolist(),
                             self.tr("deck.col.students"): top["students"].tolist(),
                             self.tr("deck.col.capacity"): top["design_capacity"].tolist(),
                             self.tr("deck.col.utilisation"): top["utilisation"].round(4).tolist()})
        is_demo = bool(top["is_demo"].fillna(False).any())
        return Slide(key="capacity", title=self.tr("deck.capacity.title", year=year_label(self.year)),
                     takeaway=self.tr("deck.capacity.takeaway", over=over, colleges=len(df)),
                     kind="barh", data=data, source=self.source(is_demo), is_demo=is_demo, filters=self.filters(),
                     categories=tuple(name.tolist()),
                     series=(Series(self.tr("deck.col.utilisation"), tuple(top["utilisation"].round(4).tolist()),
                                    charts.BAND_COLOURS["over"]),),
                     unit=self.tr("deck.unit.utilisation"), percent=True,
                     targets=((self.tr("deck.capacity.full"), 1.0),))

    def admission(self) -> Slide | None:
        years = [y for y in self.row.index if y <= self.year + 1 and self.value("admission_planned", y) is not None]
        years = years[-6:]
        if not years:
            return None
        planned = [self.value("admission_planned", y) for y in years]
        admitted = [self.value("admitted", y) for y in years]
        nxt = self.value("admission_planned", self.year + 1)
        takeaway = (self.tr("deck.admission.takeaway", planned=fmt_int(nxt, self.lang), next=year_label(self.year + 1),
                            admitted=fmt_int(self.value("admitted", self.year), self.lang), year=year_label(self.year))
                    if nxt is not None else self.tr("deck.admission.takeaway_now",
                                                    admitted=fmt_int(self.value("admitted", self.year), self.lang),
                                                    planned=fmt_int(self.value("admission_planned", self.year),
                                                                    self.lang), year=year_label(self.year)))
        data = pd.DataFrame({self.tr("filter.year"): [year_label(y) for y in years],
                             self.tr("deck.col.planned_admission"): planned, self.tr("deck.col.admitted"): admitted})
        return self.slide("admission", years, title=self.tr("deck.admission.title"), takeaway=takeaway, kind="bar",
                          data=data, categories=tuple(year_label(y) for y in years),
                          series=(Series(self.tr("deck.col.planned_admission"), tuple(planned), "#999999"),
                                  Series(self.tr("deck.col.admitted"), tuple(admitted), charts.PALETTE[0])),
                          unit=self.tr("deck.unit.students"))

    def partnerships(self) -> Slide | None:
        years = [y for y in self.row.index if y <= self.year][-6:]
        if not years:
            return None
        memoranda = [self.value("memoranda", y) or 0 for y in years]
        grads = self.value("graduates_reported", self.year - 1) if "graduates_reported" in self.row else None
        employed = self.value("employed", self.year - 1) if "employed" in self.row else None
        rate = employed / grads if employed is not None and grads else None
        takeaway = self.tr("deck.partnerships.takeaway", memoranda=fmt_int(memoranda[-1], self.lang),
                           year=year_label(self.year),
                           rate=fmt_pct(rate, self.lang) if rate is not None else "—",
                           graduation=year_label(self.year - 1))
        data = pd.DataFrame({self.tr("filter.year"): [year_label(y) for y in years],
                             self.tr("deck.col.memoranda"): memoranda})
        return self.slide("partnerships", years, title=self.tr("deck.partnerships.title"), takeaway=takeaway,
                          kind="bar", data=data, categories=tuple(year_label(y) for y in years),
                          series=(Series(self.tr("deck.col.memoranda"), tuple(memoranda), charts.PALETTE[2]),),
                          unit=self.tr("deck.unit.memoranda"))
