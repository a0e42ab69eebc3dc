"""Loading a data steward's files: the one path behind `python -m etl load` and the upload page.

    stage(files)      size and format checks; a student-register export is aggregated at once (its personal
                      columns are never parsed) and only the aggregate is kept; other files are copied. Everything
                      goes to a pending folder inside the uploads folder, which no build reads.
    preview(staged)   builds a candidate warehouse from the sources, the uploads and the pending files, without
                      publishing, and compares it with the live one (etl/diff.py).
    publish(staged)   moves the pending files into the uploads folder, keeps the live warehouse as
                      `<name>.previous`, builds and publishes. When the build fails, the uploads folder and the
                      live warehouse are put back exactly as they were.
    rollback()        puts back the warehouse and the uploads folder as they were before the last publish.

Every publish, refusal and rollback is one line of the publish log (`publish_log.jsonl` in the uploads folder):
who, when, the files with their sha256, the build ids before and after, and the result. The log holds file
names, digests and counts only — never a cell of a file.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from etl import assessment, register
from etl.build import INPUT_SUFFIXES, Build, BuildResult, live_build_id, sha256_file
from etl.problems import Problem
from tvet import settings
from tvet.i18n import t

LOG_NAME = "publish_log.jsonl"
PENDING = ".pending"
HISTORY = ".history"
HEAD_BYTES = 65536
RESERVED_NAMES = {LOG_NAME}


@dataclass
class StagedFile:
    name: str          # as the steward gave it
    sha256: str
    bytes: int
    kind: str          # register | assessment | table
    kept: list[str] = field(default_factory=list)  # file names written to the pending folder
    summary: dict = field(default_factory=dict)    # register: students, left, groups, college, year;
    #                                                assessment: region, year, colleges, specialties, added


@dataclass
class Staged:
    token: str
    pending: Path
    files: list[StagedFile]
    problems: list[Problem]
    given: list[dict] = field(default_factory=list)  # every file offered, accepted or not: name, sha256, bytes

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass
class LoadResult:
    ok: bool
    problems: list[Problem]
    build: BuildResult | None = None
    published: bool = False
    build_before: str | None = None
    build_after: str | None = None
    entry: dict | None = None


def uploads() -> Path:
    return settings.uploads_dir()


def max_bytes() -> int:
    return int(float(settings.get("upload_max_mb")) * 1024 * 1024)


def _safe_name(name: str) -> str:
    """A file name without folders, hidden dots or characters a file system refuses."""
    base = Path(name.replace("\\", "/")).name.lstrip(".")
    cleaned = "".join(c if c.isalnum() or c in "-_.() " else "_" for c in base).strip()
    return cleaned or "file"


def stage(files: list[tuple[str, Path]], *, college: str | None = None, year: int | None = None,
          limit: int | None = None, lang: str = "en", progress: Callable[[str], None] = lambda s: None,
          add_colleges: bool = False) -> Staged:
    """Check and stage (display name, path) pairs into a new pending folder. Nothing here touches the live
    warehouse or the files already loaded. An assessment workbook (etl/assessment.py) is turned into contract
    files; `add_colleges` adds the colleges it names that dim_college does not know."""
    limit = max_bytes() if limit is None else limit
    token = uuid.uuid4().hex[:12]
    pending = uploads() / PENDING / token
    pending.mkdir(parents=True, exist_ok=True)
    staged = Staged(token, pending, [], [])
    reference: dict = {}  # the assessment workbooks' reference data, read once per load
    for display, path in files:
        if not path.is_file():
            staged.problems.append(Problem(display, None, None, None, "missing_file", {}))
            continue
        size = path.stat().st_size
        offered = {"name": display, "sha256": None, "bytes": size}
        staged.given.append(offered)
        if size > limit or size == 0:
            staged.problems.append(_size_problem(display, size, limit))
            continue
        digest = offered["sha256"] = sha256_file(path)
        head = _head(path)
        if not head.startswith(b"PK") and register.looks_like_register(head):  # a ZIP (XLSX) is never an export
            _stage_register(staged, display, path, digest, size, college, year, lang, progress)
        elif (workbook := assessment.sniff(path)) is not None:
            done = assessment.stage(path, display, workbook, year=year, add_colleges=add_colleges, pending=pending,
                                    digest=digest, problems=staged.problems, cache=reference, lang=lang,
                                    progress=progress)
            staged.files += [StagedFile(display, digest, size, "assessment", done.kept, done.summary)] if done else []
        elif path.suffix.lower() not in INPUT_SUFFIXES:
            # A file the build would never read must not be kept and "published" as if it had been.
            staged.problems.append(Problem(display, None, None, None, "unsupported_file",
                                           {"suffix": path.suffix.lower() or "-"}))
        else:
            target = _safe_name(display)
            if target in RESERVED_NAMES:
                target = "_" + target
            shutil.copyfile(path, pending / target)
            staged.files.append(StagedFile(display, digest, size, "table", [target]))
    return staged


def _size_problem(display: str, size: int, limit: int) -> Problem:
    if size == 0:
        return Problem(display, None, None, None, "empty_file", {})
    return Problem(display, None, None, None, "file_too_large",
                   {"mb": f"{size / 1048576:.1f}", "limit": f"{limit / 1048576:.0f}"})


def _head(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read(HEAD_BYTES)


def _stage_register(staged: Staged, display: str, path: Path, digest: str, size: int, college: str | None,
                    year: int | None, lang: str, progress: Callable[[str], None]) -> None:
    """A student-register export: aggregated now (its personal columns never parsed); only the aggregate is kept."""
    reg = register.read(path, display, college, year, staged.problems)
    if reg is None:
        return
    kept = register.write(reg, staged.pending, digest)
    staged.files.append(StagedFile(display, digest, size, "register", [f.name for f in kept], {
        "students": reg.rows - reg.left - reg.on_leave, "left": reg.left, "groups": len(reg.enrollment),
        "college": reg.college_id, "year": reg.academic_year, "on_leave": reg.on_leave,
        "admitted": reg.admitted, "graduating": reg.graduating}))
    progress(t("etl.progress.register", lang, file=display, rows=reg.rows, left=reg.left,
               groups=len(reg.enrollment), college=reg.college_id, year=reg.academic_year))
    progress(t("etl.progress.register_more", lang, on_leave=reg.on_leave, admitted=reg.admitted,
               graduating="—" if reg.graduating is None else reg.graduating))


def discard(staged: Staged) -> None:
    shutil.rmtree(staged.pending, ignore_errors=True)


def _superseded(name: str, folder: Path) -> list[Path]:
    """Files in the uploads folder that a new file of this name replaces: the same name, or an earlier
    aggregate of the same college and year's register export."""
    out = [folder / name] if (folder / name).is_file() else []
    if "__register__" in name and not name.startswith("source__"):
        stem = name.rsplit("__", 1)[0]
        out += [f for f in folder.glob(f"{stem}__*.csv") if f.name != name]
    return out


