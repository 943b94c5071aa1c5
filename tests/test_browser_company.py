"""A participant brings their own company in a real browser: they upload a data template and a
supplier map in Start here, open the targets and due-diligence notebooks, run them, and see
their own company's name and numbers, with no code edited."""
from __future__ import annotations

import re

import pytest

from browser_support import course_copy, lab_server, no_broken_widgets, require_browser
from company_generator import generate
from workbook.climate import footprint, targets
from workbook.company import sample_ids, sample_name

pytestmark = pytest.mark.browser


def _run_all(page, url: str) -> None:
    """Open a notebook and run all its cells once its own kernel is ready."""
    from playwright.sync_api import expect

    page.goto(url)
    name = url.split("?")[0].rsplit("/", 1)[-1]
    expect(page.locator(".jp-mod-current .lm-TabBar-tabLabel", has_text=name).first).to_be_visible(timeout=90_000)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    for _ in range(6):  # the status bar says Idle before this notebook's own kernel has started
        expect(page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))).to_be_visible(timeout=90_000)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        try:
            expect(panel.locator(".jp-InputPrompt", has_text=re.compile(r"\[(\*|\d+)\]"))).not_to_have_count(0, timeout=10_000)
            return
        except AssertionError:
            continue
    pytest.fail(f"{name}: Run All did not start")


def _upload(page, button, path) -> None:
    """Pick a file with an upload button, as a participant does (the browser's file chooser)."""
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(path))


@pytest.fixture
def lab(tmp_path):
    require_browser()
    with lab_server(course_copy(tmp_path), "00_start_here.ipynb", tmp_path) as info:
        yield info


def test_uploaded_files_are_shown_in_the_other_notebooks(lab, page, tmp_path):
    from playwright.sync_api import expect

    company = generate(2027, tmp_path / "my files")
    baseline = targets.company_baseline(company.template)
    inventory = footprint.load_footprint(company.template)
    _run_all(page, lab["url"])
    picker = page.locator(".wb-company-picker")
    expect(picker).to_be_visible(timeout=90_000)
    _upload(page, picker.locator(".wb-upload-footprint"), company.template)
    expect(picker.locator(".wb-upload-status")).to_contain_text("Using", timeout=60_000)
    _upload(page, picker.locator(".wb-upload-supplier_map"), company.supplier_map)
    expect(picker.locator(".wb-workspace")).to_contain_text(company.supplier_map.name, timeout=60_000)
    expect(picker.locator(".wb-workspace")).to_contain_text(company.template.name)

    for notebook in ("climate/03_targets.ipynb", "forced_labour/02_hrdd_in_practice.ipynb"):
        _run_all(page, lab["url"].replace("00_start_here.ipynb", notebook))
        views = page.locator(".wb-company-view")
        expect(views.first).to_contain_text(company.name, timeout=120_000)
        for slug in sample_ids():  # no view shows a sample company, except a case labelled as one
            shown = page.locator(".wb-company-view", has_text=sample_name(slug)).filter(has_not_text="Sample case")
            expect(shown).to_have_count(0)
        no_broken_widgets(page)
        header = f"Climate data: {company.name} · reporting year {inventory.reporting_year}"
        expect(views.first).to_contain_text(header)
        if notebook.startswith("climate"):
            expect(views.nth(1)).to_contain_text(f"{baseline.company} · sector: {baseline.sector} · "
                                                  f"base year {baseline.base_year}", timeout=60_000)
