"""Hundreds of companies nobody tuned for go through the engines and the views without an
error: footprint, targets, risk scoring, action plan, and the workspace."""
from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from company_generator import generate
from workbook.climate import footprint, targets
from workbook.company import check_file, current
from workbook.forced_labour import hrdd

GOAL = targets.Goal(target_year=2031, submitted="2026-H2")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=1000, max_value=10**9))
def test_any_generated_company_goes_through_every_engine(seed):
    with tempfile.TemporaryDirectory() as folder:
        made = generate(seed, Path(folder))
        assert check_file(made.template) == ("template", made.name)
        assert check_file(made.supplier_map)[0] == "supplier_map"
        shown = current(None, made.template, made.supplier_map)
        assert shown.footprint.problem is None and shown.name == made.name
        t = footprint.totals(shown.inventory)
        assert t["total_market"] >= 0 and t["total_location"] >= 0
        with redirect_stdout(io.StringIO()):
            assert len(footprint.category_breakdown(shown)) >= 0
            footprint.base_year_check(shown, 100)
            case = targets.target_case(shown, GOAL)
            assert case.baseline.company == made.name
            scored = hrdd.scored_suppliers(shown)
            assert len(scored) == made.suppliers and scored["score"].between(0, 100).all()
            assert len(hrdd.plan_table(shown, "2027-01-01")) >= 0
            assert made.name in hrdd.example_draft(shown)
