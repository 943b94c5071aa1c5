"""fl1 exercises: valid, self-checking both ways, and consistent with the fl1 content data."""
from __future__ import annotations

import pytest

from workbook.exercises import load_bank
from workbook.forced_labour.essentials.content import classification_labels, indicator_names, load

OBJECTIVES = [f"fl1.{c}" for c in "abcdefghi"]
# spot-the-indicators exercises and the scenario whose tags they must match
SPOT = {"fl1-spot-indicators-mauritius": "sc01_mauritius_fees", "fl1-spot-indicators-mill": "sc02_sumangali_mill"}


@pytest.fixture(scope="module")
def fl1():
    return {k: v for k, v in load_bank().items() if k.startswith("fl1-")}


def test_at_least_fifteen_exercises_basic_and_advanced_for_every_objective(fl1):
    assert len(fl1) >= 15
    assert {e.level for e in fl1.values()} == {"basic", "advanced"}
    for objective in OBJECTIVES:
        assert any(e.objective == objective for e in fl1.values()), objective
    assert {e.kind for e in fl1.values()} >= {"multiple_select", "classify", "order", "free_text", "single_choice"}


@pytest.mark.parametrize("exercise_id", sorted(
    k for k in __import__("workbook.exercises", fromlist=["load_bank"]).load_bank() if k.startswith("fl1-")))
def test_each_exercise_accepts_its_answer_and_rejects_every_wrong_one(fl1, exercise_id):
    ex = fl1[exercise_id]
    verdict = ex.judge(ex.reference())
    if ex.kind == "free_text":
        assert verdict.correct is None and verdict.answered
        assert ex.spec.get("model_answer")
    else:
        assert verdict.correct is True, verdict.message
        for wrong in ex.wrong_responses():
            assert ex.judge(wrong).correct is False, wrong
    assert ex.judge(None).answered is False


@pytest.mark.parametrize("exercise_id,scenario_id", sorted(SPOT.items()))
def test_spot_the_indicators_answers_match_the_scenario_tags(fl1, exercise_id, scenario_id):
    content = load()
    names = indicator_names(content)
    ex = fl1[exercise_id]
    scenario = content.by_id("scenarios.yaml", "scenarios")[scenario_id]
    assert set(ex.spec["answer"]) == {names[i] for i in scenario["indicators"]}
    assert {o.text for o in ex.options} <= set(names.values())
    assert all(o.feedback for o in ex.options), "each indicator needs its own feedback"
    assert " ".join(scenario["text"].split()) in " ".join(ex.prompt.replace("*", "").split())


def test_classify_cases_uses_the_content_labels(fl1):
    labels = set(classification_labels(load()).values())
    assert set(fl1["fl1-classify-cases"].spec["categories"]) == labels


def test_response_order_matches_the_content_steps(fl1):
    steps = [s["step"] for s in load().section("good_practices.yaml", "response_steps")]
    assert fl1["fl1-response-order"].spec["items"] == steps


def test_a_partly_right_spot_answer_gets_feedback_per_chosen_indicator(fl1):
    ex = fl1["fl1-spot-indicators-mauritius"]
    verdict = ex.judge(["Deception", "Restriction of movement"])
    assert verdict.correct is False
    assert len(verdict.details) == 2
    assert verdict.details[0].startswith("✔ Deception") and verdict.details[1].startswith("✘ Restriction")
