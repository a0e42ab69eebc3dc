"""Raw tables, row-level validation and staging tables, generated from the contract (etl/schema.py).

Every loaded file lands in `raw_<table>` as text with its file name and row number. Validation queries select
the raw cells that a column's kind rejects; staging tables `stg_<table>` clean and cast the same cells with the
same macros (etl/sql/macros.sql), so what passes validation is exactly what the marts receive. They are tables,
not views, so the cleaning runs once and not again for every check and mart that reads them; they live in the
build's scratch file (etl/build.py), never in the published warehouse. Identifiers come only from the contract,
through `schema.ident`.
"""

from __future__ import annotations

import pyarrow as pa

from etl import schema
from etl.readers import RawTable
from etl.schema import ident
from etl.textnorm import fold

# How a raw cell {v} of each kind is cleaned and cast in staging.
CLEAN = {
    "text": "nullif(trim({v}), '')",
    "id": "nullif(trim({v}), '')",
    "code": "fold_code({v})",
    "year": "year_of({v})",
    "count": "try_cast(to_num({v}) as integer)",  # try_: staging is also read while bad cells are reported
    "money": "try_cast(to_num({v}) as bigint)",
    "decimal": "to_num({v})",
    "date": "date_of({v})",
    "specialty": "specialty_of({v})",
    "isced": "isced_of({v})",
    "enum": "(select a.value from etl_enum_alias a where a.enum = '{enum}' and a.alias = fold_key({v}))",
    "bool": "bool_of({v})",
}

# Rules per kind: (rule id, condition on the raw cell {v} that makes it a problem). Blank cells and signs
# are handled once for all kinds by the "missing_value" rule.
RULES = {
    "count": [("not_a_number", "to_num({v}) is null"),
              ("not_whole", "to_num({v}) <> floor(to_num({v}))"),
              ("negative", "to_num({v}) < 0"),
              ("too_large", "to_num({v}) > 2000000000")],
    "money": [("not_a_number", "to_num({v}) is null"),
              ("not_whole", "to_num({v}) <> floor(to_num({v}))"),
              ("negative", "to_num({v}) < 0"),
              ("too_large", "to_num({v}) > 9000000000000000000")],  # beyond bigint: staging's cast would fail
    "decimal": [("not_a_number", "to_num({v}) is null")],
    "year": [("not_a_year", "year_of({v}) is null"),
             ("year_out_of_range", "year_of({v}) not between 1990 and 2100")],
    "date": [("not_a_date", "date_of({v}) is null")],
    "specialty": [("old_specialty_code", "specialty_of({v}) is null and old_specialty_of({v}) is not null"),
                  ("bad_specialty_code", "specialty_of({v}) is null and old_specialty_of({v}) is null")],
    "isced": [("bad_isced_code", "isced_of({v}) is null")],
    "enum": [("unknown_value", CLEAN["enum"] + " is null")],
    "bool": [("unknown_value", "bool_of({v}) is null")],
}

# Signs are meaningful only where a number is expected; elsewhere they are just a missing value.
_SIGN_KINDS = {"count", "money", "decimal"}


def create_raw_tables(con) -> None:
    for t in schema.TABLES:
        if not t.loadable:
            continue
        cols = ", ".join(f"{ident(c)} varchar" for c in t.column_names)
        con.execute(f"create table {ident('raw_' + t.name)} (_file varchar, _row integer, {cols})")


def create_enum_aliases(con) -> None:
    rows = sorted({(enum, fold(alias), value)
                   for enum, values in schema.ENUMS.items()
                   for value, aliases in values.items()
                   for alias in (value, *aliases)})
    con.execute("create table etl_enum_alias (enum varchar, alias varchar, value varchar)")
    con.executemany("insert into etl_enum_alias values ($1, $2, $3)", rows)


