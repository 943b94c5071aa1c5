"""The facilitator's cohort service: a small read-only web API that JupyterHub runs beside itself.

``workbook cohort --hub URL --token T`` asks it for every participant's answers. It reads the
progress files straight from the participants' homes on the hub's machine (it runs as the hub's
user), so a facilitator refreshing the cohort view never sends a request to a participant's
server: nothing counts as a participant's activity (the idle culler still stops the servers of
people who left), no server is started, and participants whose server is stopped are counted too.
It never writes to a participant's files: progress files are read as they are, without a lock,
and one that points outside its owner's home is not read at all.

Only a token with the scope ``access:services!service=<name>`` gets an answer (the hub's admins
and the facilitator role in deploy/hub/jupyterhub_config.py); JupyterHub checks the token
(``jupyterhub.services.auth.HubAuth``). The answer::

    GET /services/cohort/api/progress
    {"format": 1, "participants": [{"name": ..., "answers": {...}}], "problems": [...], "without_answers": 3}
"""
from __future__ import annotations

import glob
import json
import os
from pathlib import Path
from typing import Any

from workbook.course import COHORT_API, COHORT_SERVICE, HUB_PROGRESS_PATH, read_progress_file
from workbook.errors import InputError, Problem

FORMAT = 1


def check_homes(homes: str) -> tuple[str, str]:
    """The parts of a homes template around its one ``{username}``, e.g. ``/home/jupyter-{username}``."""
    if homes.count("{username}") != 1 or not os.path.isabs(homes):
        raise InputError([Problem("the homes must be an absolute path with {username} once in it", value=homes,
                                  fix="e.g. /home/jupyter-{username} (The Littlest JupyterHub) or "
                                      "/srv/homes/{username}")],
                         title="Cannot serve the cohort")
    before, after = homes.split("{username}")
    return before, after


def read_homes(homes: str, progress_path: str = HUB_PROGRESS_PATH) -> dict[str, Any]:
    """Every participant's answers below the homes, read only; a file that cannot be used is named
    with the reason (by its owner's name, for the facilitator) and the others are still read."""
    before, after = check_homes(homes)
    participants: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    without_answers = 0
    for home in sorted(glob.glob(glob.escape(before) + "*" + glob.escape(after))):
        name = home[len(before):len(home) - len(after)] if after else home[len(before):]
        if not name or os.sep in name or not os.path.isdir(home):
            continue
        label = f"hub user {name}"
        path = Path(home) / progress_path
        if not path.is_file():  # no answer saved yet (and never a pipe or a device)
            without_answers += 1
            continue
        if not path.resolve().is_relative_to(Path(home).resolve()):
            problems.append(Problem("the progress file points outside its owner's home, so it is not read",
                                    file=label).as_dict())
            continue
        try:
            answers, found = read_progress_file(path, label)
        except InputError as exc:
            problems += [p.as_dict() for p in exc.problems]
            continue
        problems += [p.as_dict() for p in found]
        participants.append({"name": name, "answers": answers})
    return {"format": FORMAT, "participants": participants, "problems": problems,
            "without_answers": without_answers}


def make_app(homes: str, progress_path: str = HUB_PROGRESS_PATH, prefix: str = f"/services/{COHORT_SERVICE}/",
             hub_auth: Any = None):
    """The tornado application: one GET endpoint, for tokens the hub says may use this service."""
    from jupyterhub.services.auth import HubAuth, HubAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import web

    check_homes(homes)

    class ProgressHandler(HubAuthenticated, web.RequestHandler):
        def initialize(self, auth) -> None:
            self.hub_auth = auth

        @web.authenticated
        def get(self) -> None:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(json.dumps(read_homes(homes, progress_path), ensure_ascii=False))

    auth = hub_auth if hub_auth is not None else HubAuth()
    if not auth.access_scopes:  # never "any token the hub knows": run outside the hub, name the service
        auth.access_scopes = {f"access:services!service={os.environ.get('JUPYTERHUB_SERVICE_NAME') or COHORT_SERVICE}"}
    return web.Application([(url_path_join(prefix, COHORT_API), ProgressHandler, {"auth": auth})])


def serve(homes: str, progress_path: str = HUB_PROGRESS_PATH, url: str | None = None,
          prefix: str | None = None) -> None:
    """Run the service until stopped, where the hub says (``JUPYTERHUB_SERVICE_URL``, ``_PREFIX``)."""
    import asyncio
    from urllib.parse import urlsplit

    if not os.environ.get("JUPYTERHUB_API_TOKEN"):
        raise InputError([Problem("the cohort service is run by JupyterHub, which gives it its token",
                                  fix="add it to c.JupyterHub.services (see deploy/hub/jupyterhub_config.py)")],
                         title="Cannot serve the cohort")
    parts = urlsplit(url or os.environ.get("JUPYTERHUB_SERVICE_URL") or "http://127.0.0.1:8002")
    app = make_app(homes, progress_path, prefix or os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
                   or f"/services/{COHORT_SERVICE}/")

    async def run() -> None:
        app.listen(parts.port or 80, address=parts.hostname or "127.0.0.1")
        await asyncio.Event().wait()

    asyncio.run(run())
