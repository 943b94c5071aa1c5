"""Course notebooks ship clean: no outputs or execution counts, a kernelspec, a tagged
parameters cell first, and code exercises that hold no answers."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from workbook.course.build import course_notebooks
from workbook.company import current
from workbook.exercises import load_bank

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = course_notebooks()
EXPECTED = ["00_start_here.ipynb"]


def read(rel):
    return nbformat.read(ROOT / "notebooks" / rel, as_version=4)


def test_the_course_notebooks_exist():
    assert set(map(str, NOTEBOOKS)) >= set(EXPECTED)


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=str)
def test_notebook_is_valid_and_stripped(rel):
    nb = read(rel)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "widget state makes 'Error displaying widget' on first open"
    assert "papermill" not in nb.metadata
    for n, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{rel}: cell {n} has outputs"
            assert cell.execution_count is None, f"{rel}: cell {n} has an execution count"
            assert "execution" not in cell.metadata and "papermill" not in cell.metadata
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids), "cell ids are unique and stable"


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=str)
def test_notebook_has_a_kernelspec_and_a_parameters_cell_first(rel):
    nb = read(rel)
    assert nb.metadata.kernelspec.name == "python3"
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    assert "solution_mode = False" in first.source
    assert "company_file" in first.source


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=str)
def test_code_exercises_hold_no_answers_and_their_stubs_do_not_pass(rel):
    bank = load_bank()
    for cell in read(rel).cells:
        if "exercise" not in cell.metadata.get("tags", []):
            continue
        ex_id = cell.metadata["workbook"]["exercise"]
        ex = bank[ex_id]
        assert ex.kind == "code"
        assert ex.spec["solution"].strip() not in cell.source
        scope = {"course": _Recorder(), "company": current(None)}  # the names the notebook's first cells define
        exec(compile(cell.source, ex_id, "exec"), scope)  # the stub, as a participant gets it
        assert scope["course"].calls == [(ex_id, scope[ex.spec["variable"]])]
        assert ex.judge(scope[ex.spec["variable"]]).correct is not True


class _Recorder:
    def __init__(self):
        self.calls = []

    def check(self, ex_id, value):
        self.calls.append((ex_id, value))
