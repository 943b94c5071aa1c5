"""Drive the one-machine course hub (deploy/hub) on 127.0.0.1: start it, create participants,
spawn their servers, run a notebook in each through the REST and websocket kernel APIs, and
measure what it costs. Shared by tests/test_hub.py and benchmarks/bench_hub.py.

Everything lives in one temporary folder; ports are chosen free on 127.0.0.1; the hub runs in
its own process group and is always stopped (SIGTERM, then SIGKILL of that group only).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"
PROXY = ROOT / "deploy" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
START = "course/notebooks/00_start_here.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing() -> list[str]:
    """What the hub needs that is not here (empty when it can start)."""
    problems = []
    if not PROXY.exists():
        problems.append(f"{PROXY.relative_to(ROOT)} is missing (run `make setup`: npm ci in deploy/hub)")
    for module in ("jupyterhub", "jupyterhub_idle_culler", "nbgitpuller", "websocket"):
        try:
            __import__(module)
        except ImportError:
            problems.append(f"python package {module} is missing")
    if not shutil.which("git"):
        problems.append("git is missing")
    return problems


def course_repository(folder: Path) -> Path:
    """A small git repository of the course notebooks, branch main, as a hub would pull it."""
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "notebooks", folder / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = dict(os.environ, GIT_AUTHOR_NAME="course", GIT_AUTHOR_EMAIL="course@example.org",
               GIT_COMMITTER_NAME="course", GIT_COMMITTER_EMAIL="course@example.org")
    for cmd in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "course"]):
        subprocess.run(["git", *cmd], cwd=folder, env=env, check=True, capture_output=True)
    return folder


@dataclass
class Hub:
    url: str
    api: str
    token: str
    password: str
    state: Path
    log: Path
    pid: int
    timings: dict[str, list[float]] = field(default_factory=dict)

    # ------------------------------------------------------------------ REST
    def request(self, method: str, path: str, body: Any = None, timeout: float = 60) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            with suppress(ValueError):
                return exc.code, json.loads(raw)
            return exc.code, raw.decode(errors="replace")

    def login(self, name: str, password: str) -> int:
        """Log in through the hub's login form as a browser does; the HTTP status (302: logged in)."""
        import http.cookiejar
        import re
        from urllib.parse import urlencode

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                             NoRedirect)
        page = opener.open(f"{self.url}/hub/login", timeout=30).read().decode()
        xsrf = re.search(r'name="_xsrf"\s+value="([^"]*)"', page)
        form = urlencode({"username": name, "password": password, "_xsrf": xsrf.group(1) if xsrf else ""})
        try:
            with opener.open(f"{self.url}/hub/login", data=form.encode(), timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def users(self) -> dict[str, tuple[str | None, bool]]:
        """Every user's last activity as the hub's API reports it, and whether a server runs."""
        status, users = self.request("GET", "/hub/api/users")
        assert status == 200, (status, users)
        return {u["name"]: (u.get("last_activity"), bool(u.get("servers"))) for u in users}

    def create_users(self, names: list[str]) -> None:
        status, body = self.request("POST", "/hub/api/users", {"usernames": names})
        assert status in (201, 409), (status, body)

    def spawn(self, name: str, timeout: float = 600) -> float:
        """Start a participant's server (retrying while the hub throttles); seconds until ready."""
        t0 = time.monotonic()
        deadline = t0 + timeout
        while True:
            status, body = self.request("POST", f"/hub/api/users/{name}/server")
            if status in (201, 202) or (status == 400 and "already running" in str(body)):
                break
            if status == 429 and time.monotonic() < deadline:
                time.sleep(2)
                continue
            raise AssertionError(f"spawn of {name} refused: {status} {body}")
        while time.monotonic() < deadline:
            status, user = self.request("GET", f"/hub/api/users/{name}")
            server = (user or {}).get("servers", {}).get("") if status == 200 else None
            if server and server.get("ready"):
                return time.monotonic() - t0
            if status == 200 and not server and time.monotonic() - t0 > 10:
                raise AssertionError(f"the server of {name} stopped while starting:\n{self.tail()}")
            time.sleep(0.5)
        raise AssertionError(f"the server of {name} was not ready after {timeout} s:\n{self.tail()}")

    def stop(self, name: str) -> None:
        self.request("DELETE", f"/hub/api/users/{name}/server")

    def home(self, name: str) -> Path:
        return self.state / "homes" / name

    def progress(self, name: str) -> Path:
        return self.home(name) / "workbook-data" / "progress.json"

    def tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:] if self.log.exists() else ""

    # ------------------------------------------------------------------ kernels
    @contextmanager
    def kernel(self, name: str, path: str = START, timeout: float = 120) -> Iterator["Kernel"]:
        status, session = self.request("POST", f"/user/{name}/api/sessions",
                                       {"path": path, "type": "notebook", "name": Path(path).name,
                                        "kernel": {"name": "python3"}}, timeout=timeout)
        assert status == 201, (status, session)
        kernel_id = session["kernel"]["id"]
        import websocket

        ws = websocket.create_connection(
            f"{self.url.replace('http', 'ws', 1)}/user/{name}/api/kernels/{kernel_id}/channels",
            header=[f"Authorization: token {self.token}"], timeout=timeout)
        try:
            yield Kernel(ws, timeout)
        finally:
            with suppress(Exception):
                ws.close()
            self.request("DELETE", f"/user/{name}/api/sessions/{session['id']}")


