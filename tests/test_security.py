"""Security (issue 7): the app's warehouse connection is locked down, values from the URL reach SQL only as bound
parameters or through an allow-list, downloads never carry a formula, and the server settings are the safe ones.

- Locked-down reading: on a real warehouse (small_warehouse), both through tvet.warehouse.connect and through the
  pages' shared reader (tvet.warehouse.READER), every way of reading a local file, attaching or writing a file,
  loading an extension, changing a setting or changing the data raises duckdb.Error and leaves the file as it was.
- Injection through the URL: every page of the menu, with every query parameter it reads (found in the source,
  so a new parameter is tested without editing this file) set to each hostile string, draws its title without
  an exception, writes no hostile string into HTML, and leaves the warehouse unchanged.
- Exports: every CSV / XLSX a page offers (chart blocks and whole tables: tvet/exports.py; the planner:
  tvet/planner/report.py; the presenter: tvet/deck/xlsx.py; the upload page: etl/problems.report_csv) writes a
  text cell that starts a formula with a leading apostrophe; numbers stay numbers.
- Server settings: .streamlit/config.toml.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import ROOT, read
from openpyxl import load_workbook

from tvet import warehouse

# --- locked-down reading ----------------------------------------------------------------------------------------------


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def refused_statements(tmp: Path) -> list[str]:
    """Statements the app's connection must refuse: each would read or write a file, load code, change a setting
    or change the data."""
    secret = tmp / "secret.csv"
    secret.write_text("secret\nthe-secret-value\n", encoding="utf-8")
    (tmp / "secret.json").write_text('{"secret": "the-secret-value"}', encoding="utf-8")
    (tmp / "secret.parquet").write_bytes(b"PAR1")
    other = tmp / "other.duckdb"
    duckdb.connect(str(other)).close()
    return [
        f"select * from read_csv('{secret}')",
        f"select * from read_csv_auto('{secret}')",
        f"select * from '{secret}'",
        f"select * from read_text('{secret}')",
        f"select * from read_blob('{secret}')",
        f"select * from read_parquet('{tmp / 'secret.parquet'}')",
        f"select * from read_json('{tmp / 'secret.json'}')",
        f"select * from glob('{tmp}/*')",
        f"attach '{other}' as other",
        f"attach '{other}' as other (read_only)",
        f"copy (select 1) to '{tmp / 'out.csv'}'",
        f"copy dim_college to '{tmp / 'out.csv'}'",
        f"export database '{tmp / 'out_db'}'",
        "install httpfs",
        "load httpfs",
        "set enable_external_access = true",
        "set global enable_external_access = true",
        "pragma enable_external_access = true",
        "reset enable_external_access",
        "set lock_configuration = false",
        "reset lock_configuration",
        "set memory_limit = '64GB'",
        "pragma memory_limit = '64GB'",
        "reset memory_limit",
        "set threads = 64",
        "pragma threads = 64",
        "reset threads",
        "create table x (a int)",
        "create view v as select 1",
        "create macro m(a) as a",
        "insert into dim_college select * from dim_college",
        "update dim_college set name_en = 'x'",
        "delete from dim_college",
        "drop table dim_college",
        "alter table dim_college add column x int",
    ]


@pytest.fixture(params=["connect", "reader"])
def app_connection(request, small_warehouse):
    """The connection the app reads with: tvet.warehouse.connect, or a cursor of the shared reader the pages use."""
    if request.param == "connect":
        con = warehouse.connect(small_warehouse)
        try:
            yield con
        finally:
            con.close()
    else:
        with warehouse.READER.cursor(small_warehouse) as cur:
            yield cur


def test_app_connection_refuses_files_extensions_settings_and_writes(app_connection, small_warehouse, tmp_path):
    before = sha(small_warehouse)
    colleges = app_connection.execute("select count(*) from dim_college").fetchone()[0]
    assert colleges > 0
    settings_before = dict(app_connection.execute("select name, value from duckdb_settings()").fetchall())
    for sql in refused_statements(tmp_path):
        with pytest.raises(duckdb.Error):
            app_connection.execute(sql).fetchall()
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out_db").exists()
    settings_after = dict(app_connection.execute("select name, value from duckdb_settings()").fetchall())
    for name in ("enable_external_access", "lock_configuration", "memory_limit", "threads",
                 "allow_community_extensions", "autoload_known_extensions", "autoinstall_known_extensions"):
        if name in settings_before:
            assert settings_after[name] == settings_before[name], name
    assert settings_after["enable_external_access"] == "false"
    assert settings_after["lock_configuration"] == "true"
    assert app_connection.execute("select count(*) from dim_college").fetchone()[0] == colleges
    assert sha(small_warehouse) == before


def test_the_secret_never_comes_back(app_connection, tmp_path):
    """Not even through an error message or a function that lists files."""
    for sql in refused_statements(tmp_path)[:8]:
        try:
            rows = app_connection.execute(sql).fetchall()
        except duckdb.Error as e:
            assert "the-secret-value" not in str(e)
        else:  # pragma: no cover - the test above fails first
            assert "the-secret-value" not in repr(rows)


def test_query_names_outside_the_allow_list_are_refused(small_warehouse):
    with warehouse.connect(small_warehouse) as con:
        for name in ("../etl/sql/macros", "regions; drop table dim_college", "/etc/passwd", "REGIONS", "regions.sql",
                     ""):
            with pytest.raises(KeyError):
                warehouse.query(con, name)
        assert not warehouse.query(con, "regions").empty


def test_named_queries_bind_values_and_never_format_them():
    files = sorted(warehouse.QUERY_DIR.glob("*.sql"))
    assert files and {f.stem for f in files} == set(warehouse.QUERIES)
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert "{" not in text and "}" not in text, f"{f.name}: a format placeholder"
        assert not re.search(r"%[sdr(]", text), f"{f.name}: a %-placeholder"
        assert re.search(r"\$\w", text) or "$" not in text


def test_sql_is_only_run_from_named_queries_or_an_allow_listed_table():
    """Every execute() under tvet/, pages/ and app.py runs a named query (sql_text) with bound parameters, except
    the whole-table download, whose table name passes an allow-list first."""
    allowed = {("tvet/marts.py", "mart_frame")}
    found = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "tvet").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.Module))]:
            for node in ast.walk(fn):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("execute", "sql", "executemany") and node.args):
                    first = node.args[0]
                    named = (isinstance(first, ast.Call) and isinstance(first.func, ast.Name)
                             and first.func.id == "sql_text")
                    if not named and isinstance(fn, ast.FunctionDef):
                        found.add((path.relative_to(ROOT).as_posix(), fn.name))
    assert found <= allowed, found


def test_whole_table_downloads_refuse_names_outside_the_allow_list(small_warehouse):
    from tvet import marts

    with warehouse.connect(small_warehouse) as con:
        for name in ("dim_college; drop table dim_college", "etl_run", "duckdb_settings()", "'/etc/passwd'"):
            with pytest.raises(KeyError):
                marts.mart_frame(con, name)
        assert len(marts.mart_frame(con, "dim_college")) > 0


# --- injection through the URL ---------------------------------------------------------------------------------------

HOSTILE = [
    "' OR 1=1 --",
    "KZ-33'; DROP TABLE dim_college; --",
    "\"; select * from read_csv('/etc/passwd'); --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "2024 OR 1=1",
    "%27",
    "x" * 5000,
    "NaN",
    "-1",
    "1e309",
]
# Hostile strings that could only do harm inside HTML or SQL text: they must never appear in an HTML body.
MARKUP = [h for h in HOSTILE if any(c in h for c in "<>'\"")]

PAGES = [page for page, _ in __import__("pages.common.frame", fromlist=["MENU"]).MENU]
COMMON = ROOT / "pages" / "common"


def _const(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_query_params(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "query_params"


def url_params(path: Path) -> set[str]:
    """The URL parameters a file reads: st.query_params[...] / .get / .pop / `in`, url_choice's and
    choice_filter's parameter, and any widget bound to the URL (bind="query-params", key=...)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Subscript) and _is_query_params(node.value):
            found.add(_const(node.slice))
        elif isinstance(node, ast.Compare) and any(_is_query_params(c) for c in node.comparators):
            found.add(_const(node.left))
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and _is_query_params(f.value) and node.args:
                found.add(_const(node.args[0]))
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            kw = {k.arg: k.value for k in node.keywords}
            if name == "url_choice":
                found.add(_const(node.args[3]) if len(node.args) > 3 else _const(kw.get("param")))
            elif name == "choice_filter":
                found.add(_const(node.args[2]) if len(node.args) > 2 else _const(kw.get("param")))
            if _const(kw.get("bind")) == "query-params":
                found.add(_const(kw.get("key")))
    return found - {None}


