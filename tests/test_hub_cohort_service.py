"""The facilitator's cohort service, which a hub runs beside itself for `workbook cohort --hub`.

It reads participants' progress files straight from their homes on the hub's machine, so a
facilitator's refresh never reaches a participant's server; it never writes to a participant's
files, does not follow a progress file out of its owner's home, names a file it cannot use and
still reads the rest, and answers only tokens that the hub says may use the service.
"""
from __future__ import annotations

import asyncio
import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from jupyterhub.services.auth import HubAuth

from workbook.course.cohort import load_cohort
from workbook.course.progress import ProgressStore
from workbook.errors import InputError
from workbook.hub import make_app, read_homes

EX = "start-electricity-scope"
READER = {"name": "facilitator", "kind": "service", "scopes": ["access:services!service=cohort"]}
PARTICIPANT = {"name": "ann", "kind": "user", "scopes": ["access:servers!user=ann", "read:users:activity!user=ann"]}


def home_with_answer(homes: Path, name: str, value: str, correct: bool) -> Path:
    store = ProgressStore(homes / name / "workbook-data")
    store.record(EX, value, correct=correct, checked=True)
    return store.path


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def homes(tmp_path) -> Path:
    homes = tmp_path / "homes"
    home_with_answer(homes, "ann", "Scope 2", True)
    home_with_answer(homes, "bob", "Scope 1", False)
    (homes / "cem").mkdir()  # logged in, nothing saved yet
    broken = homes / "dee" / "workbook-data" / "progress.json"
    broken.parent.mkdir(parents=True)
    broken.write_text('{"format": 1, "answers": {"start-')
    return homes


def test_every_home_is_read_and_a_broken_file_is_named_with_its_owner(homes):
    before, paths = snapshot(homes), sorted(homes.rglob("*"))
    doc = read_homes(str(homes / "{username}"))
    assert [p["name"] for p in doc["participants"]] == ["ann", "bob"]
    assert doc["participants"][0]["answers"][EX]["value"] == "Scope 2"
    assert doc["without_answers"] == 1
    assert [(p["file"], "not valid JSON" in p["message"]) for p in doc["problems"]] == [("hub user dee", True)]
    assert snapshot(homes) == before, "nothing is written, moved or repaired"
    assert sorted(homes.rglob("*")) == paths, "no file (not even a lock) is made in a participant's home"


def test_a_progress_file_that_points_outside_its_owners_home_is_not_read(homes, tmp_path):
    other = home_with_answer(tmp_path / "elsewhere", "x", "Scope 3", False)
    (homes / "eve" / "workbook-data").mkdir(parents=True)
    (homes / "eve" / "workbook-data" / "progress.json").symlink_to(other)
    doc = read_homes(str(homes / "{username}"))
    assert "eve" not in [p["name"] for p in doc["participants"]]
    assert any(p["file"] == "hub user eve" and "outside its owner's home" in p["message"] for p in doc["problems"])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_place_of_a_progress_file_never_blocks_the_service(homes):
    (homes / "fay" / "workbook-data").mkdir(parents=True)
    os.mkfifo(homes / "fay" / "workbook-data" / "progress.json")
    assert read_homes(str(homes / "{username}"))["without_answers"] == 2


def test_homes_named_with_a_prefix_are_read_and_other_folders_left_alone(tmp_path):
    home_with_answer(tmp_path, "jupyter-ann", "Scope 2", True)
    home_with_answer(tmp_path, "ubuntu", "Scope 1", False)
    doc = read_homes(str(tmp_path / "jupyter-{username}"))
    assert [p["name"] for p in doc["participants"]] == ["ann"]


def test_the_homes_must_be_an_absolute_template_with_the_username(tmp_path):
    for bad in (str(tmp_path), "homes/{username}", str(tmp_path / "{username}" / "{username}")):
        with pytest.raises(InputError, match="absolute path with {username} once"):
            read_homes(bad)


class StubHubAuth(HubAuth):
    """The hub's answer to "whose token is this?", without a hub."""

    def user_for_token(self, token, use_cache=True, session_id="", *, sync=True):
        model = {"reader-token": READER, "ann-token": PARTICIPANT}.get(token)
        model = dict(model, scopes=list(model["scopes"])) if model else None
        if sync:
            return model

        async def answer():
            return model
        return answer()


@pytest.fixture
def service(homes):
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets

    auth = StubHubAuth(api_token="service-token", api_url="http://127.0.0.1:9/hub/api",
                       access_scopes={"access:services!service=cohort"})
    app = make_app(str(homes / "{username}"), hub_auth=auth)
    loop, ready, port = asyncio.new_event_loop(), threading.Event(), []

    def run() -> None:
        asyncio.set_event_loop(loop)
        sockets = bind_sockets(0, "127.0.0.1")
        port.append(sockets[0].getsockname()[1])
        loop.run_until_complete(asyncio.sleep(0))
        HTTPServer(app).add_sockets(sockets)
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    yield f"http://127.0.0.1:{port[0]}"
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


def get(url: str, token: str | None) -> tuple[int, bytes]:
    headers = {"Authorization": f"token {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_only_a_token_with_access_to_the_service_gets_the_answers(service):
    url = f"{service}/services/cohort/api/progress"
    status, body = get(url, "reader-token")
    assert status == 200 and [p["name"] for p in json.loads(body)["participants"]] == ["ann", "bob"]
    assert get(url, "ann-token")[0] == 403, "a participant's own token"
    assert get(url, "unknown-token")[0] == 403
    assert get(url, None)[0] == 403


def test_workbook_cohort_reads_the_service_end_to_end(service):
    cohort = load_cohort([], hub=service, token="reader-token")
    assert len(cohort.participants) == 2
    assert [p.file for p in cohort.problems] == ["hub user dee"]
    assert cohort.notes == ["1 participant(s) on the hub have not saved an answer yet"]
    with pytest.raises(InputError, match="refused the token"):
        load_cohort([], hub=service, token="ann-token")


def test_run_outside_the_hub_the_service_still_answers_only_its_own_scope(homes, monkeypatch):
    """Without JUPYTERHUB_SERVICE_NAME (an external service on Kubernetes set up by hand), HubAuth
    would allow every token the hub knows: the service falls back to its own scope."""
    monkeypatch.delenv("JUPYTERHUB_OAUTH_ACCESS_SCOPES", raising=False)
    monkeypatch.delenv("JUPYTERHUB_OAUTH_SCOPES", raising=False)
    monkeypatch.delenv("JUPYTERHUB_SERVICE_NAME", raising=False)
    auth = StubHubAuth(api_token="service-token", api_url="http://127.0.0.1:9/hub/api")
    assert auth.access_scopes == set()
    make_app(str(homes / "{username}"), hub_auth=auth)
    assert auth.access_scopes == {"access:services!service=cohort"}
