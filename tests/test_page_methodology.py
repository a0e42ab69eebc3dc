"""The Data and methodology page (pages/methodology.py) and its helpers (tvet/methodology.py, tvet/marts.py), on
warehouses built by the ETL."""

import io

import pandas as pd
import pytest
from conftest import metrics, read, table_with, texts

from etl.schema import LOADABLE
from tvet import marts, warehouse
from tvet.exports import ExportMeta
from tvet.i18n import fmt_int, t
from tvet.methodology import (
    INDICATOR_CARD,
    check_column,
    check_status,
    is_plain_url,
    reconcile,
    short_hash,
)

PAGE = "pages/methodology.py"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language(app, demo_warehouse, lang):
    at = app(demo_warehouse, PAGE, lang=lang).run()
    assert not at.exception
    assert at.title[0].value == t("methodology.heading", lang)
    headers = [h.value for h in at.header]
    for key in ("sources", "demo", "reconcile", "build", "def", "glossary", "marts"):
        assert t(f"methodology.{key}.heading", lang) in headers
    body = texts(at)
    assert t("demo.banner", lang, sources="")[:40] in body
    assert t("methodology.demo.universes", lang) in body
    # the 4,500 of 2025 read as the total planned intake, with the other reading (state-funded places only)
    assert t("methodology.plan_reading.text", lang) in body
    # the glossary names every term in all three languages
    assert t("methodology.glossary.golden_card.term", "kk") in body
    assert t("methodology.glossary.golden_card.term", "ru") in body
    assert t("methodology.glossary.golden_card.term", "en") in body


def test_reconciliation_never_says_demo_rows_agree(app, demo_warehouse):
    """The demo was generated to meet every published figure the Overview covers: each is "calibrated", none
    "agrees". Every published row of the region is listed (its 2022 population too, with no computed counterpart)."""
    published = read(demo_warehouse, "select academic_year, indicator from published_figure "
                                     "where region_code = 'KZ-33'")
    covered = {(y, i) for y, i in published if i in INDICATOR_CARD and y in (2024, 2025)}
    assert len(covered) == 7
    at = app(demo_warehouse, PAGE, lang="en").run()
    rec = table_with(at, "Computed")
    assert len(rec) == len(published)
    labels = {i: t(f"methodology.indicator.{i}", "en") for _, i in published}
    for year, indicator in covered:
        row = rec[(rec["Academic year"] == f"{year}/{(year + 1) % 100:02d}") & (rec["Indicator"] == labels[indicator])]
        # A figure two sources publish (the forum and Zhetysu TV both give 14 planned specialties) is listed once
        # per source.
        assert list(row["Result"]) == [t("methodology.status.calibrated", "en")] * published.count((year, indicator)), (
            year, indicator)
    orphan = rec[rec["Indicator"] == labels["events_planned"]]
    assert list(orphan["Result"]) == ["no computed counterpart"]
    # 7 figures the cards cover, one of them (14 planned specialties) published by two sources: 8 rows, none agrees.
    assert "**0** agree" in texts(at)
    assert f"{sum(published.count(k) for k in covered)}** are met by demo data" in texts(at)
    assert "8** are met by demo data" in texts(at)


def test_reconciliation_on_the_small_fixture_shows_differences(small_warehouse):
    with warehouse.connect(small_warehouse) as con:
        rec = reconcile(warehouse.query(con, "region_year_totals", region="KZ-33"),
                        warehouse.query(con, "published_figures", region="KZ-33"))
    by = rec.set_index(["academic_year", "indicator"])
    assert by.loc[(2024, "students"), "computed"] == 254
    assert by.loc[(2024, "students"), "status"] == "calibrated"  # demo rows: no check, whatever the values
    assert by.loc[(2025, "admission_plan"), "status"] == "differs"  # real rows (upload source): 115, not 4,500
    assert by.loc[(2024, "state_order_places"), "difference"] == 120 - 4250
    assert by.loc[(2024, "memoranda_signed"), "computed"] == 2
    assert by.loc[(2025, "events_planned"), "status"] == "no_counterpart"


