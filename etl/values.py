"""Enumerated values recognised by meaning, and the value map stewards can edit.

A national export writes «Государственный образовательный заказ (местный бюджет)», «основную школу» or
«Самофинансирование»; the contract holds `state`, `9` and `paid`. A value is recognised in three steps, in order:

1. the value map: `value_map` rows (data/reference/value_map.csv ships the known spellings; a steward's map can be
   loaded beside any upload) — (column, value as written, contract value), matched folded;
2. the spellings of etl/schema.py ENUMS, matched folded (case, spaces and Latin/Cyrillic look-alikes ignored);
3. meaning: stems and keywords in kk, ru and en (MEANINGS below), on the value with case, punctuation, spaces and
   look-alike letters folded away. The first rule of an enum that finds one of its words wins, so the more
   specific rule stands first («заочная» is part time before «очная» is full time; «внебюджетный» is paid before
   «бюджет» is state; «основное среднее» is grade 9 before «среднее» is grade 11).

A value none of them knows stays unknown: the build reports each distinct unknown value once, with its count, the
column, the file and the exact line to add to a value map (etl/build.py). Recognised values go into the build's
`etl_enum_alias` table, so the staging SQL cleans every cell with one lookup (etl/staging.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl import schema
from etl.textnorm import fold

# enum -> [(contract value, words)]. A word is a stem matched at the start of a word of the value ("самофинанс"
# matches «Самофинансирование»), or, when it ends with "$", a whole word ("kk$", "9$"). Words of several parts
# ("основн школ") match when every part is found as such a stem, in any order.
MEANINGS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "funding": [
        ("paid", ("самофинанс", "платн", "внебюджет", "ақылы", "акылы", "договор", "шарт", "контракт", "коммерч",
                  "собственн средств", "өз қаражат", "fee", "paid", "self fund", "self financ", "tuition")),
        ("state", ("заказ", "тапсырыс", "бюджет", "грант", "госзаказ", "мемлекет", "state", "budget", "grant",
                   "public fund")),
    ],
    "budget": [
        ("republican", ("республик", "republic", "national")),
        ("local", ("местн", "областн", "жергілікті", "жергiлiктi", "облыст", "local", "regional", "akimat", "акимат",
                   "әкімдік")),
    ],
    "entry_base": [
        ("tvet", ("типо", "тжкб", "тжкб", "колледж", "техникалық кәсіптік", "техническ профессиональн",
                  "послесредн", "орта білімнен кейінгі", "tvet", "vocational", "college", "after college")),
        ("9", ("основн", "негізгі", "негiзгi", "9$", "девят", "тоғыз", "basic secondary", "lower secondary",
               "grade 9$")),
        ("11", ("средн", "жалпы орта", "орта мектеп", "11$", "одиннадцат", "он бір", "general secondary",
                "upper secondary", "grade 11$", "secondary school")),
    ],
    "language": [
        ("kk", ("казах", "қазақ", "казак", "kazakh", "qazaq", "kaz$", "kk$", "каз$", "қаз$")),
        ("ru", ("русск", "орыс", "russian", "rus$", "ru$", "рус$")),
        ("en", ("англ", "ағылшын", "english", "eng$", "en$", "анг$")),
    ],
    "study_form": [
        ("part_time", ("заочн", "сырттай", "part time", "part$", "extramural", "correspondence")),
        ("evening", ("вечерн", "кешкі", "кешкi", "evening")),
        ("full_time", ("очн", "күндізгі", "кундизги", "күндiзгi", "full time", "full$", "day$", "daytime")),
    ],
    "ownership": [
        ("private", ("негосударств", "частн", "жеке", "private", "тоо", "llp", "чу$", "учреждение частн")),
        ("state", ("государств", "коммунальн", "республиканск", "мемлекеттік", "мемлекеттiк", "коммуналдық",
                   "public", "state", "municipal", "гккп", "кгкп", "гкп", "кгу", "ргкп")),
    ],
    "change": [
        ("closed", ("закрыт", "закрыв", "жабыл", "close")),
        ("planned", ("план", "жоспар", "plan", "предполаг")),
        ("opened", ("открыт", "открыв", "ашыл", "open", "new$", "нов")),
    ],
    "partnership_kind": [
        ("hiring_decision", ("трудоустр", "прием на работу", "приём на работу", "жұмысқа", "hiring", "hire")),
        ("dual_training", ("дуальн", "дуалд", "dual")),
        ("practice_base", ("практик", "практика базасы", "practice", "placement", "internship")),
        ("memorandum", ("меморандум", "memorandum", "соглашен", "келісім", "agreement", "cooperation")),
        ("other", ("друг", "басқа", "other")),
    ],
}

_PUNCT = re.compile(r"[^\w]+")
COLUMN_NAME, MAPS_TO = "column_name", "maps_to"  # the value map's columns


def words_of(text: str) -> list[str]:
    """A value as its folded words: case, punctuation, spaces and look-alike letters gone."""
    return [w for w in _PUNCT.sub(" ", fold(text or "")).split(" ") if w]


@dataclass(frozen=True)
class _Word:
    parts: tuple[str, ...]
    whole: bool

    def found_in(self, words: list[str]) -> bool:
        if self.whole:
            n = len(self.parts)
            return any(tuple(words[i:i + n]) == self.parts for i in range(len(words) - n + 1))
        return all(any(w.startswith(p) for w in words) for p in self.parts)


def _compile() -> dict[str, list[tuple[str, tuple[_Word, ...]]]]:
    out = {}
    for enum, rules in MEANINGS.items():
        out[enum] = [(value, tuple(_Word(tuple(words_of(w.rstrip("$"))), w.endswith("$")) for w in words))
                     for value, words in rules]
    return out


_RULES = _compile()


def by_meaning(enum: str, text: str) -> str | None:
    """The contract value a text means, by its words; None when no rule of the enum finds it."""
    words = words_of(text)
    if not words:
        return None
    for value, rule_words in _RULES.get(enum, ()):
        if any(w.found_in(words) for w in rule_words):
            return value
    return None


def spelled(enum: str) -> dict[str, str]:
    """folded spelling -> contract value, from ENUMS."""
    return {fold(alias): value for value, aliases in schema.ENUMS[enum].items() for alias in (value, *aliases)}


def recognise(enum: str, text: str) -> str | None:
    """Step 2 (ENUMS) then step 3 (meaning); the build's own path also applies the value maps first
    (extend_aliases)."""
    known = spelled(enum).get(fold(text or ""))
    return known if known is not None else by_meaning(enum, text)


def enum_of(column: str) -> str | None:
    """The enum behind a column name of the contract, or an enum's own name ("funding", "partnership_kind")."""
    if column in schema.ENUMS:
        return column
    for t in schema.TABLES:
        for c in t.columns:
            if c.name == column and c.enum:
                return c.enum
    return None


