"""Real-browser tests: the start-here notebook in JupyterLab and in Voila, in headless Chromium.

A participant opens the notebook, runs it, answers an exercise wrongly and then rightly, and
sees the feedback change; the progress file holds the answer; no widget fails to display.
Screenshots and server logs are kept in test-artifacts/.
"""
from __future__ import annotations

import re

import pytest

from browser_support import (course_copy, lab_server, no_broken_widgets,
                             require_browser, voila_server, wait_for_answer)

pytestmark = pytest.mark.browser

NOTEBOOK = "00_start_here.ipynb"
EXERCISE = "start-electricity-scope"


def answer_wrong_then_right(page, home) -> None:
    from playwright.sync_api import expect

    card = page.locator(f".wb-exercise-{EXERCISE}")
    expect(card).to_be_visible(timeout=60_000)
    feedback = card.locator(".wb-feedback")
    card.get_by_role("radio", name="Scope 1").check()
    card.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("You do not own the power station", timeout=20_000)
    expect(feedback.locator(".wb-no")).to_have_count(1)
    wait_for_answer(home, EXERCISE, "Scope 1", False)

    card.get_by_role("radio", name="Scope 2").check()
    card.get_by_role("button", name="Check").click()
    expect(feedback).to_contain_text("Purchased electricity", timeout=20_000)
    expect(feedback.locator(".wb-ok")).to_have_count(1)
    expect(feedback).not_to_contain_text("You do not own the power station")
    entry = wait_for_answer(home, EXERCISE, "Scope 2", True)
    assert entry["attempts"] == 2
    no_broken_widgets(page)


@pytest.fixture
def lab(tmp_path):
    require_browser()
    with lab_server(course_copy(tmp_path), NOTEBOOK, tmp_path) as info:
        yield info


@pytest.fixture
def voila(tmp_path):
    require_browser()
    with voila_server(course_copy(tmp_path), NOTEBOOK, tmp_path) as info:
        yield info


def test_start_here_in_jupyterlab_gives_feedback_and_saves_the_answer(lab, page):
    """The server fixture comes first, so it is torn down after the page (and its screenshot)."""
    from playwright.sync_api import expect

    page.goto(lab["url"])
    # The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is really up.
    expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))).to_be_visible(timeout=90_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    expect(page.locator(".wb-map")).to_be_visible(timeout=60_000)  # the course map rendered
    answer_wrong_then_right(page, lab["home"])
    expect(page.locator(".wb-exercise")).to_have_count(7)  # every exercise of the notebook, each a live widget
    expect(page.locator(".wb-glossary")).to_be_visible()


def test_start_here_in_voila_hides_code_and_responds(voila, page):
    from playwright.sync_api import expect

    page.goto(voila["url"], timeout=90_000)
    answer_wrong_then_right(page, voila["home"])
    expect(page.get_by_text("import workbook")).to_have_count(0)  # sources are hidden