def _sources(extra: Path | None) -> list[Path]:
    return [*settings.source_dirs(), uploads(), *([extra] if extra else [])]


def preview(staged: Staged, warehouse: Path | None = None, lang: str = "en",
            progress: Callable[[str], None] = lambda s: None) -> tuple[BuildResult, dict | None]:
    """Build a candidate (never published) from the sources, the uploads and the pending files, and compare
    it with the live warehouse. Superseded uploads are left out of the candidate, as publishing will."""
    from etl import diff
    from etl.build import discover

    warehouse = warehouse or settings.warehouse_path()
    # Named with the pid, like every temporary beside the warehouse: a killed preview's candidate is removed by the
    # next build (etl.build.remove_stale_temp_files), a running one's never.
    candidate = warehouse.parent / f".{warehouse.name}.candidate-{os.getpid()}-{staged.token}"
    replaced = {f.resolve() for s in staged.files for n in s.kept for f in _superseded(n, uploads())}
    files = [f for f in discover(_sources(staged.pending)) if f.resolve() not in replaced]
    result = Build(files, candidate, progress, lang).run()
    _show_given_names(result, staged)
    try:
        changes = diff.compare(warehouse, candidate) if result.ok else None
    finally:
        candidate.unlink(missing_ok=True)
        Path(str(candidate) + ".wal").unlink(missing_ok=True)
    return result, changes


def _show_given_names(result: BuildResult, staged: Staged) -> None:
    """Problems and inputs name a staged file as the steward gave it, not by its place in the pending folder."""
    from etl.build import display_path

    prefix = display_path(staged.pending) + "/"
    given = {name: s.name for s in staged.files for name in s.kept}
    for p in result.problems:
        if p.file.startswith(prefix):
            kept, _, sheet = p.file[len(prefix):].partition(" [")
            p.file = given.get(kept, kept) + (f" [{sheet}" if sheet else "")
    for i in result.inputs:
        if i["file"].startswith(prefix):
            i["pending"] = True
            i["file"] = given.get(i["file"][len(prefix):], i["file"][len(prefix):])


def _log(entry: dict) -> None:
    folder = uploads()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOG_NAME, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read_log() -> list[dict]:
    path = uploads() / LOG_NAME
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def _entry(action: str, who: str | None, staged: Staged | None, result: str, before: str | None,
           after: str | None, problems: list[Problem] | None = None) -> dict:
    return {
        "id": uuid.uuid4().hex[:12],
        "at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "who": who or getpass.getuser(),
        "action": action,
        "files": _files(staged),
        "result": result,
        "build_before": before,
        "build_after": after,
        "errors": sum(p.severity == "error" for p in problems or []),
    }


