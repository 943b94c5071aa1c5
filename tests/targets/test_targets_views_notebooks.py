"""The c1 and c3 views over the targets engine, on the loaded company."""
from __future__ import annotations

import pytest

from workbook.climate import footprint, targets
from workbook.course import Session

GOAL = targets.Goal(target_year=2031, submitted="2026-H2")


@pytest.fixture(scope="module")
def sample():
    return footprint.load_company(None)


@pytest.fixture()
def course(tmp_path):
    return Session(home=tmp_path, quiet=True)


def test_sme_routes_show_both_routes_with_caveats():
    table = targets.sme_routes()
    assert list(table.columns) == ["what it asks", "caveat", "source"] and len(table) == 2


def test_sme_checks_judge_the_company(sample):
    table = targets.sme_checks(sample)
    assert list(table.columns) == ["result", "why"]
    assert all(i.startswith("sme") for i in table.index)
    assert table["result"].isin(["passed", "failed", "not checked"]).all()


def test_scope3_trigger_is_one_sentence(sample, capsys):
    targets.scope3_trigger(sample)
    assert "scope 3" in capsys.readouterr().out


def test_saved_ambition_before_and_after_a_choice(course, capsys):
    targets.saved_ambition(course)
    assert "No ambition saved yet" in capsys.readouterr().out
    course.save("climate_ambition", {"level": "report", "label": "1 · Measure and report"})
    targets.saved_ambition(course)
    assert "Your saved ambition: 1 · Measure and report" in capsys.readouterr().out


def test_target_case_for_the_company(sample, capsys):
    table = targets.baseline_overview(sample)
    assert sample.inventory.company.name in capsys.readouterr().out and len(table)
    case = targets.target_case(sample, GOAL)
    assert case.target.target_year == 2031 and case.rules.id == "sbti-aca-floor"


def test_plan_results_use_the_saved_growth_and_levers(sample, course):
    course.save("c3_growth", 0.0)
    waterfall = targets.plan_results(sample, course, GOAL)
    assert list(waterfall.columns) == ["scope", "step", "kind", "t_co2e", "level_after_t_co2e"]
    assert waterfall.iloc[0]["step"].startswith("Base year ")
    assert (course.home / "exports" / "c3_targets.xlsx").is_file()


def test_saved_explorers_start_from_saved_values(sample, tmp_path):
    course = Session(home=tmp_path, solution_mode=False, quiet=True)
    course.save("c3_growth", 0.05)
    levers = targets.company_levers(sample)
    course.save("c3_levers", {levers[0].id: 0.5, "not_a_lever": 1.0})
    assert targets.saved_bau_explorer(sample, course, GOAL).value() == pytest.approx(0.05)
    mix = targets.saved_lever_explorer(sample, course, GOAL).value()
    assert mix.get(levers[0].id) == 0.5 and "not_a_lever" not in mix
