"""Card labels in a real browser: Streamlit cuts a metric label with «…» when it does not fit, and only a browser
lays text out, so only a browser can tell whether «План открытия специальностей, 2025/26» lost its year."""

import pytest

from test_browser import ARTIFACTS, browser, open_page, server, settle  # noqa: F401  (fixtures)

CUT = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"], [data-testid="stMetricDeltaDescription"]')]
    .filter(l => [l, ...l.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
                                                        || e.scrollHeight > e.clientHeight + 1))
    .map(l => l.innerText)"""


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_overview_card_labels_are_never_cut(server, browser, lang):  # noqa: F811
    page, _ = open_page(browser, server, "/", lang)
    try:
        page.set_viewport_size({"width": 1366, "height": 768})
        settle(page)
        labels = page.locator('[data-testid="stMetricLabel"]')
        assert labels.count() >= 8
        assert page.evaluate(CUT) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"overview-cards-1366-{lang}.png"), full_page=True)
    finally:
        page.close()
