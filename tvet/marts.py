"""Whole warehouse tables (marts) for download: read through the contract's allow-list, written as CSV, XLSX or
Parquet. A table name that is not a loadable table of etl/schema.py is refused before any SQL is built."""

from __future__ import annotations

import io

import duckdb
import pandas as pd

from etl.schema import LOADABLE, ident
from tvet.exports import ExportMeta, to_csv, to_xlsx

FORMATS = ("csv", "xlsx", "parquet")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def mart_frame(con: duckdb.DuckDBPyConnection, table_name: str, limit: int | None = None) -> pd.DataFrame:
    """Every row of one loadable table (or its first `limit` rows, in table order). Raises KeyError for any other
    name (the allow-list)."""
    if table_name not in LOADABLE:
        raise KeyError(f"not a downloadable table: {table_name!r}")
    cur = con.cursor()
    try:
        if limit is None:
            return cur.execute(f"select * from {ident(table_name)}").df()
        return cur.execute(f"select * from {ident(table_name)} limit $limit", {"limit": int(limit)}).df()
    finally:
        cur.close()


def mart_preview(con: duckdb.DuckDBPyConnection, table_name: str, n: int,
                 counts: pd.DataFrame) -> tuple[int, bool, pd.DataFrame]:
    """What the page shows of a table before anyone downloads it: its number of rows, whether any row is demo, and
    its first n rows. A big table is not read whole for that: its counts come from `counts` (the frame of the
    named query methodology_demo_rows: table_name, total_rows, demo_rows); a table that is not there is read."""
    head = mart_frame(con, table_name, limit=n + 1)
    if len(head) <= n:
        return len(head), has_demo_rows(head), head
    row = counts[counts["table_name"] == table_name]
    if row.empty:
        whole = mart_frame(con, table_name)
        return len(whole), has_demo_rows(whole), whole.head(n)
    return int(row.iloc[0]["total_rows"]), bool(row.iloc[0]["demo_rows"] > 0), head.head(n)


def has_demo_rows(df: pd.DataFrame) -> bool:
    return "is_demo" in df.columns and bool(df["is_demo"].fillna(False).any())


def to_parquet(df: pd.DataFrame) -> bytes:
    """The table as Parquet (pyarrow), column types kept; no index."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, engine="pyarrow")
    return buf.getvalue()


def mart_file(df: pd.DataFrame, fmt: str, meta: ExportMeta) -> bytes:
    """One download of a whole table. CSV and XLSX carry the title, source and build id (tvet/exports.py);
    Parquet holds the rows only, with their types."""
    if fmt == "csv":
        return to_csv(df, meta)
    if fmt == "xlsx":
        return to_xlsx(df, meta, sheet=meta.title[:31] or "data")
    if fmt == "parquet":
        return to_parquet(df)
    raise KeyError(f"unknown format: {fmt!r}")
