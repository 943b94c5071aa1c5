"""The curriculum map lists every objective; a ready objective has a section and exercises;
every exercise names an objective that exists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbook.curriculum import load_curriculum, problems
from workbook.exercises import load_bank

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVES = ROOT / "docs" / "curriculum.md"  # the learning objectives of the course


def test_every_objective_of_the_curriculum_is_mapped():
    ids = set(re.findall(r"^- ((?:c|fl)\d\.[a-z]|course\.start) ", OBJECTIVES.read_text(encoding="utf-8"), flags=re.M))
    assert ids and ids == set(load_curriculum().objectives)


def test_the_map_has_all_the_objective_ids_of_both_modules():
    ids = set(load_curriculum().objectives)
    assert {"course.start", "c1.a", "c2.f", "c3.e", "fl1.i", "fl2.g", "fl3.g", "fl4.c"} <= ids
    assert len(ids) == 41


def test_the_curriculum_map_is_true():
    assert problems(load_curriculum(), load_bank(), ROOT) == []


def test_the_start_notebook_objective_is_ready():
    assert load_curriculum().objectives["course.start"].status == "ready"


def _with(tmp_path, old, new):
    text = (ROOT / "data" / "curriculum.yaml").read_text()
    assert old in text
    (tmp_path / "curriculum.yaml").write_text(text.replace(old, new, 1))
    return problems(load_curriculum(tmp_path / "curriculum.yaml"), load_bank(), ROOT)


def test_a_ready_objective_without_section_or_exercises_is_reported(tmp_path):
    text = (ROOT / "data" / "curriculum.yaml").read_text()
    extra = ("  c9.z:\n    module: climate\n    title: An objective not taught yet\n"
             "    notebook: notebooks/00_start_here.ipynb\n    section: null\n    exercises: []\n"
             "    status: ready\n")
    (tmp_path / "curriculum.yaml").write_text(text.rstrip("\n") + "\n" + extra)
    found = problems(load_curriculum(tmp_path / "curriculum.yaml"), load_bank(), ROOT)
    assert "c9.z is ready but has no section" in found
    assert "c9.z is ready but has no exercises" in found


def test_a_section_that_is_not_a_heading_is_reported(tmp_path):
    found = _with(tmp_path, "section: How the workbooks work", "section: How the workbook works")
    assert any("section 'How the workbook works' is not a heading" in p for p in found)


def test_an_exercise_that_names_a_missing_objective_is_reported():
    from workbook.exercises.loader import parse_exercise

    bank = dict(load_bank())
    bank["x-1"] = parse_exercise({"id": "x-1", "kind": "order", "objective": "c9.z", "level": "basic",
                                  "prompt": "?", "explanation": "!", "items": ["a", "b", "c"]}, "extra.yaml")
    found = problems(load_curriculum(), bank, ROOT)
    assert "exercise x-1 (extra.yaml) names unknown objective 'c9.z'" in found