def page_params(page: str) -> list[str]:
    common = set().union(*(url_params(p) for p in COMMON.glob("*.py")))
    return sorted(common | url_params(ROOT / page))


def test_every_url_parameter_is_found():
    """The parameters the injection test sets: every one the pages read (a new one is picked up by itself)."""
    assert {"lang", "region", "year"} <= set(page_params("app.py"))
    assert {"scenario", "horizon", "rate_years"} <= set(page_params("pages/planner.py"))
    assert {"deck", "slide"} <= set(page_params("pages/presenter.py"))
    assert {"q", "specialty", "change", "district"} <= set(page_params("pages/specialties.py"))
    assert {"district", "college"} <= set(page_params("pages/capacity.py"))
    assert "pages/upload.py" in PAGES and all((ROOT / p).exists() for p in PAGES)
    text = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py")])
    assert "experimental_get_query_params" not in text and "get_all(" not in text


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def html_bodies(at) -> list[str]:
    """The bodies of every element the browser renders as HTML: st.html, and markdown-like elements drawn with
    unsafe_allow_html (markdown, captions, …)."""
    bodies = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        fields = {f.name for f in proto.DESCRIPTOR.fields}
        if proto.DESCRIPTOR.name == "Html" or ("allow_html" in fields and proto.allow_html):
            bodies.append(proto.body)
    return bodies