def map_line(column: str, value: str, allowed: str = "") -> str:
    """The line a steward adds to a value map (CSV: column,value,maps_to) so the value is recognised."""
    written = value.replace('"', '""')
    if any(ch in written for ch in ',"\n'):
        written = f'"{written}"'
    return f"{column},{written},{allowed or '…'}"


def extend_aliases(con, problems: list) -> dict[str, int]:
    """Before validation: put the value maps' rows, and every distinct raw value recognised by meaning, into
    etl_enum_alias (keys folded by the SQL macro fold_key, as staging looks them up). Returns {enum: how many
    distinct values were recognised by meaning}. A map row naming a column without enumerated values, or a value
    the contract does not allow, is a problem of its file and row."""
    from etl.problems import Problem

    mapped: dict[str, dict[str, str]] = {}
    for file, row, column, written, key, value in con.execute(
            "select _file, _row, column_name, written, fold_key(written), maps_to from raw_value_map "
            "order by _file, _row").fetchall():
        enum = enum_of((column or "").strip())
        if enum is None:
            problems.append(Problem(file, row, COLUMN_NAME, column, "value_map_unknown_column",
                                    {"columns": ", ".join(sorted(_enum_columns()))}))
            continue
        value = (value or "").strip()
        if value not in schema.ENUMS[enum]:
            problems.append(Problem(file, row, MAPS_TO, value, "value_map_bad_value",
                                    {"allowed": ", ".join(schema.ENUMS[enum])}))
            continue
        if key:
            mapped.setdefault(enum, {})[key] = value  # a later file (an upload) wins over the shipped map
    aliases = {(e, a): v for e, a, v in con.execute("select enum, alias, value from etl_enum_alias").fetchall()}
    new = {(e, k): v for e, m in mapped.items() for k, v in m.items() if aliases.get((e, k)) != v}
    found: dict[str, int] = {}
    for t in schema.TABLES:
        if not t.loadable:
            continue
        for c in t.columns:
            if c.kind != "enum" or not c.enum or c.enum not in MEANINGS:
                continue
            raw, col = schema.ident("raw_" + t.name), schema.ident(c.name)
            for text, key in con.execute(f"select distinct {col}, fold_key({col}) from {raw} "
                                         f"where not is_blank({col})").fetchall():
                if key in mapped.get(c.enum, {}) or (c.enum, key) in aliases or (c.enum, key) in new:
                    continue
                value = by_meaning(c.enum, text)
                if value is not None:
                    new[(c.enum, key)] = value
                    found[c.enum] = found.get(c.enum, 0) + 1
    if new:
        con.executemany("delete from etl_enum_alias where enum = $1 and alias = $2", [list(k) for k in new])
        con.executemany("insert into etl_enum_alias values ($1, $2, $3)", [[e, a, v] for (e, a), v in new.items()])
    return found


def _enum_columns() -> set[str]:
    return {c.name for t in schema.TABLES for c in t.columns if c.kind == "enum"}


def unknown_values(problems: list) -> list[dict]:
    """The unknown enumerated values of a report (rule unknown_value on a column with an enum), one dict each:
    column, enum, value as written, rows, first file and row, allowed values."""
    out: dict[tuple[str, str], dict] = {}
    for p in problems:
        enum = enum_of(p.column or "") if p.rule == "unknown_value" else None
        if enum is None or p.value is None:
            continue
        item = out.setdefault((p.column, p.value), {
            "column": p.column, "enum": enum, "value": p.value, "rows": 0, "file": p.file, "row": p.row,
            "allowed": list(schema.ENUMS[enum])})
        item["rows"] += int(p.params.get("count") or 1)
    return list(out.values())


def map_csv(rows: list[tuple[str, str, str]]) -> str:
    """A value map file (CSV with the header column_name,written,maps_to) of (column, written, maps_to) rows."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["column_name", "written", "maps_to"])
    writer.writerows(rows)
    return buf.getvalue()
