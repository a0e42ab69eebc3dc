"""The scenario example in the README is a working scenario: it parses and projects on the demo warehouse, and
every change it lists moves the numbers it says it moves."""

import json
import re
from pathlib import Path

from conftest import ROOT

from tvet.planner import inputs as planner_inputs
from tvet.planner import project, scenario
from tvet.warehouse import connect


def readme_example() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block, "the README has no ```json scenario example"
    return json.loads(block.group(1))


def test_the_readme_example_projects_on_the_demo_warehouse(demo_warehouse):
    example = readme_example()
    with connect(Path(demo_warehouse)) as con:
        inputs = planner_inputs.load(con, "KZ-33", example.get("rate_years", 2))
    base = project.run(inputs, scenario.parse({"horizon": example["horizon"]}))
    result = project.run(inputs, scenario.parse(example))
    assert result.balance_gap() < 1e-6
    last_b, last_s = base.summary.iloc[-1], result.summary.iloc[-1]
    assert abs(last_s["technical_share"] - example["technical_share"]["target"]) < 0.001
    assert last_s["places"] != last_b["places"] or last_s["students"] != last_b["students"]
    # The capacity item adds 200 places at one college from 2027 on.
    cap = result.colleges.set_index(["year", "college_id"])["capacity"]
    cap_b = base.colleges.set_index(["year", "college_id"])["capacity"]
    item = example["capacity"][0]
    assert cap[(item["from"], item["college_id"])] - cap_b[(item["from"], item["college_id"])] == item["change"]
    assert cap[(item["from"] - 1, item["college_id"])] == cap_b[(item["from"] - 1, item["college_id"])]
