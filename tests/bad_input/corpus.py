"""The corpus of bad input files: every case of every `tests/bad_input/cases_*.py` module.

A case is a dict:
    name      what is wrong, as a person would say it (the test id)
    filename  the name the file is loaded under (its extension decides how it is read)
    write     write(path) writes the bad file at `path`
    rule      the rule whose message the report must show (etl.rule.<rule> in tvet/i18n/<lang>/*.toml)
    args      (optional) more options for `python -m etl load`, e.g. ("--college", "KZ33-T01")
    xfail     (optional) why the case is known to fail today
tests/test_bad_input.py loads each file into a live warehouse and checks that it is refused safely.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if str(_HERE.parent) not in sys.path:  # so that `bad_input.cases_*` and the fixture writers in tests/ import
    sys.path.insert(0, str(_HERE.parent))

KEYS = {"name", "filename", "write", "rule"}


def load_cases() -> list[dict]:
    cases: list[dict] = []
    for module in sorted(m.name for m in pkgutil.iter_modules([str(_HERE)]) if m.name.startswith("cases_")):
        for case in importlib.import_module(f"bad_input.{module}").CASES:
            missing = KEYS - set(case)
            if missing:
                raise ValueError(f"{module}: case {case.get('name')!r} has no {', '.join(sorted(missing))}")
            cases.append({**case, "module": module})
    names = [c["name"] for c in cases]
    for c in cases:  # names are test ids: two modules may each have "text in a number cell"
        if names.count(c["name"]) > 1:
            c["name"] = f"{c['name']} [{c['module'].removeprefix('cases_')}]"
    return cases


CASES = load_cases()


def load(file: str, lang: str, args: tuple, uploads: str, sources: str, warehouse: str) -> tuple[int, str]:
    """Run `python -m etl --lang LANG load FILE ARGS --warehouse WAREHOUSE` through the command line's own entry
    point in this process, with the settings a subprocess would get from its environment; (exit code, stderr).
    Meant for a worker process of its own (it sets os.environ), so cases can run side by side."""
    import contextlib
    import io
    import os

    from etl.__main__ import main

    os.environ.update({"TVET_SOURCES": sources, "TVET_UPLOADS": uploads})
    os.environ.pop("TVET_UPLOAD_MAX_MB", None)  # the default limit: 50 MB
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = main(["--lang", lang, "load", file, "--warehouse", warehouse, *args])
        except BaseException as exc:  # noqa: BLE001 - what escapes main() is what the steward would see
            import traceback

            traceback.print_exc(file=err)
            code = getattr(exc, "code", None) if isinstance(exc, SystemExit) else 99
    return code, err.getvalue()
