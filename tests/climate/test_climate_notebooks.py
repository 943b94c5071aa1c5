"""What the climate notebooks 1 and 2 teach about the sample company agrees with the engine.

Exercises state numbers about Noordzee Apparel (prompts, answers, explanations); these tests
recompute them with workbook.climate, so a change in the factors or the sample data that
makes an exercise wrong fails here, not in front of a participant.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import nbformat
import pytest

from workbook.climate import footprint_json, load_footprint, totals
from workbook.climate.footprint.compare import compare_years, needs_recalculation
from workbook.climate.footprint.facts import factor_table, method_table
from workbook.climate.footprint.load import load_activities
from workbook.climate.footprint.screening import screen
from workbook.curriculum import load_curriculum
from workbook.exercises import load_bank
from workbook.paths import data_dir

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"
NOTEBOOKS = {"c1": "notebooks/climate/01_ghg_accounting.ipynb", "c2": "notebooks/climate/02_footprint_baseline.ipynb"}


@lru_cache(maxsize=None)
def inventory(year: int):
    return load_footprint(SAMPLE, year=year)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_the_scope3_share_exercise_matches_the_base_year_footprint(bank):
    t = totals(inventory(2024))
    ex = bank["c1-scope3-share-code"]
    assert ex.judge(t["scope3_total"] / t["total_market"]).correct
    assert ex.judge(t["scope3_total"] / t["total_location"]).correct


def test_the_sme_exercise_states_the_base_year_scope1_and_location_scope2():
    t = totals(inventory(2024))
    assert round(t["scope1"] + t["scope2_location"]) == 89


def test_the_sme_route_check_passes_for_the_sample_on_emissions():
    from workbook.climate.targets.compute import baseline_from_footprint_json, compute_targets
    from workbook.climate.targets.rules import load_rules

    inv = inventory(2024)
    rules = load_rules("sbti-sme")
    baseline = baseline_from_footprint_json(footprint_json(inv), employees=inv.company.employees,
                                            turnover_eur=inv.company.turnover_eur)
    checks = {c.id: c.passed for c in compute_targets(baseline, rules.fixed_target_year.value, rules).checks}
    assert checks["sme_emissions"] is True
    assert inv.company.employees < rules.sme.employees_lt and inv.company.turnover_eur < rules.sme.turnover_eur_lt


def test_the_market_location_gap_is_the_difference_of_the_two_scope2_totals(bank):
    t = totals(inventory(2025))
    assert bank["c2-market-location-gap"].judge(t["scope2_location"] - t["scope2_market"]).correct


def test_the_recalculation_exercise_matches_needs_recalculation(bank):
    verdict = needs_recalculation(inventory(2024), 400)
    assert verdict["recalculate"] is True
    assert bank["c2-recalculation-share"].judge(verdict["share"] * 100).correct
    assert "5,282.7" in bank["c2-recalculation-share"].prompt
    assert f"{verdict['base_year_total_t']:,.1f}" == "5,282.7"


def test_the_material_categories_are_those_the_screen_marks(bank):
    _, _, rows = load_activities(SAMPLE)
    screened = screen(rows, 2025)
    material = {f"{r.category} {r.name}" for r in screened.itertuples() if r.material}
    assert set(bank["c2-material-categories"].spec["answer"]) == material


def test_the_screen_and_footprint_numbers_in_the_prompt_are_current(bank):
    _, _, rows = load_activities(SAMPLE)
    screened = screen(rows, 2025).set_index("category")
    prompt = bank["c2-screen-not-footprint"].prompt
    assert f"{round(screened.loc[1, 'estimate_t_co2e'], -1):,.0f}" in prompt          # about 1,770 t
    assert f"{round(totals(inventory(2025))['scope3']['1'], -1):,.0f}" in prompt    # about 4,790 t


def test_the_denim_code_exercise_uses_the_database_factor(bank):
    ft = factor_table().set_index("id")
    per_kg = ft.loc["desnz25-clothing-primary", "kg_co2e_per_unit"] / 1000  # factor is per tonne
    assert per_kg == pytest.approx(22.31)
    assert bank["c2-denim-factor-code"].judge(18_000 * per_kg / 1000).correct
    lines = inventory(2025).lines
    own = lines[lines["factor_id"] == "own factor"]
    assert own["t_co2e"].sum() == pytest.approx(261.0)


def test_the_data_quality_exercise_is_the_spend_based_score(bank):
    assert bank["c2-dq-score"].judge(method_table().loc["spend-based", "data_quality"]).correct


def test_the_year_comparison_supports_the_real_reductions_exercise():
    cmp = compare_years(inventory(2024), inventory(2025))

    def row(scope, activity):
        found = cmp[(cmp["scope"] == scope) & (cmp["activity"] == activity)]
        assert len(found) == 1, (scope, activity)
        return found.iloc[0]

    air = row(3, "air_freight_tkm")
    assert (air["quantity_2024"], air["quantity_2025"]) == (120_000, 54_000)
    gas = row(1, "natural_gas")
    assert (gas["quantity_2024"], gas["quantity_2025"]) == (19_800, 18_500) and gas["cause"] == "activity data"
    road = row(3, "road_freight_tkm")
    assert "factor edition" in road["cause"] and road["change_t"] > 0
    assert (road["quantity_2024"], road["quantity_2025"]) == (80_000, 78_000)
    assert (round(road["t_co2e_2024"], 1), round(road["t_co2e_2025"], 1)) == (7.8, 7.9)
    denim = cmp[(cmp["activity"] == "garments") & (cmp["description"] == "Premium denim")].iloc[0]
    assert denim["cause"] == "gone in 2025" and round(denim["t_co2e_2024"]) == 379


@pytest.mark.parametrize("module", sorted(NOTEBOOKS))
def test_every_exercise_comes_after_the_section_that_teaches_it(module):
    nb = nbformat.read(ROOT / NOTEBOOKS[module], as_version=4)
    sources = [c.source for c in nb.cells]
    cur = load_curriculum()
    for oid, obj in cur.objectives.items():
        if not oid.startswith(module + "."):
            continue
        heading = next(i for i, s in enumerate(sources) if s.startswith(f"## {obj.section}\n") or s == f"## {obj.section}")
        for ex_id in obj.exercises:
            shown = next(i for i, s in enumerate(sources) if f'course.show("{ex_id}")' in s)
            assert shown > heading, f"{ex_id} is shown before the section '{obj.section}'"


def test_the_solution_notebooks_show_the_checked_numbers():
    one = (ROOT / "solutions" / "climate" / "01_ghg_accounting.ipynb").read_text()
    two = (ROOT / "solutions" / "climate" / "02_footprint_baseline.ipynb").read_text()
    assert "scope 3 is 98.3 % of scope 1+2+3" in one
    assert "Correct: 0.983" in one
    assert "Correct: 401.58 t CO2e" in two
    assert "the change is 7.6% of the base-year total" in two
    for text in (one, two):
        assert " at 0x" not in text, "a memory address makes the solutions differ between runs"
