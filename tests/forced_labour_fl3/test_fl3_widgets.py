"""The widgets call the tested functions: click a button, see the result; static in solution mode."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("ipywidgets")

from workbook.forced_labour import deep_dives as dd
from workbook.forced_labour.flr import views as fw
from workbook.forced_labour.flr import questions as qs


class FakeCourse:
    def __init__(self, home: Path):
        self.home, self.store = home, {}

    def save(self, key, value):
        self.store[key] = value

    def load(self, key, default=None):
        return self.store.get(key, default)


def test_wizard_check_shows_the_answer_for_an_example():
    box = fw.applicability_wizard()
    parts = box._wb
    parts["example"].value = "export-sofas"
    parts["button"].click()
    assert "Yes: the activity is covered" in parts["out"].value
    assert "covered_no_evidence" in parts["out"].value and "resell" not in parts["out"].value
    assert "Art. 1(1)" in parts["out"].value


def test_wizard_service_answer_is_no():
    parts = fw.applicability_wizard()._wb
    parts["toggles"]["is_product"].value = False
    parts["button"].click()
    assert "No: the activity is not covered" in parts["out"].value and "not_covered" in parts["out"].value


def test_wizard_in_solution_mode_is_a_static_table_of_cases():
    html = fw.applicability_wizard(solution_mode=True).data
    assert "wb-flr-cases" in html and "open point" in html


def test_readiness_answers_are_saved_and_exported(tmp_path):
    course = FakeCourse(tmp_path)
    parts = fw.readiness_widget(course)._wb
    parts["pickers"]["policy"].value = 3
    assert course.store[fw.READINESS_KEY]["policy"] == 3
    parts["export"].click()
    assert (tmp_path / "exports" / "fl3_readiness.xlsx").exists()


def test_questions_are_added_saved_and_exported(tmp_path):
    course = FakeCourse(tmp_path)
    parts = fw.questions_widget(course)._wb
    parts["text"].value = "Does the FLR cover packaging materials?"
    parts["add"].click()
    assert course.store[qs.STORE_KEY][-1]["question"] == "Does the FLR cover packaging materials?"
    parts["text"].value = "short"
    parts["add"].click()
    assert "too short" in parts["msg"].value
    parts["export"].click()
    assert (tmp_path / "exports" / "fl3_expert_questions.xlsx").exists()
    again = fw.questions_widget(course)._wb
    assert again["state"]["items"][-1]["question"] == "Does the FLR cover packaging materials?"


def test_webinar_reveal_shows_the_checker_answers():
    parts = dd.webinar_widget()._wb
    parts["pick"].value = 1
    assert "Yes: the activity is covered" not in parts["view"].value
    parts["reveal"].click()
    assert "Yes: the activity is covered" in parts["view"].value and "outcome:" in parts["view"].value


def test_static_builders_render_in_solution_mode():
    assert "months" in dd.repayment_widget(solution_mode=True).data
    assert "Key point" in dd.webinar_widget(solution_mode=True).data
    assert fw.investigation_widget(solution_mode=True, request_date=dt.date(2028, 2, 1)) is None
    assert fw.readiness_widget(None, solution_mode=True) is None
    assert "question" in fw.questions_widget(None, solution_mode=True).data