@pytest.fixture(scope="module")
def demo_state(demo_warehouse):
    return {"sha": sha(demo_warehouse), "colleges": read(demo_warehouse, "select count(*) from dim_college")[0][0]}


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """Scenarios, decks and uploads in a temporary folder, so a page run never writes into the repository."""
    for var, name in (("TVET_SCENARIOS", "scenarios"), ("TVET_DECKS", "decks"), ("TVET_UPLOADS", "uploads")):
        monkeypatch.setenv(var, str(tmp_path / name))


def check_run(at, warehouse: Path, state: dict, hostile: str) -> list[str]:
    """What is wrong with one run of a page with hostile URL parameters (nothing, when all is well)."""
    problems = []
    if at.exception:
        problems.append(f"exception: {[e.value for e in at.exception]}")
    if not at.title or not all(x.value.strip() for x in at.title):
        problems.append("no title")
    for body in html_bodies(at):
        if "<script" in body.lower() or any(h in body for h in MARKUP):
            problems.append(f"hostile text in HTML: {body[:200]!r}")
    if sha(warehouse) != state["sha"]:
        problems.append("the warehouse file changed")
    if read(warehouse, "select count(*) from dim_college")[0][0] != state["colleges"]:
        problems.append("dim_college lost rows")
    return problems


@pytest.mark.parametrize("page", PAGES)
def test_hostile_url_parameters_are_plain_values(app, demo_warehouse, demo_state, folders, page):
    """Every parameter the page reads holds the same hostile string in one run; one run per hostile string."""
    params = page_params(page)
    failures = {}
    for i, hostile in enumerate(HOSTILE):
        at = app(demo_warehouse, None if page == "app.py" else page, **{p: hostile for p in params}).run()
        problems = check_run(at, demo_warehouse, demo_state, hostile)
        if page == "pages/presenter.py" and not any("<style>" in b for b in html_bodies(at)):
            problems.append("the HTML collector missed the page's own <style> block")
        if problems:
            failures[f"{i}: {hostile[:40]!r}"] = problems
    assert not failures, (params, failures)


LINK = "[click me](https://evil.example/phish)"


def markdown_bodies(at) -> list[str]:
    """Bodies Streamlit renders as Markdown (HTML in them is escaped, but links and formatting work)."""
    return [n.proto.body for n in _walk(at._tree) if getattr(getattr(n, "proto", None), "DESCRIPTOR", None)
            and "body" in {f.name for f in n.proto.DESCRIPTOR.fields} and isinstance(n.proto.body, str)]


