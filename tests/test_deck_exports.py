"""Deck exports (tvet/deck/pptx.py, xlsx.py, images.py and python -m tvet.export): every output carries the
warehouse's numbers, the slide's title and source, the build id, and a watermark exactly on the slides that show
demo rows.

Expected numbers are read from the facts with SQL of their own, not from the deck. Three warehouses:
`demo_warehouse` (every slide demo), `small_warehouse` (the hand-made region) and `mixed_warehouse` below, where only
the capacity rows are demo, so one deck has demo and non-demo slides side by side.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from conftest import REFERENCE, ROOT, SMALL, build_or_fail, read
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Pt

from tvet import settings
from tvet.deck.default import build
from tvet.deck.pptx import to_pptx
from tvet.deck.xlsx import sheet_name, to_xlsx
from tvet.warehouse import connect

REGION = "KZ-33"
LANGS = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def mixed_warehouse(tmp_path_factory) -> Path:
    """The small fixture with every row moved to the upload source, except the capacity rows (still demo)."""
    folder = tmp_path_factory.mktemp("mixed")
    src = folder / "small"
    shutil.copytree(SMALL, src)
    for f in src.glob("*.csv"):
        if f.name not in ("fct_capacity.csv", "source.csv"):
            f.write_text(f.read_text(encoding="utf-8").replace(",fixture_demo\n", ",fixture_upload\n"),
                         encoding="utf-8")
    path = folder / "warehouse.duckdb"
    build_or_fail([REFERENCE, src], path)
    return path


def deck_of(warehouse: Path, lang: str, **kw):
    with connect(Path(warehouse)) as con:
        return build(con, REGION, lang, **kw)


def build_id(warehouse: Path) -> str:
    return read(warehouse, "select build_id from etl_run order by finished_at desc limit 1")[0][0]


def label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def one_line(text: str) -> str:
    """Whitespace (also the no-break spaces of kk/ru numbers, and line breaks of wrapped text) as single spaces."""
    return " ".join(str(text).split())


# --- the warehouse's numbers, by SQL of the test's own ----------------------------------------------------------------
def admission(warehouse: Path, year: int) -> dict[str, tuple]:
    """Plan and admitted per academic year up to year + 1: the last six years with a plan."""
    rows = read(warehouse, """
        select a.academic_year, sum(a.planned), sum(a.admitted)
        from fct_admission a join dim_college c using (college_id)
        where c.region_code = $region and a.academic_year <= $last
        group by 1 having sum(a.planned) is not null order by 1""", {"region": REGION, "last": year + 1})[-6:]
    return {label(y): (planned, admitted) for y, planned, admitted in rows}


def technical_share(warehouse: Path, year: int) -> dict[str, float]:
    rows = read(warehouse, """
        select o.academic_year, sum(o.places) filter (where s.is_technical) / sum(o.places)
        from fct_state_order o join dim_specialty s using (specialty_code)
        where o.region_code = $region and o.academic_year <= $year
        group by 1 having sum(o.places) filter (where s.is_technical) is not null order by 1""",
                {"region": REGION, "year": year})
    return {label(y): share for y, share in rows}


def specialty_changes(warehouse: Path, year: int) -> dict[str, tuple]:
    """Specialties opened, closed and planned per academic year, for the last six years up to year + 1 that have
    any row in the region (a year without changes counts 0)."""
    rows = read(warehouse, """
        with colleges as (select college_id from dim_college where region_code = $region),
        years as (
            select academic_year from fct_enrollment join colleges using (college_id)
            union select academic_year from fct_state_order where region_code = $region
            union select academic_year from fct_admission join colleges using (college_id)
            union select academic_year from fct_specialty_change join colleges using (college_id)
            union select academic_year from fct_partnership join colleges using (college_id)
            union select academic_year from fct_graduation join colleges using (college_id)
        ),
        changes as (
            select ch.academic_year, ch.change, count(distinct ch.specialty_code) as n
            from fct_specialty_change ch join dim_college c using (college_id)
            where c.region_code = $region group by all
        )
        select y.academic_year,
               coalesce(max(n) filter (where change = 'opened'), 0),
               coalesce(max(n) filter (where change = 'closed'), 0),
               coalesce(max(n) filter (where change = 'planned'), 0)
        from years y left join changes using (academic_year)
        where y.academic_year <= $last group by 1 order by 1""", {"region": REGION, "last": year + 1})[-6:]
    return {label(y): tuple(counts) for y, *counts in rows}


# --- reading the outputs ----------------------------------------------------------------------------------------------
def pptx_of(deck) -> Presentation:
    return Presentation(io.BytesIO(to_pptx(deck)))


def shape(page, name: str):
    found = [s for s in page.shapes if s.name == name]
    return found[0] if found else None


def chart_numbers(page) -> tuple[list[str], dict[str, list]]:
    """A slide's native chart: its categories and each series' values by name (across its column and line plots)."""
    chart = shape(page, "Chart").chart
    series = {s.name: list(s.values) for plot in chart.plots for s in plot.series}
    return [str(c) for c in chart.plots[0].categories], series


def position(deck, key: str) -> int:
    return [s.key for s in deck.slides].index(key)


# --- PPTX -------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_pptx_has_a_slide_per_deck_slide_with_title_footer_and_notes(demo_warehouse, lang):
    deck = deck_of(demo_warehouse, lang)
    prs = pptx_of(deck)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.333 × 7.5 in
    assert len(prs.slides) == len(deck.slides) == 6
    build = build_id(demo_warehouse)
    for n, (page, slide) in enumerate(zip(prs.slides, deck.slides, strict=True), start=1):
        assert page.shapes.title.text == slide.title
        assert all(r.font.size >= Pt(32) for p in page.shapes.title.text_frame.paragraphs for r in p.runs)
        assert shape(page, "Takeaway").text == slide.takeaway
        footer = shape(page, "Footer").text
        assert build in footer and slide.source in footer
        assert all(f"{k}: {v}" in footer for k, v in slide.filters.items())
        assert shape(page, "Page").text.endswith(f"{n} / 6")
        notes = page.notes_slide.notes_text_frame.text
        assert slide.takeaway in notes and slide.source in notes
    figures = [shape(prs.slides[0], f"Figure {i}").text for i in (1, 2, 3, 4)]
    assert [f.value for f in deck.slides[0].figures] == [f.split("\n")[0] for f in figures]
    for f, text in zip(deck.slides[0].figures, figures, strict=True):
        assert f.label in text and f.change in text


@pytest.mark.parametrize("warehouse", ["demo_warehouse", "small_warehouse"])
@pytest.mark.parametrize("lang", LANGS)
def test_pptx_charts_hold_the_warehouse_numbers(request, warehouse, lang):
    path = request.getfixturevalue(warehouse)
    deck = deck_of(path, lang)
    prs = pptx_of(deck)
    names = {s.key: s for s in deck.slides}

    expected = admission(path, deck.year)
    cats, series = chart_numbers(prs.slides[position(deck, "admission")])
    planned, admitted = (s.name for s in names["admission"].series)
    assert cats == list(expected)
    assert series[planned] == [p for p, _ in expected.values()]
    assert series[admitted] == [a for _, a in expected.values()]

    expected = technical_share(path, deck.year)
    cats, series = chart_numbers(prs.slides[position(deck, "technical")])
    assert cats == list(expected)
    assert series[names["technical"].series[0].name] == pytest.approx(list(expected.values()))
    # each target is a line at its value across the years, named as on the drawn slide
    targets = [series[name] for name, _ in names["technical"].targets]
    assert targets == [[t] * len(cats) for t in settings.technical_targets()]

    expected = specialty_changes(path, deck.year)
    cats, series = chart_numbers(prs.slides[position(deck, "specialties")])
    assert cats == list(expected)
    got = list(zip(*(series[s.name] for s in names["specialties"].series), strict=True))
    assert got == list(expected.values())


def test_small_region_admission_by_hand(small_warehouse):
    """The hand-made region in numbers (tests/fixtures/small): 60 + 30 + 40 planned and 58 + 25 + 35 admitted in
    2024; 70 + 45 planned in 2025, when nobody is admitted yet (an empty point, not a zero)."""
    prs = pptx_of(deck_of(small_warehouse, "en"))
    cats, series = chart_numbers(prs.slides[4])
    assert cats == ["2024/25", "2025/26"]
    assert series == {"Admission plan": [130.0, 115.0], "Admitted": [118.0, None]}


def test_watermark_on_every_demo_slide_and_nowhere_else(demo_warehouse, mixed_warehouse):
    # the capacity rows are the mixed warehouse's only demo rows
    demo_rows = {table: read(mixed_warehouse, f"select count(*) filter (where is_demo) from {table}")[0][0]
                 for table in ("dim_college", "fct_enrollment", "fct_state_order", "fct_admission", "fct_capacity",
                               "fct_specialty_change", "fct_partnership", "fct_graduation")}
    assert {t for t, n in demo_rows.items() if n} == {"fct_capacity"}
    every = {"overview", "technical", "specialties", "capacity", "admission", "partnerships"}
    for path, demo_keys in ((demo_warehouse, every), (mixed_warehouse, {"capacity"})):
        for lang in LANGS:
            deck = deck_of(path, lang)
            assert {s.key for s in deck.slides if s.is_demo} == demo_keys
            for page, slide in zip(pptx_of(deck).slides, deck.slides, strict=True):
                mark = shape(page, "Watermark")
                if slide.key in demo_keys:
                    assert mark is not None and mark.text == deck.watermark and mark.rotation != 0
                    assert 'alpha val="13000"' in mark._element.xml  # semi-transparent
                else:
                    assert mark is None, slide.key
                    assert deck.watermark not in " ".join(s.text for s in page.shapes if s.has_text_frame)


def test_bar_targets_and_line_series_become_a_line_plot(demo_warehouse):
    """A target on a column chart, and a series drawn as a line on a stacked one, are line series on the same
    axes (a combo chart), so a total is not stacked on top of its parts."""
    from tvet.deck.model import Series

    deck = deck_of(demo_warehouse, "en")
    s = deck.slides[position(deck, "admission")]
    total = tuple(a + b for a, b in zip(s.series[0].values, s.series[1].values, strict=True))
    combo = replace(s, kind="stacked", series=s.series + (Series("Total", total, "#000000", "line"),),
                    targets=(("plan 9,000", 9000.0),))
    chart = shape(pptx_of(replace(deck, slides=(combo,))).slides[0], "Chart").chart
    plots = {type(p).__name__: [(x.name, list(x.values)) for x in p.series] for p in chart.plots}
    assert plots == {"BarPlot": [(x.name, list(x.values)) for x in s.series],
                     "LinePlot": [("Total", list(total)), ("plan 9,000", [9000.0] * len(s.categories))]}


# --- XLSX -------------------------------------------------------------------------------------------------------------
def sheet_rows(ws) -> list[tuple]:
    return [r for r in ws.iter_rows(values_only=True)]


def data_of(ws) -> pd.DataFrame:
    """The table under a slide sheet's header lines (after the first empty row)."""
    rows = sheet_rows(ws)
    start = next(i for i, r in enumerate(rows) if all(v is None for v in r)) + 1
    return pd.DataFrame(rows[start + 1:], columns=rows[start])


