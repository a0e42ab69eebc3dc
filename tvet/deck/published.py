"""The published-only deck: every slide built from figures as their sources published them (table
`published_figure`, joined to `source`), with those sources named on the slide. No fact table is read, so no demo
row can reach a slide; a source of kind "demo" is left out too (query `deck_published`).

1. headline   the region's published figures of its latest year with any (the forum's 2024 figures)
2. plans      what the region's sources announce for later years (admission plan, specialties, events)
3. national   the country's latest published figures (BNS): students, the state-order share, graduates and their
              employment, each labelled with its year
4. among      the region among the others with a published number of students, each labelled with its year

Values keep the source's wording: «более 13 900», "about 562,000" (`qualified`). A share is computed only from two
published figures of the same year and source kind, and says so on the slide. The speech brief (tvet/deck/brief.py)
is written from this deck, so a figure reads the same on a slide and in the brief.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from tvet import charts
from tvet import warehouse as wh
from tvet.deck.default import labels, year_label
from tvet.deck.model import Deck, Figure, Series, Slide
from tvet.i18n import fmt_int, fmt_pct, t

SLIDES = ("headline", "plans", "national", "among")
# The region's own figures, in the order a speaker reads them.
REGION_ORDER = ("colleges", "organisations", "students", "state_order_places", "admitted", "graduates",
                "new_specialties_opened", "memoranda_signed", "admission_plan", "new_specialties_planned",
                "events_planned")
AMONG_INDICATOR = "students"
AMONG_MAX = 16


def qualified(value: float, qualifier: str | None, lang: str, text: str | None = None) -> str:
    """A published number in the source's wording: exact, «около …» / "about …", «более …» / "more than …"."""
    q = qualifier if qualifier in ("about", "more_than") else "exact"
    return t(f"home.qualifier.{q}", lang, value=text if text is not None else fmt_int(value, lang))


def indicator_name(indicator: str, lang: str) -> str:
    for key in (f"deck.published.indicator.{indicator}", f"methodology.indicator.{indicator}"):
        text = t(key, lang)
        if text != key:
            return text
    return indicator


COMPACT_AFTER = 2  # a slide citing more sources names each by its publisher and date; titles, links in its data


def source_line(ids: list[str], sources: pd.DataFrame, lang: str) -> str:
    """"Source: title — publisher, date, link" for each source, in the deck's language where the warehouse has it
    (publisher and date only when the slide cites more than COMPACT_AFTER sources, so the line stays readable)."""
    parts = []
    unique = list(dict.fromkeys(ids))
    compact = len(unique) > COMPACT_AFTER
    for sid in unique:
        if sid not in sources.index:
            parts.append(sid)
            continue
        row = sources.loc[sid]
        title = _local(row, "title", lang)
        publisher = _local(row, "publisher", lang)
        if compact:  # the publisher and date name the source; its title and link are in the slide's data
            parts.append(", ".join(b for b in (publisher or title, _text(row.get("published_on"))) if b))
            continue
        bits = [b for b in (publisher, _text(row.get("published_on")), _text(row.get("url"))) if b]
        parts.append(f"{title} — {', '.join(bits)}" if bits else title)
    return t("deck.published.source", lang, sources="; ".join(dict.fromkeys(parts)))


def _text(value) -> str:
    return str(value).strip() if isinstance(value, str) and value.strip() else ""


def _local(row: pd.Series, column: str, lang: str) -> str:
    return _text(row.get(f"{column}_{lang}")) or _text(row.get(column))


def build(con: duckdb.DuckDBPyConnection, region: str, lang: str) -> Deck:
    """The published-only deck of `region` in `lang`. Raises LookupError when the warehouse has no published
    figure of the region or the country."""
    figures = wh.query(con, "deck_published")
    sources = wh.query(con, "deck_sources").set_index("source_id")
    build_info = wh.query(con, "build_info")
    build_id = str(build_info.iloc[0]["build_id"]) if not build_info.empty else "?"
    own = figures[figures["region_code"] == region]
    country = figures[figures["region_kind"] == "country"]
    if own.empty and country.empty:
        raise LookupError(region)
    names = figures.drop_duplicates("region_code").set_index("region_code")
    region_name = _region_name(names, region, lang) if region in names.index else region
    ctx = _Context(lang, region, region_name, sources, figures)
    slides = tuple(s for s in (ctx.headline(own), ctx.plans(own), ctx.national(country), ctx.among())
                   if s is not None)
    year = int(own["academic_year"].max()) if not own.empty else int(country["academic_year"].max())
    return Deck(name=t("deck.published.name", lang), lang=lang, region=region, region_name=region_name,
                year=_headline_year(own) or year, build_id=build_id, slides=slides, watermark="",
                labels=labels(lang))


