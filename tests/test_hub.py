"""The one-machine hub for real, on 127.0.0.1: five participants spawned at once, the start
notebook run in each through the hub's REST and websocket kernel APIs, answers recorded; every
answer is in its owner's progress file and nowhere else, each file 0600, kernels over IPC; the
facilitator reads the cohort through the hub's API. And one participant in a real browser:
log in with the cohort password, follow the nbgitpuller link, answer, see it saved.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import hub_support as hs
from browser_support import ARTIFACTS, no_broken_widgets, require_browser, wait_for_answer
from workbook.course.cohort import load_cohort
from workbook.course.link import course_links

pytestmark = [pytest.mark.hub, pytest.mark.notebooks]
PARTICIPANTS = [f"p{n}" for n in range(1, 6)]


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    problems = hs.missing()
    if problems:
        message = "the hub test needs: " + "; ".join(problems)
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("hub")
    repo = hs.course_repository(tmp / "course-repo")
    ARTIFACTS.mkdir(exist_ok=True)
    with hs.running_hub(tmp, course_repo=repo, spawn_limit=5) as running:
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


def test_the_facilitator_reads_the_cohort_through_the_hub_api(hub):
    cohort = load_cohort([], hub=hub.url, token=hub.token[::-1])  # the facilitator's read-only token
    assert len(cohort.participants) == len(PARTICIPANTS) and not cohort.problems
    firsts = [p.answers["start-electricity-scope"]["tries"][0]["value"] for p in cohort.participants]
    assert firsts == ["Scope 1"] * len(PARTICIPANTS)


@pytest.mark.browser
def test_a_participant_logs_in_follows_the_link_answers_and_it_is_saved(hub, page):
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
