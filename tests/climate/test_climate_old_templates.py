"""Templates written by earlier versions of the workbook stay readable.

The fixtures in tests/fixtures/templates were written before the content audit changed the
template (a blank one from `workbook template`, and the Noordzee sample as it was filled then).
A participant who filled an old template must still get a footprint, with the defaults stated.
"""
from __future__ import annotations

from pathlib import Path

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
