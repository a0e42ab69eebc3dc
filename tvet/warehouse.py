"""Read access to the warehouse: a locked-down read-only connection and named queries.

Every dashboard query is a file `tvet/queries/<name>.sql` whose first line states its grain; values reach it
only as bound parameters ($region, $year). A query name must be one of the files there (the allow-list).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def sql_text(name: str) -> str:
    if name not in QUERIES:
        raise KeyError(f"no such query: {name!r}")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a named query with bound parameters; one cursor per call, so threads never share one."""
    cur = con.cursor()
    try:
        return cur.execute(sql_text(name), params or None).df()
    finally:
        cur.close()
