"""A scenario: a named set of changes to the baseline, as plain JSON (the README documents the format).

    {"name": "More IT places", "horizon": 5, "rate_years": 2,
     "places": [{"field": "06", "change": 300, "by": 2028}, {"field": "10", "percent": -10}],
     "technical_share": {"target": 0.70, "by": 2028}}

`{}` is the baseline. Every item of "places", "admissions", "rates", "fill_rate", "cost_per_student" and
"capacity" names a scope with any of: field (ISCED-F code: 2 digits broad, 3 narrow, 4 detailed), specialty_code,
college_id, entry_base ("9" or "11"), funding ("state" or "paid"), technical (true/false), course (rates only).
Parsing checks every key and value and reports each problem as a ScenarioError that names the item and the key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

MAX_HORIZON = 10
SCOPE_KEYS = ("field", "specialty_code", "college_id", "entry_base", "funding", "technical")
RATE_NAMES = ("promotion", "repetition", "graduation")
SECTIONS = ("places", "admissions", "rates", "fill_rate", "cost_per_student", "capacity")
TOP_KEYS = ("name", "note", "region", "horizon", "rate_years", "build_id", "created", "technical_share", *SECTIONS)
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-]{0,39}$")


class ScenarioError(ValueError):
    """A problem in a scenario: a message id of the planner catalogue and its parameters."""

    def __init__(self, message_id: str, **params: object):
        super().__init__(message_id)
        self.key = message_id
        self.params = params

    def message(self, lang: str) -> str:
        from tvet.i18n import t

        return t(self.key, lang, **self.params)


@dataclass(frozen=True)
class Scope:
    field: str | None = None
    specialty_code: str | None = None
    college_id: str | None = None
    entry_base: str | None = None
    funding: str | None = None
    technical: bool | None = None
    course: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @property
    def is_one_stream(self) -> bool:
        return bool(self.college_id and self.specialty_code and self.entry_base)


@dataclass(frozen=True)
class Change:
    """One item of a section: its scope, the operation (change / percent / set / a rate value) and the year by
    which it is reached in full (None: from the first projected year)."""

    scope: Scope
    op: str            # "change" (± places), "percent" (± %), "set" (a total), or a rate name
    value: float
    by: int | None = None
    since: int | None = None  # capacity: the year a new design capacity takes effect


@dataclass(frozen=True)
class TechnicalShare:
    target: float
    by: int


@dataclass(frozen=True)
class Scenario:
    name: str = ""
    horizon: int = 5
    rate_years: int = 2
    region: str | None = None
    build_id: str | None = None
    note: str = ""
    created: str | None = None
    places: tuple[Change, ...] = ()
    admissions: tuple[Change, ...] = ()
    rates: tuple[Change, ...] = ()
    fill_rate: tuple[Change, ...] = ()
    cost_per_student: tuple[Change, ...] = ()
    capacity: tuple[Change, ...] = ()
    technical_share: TechnicalShare | None = None
    raw: dict = field(default_factory=dict, compare=False)

    @property
    def is_baseline(self) -> bool:
        return not any((self.places, self.admissions, self.rates, self.fill_rate, self.cost_per_student,
                        self.capacity, self.technical_share))

    def to_dict(self) -> dict:
        """The scenario as JSON-ready data (what was read, normalised)."""
        out: dict[str, Any] = {"name": self.name, "horizon": self.horizon, "rate_years": self.rate_years}
        for key in ("region", "build_id", "created"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.note:
            out["note"] = self.note
        for section in SECTIONS:
            items = getattr(self, section)
            if items:
                out[section] = [_change_dict(section, c) for c in items]
        if self.technical_share:
            out["technical_share"] = {"target": self.technical_share.target, "by": self.technical_share.by}
        return out

    def with_meta(self, **kwargs) -> Scenario:
        data = self.to_dict()
        data.update({k: v for k, v in kwargs.items() if v is not None})
        return parse(data)


def _change_dict(section: str, c: Change) -> dict:
    d = c.scope.as_dict()
    if section == "rates":
        d[c.op] = c.value
    elif section in ("fill_rate",):
        d["value"] = c.value
    else:
        d[c.op] = int(c.value) if float(c.value).is_integer() else c.value
    if c.by is not None:
        d["by"] = c.by
    if c.since is not None:
        d["from"] = c.since
    return d


def loads(text: str) -> Scenario:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioError("planner.error.json", line=e.lineno, column=e.colno, reason=e.msg) from None
    return parse(data)


def parse(data: Any) -> Scenario:
    if not isinstance(data, dict):
        raise ScenarioError("planner.error.not_object")
    for key in data:
        if key not in TOP_KEYS:
            raise ScenarioError("planner.error.unknown_key", name=key, allowed=", ".join(TOP_KEYS))
    horizon = _int(data.get("horizon", 5), "horizon", 1, MAX_HORIZON)
    rate_years = _int(data.get("rate_years", 2), "rate_years", 2, 6)
    share = None
    if data.get("technical_share") is not None:
        ts = data["technical_share"]
        if not isinstance(ts, dict) or "target" not in ts:
            raise ScenarioError("planner.error.technical_share")
        target = _number(ts["target"], "technical_share.target", 0.0, 1.0)
        by = _int(ts.get("by", 0), "technical_share.by", 1990, 2100) if ts.get("by") is not None else None
        if by is None:
            raise ScenarioError("planner.error.technical_share")
        share = TechnicalShare(target, by)
    return Scenario(
        name=_text(data.get("name", ""), "name", 120), note=_text(data.get("note", ""), "note", 2000),
        horizon=horizon, rate_years=rate_years, region=_code_or_none(data.get("region"), "region"),
        build_id=_code_or_none(data.get("build_id"), "build_id"), created=_text(data.get("created") or "", "created", 40)
        or None,
        places=_items(data, "places", ("change", "percent", "set")),
        admissions=_items(data, "admissions", ("change", "percent", "set")),
        rates=_items(data, "rates", RATE_NAMES),
        fill_rate=_items(data, "fill_rate", ("value",)),
        cost_per_student=_items(data, "cost_per_student", ("change", "percent", "set")),
        capacity=_items(data, "capacity", ("change", "percent", "set")),
        technical_share=share, raw=data)


def _items(data: dict, section: str, ops: tuple[str, ...]) -> tuple[Change, ...]:
    items = data.get(section) or []
    if not isinstance(items, list):
        raise ScenarioError("planner.error.not_list", section=section)
    out = []
    for i, item in enumerate(items, start=1):
        where = f"{section}[{i}]"
        if not isinstance(item, dict):
            raise ScenarioError("planner.error.item_not_object", where=where)
        # "by" (reach a change in steps) where a change has a size; "from" (takes effect that year) for capacity.
        timing = {"places": ("by",), "admissions": ("by",), "cost_per_student": ("by",), "capacity": ("from",)}
        allowed = (*SCOPE_KEYS, *ops, *timing.get(section, ()), *(("course",) if section == "rates" else ()), "note")
        for key in item:
            if key not in allowed:
                raise ScenarioError("planner.error.item_key", where=where, name=key, allowed=", ".join(dict.fromkeys(allowed)))
        scope = _scope(item, where, section)
        found = [op for op in ops if op in item and item[op] is not None]
        if section == "rates":
            if not found:
                raise ScenarioError("planner.error.item_op", where=where, ops=", ".join(ops))
            for op in found:
                out.append(Change(scope, op, _number(item[op], f"{where}.{op}", 0.0, 1.0)))
            continue
        if len(found) != 1:
            raise ScenarioError("planner.error.item_op", where=where, ops=", ".join(ops))
        op = found[0]
        if section == "fill_rate":
            value = _number(item[op], f"{where}.value", 0.0, 1.5)
        elif op == "percent":
            value = _number(item[op], f"{where}.percent", -100.0, 1000.0)
        elif op == "set":
            value = _number(item[op], f"{where}.set", 0.0, 1e12)
        else:
            value = _number(item[op], f"{where}.change", -1e9, 1e9)
        by = _int(item["by"], f"{where}.by", 1990, 2100) if item.get("by") is not None else None
        since = _int(item["from"], f"{where}.from", 1990, 2100) if item.get("from") is not None else None
        out.append(Change(scope, op if section != "fill_rate" else "fill", value, by, since))
    return tuple(out)


def _scope(item: dict, where: str, section: str) -> Scope:
    kw: dict[str, Any] = {}
    if item.get("field") is not None:
        code = str(item["field"]).strip()
        if not re.fullmatch(r"\d{2,4}", code):
            raise ScenarioError("planner.error.field", where=where, value=code)
        kw["field"] = code
    for key in ("specialty_code", "college_id"):
        if item.get(key) is not None:
            kw[key] = _code(item[key], f"{where}.{key}")
    if item.get("specialty_code") is not None and not re.fullmatch(r"\d{8}", kw["specialty_code"]):
        raise ScenarioError("planner.error.specialty", where=where, value=kw["specialty_code"])
    if item.get("entry_base") is not None:
        base = str(item["entry_base"]).strip()
        if base not in ("9", "11", "tvet"):
            raise ScenarioError("planner.error.entry_base", where=where, value=base)
        kw["entry_base"] = base
    if item.get("funding") is not None:
        if item["funding"] not in ("state", "paid"):
            raise ScenarioError("planner.error.funding", where=where, value=item["funding"])
        if section in ("places", "fill_rate", "cost_per_student") and item["funding"] != "state":
            raise ScenarioError("planner.error.funding_state", where=where)
        kw["funding"] = item["funding"]
    if item.get("technical") is not None:
        if not isinstance(item["technical"], bool):
            raise ScenarioError("planner.error.bool", where=f"{where}.technical")
        kw["technical"] = item["technical"]
    if section == "rates" and item.get("course") is not None:
        kw["course"] = _int(item["course"], f"{where}.course", 1, 4)
    if section == "capacity" and not kw.get("college_id"):
        raise ScenarioError("planner.error.capacity_college", where=where)
    return Scope(**kw)


def _int(value: Any, where: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ScenarioError("planner.error.integer", where=where, lo=lo, hi=hi, value=value)
    try:
        number = float(value)
    except ValueError:
        raise ScenarioError("planner.error.integer", where=where, lo=lo, hi=hi, value=value) from None
    if not number.is_integer() or not lo <= number <= hi:
        raise ScenarioError("planner.error.integer", where=where, lo=lo, hi=hi, value=value)
    return int(number)


def _number(value: Any, where: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ScenarioError("planner.error.number", where=where, lo=lo, hi=hi, value=value)
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ScenarioError("planner.error.number", where=where, lo=lo, hi=hi, value=value) from None
    if number != number or not lo <= number <= hi:
        raise ScenarioError("planner.error.number", where=where, lo=lo, hi=hi, value=value)
    return number


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ScenarioError("planner.error.text", where=where)
    return value.strip()[:limit]


def _code(value: Any, where: str) -> str:
    text = str(value).strip()
    if not _CODE.fullmatch(text):
        raise ScenarioError("planner.error.code", where=where, value=text[:40])
    return text


def _code_or_none(value: Any, where: str) -> str | None:
    return None if value in (None, "") else _code(value, where)
