"""What only a browser shows: every page of the menu renders in headless Chromium, offline, in each language:
its charts draw, no error element appears, nothing is fetched from the internet, and the language switch works."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT
from pages.common.frame import MENU
from tvet.i18n import t

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
PAGES = [(page, "/" if page == "app.py" else "/" + page.removeprefix("pages/").removesuffix(".py"))
         for page, _ in MENU if (ROOT / page).exists()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_warehouse):
    port = free_port()
    env = {**os.environ, "TVET_WAREHOUSE": str(demo_warehouse)}
    env.pop("TVET_LANG", None)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the Streamlit server did not start: " + proc.stderr.read().decode()[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()


def open_page(browser, server, path, lang):
    page = browser.new_page(viewport={"width": 1600, "height": 1200})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    page.goto(f"{server}{path}?lang={lang}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=30000, state="attached")
    return page, outside


def settle(page, timeout_s: float = 60) -> int:
    """Wait until the script has finished and no placeholder of a still-loading element (plotly loads lazily)
    is left; returns the number of charts."""
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        return app && app.getAttribute('data-test-script-state') === 'notRunning'
            && document.querySelectorAll('[data-testid*="keleton"]').length === 0;
    }""", timeout=timeout_s * 1000)
    return page.locator(".js-plotly-plot").count()


def wait_for_charts(page) -> int:
    """Every plotly chart on the page has drawn its plot area; returns how many there are."""
    n = settle(page)
    charts = page.locator(".js-plotly-plot")
    for i in range(n):
        charts.nth(i).locator(".main-svg").first.wait_for(timeout=30000)
    return n


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("page_file,path", PAGES)
def test_page_renders_its_charts_without_errors(server, browser, page_file, path, lang):
    page, outside = open_page(browser, server, path, lang)
    try:
        if path != "/presenter":  # presenter mode opens with its sidebar (and menu) folded away
            page.get_by_text(t("menu.home", lang), exact=True).first.wait_for(timeout=30000)  # the translated menu
        n = wait_for_charts(page)
        if page_file == "app.py":
            assert n >= 2
            page.get_by_text(t("home.card.students", lang, year="2024/25")).first.wait_for(timeout=30000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_text("Traceback").count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{path.strip('/') or 'home'}-{lang}.png"), full_page=True)
    finally:
        page.close()
    assert outside == [], f"the page asked the internet for {outside[:3]}"


@pytest.mark.parametrize("page_file,path", PAGES)
def test_language_switch_changes_the_page(server, browser, page_file, path):
    page, _ = open_page(browser, server, path, "ru")
    try:
        settle(page)
        if path == "/presenter":  # its own language links beside the slide (the sidebar is folded away)
            page.get_by_role("button", name="English").click()
            page.get_by_role("button", name="Русский").wait_for(timeout=30000)  # now offered as the other one
        else:
            page.get_by_text(t("menu.home", "ru"), exact=True).first.wait_for(timeout=30000)
            page.get_by_role("radio", name="English").first.click()
            page.get_by_text(t("menu.home", "en"), exact=True).first.wait_for(timeout=30000)
        assert "lang=en" in page.url
        assert page.locator("[data-testid='stException']").count() == 0
    finally:
        page.close()


def test_chart_download_carries_the_numbers_and_the_build(server, browser, demo_warehouse):
    from conftest import read

    page, _ = open_page(browser, server, "/", "en")
    try:
        settle(page)
        with page.expect_download(timeout=30000) as info:
            page.get_by_role("button", name="CSV").first.click()
        text = open(info.value.path(), encoding="utf-8-sig").read()
    finally:
        page.close()
    build_id = read(demo_warehouse, "select build_id from etl_run")[0][0]
    students_2024 = read(demo_warehouse, "select sum(students) from fct_enrollment where academic_year = 2024")[0][0]
    assert f"# Data version: {build_id}" in text
    assert "# Demo data:" in text
    assert f"2024/25,{students_2024}," in text


def test_presenter_moves_with_a_clickers_keys(server, browser, demo_warehouse):
    """Arrows, Page Down and space (what a presentation clicker sends) move between slides; only a browser sends
    key presses."""
    page, _ = open_page(browser, server, "/presenter", "en")
    try:
        settle(page)
        for key, slide in (("ArrowRight", "2"), ("PageDown", "3"), (" ", "4"), ("ArrowLeft", "3"),
                           ("PageUp", "2")):
            page.keyboard.press(key)
            page.wait_for_function(f"() => new URL(location.href).searchParams.get('slide') === '{slide}'",
                                   timeout=30000)
            settle(page)
        page.get_by_text("2 / 6").first.wait_for(timeout=30000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=str(ARTIFACTS / "presenter-slide-2-en.png"))
    finally:
        page.close()
