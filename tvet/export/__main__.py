"""Command line of the exports, for scripts and scheduled jobs:

    python -m tvet.export deck --warehouse PATH --lang kk|ru|en --format pptx|pdf|xlsx --out FILE
                               [--region KZ-33] [--year 2024] [--published-only]
    python -m tvet.export brief --warehouse PATH --lang kk|ru|en --format pdf|docx --out FILE [--region KZ-33]

`deck` writes the region's default deck (tvet/deck/default.py) for the year (default: the year the Overview page
opens on); with --published-only, the deck of published figures and their sources (tvet/deck/published.py), which
reads no demo row. `brief` writes the one-page speech brief of those published figures (tvet/deck/brief.py).
PPTX, XLSX and DOCX need nothing more; a deck's PDF draws the slides with Chromium, the brief's PDF needs the
DejaVu Sans font. One line goes to stderr in the chosen language: the file written, or what is wrong (no warehouse,
no data for the region or year, a file that cannot be written, no Chromium or font), with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from tvet import settings
from tvet.deck.default import available_years, build, year_label
from tvet.i18n import LANGUAGES, t
from tvet.warehouse import WarehouseMissing, connect

FORMATS = ("pptx", "pdf", "xlsx")
BRIEF_FORMATS = ("pdf", "docx")

def message(key: str, lang: str, **params: object) -> str:
    return t(key, lang, **params)


def say(key: str, lang: str, **params: object) -> None:
    print(message(key, lang, **params), file=sys.stderr, flush=True)


def write(deck, fmt: str) -> bytes:
    if fmt == "pptx":
        from tvet.deck.pptx import to_pptx

        return to_pptx(deck)
    if fmt == "xlsx":
        from tvet.deck.xlsx import to_xlsx

        return to_xlsx(deck)
    from tvet.deck.images import to_pdf

    return to_pdf(deck)


def deck_command(args: argparse.Namespace) -> int:
    lang, region = args.lang, args.region or settings.get("region")
    if args.command == "brief" or args.published_only:
        return published_command(args, lang, region)
    try:
        with connect(Path(args.warehouse)) as con:
            years = available_years(con, region)
            if not years:
                say("deck.cli.no_data", lang, region=region)
                return 2
            if args.year is not None and args.year not in years:
                say("deck.cli.no_year", lang, year=year_label(args.year), region=region,
                    years=", ".join(year_label(y) for y in years))
                return 2
            deck = build(con, region, lang, args.year)
    except WarehouseMissing:
        say("deck.cli.no_warehouse", lang, warehouse=args.warehouse)
        return 2
    except duckdb.Error as e:
        say("deck.cli.bad_warehouse", lang, warehouse=args.warehouse, reason=str(e).splitlines()[0])
        return 2
    return save(args, lang, deck, write, deck, args.format)


def published_command(args: argparse.Namespace, lang: str, region: str) -> int:
    """The published-only deck, or the speech brief written from it."""
    from tvet.deck import published

    try:
        with connect(Path(args.warehouse)) as con:
            deck = published.build(con, region, lang)
    except WarehouseMissing:
        say("deck.cli.no_warehouse", lang, warehouse=args.warehouse)
        return 2
    except LookupError:
        say("deck.cli.no_published", lang, region=region)
        return 2
    except duckdb.Error as e:
        say("deck.cli.bad_warehouse", lang, warehouse=args.warehouse, reason=str(e).splitlines()[0])
        return 2
    if args.command == "brief":
        from tvet.deck import brief

        return save(args, lang, deck, (brief.to_docx if args.format == "docx" else brief.to_pdf), deck)
    return save(args, lang, deck, write, deck, args.format)


def save(args: argparse.Namespace, lang: str, deck, make, *make_args) -> int:
    """Make the file's content, write it, and say so (or say what is wrong)."""
    from tvet.deck.brief import FontMissing
    from tvet.deck.images import BrowserMissing

    try:
        content = make(*make_args)
    except BrowserMissing:
        say("deck.cli.no_browser", lang)
        return 2
    except FontMissing as e:
        say("deck.cli.no_font", lang, path=e.path)
        return 2
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
    except OSError as e:
        say("deck.cli.cannot_write", lang, file=out, reason=e.strerror or e)
        return 2
    if args.command == "brief":
        say("deck.cli.brief_done", lang, out=out, region=deck.region_name, build=deck.build_id)
        return 0
    say("deck.cli.done", lang, out=out, slides=len(deck.slides), region=deck.region_name,
        year=year_label(deck.year), build=deck.build_id, demo=message("deck.cli.demo", lang) if deck.is_demo else "")
    return 0


def _common_arguments(command: argparse.ArgumentParser, formats) -> None:
    """The arguments every export command takes: warehouse, language, format, output file and region."""
    command.add_argument("--warehouse", default=str(settings.warehouse_path()), help="the DuckDB warehouse to read")
    command.add_argument("--lang", choices=LANGUAGES, default=settings.default_language())
    command.add_argument("--format", choices=formats, required=True)
    command.add_argument("--out", required=True, help="file to write")
    command.add_argument("--region", default=None, help="ISO 3166-2 code (default: the TVET_REGION setting)")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tvet.export", description=__doc__.split("\n\n")[0])
    commands = p.add_subparsers(dest="command", required=True)
    d = commands.add_parser("deck", help="the region's default deck as PPTX, PDF or XLSX")
    _common_arguments(d, FORMATS)
    d.add_argument("--year", type=int, default=None,
                   help="academic year by the calendar year it starts in, e.g. 2024 for 2024/25 "
                        "(default: the year the Overview page opens on)")
    d.add_argument("--published-only", action="store_true",
                   help="only published figures with their sources (table published_figure), no demo row")
    b = commands.add_parser("brief", help="a one-page speech brief of the published figures as PDF or DOCX")
    _common_arguments(b, BRIEF_FORMATS)
    args = p.parse_args(argv)
    return deck_command(args)


if __name__ == "__main__":
    sys.exit(main())