@pytest.mark.parametrize("lang", LANGS)
def test_xlsx_has_about_and_a_sheet_per_slide_with_the_same_numbers(demo_warehouse, lang):
    deck = deck_of(demo_warehouse, lang)
    wb = load_workbook(io.BytesIO(to_xlsx(deck)))
    assert wb.sheetnames == ["about"] + [f"{i:02d} {s.key}" for i, s in enumerate(deck.slides, start=1)]
    about = [v for r in sheet_rows(wb["about"]) for v in r if v is not None]
    build = build_id(demo_warehouse)
    for expected in (deck.name, f"{deck.region_name} ({REGION})", label(deck.year), lang, build,
                     deck.labels["demo_note"]):
        assert expected in about
    assert [s.title for s in deck.slides] == [r[1] for r in sheet_rows(wb["about"])[-len(deck.slides):]]
    for i, slide in enumerate(deck.slides):
        ws = wb[sheet_name(i, slide)]
        header = dict(r[:2] for r in sheet_rows(ws)[:6])
        lab = deck.labels
        assert header[lab["title"]] == slide.title and header[lab["takeaway"]] == slide.takeaway
        assert header[lab["source"]] == slide.source and header[lab["build"]] == build
        assert header[lab["filters"]] == "; ".join(f"{k}: {v}" for k, v in slide.filters.items())
        assert header[deck.watermark] == lab["demo_note"]
        table = data_of(ws)
        assert list(table.columns) == list(slide.data.columns)
        # (a workbook keeps 15 significant digits, as Excel does)
        assert table.values.tolist() == [[pytest.approx(v, rel=1e-14) if isinstance(v, float) else v for v in row]
                                         for row in slide.data.values.tolist()]
        # each chart series is a column of the sheet: the same numbers in the chart and in the workbook
        for s in slide.series:
            assert table[s.name].tolist() == [None if v is None else pytest.approx(v) for v in s.values]
    table = data_of(wb[sheet_name(position(deck, "admission"), deck.slides[position(deck, "admission")])])
    expected = admission(demo_warehouse, deck.year)
    assert table.iloc[:, 0].tolist() == list(expected)
    assert table.iloc[:, 1:].values.tolist() == [list(v) for v in expected.values()]