def _region_name(names: pd.DataFrame, code: str, lang: str) -> str:
    row = names.loc[code]
    return _text(row.get(f"name_{lang}")) or _text(row.get("name_ru")) or code


def _headline_year(own: pd.DataFrame) -> int | None:
    """The latest year with a figure of the region's state (not a plan): the plans slide takes the years after."""
    now = own[~own["indicator"].isin(PLAN_INDICATORS)]
    return int(now["academic_year"].max()) if not now.empty else None


PLAN_INDICATORS = ("admission_plan", "new_specialties_planned", "events_planned")


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    rank = {k: i for i, k in enumerate(REGION_ORDER)}
    return rows.assign(_rank=rows["indicator"].map(lambda k: rank.get(k, len(rank)))) \
        .sort_values(["_rank", "indicator", "source_id"]).drop(columns="_rank").drop_duplicates("indicator")


class _Context:
    def __init__(self, lang, region, region_name, sources, figures):
        self.lang, self.region, self.region_name, self.sources, self.figures = lang, region, region_name, sources, figures

    def tr(self, key: str, **kw) -> str:
        return t(key, self.lang, **kw)

    def figure(self, rec: dict, with_year: bool = False) -> Figure:
        return Figure(label=indicator_name(rec["indicator"], self.lang),
                      value=qualified(rec["value"], rec["qualifier"], self.lang),
                      change=year_label(int(rec["academic_year"])) if with_year else None)

    def table(self, rows: list[dict], values: list[str]) -> pd.DataFrame:
        """The numbers behind a slide, as published: indicator, year, value, qualifier, wording, source."""
        return pd.DataFrame({
            self.tr("deck.col.indicator"): [indicator_name(r["indicator"], self.lang) for r in rows],
            self.tr("filter.year"): [year_label(int(r["academic_year"])) for r in rows],
            self.tr("deck.published.col.value"): [float(r["value"]) for r in rows],
            self.tr("deck.published.col.as_published"): values,
            self.tr("deck.published.col.source"): [self.source_name(r["source_id"]) for r in rows],
            self.tr("deck.published.col.link"): [_text(self.sources["url"].get(r["source_id"]))
                                                  if "url" in self.sources else "" for r in rows],
        })

    def source_name(self, sid: str) -> str:
        return _local(self.sources.loc[sid], "title", self.lang) if sid in self.sources.index else sid

    def slide(self, key: str, rows: list[dict], figures: tuple[Figure, ...], **kw) -> Slide:
        data = kw.pop("data", None)
        kw["title"] = kw["title"][:1].upper() + kw["title"][1:]  # «Область Жетісу: …» at the start of a title
        return Slide(key=f"published:{key}", kind=kw.pop("kind", "figures"), figures=figures,
                     data=self.table(rows, [f.value for f in figures]) if data is None else data,
                     source=source_line([r["source_id"] for r in rows], self.sources, self.lang),
                     filters={t("filter.region", self.lang): self.region_name}, is_demo=False, **kw)

    # --- slides -------------------------------------------------------------------------------------------------
    def headline(self, own: pd.DataFrame) -> Slide | None:
        year = _headline_year(own)
        if year is None:
            return None
        rows = _ordered(own[(own["academic_year"] == year) & ~own["indicator"].isin(PLAN_INDICATORS)]) \
            .to_dict("records")
        return self.slide("headline", rows, tuple(self.figure(r) for r in rows),
                          title=self.tr("deck.published.headline.title", region=self.region_name,
                                        year=year_label(year)),
                          takeaway=self.tr("deck.published.headline.takeaway"))

    def plans(self, own: pd.DataFrame) -> Slide | None:
        year = _headline_year(own)
        later = own[own["indicator"].isin(PLAN_INDICATORS) | (own["academic_year"] > (year or 0))]
        if later.empty:
            return None
        later = later[later["academic_year"] == later["academic_year"].max()]
        rows = _ordered(later).to_dict("records")
        plan_year = year_label(int(later["academic_year"].iloc[0]))
        return self.slide("plans", rows, tuple(self.figure(r) for r in rows),
                          title=self.tr("deck.published.plans.title", year=plan_year),
                          takeaway=self.tr("deck.published.plans.takeaway", year=plan_year))

    def national(self, country: pd.DataFrame) -> Slide | None:
        if country.empty:
            return None
        # Each indicator's latest year; within a year, the source that publishes the most of the country's figures
        # that year (the Bureau's release), so one slide does not mix universes (organisations of TVET vs colleges).
        breadth = country.groupby(["academic_year", "source_id"])["indicator"].transform("count")
        ranked = country.assign(_breadth=breadth).sort_values(["academic_year", "_breadth", "source_id"])
        latest = {ind: rows.drop(columns="_breadth").iloc[-1].to_dict() for ind, rows in ranked.groupby("indicator")}
        rows, figures = [], []

        def add(rec: dict, figure: Figure) -> None:
            rows.append(rec)
            figures.append(figure)

        students = latest.get("students")
        if students:
            add(students, self.figure(students, with_year=True))
        # The state-order share: two published figures of one year, divided; the slide says they are.
        so = latest.get("state_order_students")
        base = _same_year(country, "students", so)
        if so and base:
            share = float(so["value"]) / float(base["value"])
            add(so, Figure(self.tr("deck.published.national.state_order_share"),
                           qualified(share, "about", self.lang, fmt_pct(share, self.lang)),
                           self.tr("deck.published.national.share_of", year=year_label(int(so["academic_year"])),
                                   part=qualified(so["value"], so["qualifier"], self.lang),
                                   whole=qualified(base["value"], base["qualifier"], self.lang))))
        grads = latest.get("graduates")
        if grads:
            add(grads, self.figure(grads, with_year=True))
        # The employment rate as published (the Bureau states the share itself); else employed over graduates of
        # the same year, divided, and the slide says so.
        rate = latest.get("employment_rate")
        employed = latest.get("employed")
        base = _same_year(country, "graduates", employed)
        if rate:
            share = float(rate["value"]) / (100.0 if rate.get("unit") == "percent" else 1.0)
            add(rate, Figure(self.tr("deck.published.national.employment_rate"),
                             qualified(share, rate["qualifier"], self.lang, fmt_pct(share, self.lang)),
                             year_label(int(rate["academic_year"]))))
        elif employed and base:
            share = float(employed["value"]) / float(base["value"])
            add(employed, Figure(self.tr("deck.published.national.employment_rate"),
                                 qualified(share, "about", self.lang, fmt_pct(share, self.lang)),
                                 self.tr("deck.published.national.share_of",
                                         year=year_label(int(employed["academic_year"])),
                                         part=qualified(employed["value"], employed["qualifier"], self.lang),
                                         whole=qualified(base["value"], base["qualifier"], self.lang))))
        elif employed:
            add(employed, self.figure(employed, with_year=True))
        if not rows:
            return None
        return self.slide("national", rows, tuple(figures), title=self.tr("deck.published.national.title"),
                          takeaway=self.tr("deck.published.national.takeaway"))

    def among(self) -> Slide | None:
        rows = self.figures[(self.figures["indicator"] == AMONG_INDICATOR) & (self.figures["region_kind"] != "country")]
        if rows.empty:
            return None
        # Each region's latest published figure; the regions with most students first.
        rows = rows.sort_values(["academic_year", "source_id"]).groupby("region_code").tail(1) \
            .sort_values("value", ascending=False)
        top = rows.head(AMONG_MAX)
        if self.region in set(rows["region_code"]) and self.region not in set(top["region_code"]):
            top = pd.concat([top.head(AMONG_MAX - 1), rows[rows["region_code"] == self.region]])  # always shown
        rows = top
        if len(rows) < 2:
            return None
        recs = rows.to_dict("records")
        names = [self.tr("deck.published.among.category",
                         region=_text(r.get(f"name_{self.lang}")) or _text(r.get("name_ru")),
                         year=year_label(int(r["academic_year"]))) for r in recs]
        values = [qualified(r["value"], r["qualifier"], self.lang) for r in recs]
        colours = [charts.PALETTE[0] if r["region_code"] == self.region else "#8C8C8C" for r in recs]
        data = self.table(recs, values)
        data.insert(0, self.tr("filter.region"), [_text(r.get(f"name_{self.lang}")) or r["region_code"]
                                                  for r in recs])
        return self.slide("among", recs, (), kind="barh", data=data,
                          title=self.tr("deck.published.among.title"),
                          takeaway=self.tr("deck.published.among.takeaway", n=len(recs)),
                          categories=tuple(names),
                          series=(Series(indicator_name(AMONG_INDICATOR, self.lang),
                                         tuple(float(r["value"]) for r in recs), charts.PALETTE[0],
                                         labels=tuple(values), colours=tuple(colours)),),
                          unit=indicator_name(AMONG_INDICATOR, self.lang))


def _same_year(rows: pd.DataFrame, indicator: str, other: dict | None) -> dict | None:
    """The published `indicator` of `other`'s year (the first by source), or None."""
    if not other:
        return None
    match = rows[(rows["indicator"] == indicator) & (rows["academic_year"] == other["academic_year"])]
    return match.sort_values("source_id").iloc[0].to_dict() if not match.empty else None
