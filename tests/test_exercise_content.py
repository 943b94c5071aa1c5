"""Every exercise in data/ checks itself both ways: its reference answer is judged right,
and every distractor or perturbed value is judged wrong. A typo in content fails here,
not in front of a participant."""
from __future__ import annotations

import pytest

from option_stats import choice_stats
from workbook.exercises import load_bank
from workbook.exercises.render import solution_html

BANK = load_bank()


def test_the_course_has_exercises_of_every_kind():
    from workbook.exercises.model import KINDS

    assert {e.kind for e in BANK.values()} == set(KINDS)


@pytest.mark.parametrize("ex_id", sorted(BANK))
def test_reference_answer_is_judged_correct(ex_id):
    ex = BANK[ex_id]
    verdict = ex.judge(ex.reference())
    if ex.kind == "free_text":
        assert verdict.correct is None and verdict.answered, "free text is saved, not graded"
    else:
        assert verdict.correct is True, f"{ex.source_file}: {ex_id}: reference judged wrong: {verdict.message}"


@pytest.mark.parametrize("ex_id", sorted(BANK))
def test_every_distractor_or_perturbed_answer_is_judged_wrong(ex_id):
    ex = BANK[ex_id]
    wrongs = ex.wrong_responses()
    if ex.kind != "free_text":
        assert wrongs, f"{ex_id}: no wrong answers to test with"
    for wrong in wrongs:
        verdict = ex.judge(wrong)
        assert verdict.correct is False, f"{ex.source_file}: {ex_id}: {wrong!r} judged {verdict.correct}"
        assert verdict.message, "a wrong answer always gets feedback"


@pytest.mark.parametrize("ex_id", sorted(BANK))
def test_an_unanswered_exercise_never_raises_and_is_not_graded(ex_id):
    ex = BANK[ex_id]
    for empty in (None, "", [], {}):
        verdict = ex.judge(empty)
        assert verdict.correct is not True


@pytest.mark.parametrize("ex_id", sorted(BANK))
def test_solution_html_shows_the_answer_and_the_explanation(ex_id):
    ex = BANK[ex_id]
    page = solution_html(ex)
    assert f"wb-exercise-{ex_id}" in page
    assert "Solution" in page
    if ex.kind in ("single_choice",):
        assert ex.spec["answer"].split()[0].replace("&", "&amp;") in page
    if ex.explanation:
        assert "Why:" in page


@pytest.mark.parametrize("ex_id", sorted(e for e in BANK if BANK[e].kind in ("single_choice", "multiple_select")))
def test_choice_options_explain_why(ex_id):
    """Feedback per option: a participant who picks a distractor learns why it is wrong."""
    ex = BANK[ex_id]
    missing = [o.text for o in ex.options if not o.feedback.strip()]
    assert not missing, f"{ex_id}: options without feedback: {missing}"


def test_the_right_option_does_not_give_itself_away_by_length():
    """Shuffling hides where the right option is, not how it is written. Across the bank the right
    option is the longest (ties count) in at most 35 % of single-choice exercises and the shortest in at
    most 40 %; the right options of multiple-select exercises are no longer than the wrong ones on
    average, and no more often among the longest than chance would put them."""
    stats = choice_stats(BANK)
    assert stats.single >= 20 and stats.multi >= 10, "the figures need a bank of some size"
    assert stats.single_longest_share <= 0.35, stats.report()
    assert stats.single_right_shortest / stats.single <= 0.40, stats.report()
    assert 0.8 <= stats.single_mean_length_ratio <= 1.25, stats.report()
    assert stats.multi_right_in_top <= stats.multi_chance_top + 0.10, stats.report()
    assert 0.8 <= stats.multi_mean_length_ratio <= 1.25, stats.report()