@dataclass
class Kernel:
    ws: Any
    timeout: float
    session: str = field(default_factory=lambda: uuid.uuid4().hex)

    def execute(self, code: str) -> list[str]:
        """Run code; return the errors it raised (empty when it ran cleanly)."""
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": self.session,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        errors: list[str] = []
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            if msg["msg_type"] == "execute_reply":
                if msg["content"].get("status") == "error" and not errors:
                    errors.append(f"{msg['content'].get('ename')}: {msg['content'].get('evalue')}")
                return errors
        raise TimeoutError(f"no reply within {self.timeout} s to: {code[:80]}")

    def run_notebook(self, path: Path) -> list[str]:
        """Every code cell in order, as Run All does; the errors, each with its cell."""
        import nbformat

        errors = []
        for n, cell in enumerate(nbformat.read(path, as_version=4).cells, 1):
            if cell.cell_type == "code" and cell.source.strip():
                errors += [f"cell {n}: {e}" for e in self.execute(cell.source)]
        return errors


def answer_code(name: str) -> str:
    """What a participant does after Run All: a wrong check, a right one, and a reflection of their own."""
    return (
        "_w = course.widgets['start-electricity-scope']\n"
        "_w.radio.value = 'Scope 1'; assert _w.check().correct is False\n"
        "_w.radio.value = 'Scope 2'; assert _w.check().correct is True\n"
        "_f = course.widgets['start-expectations']\n"
        f"_f.area.value = 'what {name} expects'; _f.check()\n")


def check_answers(hub: Hub, name: str, others: list[str] = ()) -> list[str]:
    """Problems with a participant's progress file: missing answers, another's answer, not 0600."""
    path = hub.progress(name)
    if not path.exists():
        return [f"{name}: no progress file at {path}"]
    problems = []
    mode = path.stat().st_mode & 0o777
    if mode != 0o600:
        problems.append(f"{name}: progress file mode {oct(mode)}, not 0o600")
    answers = json.loads(path.read_text())["answers"]
    if answers.get("start-expectations", {}).get("value") != f"what {name} expects":
        problems.append(f"{name}: own reflection missing: {answers.get('start-expectations')}")
    text = path.read_text()
    problems += [f"{name}: holds the answer of {other}" for other in others
                 if other != name and f"what {other} expects" in text]
    tries = answers.get("start-electricity-scope", {}).get("tries")
    if tries != [{"value": "Scope 1", "correct": False}, {"value": "Scope 2", "correct": True}]:
        problems.append(f"{name}: tries not kept: {tries}")
    return problems


