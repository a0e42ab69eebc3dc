"""A problem found in an input file, and the report a data steward reads.

Each problem names the file, row, column, value and rule; the catalogue (tvet/i18n/*.toml, keys
`etl.rule.<rule>` and `etl.fix.<rule>`) says what is wrong and how to fix it, in the steward's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from tvet.exports import safe_cell
from tvet.i18n import t

# How many problems of one kind (file, column, rule) the printed report lists before "and N more".
SHOW_PER_GROUP = 10
VALUE_MAX_CHARS = 60


@dataclass
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    params: dict = field(default_factory=dict)
    severity: str = "error"  # error: blocks the build; warning: recorded in the quality report

    def what(self, lang: str) -> str:
        return t(f"etl.rule.{self.rule}", lang, column=self.column or "", **self.params)

    def fix(self, lang: str) -> str:
        return t(f"etl.fix.{self.rule}", lang, column=self.column or "", **self.params)


def shown_value(value: str | None) -> str:
    if value is None:
        return ""
    value = value.replace("\n", " ")
    return value if len(value) <= VALUE_MAX_CHARS else value[: VALUE_MAX_CHARS - 1] + "…"


def format_report(problems: list[Problem], lang: str, extra_counts: dict[tuple, int] | None = None) -> str:
    """The report as text: grouped by file, each line naming row, column, value, the rule and the fix."""
    lines: list[str] = []
    errors = sum(p.severity == "error" for p in problems) + sum((extra_counts or {}).values())
    lines.append(t("etl.report.header", lang, n=errors))
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    for file in sorted(by_file):
        lines.append("")
        lines.append(t("etl.report.file", lang, file=file))
        shown: dict[tuple, int] = {}
        for p in sorted(by_file[file], key=lambda p: (p.row or 0, p.column or "", p.rule)):
            group = (p.column, p.rule)
            shown[group] = shown.get(group, 0) + 1
            if shown[group] > SHOW_PER_GROUP:
                continue
            where = []
            if p.row is not None:
                where.append(t("etl.report.row", lang, row=p.row))
            if p.column:
                where.append(t("etl.report.column", lang, column=p.column))
            if p.value is not None:
                where.append(t("etl.report.value", lang, value=shown_value(p.value)))
            head = ", ".join(where)
            lines.append(f"  - {head + ': ' if head else ''}{p.what(lang)} → {p.fix(lang)}")
        for (column, rule), n in shown.items():
            more = n - SHOW_PER_GROUP + (extra_counts or {}).get((file, column, rule), 0)
            if more > 0:
                lines.append("    " + t("etl.report.more", lang, n=more, column=column or "", rule=rule))
    return "\n".join(lines)


def report_csv(problems: list[Problem], lang: str) -> str:
    """Every problem as a CSV row (file,row,column,value,rule,problem,fix), for a steward's spreadsheet."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["file", "row", "column", "value", "rule", "severity", "problem", "fix"])
    for p in problems:
        w.writerow([_report_cell(x) for x in (p.file, p.row or "", p.column or "", shown_value(p.value), p.rule,
                                              p.severity, p.what(lang), p.fix(lang))])
    return buf.getvalue()


def _report_cell(cell: object) -> object:
    """A cell a spreadsheet will not run as a formula (tvet.exports.safe_cell: a leading apostrophe), with no bare
    carriage return (the writer ends lines with \\n and would leave it unquoted: a spreadsheet would start a new
    row there, whose first cell could be a formula)."""
    cell = safe_cell(cell)
    return cell.replace("\r", " ") if isinstance(cell, str) else cell
