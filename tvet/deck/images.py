"""Slides as PNG and a deck as PDF: each slide drawn by `tvet.deck.render.figure` and exported by kaleido, which
drives the machine's Chromium (Debian: /usr/bin/chromium). A PDF is one page per slide, 16:9.

Starting Chromium costs a few seconds, so every slide of a deck is drawn in one kaleido session. The session loads
plotly.js from the plotly package and no MathJax, so an export makes no network request.
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor

import kaleido
import plotly.graph_objects as go
from kaleido.errors import ChromeNotFoundError
from pypdf import PdfReader, PdfWriter

from tvet.deck import render
from tvet.deck.default import year_label
from tvet.deck.model import Deck, Slide

WIDTH, HEIGHT = 1920, 1080


class BrowserMissing(RuntimeError):
    """Chromium, which draws PNG and PDF, is not installed (apt-get install chromium)."""


def to_png(slide: Slide, deck: Deck, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    (png,) = _export([render.figure(slide, deck, _index(deck, slide), width=width, height=height)], "png",
                     width, height)
    return png


def to_pdf(deck: Deck, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    figures = [render.figure(slide, deck, i, width=width, height=height) for i, slide in enumerate(deck.slides)]
    writer = PdfWriter()
    for page in _export(figures, "pdf", width, height):
        writer.append(PdfReader(io.BytesIO(page)))
    writer.add_metadata({"/Title": f"{deck.name} · {deck.region_name} · {year_label(deck.year)}",
                         "/Subject": f"build {deck.build_id}", "/Creator": "TVET Atlas"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _index(deck: Deck, slide: Slide) -> int:
    """The slide's place in the deck (by identity: a slide holds a DataFrame, which has no plain ==)."""
    return next((i for i, s in enumerate(deck.slides) if s is slide), 0)


def _export(figures: list[go.Figure], fmt: str, width: int, height: int) -> list[bytes]:
    """Every figure as `fmt`, in one Chromium session. The session runs in its own thread with its own event loop,
    so it works the same from a script, a test or Streamlit (whose script thread may already run a loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _session(figures, fmt, width, height)).result()


async def _session(figures: list[go.Figure], fmt: str, width: int, height: int) -> list[bytes]:
    opts = {"format": fmt, "width": width, "height": height}
    try:
        async with kaleido.Kaleido(n=1, mathjax=False) as k:
            return [await k.calc_fig(fig.to_dict(), opts=opts) for fig in figures]
    except ChromeNotFoundError as e:
        raise BrowserMissing(str(e)) from None
