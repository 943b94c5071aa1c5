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