def load_raw(con, raw: RawTable) -> int:
    """Append one file's rows (its Python rows and its bulk Arrow rows) to raw_<table>; returns the number of rows."""
    t = schema.table(raw.table)
    target = ident("raw_" + t.name)
    if raw.rows:
        data = {"_row": [n for n, _ in raw.rows]}
        for c in t.column_names:
            idx = raw.columns.get(c)
            data[c] = [cells[idx] if idx is not None and idx < len(cells) else None for _, cells in raw.rows]
        _insert(con, target, pa.table({k: pa.array(v, type=pa.int32() if k == "_row" else pa.string())
                                       for k, v in data.items()}), raw.file)
    if raw.bulk is not None and raw.bulk.num_rows:
        _insert(con, target, raw.bulk, raw.file)
    return raw.n_rows


def _insert(con, target: str, arrow: pa.Table, file: str) -> None:
    con.register("_incoming", arrow)
    try:
        con.execute(f"insert into {target} by name select $file as _file, * from _incoming", {"file": file})
    finally:
        con.unregister("_incoming")


def validation_sql(table_name: str) -> str | None:
    """One query over raw_<table> returning (_file, _row, column, value, rule) for every rejected cell."""
    t = schema.table(table_name)
    parts = []
    raw = ident("raw_" + t.name)
    for c in t.columns:
        v = ident(c.name)
        blank = f"(is_blank({v}) or is_sign({v}))" if c.kind in _SIGN_KINDS else f"is_blank({v})"
        if not c.nullable:
            parts.append(f"select _file, _row, '{c.name}' as col, {v} as value, 'missing_value' as rule "
                         f"from {raw} where {blank}")
        for rule, cond in RULES.get(c.kind, []):
            cond = cond.format(v=v, enum=c.enum)
            parts.append(f"select _file, _row, '{c.name}', {v}, '{rule}' from {raw} "
                         f"where not {blank} and ({cond})")
    return "\nunion all\n".join(parts) if parts else None


# Akimat resolutions name colleges instead of giving their ids (etl/state_order_table.py passes the name on). In
# these tables a college_id that is no id but, folded, the name_ru or name_kk of exactly one college becomes that
# college's id; anything else stays as written, so the unknown_college check reports the name as the file has it.
# The colleges' folded names are worked out once (the CTE below), not once per row: a lookup per row that folded
# every college's names made the national state order's staging take seconds.
COLLEGE_BY_NAME = ("fct_state_order",)
_COLLEGE_NAMES = (
    "with etl_college_name as (select k.name_key, max(k.college_id) as college_id from (select fold_key(n) as name_key, "
    "c.college_id from stg_dim_college c, unnest([c.name_ru, c.name_kk]) as u(n) where n is not null) k "
    "group by k.name_key having count(distinct k.college_id) = 1)\n")
_COLLEGE_OR_NAME = (
    "coalesce((select max(c.college_id) from stg_dim_college c where c.college_id = fold_code({v})), "
    "(select n.college_id from etl_college_name n where n.name_key = fold_key({v})), nullif(trim({v}), ''))")


def _clean_sql(t: schema.Table, c: schema.Column) -> str:
    if c.name == "college_id" and t.name in COLLEGE_BY_NAME:
        return _COLLEGE_OR_NAME.format(v=f"{ident('raw_' + t.name)}.{ident(c.name)}")  # not the subqueries' column
    return CLEAN[c.kind].format(v=ident(c.name), enum=c.enum)


# Kinds whose cleaning is a cheap expression, done row by row; every other kind is cleaned once per distinct value
# of the column (a national table repeats the same few hundred codes, years and words in 300,000 rows) and joined
# back, which gives each row the same value as cleaning it in place.
_ROW_BY_ROW = ("text", "id")


