"""Saved scenarios: one JSON file per scenario in the scenarios folder (the TVET_SCENARIOS setting), outside the
warehouse, so a rebuild never deletes them. Each file carries the build id of the data it was made on; a
scenario whose build id differs from the published warehouse's is flagged as made on other data.

A scenario's id is derived from its name (letters and digits in any alphabet, '-' between words) and is the only
part of a path that comes from a user; it is checked against ID_PATTERN before any file is touched.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tvet.planner.scenario import Scenario, ScenarioError, parse

ID_PATTERN = re.compile(r"^[^\W_](?:[\w-]{0,58}[^\W_])?$")
MAX_SAVED = 200


@dataclass(frozen=True)
class Saved:
    id: str
    name: str
    build_id: str | None
    created: str | None
    horizon: int
    ok: bool = True  # False: the file could not be read as a scenario (it is listed, so it can be deleted)

    def made_on_other_data(self, build_id: str) -> bool:
        return bool(self.build_id) and self.build_id != build_id


def scenario_id(name: str) -> str:
    """'Больше мест в IT 2028' -> 'больше-мест-в-it-2028'."""
    words = re.findall(r"[^\W_]+", name.lower())
    text = "-".join(words)[:60].strip("-")
    if not text or not ID_PATTERN.match(text):
        raise ScenarioError("planner.error.name")
    return text


def _path(folder: Path, sid: str) -> Path:
    if not ID_PATTERN.match(sid or ""):
        raise ScenarioError("planner.error.unknown_scenario", id=str(sid)[:60])
    return Path(folder) / f"{sid}.json"


def save(folder: Path, scenario: Scenario, build_id: str) -> str:
    """Write the scenario under the id of its name (replacing one of the same name); returns the id."""
    if not scenario.name.strip():
        raise ScenarioError("planner.error.name")
    sid = scenario_id(scenario.name)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not _path(folder, sid).exists() and len(list(folder.glob("*.json"))) >= MAX_SAVED:
        raise ScenarioError("planner.error.too_many", limit=MAX_SAVED)
    created = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    data = scenario.with_meta(build_id=build_id, created=created).to_dict()
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Written beside the target and renamed, so a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{sid}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, _path(folder, sid))
    return sid


def load(folder: Path, sid: str) -> Scenario:
    path = _path(folder, sid)
    if not path.is_file():
        raise ScenarioError("planner.error.unknown_scenario", id=sid)
    try:
        return parse(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as e:
        raise ScenarioError("planner.error.json", line=e.lineno, column=e.colno, reason=e.msg) from None


def delete(folder: Path, sid: str) -> None:
    path = _path(folder, sid)
    if path.is_file():
        path.unlink()


def saved(folder: Path) -> list[Saved]:
    """Every saved scenario, newest first."""
    out = []
    folder = Path(folder)
    if not folder.is_dir():
        return out
    for path in folder.glob("*.json"):
        sid = path.stem
        if not ID_PATTERN.match(sid):
            continue
        try:
            s = load(folder, sid)
            out.append(Saved(sid, s.name or sid, s.build_id, s.created, s.horizon))
        except (ScenarioError, OSError, UnicodeDecodeError):
            out.append(Saved(sid, sid, None, None, 0, ok=False))
    return sorted(out, key=lambda s: (s.created or "", s.id), reverse=True)
