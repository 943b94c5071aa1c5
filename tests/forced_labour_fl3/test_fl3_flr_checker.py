"""The FLR applicability checker: scenario cases with defended answers, and its input checks."""
from __future__ import annotations

import pytest

from workbook.errors import InputError
from workbook.forced_labour.flr.applicability import check, check_dict, load_cases, parse_scenario

CASES = load_cases()
BASE = {
    "description": "A brand sells cotton T-shirts in its Dutch shops",
    "is_product": True, "placed_on_eu_market": True, "made_available_in_eu": True,
    "exported_from_eu": False, "supplied_free_of_charge": False, "reached_end_user": False,
    "company_size": "medium", "forced_labour_in_supply_chain": "unknown",
}


def scenario(**changes):
    return {**BASE, **changes}


def test_there_are_at_least_15_cases_covering_the_required_situations():
    assert len(CASES) >= 15
    ids = {c["id"] for c in CASES}
    for needed in ("component-wooden-frame", "export-sofas", "online-shop-outside-eu",
                   "stock-at-retailers-after-ban", "goods-in-transit", "sme-below-csddd",
                   "commercial-vintage-shop", "free-tote-bags", "consultancy-service"):
        assert needed in ids


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_case_gets_its_defended_answer(case):
    result = check_dict(case["scenario"])
    assert result.applies == case["expected"], case["defence"]
    used = {s.rule for s in result.steps}
    assert set(case["basis"]) <= used, f"the reasoning must use the rules of the defence: {case['basis']}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_every_step_cites_an_article_and_gives_a_reason_and_there_is_an_action(case):
    result = check_dict(case["scenario"])
    assert result.steps and result.actions
    for s in result.steps:
        assert s.article and len(s.reason) > 20


def test_an_answer_that_rests_on_an_unconfirmed_point_is_depends_and_says_so():
    for case in CASES:
        result = check_dict(case["scenario"])
        if result.applies == "depends":
            assert any(not s.verified and "UNCONFIRMED" in s.reason for s in result.steps)
            assert case["graded"] is False


def test_a_graded_case_never_rests_on_an_unconfirmed_rule():
    from workbook.forced_labour.flr.facts import by_id

    rules = by_id("flr/applicability_rules.csv", key="rule_id")
    for case in CASES:
        if case["graded"]:
            assert all(rules[b]["verified"] for b in case["basis"]), case["id"]


def test_a_service_is_not_covered():
    assert check_dict(scenario(is_product=False)).applies is False


def test_free_samples_are_covered_because_making_available_includes_free_supply():
    r = check_dict(scenario(supplied_free_of_charge=True))
    assert r.applies is True
    assert any(s.rule == "A1F" and s.article == "2(4)" for s in r.steps)


def test_export_alone_is_enough():
    r = check_dict(scenario(placed_on_eu_market=False, made_available_in_eu=False, exported_from_eu=True))
    assert r.applies is True


def test_an_online_offer_targeting_eu_consumers_counts_as_making_available():
    r = check_dict(scenario(placed_on_eu_market=False, made_available_in_eu=False,
                            online_offer_targets_eu=True))
    assert r.applies is True and any(s.rule == "A4" for s in r.steps)


def test_company_size_never_takes_a_product_out_of_scope():
    for size in ("micro", "small", "medium", "large", "unknown"):
        assert check_dict(scenario(company_size=size)).applies is True


def test_products_with_end_users_are_not_withdrawn_but_further_supply_is_covered():
    assert check_dict(scenario(placed_on_eu_market=False, made_available_in_eu=False,
                               reached_end_user=True)).applies is False
    assert check_dict(scenario(reached_end_user=True)).applies is True


def test_before_the_application_date_the_ban_does_not_yet_apply_but_the_day_itself_does():
    import datetime as dt

    assert check_dict(scenario(activity_date=dt.date(2027, 12, 13))).applies is False
    assert check_dict(scenario(activity_date="2027-12-14")).applies is True


def test_forced_labour_answer_changes_the_actions_not_the_scope():
    yes, no = check_dict(scenario(forced_labour_in_supply_chain="yes")), check_dict(scenario(forced_labour_in_supply_chain="no"))
    assert yes.applies is no.applies is True
    assert yes.actions != no.actions
    assert any("remediation" in a for a in yes.actions)
    assert any("evidence" in a for a in no.actions)


def test_yaml_yes_and_no_are_read_as_the_forced_labour_answer():
    assert parse_scenario(scenario(forced_labour_in_supply_chain=True)).forced_labour_in_supply_chain == "yes"
    assert parse_scenario(scenario(forced_labour_in_supply_chain=False)).forced_labour_in_supply_chain == "no"


