"""Exercise widgets respond like a participant expects: every change saved at once,
feedback that changes from wrong to right, hints one at a time, answers restored."""
from __future__ import annotations

import json

import pytest

import workbook
from workbook.exercises.widgets import CHOOSE


@pytest.fixture
def course(home):
    return workbook.start(solution_mode=False)


def saved(home, ex_id):
    return json.loads((home / "progress.json").read_text())["answers"].get(ex_id)


def test_single_choice_wrong_then_right(course, home):
    w = course.widget("start-electricity-scope")
    w.radio.value = "Scope 1"
    assert saved(home, "start-electricity-scope")["value"] == "Scope 1", "saved on change, before Check"
    w.check_button.click()
    assert "wb-no" in w.feedback.value and "do not own the power station" in w.feedback.value
    w.radio.value = "Scope 2"
    assert w.feedback.value == "", "old feedback is cleared when the answer changes"
    w.check_button.click()
    assert "wb-ok" in w.feedback.value and "Why:" in w.feedback.value
    entry = saved(home, "start-electricity-scope")
    assert entry["correct"] is True and entry["attempts"] == 2


def test_check_without_an_answer_asks_for_one_and_saves_nothing(course, home):
    w = course.widget("start-sort-scopes")
    w.check_button.click()
    assert "Give an answer first" in w.feedback.value
    assert not (home / "progress.json").exists() or saved(home, "start-sort-scopes") is None


def test_multiple_select_checkboxes(course, home):
    w = course.widget("start-flr-prohibitions")
    for box in w.boxes:
        box.value = box.description.startswith(("Placing", "Making", "Exporting"))
    w.check_button.click()
    assert "wb-ok" in w.feedback.value
    assert sorted(saved(home, "start-flr-prohibitions")["value"]) == sorted(
        course.exercise("start-flr-prohibitions").spec["answer"])


def test_numeric_with_a_decimal_comma(course, home):
    w = course.widget("start-forced-labour-estimate")
    w.text.value = "27,6"
    w.check_button.click()
    assert "wb-ok" in w.feedback.value


def test_classify_with_dropdowns(course):
    w = course.widget("start-sort-scopes")
    ex = course.exercise("start-sort-scopes")
    for item in ex.spec["items"]:
        w.dropdowns[item["text"]].value = item["category"]
    w.check_button.click()
    assert "every item is in the right place" in w.feedback.value


def test_order_with_position_numbers(course):
    w = course.widget("start-order-modules")
    items = course.exercise("start-order-modules").spec["items"]
    for n, text in enumerate(items, 1):
        w.positions[text].value = str(n)
    w.positions[items[0]].value = "2"
    w.check_button.click()
    assert "its own place" in w.feedback.value
    w.positions[items[0]].value = "1"
    w.check_button.click()
    assert "right order" in w.feedback.value


def test_free_text_is_saved_as_typed_and_shows_guidance_on_save(course, home):
    w = course.widget("start-expectations")
    assert w.check_button.description == "Save"
    w.area.value = "We report scope 1 and 2 and want a scope 3 baseline."
    assert saved(home, "start-expectations")["value"].startswith("We report")
    w.check_button.click()
    assert "Not graded" in w.feedback.value and "Who else" in w.feedback.value


def test_hints_come_one_at_a_time(course):
    w = course.widget("start-code-gas")
    w.hint_button.click()
    assert "Multiply" in w.hint_box.value and "1,000 kg" not in w.hint_box.value
    w.hint_button.click()
    w.hint_button.click()
    assert "1,000 kg" in w.hint_box.value


def test_a_saved_answer_reappears_when_the_notebook_is_run_again(course, home):
    course.widget("start-sort-scopes").dropdowns["Electricity bought for the flagship store"].value = "Scope 2"
    again = workbook.start(solution_mode=False)
    w = again.widget("start-sort-scopes")
    assert w.dropdowns["Electricity bought for the flagship store"].value == "Scope 2"
    assert all(dd.value == CHOOSE for t, dd in w.dropdowns.items() if t != "Electricity bought for the flagship store")


def test_widgets_carry_stable_css_classes_for_browser_tests(course):
    w = course.widget("start-electricity-scope")
    assert {"wb-exercise", "wb-exercise-start-electricity-scope"} <= set(w.box._dom_classes)
    assert "wb-feedback" in w.feedback._dom_classes


def test_code_exercise_check_saves_and_reports(course, home):
    assert course.check("start-code-gas", 21348).correct is False
    assert course.check("start-code-gas", 12_000 * 1.779 / 1000).correct is True
    assert saved(home, "start-code-gas")["attempts"] == 2


def test_an_unknown_exercise_id_suggests_the_right_one(course):
    with pytest.raises(workbook.errors.WorkbookError, match="start-electricity-scope"):
        course.show("start-electricity-scop")


def test_solution_mode_writes_nothing(home):
    course = workbook.start(solution_mode=True)
    course.show("start-electricity-scope")
    course.check("start-code-gas", 21.348)
    course.save("ambition", "x")
    assert course.load("ambition", "default") == "default"
    assert not (home / "progress.json").exists()


def test_a_failed_save_is_shown_not_raised(course, monkeypatch):
    w = course.widget("start-electricity-scope")

    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(course.store, "record", broken)
    w.radio.value = "Scope 2"
    assert "Could not save" in w.status.value


def test_a_corrupt_progress_file_shows_a_visible_warning(home, capsys):
    (home / "progress.json").write_text("{oops")
    from unittest import mock

    shown = []
    with mock.patch("workbook.course.session._display", side_effect=shown.append):
        course = workbook.start(solution_mode=False)
    assert course.store.warning and "kept as progress.corrupt-" in course.store.warning
    assert any("Warning" in getattr(obj, "data", "") for obj in shown)
    assert list(home.glob("progress.corrupt-*.json"))


def test_a_workbook_error_shows_in_a_notebook_without_a_traceback():
    from workbook.errors import InputError, Problem

    err = InputError([Problem("not a number", sheet="Fuels", row=4, column="quantity", fix="type a number")])
    lines = err._render_traceback_()
    assert "InputError" in lines[0] and any("sheet 'Fuels', row 4" in line for line in lines)
