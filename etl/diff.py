"""What a load would change: the candidate warehouse against the live one.

Per table and academic year: rows added, changed (same key, other values) and removed, matched on the table's
key from the contract (etl/schema.py, the allow-list of identifiers). Per region and year: the headline figures
(etl/sql/diff/region_figures.sql) whose value moves. Both files are attached read-only to an in-memory database.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl import schema

FIGURES_SQL = Path(__file__).resolve().parent / "sql" / "diff" / "region_figures.sql"


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _table_sql(name: str) -> str:
    """Counts of added / changed / removed rows of one table per academic year (identifiers from the contract)."""
    table = schema.table(name)
    key = list(table.key)
    cols = [c.name for c in table.columns] + [d for d, _ in table.derived]
    rest = [c for c in cols if c not in key]
    on = " and ".join(f"a.{schema.ident(k)} is not distinct from b.{schema.ident(k)}" for k in key)
    differs = " or ".join(f"a.{schema.ident(c)} is distinct from b.{schema.ident(c)}" for c in rest) or "false"
    year = "coalesce(b.academic_year, a.academic_year)" if "academic_year" in cols else "null::integer"
    ident = schema.ident(name)
    return (f"select {year} as academic_year, "
            f"count(*) filter (where a._in is null)::bigint as added, "
            f"count(*) filter (where a._in is not null and b._in is not null and ({differs}))::bigint as changed, "
            f"count(*) filter (where b._in is null)::bigint as removed "
            f"from (select *, true as _in from live.{ident}) a "
            f"full outer join (select *, true as _in from cand.{ident}) b on {on} "
            f"group by 1 having added + changed + removed > 0 order by 1 nulls first")


def compare(live: Path, candidate: Path) -> dict:
    """{'tables': [{table, academic_year, added, changed, removed}], 'figures': [{region_code, academic_year,
    indicator, before, after}]}. A missing live warehouse compares as empty."""
    con = duckdb.connect()
    try:
        con.execute(f"attach {_quote_path(candidate)} as cand (read_only)")
        if live.exists():
            con.execute(f"attach {_quote_path(live)} as live (read_only)")
        else:
            con.execute("attach ':memory:' as live")
            for name in schema.LOADABLE:
                con.execute(f"create table live.{schema.ident(name)} as select * from cand.{schema.ident(name)} "
                            "limit 0")
        tables = []
        for name in schema.LOADABLE:
            for year, added, changed, removed in con.execute(_table_sql(name)).fetchall():
                tables.append({"table": name, "academic_year": year, "added": added, "changed": changed,
                               "removed": removed})
        figures_sql = FIGURES_SQL.read_text(encoding="utf-8")
        con.execute("use live")
        con.execute(f"create temp table before_fig as {figures_sql}")
        con.execute("use cand")
        con.execute(f"create temp table after_fig as {figures_sql}")
        rows = con.execute(
            "select coalesce(a.region_code, b.region_code), coalesce(a.academic_year, b.academic_year), "
            "coalesce(a.indicator, b.indicator), b.value, a.value "
            "from temp.after_fig a full outer join temp.before_fig b "
            "on a.region_code = b.region_code and a.academic_year = b.academic_year and a.indicator = b.indicator "
            "where a.value is distinct from b.value order by 1, 2, 3").fetchall()
        figures = [{"region_code": r, "academic_year": y, "indicator": i, "before": b, "after": a}
                   for r, y, i, b, a in rows]
        return {"tables": tables, "figures": figures}
    finally:
        con.close()