def test_xlsx_about_has_no_demo_note_without_demo_slides(mixed_warehouse):
    deck = deck_of(mixed_warehouse, "en", keys=("overview", "admission"))
    assert not deck.is_demo
    about = [v for r in sheet_rows(load_workbook(io.BytesIO(to_xlsx(deck)))["about"]) for v in r if v is not None]
    assert deck.labels["demo_note"] not in about and deck.watermark not in about


def test_xlsx_never_writes_a_formula(demo_warehouse):
    deck = deck_of(demo_warehouse, "en", keys=("admission",))
    s = deck.slides[0]
    data = s.data.copy()
    data.iloc[0, 0] = "=HYPERLINK(\"http://x\")"
    hostile = replace(s, key="view:=1+1", title="=1+1", takeaway="@SUM(A1)", data=data, filters={"-x": "+y"})
    wb = load_workbook(io.BytesIO(to_xlsx(replace(deck, slides=(hostile,)))))
    assert wb.sheetnames == ["about", "01 view_=1+1"]
    cells = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells and "'=HYPERLINK(\"http://x\")" in cells


# --- PDF and PNG (Chromium, through kaleido) --------------------------------------------------------------------------
@pytest.mark.browser
def test_pdf_is_a_page_per_slide_with_titles_build_and_watermark(chromium, mixed_warehouse):
    from pypdf import PdfReader

    from tvet.deck.images import to_pdf

    deck = deck_of(mixed_warehouse, "kk")
    pdf = PdfReader(io.BytesIO(to_pdf(deck)))
    assert len(pdf.pages) == len(deck.slides) == 6
    build = build_id(mixed_warehouse)
    for page, slide in zip(pdf.pages, deck.slides, strict=True):
        box = page.mediabox
        assert float(box.width) / float(box.height) == pytest.approx(16 / 9)
        text = one_line(page.extract_text())
        assert one_line(slide.title) in text and build in text
        assert (one_line(deck.watermark) in text) == slide.is_demo, slide.key
    assert [s.is_demo for s in deck.slides].count(True) == 1