def staging_sql(table_name: str) -> str:
    t = schema.table(table_name)
    raw = ident("raw_" + t.name)
    ctes, cols, joins = [], [], []
    for k, c in enumerate(t.columns):
        if c.kind in _ROW_BY_ROW and not (c.name == "college_id" and t.name in COLLEGE_BY_NAME):
            cols.append(f"{CLEAN[c.kind].format(v='r.' + ident(c.name))} as {ident(c.name)}")
            continue
        d = f"d{k}"
        clean = (_COLLEGE_OR_NAME if c.name == "college_id" and t.name in COLLEGE_BY_NAME else CLEAN[c.kind])
        ctes.append(f"{d} as (select v, {clean.format(v=d + '.v', enum=c.enum)} as x "
                    f"from (select distinct {ident(c.name)} as v from {raw}) {d})")
        cols.append(f"{d}.x as {ident(c.name)}")
        joins.append(f"left join {d} on r.{ident(c.name)} is not distinct from {d}.v")
    names = _COLLEGE_NAMES.removeprefix("with ").rstrip("\n") if t.name in COLLEGE_BY_NAME else None
    with_ = "with " + ",\n".join([*([names] if names else []), *ctes]) + "\n" if (ctes or names) else ""
    cols_sql = ",\n    ".join(cols)
    return (f"-- {t.grain}\ncreate table {ident('stg_' + t.name)} as\n{with_}select r._file, r._row,\n    {cols_sql}\n"
            f"from {raw} r\n" + "".join(j + "\n" for j in joins) + "order by r._file, r._row")


def reference_checks() -> list[tuple[str, str, str, str]]:
    """(check name, rule, severity, query) for every reference of REFERENCES, over the staging tables."""
    out = []
    for t in schema.TABLES:
        if not t.loadable:
            continue
        for c in t.columns:
            ref = schema.REFERENCES.get(c.name)
            if not ref or ref[0] == t.name and ref[1] == c.name:
                continue
            target, target_col, severity = ref
            rule = "unknown_" + target.removeprefix("dim_")
            q = (f"select _file, _row, '{c.name}' as col, s.{ident(c.name)} as value from {ident('stg_' + t.name)} s "
                 f"where s.{ident(c.name)} is not null and s.{ident(c.name)} not in "
                 f"(select {ident(target_col)} from {ident('stg_' + target)} where {ident(target_col)} is not null)")
            out.append((f"{rule}:{t.name}.{c.name}", rule, severity, q))
    return out


def duplicate_checks() -> list[tuple[str, str, str, str]]:
    """(check name, rule, severity, query) finding rows that repeat a table's grain (every row after the first).
    Rows with a rejected cell are left out: their key may be NULL only because a cell could not be read.
    A fact row of a real source and a demo row with the same key are not a repeat: the demo row gives way to the
    real one (etl/sql/scope.sql), so fact tables compare demo rows with demo rows and real rows with real rows.
    In a table with complementary measures (schema.Table.complements) rows of one key are a repeat only where a
    measure is given twice."""
    out = []
    for t in schema.TABLES:
        if not t.loadable or not t.check_key:
            continue
        key = ", ".join(ident(k) for k in t.key)
        if t.name in schema.FACT_TABLES:
            key += ", (select bool_or(k.kind = 'demo') from stg_source k where k.source_id = s.source_id)"
        measures = "".join(f", count({ident(m)}) over w as c{i}" for i, m in enumerate(t.complements))
        given_twice = " or ".join(f"c{i} > 1" for i in range(len(t.complements)))
        q = (f"select _file, _row, '{', '.join(t.key)}' as col, "
             f"concat_ws(' | ', {', '.join('cast(' + ident(k) + ' as varchar)' for k in t.key)}) as value "
             f"from (select *, row_number() over w as n{measures} "
             f"from {ident('stg_' + t.name)} s where not exists (select 1 from etl_cell_problem p "
             f"where p._file = s._file and p._row = s._row) window w as (partition by {key} order by _file, _row "
             f"rows between unbounded preceding and unbounded following)) "
             f"where n > 1{' and (' + given_twice + ')' if given_twice else ''}")
        out.append((f"duplicate_key:{t.name}", "duplicate_key", "error", q))
    return out
