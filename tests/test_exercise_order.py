"""Options appear in an order that does not give the answer away: shuffled per participant and
exercise (stable after a restart), with the right answer spread over every position across
the bank, for every participant; solutions use one fixed order (byte-identical builds)."""
from __future__ import annotations

from collections import Counter

import pytest

from workbook.course import Session
from workbook.exercises import load_bank

CHOICE = ("single_choice", "multiple_select")
# Every participant's order is the solution order of positions shifted per option count, so
# checking these offsets checks every participant.
PARTICIPANTS = [None] + [f"participant-{i}" for i in range(40)]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def _positions(bank, seed):
    single, multiple_first = [], []
    for ex in bank.values():
        if ex.kind not in CHOICE or len(ex.options) < 2:
            continue
        texts = [o.text for o in ex.display_options(seed)]
        right = set(ex.right_texts())
        if ex.kind == "single_choice":
            single.append(texts.index(ex.spec["answer"]))
        else:
            multiple_first.append(set(texts[:len(right)]) == right)
    return single, multiple_first


@pytest.mark.parametrize("seed", PARTICIPANTS)
def test_no_position_holds_more_than_40_percent_of_right_answers(bank, seed):
    single, multiple_first = _positions(bank, seed)
    share = max(Counter(single).values()) / len(single)
    assert share <= 0.40, f"one position holds {share:.0%} of the right answers"
    assert sum(multiple_first) / len(multiple_first) <= 0.40, "right answers of multiple select come first"


def test_the_order_is_a_permutation_and_stable(bank):
    for ex in bank.values():
        if ex.kind in CHOICE:
            shown = ex.display_options("p1")
            assert sorted(o.text for o in shown) == sorted(o.text for o in ex.options)
            assert shown == ex.display_options("p1")


def test_participants_see_different_orders(bank):
    differs = sum(ex.display_options("a") != ex.display_options("b") for ex in bank.values() if ex.kind in CHOICE)
    assert differs >= len([e for e in bank.values() if e.kind in CHOICE]) // 3


def test_a_participant_sees_the_same_order_after_a_restart(tmp_path):
    first = Session(home=tmp_path, quiet=True).widget("start-flr-prohibitions")
    again = Session(home=tmp_path, quiet=True).widget("start-flr-prohibitions")
    assert [b.description for b in first.boxes] == [b.description for b in again.boxes]
    assert not (tmp_path / "progress.json").exists(), "showing an exercise records nothing"


def test_an_untouched_code_exercise_is_not_an_answer(tmp_path):
    course = Session(home=tmp_path, quiet=True)
    for untouched in (None, ...):
        assert not course.check("c3-required-reduction-code", untouched)
    assert "c3-required-reduction-code" not in course.store.answers()
