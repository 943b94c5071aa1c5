"""Exercises that read the company's own chart or table are judged on that company's numbers;
with the sample company they keep their fixed reference answer, checked both ways."""
from __future__ import annotations

import pytest

from company_generator import generate
from workbook.company import CompanyNotebook, current
from workbook.course import Session
from workbook.exercises import load_bank
from workbook.exercises.model import run_solution

BANK = load_bank()
BOUND = sorted(i for i, ex in BANK.items() if ex.data_bound)


def test_the_bank_has_data_bound_exercises():
    assert {"c1-scope3-share-code", "c2-market-location-gap"} <= set(BOUND)


@pytest.mark.parametrize("ex_id", BOUND)
def test_on_the_sample_the_function_gives_the_fixed_answer(ex_id):
    ex = BANK[ex_id]
    sample = current(None)
    computed = ex.bound_to(sample).spec["answer"]
    assert ex.judge(computed).correct, f"{ex_id}: the sample's computed answer {computed} is not the fixed one"
    if ex.kind == "code":
        assert ex.judge(run_solution(ex, {"company": sample})).correct


@pytest.mark.parametrize("seed", (5, 17, 29))
@pytest.mark.parametrize("ex_id", BOUND)
def test_on_a_generated_company_the_answer_is_that_companys(ex_id, seed, tmp_path):
    company = generate(seed, tmp_path)
    shown = current(None, company.template, company.supplier_map)
    bound = BANK[ex_id].bound_to(shown)
    assert bound.prompt == BANK[ex_id].spec["prompt_own"]
    assert bound.judge(bound.spec["answer"]).correct
    for wrong in bound.wrong_responses():
        assert bound.judge(wrong).correct is False
    if bound.kind == "code":
        assert bound.judge(run_solution(bound, {"company": shown})).correct


def test_the_session_judges_on_the_company_the_notebook_shows(tmp_path):
    company = generate(7, tmp_path / "files")
    course = Session(home=tmp_path / "home", quiet=True)
    CompanyNotebook(course, company.template, company.supplier_map)
    own = BANK["c2-market-location-gap"].bound_to(current(None, company.template)).spec["answer"]
    assert course.exercise("c2-market-location-gap").spec["answer"] == pytest.approx(own)
    sample_course = Session(home=tmp_path / "other", quiet=True)
    CompanyNotebook(sample_course)
    assert sample_course.exercise("c2-market-location-gap").spec["answer"] == 9
