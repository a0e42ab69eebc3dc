"""`python -m etl build`: read every source file, validate all of it, build the marts, check, publish atomically.

The warehouse is written to a new file beside the live one and only replaces it (os.replace) after every check
passed and the new file opened read-only with every table of the contract. Any failure, including an
unexpected one, deletes the new file and leaves the live warehouse byte for byte as it was.
The build id is a hash of the inputs, the ETL's code and the settings that shape the marts, so the same
inputs give the same build id and the same tables.

A killed build leaves only dot-files beside the warehouse, each named with its process id; the next build (or
load) deletes those whose process is gone (remove_stale_temp_files): `.<name>.building-<pid>-*` (an unfinished
build), `.<name>.previous-<pid>-*` (etl/load.py's copy of the live file), `.<name>.candidate-<pid>-*` (a load
preview's candidate, and its own unfinished build `..<name>.candidate-<pid>-*.building-*`), `.<name>.paused-*-<pid>`
(the markers below), and the `.wal` file of any of them.

Test hook (tests/test_resilience.py): with TVET_BUILD_PAUSE=<point> set, the build stops at that point, writes the
marker file `.<name>.paused-<point>-<pid>` beside the warehouse and sleeps (TVET_BUILD_PAUSE_SECONDS, default 60),
so a test can kill it there; then it carries on as if nothing happened. The points: `read` (the first input file is
in the new file), `validate` (every file read, before the checks), `marts` (the marts written, not yet
checkpointed), `verify` (the new file written and checkpointed, before it is opened and checked) and `swap` (just
before os.replace). It only waits: it never changes what is built or published, and is inert when unset.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import duckdb

from etl import schema, staging, values
from etl.problems import Problem
from etl.readers import RawTable, read_file
from tvet import settings
from tvet.i18n import t

SQL_DIR = Path(__file__).resolve().parent / "sql"
# .xls, .ods and .xlsb are picked up only to be refused with a message (save as .xlsx or .csv), never skipped silently.
INPUT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
SHOW_PER_GROUP = 10
PAUSE_ENV = "TVET_BUILD_PAUSE"
PAUSE_POINTS = ("read", "validate", "marts", "verify", "swap")
# The temporary files of a warehouse `name`, each carrying the pid of the process writing it (group 1).
_TEMP_KINDS = r"(?:building|previous|candidate|paused-[a-z]+)"


@dataclass
class BuildResult:
    ok: bool
    build_id: str
    warehouse: Path
    problems: list[Problem] = field(default_factory=list)  # errors and warnings
    hidden: dict[tuple, int] = field(default_factory=dict)  # (file, column, rule) -> problems not listed
    row_counts: dict[str, int] = field(default_factory=dict)
    published: bool = False
    inputs: list[dict] = field(default_factory=list)  # every file read: table, rows, sha256, notes

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(paths: list[Path]) -> list[Path]:
    """Input files: the given files, and the data files directly inside the given folders, in name order."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES))
        else:
            files.append(p)
    return files


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def code_fingerprint() -> str:
    """A hash of the ETL's own code and SQL: a changed rule is a changed build."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for f in sorted([*here.glob("*.py"), *SQL_DIR.rglob("*.sql")]):
        h.update(f.relative_to(here).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def compute_build_id(files: list[Path], hashes: dict[Path, str]) -> str:
    h = hashlib.sha256()
    h.update(f"schema={schema.SCHEMA_VERSION};technical={','.join(settings.technical_fields())};".encode())
    h.update(code_fingerprint().encode())
    for f in files:
        h.update(f"{f.name}={hashes[f]};".encode())
    return h.hexdigest()[:12]


def live_build_id(warehouse: Path) -> str | None:
    """The build id of the published warehouse, or None when there is none or it cannot be read."""
    if not warehouse.exists():
        return None
    try:
        # Attached to an in-memory database rather than connected: a process that also reads the warehouse (the
        # app's upload page) holds it with another configuration, and ATTACH reads the file as it is on disk now.
        with duckdb.connect() as con:
            con.execute("attach " + "'" + str(warehouse).replace("'", "''") + "' as live (read_only)")
            row = con.execute("select build_id from live.etl_run order by finished_at desc limit 1").fetchone()
            return row[0] if row else None
    except duckdb.Error:
        return None


def _temp_pattern(warehouse: Path) -> re.Pattern:
    name = re.escape(warehouse.name)
    # `.<name>.<kind>-<pid>...`, and a candidate's own temporaries `..<name>.candidate-<pid>-<token>.<kind>-<pid>...`
    return re.compile(rf"^\.\.?{name}\.{_TEMP_KINDS}-(\d+)(?:[-.]|$)")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another build in this process (a thread) is still writing it
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # not ours to judge, or not a pid (a name from an older version): keep it
    return True


def remove_stale_temp_files(warehouse: Path) -> list[Path]:
    """Delete the temporary files (and their .wal) left beside the warehouse by a killed process (its pid is gone):
    unfinished builds, load's copies of the live file, preview candidates and pause markers. The live file,
    `<name>.previous` and the files of a running process are never touched."""
    pattern = _temp_pattern(warehouse)
    removed = []
    try:
        entries = sorted(warehouse.parent.iterdir())
    except FileNotFoundError:
        return removed
    for f in entries:
        m = pattern.match(f.name)
        if not m or _process_alive(int(m.group(1))):
            continue
        try:
            if f.is_dir():
                continue
            f.unlink(missing_ok=True)
        except OSError:
            continue
        removed.append(f)
    return removed


def pause_point(warehouse: Path, point: str) -> None:
    """The test hook of the module docstring: at `point`, when TVET_BUILD_PAUSE names it, leave a marker beside
    the warehouse and sleep. Changes nothing else."""
    if os.environ.get(PAUSE_ENV) != point:
        return
    marker = warehouse.parent / f".{warehouse.name}.paused-{point}-{os.getpid()}"
    marker.write_text(point, encoding="utf-8")
    try:
        time.sleep(float(os.environ.get("TVET_BUILD_PAUSE_SECONDS") or 60))
    finally:
        marker.unlink(missing_ok=True)


def _sql_text(path: Path) -> str:
    """A path of ours (beside the configured warehouse) as an SQL string literal, for ATTACH (which takes no
    parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _run_sql_file(con, path: Path) -> None:
    con.execute(path.read_text(encoding="utf-8"))


def _check_files() -> list[tuple[str, str, str, str]]:
    """(check name, rule, severity, query) of the hand-written checks in etl/sql/checks/."""
    out = []
    for f in sorted((SQL_DIR / "checks").glob("*.sql")):
        text = f.read_text(encoding="utf-8")
        m = re.search(r"--\s*rule:\s*(\w+);\s*severity:\s*(\w+)", text)
        if not m:
            raise ValueError(f"{f}: first line must say '-- rule: <id>; severity: error|warning'")
        out.append((f.stem, m.group(1), m.group(2), text))
    return out


class Build:
    def __init__(self, sources: list[Path], warehouse: Path, progress: Callable[[str], None], lang: str):
        self.sources = sources
        self.warehouse = warehouse
        self.progress = progress
        self.lang = lang
        self.problems: list[Problem] = []
        self.hidden: dict[tuple, int] = {}
        self.checks: list[tuple[str, str, str, int, str]] = []
        self.inputs: list[dict] = []

    def say(self, key: str, **params) -> None:
        self.progress(t(key, self.lang, **params))

    # -- steps ---------------------------------------------------------------------------------------------
    def read_inputs(self, con, files: list[Path], hashes: dict[Path, str]) -> None:
        staging.create_raw_tables(con)
        staging.create_enum_aliases(con)
        con.execute("create table etl_technical_field as select unnest($f) as code",
                    {"f": list(settings.technical_fields())})
        for i, f in enumerate(files):
            shown = display_path(f)
            tables: list[RawTable] = read_file(f, shown, self.problems)
            for raw in tables:
                n = staging.load_raw(con, raw)
                self.say("etl.progress.file", file=raw.file, table=raw.table, rows=n)
                self.inputs.append({
                    "file": shown, "sheet": raw.sheet, "table": raw.table, "sha256": hashes[f],
                    "bytes": f.stat().st_size, "rows": n, "encoding": raw.encoding, "header_row": raw.header_row,
                    "notes": "; ".join(t(k, self.lang, **p) for k, p in raw.notes)})
            if not tables:
                self.inputs.append({"file": shown, "sheet": None, "table": None, "sha256": hashes[f],
                                    "bytes": f.stat().st_size, "rows": 0, "encoding": None, "header_row": None,
                                    "notes": ""})
            if i == 0:
                pause_point(self.warehouse, "read")

    def _collect(self, con, query: str, rule: str | None, severity: str, check_name: str | None,
                 table: str | None = None) -> int:
        """Run a query returning (_file, _row, col, value[, rule]); keep the first rows of each group."""
        rule_expr = "rule" if rule is None else "$rule"
        sql = (f"with p as ({query}), r as (select _file, _row, col, value, {rule_expr} as rule, "
               f"row_number() over (partition by _file, col, {rule_expr} order by _row) as n, "
               f"count(*) over (partition by _file, col, {rule_expr}) as total from p) "
               f"select _file, _row, col, value, rule, n, total from r where n <= $show order by _file, _row, col")
        params = {"show": SHOW_PER_GROUP}
        if rule is not None:
            params["rule"] = rule
        rows = con.execute(sql, params).fetchall()
        failing = 0
        for file, row, col, value, rl, n, total in rows:
            params = {}
            if rl == "unknown_value" and table:
                c = schema.table(table).column(col)
                params["allowed"] = ", ".join(schema.ENUMS[c.enum]) if c.enum else "true, false"
            self.problems.append(Problem(file, row, col, value, rl, params, severity=severity))
            if n == 1:
                failing += total
                if total > SHOW_PER_GROUP:
                    self.hidden[(file, col, rl)] = total - SHOW_PER_GROUP
        if check_name:
            example = f"{rows[0][0]}:{rows[0][1]} {rows[0][2]}={rows[0][3]}" if rows else ""
            self.checks.append((check_name, rule or "", severity, failing, example))
        return failing

    def validate_cells(self, con) -> None:
        """Every rejected cell of every table goes to etl_cell_problem; the report lists the first of each kind."""
        self.recognised = values.extend_aliases(con, self.problems)
        con.execute("create table etl_cell_problem (table_name varchar, _file varchar, _row integer, col varchar, "
                    "value varchar, rule varchar)")
        for name in schema.LOADABLE:
            q = staging.validation_sql(name)
            if q:
                con.execute(f"insert into etl_cell_problem select $t, * from ({q})", {"t": name})
        for (name,) in con.execute("select distinct table_name from etl_cell_problem order by 1").fetchall():
            self._collect(con, "select _file, _row, col, value, rule from etl_cell_problem where table_name = "
                               f"'{schema.table(name).name}' and rule <> 'unknown_value'", None, "error", None,
                          table=name)
        self._unknown_values(con)

    def _unknown_values(self, con) -> None:
        """Each distinct value no spelling, value map or meaning recognised: once, with its count, its first row,
        and the line that a value map needs to recognise it (etl/values.py)."""
        rows = con.execute("select table_name, _file, col, value, count(*)::bigint, min(_row) from etl_cell_problem "
                           "where rule = 'unknown_value' group by all order by _file, col, min(_row)").fetchall()
        for table_name, file, col, value, count, first in rows:
            c = schema.table(table_name).column(col)
            allowed = list(schema.ENUMS[c.enum]) if c.enum else ["true", "false"]
            self.problems.append(Problem(file, first, col, value, "unknown_value", {
                "allowed": ", ".join(allowed), "count": count,
                "line": values.map_line(col, value or "", " | ".join(allowed)) if c.enum else "-"}))

    def check_staging(self, con) -> None:
        for name in schema.LOADABLE:
            con.execute(staging.staging_sql(name))
        for check_name, rule, severity, q in [*staging.reference_checks(), *staging.duplicate_checks(),
                                              *_check_files()]:
            self._collect(con, q, rule, severity, check_name)

    def build_marts(self, con) -> dict[str, int]:
        counts = {}
        _run_sql_file(con, SQL_DIR / "scope.sql")  # which table × region × year scopes are real, before the marts
        for name in schema.LOADABLE:
            _run_sql_file(con, SQL_DIR / "marts" / f"{name}.sql")
            counts[name] = con.execute(f"select count(*) from {schema.ident(name)}").fetchone()[0]
        return counts  # the raw, staging and work tables stay in the scratch file, which is deleted

    def record(self, con, build_id: str, started: datetime, counts: dict[str, int]) -> None:
        _run_sql_file(con, SQL_DIR / "build_tables.sql")
        for i in self.inputs:
            con.execute("insert into etl_input values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                        [build_id, i["file"], i["sheet"], i["table"], i["sha256"], i["bytes"], i["rows"],
                         i["encoding"], i["header_row"], i["notes"]])
        for name, rule, severity, failing, example in self.checks:
            con.execute("insert into etl_check values ($1, $2, $3, $4, $5, $6)",
                        [build_id, name, rule, severity, failing, example])
        con.execute("insert into etl_run values ($1, $2, 'published', $3, $4, $5, $6, $7, $8)",
                    [uuid.uuid4().hex, build_id, started, datetime.now(timezone.utc).replace(tzinfo=None),
                     schema.SCHEMA_VERSION, ",".join(settings.technical_fields()),
                     json.dumps(self.inputs, ensure_ascii=False), json.dumps(counts)])

    @staticmethod
    def verify(path: Path, counts: dict[str, int]) -> None:
        """Open the new file read-only, as the app will, and find every table with the rows just written."""
        with duckdb.connect(str(path), read_only=True) as con:
            present = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
            missing = (set(schema.LOADABLE) | set(schema.BUILD_TABLES)) - present
            if missing:
                raise RuntimeError(f"tables missing from the new warehouse: {sorted(missing)}")
            for name, n in counts.items():
                got = con.execute(f"select count(*) from {schema.ident(name)}").fetchone()[0]
                if got != n:
                    raise RuntimeError(f"{name}: {got} rows in the new file, {n} written")

    # -- the whole build ------------------------------------------------------------------------------------
    def run(self, if_stale: bool = False, publish: bool = True) -> BuildResult:
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        files = discover(self.sources)
        hashes = {f: sha256_file(f) for f in files}
        build_id = compute_build_id(files, hashes)
        result = BuildResult(False, build_id, self.warehouse, inputs=self.inputs)
        if if_stale and live_build_id(self.warehouse) == build_id:
            self.say("etl.progress.up_to_date", build_id=build_id, warehouse=display_path(self.warehouse))
            result.ok = True
            return result
        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        for f in remove_stale_temp_files(self.warehouse):
            self.say("etl.progress.removed_stale", file=display_path(f))
        temp = self.warehouse.parent / f".{self.warehouse.name}.building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        scratch = temp.with_name(temp.name + ".scratch")
        try:
            self.say("etl.progress.step", n=1, total=5, what=t("etl.step.read", self.lang, n=len(files)))
            # Raw and staging tables go to a scratch file, deleted after the build, and the published tables to the
            # new warehouse: the warehouse then holds no blocks freed by dropped work tables (a third of the size
            # of building both in one file). Scratch tables are file tables, not temp (in-memory) ones, because
            # DuckDB compresses their repeated values and runs the cleaning macros once per distinct value.
            with duckdb.connect() as con:
                con.execute(f"attach {_sql_text(temp)} as out")
                con.execute(f"attach {_sql_text(scratch)} as scratch")
                con.execute("use scratch")
                _run_sql_file(con, SQL_DIR / "macros.sql")
                self.read_inputs(con, files, hashes)
                self.say("etl.progress.step", n=2, total=5, what=t("etl.step.validate", self.lang))
                pause_point(self.warehouse, "validate")
                self.validate_cells(con)
                # References and keys are checked even when cells failed, so one run reports everything.
                self.check_staging(con)
                if any(p.severity == "error" for p in self.problems):
                    result.problems, result.hidden = self.problems, self.hidden
                    return result
                self.say("etl.progress.step", n=3, total=5, what=t("etl.step.marts", self.lang))
                con.execute("use out")
                con.execute("set search_path = 'out.main,scratch.main'")  # the marts read the staging tables
                counts = self.build_marts(con)
                pause_point(self.warehouse, "marts")
                self.record(con, build_id, started, counts)
                con.execute("checkpoint out")
            self.say("etl.progress.step", n=4, total=5, what=t("etl.step.verify", self.lang))
            pause_point(self.warehouse, "verify")
            self.verify(temp, counts)
            result.row_counts = counts
            result.problems, result.hidden = self.problems, self.hidden
            if not publish:
                result.ok = True
                return result
            self.say("etl.progress.step", n=5, total=5, what=t("etl.step.publish", self.lang))
            pause_point(self.warehouse, "swap")
            os.replace(temp, self.warehouse)
            _fsync_dir(self.warehouse.parent)
            result.ok = result.published = True
            return result
        finally:
            for f in (temp, scratch):
                f.unlink(missing_ok=True)
                Path(str(f) + ".wal").unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def default_sources() -> list[Path]:
    """What a build reads when no source is named: the configured sources, then the files data stewards loaded
    (the uploads folder), so a rebuild never drops a load."""
    uploads = settings.uploads_dir()
    return [*settings.source_dirs(), *([uploads] if uploads.is_dir() else [])]


def build(sources: list[Path] | None = None, warehouse: Path | None = None, *, lang: str | None = None,
          progress: Callable[[str], None] = lambda s: None, if_stale: bool = False) -> BuildResult:
    """Build and publish the warehouse. Never raises for bad input: problems come back in the result."""
    b = Build(sources or default_sources(), warehouse or settings.warehouse_path(), progress,
              lang or settings.default_language())
    return b.run(if_stale=if_stale)


def validate(files: list[Path], lang: str | None = None) -> BuildResult:
    """Check files without publishing: a dry build of the configured sources plus these files, reporting the
    problems found in these files (their codes are checked against the reference and demo tables)."""
    given = discover(files)
    shown = {display_path(f) for f in given}
    sources = [s for s in default_sources() if s.is_dir()]
    in_sources = {f.resolve() for f in discover(sources)}
    extra = [f for f in given if f.resolve() not in in_sources]
    b = Build([*sources, *extra], settings.warehouse_path(), lambda s: None, lang or settings.default_language())
    result = b.run(publish=False)
    result.problems = [p for p in result.problems if p.file.split(" [")[0] in shown]
    result.hidden = {k: v for k, v in result.hidden.items() if k[0].split(" [")[0] in shown}
    result.ok = not result.errors
    return result
