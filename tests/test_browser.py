"""Real-browser tests: every course notebook in JupyterLab and in Voila, in headless Chromium.

For each course notebook (eight for participants, the facilitators' cohort view) and each front
end, a participant opens the notebook (Lab: Run All; Voila: the page renders), does one
representative thing and sees the result change without running a cell again. Every page must then show no "Error displaying widget", no
error output, nothing in the browser console, no request outside 127.0.0.1, and no option,
label or table cell that runs into the next one or is cut, at 1280 and at 800 px wide.

One JupyterLab and one Voila server serve the whole session (each with its own
WORKBOOK_HOME). Screenshots and server logs are kept in test-artifacts/.
"""
from __future__ import annotations

import json
import re
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from browser_support import (ARTIFACTS, ROOT, assert_clean_page, close_page, course_copy, lab_server,
                             new_page, no_broken_widgets, require_browser, shut_down_kernels, voila_server,
                             wait_for_answer, wait_for_data)

pytestmark = pytest.mark.browser

FRONT_ENDS = ("lab", "voila")
LAYOUT_WIDTHS = (1280, 800)
OTHER_COMPANY = ROOT / "data" / "companies" / "eikenhout-meubelen" / "footprint.xlsx"

# What a page must not show: options whose text leaves their box or runs into the next option,
# labels and cells that cut their text ("..."), maths typeset from dollar signs.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const short = e => ((e && e.textContent) || '').trim().replace(/\\s+/g, ' ').slice(0, 70);
  const textRect = e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
  const options = [...document.querySelectorAll('.widget-radio-box > label, .widget-checkbox')].filter(visible);
  const groups = new Map();
  for (const o of options) {
    const box = o.getBoundingClientRect(), text = textRect(o);
    if (text.top < box.top - 1 || text.bottom > box.bottom + 1) problems.push(`text leaves its option: "${short(o)}"`);
    if (!groups.has(o.parentElement)) groups.set(o.parentElement, []);
    groups.get(o.parentElement).push(o);
  }
  for (const g of groups.values())
    for (let i = 0; i + 1 < g.length; i++)
      if (textRect(g[i]).bottom > g[i + 1].getBoundingClientRect().top + 1)
        problems.push(`"${short(g[i])}" runs into "${short(g[i + 1])}"`);
  const labels = '.widget-label, .widget-label-basic, .widget-radio-box label, .widget-checkbox label, td, th';
  for (const e of document.querySelectorAll(labels)) {
    if (!visible(e)) continue;
    const style = getComputedStyle(e);
    const clipped = style.overflow !== 'visible' || style.textOverflow === 'ellipsis';
    if (clipped && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 2))
      problems.push(`cut: "${short(e)}"`);
  }
  for (const e of document.querySelectorAll('td, th')) {
    const t = (e.textContent || '').trim();
    if (t.length >= 40 && /(\\.\\.\\.|…)$/.test(t)) problems.push(`cell cut short: "${t.slice(-60)}"`);
  }
  for (const e of document.querySelectorAll('mjx-container'))
    problems.push(`typeset as maths: "${short(e.closest('td, p, li, label, div'))}"`);
  return problems;
}"""


# ------------------------------------------------------------------ servers, one of each per session
@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("lab")
    with lab_server(course_copy(tmp), None, tmp) as info:
        yield info


@pytest.fixture(scope="session")
def voila(tmp_path_factory):
    require_browser()
    tmp = tmp_path_factory.mktemp("voila")
    with voila_server(course_copy(tmp), None, tmp) as info:
        yield info


@contextmanager
def opened(request, browser, front_end: str, rel: str):
    """The notebook open and fully run in a fresh page; a screenshot of the end state is kept."""
    from playwright.sync_api import expect

    app = request.getfixturevalue(front_end)  # the server first: it outlives the page
    page = new_page(browser)
    page.app = app
    name = f"{front_end}-{Path(rel).stem}"
    try:
        page.goto(app["url_of"](rel), timeout=120_000)
        if front_end == "lab":
            # The status bar reads "Python 3 (ipykernel) | Idle" once the kernel is really up.
            expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))).to_be_visible(
                timeout=120_000)
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function("""() => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                const done = prompts.length && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                const failed = document.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
                return done || failed; }""", timeout=240_000)
        else:
            expect(page.locator("#rendered_cells")).to_be_visible(timeout=240_000)
        yield page
    finally:
        close_page(page, ARTIFACTS / f"{name}.png")
        if front_end == "lab":
            shut_down_kernels(app)


def assert_sound(page, name: str) -> None:
    """No broken widget, no error output, no console error, no request outside, a sound layout."""
    from playwright.sync_api import expect

    no_broken_widgets(page)
    expect(page.locator('[data-mime-type="application/vnd.jupyter.stderr"]')).to_have_count(0)
    expect(page.get_by_text("There was an error when executing cell")).to_have_count(0)
    problems = {}
    for width in LAYOUT_WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(300)
        found = page.evaluate(LAYOUT_PROBLEMS)
        if found:
            problems[width] = sorted(set(found))
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}px.png"))
    page.set_viewport_size({"width": 1280, "height": 1000})
    assert problems == {}, f"layout problems: {problems}"
    assert_clean_page(page)
    if page.app.get("token") is None:  # Voila: the code is not shown
        expect(page.get_by_text("import workbook")).to_have_count(0)


# ------------------------------------------------------------------ one test per notebook and front end
@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_start_here_gives_feedback_and_saves_the_answer(front_end, request, browser):
    """Answered wrongly and then rightly, the exercise says why each time, and the progress file
    holds the last answer after two attempts."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "00_start_here.ipynb") as page:
        expect(page.locator(".wb-map")).to_be_visible(timeout=60_000)  # the course map rendered
        card = page.locator(".wb-exercise-start-electricity-scope")
        feedback = card.locator(".wb-feedback")
        card.get_by_role("radio", name="Scope 1").check()
        card.get_by_role("button", name="Check").click()
        expect(feedback).to_contain_text("You do not own the power station", timeout=20_000)
        expect(feedback.locator(".wb-no")).to_have_count(1)
        wait_for_answer(page.app["home"], "start-electricity-scope", "Scope 1", False)
        card.get_by_role("radio", name="Scope 2").check()
        card.get_by_role("button", name="Check").click()
        expect(feedback.locator(".wb-ok")).to_have_count(1, timeout=20_000)
        expect(feedback).not_to_contain_text("You do not own the power station")
        entry = wait_for_answer(page.app["home"], "start-electricity-scope", "Scope 2", True)
        assert entry["attempts"] == 2
        expect(page.locator(".wb-exercise")).to_have_count(7)  # every exercise of the notebook, each a live widget
        expect(page.locator(".wb-glossary")).to_be_visible()
        assert_sound(page, f"{front_end}-00_start_here")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_ghg_accounting_keeps_the_chosen_ambition(front_end, request, browser):
    """Picking an ambition level saves it with the progress at once."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "climate/01_ghg_accounting.ipynb") as page:
        picker = page.locator(".wb-ambition")
        expect(picker).to_be_visible(timeout=60_000)
        picker.get_by_role("radio", name=re.compile("^2 · SBTi SME route")).check()
        wait_for_data(page.app["home"], "climate_ambition", lambda v: v.get("level") == "sbti-sme")
        assert_sound(page, f"{front_end}-01_ghg_accounting")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_footprint_baseline_follows_an_uploaded_template(front_end, request, browser):
    """A template picked with the upload button replaces the company in every view below, without
    running a cell again: the header names the new company and the base-year total changes."""
    from playwright.sync_api import expect

    from workbook.company import Workspace, check_file

    _, new_name = check_file(OTHER_COMPANY)
    with opened(request, browser, front_end, "climate/02_footprint_baseline.ipynb") as page:
        header = page.locator(".wb-company-view").first
        expect(header).to_contain_text("Climate data:", timeout=60_000)
        old_header = header.inner_text()
        assert new_name not in old_header
        total = page.locator(".wb-company-view", has_text="Base year").last
        old_total = total.inner_text()
        try:
            with page.expect_file_chooser() as chooser:  # the participant's click and file dialog
                page.locator(".wb-upload-footprint").click()
            chooser.value.set_files(str(OTHER_COMPANY))
            expect(page.locator(".wb-upload-status")).to_contain_text(f"Using {OTHER_COMPANY.name}", timeout=60_000)
            expect(header).to_contain_text(new_name, timeout=60_000)
            expect(total).not_to_have_text(old_total, timeout=30_000)
            assert_sound(page, f"{front_end}-02_footprint_baseline")
        finally:
            Workspace(page.app["home"]).clear()  # the next notebooks show the sample company again


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_targets_waterfall_follows_a_lever_slider(front_end, request, browser):
    """Moving a lever slider redraws the reduction waterfall at once."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "climate/03_targets.ipynb") as page:
        slider = page.locator(".wb-lever-slider").first
        expect(slider).to_be_visible(timeout=60_000)
        chart = slider.locator("xpath=..").locator("img.wb-chart")
        before = chart.get_attribute("src")
        slider.locator(".noUi-handle").focus()
        page.keyboard.press("End")
        expect(chart).not_to_have_attribute("src", before, timeout=30_000)
        assert_sound(page, f"{front_end}-03_targets")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_essentials_scenario_reveals_its_analysis(front_end, request, browser):
    """A case of the scenario explorer shows its analysis only when asked."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "forced_labour/01_essentials.ipynb") as page:
        explorer = page.locator(".fl1-scenario-explorer")
        expect(explorer).to_be_visible(timeout=60_000)
        expect(explorer).not_to_contain_text("Classification:")
        explorer.get_by_role("button", name="Show the analysis").click()
        expect(explorer).to_contain_text("Classification:", timeout=20_000)
        assert_sound(page, f"{front_end}-01_essentials")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_hrdd_policy_score_follows_the_ticks(front_end, request, browser):
    """Ticking a policy element changes the policy score at once."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "forced_labour/02_hrdd_in_practice.ipynb") as page:
        policy = page.locator(".workbook-policy-check")
        expect(policy).to_be_visible(timeout=60_000)
        score = policy.locator("p", has_text="Policy score").first
        before = score.inner_text()
        policy.get_by_role("checkbox", name="Zero recruitment fees (Employer Pays Principle)").check()
        expect(score).not_to_have_text(before, timeout=20_000)
        assert_sound(page, f"{front_end}-02_hrdd_in_practice")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_flr_wizard_answers_an_example(front_end, request, browser):
    """The applicability wizard answers a chosen example with its articles."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "forced_labour/03_flr_getting_ready.ipynb") as page:
        wizard = page.locator(".wb-flr-wizard").first
        expect(wizard).to_be_visible(timeout=60_000)
        wizard.locator("select").first.select_option(index=1)
        wizard.get_by_role("button", name="Check").click()
        expect(wizard.locator(".wb-flr-result")).to_contain_text("the activity is", timeout=20_000)
        expect(wizard.locator(".wb-flr-result")).to_contain_text("Art.")
        expect(page.locator(".wb-flr-investigation img")).to_have_count(1)  # drawn while the cell ran
        assert_sound(page, f"{front_end}-03_flr_getting_ready")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_deep_dives_answer_an_exercise_and_reveal_the_webinar(front_end, request, browser):
    """An exercise answered wrongly then rightly, and the webinar answers revealed on request."""
    from playwright.sync_api import expect

    wrong = "The worker, if the fee is below one month's wage"
    with opened(request, browser, front_end, "forced_labour/04_deep_dives.ipynb") as page:
        card = page.locator(".wb-exercise-fl4-employer-pays")
        expect(card).to_be_visible(timeout=60_000)
        feedback = card.locator(".wb-feedback")
        card.get_by_role("radio", name=wrong).check()
        card.get_by_role("button", name="Check").click()
        expect(feedback.locator(".wb-no")).to_have_count(1, timeout=20_000)
        wait_for_answer(page.app["home"], "fl4-employer-pays", wrong, False)
        card.get_by_role("radio", name="The employer").check()
        card.get_by_role("button", name="Check").click()
        expect(feedback.locator(".wb-ok")).to_have_count(1, timeout=20_000)
        webinar = page.locator(".wb-flr-webinar")
        expect(webinar).not_to_contain_text("Key point")
        webinar.get_by_role("button", name="Reveal answers").click()
        expect(webinar).to_contain_text("Key point", timeout=20_000)
        assert_sound(page, f"{front_end}-04_deep_dives")


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_cohort_view_redraws_its_sections_on_refresh(front_end, request, browser):
    """The facilitator's Refresh reads the cohort again and every section is drawn again."""
    from playwright.sync_api import expect

    with opened(request, browser, front_end, "facilitator/cohort.ipynb") as page:
        bar = page.locator(".wb-cohort-refresh")
        expect(bar).to_contain_text("participants", timeout=60_000)
        sections = page.locator(".widget-output")
        tables = sections.locator("table")
        expect(tables.first).to_be_visible()
        shown = tables.count()
        bar.get_by_role("button", name="Refresh").click()
        expect(bar).to_contain_text("participants")
        page.wait_for_timeout(1000)
        expect(tables).to_have_count(shown, timeout=30_000)
        assert_sound(page, f"{front_end}-cohort")


