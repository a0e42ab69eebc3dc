"""Saved scenarios (tvet/planner/store.py): JSON files in a folder of their own, one per scenario."""

from __future__ import annotations

import json

import pytest

from tvet.planner import store
from tvet.planner.scenario import ScenarioError, parse

RICH = {
    "name": "Больше мест в IT 2028", "note": "для форума", "horizon": 7, "rate_years": 3, "region": "KZ-33",
    "places": [{"field": "06", "change": 300, "by": 2028}, {"field": "10", "percent": -10},
               {"college_id": "KZ33-C001", "specialty_code": "07130100", "entry_base": "9", "set": 25}],
    "admissions": [{"funding": "paid", "percent": 5}],
    "rates": [{"specialty_code": "07130100", "course": 2, "promotion": 0.9, "repetition": 0.05},
              {"field": "07", "graduation": 0.95}],
    "fill_rate": [{"technical": True, "value": 0.97}],
    "cost_per_student": [{"field": "07", "set": 800000}],
    "capacity": [{"college_id": "KZ33-C001", "set": 1500, "from": 2027}],
    "technical_share": {"target": 0.7, "by": 2029},
}


def sections(s):
    return (s.name, s.note, s.horizon, s.rate_years, s.region, s.places, s.admissions, s.rates, s.fill_rate,
            s.cost_per_student, s.capacity, s.technical_share)


def test_save_list_load_delete_round_trip(tmp_path):
    folder = tmp_path / "scenarios"  # made on the first save
    original = parse(RICH)
    sid = store.save(folder, original, "build-1")
    assert sid == "больше-мест-в-it-2028"
    assert [p.name for p in folder.iterdir()] == [f"{sid}.json"]  # no temporary file left behind
    listed = store.saved(folder)
    assert len(listed) == 1
    s = listed[0]
    assert (s.id, s.name, s.build_id, s.horizon, s.ok) == (sid, "Больше мест в IT 2028", "build-1", 7, True)
    assert s.created and s.created.endswith("UTC")
    loaded = store.load(folder, sid)
    assert sections(loaded) == sections(original)  # every change comes back as it was
    assert loaded.build_id == "build-1"
    # the file is readable JSON with the letters as they are
    assert "Больше мест" in (folder / f"{sid}.json").read_text(encoding="utf-8")
    store.delete(folder, sid)
    assert store.saved(folder) == [] and list(folder.iterdir()) == []
    with pytest.raises(ScenarioError) as e:
        store.load(folder, sid)
    assert e.value.key == "planner.error.unknown_scenario"
    store.delete(folder, sid)  # deleting what is gone is not an error


def test_saving_again_replaces_and_keeps_the_new_build_id(tmp_path):
    sid = store.save(tmp_path, parse({"name": "Plan A", "horizon": 3}), "build-1")
    assert store.save(tmp_path, parse({"name": "Plan A", "horizon": 6}), "build-2") == sid == "plan-a"
    (s,) = store.saved(tmp_path)
    assert (s.horizon, s.build_id) == (6, "build-2")
    # a scenario saved with a build id keeps it, whatever it was opened with
    loaded = store.load(tmp_path, sid)
    assert store.load(tmp_path, store.save(tmp_path, loaded, "build-2")).build_id == "build-2"


@pytest.mark.parametrize("saved_on, current, other", [
    ("build-1", "build-1", False),
    ("build-1", "build-2", True),
    (None, "build-2", False),  # made before build ids were kept: nothing to compare
])
def test_made_on_other_data(tmp_path, saved_on, current, other):
    data = {"name": "x", "build_id": saved_on} if saved_on else {"name": "x"}
    (tmp_path / "x.json").write_text(json.dumps(data), encoding="utf-8")
    (s,) = store.saved(tmp_path)
    assert s.build_id == saved_on
    assert s.made_on_other_data(current) is other


