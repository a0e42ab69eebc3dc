"""The Capacity page (AppTest on real warehouses) and its computations (tvet/capacity.py)."""

import math

import pandas as pd
import pytest
from conftest import figure, texts, values

from pages.common.frame import md_escape
from tvet import capacity as cap
from tvet import warehouse
from tvet.i18n import fmt_int, fmt_pct, t

PAGE = "pages/capacity.py"
HOSTILE = "'; drop table x; --"


def q(path, sql: str, params=None) -> list[tuple]:
    """Rows of a SQL query on the warehouse, opened as the app opens it (so both can be open at once)."""
    with warehouse.connect(path) as con:
        return con.execute(sql, params).fetchall()


def metrics(at) -> dict[str, str]:
    """Headline metrics (the first seven drawn; the college card repeats some labels)."""
    return {m.label: m.value for m in list(at.metric)[:7]}


def deltas(at) -> dict[str, str]:
    return {m.label: m.delta for m in list(at.metric)[:7]}


# Capacity use = students attending (all but part-time) / seats (design capacity × shifts, 1 where not stated).
ATTENDING = "sum(e.students) filter (where e.study_form is distinct from 'part_time')"
SEATS = "k.design_capacity * coalesce(k.shifts, 1)"


def college_use(path, year: int) -> list[float]:
    return [r[0] for r in q(path, f"""
        select {ATTENDING} / any_value({SEATS})
        from fct_enrollment e join fct_capacity k using (academic_year, college_id)
        where e.academic_year = $y group by college_id""", {"y": year})]


# --- the page, in every language ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_page_runs_in_every_language_with_its_blocks(app, demo_warehouse, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang, year="2024").run()
    assert not at.exception
    region = q(demo_warehouse, f"select name_{lang} from dim_region where region_code = 'KZ-33'")[0][0]
    assert at.title[0].value == t("capacity.heading", lang, region=region)
    headings = [s.value for s in [*at.header, *at.subheader]]
    for key in ("capacity.colleges.title", "capacity.districts.title", "capacity.map.title"):
        assert t(key, lang, year="2024/25") in headings, key
    assert t("capacity.headline", lang, year="2024/25") in headings
    assert t("capacity.card.title", lang) in headings
    body = texts(at)
    assert t("demo.banner", lang, sources="")[:40] in body
    assert t("capacity.map.caption", lang) in body
    labels = [m.label for m in at.metric]
    for b in ("over", "normal", "under", "students", "capacity", "utilisation", "dormitory"):
        assert t(f"capacity.card.{b}", lang) in labels


# --- the numbers equal the warehouse's ---------------------------------------------------------------------

def test_default_year_is_the_latest_with_capacity(app, demo_warehouse):
    latest = q(demo_warehouse, "select max(academic_year) from fct_capacity where design_capacity is not null")[0][0]
    at = app(demo_warehouse, page=PAGE, lang="en").run()
    assert at.selectbox(key="url_year").value == latest
    assert t("capacity.headline", "en", year=f"{latest}/{(latest + 1) % 100:02d}") in [s.value for s in at.header]


def test_demo_headline_equals_the_warehouse(app, demo_warehouse):
    use = college_use(demo_warehouse, 2024)
    over, under = sum(u > 1 for u in use), sum(u < 0.7 for u in use)
    # the generator places 3-5 colleges over 100 % and 3-5 under 70 % in 2024 (etl/demo/model.py, _capacity)
    assert len(use) == 27 and 3 <= over <= 5 and 3 <= under <= 5
    assert 0.5 < min(use) < 0.7 < 1 < max(use) < 1.2
    students, capacity, dorm = q(demo_warehouse, """
        select (select sum(students) from fct_enrollment where academic_year = 2024),
               sum(design_capacity), sum(dormitory_places) from fct_capacity where academic_year = 2024""")[0]
    attending, seats = q(demo_warehouse, f"""
        select (select {ATTENDING} from fct_enrollment e where academic_year = 2024),
               sum({SEATS}) from fct_capacity k where academic_year = 2024""")[0]
    assert students == 13947
    prev_students = q(demo_warehouse, "select sum(students) from fct_enrollment where academic_year = 2023")[0][0]

    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    shown = metrics(at)
    assert shown["Over-full (over 100%)"] == str(over)
    assert shown["Under-used (under 70%)"] == str(under)
    assert shown["Using 70–100%"] == str(27 - over - under)
    assert shown["Students"] == fmt_int(students, "en") == "13,947"
    assert shown["Design capacity, places"] == fmt_int(capacity, "en")
    assert shown["Capacity use"] == fmt_pct(attending / seats, "en")
    assert shown["Dormitory places"] == fmt_int(dorm, "en")
    assert deltas(at)["Students"] == f"{students - prev_students:+,}"
    assert t("capacity.colleges.caption", "en", over=over, under=under, n=27) in texts(at)


