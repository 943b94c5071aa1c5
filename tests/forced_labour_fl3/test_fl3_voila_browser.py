"""The deep-dive notebook presented as a code-free app (Voila), in headless Chromium.

A facilitator opens 04_deep_dives in Voila, answers an exercise wrongly then rightly, and
reveals the webinar answers; no code is shown and no widget fails to display. Uses Debian's
Chromium through playwright-python; skips with a message when either is missing, unless
WORKBOOK_REQUIRE_BROWSER=1.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK = "04_deep_dives.ipynb"
EXERCISE = "fl4-employer-pays"


def _require_browser():
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed")
    try:
        import voila  # noqa: F401
    except ImportError:
        problems.append("voila is not installed")
    if problems:
        msg = "Voila browser test needs: " + "; ".join(problems)
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(msg)
        pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def voila_app(tmp_path):
    _require_browser()
    root = tmp_path / "root"
    shutil.copytree(ROOT / "notebooks" / "forced_labour", root)
    home = tmp_path / "workbook-home"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
               IPYTHONDIR=str(tmp_path / "ipython"), WORKBOOK_HOME=str(home), JUPYTER_PLATFORM_DIRS="1",
               MPLBACKEND="Agg")
    port = _free_port()
    log_path = tmp_path / "voila.log"
    cmd = [sys.executable, "-m", "voila", NOTEBOOK, "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"voila exited: {log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"voila not ready: {log_path.read_text()[-3000:]}")
                time.sleep(0.25)
        yield {"url": f"http://127.0.0.1:{port}/", "home": home}
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _saved(home: Path, exercise: str, value, correct: bool, timeout: float = 15) -> dict:
    path = home / "progress.json"
    deadline, entry = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        with suppress(FileNotFoundError, json.JSONDecodeError, KeyError):
            entry = json.loads(path.read_text())["answers"].get(exercise)
            if entry and entry.get("value") == value and entry.get("correct") is correct:
                return entry
        time.sleep(0.1)
    pytest.fail(f"{path} never held {exercise}={value!r} (correct={correct}); last: {entry}")


def test_deep_dives_in_voila_hides_code_answers_an_exercise_and_reveals_the_webinar(voila_app):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
        ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto(voila_app["url"], timeout=90_000)
            card = page.locator(f".wb-exercise-{EXERCISE}")
            expect(card).to_be_visible(timeout=90_000)
            feedback = card.locator(".wb-feedback")
            card.get_by_role("radio", name="The worker, if the fee is below one month's wage").check()
            card.get_by_role("button", name="Check").click()
            expect(feedback.locator(".wb-no")).to_have_count(1, timeout=20_000)
            _saved(voila_app["home"], EXERCISE, "The worker, if the fee is below one month's wage", False)
            card.get_by_role("radio", name="The employer").check()
            card.get_by_role("button", name="Check").click()
            expect(feedback.locator(".wb-ok")).to_have_count(1, timeout=20_000)
            _saved(voila_app["home"], EXERCISE, "The employer", True)

            webinar = page.locator(".wb-flr-webinar")
            expect(webinar).to_be_visible()
            webinar.get_by_role("button", name="Reveal answers").click()
            expect(webinar).to_contain_text("Key point", timeout=20_000)

            expect(page.get_by_text("Error displaying widget")).to_have_count(0)
            expect(page.get_by_text("import workbook")).to_have_count(0)
        finally:
            with suppress(Exception):
                art = ROOT / "test-artifacts"
                art.mkdir(exist_ok=True)
                page.screenshot(path=str(art / "fl3_voila_deep_dives.png"), full_page=False)
            browser.close()