def memory(names: list[str]) -> dict[str, tuple[int, int]]:
    """(RSS, PSS) in bytes per participant: their server and every process below it (kernels)."""
    import psutil

    out: dict[str, tuple[int, int]] = {}
    for proc in psutil.process_iter(["pid"]):
        with suppress(psutil.Error, OSError):
            user = proc.environ().get("JUPYTERHUB_USER")
            if user not in names or proc.parent() and proc.parent().environ().get("JUPYTERHUB_USER") == user:
                continue  # count each participant's tree once, from its top process
            rss = pss = 0
            for p in [proc, *proc.children(recursive=True)]:
                with suppress(psutil.Error, OSError):
                    rss += p.memory_info().rss
                    pss += _pss(p.pid)
            old = out.get(user, (0, 0))
            out[user] = (old[0] + rss, old[1] + pss)
    return out


def _pss(pid: int) -> int:
    with suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


@contextmanager
def running_hub(tmp: Path, course_repo: Path | None = None, spawn_limit: int = 10,
                log_name: str = "hub.log", ready_timeout: float = 120, activity_interval: int | None = None,
                tokens: Path | None = None) -> Iterator[Hub]:
    """The course hub on free ports of 127.0.0.1, its state in ``tmp``; always stopped.

    ``activity_interval``: seconds between the hub's readings of activity from the proxy (default
    the configuration's 300); ``tokens``: a hash file from ``workbook hub tokens`` (personal tokens
    instead of the cohort password)."""
    state = tmp / "hub"
    state.mkdir(parents=True, exist_ok=True)
    port, token, password = free_port(), secrets.token_hex(24), "cohort-" + secrets.token_hex(6)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "WORKBOOK_HUB"))}
    env.update(WORKBOOK_HUB_STATE=str(state), WORKBOOK_HUB_PORT=str(port),
               WORKBOOK_HUB_API_PORT=str(free_port()), WORKBOOK_HUB_PROXY_API_PORT=str(free_port()),
               WORKBOOK_HUB_COHORT_PORT=str(free_port()),
               WORKBOOK_HUB_ADMIN_TOKEN=token, WORKBOOK_HUB_FACILITATOR_TOKEN=token[::-1],
               WORKBOOK_HUB_PASSWORD=password, WORKBOOK_HUB_SPAWN_LIMIT=str(spawn_limit),
               WORKBOOK_HUB_MAX_SERVERS="200")
    if course_repo:
        env["WORKBOOK_HUB_COURSE_REPO"] = str(course_repo)
    if activity_interval:
        env["WORKBOOK_HUB_ACTIVITY_INTERVAL"] = str(activity_interval)
    if tokens:
        env["WORKBOOK_HUB_TOKENS"] = str(tokens)
    log = tmp / log_name
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)], cwd=state, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    hub = Hub(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/hub/api", token, password, state, log, proc.pid)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the hub exited with {proc.returncode}:\n{hub.tail()}")
            with suppress(OSError):
                status, _ = hub.request("GET", "/hub/api/", timeout=3)
                if status == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not answer within {ready_timeout} s:\n{hub.tail()}")
            time.sleep(0.5)
        yield hub
    finally:
        proc.terminate()  # the hub stops every participant's server itself (cleanup_servers)
        try:
            proc.wait(90)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # our own process group only
            proc.wait()
        _stop_leftovers(state)
        shutil.rmtree(runtime_dir(state), ignore_errors=True)


def runtime_dir(state: Path) -> Path:
    """Where the hub's configuration puts participants' kernel sockets (a short path under /tmp)."""
    import hashlib

    return Path("/tmp") / f"workbook-hub-{hashlib.sha1(str(state).encode()).hexdigest()[:8]}"


def _stop_leftovers(state: Path) -> None:
    """Participants' servers this hub started (their WORKBOOK_HOME is under its state) that outlived it."""
    import psutil

    for proc in psutil.process_iter(["pid"]):
        with suppress(psutil.Error, OSError):
            if proc.environ().get("WORKBOOK_HOME", "").startswith(str(state) + os.sep):
                proc.kill()
