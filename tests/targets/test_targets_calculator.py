"""The target calculator against worked examples (course reference targets.md §5)."""
import pytest

from workbook.climate.targets.compute import (Baseline, KnownChange, Submission, baseline_from_footprint_json,
                                      bau_buckets, compute_targets, linear_pathway, required_reduction)
from workbook.climate.targets.rules import load_rules
from workbook.errors import InputError


def company(base_year=2024, s1=4000.0, s2=6000.0, s3=None, **kw):
    return Baseline(base_year=base_year, scope1=s1, scope2_location=s2, scope2_market=s2,
                    scope3=s3 if s3 is not None else {1: 30000.0, 4: 5000.0}, **kw)


@pytest.mark.parametrize("rules,base,target,scope,expected", [
    ("sbti-aca-floor", 2020, 2030, "scope12", 0.42),
    ("sbti-aca-floor", 2020, 2030, "scope3", 0.25),
    ("sbti-aca-floor", 2019, 2030, "scope12", 0.462),
    ("sbti-aca-floor", 2022, 2030, "scope12", 0.336),
    ("sbti-aca-floor", 2024, 2030, "scope12", 0.252),
    ("sbti-aca-floor", 2024, 2030, "scope3", 0.15),
    ("sbti-aca-floor", 2025, 2035, "scope12", 0.42),
    ("sbti-aca-floor", 2015, 2025, "scope12", 0.42),
    ("sbti-aca-2020", 2022, 2030, "scope12", 0.42),
    ("sbti-aca-2020", 2024, 2030, "scope12", 0.42),
    ("sbti-aca-2020", 2024, 2030, "scope3", 0.25),
    ("sbti-aca-2020", 2025, 2035, "scope12", 0.63),
    ("sbti-aca-2020", 2019, 2030, "scope12", 0.462),
])
def test_required_reduction_matches_the_worked_examples(rules, base, target, scope, expected):
    r = compute_targets(company(base_year=base), target, load_rules(rules))
    assert getattr(r, scope).required_reduction == pytest.approx(expected)


def test_worked_company_example_base_2024_target_2030():
    r = compute_targets(company(), 2030, load_rules("sbti-aca-floor"))
    assert r.scope12.base_t == 10000
    assert r.scope12.target_t == pytest.approx(7480)
    legacy = compute_targets(company(), 2030, load_rules("sbti-aca-2020"))
    assert legacy.scope12.target_t == pytest.approx(5800)


def test_pathway_is_linear_and_falls_the_same_tonnes_each_year():
    r = compute_targets(company(), 2030, load_rules())
    years = [y for y, _ in r.scope12.pathway]
    values = [v for _, v in r.scope12.pathway]
    assert years == list(range(2024, 2031))
    assert values[1] == pytest.approx(9580) and values[2] == pytest.approx(9160)
    assert values[-1] == pytest.approx(7480)
    steps = {round(a - b, 6) for a, b in zip(values, values[1:])}
    assert steps == {420.0}


def test_the_rate_is_never_compounded():
    # compounding would give 1 - 0.958 ** 10 = 34.9 %, not 42 %
    assert required_reduction(0.042, 2020, 2030) == pytest.approx(0.42)
    assert required_reduction(0.042, 2020, 2030) != pytest.approx(1 - 0.958 ** 10, abs=1e-3)


def test_required_reduction_is_capped_at_100_percent():
    assert required_reduction(0.042, 2015, 2050) == 1.0


def test_legacy_pathway_runs_from_base_year_emissions_to_the_target():
    r = compute_targets(company(), 2030, load_rules("sbti-aca-2020"))
    assert r.scope12.pathway[0] == (2024, 10000)
    assert r.scope12.pathway[-1][1] == pytest.approx(5800)


def check(result, cid):
    return next(c for c in result.checks if c.id == cid)


def test_base_year_before_2015_fails_with_the_reason():
    r = compute_targets(company(base_year=2014), 2024, load_rules())
    c = check(r, "base_year")
    assert not c.passed and "2015" in c.reason and "too old" in c.reason