def _files(staged: Staged | None) -> list[dict]:
    if staged is None:
        return []
    kept = {s.name: s for s in staged.files}
    return [{**g, "kind": kept[g["name"]].kind if g["name"] in kept else None,
             "kept": kept[g["name"]].kept if g["name"] in kept else []} for g in staged.given]


def refuse(staged: Staged, who: str | None = None, warehouse: Path | None = None) -> dict:
    """Record a refused load and drop its pending files."""
    warehouse = warehouse or settings.warehouse_path()
    entry = _entry("load", who, staged, "refused", live_build_id(warehouse), None, staged.problems)
    _log(entry)
    discard(staged)
    return entry


def previous_path(warehouse: Path) -> Path:
    return warehouse.parent / f"{warehouse.name}.previous"


def publish(staged: Staged, who: str | None = None, warehouse: Path | None = None, lang: str = "en",
            progress: Callable[[str], None] = lambda s: None) -> LoadResult:
    """Move the staged files into the uploads folder and publish a new warehouse; on failure put everything
    back. The live warehouse is kept as `<name>.previous` for rollback."""
    from etl.build import build

    warehouse = warehouse or settings.warehouse_path()
    before = live_build_id(warehouse)
    if not staged.ok:
        entry = refuse(staged, who, warehouse)
        return LoadResult(False, staged.problems, build_before=before, entry=entry)
    folder = uploads()
    entry = _entry("load", who, staged, "published", before, None)
    history = folder / HISTORY / entry["id"]
    moved_in: list[Path] = []
    moved_aside: list[tuple[Path, Path]] = []  # (where it was, where it is kept)
    for s in staged.files:
        for name in s.kept:
            for old in _superseded(name, folder):
                keep = history / "replaced" / old.name
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.replace(old, keep)
                moved_aside.append((old, keep))
            os.replace(staged.pending / name, folder / name)
            moved_in.append(folder / name)
    discard(staged)
    copy = _copy_live(warehouse)
    result = build(_sources(None), warehouse, lang=lang, progress=progress)
    if not result.published:
        for f in moved_in:
            f.unlink(missing_ok=True)
        for old, keep in moved_aside:
            os.replace(keep, old)
        shutil.rmtree(history, ignore_errors=True)
        if copy:
            copy.unlink(missing_ok=True)
        entry.update(result="refused", errors=len(result.errors))
        _log(entry)
        return LoadResult(False, result.problems, result, build_before=before, entry=entry)
    if copy:
        os.replace(copy, previous_path(warehouse))
    else:
        previous_path(warehouse).unlink(missing_ok=True)
    entry.update(build_after=result.build_id, replaced=[keep.name for _, keep in moved_aside],
                 previous=copy is not None)
    _log(entry)
    return LoadResult(True, result.problems, result, True, before, result.build_id, entry)


def _copy_live(warehouse: Path) -> Path | None:
    """A copy of the live warehouse, made before a publish; it becomes `<name>.previous` only when the publish
    succeeds, so a refused load never costs the previous rollback point. Its name carries the pid: a killed
    publish's copy is removed by the next build (etl.build.remove_stale_temp_files)."""
    if not warehouse.exists():
        return None
    tmp = warehouse.parent / f".{warehouse.name}.previous-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    shutil.copyfile(warehouse, tmp)
    return tmp


def last_publish() -> dict | None:
    """The last log entry, when it is a publish that can still be rolled back."""
    log = read_log()
    if not log:
        return None
    last = [e for e in log if e.get("result") in ("published", "rolled_back")]
    if not last or last[-1]["result"] != "published" or last[-1].get("action") != "load":
        return None
    return last[-1] if last[-1].get("previous") else None


def rollback(who: str | None = None, warehouse: Path | None = None) -> dict | None:
    """Undo the last publish: the previous warehouse becomes live again and the uploads folder is as it was
    before (files that publish added are moved to the history folder, files it replaced come back)."""
    warehouse = warehouse or settings.warehouse_path()
    target = last_publish()
    previous = previous_path(warehouse)
    if target is None or not previous.exists():
        return None
    folder = uploads()
    history = folder / HISTORY / target["id"]
    for f in target["files"]:
        for name in f["kept"]:
            if (folder / name).exists():
                (history / "undone").mkdir(parents=True, exist_ok=True)
                os.replace(folder / name, history / "undone" / name)
    for name in target.get("replaced", []):
        kept = history / "replaced" / name
        if kept.exists():
            os.replace(kept, folder / name)
    before = live_build_id(warehouse)
    os.replace(previous, warehouse)
    entry = {**_entry("rollback", who, None, "rolled_back", before, live_build_id(warehouse)),
             "undoes": target["id"]}
    _log(entry)
    return entry


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
