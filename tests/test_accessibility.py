"""Accessibility: axe-core (vendored in tests/vendor/axe-core, no network) finds no serious or critical violation
on any page of the menu, in kk, ru and en, on the demo warehouse, in headless Chromium.

One Streamlit server and one browser serve all 33 page loads (the fixtures of test_browser.py, module-scoped). Each
page is checked once its script has finished and its charts have drawn, so axe sees what a reader sees. A failure
lists every violation as rule id, impact, element (CSS target), page and language, with axe's own summary.
"""

import pytest

from conftest import ROOT
from pages.common.frame import MENU
from test_browser import browser, server, wait_for_charts  # noqa: F401  (module-scoped fixtures, shared helper)

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
# A page that needs a choice to show its content opens with one (the college profile: a demo college).
QUERY = {"pages/college.py": "college=KZ33-C001&"}
PAGES = [(page, ("/" if page == "app.py" else "/" + page.removeprefix("pages/").removesuffix(".py")))
         for page, _ in MENU if (ROOT / page).exists()]
BLOCKING = ("serious", "critical")
# Violations of Streamlit's own frontend that no app setting can fix: (rule id, CSS target). Empty: every one found
# so far was fixed in the app (theme colours in .streamlit/config.toml, our own sparklines, heading levels).
EXCLUDED: set[tuple[str, str]] = set()

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact, summary: n.failureSummary}))}));
}"""


def test_axe_core_is_vendored_with_its_licence():
    assert AXE.stat().st_size > 100_000
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")[:200]
    assert "axe-core 4." in (AXE.parent / "README.md").read_text(encoding="utf-8")


def test_sparkline_has_its_values_as_text_and_escapes_them():
    from tvet.charts import sparkline_svg

    svg = sparkline_svg([3, 5, 4], 'Trend: 3 → 5 → 4 <b>"x"</b>', area=True)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-label="Trend: 3 → 5 → 4 &lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in svg
    assert "<title>Trend: 3 → 5 → 4 &lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>" in svg
    assert "<b>" not in svg
    # The highest value touches the top padding, the lowest the bottom one; one value draws a flat line.
    assert "0.0,52.0 150.0,4.0 300.0,28.0" in svg
    assert "0.0,52.0 300.0,52.0" in sparkline_svg([7], "x", area=False)


def test_icons_are_material_icons_not_emoji():
    """An emoji icon needs a colour-emoji font the server's visitors may not have: Chromium here drew the
    publish message's ✅ as an empty box. Streamlit bundles the Material Symbols font, so those always draw.
    Not `page_icon` (the browser tab's favicon, outside the page): a Material favicon is fetched from the internet."""
    import re

    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for value in re.findall(r"(?<!page_)icon\s*=\s*[\"']([^\"']*)[\"']", line):
                if not value.startswith(":material/"):
                    found.append(f"{path.relative_to(ROOT)}:{n}: icon={value!r}")
    assert not found, "use a :material/...: icon instead of:\n" + "\n".join(found)


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


@pytest.mark.browser
def test_axe_reports_what_this_test_looks_for(browser):  # noqa: F811
    """The harness can fail: on a page with faint small text and an unlabelled image axe reports both as serious
    (the two kinds it found on this app before they were fixed)."""
    page = browser.new_page()
    try:
        page.set_content('<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                         '<p style="color:#828180;background:#fff;font-size:14px">faint</p>'
                         '<svg role="img" width="10" height="10"><rect width="10" height="10"/></svg></main></body></html>')
        found = {v["id"]: {n["impact"] for n in v["nodes"]} for v in violations(page)}
    finally:
        page.close()
    assert found.get("color-contrast") == {"serious"} and found.get("svg-img-alt") == {"serious"}, found


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("page_file,path", PAGES)
def test_no_serious_or_critical_axe_violation(server, browser, page_file, path, lang):  # noqa: F811
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    try:
        page.goto(f"{server}{path}?{QUERY.get(page_file, '')}lang={lang}", wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=30000, state="attached")
        wait_for_charts(page)
        assert page.locator("[data-testid='stException']").count() == 0, f"{path} ({lang}) raised an exception"
        found = violations(page)
    finally:
        page.close()
    blocking = [f"{v['id']} ({n['impact']}) at {n['target']} on {path} [{lang}]: {v['help']}\n    "
                + n["summary"].replace("\n", "\n    ")
                for v in found for n in v["nodes"]
                if n["impact"] in BLOCKING and (v["id"], n["target"]) not in EXCLUDED]
    assert not blocking, f"{len(blocking)} serious/critical axe-core violation(s):\n" + "\n".join(blocking)