# ------------------------------------------------------------------ the Dutch edition
def test_a_dutch_notebook_presented_in_voila_answers_in_dutch(request, browser):
    """notebooks/nl/00_start_here in Voilà speaks Dutch: prose, options, button and feedback; the
    answer is stored as the language-neutral key, so it is judged and counted as in English."""
    from playwright.sync_api import expect

    from workbook.exercises import load_bank
    from workbook.exercises.model import wording
    from workbook.i18n import translate
    from workbook.language import using

    ex = load_bank()["start-electricity-scope"]
    wrong = next(o for o in ex.options if o.text == "Scope 1")
    first_cell = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))["cells"][0]
    english_title = "".join(first_cell["source"]).splitlines()[0]
    dutch_title = translate("".join(first_cell["source"]), "nl").splitlines()[0]
    assert dutch_title != english_title
    with opened(request, browser, "voila", "nl/00_start_here.ipynb") as page:
        expect(page.locator("h1").first).to_contain_text(dutch_title.lstrip("# ").strip())
        card = page.locator(".wb-exercise-start-electricity-scope")
        with using("nl"):
            dutch_prompt = wording(ex.prompt)
        assert dutch_prompt != ex.prompt
        expect(card).to_contain_text(dutch_prompt.split("\n")[0][:40])
        card.get_by_role("radio", name=translate("Scope 1", "nl")).check()
        card.get_by_role("button", name=translate("Check", "nl")).click()
        feedback = card.locator(".wb-feedback")
        expect(feedback).to_contain_text(translate(wrong.feedback, "nl")[:40], timeout=20_000)
        assert translate(wrong.feedback, "nl") != wrong.feedback
        wait_for_answer(page.app["home"], "start-electricity-scope", "Scope 1", False)
        assert_sound(page, "voila-nl-00_start_here")


def test_the_language_switch_in_start_here_is_saved(request, browser):
    """Choosing Nederlands in the English start notebook keeps the choice with the progress and
    links to the Dutch notebooks."""
    from playwright.sync_api import expect

    with opened(request, browser, "lab", "00_start_here.ipynb") as page:
        page.get_by_role("button", name="Nederlands").click()
        progress, deadline = page.app["home"] / "progress.json", time.monotonic() + 15
        while time.monotonic() < deadline and not (
                progress.is_file() and json.loads(progress.read_text()).get("data", {}).get("language") == "nl"):
            time.sleep(0.2)
        assert json.loads(progress.read_text())["data"]["language"] == "nl"
        expect(page.locator("a[href$='nl/00_start_here.ipynb']")).to_have_count(1, timeout=15_000)
