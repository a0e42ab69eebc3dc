"""Resilience (issue 7): a build killed at any point costs nothing, and rebuilds under load are invisible.

- A real `python -m etl build` is stopped at a point (TVET_BUILD_PAUSE, etl/build.py's test hook), the app is
  shown to keep serving the live warehouse while it waits, and the process group is killed with SIGKILL. The live
  file is byte-identical afterwards, and the next build removes what the killed one left and publishes.
- Five browser sessions on one `streamlit run` server keep rerunning five pages while five builds publish one
  after another: no exception, no run without a chart, and every session shows each new build id in its first run
  after the publish (never an older one than the live build at the start of a run). Not AppTest in threads: see
  the test's docstring.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT, SMALL, build_or_fail, texts

POINTS = ["read", "validate", "marts", "verify", "swap"]
BUILD_ID = re.compile(r"\b[0-9a-f]{12}\b")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def small_with_capacity(folder: Path, places: int) -> Path:
    """A copy of the small fixture where college KZ33-T01's 2024 design capacity (120) is `places`."""
    dest = folder / f"small-{places}"
    shutil.copytree(SMALL, dest)
    f = dest / "fct_capacity.csv"
    text = f.read_text(encoding="utf-8")
    assert text.count("2024,KZ33-T01,120,50") == 1
    f.write_text(text.replace("2024,KZ33-T01,120,50", f"2024,KZ33-T01,{places},50"), encoding="utf-8")
    return dest


def capacity(live: Path) -> int:
    """Through the app's shared reader, which reopens the file when a build replaced it (a plain connect in this
    process would be handed DuckDB's cached instance of the old file while the reader holds it)."""
    from tvet.warehouse import READER

    with READER.cursor(live) as cur:
        return cur.execute("select design_capacity from fct_capacity where college_id = 'KZ33-T01' "
                           "and academic_year = 2024").fetchone()[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """A warehouse of REFERENCE + SMALL and its build id, built once; each test publishes a copy of it."""
    path = tmp_path_factory.mktemp("resilience") / "warehouse.duckdb"
    return path, build_or_fail([REFERENCE, SMALL], path).build_id


@pytest.fixture
def live(tmp_path, built) -> Path:
    from tvet.warehouse import READER

    path = tmp_path / "live" / "warehouse.duckdb"
    path.parent.mkdir()
    shutil.copyfile(built[0], path)
    yield path
    READER.close()  # let go of this test's files


def etl_build(sources: list[Path], live: Path, stderr, pause: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("TVET_BUILD_PAUSE", "TVET_BUILD_PAUSE_SECONDS")}
    if pause:
        env.update(TVET_BUILD_PAUSE=pause, TVET_BUILD_PAUSE_SECONDS="60")
    args = [sys.executable, "-m", "etl", "--lang", "en", "build", "--warehouse", str(live)]
    for s in sources:
        args += ["--source", str(s)]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
                            start_new_session=True)


def wait_for(path: Path, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"the build ended ({proc.returncode}) before pausing:\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no marker {path.name} after {timeout} s:\n{log.read_text()}")
        time.sleep(0.05)


@pytest.mark.parametrize("point", POINTS)
def test_killed_build_leaves_the_live_warehouse_and_the_next_build_publishes(app, tmp_path, built, live, point):
    from tvet.warehouse import connect

    before = sha256(live)
    changed = small_with_capacity(tmp_path, 777)
    sources = [REFERENCE, changed]
    log = tmp_path / "killed.log"
    with open(log, "wb") as err:
        proc = etl_build(sources, live, err, pause=point)
    try:
        marker = live.parent / f".{live.name}.paused-{point}-{proc.pid}"
        wait_for(marker, proc, log)
        left = sorted(f.name for f in live.parent.iterdir() if f.name != live.name)
        assert marker.name in left
        assert any(n.startswith(f".{live.name}.building-{proc.pid}-") for n in left), left
        # While the build waits at the point, the app serves the live warehouse.
        at = app(live, lang="en").run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.title and "Zhetysu" in at.title[-1].value
        assert built[1] in texts(at)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)  # reaped: a zombie's pid would still look alive to the clean-up
    assert proc.returncode == -signal.SIGKILL
    assert sha256(live) == before
    with connect(live) as con:
        assert con.execute("select build_id from etl_run").fetchall() == [(built[1],)]

    # The same build again, without the pause: it clears what the killed one left and publishes.
    log2 = tmp_path / "next.log"
    with open(log2, "wb") as err:
        rc = etl_build(sources, live, err).wait(timeout=120)
    assert rc == 0, log2.read_text()
    assert sorted(os.listdir(live.parent)) == [live.name], "temporary files left"
    assert marker.name in log2.read_text()  # reported as removed
    assert sha256(live) != before
    assert capacity(live) == 777
    at = app(live, lang="en").run()
    assert not at.exception
    shown = set(BUILD_ID.findall(texts(at)))
    assert built[1] not in shown and len(shown) == 1


