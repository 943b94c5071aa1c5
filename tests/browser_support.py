"""Shared plumbing for the real-browser tests: Debian's Chromium through playwright-python,
JupyterLab and Voila servers on loopback with isolated per-user directories.

Never downloads a browser. Skips with a message when Chromium or playwright is missing,
unless WORKBOOK_REQUIRE_BROWSER=1 (then the tests fail).
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
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]
LAB_SETTINGS = {
    # Render every cell, so widgets below the fold exist in the page.
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def missing_browser() -> list[str]:
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("playwright is not installed (pip install playwright)")
    return problems


def require_browser() -> None:
    problems = missing_browser()
    if problems:
        message = "browser tests need: " + "; ".join(problems)
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def course_copy(tmp: Path, folder: str = "") -> Path:
    """A copy of notebooks/ (or a folder of it), so autosave never touches the course sources."""
    root = tmp / "root"
    shutil.copytree(ROOT / "notebooks" / folder, root)
    return root


def isolated_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"), WORKBOOK_HOME=str(tmp / "workbook-home"),
               JUPYTER_PLATFORM_DIRS="1")
    env.update(extra)
    return env


@contextmanager
def server(cmd: list[str], url: str, cwd: Path, env: dict[str, str], log_path: Path, timeout: float = 90):
    """Start a server in its own process group; yield once it answers HTTP; always stop it."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
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


@contextmanager
def voila_server(root: Path, notebook: str, tmp: Path, log_name: str = "voila.log", **env: str):
    port = free_port()
    cmd = [sys.executable, "-m", "voila", notebook, "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True"]
    base = f"http://127.0.0.1:{port}"
    with server(cmd, f"{base}/voila/static/", root, isolated_env(tmp, **env), ARTIFACTS / log_name):
        yield {"url": f"{base}/", "home": tmp / "workbook-home"}


@contextmanager
def lab_server(root: Path, notebook: str, tmp: Path, log_name: str = "jupyterlab.log"):
    settings = tmp / "lab-user-settings"
    for name, values in LAB_SETTINGS.items():
        f = settings / f"{name}.jupyterlab-settings"
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    port, token = free_port(), __import__("secrets").token_hex(16)
    env = isolated_env(tmp, JUPYTERLAB_SETTINGS_DIR=str(settings),
                       JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    base = f"http://127.0.0.1:{port}"
    with server(cmd, f"{base}/api/status?token={token}", root, env, ARTIFACTS / log_name):
        yield {"url": f"{base}/lab/tree/{notebook}?token={token}", "home": tmp / "workbook-home"}


def wait_for_answer(home: Path, exercise: str, value, correct: bool | None, timeout: float = 15) -> dict:
    """The kernel saves asynchronously: poll the progress file until it holds the answer."""
    path = home / "progress.json"
    deadline, entry = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        with suppress(FileNotFoundError, json.JSONDecodeError):
            entry = json.loads(path.read_text())["answers"].get(exercise)
            if entry and entry.get("value") == value and entry.get("correct") is correct:
                return entry
        time.sleep(0.1)
    pytest.fail(f"{path} never held {exercise}={value!r} (correct={correct}); last entry: {entry}")


def no_broken_widgets(page) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^(VBox|HBox|Button|RadioButtons)\("))).to_have_count(0)


@pytest.fixture(scope="session")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

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