def test_college_bars_are_sorted_by_use_with_bands_named(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="ru", year="2024").run()
    table = at.dataframe[0].value
    use = table[t("capacity.col.utilisation_pct", "ru")].tolist()
    assert use == sorted(use, reverse=True) and len(use) == 27
    expected = college_use(demo_warehouse, 2024)
    assert use[0] == pytest.approx(round(max(expected) * 100, 1), abs=0.05)
    over, under = sum(u > 1 for u in expected), sum(u < 0.7 for u in expected)
    bands = table[t("capacity.col.band", "ru")].value_counts().to_dict()
    assert bands == {t("value.band.over", "ru"): over, t("value.band.normal", "ru"): 27 - over - under,
                     t("value.band.under", "ru"): under}
    fig = figure(at, "capacity_colleges")
    names = [tr["name"] for tr in fig["data"] if tr.get("showlegend", True) is not False]
    for b in ("under", "normal", "over"):
        assert t("capacity.series.students_band", "ru", band=t(f"value.band.{b}", "ru")) in names
    assert t("capacity.series.capacity", "ru") in names


@pytest.fixture(scope="module")
def shifts_warehouse(tmp_path_factory):
    """The small fixture where Test College 1 teaches in two shifts and 40 of its 148 students of 2024 study part
    time (its course-3 row)."""
    import shutil

    from conftest import REFERENCE, SMALL, build_or_fail

    folder = tmp_path_factory.mktemp("shifts")
    src = folder / "small"
    shutil.copytree(SMALL, src)
    (src / "fct_capacity.csv").write_text(
        "academic_year,college_id,design_capacity,dormitory_places,shifts,source_id\n"
        "2024,KZ33-T01,120,50,2,fixture_demo\n2024,KZ33-T02,40,0,,fixture_demo\n"
        "2024,KZ33-T03,80,20,1,fixture_demo\n", encoding="utf-8")
    enrollment = (src / "fct_enrollment.csv").read_text(encoding="utf-8")
    (src / "fct_enrollment.csv").write_text(enrollment.replace(
        "2024,KZ33-T01,06130100,3,state,kk,full_time,9,40", "2024,KZ33-T01,06130100,3,state,kk,part_time,9,40"),
        encoding="utf-8")
    build_or_fail([REFERENCE, src], folder / "w.duckdb")
    return folder / "w.duckdb"


def test_capacity_use_counts_attending_students_over_seats(app, shifts_warehouse):
    # T01: 148 students, 40 part-time -> 108 attending; 120 places × 2 shifts = 240 seats: 45%, under-used.
    # T02: 43 / 40 (no shifts stated: 1) = 107.5%; T03: 63 / 80 = 78.75%. Region: (108 + 43 + 63) / (240 + 40 + 80)
    at = app(shifts_warehouse, page=PAGE, lang="en").run()
    assert not at.exception
    shown = metrics(at)
    assert (shown["Over-full (over 100%)"], shown["Using 70–100%"], shown["Under-used (under 70%)"]) == ("1", "1", "1")
    assert shown["Students"] == "254"  # part-time students are students
    assert shown["Capacity use"] == fmt_pct(214 / 360, "en")
    table = at.dataframe[0].value.set_index("College")
    assert table.loc["Test College 1", "Capacity use, %"] == pytest.approx(45.0)
    assert t("capacity.use_rule", "en", part_time="40", seats="360", shifts="1") in texts(at)


