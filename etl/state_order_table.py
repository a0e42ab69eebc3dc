"""Reader of state-order tables of akimat resolutions (XLSX/CSV) -> fct_state_order. (Being written: recognises nothing yet.)"""

from __future__ import annotations

from etl.problems import Problem
from etl.readers import RawTable


def detect(rows: list[list[str]]) -> bool:
    """True when the rows are a table of this format."""
    return False


def read(file: str, sheet: str | None, rows: list[list[str]], encoding: str,
         problems: list[Problem]) -> list[RawTable]:
    raise NotImplementedError