@pytest.mark.parametrize("page, param", [("pages/planner.py", "scenario"), ("pages/presenter.py", "deck")])
def test_an_echoed_url_value_cannot_draw_a_link(app, demo_warehouse, folders, page, param):
    at = app(demo_warehouse, page, **{param: LINK}).run()
    assert not at.exception
    assert not [b for b in markdown_bodies(at) if LINK in b]


# --- exports --------------------------------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=1+1", "\t=1+1", "\r=1+1"]
NUMBERS = [-1, -2.5, 3, 0.25, -1000000]


def hostile_frame() -> pd.DataFrame:
    n = len(FORMULAS)
    return pd.DataFrame({
        "name": FORMULAS,
        "code": pd.Series(FORMULAS[::-1], dtype="string"),
        "kind": pd.Categorical(FORMULAS),
        "mixed": pd.Series([FORMULAS[0], -7, 2.5, None, FORMULAS[3], -1, "ok"][:n], dtype=object),
        "students": (NUMBERS * 2)[:n],
        "share": [-0.5 * (i + 1) for i in range(n)],
        "=header": list(range(-n, 0)),
    })


def hostile_meta():
    from tvet.exports import ExportMeta

    return ExportMeta(title="=TITLE()", source="+source", build_id="-build", filters={"@f": "=v"}, is_demo=True,
                      demo_note="@demo", labels={"title": "=t"})


def starts_formula(value: str) -> bool:
    return value.startswith(("=", "+", "-", "@", "\t", "\r"))


def is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) for c in row]


def xlsx_cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def assert_xlsx_safe(data: bytes, numbers: list[float] = ()) -> list:
    cells = xlsx_cells(data)
    assert cells
    for c in cells:
        assert c.data_type != "f", (c.coordinate, c.value)
        if isinstance(c.value, str):
            assert c.data_type == "s"
            assert not starts_formula(c.value), (c.coordinate, c.value)
    stored = {c.value for c in cells if c.data_type == "n"}
    for n in numbers:
        assert n in stored, n
    return cells


def test_chart_block_csv_neutralises_formulas_and_keeps_numbers():
    from tvet.exports import to_csv

    text = to_csv(hostile_frame(), hostile_meta()).decode("utf-8")
    cells = csv_cells(text)
    for value in cells:
        if value.startswith("# "):
            assert not starts_formula(value[2:].split(": ", 1)[-1]), value
        else:
            assert not starts_formula(value) or is_number(value), value
    for f in FORMULAS:
        assert "'" + f in cells
    for n in NUMBERS:
        assert str(n) in cells or f"{float(n)}" in cells  # a number is written as a number, never quoted
    assert "'-1" not in cells and "'-2.5" not in cells and "-7" in cells


def test_chart_block_and_table_xlsx_neutralise_formulas_and_keep_numbers():
    from tvet import marts
    from tvet.exports import to_xlsx

    for data in (to_xlsx(hostile_frame(), hostile_meta()), marts.mart_file(hostile_frame(), "xlsx", hostile_meta())):
        cells = assert_xlsx_safe(data, NUMBERS + [-7])
        texts = {c.value for c in cells if c.data_type == "s"}
        for f in FORMULAS:
            assert "'" + f in texts
        assert {"'=TITLE()", "'+source", "'-build", "'@demo"} <= texts
    assert csv_cells(marts.mart_file(hostile_frame(), "csv", hostile_meta()).decode("utf-8"))


def test_planner_workbook_neutralises_formulas_and_keeps_numbers(small_warehouse):
    from tvet.exports import ExportMeta
    from tvet.planner import inputs as planner_inputs
    from tvet.planner import project, report
    from tvet.planner.scenario import parse

    with warehouse.connect(small_warehouse) as con:
        loaded = planner_inputs.load(con, "KZ-33", 2)
    baseline = project.run(loaded, parse({"horizon": 2, "rate_years": 2}))
    scenario = project.run(loaded, parse({"horizon": 2, "rate_years": 2, "name": "=HYPERLINK(\"http://x\",\"y\")",
                                          "note": "@SUM(A1)"}))

    def poison(p):
        def cycle(n):
            return [FORMULAS[i % len(FORMULAS)] for i in range(n)]

        streams = p.inputs.streams.assign(college_id=cycle(len(p.inputs.streams)))
        return replace(p, inputs=replace(p.inputs, streams=streams),
                       detail=p.detail.assign(specialty_code=cycle(len(p.detail))),
                       colleges=p.colleges.assign(college_id=cycle(len(p.colleges)), students=-1.5))

    meta = ExportMeta(title="=t", source="-s", build_id="+b", filters={"@r": "=KZ-33"}, is_demo=True,
                      demo_note="-note")
    data = report.workbook(poison(baseline), poison(scenario), meta, {"scenario": "=Scenario", "base_year": "@Y"})
    cells = assert_xlsx_safe(data, [-1.5])
    texts = {c.value for c in cells if c.data_type == "s"}
    for f in FORMULAS:
        assert "'" + f in texts, f
    assert "'=HYPERLINK(\"http://x\",\"y\")" in texts


