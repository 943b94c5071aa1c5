"""The deep-dive notebook presented as a code-free app (Voila), in headless Chromium.

A facilitator opens 04_deep_dives in Voila, answers an exercise wrongly then rightly, and
reveals the webinar answers; no code is shown and no widget fails to display.
"""
from __future__ import annotations

import pytest

from browser_support import (course_copy, no_broken_widgets,
                             require_browser, voila_server, wait_for_answer)

pytestmark = pytest.mark.browser

NOTEBOOK = "04_deep_dives.ipynb"
EXERCISE = "fl4-employer-pays"
WRONG = "The worker, if the fee is below one month's wage"


@pytest.fixture
def voila_app(tmp_path):
    require_browser()
    with voila_server(course_copy(tmp_path, "forced_labour"), NOTEBOOK, tmp_path,
                      log_name="voila-deep-dives.log", MPLBACKEND="Agg") as info:
        yield info


def test_deep_dives_in_voila_hides_code_answers_an_exercise_and_reveals_the_webinar(voila_app, page):
    from playwright.sync_api import expect

    page.goto(voila_app["url"], timeout=90_000)
    card = page.locator(f".wb-exercise-{EXERCISE}")
    expect(card).to_be_visible(timeout=90_000)
    feedback = card.locator(".wb-feedback")
    card.get_by_role("radio", name=WRONG).check()
    card.get_by_role("button", name="Check").click()
    expect(feedback.locator(".wb-no")).to_have_count(1, timeout=20_000)
    wait_for_answer(voila_app["home"], EXERCISE, WRONG, False)
    card.get_by_role("radio", name="The employer").check()
    card.get_by_role("button", name="Check").click()
    expect(feedback.locator(".wb-ok")).to_have_count(1, timeout=20_000)
    wait_for_answer(voila_app["home"], EXERCISE, "The employer", True)

    webinar = page.locator(".wb-flr-webinar")
    expect(webinar).to_be_visible()
    webinar.get_by_role("button", name="Reveal answers").click()
    expect(webinar).to_contain_text("Key point", timeout=20_000)
    no_broken_widgets(page)
    expect(page.get_by_text("import workbook")).to_have_count(0)