def test_build_id_and_quality_report_equal_etl_run(app, demo_warehouse):
    (build_id, fields), = read(demo_warehouse, "select build_id, technical_fields from etl_run "
                                               "order by finished_at desc limit 1")
    at = app(demo_warehouse, PAGE, lang="en").run()
    shown = metrics(at)
    assert shown["Data version"] == build_id
    assert shown["Technical fields"] == fields.replace(",", ", ")
    assert shown["Input files"] == str(read(demo_warehouse, "select count(*) from etl_input")[0][0])
    inputs = table_with(at, "SHA-256 (first 12)")
    sha = dict(read(demo_warehouse, "select file, sha256 from etl_input"))
    assert len(inputs) == len(sha)
    for file, short in zip(inputs["File"], inputs["SHA-256 (first 12)"]):
        assert sha[file][:12] == short
    checks = table_with(at, "Failing rows")
    n, failing = read(demo_warehouse, "select count(*), count(*) filter (where failing_rows > 0) from etl_check")[0]
    assert len(checks) == n and failing == 0
    assert set(checks["Result"]) == {"✓ passed"}
    assert f"{n} checks: **{n} passed**" in texts(at)


def test_demo_rows_per_table_equal_the_warehouse(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="en").run()
    table = table_with(at, "Demo rows (generated)")
    for name, demo in zip(table["Table"], table["Demo rows (generated)"]):
        assert demo == read(demo_warehouse, f"select count(*) filter (where is_demo) from {name}")[0][0]
    assert int(table["Rows from other sources"].sum()) == 0
    published = table_with(at, "Kind of source")
    assert len(published) == read(demo_warehouse, "select count(*) from published_figure")[0][0]
    assert {"Republic of Kazakhstan", "Zhetysu Region"} <= set(published["Region"])


def test_regions_are_compared_only_with_their_year_on_the_label(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="en", indicator="colleges").run()
    assert not at.exception
    assert at.segmented_control(key="url_indicator").value == "colleges"
    among = table_with(at, "Value")
    expected = read(demo_warehouse, "select count(*) from published_figure f join dim_region r using (region_code) "
                                    "where indicator = 'colleges' and r.kind <> 'country'")[0][0]
    assert len(among) == expected
    chart = [c for c in at.get("plotly_chart")]
    assert chart  # the labels carry the year: checked on the figure the page built
    import json

    bars = [json.loads(c.proto.spec) for c in chart]
    labels = [y for spec in bars for d in spec["data"] if d.get("orientation") == "h" for y in d.get("y", [])
              if isinstance(y, str) and "(" in y]
    assert any(label.endswith("(2024/25)") for label in labels)
    assert any(label.endswith("(2022/23)") for label in labels)


def test_mart_downloads_hold_every_row(demo_warehouse):
    n = read(demo_warehouse, "select count(*), sum(students) from fct_enrollment")[0]
    meta = ExportMeta(title="fct_enrollment", source="test", build_id="b", is_demo=True, demo_note="demo")
    with warehouse.connect(demo_warehouse) as con:
        frame = marts.mart_frame(con, "fct_enrollment")
    assert len(frame) == n[0]
    csv_text = marts.mart_file(frame, "csv", meta).decode("utf-8-sig")
    body = "\n".join(line for line in csv_text.splitlines() if not line.startswith("# "))
    from_csv = pd.read_csv(io.StringIO(body), dtype={"specialty_code": str})
    from_xlsx = pd.read_excel(io.BytesIO(marts.mart_file(frame, "xlsx", meta)), sheet_name=0,
                              dtype={"specialty_code": str})
    from_parquet = pd.read_parquet(io.BytesIO(marts.mart_file(frame, "parquet", meta)))
    for got in (from_csv, from_xlsx, from_parquet):
        assert len(got) == n[0]
        assert int(got["students"].sum()) == n[1]
        assert list(got.columns) == list(frame.columns)
        assert got["specialty_code"].str.len().eq(8).all()  # leading zeros kept
    assert "# Data version: b" in csv_text


def test_a_table_outside_the_allow_list_is_refused(demo_warehouse):
    with warehouse.connect(demo_warehouse) as con:
        for name in ("etl_run", "fct_enrollment; drop table source", "information_schema.tables", "", "stg_source"):
            with pytest.raises(KeyError):
                marts.mart_frame(con, name)
        assert len(marts.mart_frame(con, "source")) == read(demo_warehouse, "select count(*) from source")[0][0]
    with pytest.raises(KeyError):
        marts.mart_file(pd.DataFrame(), "exe", ExportMeta(title="x", source="y", build_id="z"))


def test_mart_choice_lives_in_the_url_and_shows_the_row_count(app, demo_warehouse):
    at = app(demo_warehouse, PAGE, lang="ru", table="fct_partnership").run()
    assert not at.exception
    n = read(demo_warehouse, "select count(*) from fct_partnership")[0][0]
    assert metrics(at)[t("methodology.marts.rows", "ru", table="fct_partnership")] == fmt_int(n, "ru")
    at.selectbox(key="url_table").set_value("fct_enrollment").run()
    big = read(demo_warehouse, "select count(*) from fct_enrollment")[0][0]
    assert metrics(at)[t("methodology.marts.rows", "ru", table="fct_enrollment")] == fmt_int(big, "ru")
    assert t("methodology.marts.first_rows", "ru", shown=fmt_int(1000, "ru"), n=fmt_int(big, "ru")) in texts(at)
    assert len(at.dataframe[-1].value) == 1000
    assert "table" not in at.query_params  # the default table keeps the URL short


