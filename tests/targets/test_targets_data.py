"""The rule-set files are versioned, sourced data; bad files fail with file and field."""
import pytest

from workbook.climate.targets.rules import available_rules, load_rules, parse_rules_file, rules_dir
from workbook.errors import ContentError, InputError


def test_the_three_required_rule_sets_exist_and_load():
    assert {"sbti-aca-floor", "sbti-aca-2020", "sbti-sme"} <= set(available_rules())
    for name in available_rules():
        r = load_rules(name)
        assert r.id == name and r.version and r.scope12.source and r.caveat


def test_floor_rates_are_the_sourced_linear_minimums():
    r = load_rules("sbti-aca-floor")
    assert (r.scope12.annual_rate, r.scope3.annual_rate) == (0.042, 0.025)
    assert (r.scope3.trigger_share, r.scope3.min_coverage, r.coverage_scope12_min.value) == (0.40, 0.67, 0.95)
    assert r.base_year_earliest.value == 2015 and r.reference_year is None


def test_legacy_rule_counts_from_2020():
    assert load_rules("sbti-aca-2020").reference_year_for(2024) == 2020
    assert load_rules("sbti-aca-2020").reference_year_for(2018) == 2018


def test_unverified_rules_are_listed_for_the_participant():
    sme = load_rules("sbti-sme")
    assert not sme.scope12.verified
    assert any("scope 1+2 rate" in u for u in sme.unverified)
    assert any("renewable-electricity" in u for u in load_rules("sbti-aca-floor").unverified)


def test_unknown_rule_set_suggests_the_closest_name():
    with pytest.raises(InputError) as e:
        load_rules("sbti-aca-flor")
    assert "sbti-aca-floor" in e.value.problems[0].fix


@pytest.mark.parametrize("old,new,msg", [
    ("annual_rate: 0.042", "annual_rate: 4.2", "scope12.annual_rate"),
    ("method: linear", "method: compound", "linear"),
    ("status: current", "status: draft", "status"),
    ("  verified: true\nscope3:", "scope3:", "scope12.verified"),
])
def test_a_bad_rule_file_names_the_field(tmp_path, old, new, msg):
    text = (rules_dir() / "sbti-aca-floor.yaml").read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "sbti-aca-floor.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        parse_rules_file(bad)
    assert "sbti-aca-floor.yaml" in str(e.value) and msg in str(e.value)


def test_consultancy_only_items_are_not_verified():
    """The 2.5 %/yr scope 3 floor after April 2026, scope 2 at zero by 2040 and the criterion
    numbers come from consultancies only (SBTi's news confirms the 4.2 % floor): not verified
    until a primary SBTi text is seen."""
    from workbook.climate.targets.rules import load_updates

    floor = load_rules("sbti-aca-floor")
    assert floor.scope12.verified and not floor.scope3.verified
    assert "C16.1" not in floor.scope12.source
    assert any("scope 3 rule" in u for u in floor.unverified)
    _, changes, confirm = load_updates()
    by_title = {c.title: c for c in changes}
    assert not by_title["Scope 3 floor unchanged; scope 2 assumed to reach zero by 2040"].verified


def test_category_a_and_b_follow_sbtis_own_wording():
    """SBTi: Category A = large and medium-sized companies in higher-income geographies; B = small
    and medium-sized companies in lower-income geographies. A medium-sized Dutch firm is A."""
    from workbook.climate.targets.rules import load_updates

    _, _, confirm = load_updates()
    item = next(c for c in confirm if "Category A" in c.text)
    assert "large and medium-sized companies operating in higher-income geographies" in item.text
    assert "small and medium-sized companies operating in lower-income geographies" in item.text
    assert "small and medium-sized companies and companies in lower-income" not in item.text


def test_the_sme_target_is_a_placeholder_and_every_rule_set_says_it_judges_new_targets():
    sme = load_rules("sbti-sme")
    assert sme.scope12.placeholder is True
    for name in available_rules():
        assert "new target" in load_rules(name).caveat, name
