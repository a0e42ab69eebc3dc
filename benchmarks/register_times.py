"""Time to read a national-size student-register export («Контингент»), with a baseline measured in the same run.

    python -m benchmarks.register_times [--students 560000]

Writes a made-up export (tests/register_fixture.py: the national database's real layout, UTF-16, tab-separated, the
full 35-column header including the personal ones, values in the database's own vocabulary) with that many students
into a temporary folder, then times etl.register.read (decode, keep only the needed columns, count per specialty ×
course × funding × language × form × base with academic leave, expected graduates and this year's admissions)
against the baseline of decoding the file and splitting every line (the least any reader must do), and the
recognition of the export's values by meaning (etl/values.py, once per distinct value). Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from etl import register, values
from etl.textnorm import decode
from tvet.settings import ROOT

sys.path.insert(0, str(ROOT / "tests"))
import register_fixture as fx  # noqa: E402

SPECIALTIES = ["06130100", "01140100"]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--students", type=int, default=560_000)
    args = p.parse_args()
    per = args.students // 48
    groups = [(s, c, f, lang, "очная", base, per // 2, per // 40, per // 100)
              for s in SPECIALTIES for c in (1, 2, 3, 4)
              for f in ("Государственный образовательный заказ (местный бюджет)", "Самофинансирование")
              for lang in ("казахский", "русский", "английский") for base in ("основную школу", "среднюю школу")]
    with tempfile.TemporaryDirectory() as d:
        path = fx.write(Path(d) / "kontingent.txt", groups)
        size = path.stat().st_size
        start = time.perf_counter()
        text, _ = decode(path.read_bytes())
        lines = sum(1 for _ in text.split("\r\n"))
        baseline = time.perf_counter() - start
        problems: list = []
        start = time.perf_counter()
        reg = register.read(path, path.name, "KZ33-T01", 2025, problems)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        meant = {(e, v): values.recognise(e, v) for e, col in (("funding", "funding"), ("language", "language"),
                                                                ("study_form", "study_form"), ("entry_base", "entry_base"))
                 for v in reg.enrollment[col].unique()}
        recognised = time.perf_counter() - start
    assert reg is not None and not problems
    print(f"students {reg.rows:,}  file {size / 1e6:.0f} MB  read+aggregate {seconds:.2f} s  "
          f"({reg.rows / seconds:,.0f} rows/s) -> {len(reg.enrollment)} enrolment rows; "
          f"baseline decode+split {baseline:.2f} s ({lines:,} lines); ratio {seconds / baseline:.1f}x; "
          f"{len(meant)} distinct values recognised by meaning in {recognised * 1000:.0f} ms "
          f"({sum(v is not None for v in meant.values())} known); "
          f"{reg.on_leave:,} on leave, {reg.admitted:,} admitted, {reg.graduating:,} expected graduates")


if __name__ == "__main__":
    main()
