"""The climate data files' rules that span columns (footprint/schema.py) and the climate column key
``unit``; a bad row fails with file and line. (Every climate file passing its declared check is
tests/test_data_files.py.)"""
import csv
import shutil
from pathlib import Path

import pytest

from workbook.paths import data_dir
from workbook.schemas import problems

CLIMATE = data_dir() / "climate"


def problems_in(path: Path) -> list[str]:
    return [f"{path.name}, {p}" for p in problems(path)]


def _copy_with(tmp_path: Path, name: str, edit) -> Path:
    for f in CLIMATE.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    rows = list(csv.reader(open(tmp_path / name, encoding="utf-8", newline="")))
    edit(rows)
    with open(tmp_path / name, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return tmp_path / name


def test_a_factor_without_source_fails_with_its_line(tmp_path):
    def edit(rows):
        rows[5][rows[0].index("source")] = ""
    problems = problems_in(_copy_with(tmp_path, "emission_factors.csv", edit))
    assert problems == ["emission_factors.csv, line 6, column 'source': a value is required but the cell "
                        "is empty. Fix: fill it in"]


def test_a_text_value_where_a_number_belongs_fails(tmp_path):
    def edit(rows):
        rows[3][rows[0].index("kg_co2e_per_unit")] = "1,779"
    problems = problems_in(_copy_with(tmp_path, "emission_factors.csv", edit))
    assert any("line 4" in p and "kg_co2e_per_unit" in p for p in problems)


def test_a_weak_source_must_be_flagged_unverified(tmp_path):
    def edit(rows):
        rows[2][rows[0].index("quality")] = "W"
    problems = problems_in(_copy_with(tmp_path, "emission_factors.csv", edit))
    assert problems == ["emission_factors.csv, line 3: quality W requires verified: false"]


def test_a_scope_1_activity_lists_no_scope_3_categories(tmp_path):
    def edit(rows):
        row = next(r for r in rows[1:] if r[rows[0].index("scope")] == "1")
        row[rows[0].index("categories")] = "1"
    problems = problems_in(_copy_with(tmp_path, "activities.csv", edit))
    assert len(problems) == 1 and problems[0].endswith(": a scope 1 or 2 activity lists no categories")


def test_an_unknown_unit_or_activity_fails(tmp_path):
    def edit(rows):
        rows[2][rows[0].index("unit")] = "furlong-ish"
        rows[3][rows[0].index("activity")] = "no_such_activity"
    problems = problems_in(_copy_with(tmp_path, "emission_factors.csv", edit))
    assert any("line 3" in p and "unit" in p for p in problems)
    assert any("line 4" in p and "activities.csv" in p for p in problems)


def test_duplicate_factor_ids_fail(tmp_path):
    def edit(rows):
        rows[3][0] = rows[2][0]
    problems = problems_in(_copy_with(tmp_path, "emission_factors.csv", edit))
    assert any("duplicate id" in p and "line 4" in p for p in problems)


def test_every_activity_except_elastane_has_a_factor():
    from workbook.climate.footprint.facts import activity_table, factor_table

    acts = activity_table()
    with_factor = set(factor_table()["activity"])
    borrows = set(acts.index[acts["factor_activity"] != ""])  # a carrier's fuel uses the fuel's factors
    assert set(acts.loc[list(borrows), "factor_activity"]) <= with_factor
    missing = set(acts.index) - with_factor - borrows
    assert missing == {"elastane"}  # no checked factor: the participant must give the supplier's


def test_issue_scope_of_the_factor_database():
    """Fuels, grids of the sourcing countries, residual mix, heat, refrigerants, freight, travel,
    waste, materials and spend are all present."""
    from workbook.climate.footprint.facts import factor_table

    f = factor_table()
    grid = set(f.loc[(f["activity"] == "electricity") & f["basis"].isin(["generation", "lifecycle"]), "region"])
    assert {"NL", "CN", "IN", "BD", "VN", "TR", "PK", "KH", "ID", "PT", "IT"} <= grid
    for activity in ("natural_gas", "diesel", "district_heat", "refrigerant_r410a", "road_freight_tkm",
                     "sea_freight_tkm", "air_freight_tkm", "flight_long_haul_pkm", "car_km", "clothing_landfill",
                     "cotton", "organic_cotton", "polyester", "recycled_polyester", "nylon", "wool", "viscose",
                     "leather", "timber", "mdf", "steel", "aluminium", "pu_foam", "spend_apparel",
                     "consumer_electricity"):
        assert activity in set(f["activity"]), activity
    assert (f["basis"] == "residual_mix").any()


def test_published_values_are_copied_exactly():
    """Spot checks against the checked reference (a wrong number taught is the worst bug)."""
    from workbook.climate.footprint.facts import factor_table

    v = factor_table().set_index("id")["kg_co2e_per_unit"]
    assert v["nl26-natural-gas-ttw"] == 1.779
    assert v["nl26-electricity-grid-gen"] == 0.200
    assert v["gwp-ar6-sf6"] == 24300
    assert v["gwp-ar6-hfc134a"] == 1530
    assert v["aib23-residual-nl"] == pytest.approx(0.37989)
    assert v.isna()["aib24-residual-nl"] and v.isna()["aib25-residual-nl"]
    assert v["desnz25-air-freight-long"] == 0.89939
    assert v["desnz24-clothing-primary"] == 22310
