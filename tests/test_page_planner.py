"""The what-if planner page (pages/planner.py) as Streamlit runs it, on real warehouses built by the ETL, with
scenarios saved to a temporary folder (TVET_SCENARIOS)."""

import io
import json
from pathlib import Path

import pytest
from conftest import figure, metrics, read, texts, values

from tvet import settings
from tvet.exports import ExportMeta
from tvet.i18n import fmt_int, t
from tvet.planner import inputs as planner_inputs
from tvet.planner import project, report, scenario, store
from tvet.warehouse import connect

PAGE = "pages/planner.py"


@pytest.fixture
def scenarios(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "scenarios"
    monkeypatch.setenv("TVET_SCENARIOS", str(folder))
    return folder


def build_id_of(warehouse) -> str:
    return read(warehouse, "select build_id from etl_run order by finished_at desc limit 1")[0][0]


def write(folder: Path, sid: str, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{sid}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def baseline_places(warehouse) -> int:
    """State-order places of the latest order year of the region, straight from the warehouse."""
    return read(warehouse, """
        select cast(sum(places) as bigint) from fct_state_order
        where region_code = 'KZ-33' and academic_year = (select max(academic_year) from fct_state_order)""")[0][0]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language_and_starts_at_the_baseline(app, demo_warehouse, scenarios, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang).run()
    assert not at.exception
    assert at.title[0].value.startswith(t("planner.title", lang))
    cards = metrics(at)
    assert cards[t("planner.card.places", lang)] == fmt_int(baseline_places(demo_warehouse), lang)
    # Nothing changed yet: no card has a difference from the baseline, and the page says so.
    assert all(not m.proto.delta for m in at.metric)
    body = texts(at)
    assert t("planner.results.baseline_only", lang) in body
    assert t("demo.banner", lang, sources="")[:40] in body


def test_technical_share_target_moves_places_and_follows_a_straight_line(app, demo_warehouse, scenarios):
    at = app(demo_warehouse, page=PAGE, lang="en").run()
    at.toggle[0].set_value(True).run()
    assert not at.exception
    cards = metrics(at)
    assert cards["Technical share of the state order"] == "70.0%"
    # The total number of places stays the same: places only move between fields.
    assert cards["State-order places"] == fmt_int(baseline_places(demo_warehouse), "en")
    share = figure(at, "planner_share")
    scenario_line = [tr for tr in share["data"] if tr["name"] == "Scenario"][0]
    y = values(scenario_line["y"])
    start, steps = y[0], y[1:]
    # Base year 2025, target 70 % by 2030 (5 years): each year a fifth of the way, within one place of rounding.
    for j, value in enumerate(steps, start=1):
        assert value == pytest.approx(start + (70 - start) * j / 5, abs=0.05)


def test_saving_writes_the_scenario_outside_the_warehouse_with_its_build_id(app, demo_warehouse, scenarios):
    at = app(demo_warehouse, page=PAGE, lang="ru").run()
    at.toggle[0].set_value(True).run()
    at.text_input[0].input("Больше техники")
    [b for b in at.button if b.label == t("planner.scenarios.save", "ru")][0].click().run()
    assert not at.exception
    saved = json.loads((scenarios / "больше-техники.json").read_text(encoding="utf-8"))
    assert saved["name"] == "Больше техники"
    assert saved["build_id"] == build_id_of(demo_warehouse)
    assert saved["technical_share"] == {"target": 0.7, "by": 2030}
    assert at.query_params["scenario"] == "больше-техники"
    # The share link opens the same scenario.
    assert any("scenario=%D0%B1%D0%BE%D0%BB%D1%8C%D1%88%D0%B5" in c.value for c in at.code)
    assert not str(scenarios).startswith(str(Path(demo_warehouse).parent))


def test_a_link_opens_a_saved_scenario(app, demo_warehouse, scenarios):
    write(scenarios, "it-300", {"name": "IT +300", "build_id": build_id_of(demo_warehouse), "horizon": 3,
                                "places": [{"field": "06", "change": 300}]})
    at = app(demo_warehouse, page=PAGE, lang="en", scenario="it-300").run()
    assert not at.exception
    cards = metrics(at)
    places = baseline_places(demo_warehouse)
    assert cards["State-order places"] == fmt_int(places + 300, "en")
    card = [m for m in at.metric if m.label == "State-order places"][0]
    assert card.proto.delta == "+300"
    assert at.text_input[0].value == "IT +300"  # the name field starts from the saved name
    assert any(i.value.startswith("Opened the saved scenario **IT \\+300**") for i in at.info)  # escaped Markdown
    assert at.query_params["horizon"] == "3"
    # Made on the current data: no warning about other data.
    assert t("planner.warning.other_data", "en", saved="", current="")[:30] not in texts(at)


def test_a_scenario_made_on_other_data_is_flagged(app, demo_warehouse, scenarios):
    write(scenarios, "old", {"name": "Old", "build_id": "000000000000", "places": [{"field": "10", "percent": -10}]})
    at = app(demo_warehouse, page=PAGE, lang="kk", scenario="old").run()
    assert not at.exception
    assert any("000000000000" in w.value for w in at.warning)


@pytest.mark.parametrize("sid", ["no-such-scenario", "../../etc/passwd"])
def test_an_unknown_or_hostile_scenario_in_the_url_is_refused_politely(app, demo_warehouse, scenarios, sid):
    at = app(demo_warehouse, page=PAGE, lang="en", scenario=sid).run()
    assert not at.exception
    assert any("There is no saved scenario" in w.value for w in at.warning)
    assert "scenario" not in at.query_params
    assert len(at.metric) == 6


def test_compare_and_delete(app, demo_warehouse, scenarios):
    bid = build_id_of(demo_warehouse)
    write(scenarios, "a", {"name": "A", "build_id": bid, "places": [{"field": "07", "change": 200}]})
    write(scenarios, "b", {"name": "B", "build_id": bid, "places": [{"field": "07", "change": -200}]})
    at = app(demo_warehouse, page=PAGE, lang="en").run()
    at.multiselect(key="planner_compare").set_value(["a", "b"]).run()
    assert not at.exception
    table = [d.value for d in at.dataframe if "Scenario" in d.value.columns][-1]
    assert list(table["Scenario"]) == ["Baseline", "A", "B"]
    students = [int(s.replace(",", "")) for s in table["Students"]]
    assert students[1] > students[0] > students[2]  # more places, more students; fewer, fewer
    at.selectbox(key="planner_choose").set_value("b").run()
    at.button(key="planner_delete").click().run()
    assert not at.exception
    assert not (scenarios / "b.json").exists() and (scenarios / "a.json").exists()


def test_the_small_region_projects_with_its_region_level_order(app, small_warehouse, scenarios):
    at = app(small_warehouse, page=PAGE, lang="en").run()
    assert not at.exception
    # 60 + 40 places at colleges and 20 ordered at region level (placed with college T02): 120.
    assert metrics(at)["State-order places"] == "120"


def test_workbook_carries_inputs_outputs_and_provenance(demo_warehouse):
    from openpyxl import load_workbook

    with connect(Path(demo_warehouse)) as con:
        inputs = planner_inputs.load(con, "KZ-33")
    base = project.run(inputs, scenario.parse({"horizon": 3}))
    chosen = scenario.parse({"name": "IT", "horizon": 3, "places": [{"field": "06", "change": 30}]})
    result = project.run(inputs, chosen)
    meta = ExportMeta(title="What-if scenario: IT", source="demo", build_id=inputs.build_id, is_demo=True,
                      demo_note="generated")
    wb = load_workbook(io.BytesIO(report.workbook(base, result, meta, {})))
    assert wb.sheetnames == ["about", "scenario", "summary", "places", "rates", "projection", "colleges"]
    about = {r[0]: r[1] for r in wb["about"].iter_rows(values_only=True)}
    assert about["Data version"] == inputs.build_id and about["Demo data"] == "generated"
    text = "\n".join(r[0] for r in wb["scenario"].iter_rows(min_row=2, values_only=True))
    assert json.loads(text)["places"] == [{"field": "06", "change": 30}]
    summary = list(wb["summary"].iter_rows(values_only=True))
    head = summary[0]
    rows = [dict(zip(head, r)) for r in summary[1:]]
    places = {(r["variant"], r["year"]): r["places"] for r in rows}
    assert places[("scenario", 2026)] - places[("baseline", 2026)] == pytest.approx(30)
    projection = list(wb["projection"].iter_rows(values_only=True))
    assert len(projection) - 1 == len(result.table())


def test_no_scenario_folder_is_needed_to_start(app, demo_warehouse, scenarios):
    assert not scenarios.exists()
    at = app(demo_warehouse, page=PAGE, lang="ru").run()
    assert not at.exception
    assert t("planner.scenarios.none", "ru", folder="")[:20] in texts(at)
    assert settings.scenarios_dir() == scenarios
    assert store.saved(scenarios) == []
