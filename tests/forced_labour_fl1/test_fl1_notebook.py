"""The fl1 notebook runs offline in both modes and shows what it teaches."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from notebook_runner import offline_kernel_env  # tests/ is on sys.path via conftest
from workbook.course.build import run_notebook
from workbook.curriculum import load_curriculum
from workbook.exercises import load_bank
from workbook.forced_labour.essentials import checklists

pytestmark = pytest.mark.notebooks
REL = Path("forced_labour/01_essentials.ipynb")
ROOT = Path(__file__).resolve().parents[2]


def _outputs(nb, cell_id):
    cell = next(c for c in nb.cells if c.id == cell_id)
    return "".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/plain", ""))
                   + "".join(o.get("text", "")) for o in cell.outputs)


def _no_errors(nb):
    for n, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"cell {n}: {out.get('ename')}: {out.get('evalue')}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for mode in (False, True):
        tmp = tmp_path_factory.mktemp(f"fl1-{mode}")
        with offline_kernel_env(tmp):
            out[mode] = (run_notebook(REL, load_bank(), tmp / "home", solution_mode=mode), tmp / "home")
    return out


def test_the_notebook_runs_in_both_modes_without_errors(runs):
    for mode, (nb, _) in runs.items():
        _no_errors(nb)


def test_participant_mode_exports_a_checklist_and_questionnaire_that_read_back(runs):
    nb, home = runs[False]
    exports = home / "exports"
    checklist = exports / "fl1_red_flag_checklist.xlsx"
    questionnaire = exports / "fl1_supplier_questionnaire.xlsx"
    assert checklist.exists() and questionnaire.exists()
    assert checklists.read_checklist(checklist).found  # every red flag row came back
    assert len(checklists.read_questionnaire(questionnaire).unanswered()) == 20
    assert "Download fl1_red_flag_checklist.xlsx" in _outputs(nb, "fl1-downloads")


def test_solution_mode_writes_nothing_and_renders_static_answers(runs):
    nb, home = runs[True]
    assert not (home / "exports").exists()
    assert "widget-view" not in str(nb.cells)
    assert "Debt bondage" in _outputs(nb, "ex-fl1-spot-indicators-mauritius")


def test_indicator_cards_show_the_unverified_flag_and_sources(runs):
    nb, _ = runs[False]
    shown = _outputs(nb, "fl1-c-indicators")
    assert shown.count("not checked against the ILO booklet") == 11
    assert shown.count("Source: ILO SAP-FL, ILO Indicators of Forced Labour (2012), indicator ") == 11


def test_the_sample_questionnaire_shows_its_red_flags(runs):
    nb, _ = runs[False]
    shown = _outputs(nb, "fl1-i-readback")
    assert "Lagoon Knits Ltd (fictional)" in shown and "8 red flag(s)" in shown


def test_every_fl1_section_in_the_curriculum_is_a_heading_followed_by_its_exercises():
    nb = nbformat.read(ROOT / "notebooks" / REL, as_version=4)
    headings = [c.source.splitlines()[0][3:] for c in nb.cells
                if c.cell_type == "markdown" and c.source.startswith("## ")]
    shown = [c.id[3:] for c in nb.cells if c.id.startswith("ex-")]
    objectives = {k: v for k, v in load_curriculum().objectives.items() if k.startswith("fl1.")}
    assert len(objectives) == 9 and len(shown) >= 15
    for oid, obj in objectives.items():
        assert obj.status == "ready" and obj.section in headings, oid
        assert set(obj.exercises) <= set(shown), oid
    assert sorted(shown) == sorted(e for o in objectives.values() for e in o.exercises)