@pytest.mark.browser
def test_png_is_full_hd(chromium, mixed_warehouse):
    from PIL import Image

    from tvet.deck.images import to_png

    deck = deck_of(mixed_warehouse, "ru")
    image = Image.open(io.BytesIO(to_png(deck.slides[position(deck, "capacity")], deck)))
    assert image.format == "PNG" and image.size == (1920, 1080)


# --- command line -----------------------------------------------------------------------------------------------------
def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tvet.export", "deck", *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fmt", ["pptx", "xlsx"])
@pytest.mark.parametrize("lang", LANGS)
def test_cli_writes_the_deck(demo_warehouse, tmp_path, lang, fmt):
    out = tmp_path / f"deck.{fmt}"
    run = cli("--warehouse", str(demo_warehouse), "--lang", lang, "--format", fmt, "--out", str(out),
              "--region", REGION, "--year", "2023")
    assert run.returncode == 0, run.stderr
    deck = deck_of(demo_warehouse, lang, year=2023)
    if fmt == "pptx":
        assert [p.shapes.title.text for p in Presentation(out).slides] == [s.title for s in deck.slides]
    else:
        assert load_workbook(out).sheetnames == ["about"] + [sheet_name(i, s) for i, s in enumerate(deck.slides)]
    # one line, in the chosen language: the region's name is written in it
    assert run.stderr.count("\n") == 1 and str(out) in run.stderr
    assert build_id(demo_warehouse) in run.stderr and deck.region_name in run.stderr and "2023/24" in run.stderr


