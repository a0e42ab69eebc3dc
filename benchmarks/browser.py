"""Pages timed in headless Chromium: one `streamlit run` server, Playwright's async API driving Debian's Chromium
(executable_path=/usr/bin/chromium, offline). Shared by benchmarks/report.py and tests/test_concurrency.py.

"Rendered" — the moment a load or a rerun is timed to — is, precisely, the first moment from which all of these
hold without a break for 300 ms (the time reported is that first moment, not 300 ms later):
  - Streamlit's script has finished: `[data-testid="stApp"]` carries `data-test-script-state="notRunning"` (the
    toolbar's running indicator is gone) and, after a filter change, that attribute has been seen `running` since
    the click (so the old, still-drawn page of before the change never counts);
  - no skeleton placeholder (`[data-testid*="keleton"]`, what plotly's lazy loading shows) and no element still
    marked stale (`[data-stale="true"]`) is on the page;
  - every visible plotly chart element (`[data-testid="stPlotlyChart"]`) has drawn its plot area (holds a
    `.js-plotly-plot .main-svg`), and their number has reached the page's chart count.
The page's chart count is what an untimed warm-up load of the page shows once rendered and unchanged for 1 s
(charts inside folded expanders or hidden tabs are not drawn by plotly and are not counted).
  cold           navigation start (performance.timeOrigin) -> rendered, in a new browser context (empty cache,
                 new Streamlit session); the server's own caches are warm (the warm-up load filled them).
  filter change  the click on another option of the page's year select (else its region select) -> rendered.
Checked after each: no exception box (`[data-testid="stException"]`) and no error alert
(`[data-testid="stAlertContentError"]`).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pages.common.frame import MENU
from tvet.i18n import t
from tvet.settings import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]
VIEWPORT = {"width": 1600, "height": 1200}
HOLD_MS = 300
PAGES = [(page, "/" if page == "app.py" else "/" + page.removeprefix("pages/").removesuffix(".py"))
         for page, _ in MENU if (ROOT / page).exists()]

_RENDERED_JS = """async ({n, needRun, hold, timeout}) => {
  const charts = () => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
      .filter(e => e.offsetParent !== null);
  const drawn = () => charts().filter(e => e.querySelector('.js-plotly-plot .main-svg')).length;
  const ok = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && (!needRun || window.__tvetSawRun === true)
      && !document.querySelector('[data-testid*="keleton"]')
      && !document.querySelector('[data-stale="true"]')
      && drawn() === charts().length && drawn() >= n;
  };
  return await new Promise((resolve, reject) => {
    const start = performance.now();
    let first = null;
    const tick = () => {
      const now = performance.now();
      if (ok()) {
        if (first === null) first = now;
        if (now - first >= hold) { resolve({at: first, charts: drawn()}); return; }
      } else {
        first = null;
      }
      if (now - start > timeout) {
        const app = document.querySelector('[data-testid="stApp"]');
        reject(new Error('not rendered in ' + timeout + ' ms: state=' + (app && app.getAttribute(
          'data-test-script-state')) + ' charts drawn=' + drawn() + ' shown=' + charts().length + ' expected=' + n + ' skeletons='
          + document.querySelectorAll('[data-testid*="keleton"]').length + ' stale='
          + document.querySelectorAll('[data-stale="true"]').length + ' sawRun=' + window.__tvetSawRun
          + ' visibility=' + document.visibilityState));
        return;
      }
      setTimeout(tick, 15);
    };
    tick();
  });
}"""

_ARM_JS = """() => {
  window.__tvetSawRun = false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__tvetObserver) window.__tvetObserver.disconnect();
  window.__tvetObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__tvetSawRun = true;
  });
  window.__tvetObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  window.__tvetArmedAt = performance.now();
}"""

_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(e => e.offsetParent !== null && e.querySelector('.js-plotly-plot .main-svg')).length"""
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(warehouse: Path, timeout_s: float = 90, app: Path = ROOT / "app.py"):
    """`streamlit run app.py` (or another `app`) on a free loopback port reading `warehouse`; yields (url, Popen)."""
    port = free_port()
    env = {**os.environ, "TVET_WAREHOUSE": str(warehouse)}
    for var in ("TVET_LANG", "TVET_REGION"):
        env.pop(var, None)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app),
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError("the Streamlit server did not start: "
                                       + proc.stderr.read().decode(errors="replace")[-2000:]) from None
                time.sleep(0.3)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


async def launch(playwright, executable: str = CHROMIUM):
    return await playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


async def rendered(page, n: int, need_run: bool = False, timeout_s: float = 60) -> dict:
    """Wait until the page is rendered (see the module's docstring); {"at": ms since the document's time origin
    when it first held, "charts": charts drawn}."""
    return await page.evaluate(_RENDERED_JS, {"n": n, "needRun": need_run, "hold": HOLD_MS,
                                              "timeout": timeout_s * 1000})


