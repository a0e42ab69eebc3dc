"""The small hand-made region, built by the real ETL: every total below is worked out from
tests/fixtures/small/*.csv by hand."""

import duckdb
import pytest

from conftest import read
from tvet import warehouse
from tvet.indicators import headline_cards


@pytest.fixture(scope="module")
def totals(small_warehouse):
    with warehouse.connect(small_warehouse) as con:
        return warehouse.query(con, "region_year_totals", region="KZ-33")


def row(totals, year):
    return totals[totals["academic_year"] == year].iloc[0]


def test_enrollment_totals(totals):
    # 2023: 50 + 45 + 20 + 30; 2024: 60 + 48 + 40 + 25 + 18 + 35 + 28
    assert row(totals, 2023)["students"] == 145
    assert row(totals, 2024)["students"] == 254
    assert row(totals, 2024)["colleges"] == 3
    assert row(totals, 2024)["state_students"] == 60 + 48 + 40 + 35 + 28


def test_state_order_totals_include_region_level_orders(totals):
    # 60 (T01, ICT) + 40 (T03, education) + 20 (region level, engineering)
    r = row(totals, 2024)
    assert r["state_order_places"] == 120
    assert r["technical_places"] == 80
    assert r["state_order_cost_kzt"] == 60 * 700000 + 40 * 450000 + 20 * 650000


def test_plans_changes_and_partnerships(totals):
    assert row(totals, 2025)["admission_planned"] == 115
    assert row(totals, 2024)["admission_planned"] == 130
    assert row(totals, 2024)["admitted"] == 118
    assert row(totals, 2024)["specialties_opened"] == 2
    assert row(totals, 2025)["specialties_planned"] == 1
    assert row(totals, 2023)["specialties_closed"] == 1
    assert row(totals, 2024)["memoranda"] == 2
    assert row(totals, 2024)["hiring_decisions"] == 1


def test_missing_sign_is_null_not_zero(small_warehouse):
    # fct_graduation row 3 has employed "-" and fct_admission row 4 has applicants "x"
    assert read(small_warehouse, "select employed from fct_graduation where college_id = 'KZ33-T03'") == [(None,)]
    assert read(small_warehouse, "select applicants from fct_admission where college_id = 'KZ33-T03' "
                                 "and academic_year = 2024") == [(None,)]


def test_is_demo_comes_from_the_rows_source(small_warehouse):
    got = read(small_warehouse, "select college_id, is_demo from dim_college order by 1")
    assert got == [("KZ33-T01", True), ("KZ33-T02", True), ("KZ33-T03", False)]
    assert read(small_warehouse, "select bool_and(is_demo = (source_id = 'fixture_demo')) from fct_enrollment") \
        == [(True,)]


def test_specialty_fields_are_derived_from_the_code(small_warehouse):
    got = read(small_warehouse, "select isced_detailed, isced_narrow, isced_broad, is_technical from dim_specialty "
                                "where specialty_code in ('06130100', '01140100') order by specialty_code")
    assert got == [("0114", "011", "01", False), ("0613", "061", "06", True)]


def test_cards_pair_computed_and_published(totals, small_warehouse):
    with warehouse.connect(small_warehouse) as con:
        published = warehouse.query(con, "published_figures", region="KZ-33")
    cards = {c.key: c for c in headline_cards(totals, published, 2024)}
    assert cards["students"].value == 254 and cards["students"].previous == 145
    assert cards["students"].published.value == 13900
    assert cards["students"].published.agrees(254) is False  # published: more than 13,900
    assert cards["state_order_places"].difference == 120 - 4250
    assert cards["technical_share"].value == pytest.approx(80 / 120)
    assert cards["admission_plan"].year == 2025 and cards["admission_plan"].value == 115
    assert cards["admission_plan"].published.value == 4500


def test_app_connection_is_locked_down(small_warehouse, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    with warehouse.connect(small_warehouse) as con:
        for sql in (f"select * from read_csv('{secret}')", "set enable_external_access = true",
                    "create table x (a int)", "delete from dim_college"):
            with pytest.raises(duckdb.Error):
                con.execute(sql)


def test_query_names_are_an_allow_list(small_warehouse):
    with warehouse.connect(small_warehouse) as con:
        with pytest.raises(KeyError):
            warehouse.query(con, "../etl/sql/macros")