def test_cli_without_a_warehouse_says_so(tmp_path):
    missing = tmp_path / "nowhere.duckdb"
    run = cli("--warehouse", str(missing), "--lang", "en", "--format", "pptx", "--out", str(tmp_path / "d.pptx"))
    assert run.returncode == 2
    assert str(missing) in run.stderr and "Traceback" not in run.stderr and run.stderr.count("\n") == 1
    assert not (tmp_path / "d.pptx").exists()


@pytest.mark.parametrize("args, words", [
    (["--region", "KZ-99"], ["KZ-99"]),
    (["--year", "2031"], ["2031/32", "2023/24", "2024/25"]),  # the years with students
])
def test_cli_refuses_a_region_or_year_without_data(small_warehouse, tmp_path, capsys, args, words):
    from tvet.export.__main__ import main

    out = tmp_path / "d.xlsx"
    assert main(["deck", "--warehouse", str(small_warehouse), "--lang", "en", "--format", "xlsx",
                 "--out", str(out), *args]) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words) and not out.exists()


def test_cli_says_when_the_file_cannot_be_written(small_warehouse, tmp_path, capsys):
    from tvet.export.__main__ import main

    assert main(["deck", "--warehouse", str(small_warehouse), "--lang", "en", "--format", "xlsx",
                 "--out", str(tmp_path)]) == 2  # a folder
    assert str(tmp_path) in capsys.readouterr().err


# --- published figures only (tvet/deck/published.py) and the speech brief (tvet/deck/brief.py) ------------------------
def export_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tvet.export", *args], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=180)


def demo_words(warehouse: Path, lang: str) -> list[str]:
    """What betrays demo data on a slide: the watermark and demo note in that language, the demo source ids, and
    the demo deck's own numbers (its headline figures and takeaway) where no published figure says the same."""
    from tvet.i18n import t

    demo = deck_of(warehouse, lang)
    published_values = {one_line(v) for v in ("27", "4 250", "4,250", "4\u202f250", "13", "10", "14")}
    numbers = [one_line(f.value) for s in demo.slides for f in s.figures if one_line(f.value) not in published_values]
    ids = [r[0] for r in read(warehouse, "select source_id from source where kind = 'demo'")]
    return [t("deck.watermark", lang), one_line(t("deck.label.demo_note", lang)), *ids, *numbers]