def test_deck_workbook_neutralises_formulas_and_keeps_numbers(small_warehouse):
    from tvet.deck.default import build
    from tvet.deck.xlsx import to_xlsx

    with warehouse.connect(small_warehouse) as con:
        deck = build(con, "KZ-33", "en")
    slide = deck.slides[0]
    data = hostile_frame()
    hostile = replace(slide, title="=1+1", takeaway="@SUM(A1)", source="+src", data=data, filters={"-x": "+y"})
    labels = {k: "=" + k for k in deck.labels}  # the catalogue's labels too, however unlikely
    poisoned = replace(deck, name="=HYPERLINK(\"http://x\",\"y\")", region_name="-Zhetysu", slides=(hostile,),
                       labels=labels, watermark="@DEMO")
    cells = assert_xlsx_safe(to_xlsx(poisoned), NUMBERS + [-7])
    texts = {c.value for c in cells if c.data_type == "s"}
    for f in FORMULAS + ["=1+1", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")"]:
        assert "'" + f in texts, f


def test_upload_report_csv_neutralises_formulas():
    from etl.problems import Problem, report_csv

    problems = [Problem(file=f, row=i + 2, column=f, value=f, rule="bad_number") for i, f in enumerate(FORMULAS)]
    problems.append(Problem(file="ok.csv", row=-1, column="students", value="-5", rule="bad_number"))
    cells = csv_cells(report_csv(problems, "en"))
    for value in cells:
        assert not starts_formula(value) or is_number(value), repr(value)
    for f in FORMULAS:
        assert "'" + f.replace("\r", " ") in cells, repr(f)  # a bare carriage return would start a new row
    rows = list(csv.reader(io.StringIO(report_csv(problems, "en"), newline="")))
    assert len(rows) == len(problems) + 1 and {len(r) for r in rows} == {8}
    assert "-1" in cells  # a row number is written as the number it is


def test_every_download_on_a_page_is_one_of_the_neutralised_builders():
    """The places a page offers a CSV or XLSX: chart blocks (to_csv / to_xlsx), whole tables (marts.mart_file),
    the college profile (to_csv / to_xlsx), the planner (report.workbook), the presenter (tvet.deck.xlsx via export("xlsx", …)), the upload report
    (report_csv). A new download elsewhere makes this fail, so it gets a test above."""
    known = {"pages/common/blocks.py": ("to_csv(", "to_xlsx("), "pages/upload.py": ("report_csv(",),
             "pages/planner.py": ("report.workbook(",), "pages/presenter.py": ('export("xlsx", "to_xlsx"',),
             "pages/methodology.py": ("mart_file(",), "pages/college.py": ("to_csv(", "to_xlsx(")}
    found = {}
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if "download_button" in text:
            found[path.relative_to(ROOT).as_posix()] = text
    assert set(found) == set(known)
    for name, needles in known.items():
        for needle in needles:
            assert needle in found[name], (name, needle)


# --- server settings ------------------------------------------------------------------------------------------------


def test_server_settings_are_the_safe_ones():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert 0 < config["server"]["maxUploadSize"] <= 200
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"].get("enableCORS", True) is True  # CORS protection is not switched off


def test_the_app_upload_limit_is_below_the_server_cap():
    from tvet import settings

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert 0 < float(settings.get("upload_max_mb")) <= config["server"]["maxUploadSize"]


def test_secrets_are_never_committed():
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert ".streamlit/secrets.toml" not in tracked.splitlines()
