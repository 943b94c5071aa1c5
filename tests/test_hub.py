"""The one-machine hub for real, on 127.0.0.1: five participants spawned at once, the start
notebook run in each through the hub's REST and websocket kernel APIs, answers recorded; every
answer is in its owner's progress file and nowhere else, each file 0600, kernels over IPC; the
facilitator reads the cohort through the hub's cohort service without keeping anyone's server
alive. Participants with personal tokens log in with their own and nobody with a wrong one.
And one participant in a real browser: log in with the cohort password, follow the nbgitpuller
link, answer, see it saved, and see the notebook in Voila with nothing requested off 127.0.0.1.
"""
from __future__ import annotations

import csv
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import hub_support as hs
from browser_support import ARTIFACTS, no_broken_widgets, require_browser, wait_for_answer
from workbook.cli import main
from workbook.course.link import course_links
from workbook.hub import write_token_files

pytestmark = [pytest.mark.hub, pytest.mark.notebooks]
PARTICIPANTS = [f"p{n}" for n in range(1, 6)]
ACTIVITY_INTERVAL = 2  # seconds between the hub's readings of activity from the proxy (300 by default)


def require_hub() -> None:
    problems = hs.missing()
    if problems:
        message = "the hub test needs: " + "; ".join(problems)
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    require_hub()
    tmp = tmp_path_factory.mktemp("hub")
    repo = hs.course_repository(tmp / "course-repo")
    ARTIFACTS.mkdir(exist_ok=True)
    with hs.running_hub(tmp, course_repo=repo, spawn_limit=5, activity_interval=ACTIVITY_INTERVAL) as running:
        running.repo = repo
        yield running
    (ARTIFACTS / "hub.log").write_text(running.log.read_text(errors="replace"))


def participant_session(hub: hs.Hub, name: str) -> tuple[list[str], list[str]]:
    """Run All in the participant's own copy, answer; also the IPC sockets seen meanwhile."""
    with hub.kernel(name) as kernel:
        errors = kernel.run_notebook(hub.home(name) / hs.START)
        errors += kernel.execute(hs.answer_code(name))
        sockets = [p.name for p in Path(kernel_runtime(hub, name)).glob("kernel-*-ipc-*")]
    return errors, sockets


def kernel_runtime(hub: hs.Hub, name: str) -> Path:
    return hs.runtime_dir(hub.state) / name


def test_five_participants_each_find_their_own_answers_in_their_own_private_file(hub):
    hub.create_users(PARTICIPANTS)
    with ThreadPoolExecutor(len(PARTICIPANTS)) as pool:
        spawn_times = list(pool.map(hub.spawn, PARTICIPANTS))
        sessions = dict(zip(PARTICIPANTS, pool.map(lambda n: participant_session(hub, n), PARTICIPANTS)))
    assert all(t > 0 for t in spawn_times)
    for name, (errors, sockets) in sessions.items():
        assert errors == [], f"{name}: {errors}"
        assert sockets, f"{name}: the kernel did not use IPC sockets"
    problems = [p for name in PARTICIPANTS for p in hs.check_answers(hub, name, PARTICIPANTS)]
    assert problems == []
    assert (hub.home("p1") / "workbook-data").stat().st_mode & 0o077 == 0


def settled(hub: hs.Hub, timeout: float = 120) -> dict[str, tuple[str | None, bool]]:
    """Every user's activity and server, once the hub's readings of activity no longer change them."""
    deadline, before = time.monotonic() + timeout, hub.users()
    while time.monotonic() < deadline:
        time.sleep(2 * ACTIVITY_INTERVAL + 1)
        now = hub.users()
        if now == before:
            return now
        before = now
    raise AssertionError(f"the users' activity kept changing: {before}")


def test_the_facilitator_reads_the_cohort_without_touching_a_participants_server(hub, capsys):
    """`workbook cohort --hub` asks the hub's cohort service, which reads the progress files on the
    hub's machine: every participant is counted, also those whose server is stopped, no one's
    activity changes (so the idle culler still stops idle servers) and no server is started."""
    stopped = PARTICIPANTS[-2:]
    for name in stopped:
        hub.stop(name)
    deadline = time.monotonic() + 60
    while any(hub.users()[n][1] for n in stopped) and time.monotonic() < deadline:
        time.sleep(0.5)
    before = settled(hub)
    assert [n for n in PARTICIPANTS if before[n][1]] == PARTICIPANTS[:-2], before

    assert main(["cohort", "--hub", hub.url, "--token", hub.token[::-1], "--json"]) == 0  # the facilitator's token
    report = json.loads(capsys.readouterr().out)
    assert report["participants"] == len(PARTICIPANTS) and report["files_not_counted"] == []
    first = next(e for e in report["exercises"] if e["exercise"] == "start-electricity-scope")
    assert (first["first_tries"], first["right_first_try"]) == (len(PARTICIPANTS), 0)
    assert first["common_wrong"] == [{"answer": "Scope 1", "count": len(PARTICIPANTS)}]
    time.sleep(2 * ACTIVITY_INTERVAL + 1)  # the hub has read the proxy's activity since
    assert hub.users() == before, "reading the cohort changed a participant's activity or started a server"

    # Not vacuous: one request through the proxy to a participant's server, as the cohort view
    # made before (even asking the server not to track it), does count as that participant's activity.
    name = PARTICIPANTS[0]
    status, _ = hub.request("GET", f"/user/{name}/api/contents/workbook-data/progress.json?no_track_activity=1")
    assert status == 200
    deadline = time.monotonic() + 10 * ACTIVITY_INTERVAL + 10
    while hub.users()[name][0] == before[name][0] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert hub.users()[name][0] != before[name][0], "the hub did not see a proxied request as activity"