def test_scope3_trigger_at_the_threshold_requires_a_scope3_target():
    # scope 3 = exactly 40 % of scope 1+2+3
    r = compute_targets(company(s1=3000, s2=3000, s3={1: 4000.0}), 2030, load_rules())
    assert r.scope3_share == pytest.approx(0.40)
    assert r.scope3_required and r.scope3 is not None
    assert "at or above" in check(r, "scope3_trigger").reason


def test_scope3_just_under_the_trigger_needs_no_scope3_target():
    r = compute_targets(company(s1=3000, s2=3000.01, s3={1: 4000.0}), 2030, load_rules())
    assert r.scope3_share < 0.40
    assert not r.scope3_required and r.scope3 is None
    assert "below" in check(r, "scope3_trigger").reason


def test_scope3_coverage_below_two_thirds_fails():
    r = compute_targets(company(s3={1: 6000.0, 4: 4000.0}), 2030, load_rules(), scope3_categories=[1])
    c = check(r, "scope3_coverage")
    assert r.scope3_coverage == pytest.approx(0.6)
    assert not c.passed and "67.0 %" in c.reason
    assert r.scope3.base_t == 6000  # the target applies to the covered categories


def test_scope12_coverage_below_95_percent_fails():
    r = compute_targets(company(), 2030, load_rules(), scope12_coverage=0.9)
    assert not check(r, "scope12_coverage").passed


@pytest.mark.parametrize("submission,target,ok", [
    ("2024-H1", 2028, True), ("2024-H1", 2033, True), ("2024-H1", 2034, False), ("2024-H1", 2027, False),
    ("2024-H2", 2029, True), ("2024-H2", 2034, True), ("2024-H2", 2028, False),
    ("2026-H2", 2030, False), ("2026-H1", 2030, True),
])
def test_time_frame_window_from_the_submission_date_is_a_check_not_a_crash(submission, target, ok):
    r = compute_targets(company(base_year=2022), target, load_rules(), submission=Submission.parse(submission))
    assert check(r, "time_frame").passed is ok


def test_without_a_submission_date_the_window_is_reported_as_not_checked():
    r = compute_targets(company(), 2030, load_rules())
    assert "time_frame" in [c.id for c in r.not_checked]


def test_target_year_not_after_base_year_is_an_input_error():
    with pytest.raises(InputError) as e:
        compute_targets(company(), 2024, load_rules())
    assert "after the base year" in str(e.value)


def test_proposed_target_is_checked_against_the_minimum_as_an_annual_rate():
    r = compute_targets(company(base_year=2019), 2030, load_rules(), proposed={"scope12": 0.50})
    c = check(r, "scope12_ambition")
    assert c.passed and "4.5 % a year" in c.reason
    r = compute_targets(company(base_year=2019), 2030, load_rules(), proposed={"scope12": 0.40})
    assert not check(r, "scope12_ambition").passed


def test_sme_route_needs_no_scope3_target_and_a_2030_target_year():
    rules = load_rules("sbti-sme")
    r = compute_targets(company(s1=1000, s2=500, employees=120, turnover_eur=30e6), 2030, rules)
    assert r.scope3 is None and not r.scope3_required
    assert check(r, "time_frame").passed
    assert check(r, "sme_emissions").passed
    assert "sme_size" in [c.id for c in r.not_checked]  # assets and FLAG status unknown
    r2 = compute_targets(company(s1=1000, s2=500), 2031, rules)
    assert not check(r2, "time_frame").passed


def test_sme_route_fails_above_10000_t_scope1_plus_location_scope2():
    r = compute_targets(company(s1=6000, s2=4000), 2030, load_rules("sbti-sme"))
    assert not check(r, "sme_emissions").passed


def test_sme_size_passes_with_three_known_criteria():
    b = company(s1=1000, s2=500, employees=120, turnover_eur=30e6, assets_eur=10e6)
    r = compute_targets(b, 2030, load_rules("sbti-sme"))
    assert check(r, "sme_size").passed


