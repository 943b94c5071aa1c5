"""How each kind of exercise judges a participant's answer, and what it says back."""
from __future__ import annotations

import pytest

from workbook.exercises.loader import parse_exercise
from workbook.exercises.model import parse_quantity


def make(**fields):
    base = {"id": "x", "objective": "c2.a", "level": "basic", "prompt": "?", "explanation": "why"}
    return parse_exercise({**base, **fields}, "test.yaml")


NUMERIC = make(kind="numeric", answer=21.35, unit="t CO2e", tolerance=0.01)


@pytest.mark.parametrize("typed, value", [
    ("21.35", 21.35), ("21,35", 21.35), (" 21.35 ", 21.35), ("21350 kg CO2e", 21.35),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("-3", -3.0), ("1e3", 1000.0),
])
def test_numbers_are_read_with_decimal_comma_or_point_and_units(typed, value):
    got, error = parse_quantity(typed, "t CO2e")
    assert error is None and got == pytest.approx(value)


def test_numeric_within_tolerance_is_correct_and_outside_is_not():
    assert NUMERIC.judge("21.355").correct is True
    assert NUMERIC.judge("21.37").correct is False


def test_numeric_in_another_compatible_unit_is_converted():
    assert NUMERIC.judge("21350 kg CO2e").correct is True


def test_numeric_in_an_incompatible_unit_says_so():
    verdict = NUMERIC.judge("21 kWh")
    assert verdict.correct is False and "cannot be converted" in verdict.message


def test_numeric_off_by_a_thousand_points_at_units():
    verdict = NUMERIC.judge("21350")
    assert verdict.correct is False and "factor of 1,000" in verdict.message


def test_numeric_text_that_is_not_a_number_gets_a_clear_message():
    verdict = NUMERIC.judge("about twenty")
    assert verdict.correct is False and "is not a number" in verdict.message


def test_numeric_empty_is_not_answered():
    assert NUMERIC.judge("").answered is False


MULTI = make(kind="multiple_select", options=[{"text": "A", "feedback": "A is in"}, {"text": "B", "feedback": "B is out"},
                                             {"text": "C", "feedback": "C is in"}], answer=["A", "C"])


def test_multiple_select_explains_each_chosen_option():
    verdict = MULTI.judge(["A", "B"])
    assert verdict.correct is False
    assert "1 of your choices does not belong" in verdict.message and "1 right answer is still missing" in verdict.message
    assert any("B is out" in d for d in verdict.details)
    assert not any("C is in" in d for d in verdict.details), "a missed answer is counted, not revealed"


def test_multiple_select_all_right():
    assert MULTI.judge(["C", "A"]).correct is True


SINGLE = make(kind="single_choice", options=[{"text": "Scope 1", "feedback": "own sources"},
                                            {"text": "Scope 2", "feedback": "bought energy"}], answer="Scope 2")


def test_single_choice_gives_the_option_feedback():
    assert SINGLE.judge("Scope 1").message == "own sources"
    assert SINGLE.judge("Scope 2").correct is True


CLASSIFY = make(kind="classify", categories=["S1", "S2"], items=[
    {"text": "gas", "category": "S1", "feedback": "burnt on site"},
    {"text": "power", "category": "S2", "feedback": "bought"}])


def test_classify_reports_item_by_item():
    verdict = CLASSIFY.judge({"gas": "S2", "power": "S2"})
    assert verdict.correct is False and "1 of 2" in verdict.message
    assert any(d.startswith("✘ gas") and "burnt on site" in d for d in verdict.details)


def test_classify_partly_answered_is_not_correct():
    assert CLASSIFY.judge({"gas": "S1"}).correct is False


ORDER = make(kind="order", items=["one", "two", "three"])


def test_order_counts_steps_in_place():
    assert ORDER.judge(["one", "two", "three"]).correct is True
    verdict = ORDER.judge(["two", "one", "three"])
    assert verdict.correct is False and "1 of 3" in verdict.message


def test_order_needs_every_step_once():
    assert "exactly once" in ORDER.judge(["one", "one", "three"]).message


def test_order_is_shown_shuffled_but_the_same_every_time():
    assert ORDER.shuffled(ORDER.spec["items"]) != ORDER.spec["items"]
    assert ORDER.shuffled(ORDER.spec["items"]) == ORDER.shuffled(ORDER.spec["items"])


FREE = make(kind="free_text", model_answer="model", guidance=["point one"], min_words=3)


def test_free_text_is_saved_not_graded_and_shows_guidance():
    verdict = FREE.judge("we do many things here")
    assert verdict.correct is None and verdict.details == ("point one",)


def test_free_text_asks_for_more_when_too_short():
    assert "at least 3 words" in FREE.judge("short").message


CODE = make(kind="code", variable="total", solution="total = 2 * 3", answer=6, unit="dimensionless", tolerance=0)


def test_code_exercise_checks_the_computed_value():
    assert CODE.judge(6).correct is True
    assert CODE.judge(7).correct is False
    assert CODE.judge(None).answered is False
    verdict = CODE.judge("six")
    assert verdict.correct is False and "should be a number" in verdict.message


def test_code_exercise_reference_runs_the_solution():
    assert CODE.reference() == 6


def _check_even(value):
    return (value % 2 == 0, "even" if value % 2 == 0 else "odd")


def test_code_exercise_with_a_check_function():
    ex = make(kind="code", variable="n", solution="n = 4", check=f"{__name__}:_check_even", wrong_values=[3])
    assert ex.judge(4).correct is True
    assert ex.judge(3).message == "odd"
    assert ex.judge("x").correct is False  # the check raised: reported, not raised


@pytest.mark.parametrize("typed", ["11.941", "11,941"])
def test_a_thousands_separator_is_named_when_the_number_would_otherwise_be_right(typed):
    """'11.941' for 11941 is read as 11.941 (a dot or comma is the decimal mark in both languages);
    the feedback says so instead of only 'too low'."""
    from workbook.exercises.model import Exercise

    ex = Exercise(id="x-bau", kind="numeric", objective="c3.a", level="basic", title="t", prompt="p",
                  explanation="e", hints=(), sources=(), spec={"answer": 11941, "unit": "t CO2e", "tolerance": 5})
    verdict = ex.judge(typed)
    assert verdict.correct is False and "11941" in verdict.message and "thousands separator" in verdict.message
    assert ex.judge("11941").correct and not ex.judge("11.9").correct
