"""The c1 and c2 views: what a participant reads, computed from the loaded company."""
from __future__ import annotations

import pytest

from workbook.climate import footprint


@pytest.fixture(scope="module")
def sample():
    return footprint.load_company(None, solution_mode=True, with_activities=True)


def test_company_choices_name_the_loaded_company(sample):
    table = footprint.company_choices(sample.inventory)
    assert list(table.columns) == ["choice"]
    assert table.loc["company", "choice"] == sample.inventory.company.name
    assert table.loc["GWP set for refrigerants", "choice"] in ("AR5", "AR6")
    assert table.loc["GWP sets of all factors used", "choice"] == "mixed (AR5, AR6)"


def test_memo_items_are_a_table_or_a_sentence(sample, capsys):
    table = footprint.memo_items(sample.inventory)
    if table is None:
        assert capsys.readouterr().out == "No memo items.\n"
    else:
        assert list(table.columns) == ["t CO2e, outside the totals"]


def test_emission_examples_use_the_company_descriptions(sample):
    table = footprint.emission_examples(sample.inventory)
    assert list(table.columns) == ["category name", "examples", "t_co2e"]
    assert table.loc[(1, 0), "t_co2e"] == pytest.approx(49.0, abs=0.05)
    assert set(sample.inventory.lines["description"]) >= set(table.loc[(1, 0), "examples"].split("; "))


def test_categories_overview_lists_the_fifteen_categories():
    table = footprint.categories_overview()
    assert list(table.columns) == ["name", "stream", "minimum_boundary", "relevance"]
    assert len(table) == 15 and table.loc[1, "name"] == "Purchased goods and services"


def test_screening_ranks_categories_and_shows_shares(sample):
    table = footprint.screening_table(sample)
    assert table.index.name == "rank"
    assert list(table.columns[:5]) == ["category", "name", "estimate_t_co2e", "share", "cumulative_share"]
    assert table.loc[1, "category"] == 1 and table.loc[1, "estimate_t_co2e"] == 1769.0
    assert table.loc[1, "share"] == "77.1%"


def test_screen_beside_footprint(sample):
    table = footprint.screen_vs_footprint(sample)
    assert list(table.columns) == ["name", "screen (t CO2e)", "footprint (t CO2e)"]
    assert len(table) == 6 and table.loc[1, "footprint (t CO2e)"] == 4791


def test_methods_and_data_quality(sample, capsys):
    assert footprint.methods_overview().loc["fuel-based", "data_quality"] == 1.2
    table = footprint.data_quality_summary(sample.inventory)
    assert list(table.columns) == ["t_co2e", "share"]
    assert "Emission-weighted data-quality score: 2.69" in capsys.readouterr().out


def test_template_sheets_follow_the_layout():
    table = footprint.template_sheets()
    assert list(table.columns) == ["scope", "what goes in it"]
    assert table.loc["Fuels", "scope"] == 1 and len(table) == 8


def test_template_error_demo_names_sheet_row_and_column(sample, tmp_path, capsys):
    footprint.template_error_demo(sample, tmp_path)
    out = capsys.readouterr().out
    assert "18.500 m3" in out and "row" in out and "Quantity" in out


def test_factors_used_carry_their_source(sample):
    table = footprint.factors_used(sample.inventory)
    assert table.index.name == "factor_id" and "factor_source" in table.columns
    assert table["factor_source"].str.len().min() > 10


def test_category_breakdown_rounds_and_shares(sample):
    table = footprint.category_breakdown(sample.inventory)
    assert list(table.columns) == ["name", "t_co2e", "share", "data_quality"]
    assert table.iloc[0]["name"] == "Direct emissions" and table.iloc[0]["t_co2e"] == 49.0


def test_year_comparison_and_base_year_check(sample, capsys):
    footprint.year_comparison(sample)
    footprint.base_year_check(sample, 400)
    out = capsys.readouterr().out
    assert "Base year" in out and ("Recalculate the base year" in out or "No recalculation needed" in out)


def test_results_are_a_new_file(sample, tmp_path):
    path = footprint.export_results(sample, tmp_path)
    assert path.name == f"c2_footprint_results_{sample.inventory.reporting_year}.xlsx" and path.is_file()