def test_scope2_basis_changes_the_scope12_base():
    b = Baseline(2024, 1000, 3000, 500, {1: 100.0})
    assert compute_targets(b, 2030, load_rules()).scope12.base_t == 1500
    assert compute_targets(b, 2030, load_rules(), scope2_basis="location").scope12.base_t == 4000


def test_long_term_target_is_90_percent_below_base_by_2050():
    r = compute_targets(company(), 2030, load_rules())
    assert r.long_term["year"] == 2050
    assert r.long_term["scope12_t"] == pytest.approx(1000)


# ------------------------------------------------------------ BAU
def test_bau_compounds_growth_from_the_base_year():
    b = company()
    bau = bau_buckets(b, 2030, 0.03)
    assert bau["scope1"] + bau["scope2_market"] == pytest.approx(11940.52, abs=0.01)
    assert bau_buckets(b, 2030, 0.05)["scope1"] + bau_buckets(b, 2030, 0.05)["scope2_market"] == \
        pytest.approx(13400.96, abs=0.01)


def test_bau_growth_can_differ_per_scope_and_category():
    b = company()
    bau = bau_buckets(b, 2025, {"all": 0.10, "scope3.4": 0.0, "scope1": 0.0})
    assert bau["scope1"] == pytest.approx(4000)
    assert bau["scope2_market"] == pytest.approx(6600)
    assert bau["scope3.1"] == pytest.approx(33000)
    assert bau["scope3.4"] == pytest.approx(5000)


def test_known_change_applies_from_its_year():
    b = company()
    ch = [KnownChange("scope2_market", 0.6, 2027, "contracted wind power")]
    assert bau_buckets(b, 2026, 0.0, ch)["scope2_market"] == pytest.approx(6000)
    assert bau_buckets(b, 2027, 0.0, ch)["scope2_market"] == pytest.approx(2400)
    assert bau_buckets(b, 2027, 0.0, ch)["scope2_location"] == pytest.approx(6000)


def test_unreasonable_growth_is_an_input_error():
    with pytest.raises(InputError):
        bau_buckets(company(), 2030, 3.0)


# ------------------------------------------------------------ footprint JSON
FOOTPRINT = {"reporting_year": 2024, "scope1": 120.5, "scope2_location": 80.0, "scope2_market": 10.0,
             "scope3": {"1": 2500.0, "4": 300.0, "6": None, "12": 45.5},
             "total_location": 3046.0, "total_market": 2976.0}


def test_baseline_from_footprint_json_reads_every_key():
    b = baseline_from_footprint_json(FOOTPRINT)
    assert b.base_year == 2024
    assert (b.scope1, b.scope2_location, b.scope2_market) == (120.5, 80.0, 10.0)
    assert b.scope3 == {1: 2500.0, 4: 300.0, 6: 0.0, 12: 45.5}
    assert b.scope3_total == pytest.approx(2845.5)


def test_footprint_json_with_inconsistent_total_is_rejected():
    bad = dict(FOOTPRINT, total_market=9999.0)
    with pytest.raises(InputError) as e:
        baseline_from_footprint_json(bad, file="fp.json")
    p = e.value.problems[0]
    assert p.column == "total_market" and p.file == "fp.json"


def test_footprint_json_missing_keys_and_bad_values_are_all_reported():
    bad = {"reporting_year": "twenty", "scope1": -5, "scope3": {"16": 1, "2": "x"}}
    with pytest.raises(InputError) as e:
        baseline_from_footprint_json(bad)
    cols = {p.column for p in e.value.problems}
    assert {"reporting_year", "scope1", "scope2_location", "scope2_market", "scope3", "scope3.2"} <= cols


def test_linear_pathway_has_one_point_per_year():
    assert linear_pathway(2020, 100.0, 2022, 80.0) == ((2020, 100.0), (2021, 90.0), (2022, 80.0))
