"""Real-browser tests: the start-here notebook in JupyterLab and in Voila, in headless Chromium.

A participant opens the notebook, runs it, answers an exercise wrongly and then rightly, and
sees the feedback change; the progress file holds the answer; no widget fails to display.
Uses playwright-python with Debian's Chromium (never a downloaded browser). Skips with a
message when Chromium or playwright is missing, unless WORKBOOK_REQUIRE_BROWSER=1.
Screenshots and server logs are kept in test-artifacts/.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
NOTEBOOK = "00_start_here.ipynb"
EXERCISE = "start-electricity-scope"
LAB_SETTINGS = {
    # Render every cell, so widgets below the fold exist in the page.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _course_copy(tmp: Path) -> Path:
    """A copy of notebooks/, so the browser's autosave never touches the course sources."""
    root = tmp / "root"
    shutil.copytree(ROOT / "notebooks", root)
    return root


def _isolated_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"), WORKBOOK_HOME=str(tmp / "workbook-home"),
               JUPYTER_PLATFORM_DIRS="1")
    env.update(extra)
    return env


@contextmanager
def _server(cmd: list[str], url: str, cwd: Path, env: dict[str, str], log_path: Path, timeout: float = 90):
    """Start a server in its own process group; yield once it answers HTTP; always stop it."""
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                pytest.fail(f"server exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answered, so it is listening
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"server not ready after {timeout} s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.25)
        yield proc
    finally:
        proc.terminate()  # SIGTERM: the server shuts its kernels down itself
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # only our own process group
            proc.wait()


def _wait_for_answer(home: Path, exercise: str, value: str, correct: bool, timeout: float = 15) -> dict:
    """The kernel saves asynchronously: poll the progress file."""
    path = home / "progress.json"
    deadline = time.monotonic() + timeout
    entry = None
    while time.monotonic() < deadline:
        with suppress(FileNotFoundError, json.JSONDecodeError):
            entry = json.loads(path.read_text())["answers"].get(exercise)
            if entry and entry.get("value") == value and entry.get("correct") is correct:
                return entry
        time.sleep(0.1)
    pytest.fail(f"{path} never held {exercise}={value!r} (correct={correct}); last entry: {entry}")


def _answer_wrong_then_right(page, home: Path) -> None:
    from playwright.sync_api import expect

    card = page.locator(f".wb-exercise-{EXERCISE}")
    expect(card).to_be_visible(timeout=60_000)
    feedback = card.locator(".wb-feedback")
    card.get_by_role("radio", name="Scope 1").check()
    card.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("You do not own the power station", timeout=20_000)
    expect(feedback.locator(".wb-no")).to_have_count(1)
    _wait_for_answer(home, EXERCISE, "Scope 1", False)

    card.get_by_role("radio", name="Scope 2").check()
    card.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("Purchased electricity", timeout=20_000)
    expect(feedback.locator(".wb-ok")).to_have_count(1)
    expect(feedback).not_to_contain_text("You do not own the power station")
    entry = _wait_for_answer(home, EXERCISE, "Scope 2", True)
    assert entry["attempts"] == 2

    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^(VBox|Button|RadioButtons)\("))).to_have_count(0)


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def browser():
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problems.append("playwright is not installed (pip install playwright)")
    if problems:
        message = "browser tests need: " + "; ".join(problems)
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    # Offline-safe: anything not served by our own server is refused (e.g. CDN fonts).
    ctx.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    with suppress(Exception):  # also records the state of a failed test
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=False)
    ctx.close()


@pytest.fixture
def lab(tmp_path):
    root = _course_copy(tmp_path)
    settings = tmp_path / "lab-user-settings"
    for name, values in LAB_SETTINGS.items():
        f = settings / f"{name}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = _isolated_env(tmp_path, JUPYTERLAB_SETTINGS_DIR=str(settings),
                        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with _server(cmd, f"{base}/api/status?token={token}", root, env, ARTIFACTS / "jupyterlab.log"):
        yield {"url": f"{base}/lab/tree/{NOTEBOOK}?token={token}", "home": tmp_path / "workbook-home"}


@pytest.fixture
def voila(tmp_path):
    root = _course_copy(tmp_path)
    port = _free_port()
    cmd = [sys.executable, "-m", "voila", NOTEBOOK, "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True"]
    base = f"http://127.0.0.1:{port}"
    ARTIFACTS.mkdir(exist_ok=True)
    with _server(cmd, f"{base}/voila/static/", root, _isolated_env(tmp_path), ARTIFACTS / "voila.log"):
        yield {"url": f"{base}/", "home": tmp_path / "workbook-home"}


# ---------------------------------------------------------------------- tests
def test_start_here_in_jupyterlab_gives_feedback_and_saves_the_answer(lab, page):
    """The server fixture comes first, so it is torn down after the page (and its screenshot)."""
    from playwright.sync_api import expect

    page.goto(lab["url"])
    # The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is really up.
    expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))).to_be_visible(timeout=90_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    expect(page.locator(".wb-map")).to_be_visible(timeout=60_000)  # the course map rendered
    _answer_wrong_then_right(page, lab["home"])
    expect(page.locator(".wb-exercise")).to_have_count(7)  # every exercise of the notebook, each a live widget
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
           .filter(has_text="Traceback")).to_have_count(0)


def test_start_here_in_voila_hides_code_and_responds(voila, page):
    from playwright.sync_api import expect

    page.goto(voila["url"], timeout=90_000)
    _answer_wrong_then_right(page, voila["home"])
    expect(page.get_by_text("import workbook")).to_have_count(0)  # sources are hidden