@pytest.mark.parametrize("bad", ["'; drop table fct_enrollment; --", "etl_run", "../../etc/passwd", "<script>"])
def test_hostile_url_values_are_ignored(app, demo_warehouse, bad):
    at = app(demo_warehouse, PAGE, lang=bad, table=bad, indicator=bad, region=bad).run()
    assert not at.exception
    assert at.selectbox(key="url_table").value == "fct_enrollment"
    assert t("methodology.marts.rows", "ru", table="fct_enrollment") in metrics(at)
    assert len(at.selectbox(key="url_table").options) == len(LOADABLE)


def test_small_warehouse_shows_its_own_sources_and_differences(app, small_warehouse):
    at = app(small_warehouse, PAGE, lang="en").run()
    assert not at.exception
    demo = table_with(at, "Demo rows (generated)")
    row = demo[demo["Table"] == "dim_college"].iloc[0]
    assert (row["Demo rows (generated)"], row["Rows from other sources"]) == (2, 1)
    assert row["Other sources"] == "fixture_upload"
    rec = table_with(at, "Computed")
    students = rec[rec["Indicator"] == "Students"].iloc[0]
    assert (students["Computed"], students["Difference"], students["Result"]) == (
        "254", "-13,646", t("methodology.status.calibrated", "en"))


@pytest.fixture(scope="module")
def sparse_warehouse(tmp_path_factory):
    """Reference data plus the small fixture's colleges and enrolment only: no agreements, graduates, orders."""
    import shutil

    from conftest import REFERENCE, SMALL, build_or_fail

    src = tmp_path_factory.mktemp("sparse_src")
    for name in ("source.csv", "dim_college.csv", "fct_enrollment.csv"):
        shutil.copy(SMALL / name, src / name)
    path = tmp_path_factory.mktemp("sparse") / "warehouse.duckdb"
    build_or_fail([REFERENCE, src], path)
    return path


def test_empty_tables_show_zero_rows_and_no_data(app, sparse_warehouse):
    at = app(sparse_warehouse, PAGE, lang="kk", table="fct_partnership", indicator="nothing").run()
    assert not at.exception
    assert metrics(at)[t("methodology.marts.rows", "kk", table="fct_partnership")] == "0"
    assert at.segmented_control(key="url_indicator").value == "students"  # unknown value -> first option
    demo = table_with(at, t("methodology.col.demo_rows", "kk"))
    empty = demo[demo[t("methodology.col.table", "kk")] == "fct_partnership"].iloc[0]
    assert empty[t("methodology.col.rows", "kk")] == 0
    rec = table_with(at, t("methodology.col.computed", "kk"))
    memoranda = rec[rec[t("methodology.col.indicator", "kk")] == t("methodology.indicator.memoranda_signed", "kk")]
    # No agreements loaded: no figure ("—", never 0), so nothing to compare with the published one.
    assert list(memoranda[t("methodology.col.computed", "kk")]) == ["—"]
    assert list(memoranda[t("methodology.col.result", "kk")]) == [t("methodology.status.not_computed", "kk")]


def test_helpers():
    assert check_status(0, "error") == "passed"
    assert check_status(3, "error") == "failed"
    assert check_status(2, "warning") == "warning"
    assert check_column("unknown_region:dim_district.region_code") == "region_code"
    assert check_column("duplicate_key:dim_college") == "dim_college"
    assert check_column("course_out_of_range") == "course"
    assert short_hash("abcdef0123456789") == "abcdef012345"
    assert short_hash(None) == ""
    assert is_plain_url("https://stat.gov.kz/en/industries/social-statistics/?lang=ru&x=1#top")
    for bad in ("javascript:alert(1)", "https://x.kz/a)(javascript:alert(1)", "https://x.kz/<script>", None,
                "https://x.kz/a b", "ftp://x.kz", "https://x.kz/`code`"):
        assert not is_plain_url(bad), bad


def test_source_links_are_markdown_links_with_escaped_text(app, demo_warehouse):
    url = read(demo_warehouse, "select url from source where source_id = 'bns_tvet_2024'")[0][0]
    at = app(demo_warehouse, PAGE, lang="en").run()
    body = texts(at)
    assert f"]({url})" in body
    assert "[https://stat\\.gov\\.kz/" in body
