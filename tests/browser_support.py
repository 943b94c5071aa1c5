"""Shared plumbing for the real-browser tests: Debian's Chromium through playwright-python,
JupyterLab and Voila servers on loopback with isolated per-user directories and kernels that
cannot reach the network.

Never downloads a browser. Skips with a message when Chromium or playwright is missing,
unless WORKBOOK_REQUIRE_BROWSER=1 (then the tests fail). Every page records its console
errors and every request that would leave 127.0.0.1 (refused), for :func:`assert_clean_page`.
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

from notebook_runner import NO_NETWORK

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
    """Per-user directories in ``tmp``; the package from this checkout; kernels without network."""
    startup = tmp / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-no-network.py").write_text(NO_NETWORK)
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               IPYTHONDIR=str(tmp / "ipython"), WORKBOOK_HOME=str(tmp / "workbook-home"),
               JUPYTER_PLATFORM_DIRS="1", PYTHONPATH=python_path)
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


VOILA_TEMPLATES = ROOT / "share" / "jupyter"  # the course's Voila template: no CDN request


@contextmanager
def voila_server(root: Path, notebook: str | None, tmp: Path, log_name: str = "voila.log", **env: str):
    """Voila as ``make present`` runs it; with ``notebook=None`` it serves every notebook under
    ``root`` (``info["url_of"](rel)`` is the page of one)."""
    port = free_port()
    cmd = [sys.executable, "-m", "voila", *([notebook] if notebook else []), "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True", "--template=workbook"]
    base = f"http://127.0.0.1:{port}"
    jupyter_path = os.pathsep.join(p for p in (str(VOILA_TEMPLATES), os.environ.get("JUPYTER_PATH", "")) if p)
    with server(cmd, f"{base}/voila/static/", root, isolated_env(tmp, JUPYTER_PATH=jupyter_path, **env),
                ARTIFACTS / log_name):
        yield {"url": f"{base}/", "url_of": lambda rel: f"{base}/voila/render/{rel}",
               "home": tmp / "workbook-home", "base": base}


@contextmanager
def lab_server(root: Path, notebook: str | None, tmp: Path, log_name: str = "jupyterlab.log"):
    """JupyterLab with windowing off (every cell is in the page). ``info["url"]`` opens
    ``notebook``; ``info["url_of"](rel)`` opens a notebook in a workspace of its own, so no
    earlier notebook is restored beside it."""
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
    opened = iter(range(1, 10_000))

    def url_of(rel: str) -> str:
        return f"{base}/lab/workspaces/w{next(opened)}/tree/{rel}?token={token}"

    with server(cmd, f"{base}/api/status?token={token}", root, env, ARTIFACTS / log_name):
        yield {"url": f"{base}/lab/tree/{notebook or ''}?token={token}", "url_of": url_of,
               "home": tmp / "workbook-home", "base": base, "token": token}


def shut_down_kernels(lab: dict) -> None:
    """End every kernel of a Lab server (one per opened notebook), so they do not pile up."""
    api = f"{lab['base']}/api/sessions?token={lab['token']}"
    with suppress(OSError, ValueError):
        for session in json.loads(urllib.request.urlopen(api, timeout=10).read()):
            request = urllib.request.Request(f"{lab['base']}/api/sessions/{session['id']}?token={lab['token']}",
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=20)


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


def wait_for_data(home: Path, key: str, test, timeout: float = 15) -> dict:
    """Poll the progress file until the participant data under ``key`` passes ``test``."""
    path = home / "progress.json"
    deadline, value = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        with suppress(FileNotFoundError, json.JSONDecodeError):
            value = json.loads(path.read_text()).get("data", {}).get(key)
            if isinstance(value, dict) and test(value):
                return value
        time.sleep(0.1)
    pytest.fail(f"{path} never held the expected {key}; last value: {value}")


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


LOCAL = re.compile(r"^(https?|wss?)://127\.0\.0\.1[:/]|^(data|blob|about):")


def new_page(browser, width: int = 1280, height: int = 1000):
    """A page in a fresh context that refuses (and records) every request leaving 127.0.0.1 and
    records console errors: ``pg.outside`` and ``pg.console_errors``."""
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.outside, pg.console_errors = [], []

    def refuse(route) -> None:
        pg.outside.append(route.request.url)
        route.abort()

    ctx.route(lambda url: not LOCAL.match(url), refuse)
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda exc: pg.console_errors.append(f"uncaught: {exc}"))
    pg.set_default_timeout(30_000)
    return pg


def close_page(pg, screenshot: Path | None = None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    if screenshot is not None:
        with suppress(Exception):  # also records the state of a failed test
            pg.screenshot(path=str(screenshot), full_page=False)
    with suppress(Exception):
        pg.close(run_before_unload=True)  # Voila shuts the page's kernel down on unload
    with suppress(Exception):
        pg.context.close()


def assert_clean_page(pg) -> None:
    """No request left 127.0.0.1 and the browser console shows no error."""
    assert pg.outside == [], f"requests outside 127.0.0.1: {pg.outside}"
    assert pg.console_errors == [], f"console errors: {pg.console_errors}"


@pytest.fixture
def page(browser, request):
    pg = new_page(browser)
    yield pg
    close_page(pg, ARTIFACTS / f"{request.node.name}.png")
