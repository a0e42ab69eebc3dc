"""Presenter slides fit every screen from 1366×768 to 1920×1080 (pages/presenter.py), in headless Chromium.

At 1440×900 the first slide once drew its four big numbers into one another («13,9474,250») and, in Kazakh, ran
its subtitle off the right edge. Here every slide of the default deck and of the published-only deck, in kk, ru and
en, is measured at three screen sizes: the box of each text on the slide (the text's own extent, measured with a
Range, so text spilling out of its element counts) and the chart must lie inside the slide and inside the window,
and no two may overlap. The demo watermark is meant to lie across the slide and is left out.
"""

import pytest

from test_browser import browser, server, settle  # noqa: F401 — fixtures shared with the page tests

pytestmark = pytest.mark.browser
SIZES = [(1366, 768), (1440, 900), (1920, 1080)]
TOLERANCE = 1.0  # px: sub-pixel rounding of adjacent boxes

MEASURE = """() => {
    const slide = document.querySelector('.st-key-slide');
    if (!slide) return null;
    const s = slide.getBoundingClientRect();
    const boxes = [];
    for (const el of slide.querySelectorAll('h2, p, [data-testid="stText"]')) {
        if (el.closest('.st-key-slide_watermark') || !el.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(el);
        const b = range.getBoundingClientRect();
        if (b.width === 0 || b.height === 0) continue;
        boxes.push({what: el.textContent.trim().slice(0, 50), l: b.left, t: b.top, r: b.right, b: b.bottom});
    }
    const chart = slide.querySelector('.js-plotly-plot');
    if (chart) {
        const b = chart.getBoundingClientRect();
        boxes.push({what: 'chart', l: b.left, t: b.top, r: b.right, b: b.bottom});
    }
    return {slide: {l: s.left, t: s.top, r: s.right, b: s.bottom}, width: window.innerWidth, boxes: boxes,
            title: slide.querySelector('h2') ? slide.querySelector('h2').textContent : ''};
}"""


def problems(m: dict) -> list[str]:
    out, s = [], m["slide"]
    for b in m["boxes"]:
        if b["l"] < s["l"] - TOLERANCE or b["r"] > s["r"] + TOLERANCE or b["t"] < s["t"] - TOLERANCE \
                or b["b"] > s["b"] + TOLERANCE or b["r"] > m["width"] + TOLERANCE:
            out.append(f"leaves the slide: {b['what']!r} {b} slide {s} window width {m['width']}")
    boxes = m["boxes"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            w = min(a["r"], b["r"]) - max(a["l"], b["l"])
            h = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if w > TOLERANCE and h > TOLERANCE:
                out.append(f"overlap: {a['what']!r} and {b['what']!r} ({w:.0f}×{h:.0f} px)")
    return out


@pytest.mark.parametrize("mode", ["default", "published"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_text_on_a_slide_overlaps_or_leaves_it(server, browser, lang, mode):  # noqa: F811
    page = browser.new_page(viewport={"width": SIZES[-1][0], "height": SIZES[-1][1]})
    extra = "&published=1" if mode == "published" else ""
    failures, seen = {}, []
    try:
        page.goto(f"{server}/presenter?lang={lang}{extra}", wait_until="domcontentloaded")
        page.locator(".st-key-slide h2").first.wait_for(timeout=60000)
        settle(page)
        while True:
            if page.locator(".st-key-slide .js-plotly-plot").count():
                page.locator(".st-key-slide .js-plotly-plot .main-svg").first.wait_for(timeout=30000)
            for width, height in SIZES:
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(400)  # plotly redraws to the new width on the window's resize
                m = page.evaluate(MEASURE)
                assert m and len(m["boxes"]) >= 3, m
                found = problems(m)
                if found:
                    failures[f"{m['title']} @ {width}×{height}"] = found
            seen.append(m["title"])
            nxt = page.locator(".st-key-next button")
            if nxt.is_disabled():
                break
            nxt.click()
            page.wait_for_function("t => document.querySelector('.st-key-slide h2') && "
                                   "document.querySelector('.st-key-slide h2').textContent !== t",
                                   arg=m["title"], timeout=30000)
            settle(page)
    finally:
        page.close()
    assert len(seen) >= (4 if mode == "published" else 6), seen
    assert not failures, failures