@pytest.mark.parametrize("name, sid", [
    ("Больше мест в IT 2028", "больше-мест-в-it-2028"),
    ("Жаңа мамандықтар: 2026 ж.", "жаңа-мамандықтар-2026-ж"),  # Kazakh letters ң, қ kept; ':' and '.' dropped
    ("  ӘҒҚҢӨҰҮҺІ  ", "әғқңөұүһі"),                            # lower-cased, spaces trimmed
    ("IT / сервис -- 10%", "it-сервис-10"),
    ("a_b", "a-b"),                                             # '_' separates words like a space
    ("x" * 80, "x" * 60),                                       # at most 60 characters
])
def test_ids_from_names(tmp_path, name, sid):
    assert store.scenario_id(name) == sid
    assert store.save(tmp_path, parse({"name": name}), "b") == sid
    assert store.load(tmp_path, sid).name == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "---", "!!!", "___"])
def test_a_name_without_letters_or_digits_is_refused(tmp_path, name):
    with pytest.raises(ScenarioError) as e:
        store.save(tmp_path, parse({"name": name}), "b")
    assert e.value.key == "planner.error.name"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sid", ["../x", "a/b", "..", "/etc/passwd", "x/../../x", "", ".x", "x.json", "a\\b",
                                 "-x", "x-"])
def test_ids_that_are_not_plain_names_are_refused_and_touch_nothing(tmp_path, sid):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a").mkdir()
    outside = tmp_path / "x.json"
    outside.write_text('{"name": "outside"}', encoding="utf-8")
    inside = folder / "a" / "b.json"
    inside.write_text('{"name": "in a subfolder"}', encoding="utf-8")
    for action in (lambda: store.load(folder, sid), lambda: store.delete(folder, sid)):
        with pytest.raises(ScenarioError) as e:
            action()
        assert e.value.key == "planner.error.unknown_scenario"
    assert outside.read_text(encoding="utf-8") == '{"name": "outside"}'
    assert inside.exists()
    assert sorted(p.name for p in folder.rglob("*")) == ["a", "b.json"]


def test_a_name_that_looks_like_a_path_is_saved_inside_the_folder(tmp_path):
    folder = tmp_path / "scenarios"
    outside = tmp_path / "x.json"
    outside.write_text("keep", encoding="utf-8")
    assert store.save(folder, parse({"name": "../x"}), "b") == "x"
    assert outside.read_text(encoding="utf-8") == "keep"
    assert [p.name for p in folder.iterdir()] == ["x.json"]


def test_unreadable_files_are_listed_so_they_can_be_deleted(tmp_path):
    store.save(tmp_path, parse({"name": "good"}), "b")
    (tmp_path / "broken.json").write_text('{"name": "broken", ', encoding="utf-8")   # not JSON
    (tmp_path / "unknown.json").write_text('{"name": "u", "horizon": 99}', encoding="utf-8")  # not a scenario
    (tmp_path / "list.json").write_text("[]", encoding="utf-8")                   # not an object
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00bad")                   # not UTF-8
    (tmp_path / "not a name.json").write_text("{}", encoding="utf-8")             # not an id: never listed
    (tmp_path / "notes.txt").write_text("{}", encoding="utf-8")
    listed = {s.id: s for s in store.saved(tmp_path)}
    assert sorted(listed) == ["binary", "broken", "good", "list", "unknown"]
    assert [sid for sid, s in sorted(listed.items()) if not s.ok] == ["binary", "broken", "list", "unknown"]
    assert listed["broken"].name == "broken" and listed["broken"].horizon == 0
    with pytest.raises(ScenarioError) as e:
        store.load(tmp_path, "broken")
    assert e.value.key == "planner.error.json"
    store.delete(tmp_path, "broken")
    assert not (tmp_path / "broken.json").exists()


def test_listing_a_missing_folder_is_empty(tmp_path):
    assert store.saved(tmp_path / "never made") == []


def test_at_most_max_saved(tmp_path):
    for i in range(store.MAX_SAVED):
        (tmp_path / f"s{i}.json").write_text(json.dumps({"name": f"s{i}"}), encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        store.save(tmp_path, parse({"name": "one more"}), "b")
    assert e.value.key == "planner.error.too_many" and e.value.params == {"limit": store.MAX_SAVED}
    assert store.save(tmp_path, parse({"name": "s7", "horizon": 9}), "b") == "s7"  # replacing one is allowed
    assert store.load(tmp_path, "s7").horizon == 9
    assert len(list(tmp_path.glob("*.json"))) == store.MAX_SAVED
