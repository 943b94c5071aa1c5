"""The solution builder: code exercises get their solutions, outputs are deterministic, and
--check names every stale, missing or orphaned solution."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from workbook.course.build import BuildError, build, insert_solutions, normalise
from workbook.cli import main
from workbook.exercises import load_bank

pytestmark = pytest.mark.notebooks

CHART = """
import matplotlib.pyplot as plt
import numpy as np
fig, ax = plt.subplots(figsize=(4, 3))
ax.bar(["scope 1", "scope 2", "scope 3"], np.random.default_rng(0).random(3))
plt.show()
"""


def course(tmp_path: Path) -> Path:
    """A tiny course: a parameters cell, an exercise, a code exercise, a chart, a widget."""
    root = tmp_path / "notebooks"
    (root / "climate").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A lesson"),
        nbformat.v4.new_code_cell("company_file = None\nsolution_mode = False", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import workbook\ncourse = workbook.start(solution_mode=solution_mode)"),
        nbformat.v4.new_code_cell('course.show("start-electricity-scope")'),
        nbformat.v4.new_code_cell("scope1_t = None\ncourse.check('start-code-gas', scope1_t)",
                                  metadata={"tags": ["exercise"], "workbook": {"exercise": "start-code-gas"}}),
        nbformat.v4.new_code_cell(CHART),
        nbformat.v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(3)"),
    ]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    nbformat.write(nb, root / "climate" / "lesson.ipynb")
    return root


def test_two_builds_give_byte_identical_files(tmp_path):
    root, out = course(tmp_path), tmp_path / "solutions"
    first = build(out_dir=out, progress=False, notebooks_root=root)
    assert [o.status for o in first] == ["written"]
    data = (out / "climate" / "lesson.ipynb").read_bytes()
    second = build(out_dir=out, progress=False, notebooks_root=root)
    assert [o.status for o in second] == ["unchanged"]
    assert (out / "climate" / "lesson.ipynb").read_bytes() == data


def test_solution_notebooks_show_answers_and_hold_no_volatile_state(tmp_path):
    root, out = course(tmp_path), tmp_path / "solutions"
    build(out_dir=out, progress=False, notebooks_root=root)
    text = (out / "climate" / "lesson.ipynb").read_text()
    nb = nbformat.reads(text, as_version=4)
    assert "scope1_t = gas_m3 * factor_kg_per_m3 / 1000" in nb.cells[5].source  # after the injected cell
    assert "Correct: 21.348" in text, "the code exercise's reference passes its own check"
    assert "wb-solution" in text and "Why:" in text, "exercises render as static HTML with their answer"
    assert "widget-view+json" not in text and '"widgets"' not in text
    assert "papermill" not in text and "start_time" not in text
    assert "image/png" in text
    assert nb.cells[2].id == "injected-parameters"


def test_check_names_stale_missing_and_orphaned_solutions(tmp_path, capsys):
    root, out = course(tmp_path), tmp_path / "solutions"
    assert [o.status for o in build(check=True, out_dir=out, progress=False, notebooks_root=root)] == ["missing"]
    build(out_dir=out, progress=False, notebooks_root=root)
    nb = nbformat.read(root / "climate" / "lesson.ipynb", as_version=4)
    nb.cells[0].source = "# A lesson, revised"
    nbformat.write(nb, root / "climate" / "lesson.ipynb")
    (out / "old.ipynb").write_text("{}")
    outcomes = {str(o.notebook): o.status for o in build(check=True, out_dir=out, progress=False,
                                                          notebooks_root=root)}
    assert outcomes == {"climate/lesson.ipynb": "stale", "old.ipynb": "orphan"}


def test_a_failing_cell_is_reported_with_its_cell(tmp_path):
    root = course(tmp_path)
    nb = nbformat.read(root / "climate" / "lesson.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, root / "climate" / "lesson.ipynb")
    [outcome] = build(out_dir=tmp_path / "s", progress=False, notebooks_root=root)
    assert outcome.status == "failed" and "ZeroDivisionError" in outcome.message


def test_an_exercise_cell_without_an_id_is_a_clear_error():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["exercise"]})]
    with pytest.raises(BuildError, match="no metadata workbook.exercise"):
        insert_solutions(nb, load_bank())


def test_normalise_drops_timings_and_widget_views():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "now"}
    nb.metadata["widgets"] = {"state": {}}
    cell = nbformat.v4.new_code_cell("x", metadata={"execution": {"iopub.execute_input": "now"}})
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "application/vnd.jupyter.widget-view+json": {"model_id": "abc"}, "text/plain": "IntSlider(3)"})]
    nb.cells = [cell]
    out = normalise(nb)
    assert "papermill" not in out.metadata and "widgets" not in out.metadata
    assert "execution" not in out.cells[0].metadata
    assert list(out.cells[0].outputs[0].data) == ["text/plain"]


def test_cli_check_exits_1_and_names_the_stale_notebook(tmp_path, monkeypatch, capsys):
    root = course(tmp_path)
    for module in ("workbook.paths", "workbook.course.build"):
        monkeypatch.setattr(f"{module}.notebooks_dir", lambda: root)
        monkeypatch.setattr(f"{module}.solutions_dir", lambda: tmp_path / "solutions")
    assert main(["build", "--check", "--quiet"]) == 1
    assert "missing  climate/lesson.ipynb" in capsys.readouterr().err
    assert main(["build", "--quiet", "--jobs", "2"]) == 0
    assert main(["build", "--check", "--quiet"]) == 0


def test_cli_rejects_jobs_below_one(capsys):
    assert main(["build", "--jobs", "0"]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err
