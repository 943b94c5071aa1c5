"""Templates written by earlier versions of the workbook stay readable.

The fixtures in tests/fixtures/templates were written before the content audit changed the
template (a blank one from `workbook template`, and the Noordzee sample as it was filled then).
A participant who filled an old template must still get a footprint, with the defaults stated.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from workbook.climate.footprint import footprint_json, load_footprint, read_template

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "templates"


def test_a_blank_template_from_before_the_audit_reads_without_problems():
    company, acts, screening, problems = read_template(FIXTURES / "blank_before_audit.xlsx", strict=False)
    assert [p.message for p in problems] == ["the reporting year is empty"]
    assert acts.empty and len(screening) == 15


def test_a_filled_template_from_before_the_audit_still_gives_a_footprint():
    inv = load_footprint(FIXTURES / "filled_before_audit.xlsx")
    fj = footprint_json(inv)
    assert fj["reporting_year"] == 2025 and fj["company"] == "Noordzee Apparel B.V."
    assert fj["scope1"] > 0 and fj["total_location"] > fj["scope1"]


def test_an_old_template_without_the_gas_basis_field_reads_with_the_stated_default():
    """The gas-in-kWh basis was added to the Company sheet later: an old template has no such
    row, which is not a problem; the footprint reads gross kWh and says it used the default."""
    company, _, _, problems = read_template(FIXTURES / "filled_before_audit.xlsx", strict=False)
    assert problems == [] and company.gas_kwh_basis is None


def test_the_gas_basis_round_trips_through_a_new_template(tmp_path):
    from workbook.climate.footprint import Company, write_template

    path = write_template(tmp_path / "t.xlsx", Company(name="X", reporting_year=2025, gas_kwh_basis="net"))
    company, _, _, problems = read_template(path, strict=False)
    assert company.gas_kwh_basis == "net" and problems == []


def test_the_new_optional_columns_round_trip_through_a_template_and_an_activity_csv(tmp_path):
    """Quantities in two parts and the electricity extras are read from a new template and a CSV."""
    import pandas as pd

    from workbook.climate.footprint import Company, compute_inventory, totals, write_template
    from workbook.climate.footprint.activity_csv import read_activity_csv

    rows = pd.DataFrame([
        {"sheet": "Transport", "year": 2025, "activity": "sea_freight_tkm", "category": 4, "quantity": 20,
         "unit": "t", "quantity2": 5000, "unit2": "km"},
        {"sheet": "Energy", "year": 2025, "activity": "electricity", "country": "BD", "quantity": 1000,
         "unit": "kWh", "factor_location": 0.55, "td_loss_rate": 0.1}])
    path = write_template(tmp_path / "t.xlsx", Company(name="X", reporting_year=2025), rows)
    company, acts, _, problems = read_template(path, strict=False)
    assert problems == []
    sea = acts[acts["activity"] == "sea_freight_tkm"].iloc[0]
    assert (sea["quantity2"], sea["unit2"]) == (5000, "km")
    power = acts[acts["activity"] == "electricity"].iloc[0]
    assert power["factor_location"] == 0.55 and power["td_loss_rate"] == pytest.approx(0.1)

    csv = tmp_path / "a.csv"
    csv.write_text("scope,category,activity,country,quantity,unit,quantity2,unit2,factor_location,td_loss_pct\n"
                   "3,4,sea_freight_tkm,,20,t,5000,km,,\n2,,electricity,BD,1000,kWh,,,0.55,10\n", encoding="utf-8")
    t = totals(compute_inventory(read_activity_csv(csv), company=Company(name="X", reporting_year=2025)))
    assert t["scope3"]["4"] == pytest.approx(20 * 5000 * 0.01612 / 1000)
    assert t["scope2_location"] == pytest.approx(0.55)