def test_a_participants_own_token_cannot_read_the_cohort(hub, capsys):
    status, body = hub.request("POST", f"/hub/api/users/{PARTICIPANTS[0]}/tokens", {"expires_in": 600})
    assert status == 201, body
    assert main(["cohort", "--hub", hub.url, "--token", body["token"]]) == 2
    err = capsys.readouterr().err
    assert "refused the token (HTTP 403)" in err and "Traceback" not in err


def test_participants_log_in_with_their_own_token_and_nobody_with_a_wrong_one(tmp_path_factory):
    """With WORKBOOK_HUB_TOKENS the hub reads only the hash file: a listed name with its own token
    (typed in any case, with spaces for dashes) logs in; another's token, a wrong one, an unlisted
    name and the cohort password do not. The facilitator keeps the admin password."""
    require_hub()
    tmp = tmp_path_factory.mktemp("token-hub")
    listed, hashes, names = write_token_files(tmp / "tokens.csv", 3, prefix="t")
    tokens = dict(csv.reader(listed.read_text().splitlines()[1:]))
    with hs.running_hub(tmp, tokens=hashes, log_name="token-hub.log") as th:
        assert th.login("t001", tokens["t001"]) == 302
        assert th.login("t002", tokens["t002"].upper().replace("-", " ")) == 302
        assert th.login("t003", tokens["t001"]) == 403, "another participant's token"
        assert th.login("t003", tokens["t003"][:-1] + ("a" if tokens["t003"][-1] != "a" else "b")) == 403
        assert th.login("intruder", tokens["t001"]) == 403, "a name that is not in the list"
        assert th.login("t003", th.password) == 403, "the cohort password is not accepted"
        assert th.login("facilitator", (th.state / "facilitator-password").read_text().strip()) == 302
        assert set(th.users()) == {"t001", "t002", "facilitator"}
    log = th.log.read_text(errors="replace")
    assert not any(token in log or token.upper() in log for token in tokens.values()), "a token in the hub's log"


@pytest.mark.browser
def test_a_participant_logs_in_follows_the_link_answers_it_is_saved_and_voila_stays_local(hub, page):
    from playwright.sync_api import expect

    require_browser()
    link = course_links(hub.url, str(hub.repo), branch="main").nbgitpuller
    page.goto(f"{hub.url}/hub/login", timeout=60_000)
    page.fill("#username_input", "browser1")
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(r"/(user|hub)/"), timeout=180_000)
    page.goto(link, timeout=180_000)  # nbgitpuller copies the course, then opens the notebook
    page.wait_for_url(re.compile(r"/lab/tree/course-repo/notebooks/00_start_here\.ipynb"), timeout=180_000)
    assert (hub.home("browser1") / "course-repo" / "notebooks" / "00_start_here.ipynb").is_file()
    expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))).to_be_visible(timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    card = page.locator(".wb-exercise-start-electricity-scope")
    expect(card).to_be_visible(timeout=90_000)
    card.get_by_role("radio", name="Scope 2").check()
    card.get_by_role("button", name="Check").click()
    expect(card.locator(".wb-feedback .wb-ok")).to_have_count(1, timeout=30_000)
    no_broken_widgets(page)
    entry = wait_for_answer(hub.home("browser1") / "workbook-data", "start-electricity-scope", "Scope 2", True)
    assert entry["tries"] == [{"value": "Scope 2", "correct": True}]
    assert (hub.progress("browser1").stat().st_mode & 0o777) == 0o600

    # The same notebook as an app: Voila on the participant's server, with the course's template
    # (Voila's default one loads its fonts from a CDN), asks nothing of anything but 127.0.0.1.
    page.outside.clear()
    page.goto(f"{hub.url}/user/browser1/voila/render/course-repo/notebooks/00_start_here.ipynb", timeout=180_000)
    expect(page.locator(".wb-exercise-start-electricity-scope")).to_be_visible(timeout=180_000)
    page.wait_for_load_state("load")
    no_broken_widgets(page)
    assert page.outside == [], f"Voila on the hub asked for: {page.outside}"
