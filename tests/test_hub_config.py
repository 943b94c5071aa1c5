"""The one-machine hub's configuration (deploy/hub/jupyterhub_config.py), read without starting
a hub: kernels over IPC, answers in a WORKBOOK_HOME that cannot shadow the package, git told
that the course repository is safe, limits for a cohort arriving at once, the idle culler, the
facilitator's read-only cohort service, personal tokens, Voila without a CDN."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config.loader import PyFileConfigLoader

from workbook.paths import shadows_package

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "hub" / "jupyterhub_config.py"


@pytest.fixture
def load(tmp_path, monkeypatch):
    def load(repo: Path = ROOT, tokens: Path | None = None):
        monkeypatch.setenv("WORKBOOK_HUB_STATE", str(tmp_path / "state"))
        if tokens:
            monkeypatch.setenv("WORKBOOK_HUB_TOKENS", str(tokens))
        else:
            monkeypatch.delenv("WORKBOOK_HUB_TOKENS", raising=False)
        monkeypatch.setenv("WORKBOOK_HUB_COURSE_REPO", str(repo))
        monkeypatch.setenv("WORKBOOK_HUB_PASSWORD", "a-cohort-password")
        return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()
    yield load
    import hashlib

    shutil.rmtree(Path("/tmp") / f"workbook-hub-{hashlib.sha1(str(tmp_path / 'state').encode()).hexdigest()[:8]}",
                  ignore_errors=True)  # the short runtime folder the configuration made


def fake_spawner(tmp_path: Path, name: str = "ann"):
    return SimpleNamespace(home_dir=str(tmp_path / "state" / "homes" / name), user=SimpleNamespace(name=name))


def test_kernels_talk_over_ipc_not_tcp_ports(load):
    """All participants share one host: TCP kernel ports collided (1 kernel in 20 stayed dead)."""
    assert "--KernelManager.transport=ipc" in load().Spawner.args


def test_each_participant_has_a_home_and_a_workbook_home_that_cannot_shadow_the_package(load, tmp_path):
    c = load()
    spawner = fake_spawner(tmp_path)
    home = Path(c.Spawner.environment["WORKBOOK_HOME"](spawner))
    assert home == Path(spawner.home_dir) / "workbook-data" and not shadows_package(home)
    assert c.SimpleLocalProcessSpawner.home_dir_template.endswith("/homes/{username}")
    runtime = c.Spawner.environment["JUPYTER_RUNTIME_DIR"](spawner)
    assert len(os.path.join(runtime, "kernel-" + "x" * 36 + "-ipc-65535")) < 108, "Unix socket path limit"


def test_the_course_is_copied_into_a_new_home_and_never_over_a_participants_copy(load, tmp_path):
    c = load()
    spawner = fake_spawner(tmp_path)
    c.Spawner.pre_spawn_hook(spawner)
    start = Path(spawner.home_dir) / "course" / "notebooks" / "00_start_here.ipynb"
    assert start.is_file() and c.Spawner.default_url == "/lab/tree/course/notebooks/00_start_here.ipynb"
    assert not (Path(spawner.home_dir) / "course" / "notebooks" / "facilitator").exists()
    assert Path(spawner.home_dir).stat().st_mode & 0o077 == 0
    start.write_text("edited by the participant")
    c.Spawner.pre_spawn_hook(spawner)
    assert start.read_text() == "edited by the participant"


def test_git_is_told_the_course_repository_is_safe(load):
    c = load()
    text = Path(c.Spawner.environment["GIT_CONFIG_GLOBAL"]).read_text()
    assert f"directory = {ROOT}\n" in text


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("git"), reason="needs root (chown) and git")
def test_a_course_repository_owned_by_another_account_can_be_pulled(load, tmp_path):
    """Without the safe.directory file git refuses the repository ("dubious ownership")."""
    repo = tmp_path / "course.git"
    subprocess.run(["git", "init", "-q", "--bare", str(repo)], check=True)
    os.chown(repo, 65534, 65534)
    for p in repo.rglob("*"):
        os.chown(p, 65534, 65534, follow_symlinks=False)
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    git = lambda config: subprocess.run(["git", "-C", str(repo), "rev-parse", "--git-dir"],  # noqa: E731
                                        env=dict(os.environ, GIT_CONFIG_GLOBAL=str(config), GIT_CONFIG_NOSYSTEM="1"),
                                        capture_output=True, text=True)
    refused = git(empty)
    assert refused.returncode != 0 and "dubious ownership" in refused.stderr
    c = load(repo)
    assert git(c.Spawner.environment["GIT_CONFIG_GLOBAL"]).returncode == 0


def test_a_cohort_arriving_at_once_is_queued_and_idle_servers_are_culled(load):
    c = load()
    assert 1 <= c.JupyterHub.concurrent_spawn_limit <= 20
    assert c.JupyterHub.active_server_limit >= 40
    assert c.Spawner.start_timeout >= 180 and c.Spawner.http_timeout >= 60
    culler = next(s for s in c.JupyterHub.services if s["name"] == "idle-culler")
    assert "jupyterhub_idle_culler" in culler["command"] and any(a.startswith("--timeout=") for a in culler["command"])
    role = next(r for r in c.JupyterHub.load_roles if r["name"] == "idle-culler")
    assert "delete:servers" in role["scopes"]


def test_participants_log_in_with_the_cohort_password_and_the_hub_listens_on_loopback(load):
    c = load()
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "a-cohort-password"
    assert c.Authenticator.admin_users == {"facilitator"}
    assert c.JupyterHub.bind_url.startswith("http://127.0.0.1:")
    reader = next(r for r in c.JupyterHub.load_roles if r["name"] == "cohort-reader")
    assert not any(s.startswith(("admin", "delete", "servers")) for s in reader["scopes"]), "read only"


def test_the_facilitator_reads_the_cohort_through_a_service_never_a_participants_server(load):
    """A request through the proxy to a participant's server counts as their activity, so the
    facilitator's token may use the cohort service (which reads the homes on this machine) and
    nothing else: no access to participants' servers."""
    c = load()
    reader = next(r for r in c.JupyterHub.load_roles if r["name"] == "cohort-reader")
    assert reader["scopes"] == ["access:services!service=cohort"] and reader["services"] == ["facilitator"]
    service = next(s for s in c.JupyterHub.services if s["name"] == "cohort")
    assert service["url"].startswith("http://127.0.0.1:") and service["display"] is False
    command = service["command"]
    assert command[1:5] == ["-m", "workbook.cli", "hub", "cohort-service"]
    assert command[command.index("--homes") + 1] == c.SimpleLocalProcessSpawner.home_dir_template


