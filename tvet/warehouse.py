"""Read access to the warehouse: a locked-down read-only connection and named queries.

Every dashboard query is a file `tvet/queries/<name>.sql` whose first line states its grain; values reach it
only as bound parameters ($region, $year). A query name must be one of the files there (the allow-list).
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent / "queries"
QUERIES = frozenset(p.stem for p in QUERY_DIR.glob("*.sql"))

# The app may read the warehouse and nothing else: no files, no extensions, no settings changes.
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}


class WarehouseMissing(Exception):
    """The warehouse file does not exist (it has not been built yet)."""


@dataclass(frozen=True)
class FileStamp:
    """What identifies one published warehouse file: a rebuild replaces the file, so its inode changes."""

    path: str
    inode: int
    mtime_ns: int
    size: int


def stamp(path: Path) -> FileStamp:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise WarehouseMissing(str(path)) from None
    return FileStamp(str(path), st.st_ino, st.st_mtime_ns, st.st_size)


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.exists():
        raise WarehouseMissing(str(path))
    return duckdb.connect(str(path), read_only=True, config=dict(READ_ONLY_CONFIG))


class SharedReader:
    """One read-only connection per warehouse path for the whole process, reopened when a rebuild replaces the file.

    DuckDB keeps one database instance per path for as long as any connection to it is open, and hands that same
    instance to every new connection: after `os.replace` published a new file, a fresh connect() to the same path
    would still read the old file. So before opening the new file, the reader waits for the queries running on
    the old connection to finish (they keep their consistent old view) and closes it.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._open: dict[str, tuple[FileStamp, duckdb.DuckDBPyConnection]] = {}
        self._busy: dict[str, int] = {}

    @contextmanager
    def cursor(self, path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the file now published at `path` (one per thread; closed after the block)."""
        key = str(path)
        with self._cond:
            now = stamp(path)
            held = self._open.get(key)
            if held is None or held[0] != now:
                while self._busy.get(key):
                    self._cond.wait()
                now = stamp(path)
                if held is not None:
                    held[1].close()
                    self._open.pop(key, None)
                self._open[key] = (now, connect(path))
            self._busy[key] = self._busy.get(key, 0) + 1
            cur = self._open[key][1].cursor()
        try:
            yield cur
        finally:
            cur.close()
            with self._cond:
                self._busy[key] -= 1
                self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            while any(self._busy.values()):
                self._cond.wait()
            for _, con in self._open.values():
                con.close()
            self._open.clear()


READER = SharedReader()

# Benchmarks only (benchmarks/report.py): while a list is placed here, every query() appends
# (name, params, seconds) to it. None, the default, records nothing.
QUERY_LOG: list | None = None


def sql_text(name: str) -> str:
    if name not in QUERIES:
        raise KeyError(f"no such query: {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


_OPTIONAL = re.compile(r"^-- optional: (.+)$", re.MULTILINE)


@lru_cache(maxsize=None)
def optional_params(name: str) -> tuple[str, ...]:
    """The parameters a named query declares optional (a line `-- optional: $college, $x`): a caller that does not
    give one binds it as NULL, so a query can gain a filter without changing every caller."""
    m = _OPTIONAL.search(sql_text(name))
    return tuple(p.strip().lstrip("$") for p in m.group(1).split(",")) if m else ()


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a named query with bound parameters; one cursor per call, so threads never share one. A parameter the
    query declares optional and the caller leaves out is bound as NULL."""
    missing = [p for p in optional_params(name) if p not in params]
    if missing:
        params = {**params, **dict.fromkeys(missing)}
    cur = con.cursor()
    log = QUERY_LOG
    start = time.perf_counter() if log is not None else 0.0
    try:
        return cur.execute(sql_text(name), params or None).df()
    finally:
        cur.close()
        if log is not None:
            log.append((name, dict(params), time.perf_counter() - start))