def published_expected(warehouse: Path, lang: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """The region's published figures as the source words them, and for each figure (year, indicator) the names
    of the sources that publish it (a figure two sources publish alike may cite either), by SQL of the test's own
    (the deck is not asked)."""
    from tvet.i18n import fmt_int, t

    # the region's own TVET figures (its population is context for the per-10,000 chart, not a slide's figure;
    # a district's statement is on the Capacity map)
    rows = read(warehouse, f"""select f.value, f.qualifier, f.academic_year || f.indicator,
                                     coalesce(s.publisher_{lang}, s.publisher)
                              from published_figure f
                              join source s using (source_id)
                              where f.region_code = $region and f.district_code is null
                                and f.indicator <> 'population'""", {"region": REGION})
    values = [one_line(t(f"home.qualifier.{q if q in ('about', 'more_than') else 'exact'}", lang,
                         value=fmt_int(v, lang))) for v, q, _, _ in rows]
    by_figure: dict[str, set[str]] = {}
    for _, _, figure, publisher in rows:
        by_figure.setdefault(figure, set()).add(one_line(publisher))
    return values, [tuple(sorted(names)) for _, names in sorted(by_figure.items())]


@pytest.mark.parametrize("lang", LANGS)
def test_cli_published_only_pptx_has_no_demo_anywhere(demo_warehouse, tmp_path, lang):
    out = tmp_path / "published.pptx"
    run = export_cli("deck", "--warehouse", str(demo_warehouse), "--lang", lang, "--format", "pptx",
                     "--published-only", "--out", str(out))
    assert run.returncode == 0, run.stderr
    prs = Presentation(out)
    assert len(prs.slides) >= 3
    texts = []
    for page in prs.slides:
        assert shape(page, "Watermark") is None
        page_text = one_line(" ".join(s.text_frame.text for s in page.shapes if s.has_text_frame))
        if shape(page, "Chart") is not None:
            chart = shape(page, "Chart").chart
            page_text += " " + " ".join(str(c) for c in chart.plots[0].categories)
            page_text += " " + " ".join(one_line(p.data_label.text_frame.text) for plot in chart.plots
                                        for s in plot.series for p in s.points if p.data_label.has_text_frame)
        assert one_line(shape(page, "Footer").text_frame.text).split(":")[0], "every slide names its source"
        texts.append(page_text + " " + one_line(page.notes_slide.notes_text_frame.text))
    everything = " ".join(texts)
    for word in demo_words(demo_warehouse, lang):
        assert word not in everything, word
    values, publishers = published_expected(demo_warehouse, lang)
    for v in values:
        assert v in everything, v
    for names in publishers:
        assert any(p in everything for p in names), names
    # The national slide: BNS figures, each with its year; the region's own forum figures on the first slide.
    bns = read(demo_warehouse, f"select coalesce(publisher_{lang}, publisher) from source "
                               "where source_id = 'bns_tvet_2025'")[0][0]
    assert "2025/26" in texts[2] and one_line(bns) in texts[2]


def test_cli_published_only_xlsx_and_pdf(chromium, demo_warehouse, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "published.xlsx"
    run = export_cli("deck", "--warehouse", str(demo_warehouse), "--lang", "ru", "--format", "xlsx",
                     "--published-only", "--out", str(out))
    assert run.returncode == 0, run.stderr
    wb = load_workbook(out)
    cells = " ".join(one_line(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert len(wb.sheetnames) >= 4 and "более 13 900" in cells
    for word in demo_words(demo_warehouse, "ru"):
        assert word not in cells, word
    out = tmp_path / "published.pdf"
    run = export_cli("deck", "--warehouse", str(demo_warehouse), "--lang", "ru", "--format", "pdf",
                     "--published-only", "--out", str(out))
    assert run.returncode == 0, run.stderr
    pdf = PdfReader(out)
    assert len(pdf.pages) >= 3
    text = one_line(" ".join(p.extract_text() for p in pdf.pages))
    assert "Источник" in text
    for word in demo_words(demo_warehouse, "ru"):
        assert word not in text, word


@pytest.mark.parametrize("lang", LANGS)
def test_brief_is_one_page_pdf_and_a_docx_with_the_figures_and_sources(demo_warehouse, tmp_path, lang):
    import docx
    from pypdf import PdfReader

    values, publishers = published_expected(demo_warehouse, lang)
    for fmt in ("pdf", "docx"):
        out = tmp_path / f"brief.{fmt}"
        run = export_cli("brief", "--warehouse", str(demo_warehouse), "--lang", lang, "--format", fmt,
                         "--out", str(out))
        assert run.returncode == 0, run.stderr
        if fmt == "pdf":
            pdf = PdfReader(out)
            assert len(pdf.pages) == 1
            # pypdf may split words across its lines: compare without any whitespace
            text = "".join(pdf.pages[0].extract_text().split())
        else:
            text = "".join(" ".join(p.text for p in docx.Document(out).paragraphs).split())
        for v in values:
            assert "".join(v.split()) in text, (fmt, v)
        for names in publishers:
            assert any("".join(p.split()) in text for p in names), (fmt, names)
        assert "".join(t_title(lang).split()) in text
        for word in demo_words(demo_warehouse, lang):
            assert "".join(word.split()) not in text, (fmt, word)


def t_title(lang: str) -> str:
    from tvet.i18n import t

    region = read_region_name(lang)
    return t("deck.brief.title", lang, region=region)


def read_region_name(lang: str) -> str:
    import csv

    with open(REFERENCE / "dim_region.csv", encoding="utf-8") as f:
        return next(r[f"name_{lang}"] for r in csv.DictReader(f) if r["region_code"] == REGION)


def test_brief_without_its_font_says_so(demo_warehouse, tmp_path, monkeypatch, capsys):
    from tvet.deck import brief
    from tvet.export.__main__ import main

    monkeypatch.setattr(brief, "FONT", tmp_path / "no-such-font.ttf")
    code = main(["brief", "--warehouse", str(demo_warehouse), "--lang", "en", "--format", "pdf",
                 "--out", str(tmp_path / "b.pdf")])
    assert code == 2
    err = capsys.readouterr().err
    assert "DejaVu Sans" in err and "fonts-dejavu-core" in err and not (tmp_path / "b.pdf").exists()