def test_small_fixture_bands_by_hand(app, small_warehouse):
    # capacity 120/40/80, students 148/43/63: 123% and 107.5% over, 78.75% normal
    at = app(small_warehouse, page=PAGE, lang="en").run()
    assert not at.exception
    shown = metrics(at)
    bands = (shown["Over-full (over 100%)"], shown["Using 70–100%"], shown["Under-used (under 70%)"])
    assert bands == ("2", "1", "0")
    assert shown["Students"] == "254" and shown["Design capacity, places"] == "240"
    assert shown["Capacity use"] == fmt_pct(254 / 240, "en")
    assert shown["Dormitory places"] == "70"
    table = at.dataframe[0].value.set_index("College")
    assert table.loc["Test College 1", "Capacity use, %"] == pytest.approx(123.3)
    assert table.loc["Test College 2", "Band"] == "Over 100%"
    assert table.loc["Test College 3", "Band"] == "70–100%"
    # no previous year of capacity: no change is claimed
    assert deltas(at)["Over-full (over 100%)"] is None or deltas(at)["Over-full (over 100%)"] == ""


def test_district_table_sums_its_colleges(app, demo_warehouse):
    expected = {r[0]: r[1:] for r in q(demo_warehouse, f"""
        with s as (select college_id, sum(students) st, {ATTENDING} att from fct_enrollment e
                   where academic_year = 2024 group by 1)
        select d.name_en, cast(sum(st) as bigint), cast(sum(k.design_capacity) as bigint),
               cast(sum(k.dormitory_places) as bigint), count(*), sum(att) / sum({SEATS})
        from fct_capacity k join s using (college_id) join dim_college c using (college_id)
        join dim_district d using (district_code) where k.academic_year = 2024 group by 1""")}
    # every district with a college (Kerbulak has none: published_figure__districts.csv)
    assert len(expected) == q(demo_warehouse, "select count(distinct district_code) from dim_college")[0][0] == 9
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    table = at.dataframe[1].value.set_index("District")
    for name, (students, capacity, dorm, colleges, use) in expected.items():
        row = table.loc[name]
        assert (row["Students"], row["Design capacity"], row["Dormitory places"], row["Colleges"]) == (
            students, capacity, dorm, colleges), name
        assert row["Capacity use, %"] == pytest.approx(round(use * 100, 1))
    assert expected["Taldykorgan city"][3] > 1  # several colleges in the regional centre


# --- the map -----------------------------------------------------------------------------------------------

