"""Every notebook runs on companies nobody tuned the course for, given as notebook parameters
or chosen in the workspace, and shows that company: its name, never a sample company's
(except a case an exercise needs, labelled "Sample case")."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from company_generator import generate
from notebook_runner import offline_kernel_env
from workbook.company import choose, sample_ids, sample_name
from workbook.course.build import course_notebooks, run_notebook
from workbook.exercises import load_bank
from workbook.i18n import translate

pytestmark = pytest.mark.notebooks
SEEDS = (11, 23, 37, 41, 59, 73)  # six generated companies in every CI run
COMPANY_NOTEBOOKS = [Path("climate/01_ghg_accounting.ipynb"), Path("climate/02_footprint_baseline.ipynb"),
                     Path("climate/03_targets.ipynb"), Path("forced_labour/02_hrdd_in_practice.ipynb")]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# An exercise that needs the sample's own case shows it under this label, in either language.
SAMPLE_CASE = "Sample case for the exercise below ({name}, the course's sample company): {supplier}"
SAMPLE_CASE_LABELS = ("Sample case", translate(SAMPLE_CASE, "nl").split(" (")[0])


@pytest.fixture(scope="module")
def companies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("companies")
    return {seed: generate(seed, folder) for seed in SEEDS}


def _run_one(job: tuple) -> tuple:
    rel, key, tmp, params = job
    try:
        return key, run(Path(rel), Path(tmp), **params), None
    except Exception as exc:  # reported by the test that needs this run
        return key, None, f"{type(exc).__name__}: {exc}"


@pytest.fixture(scope="module")
def parameter_runs(companies, tmp_path_factory):
    """Every company notebook on every generated company, two at a time (one per core)."""
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(str(rel), (str(rel), seed), str(tmp_path_factory.mktemp("run")),
             {"company_file": c.template, "supplier_map": c.supplier_map})
            for rel in COMPANY_NOTEBOOKS for seed, c in companies.items()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        return {key: (nb, error) for key, nb, error in pool.map(_run_one, jobs)}


def _texts(outputs: list, widgets: dict) -> list[str]:
    """The text a participant sees in these outputs, also inside output areas (widgets)."""
    found = []
    for out in outputs:
        found.append("".join(out.get("text", "")))
        data = out.get("data", {})
        for mime in ("text/plain", "text/html", "text/markdown"):
            value = data.get(mime, "")
            found.append("".join(value) if isinstance(value, list) else str(value))
        model = data.get(WIDGET_VIEW, {}).get("model_id")
        state = widgets.get(model, {}).get("state", {})
        if state.get("_model_name") == "OutputModel":
            found += _texts(state.get("outputs", []), widgets)
    return found


def visible_text(nb) -> str:
    """What the notebook shows outside the exercises (whose texts may name the sample on purpose)."""
    widgets = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "course.show(" in cell.source or "course.check(" in cell.source:
            continue
        lines += "\n".join(_texts(cell.get("outputs", []), widgets)).splitlines()
    return "\n".join(line for line in lines if not any(label in line for label in SAMPLE_CASE_LABELS))


def errors(nb) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, c in enumerate(nb.cells)
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def run(rel: Path, tmp_path: Path, home: Path | None = None, **parameters):
    with offline_kernel_env(tmp_path):
        return run_notebook(rel, load_bank(), home or tmp_path / "home", solution_mode=False,
                            parameters={k: str(v) for k, v in parameters.items()})


def assert_shows(nb, company) -> None:
    text = visible_text(nb)
    assert company.name in text, "the notebook does not name the loaded company"
    for slug in sample_ids():
        assert sample_name(slug) not in text, f"a sample company ({sample_name(slug)}) is shown for {company.name}"
    assert "has problems, so the sample" not in text


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rel", COMPANY_NOTEBOOKS, ids=str)
def test_a_generated_company_given_as_parameters(rel, seed, companies, parameter_runs):
    company = companies[seed]
    nb, error = parameter_runs[(str(rel), seed)]
    assert error is None, error
    assert errors(nb) == []
    assert_shows(nb, company)


@pytest.mark.parametrize("rel", COMPANY_NOTEBOOKS, ids=str)
def test_a_company_chosen_in_the_workspace(rel, companies, tmp_path):
    company = companies[SEEDS[0]]
    home = tmp_path / "home"
    choose(company.template, home)
    choose(company.supplier_map, home)
    nb = run(rel, tmp_path, home=home)
    assert errors(nb) == []
    assert_shows(nb, company)


@pytest.mark.parametrize("rel", [r for r in course_notebooks() if r not in COMPANY_NOTEBOOKS], ids=str)
def test_notebooks_without_company_data_accept_the_parameters(rel, companies, tmp_path):
    company = companies[SEEDS[1]]
    nb = run(rel, tmp_path, company_file=company.template, supplier_map=company.supplier_map)
    assert errors(nb) == []


def test_answers_record_the_company_they_were_given_for(companies, tmp_path):
    """A code exercise answered in a notebook showing a generated company is stored with its name."""
    from workbook.company import CompanyNotebook
    from workbook.course import Session

    company = companies[SEEDS[2]]
    course = Session(home=tmp_path, quiet=True)
    CompanyNotebook(course, company.template, company.supplier_map)
    course.check("c3-required-reduction-code", 25.2)
    stored = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert stored["answers"]["c3-required-reduction-code"]["company"] == company.name


@pytest.fixture(scope="module")
def dutch_company(companies, tmp_path_factory):
    """A generated company whose participant filled in the Dutch template and supplier map."""
    from workbook.climate.footprint import write_template
    from workbook.climate.footprint.load import load_activities
    from workbook.forced_labour.hrdd.supplier_map import read_supplier_map, write_supplier_map
    from workbook.language import using

    company = companies[SEEDS[3]]
    folder = tmp_path_factory.mktemp("dutch-company")
    with using("nl"):
        template = write_template(folder / "klimaatgegevens.xlsx", *load_activities(company.template), lang="nl")
        suppliers = write_supplier_map(read_supplier_map(company.supplier_map).table, folder / "leveranciers.xlsx")
    return company, template, suppliers


@pytest.mark.parametrize("rel", COMPANY_NOTEBOOKS, ids=str)
def test_a_dutch_notebook_shows_a_company_whose_files_are_in_dutch(rel, dutch_company, tmp_path):
    """The Dutch edition on a participant's own Dutch files: no error, the company named, no sample."""
    company, template, suppliers = dutch_company
    nb = run(Path("nl") / rel, tmp_path, company_file=template, supplier_map=suppliers)
    assert errors(nb) == []
    text = visible_text(nb)
    assert company.name in text
    for slug in sample_ids():
        assert sample_name(slug) not in text