def test_a_missing_key_is_named():
    raw = scenario()
    del raw["reached_end_user"]
    with pytest.raises(InputError) as e:
        parse_scenario(raw, file="s.yaml")
    assert [p.column for p in e.value.problems] == ["reached_end_user"]
    assert "missing key 'reached_end_user'" in str(e.value)


def test_a_mistyped_key_is_named_with_the_closest_valid_key():
    raw = scenario()
    raw["exportd_from_eu"] = raw.pop("exported_from_eu")
    with pytest.raises(InputError) as e:
        parse_scenario(raw)
    text = str(e.value)
    assert "unknown key 'exportd_from_eu'" in text and "did you mean 'exported_from_eu'?" in text


def test_a_wrong_value_is_named_with_the_allowed_values():
    with pytest.raises(InputError) as e:
        parse_scenario(scenario(company_size="smal", is_product="maybe"))
    cols = {p.column for p in e.value.problems}
    assert cols == {"company_size", "is_product"}
    assert "did you mean 'small'?" in str(e.value)


def test_a_scenario_that_is_not_a_mapping_is_an_input_error():
    with pytest.raises(InputError):
        parse_scenario(["not", "a", "mapping"])


def test_check_is_pure_and_repeatable():
    s = parse_scenario(scenario())
    assert check(s).as_dict() == check(s).as_dict()


VERDICTS = {"prohibited", "covered_no_evidence", "covered_allowed", "not_yet_applicable", "not_covered"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_case_gets_its_machine_readable_verdict(case):
    """Callers read `verdict` instead of parsing the summary; each case states the one it expects."""
    result = check_dict(case["scenario"])
    assert result.verdict in VERDICTS and result.verdict == case["verdict"], case["defence"]
    assert result.as_dict()["verdict"] == result.verdict


def test_the_verdict_follows_scope_date_and_the_forced_labour_answer():
    import datetime as dt

    assert check_dict(scenario(forced_labour_in_supply_chain="yes")).verdict == "prohibited"
    assert check_dict(scenario(forced_labour_in_supply_chain="unknown")).verdict == "covered_no_evidence"
    assert check_dict(scenario(forced_labour_in_supply_chain="no")).verdict == "covered_allowed"
    assert check_dict(scenario(activity_date=dt.date(2026, 5, 1))).verdict == "not_yet_applicable"
    assert check_dict(scenario(is_product=False)).verdict == "not_covered"


def test_forced_labour_only_in_transport_is_covered_with_the_ban_an_open_question():
    """`applies` answers only 'is this activity covered': it is. Whether forced labour in transport
    alone makes the product banned is not settled, so the verdict is not 'prohibited' and the
    open question is named."""
    r = check_dict(scenario(forced_labour_in_supply_chain="yes", forced_labour_stage="transport"))
    assert r.applies is True and r.verdict == "covered_no_evidence"
    assert r.open_questions == ["forced labour only in transport"]
    assert any(s.rule == "A9" and "UNCONFIRMED" in s.reason for s in r.steps)
    assert r.as_dict()["open_questions"] == r.open_questions


def test_an_exporter_gets_the_export_reason_not_the_reseller_reason():
    """Art. 1(1): export is covered on its own. A maker exporting its own sofas is not a reseller."""
    r = check_dict(scenario(placed_on_eu_market=False, made_available_in_eu=False, exported_from_eu=True))
    reasons = " ".join(s.reason for s in r.steps)
    assert "resell" not in reasons and any(s.rule == "A1E" and s.article == "1(1)" for s in r.steps)


def test_a_distance_seller_outside_the_eu_gets_the_distance_sales_reason_not_the_reseller_reason():
    r = check_dict(scenario(placed_on_eu_market=False, made_available_in_eu=False, online_offer_targets_eu=True))
    reasons = " ".join(s.reason for s in r.steps)
    assert "resell" not in reasons and any(s.rule == "A4" for s in r.steps)
    assert not any(s.rule == "A10" for s in r.steps)


def test_only_a_company_that_buys_in_the_eu_and_resells_is_told_so():
    reseller = check_dict(scenario(placed_on_eu_market=False, bought_in_eu=True))
    assert any(s.rule == "A10" and "buys the product" in s.reason for s in reseller.steps)
    own_stock = check_dict(scenario(placed_on_eu_market=False))
    assert not any("buys" in s.reason for s in own_stock.steps)
    assert any(s.rule == "A10" and "not the first supply" in s.reason for s in own_stock.steps)
