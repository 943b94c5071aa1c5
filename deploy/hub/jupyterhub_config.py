"""JupyterHub for the course on one machine: `make hub` starts it on 127.0.0.1.

What a participant gets: log in with any name and the cohort password (or their own name and
token, see WORKBOOK_HUB_TOKENS), land in JupyterLab on
course/notebooks/00_start_here.ipynb in a home of their own (the course is copied in on first
start and never overwritten later), answers saved in ~/workbook-data (WORKBOOK_HOME). Idle
servers are stopped by jupyterhub-idle-culler; spawns are throttled so that a whole cohort
arriving at once queues instead of overloading the machine. The facilitator reads the cohort with
`workbook cohort --hub URL --token T`, through a read-only service that reads the progress files
on this machine and never touches a participant's server.

Settings come from the environment (all optional; `make hub` sets the first ones):
  WORKBOOK_HUB_STATE       folder for the database, secrets and homes (default ./.hub)
  WORKBOOK_HUB_IP / _PORT  where the hub listens (default 127.0.0.1:8000)
  WORKBOOK_HUB_API_PORT / WORKBOOK_HUB_PROXY_API_PORT   internal ports (default 8081 / 8001)
  WORKBOOK_HUB_PASSWORD    the cohort password, 8+ characters (default: generated once and
                           kept in STATE/cohort-password)
  WORKBOOK_HUB_TOKENS      instead of the cohort password: the hash file from `workbook hub tokens`;
                           each participant logs in with their own name and token
  WORKBOOK_HUB_ADMIN_PASSWORD  password of the user `facilitator` (admin), 32+ characters
  WORKBOOK_HUB_FACILITATOR_TOKEN  an API token for `workbook cohort --hub URL --token T` (it may use
                           the cohort service and nothing else)
  WORKBOOK_HUB_COHORT_PORT where the cohort service listens on 127.0.0.1 (default 8002)
  WORKBOOK_HUB_ADMIN_TOKEN an API token with admin rights (tests and benchmarks)
  WORKBOOK_HUB_COURSE_REPO the course repository (default: this checkout)
  WORKBOOK_HUB_SPAWN_LIMIT servers starting at once (default 10)
  WORKBOOK_HUB_MAX_SERVERS servers running at once (default 60: about 385 MB each with two notebooks)
  WORKBOOK_HUB_IDLE_TIMEOUT seconds without activity before a server is stopped (default 3600)
  WORKBOOK_HUB_ACTIVITY_INTERVAL seconds between the hub's readings of activity (default 300)

Running it for real
-------------------
This file is for a demo, the tests and the load benchmark: SimpleLocalProcessSpawner runs
every participant as the hub's own Unix user, which isolates nobody. For a real cohort on one
VM use The Littlest JupyterHub (https://tljh.jupyter.org), which gives each participant a Unix
account, a systemd-limited server and HTTPS (`tljh-config set https.enabled true`):
  1. install TLJH on an Ubuntu VM (1 GB RAM per 3 active participants is tight; size from
     docs/deploy.md), with `--admin facilitator`;
  2. `sudo -E /opt/tljh/user/bin/pip install -e <course checkout> --config-settings
     editable_mode=compat` (or `conda env update -f environment.yml` into /opt/tljh/user);
  3. `tljh-config set user_environment.default_app jupyterlab`, and in
     /opt/tljh/config/jupyterhub_config.d/workbook.py put the lines marked "for real" below:
     WORKBOOK_HOME, GIT_CONFIG_GLOBAL, the IPC kernel transport, Voila without a CDN
     (JUPYTER_PATH=<course checkout>/share/jupyter and JUPYTER_CONFIG_PATH=<course
     checkout>/deploy/hub/jupyter_config), the spawn limits, and the cohort service
     with its reader role, started as `/opt/tljh/user/bin/python -m workbook.cli hub
     cohort-service --homes /home/jupyter-{username}` (the homes TLJH makes);
  4. for personal tokens instead of one cohort password: `workbook hub tokens --count N --out
     tokens.csv`, install the package into the hub's own environment too (`sudo
     /opt/tljh/hub/bin/pip install <course checkout>`, for the authenticator) and set the
     authenticator lines marked "for real" with the hash file;
  5. send the nbgitpuller link from `workbook link --hub https://HUB --repo URL`.
Plain JupyterHub behind TLS works the same way: LocalProcessSpawner (or SystemdSpawner) with
PAM or an OAuth authenticator, `c.JupyterHub.ssl_key`/`ssl_cert` or a reverse proxy (nginx,
Caddy) terminating TLS in front of the proxy, and the same "for real" lines. On Kubernetes use
deploy/z2jh/values.yaml.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides it)

HERE = Path(__file__).resolve().parent
REPO = Path(os.environ.get("WORKBOOK_HUB_COURSE_REPO") or HERE.parents[1]).resolve()
STATE = Path(os.environ.get("WORKBOOK_HUB_STATE") or Path.cwd() / ".hub").resolve()
STATE.mkdir(parents=True, exist_ok=True, mode=0o700)
HOMES = STATE / "homes"
COURSE_FOLDER = "course"  # the course's folder in each home
START = f"{COURSE_FOLDER}/notebooks/00_start_here.ipynb"
COHORT_SERVICE = "cohort"  # the name `workbook cohort --hub` asks for (workbook.course.cohort.COHORT_SERVICE)
TOKENS = os.environ.get("WORKBOOK_HUB_TOKENS")  # participants' token hashes (`workbook hub tokens`)
VOILA_TEMPLATES = HERE.parents[1] / "share" / "jupyter"  # the course's Voila template (no CDN requests)
SERVER_CONFIG = HERE / "jupyter_config"  # participants' servers: Voila's template, MathJax without a CDN
IP = os.environ.get("WORKBOOK_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("WORKBOOK_HUB_PORT", "8000"))


def _secret(name: str, env: str, nbytes: int) -> str:
    """A value from the environment, else one generated once and kept (0600) in STATE."""
    if os.environ.get(env):
        return os.environ[env]
    path = STATE / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(nbytes) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


# ---------------------------------------------------------------- the hub and its proxy
c.JupyterHub.bind_url = f"http://{IP}:{PORT}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ.get('WORKBOOK_HUB_API_PORT', '8081')}"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('WORKBOOK_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.auth_token = _secret("proxy-token", "CONFIGPROXY_AUTH_TOKEN", 32)
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.cleanup_servers = True  # `make hub` stopped means every participant's server stops

# ---------------------------------------------------------------- who may log in
c.Authenticator.admin_users = {"facilitator"}
c.SharedPasswordAuthenticator.admin_password = _secret("facilitator-password", "WORKBOOK_HUB_ADMIN_PASSWORD", 32)
if TOKENS:
    # for real: each participant logs in with their own name and token (`workbook hub tokens`); the hub
    # reads only the hash file, and only the names in it may log in
    c.JupyterHub.authenticator_class = "workbook.hub.authenticator.ParticipantTokenAuthenticator"
    c.ParticipantTokenAuthenticator.token_file = str(Path(TOKENS).expanduser().resolve())
    c.Authenticator.allow_all = False
else:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = _secret("cohort-password", "WORKBOOK_HUB_PASSWORD", 9)
    c.Authenticator.allow_all = True  # anyone with the cohort password, under a name of their choosing
c.JupyterHub.load_roles = [
    # for real: the facilitator's API token reads participants' answers through the cohort service
    # (`workbook cohort --hub`), nothing more: no participant's server, so no one is kept from being culled
    {"name": "cohort-reader", "scopes": [f"access:services!service={COHORT_SERVICE}"], "services": ["facilitator"]},
    {"name": "hub-admin", "scopes": ["admin:users", "admin:servers", "access:servers", "tokens", "list:users",
                                     "read:users"], "services": ["hub-admin"]},
    {"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
]
SERVICES = [
    {"name": "idle-culler", "command": [
        sys.executable, "-m", "jupyterhub_idle_culler",
        f"--timeout={os.environ.get('WORKBOOK_HUB_IDLE_TIMEOUT', '3600')}", "--cull-every=300", "--concurrency=5"]},
    # for real: the cohort service reads progress files from the homes on this machine (it runs as the
    # hub's user) and answers only tokens with access:services!service=cohort (the admins, cohort-reader)
    {"name": COHORT_SERVICE, "url": f"http://127.0.0.1:{os.environ.get('WORKBOOK_HUB_COHORT_PORT', '8002')}",
     "display": False, "command": [sys.executable, "-m", "workbook.cli", "hub", "cohort-service",
                                   "--homes", str(HOMES / "{username}")]},
]
for name, env in (("facilitator", "WORKBOOK_HUB_FACILITATOR_TOKEN"), ("hub-admin", "WORKBOOK_HUB_ADMIN_TOKEN")):
    SERVICES.append({"name": name, **({"api_token": os.environ[env]} if os.environ.get(env) else {})})
c.JupyterHub.services = SERVICES
# how often the hub reads participants' activity from the proxy (the tests make it short)
c.JupyterHub.last_activity_interval = int(os.environ.get("WORKBOOK_HUB_ACTIVITY_INTERVAL", "300"))

# ---------------------------------------------------------------- a cohort arriving at once
# Measured on 2 cores (docs/deploy.md): 6.6 CPU-s per participant to spawn and run two notebooks,
# 290 MB RSS with one notebook, 385 MB with two; 40 at once: every spawn done within 130 s.
c.JupyterHub.concurrent_spawn_limit = int(os.environ.get("WORKBOOK_HUB_SPAWN_LIMIT", "10"))
c.JupyterHub.active_server_limit = int(os.environ.get("WORKBOOK_HUB_MAX_SERVERS", "60"))
c.Spawner.start_timeout = 300  # a queue of 40 spawns on 2 cores takes about a minute
c.Spawner.http_timeout = 180
c.JupyterHub.init_spawners_timeout = 30

# ---------------------------------------------------------------- each participant's server
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: no system users (demo and tests only)
c.SimpleLocalProcessSpawner.home_dir_template = str(HOMES / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = f"/lab/tree/{START}"
# git (for nbgitpuller) and the locale; PYTHONPATH only when the hub runs from a development checkout
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV", "JUPYTERHUB_SINGLEUSER_APP"]
SAFE_GIT = STATE / "gitconfig"
SAFE_GIT.write_text(f"[safe]\n\tdirectory = {REPO}\n\tdirectory = {REPO}/.git\n")
SAFE_GIT.chmod(0o644)
RUNTIME = Path("/tmp") / f"workbook-hub-{hashlib.sha1(str(STATE).encode()).hexdigest()[:8]}"
RUNTIME.mkdir(exist_ok=True, mode=0o700)


def _home(spawner) -> Path:
    return Path(spawner.home_dir)


c.Spawner.environment = {
    # for real: answers on the participant's own storage, in a folder that cannot shadow the package
    "WORKBOOK_HOME": lambda spawner: str(_home(spawner) / "workbook-data"),
    # for real: git (nbgitpuller, clones) accepts the course repository owned by another account
    "GIT_CONFIG_GLOBAL": str(SAFE_GIT),
    # IPC sockets live here; a Unix socket path must stay under 108 bytes, so keep it short
    "JUPYTER_RUNTIME_DIR": lambda spawner: str(RUNTIME / spawner.user.name),
    # for real: Voila on a participant's server (/user/NAME/voila/render/...) loads nothing from a CDN:
    # the course's template is found on JUPYTER_PATH, and SERVER_CONFIG names it and leaves MathJax to
    # the page's own copy (Voila's defaults load fonts from cdn.jsdelivr.net, MathJax from cdnjs)
    "JUPYTER_PATH": str(VOILA_TEMPLATES),
    "JUPYTER_CONFIG_PATH": str(SERVER_CONFIG),
}
# for real: kernels talk over Unix sockets, not TCP ports (all users on one host collided on ports)
c.Spawner.args = ["--KernelManager.transport=ipc"]
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # the demo hub runs everyone as its own user, here root

LAB_SETTINGS = {
    # render every cell, so an exercise below the fold is a live widget as soon as it is reached
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def prepare_home(spawner) -> None:
    """Before the first start: a private home with the course copied in, and Lab settings.

    A participant's copy is never overwritten; course updates arrive by the nbgitpuller link.
    """
    home = _home(spawner)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    course = home / COURSE_FOLDER
    if not course.exists():
        shutil.copytree(REPO / "notebooks", course / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "facilitator"))
    for plugin, values in LAB_SETTINGS.items():
        path = home / ".jupyter" / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
    runtime = RUNTIME / spawner.user.name
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)


c.Spawner.pre_spawn_hook = prepare_home
