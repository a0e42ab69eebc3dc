"""What only a browser shows: the served page renders its figures in headless Chromium, offline."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_warehouse):
    port = free_port()
    env = {**os.environ, "TVET_WAREHOUSE": str(demo_warehouse)}
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


@pytest.mark.parametrize("lang,students,published", [
    ("ru", "Студенты, 2024/25", "более 13"),
    ("kk", "Студенттер, 2024/25", "13\u202f900 астам"),
    ("en", "Students, 2024/25", "more than 13,900"),
])
def test_home_page_renders_figures_and_chart(server, browser, lang, students, published):
    page = browser.new_page(viewport={"width": 1600, "height": 1400})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None)
    page.goto(f"{server}/?lang={lang}", wait_until="domcontentloaded")
    page.get_by_text(students).first.wait_for(timeout=30000)
    page.locator(".js-plotly-plot .bars path").first.wait_for(timeout=30000)  # the chart drew its bars
    assert page.get_by_text(published).count() >= 1
    assert page.locator("[data-testid='stAlert']").count() >= 1  # the demo banner
    assert page.locator("[data-testid='stException']").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"home-{lang}.png"), full_page=True)
    page.close()
    assert outside == [], f"the page asked the internet for {outside[:3]}"