def test_with_a_hash_file_each_participant_logs_in_with_their_own_token(load, tmp_path):
    from jupyterhub.auth import Authenticator
    from traitlets.utils.importstring import import_item

    from workbook.hub import write_token_files

    _, hashes, _ = write_token_files(tmp_path / "tokens.csv", 2)
    c = load(tokens=hashes)
    assert issubclass(import_item(c.JupyterHub.authenticator_class), Authenticator)
    assert c.ParticipantTokenAuthenticator.token_file == str(hashes)
    assert c.Authenticator.allow_all is False, "only the names in the hash file"
    assert "user_password" not in c.SharedPasswordAuthenticator, "no cohort password beside the tokens"
    assert len(c.SharedPasswordAuthenticator.admin_password) >= 32


def test_voila_on_a_participants_server_uses_the_course_template_and_no_cdn(load, tmp_path):
    """Voila's default template loads fonts from cdn.jsdelivr.net and, as a server extension,
    MathJax from cdnjs.cloudflare.com; the course template and a null MathJax URL load neither."""
    env = load().Spawner.environment
    assert (Path(env["JUPYTER_PATH"]) / "voila" / "templates" / "workbook" / "index.html.j2").is_file()
    server_config = json.loads((Path(env["JUPYTER_CONFIG_PATH"]) / "jupyter_server_config.json").read_text())
    assert server_config["VoilaConfiguration"]["template"] == "workbook"
    assert server_config["ServerApp"]["tornado_settings"] == {"mathjax_url": None, "mathjax_config": None}


def test_the_proxy_comes_from_npm_with_a_lock_file():
    hub = ROOT / "deploy" / "hub"
    assert (hub / "package-lock.json").is_file()
    assert "configurable-http-proxy" in (hub / "package.json").read_text()
    assert "deploy/hub/node_modules/" in (ROOT / ".gitignore").read_text()
    assert "npm ci" in (ROOT / "Makefile").read_text()