SESSION_PATHS = ["/", "/state_order", "/capacity", "/specialties", "/students"]


@pytest.fixture
def server(live):
    """`streamlit run app.py` on the live warehouse of the test (the test module of the browser tests does the
    same on the demo warehouse)."""
    from test_browser import free_port

    port = free_port()
    env = {**os.environ, "TVET_WAREHOUSE": str(live)}
    env.pop("TVET_LANG", None)
    env.pop("TVET_REGION", None)
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
    yield url, proc
    proc.terminate()
    proc.wait(timeout=20)


def test_rebuilds_under_load_are_invisible_to_sessions(tmp_path, built, live, server, chromium):
    """AppTest cannot run sessions in threads: AppTest.run() swaps process-wide state for its run
    (streamlit.runtime.Runtime._instance, PagesManager.uses_pages_directory, the patched config), so concurrent
    runs fail with StreamlitPageNotFoundError, and on CPython 3.11.7 the script compile (ast.parse, done on
    every run) raises "SystemError: AST constructor recursion depth mismatch" when two threads parse at once.
    So this is the real thing: one `streamlit run` server, five browser sessions reloading their page while
    five builds publish one after another in a thread."""
    from playwright.sync_api import sync_playwright
    from test_browser import settle

    url, proc = server
    published = [built[1]]  # build ids in publish order; len() is how many were published so far
    sources = [small_with_capacity(tmp_path, 120 + k) for k in range(1, 6)]
    runs: dict[str, list[dict]] = {path: [] for path in SESSION_PATHS}

    def run_all(pages, reload: bool = True) -> None:
        """Rerun every session at once (a reload each), then read what each drew. Generous timeouts: on a busy
        2-core runner five cold sessions plus a build take a while; what is checked is never a time."""
        gen = len(published)
        if reload:
            for page in pages.values():
                page.reload(wait_until="commit")
        for path, page in pages.items():
            page.locator("h1").first.wait_for(timeout=120000, state="attached")
            charts = settle(page, 120)
            text = page.locator("[data-testid='stMain']").inner_text()
            errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']").all_inner_texts()
            runs[path].append({"gen": gen, "charts": charts, "errors": errors, "text": text})

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            pages = {}
            for path in SESSION_PATHS:
                pages[path] = browser.new_page(viewport={"width": 1400, "height": 1000})
                pages[path].goto(f"{url}{path}?lang=en", wait_until="commit")
            run_all(pages, reload=False)
            for src in sources:
                done: list = []
                builder = threading.Thread(target=lambda d=done, s=src: d.append(build_or_fail([REFERENCE, s], live)))
                builder.start()
                while builder.is_alive():  # sessions keep reading while the build runs and publishes
                    run_all(pages)
                builder.join()
                assert done, "the build failed (see the captured output)"
                assert done[0].build_id not in published
                published.append(done[0].build_id)
                run_all(pages)  # every session, rerun after the publish
        finally:
            browser.close()

    assert proc.poll() is None, "the server died"
    assert capacity(live) == 125
    for path, rs in runs.items():
        for r in rs:
            shown = {b for b in published if b in r["text"]}
            assert not r["errors"], (path, r["errors"])
            assert r["charts"] > 0, (path, "a run with no chart", r["text"][:500])
            # Never an older build than the one live when the run started (a later one may publish meanwhile).
            assert shown and shown <= set(published[r["gen"] - 1:]), (path, r["gen"], shown, published)
        for n in range(1, len(published) + 1):
            first = next(r for r in rs if r["gen"] >= n)  # the first run started after build n was published
            assert published[n - 1] in first["text"], (path, n, published)