def test_map_is_a_plain_scatter_with_fixed_aspect_town_labels_and_spread_points(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    fig = figure(at, "capacity_map")
    assert {tr["type"] for tr in fig["data"]} == {"scatter"}  # no scattergeo / scattermap: works offline
    assert fig["layout"]["yaxis"]["scaleanchor"] == "x"
    mean_lat = q(demo_warehouse, "select avg(lat) from dim_district where region_code = 'KZ-33'")[0][0]
    assert fig["layout"]["yaxis"]["scaleratio"] == pytest.approx(1 / math.cos(math.radians(mean_lat)))
    assert fig["layout"]["xaxis"]["title"]["text"] == "Longitude"
    labels = next(tr for tr in fig["data"] if tr.get("mode") == "text")["text"]
    centres = {r[0] for r in q(demo_warehouse, "select centre_en from dim_district where region_code = 'KZ-33'")}
    assert set(labels) == centres and len(labels) == 10
    points = [tr for tr in fig["data"] if tr.get("mode") == "markers" and tr.get("customdata")]
    xy = [(x, y) for tr in points for x, y in zip(values(tr["x"]), values(tr["y"]))]
    assert len(xy) == 27 and len(set(xy)) == 27  # colleges sharing a town do not sit on one another
    hover = [c[0] for tr in points for c in tr["customdata"]]
    assert "Taldykorgan Higher Polytechnic College" in hover


def test_map_labels_in_kazakh_are_the_kazakh_place_names(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="kk", year="2024").run()
    labels = next(tr for tr in figure(at, "capacity_map")["data"] if tr.get("mode") == "text")["text"]
    assert "Талдықорған" in labels and "Текелі" in labels
    assert all(not any("a" <= ch.lower() <= "z" for ch in label) for label in labels)


def test_colleges_without_coordinates_are_listed_below_the_map(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en").run()
    body = texts(at)
    assert t("capacity.map.no_coordinates", "en", n=1) in body
    assert "Test College 3" in body
    points = [tr for tr in figure(at, "capacity_map")["data"] if tr.get("mode") == "markers" and tr.get("customdata")]
    assert sum(len(values(tr["x"])) for tr in points) == 2


# --- filters and the URL -----------------------------------------------------------------------------------

def test_district_from_the_url_filters_everything(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", district="KZ-33-TEK").run()
    assert not at.exception
    assert at.selectbox(key="url_district").value == "KZ-33-TEK"
    shown = metrics(at)
    assert shown["Students"] == "43" and shown["Design capacity, places"] == "40"
    assert shown["Over-full (over 100%)"] == "1"
    assert at.dataframe[0].value["College"].tolist() == ["Test College 2"]


def test_choosing_a_district_changes_the_page_and_the_url(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    before = metrics(at)["Students"]
    at.selectbox(key="url_district").set_value("KZ-33-TEK").run()
    assert not at.exception
    expected = q(demo_warehouse, """select sum(students) from fct_enrollment e join dim_college c using (college_id)
                                       where academic_year = 2024 and district_code = 'KZ-33-TEK'""")[0][0]
    assert metrics(at)["Students"] == fmt_int(expected, "en") != before
    assert at.query_params["district"] in (["KZ-33-TEK"], "KZ-33-TEK")


def test_year_from_the_url_is_restored(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2021").run()
    assert at.selectbox(key="url_year").value == 2021
    expected = q(demo_warehouse, "select sum(students) from fct_enrollment where academic_year = 2021")[0][0]
    assert metrics(at)["Students"] == fmt_int(expected, "en")
    assert t("capacity.colleges.title", "en", year="2021/22") in [s.value for s in at.header]


def test_college_card_from_the_url(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="en", college="KZ33-T02").run()
    assert not at.exception
    assert at.selectbox(key="url_college").value == "KZ33-T02"
    card = {m.label: m.value for m in list(at.metric)[7:]}
    assert card == {"Students": "43", "Design capacity": "40", "Capacity use": "107.5%", "Dormitory places": "0"}
    body = texts(at)
    assert "Band: Over 100%" in body
    assert t("capacity.card.about", "en", district="Tekeli city", ownership="Private", specialties="1") in body
    assert t("capacity.card.history", "en", college="Test College 2") in [s.value for s in at.header]


def test_college_card_defaults_to_the_fullest_college(app, demo_warehouse):
    at = app(demo_warehouse, page=PAGE, lang="en", year="2024").run()
    fullest = q(demo_warehouse, """
        select e.college_id from fct_enrollment e join fct_capacity k using (academic_year, college_id)
        where e.academic_year = 2024 group by 1 order by sum(e.students) / any_value(k.design_capacity) desc
        limit 1""")[0][0]
    assert at.selectbox(key="url_college").value == fullest


@pytest.mark.parametrize("param", ["year", "district", "college", "lang", "region"])
def test_hostile_url_values_are_ignored(app, small_warehouse, param):
    at = app(small_warehouse, page=PAGE, **{"lang": "en", param: HOSTILE} if param != "lang" else {"lang": HOSTILE})
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in list(at.metric)[:7]}.get(
        t("capacity.card.students", "ru" if param == "lang" else "en")) == "254"


def test_a_district_without_colleges_shows_the_no_data_message(app, small_warehouse):
    at = app(small_warehouse, page=PAGE, lang="kk", district="KZ-33-AKS").run()
    assert not at.exception
    assert t("block.no_data", "kk") in texts(at)
    assert not at.get("plotly_chart")


# --- tvet/capacity.py --------------------------------------------------------------------------------------

def test_band_edges():
    assert cap.band(0.6999) == "under"
    assert cap.band(0.70) == "normal" and cap.band(1.0) == "normal"
    assert cap.band(1.0001) == "over"
    assert cap.band(None) is None and cap.band(float("nan")) is None


def test_utilisation_is_unknown_without_capacity():
    use = cap.utilisation(pd.Series([10, 10, 10]), pd.Series([20, 0, None]))
    assert use.iloc[0] == 0.5 and use.iloc[1:].isna().all()


def test_spread_is_deterministic_round_and_keeps_lone_colleges_in_place():
    df = pd.DataFrame({"college_id": ["b", "a", "c", "d", "e"], "lat": [45.0, 45.0, 45.0, 44.0, None],
                       "lon": [78.0, 78.0, 78.0, 80.0, None]})
    one, two = cap.spread(df), cap.spread(df.iloc[::-1])
    assert one.sort_values("college_id")[["map_lat", "map_lon"]].equals(
        two.sort_values("college_id")[["map_lat", "map_lon"]])
    town = one[one["lat"] == 45.0]
    scale = math.cos(math.radians(45.0))
    dist = ((town["map_lat"] - 45.0) ** 2 + ((town["map_lon"] - 78.0) * scale) ** 2) ** 0.5
    assert dist.round(9).nunique() == 1 and dist.iloc[0] > 0  # on one circle around the town
    assert len(set(zip(town["map_lat"], town["map_lon"]))) == 3
    lone = one[one["college_id"] == "d"].iloc[0]
    assert (lone["map_lat"], lone["map_lon"]) == (44.0, 80.0)
    assert one[one["college_id"] == "e"][["map_lat", "map_lon"]].isna().all(axis=None)


def test_labels_of_close_towns_do_not_overlap():
    towns = pd.DataFrame({"district_code": ["A", "B", "C"], "lat": [45.0, 44.9, 44.9], "lon": [78.4, 78.25, 78.5],
                          "label": ["Taldykorgan", "Balpyk Bi", "Karabulak"]})
    points = pd.DataFrame({"district_code": ["A"] * 3, "map_lat": [45.05, 44.97, 44.97],
                           "map_lon": [78.4, 78.33, 78.47], "size": [20, 20, 20]})
    placed = cap.label_places(towns, {"A": 0.05}, points, px_per_deg=250, aspect=1.41)
    boxes = list(zip(placed["label_west"], placed["label_south"], placed["label_east"], placed["label_north"]))
    for i in range(3):
        for j in range(i + 1, 3):
            a, b = boxes[i], boxes[j]
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (placed["label"][i], placed["label"][j])


# --- Kerbulak: a district the press says has no college ----------------------------------------------------

def test_no_demo_college_sits_where_the_press_says_there_is_none(demo_warehouse):
    statements = q(demo_warehouse, """
        select f.district_code, f.value, s.source_id from published_figure f join source s using (source_id)
        where f.indicator = 'colleges_in_district'""")
    assert ("KZ-33-KER", 0, "kz24_kerbulak_2025") in [(d, int(v), s) for d, v, s in statements]
    for district, value, _ in statements:
        if int(value) == 0:
            assert q(demo_warehouse, "select count(*) from dim_college where district_code = $d",
                     {"d": district}) == [(0,)], district


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_map_marks_kerbulak_as_no_college_with_its_source(app, demo_warehouse, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang, year="2024").run()
    assert not at.exception
    name, source, note = q(demo_warehouse, f"""
        select d.name_{lang}, coalesce(s.title_{lang}, s.title), coalesce(f.quote, f.note)
        from published_figure f join dim_district d using (district_code)
        join source s using (source_id) where f.district_code = 'KZ-33-KER'""")[0]
    fig = figure(at, "capacity_map")
    marked = [tr for tr in fig["data"] if tr.get("name") == t("capacity.no_college.legend", lang)]
    assert len(marked) == 1 and len(values(marked[0]["x"])) == 1
    lat, lon = q(demo_warehouse, "select lat, lon from dim_district where district_code = 'KZ-33-KER'")[0]
    assert (values(marked[0]["x"])[0], values(marked[0]["y"])[0]) == pytest.approx((lon, lat))
    assert source in marked[0]["text"][0] and name in marked[0]["text"][0]
    body = texts(at)
    # Markdown: the data's text is escaped
    assert t("capacity.no_college.note", lang, district=md_escape(name), year="2025/26", quote=md_escape(note),
             source=md_escape(source)) in body
    assert "Сейчас у нас в Кербулакском районе нет ни одного колледжа" in body


def test_no_college_districts_takes_the_latest_statement():
    frame = pd.DataFrame({"district_code": ["A", "A", "B", "C"], "academic_year": [2024, 2025, 2025, 2025],
                          "indicator": ["colleges_in_district"] * 3 + ["students"], "value": [0, 1, 0, 0]})
    assert cap.no_college_districts(frame)["district_code"].tolist() == ["B"]
