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


def mart_frame(con: duckdb.DuckDBPyConnection, table_name: str) -> pd.DataFrame:
    """Every row of one loadable table. Raises KeyError for any other name (the allow-list)."""
    if table_name not in LOADABLE:
        raise KeyError(f"not a downloadable table: {table_name!r}")
    cur = con.cursor()
    try:
        return cur.execute(f"select * from {ident(table_name)}").df()
    finally:
        cur.close()


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