async def errors_on(page) -> list[str]:
    boxes = page.locator(ERRORS)
    return [(await boxes.nth(i).inner_text())[:300] for i in range(await boxes.count())]


async def open_page(context, url: str, n: int = 0, timeout_s: float = 60) -> tuple[object, float, int]:
    """A new tab of `context` at `url`; (page, seconds from navigation start to rendered, charts drawn)."""
    page = await context.new_page()
    await page.goto(url, wait_until="domcontentloaded", timeout=timeout_s * 1000)
    done = await rendered(page, n, timeout_s=timeout_s)
    return page, done["at"] / 1000, done["charts"]


async def chart_count(page, timeout_s: float = 60) -> int:
    """The page's chart count: charts drawn once the page is rendered and the count is unchanged for 1 s."""
    await rendered(page, 0, timeout_s=timeout_s)
    last, since = -1, time.monotonic()
    while time.monotonic() - since < 1.0:
        now = await page.evaluate(_DRAWN_JS)
        if now != last:
            last, since = now, time.monotonic()
        await asyncio.sleep(0.1)
    return int(last or 0)


async def sidebar_select(page, lang: str = "en"):
    """The locator of the page's year select, else its region select (opening a folded expander that holds one,
    as on the presenter page); None when the page has neither."""
    for key in ("filter.year", "filter.region"):
        label = t(key, lang)
        box = page.locator('[data-testid="stSelectbox"]').filter(
            has=page.locator('[data-testid="stWidgetLabel"]', has_text=label))
        if await box.count() == 0:
            continue
        box = box.first
        if not await box.is_visible():
            expanders = page.locator('[data-testid="stExpander"]').filter(has=box)
            if await expanders.count():
                await expanders.first.locator("summary").click()
                await box.wait_for(state="visible", timeout=10000)
            else:
                continue
        return box
    return None


async def select_value(box) -> str:
    return (await box.locator('input[role="combobox"]').input_value()).strip()


async def other_option(page, box) -> str:
    """The option next to the select's current one (the one before it, else the one after it): for the year,
    the year before the shown one, so that both views have data of the same kind."""
    current = await select_value(box)
    await box.locator('button[aria-haspopup="listbox"]').click()
    options = page.locator('[role="listbox"] [role="option"]')
    await options.first.wait_for(timeout=10000)
    texts = [x.strip() for x in await options.all_inner_texts()]
    await page.keyboard.press("Escape")
    await page.locator('[role="listbox"]').wait_for(state="detached", timeout=10000)
    i = texts.index(current) if current in texts else 0
    return texts[i - 1] if i > 0 else texts[min(i + 1, len(texts) - 1)]


async def change_select(page, box, option: str, n: int, timeout_s: float = 60) -> float:
    """Pick `option` in the select `box` and wait for the rerun to render with `n` charts; the seconds from the
    click on the option to rendered."""
    await box.locator('button[aria-haspopup="listbox"]').click()
    target = page.locator('[role="listbox"] [role="option"]').filter(has_text=option).first
    await target.wait_for(timeout=10000)
    await page.evaluate(_ARM_JS)
    await target.click()
    done = await rendered(page, n, need_run=True, timeout_s=timeout_s)
    armed = await page.evaluate("() => window.__tvetArmedAt")
    return (done["at"] - armed) / 1000


async def click_segment(page) -> bool:
    """Click an unselected option of a segmented control in the page's main area (not the sidebar's language
    switch); False when there is none."""
    buttons = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"] button[aria-checked="false"]')
    if await buttons.count() == 0:
        return False
    await page.evaluate(_ARM_JS)
    await buttons.first.click()
    return True


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between closest ranks; None for no values."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


@dataclass
class Sampler:
    """Peak resident memory of a process and its children, from /proc (no psutil): the sum of VmRSS over the
    process tree sampled every `every` seconds, and the process's own VmHWM (its kernel-kept peak)."""

    pid: int
    every: float = 0.1
    peak_tree_bytes: int = 0
    samples: int = 0
    _task: object = field(default=None, repr=False)

    @staticmethod
    def _status(pid: int, key: str) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            pass
        return 0

    def tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            pids.append(p)
            try:
                for task in Path(f"/proc/{p}/task").iterdir():
                    kids = (task / "children").read_text().split()
                    todo += [int(k) for k in kids]
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                pass
        return pids

    def sample(self) -> int:
        total = sum(self._status(p, "VmRSS") for p in self.tree())
        self.peak_tree_bytes = max(self.peak_tree_bytes, total)
        self.samples += 1
        return total

    def hwm(self) -> int:
        return self._status(self.pid, "VmHWM")

    def peak(self) -> int:
        return max(self.peak_tree_bytes, self.hwm())

    async def run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(self.every)
