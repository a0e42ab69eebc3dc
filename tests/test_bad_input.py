"""Every bad file of the corpus (tests/bad_input) is refused safely by `python -m etl load`: exit code 1, the
message of its rule in the steward's language (kk, ru and en in turn), no traceback and no internal error, nothing
published (the live warehouse byte for byte as it was), nothing left in the uploads folder but the publish log's
«refused», and no temporary file left beside the live warehouse.

One live warehouse (data/reference + tests/fixtures/small) is built for the module; each case loads into a copy of
it in a folder of its own, so cases run side by side in worker processes (most bad files cost a validation of the
whole small region, ~1.5 s). A worker runs the command line's own entry point (`etl.__main__.main`) with the
settings in environment variables, as a subprocess would; one test runs the real `python -m etl` as well.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import types
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT, SMALL, build_or_fail
from bad_input import corpus
from bad_input.corpus import CASES
from tvet.i18n import LANGUAGES, catalogue, t

LIVE_NAME = "live.duckdb"
SOURCES = os.pathsep.join([str(REFERENCE), str(SMALL)])
WORKERS = max(1, min(4, os.cpu_count() or 1))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fragment(rule: str, lang: str) -> str:
    """The longest part of a rule's message that holds no placeholder: it appears verbatim in the report."""
    parts = re.split(r"\{[^}]*\}", t(f"etl.rule.{rule}", lang))
    return max((p.strip(" «»\"':;,.()") for p in parts), key=len)


def language(index: int) -> str:
    return LANGUAGES[index % len(LANGUAGES)]


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> tuple[Path, str]:
    """The live warehouse every case starts from, and its sha256."""
    path = tmp_path_factory.mktemp("live") / LIVE_NAME
    build_or_fail([REFERENCE, SMALL], path)
    return path, sha256(path)


def prepare(folder: Path, index: int, case: dict, live: Path) -> dict:
    """The case's own folder: its bad file, a copy of the live warehouse, an empty uploads folder."""
    (folder / "given").mkdir(parents=True)
    (folder / "warehouse").mkdir()
    bad = folder / "given" / case["filename"]
    case["write"](bad)
    shutil.copyfile(live, folder / "warehouse" / LIVE_NAME)
    return {"file": str(bad), "lang": language(index), "args": tuple(case.get("args", ())),
            "uploads": str(folder / "uploads"), "sources": SOURCES, "warehouse": str(folder / "warehouse" / LIVE_NAME)}


@pytest.fixture(scope="module")
def outcomes(request, live, tmp_path_factory) -> dict[int, dict]:
    """index -> the run of each selected case: exit code, stderr and its folder. The files are written here one
    after another while the workers load them; a file is deleted as soon as its load is over (the 200 MB one)."""
    selected = sorted({item.callspec.params["index"] for item in request.session.items
                       if item.originalname == "test_bad_file_is_refused_safely" and hasattr(item, "callspec")})
    root = tmp_path_factory.mktemp("cases")
    results: dict[int, dict] = {}
    # A spawned worker first re-runs the parent's __main__ module; after an AppTest in this process that is app.py
    # (Streamlit's script runner installs it), so the workers start from an empty __main__ instead.
    main, sys.modules["__main__"] = sys.modules["__main__"], types.ModuleType("__main__")
    try:
        return _run_cases(selected, root, live, results)
    finally:
        sys.modules["__main__"] = main


def _run_cases(selected: list[int], root: Path, live: tuple[Path, str], results: dict[int, dict]) -> dict[int, dict]:
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        running = {}
        for i in selected:
            folder = root / f"case{i:03d}"
            try:
                run = prepare(folder, i, CASES[i], live[0])
            except Exception as exc:  # a broken writer fails its own case, not the module
                results[i] = {"error": f"writing the file failed: {exc!r}"}
                continue
            future = pool.submit(corpus.load, run["file"], run["lang"], run["args"], run["uploads"], run["sources"],
                                 run["warehouse"])
            future.add_done_callback(lambda _, f=Path(run["file"]): f.unlink(missing_ok=True))
            running[i] = (future, folder)
        for i, (future, folder) in running.items():
            try:
                code, err = future.result()
            except Exception as exc:  # the worker died (out of memory, a crash in a library)
                results[i] = {"error": f"the load's process failed: {exc!r}"}
                continue
            results[i] = {"code": code, "err": err, "folder": folder}
    return results


def assert_refused_safely(code: int, err: str, rule: str, lang: str, folder: Path, digest: str) -> None:
    warehouse, uploads = folder / "warehouse" / LIVE_NAME, folder / "uploads"
    assert code == 1, f"exit code {code}\n{err[-3000:]}"
    expected = fragment(rule, lang)
    assert expected in err, f"{rule} ({lang}): «{expected}» not in the report:\n{err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    assert fragment("internal_error", lang) not in err, err[-3000:]
    assert sha256(warehouse) == digest, "the live warehouse changed"
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [LIVE_NAME], "files left beside the warehouse"
    left = [f for f in uploads.rglob("*") if f.is_file() and f.name != "publish_log.jsonl"]
    assert not left, f"files left in the uploads folder: {left}"
    log = [json.loads(line) for line in (uploads / "publish_log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["result"] for e in log] == ["refused"]


def _params():
    for i, case in enumerate(CASES):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        yield pytest.param(i, case, id=case["name"], marks=marks)


@pytest.mark.parametrize("index, case", list(_params()))
def test_bad_file_is_refused_safely(outcomes, live, index, case):
    run = outcomes[index]
    assert "error" not in run, run.get("error")
    assert_refused_safely(run["code"], run["err"], case["rule"], language(index), run["folder"], live[1])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_rule_speaks_every_language(case):
    for kind in ("rule", "fix"):
        texts = [catalogue(lang).get(f"etl.{kind}.{case['rule']}", "").strip() for lang in LANGUAGES]
        assert all(texts), (kind, case["rule"], texts)
        assert len(set(texts)) == len(LANGUAGES), (kind, case["rule"], texts)
    assert all(len(fragment(case["rule"], lang)) >= 8 for lang in LANGUAGES)


def test_a_zip_bomb_is_refused_by_the_real_command(live, tmp_path):
    """The same checks on `python -m etl load` in its own process (what the steward runs), on the worst file."""
    i = next(i for i, c in enumerate(CASES) if c["rule"] == "xlsx_too_large_unpacked")
    run = prepare(tmp_path, i, CASES[i], live[0])
    done = subprocess.run([sys.executable, "-m", "etl", "--lang", "kk", "load", run["file"], "--warehouse",
                           run["warehouse"]], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TVET_SOURCES": SOURCES, "TVET_UPLOADS": run["uploads"]})
    assert_refused_safely(done.returncode, done.stderr, CASES[i]["rule"], "kk", tmp_path, live[1])


def test_the_corpus_is_large_and_covers_every_kind_of_bad_file():
    assert len(CASES) >= 40
    own = [c for c in CASES if c["module"] in ("cases_templates", "cases_register")]
    assert len(own) >= 30
    rules = {c["rule"] for c in own}
    for rule in ("empty_file", "no_rows", "unreadable_text", "unreadable_xlsx", "unknown_table", "missing_column",
                 "duplicate_key", "negative", "implausible_value", "not_a_number", "unknown_specialty",
                 "unknown_college", "unknown_region", "year_out_of_range", "formula_cell", "file_too_large",
                 "xlsx_too_large_unpacked", "too_many_columns", "not_a_text_table", "not_an_xlsx",
                 "register_missing_column", "register_many_colleges", "register_no_year"):
        assert rule in rules, rule
