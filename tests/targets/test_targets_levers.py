"""Levers combine without double counting; the lever library is well-formed data."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.climate.targets.levers import (
    Lever,
    apply_levers,
    levers_file,
    load_levers,
    parse_share,
    read_lever_settings,
)
from workbook.climate.targets.compute import BUCKETS
from workbook.errors import ContentError, InputError


def lever(lid, acts_on, per_unit=1.0, share=1.0, order=0):
    return Lever(lid, lid, ("apparel",), tuple(acts_on), "share", share, "structural", "s", True,
                 per_unit, "source", True, "low", "cost", order)


buckets_st = st.fixed_dictionaries({b: st.floats(0, 1e6, allow_nan=False) for b in BUCKETS})
adoption_st = st.floats(0, 1, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(buckets_st, st.lists(st.tuples(st.sampled_from(BUCKETS), st.floats(0, 1), st.floats(0, 1), adoption_st),
                            min_size=1, max_size=8))
def test_total_reduction_never_exceeds_the_emissions_it_acts_on(buckets, specs):
    levers = [lever(f"l{i}", [b], per_unit=r, share=s) for i, (b, r, s, _) in enumerate(specs)]
    adoption = {f"l{i}": a for i, (_, _, _, a) in enumerate(specs)}
    out = apply_levers(buckets, levers, adoption)
    for b in BUCKETS:
        cut = sum(t for s in out.steps for bb, t in s.by_bucket if bb == b)
        assert cut <= buckets[b] * (1 + 1e-9) + 1e-9
        assert out.after[b] >= -1e-9
        assert out.after[b] + cut == pytest.approx(buckets[b], rel=1e-9, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(buckets_st, st.permutations(list(BUCKETS)), st.lists(adoption_st, min_size=18, max_size=18),
       st.randoms(use_true_random=False))
def test_order_does_not_change_the_total_when_levers_act_on_disjoint_categories(buckets, perm, adoptions, rnd):
    levers = [lever(f"l{i}", [b], per_unit=0.9) for i, b in enumerate(perm[:6])]
    adoption = {lv.id: adoptions[i] for i, lv in enumerate(levers)}
    order = [lv.id for lv in levers]
    shuffled = order[:]
    rnd.shuffle(shuffled)
    a = apply_levers(buckets, levers, adoption, order=order)
    b = apply_levers(buckets, levers, adoption, order=shuffled)
    assert sum(a.after.values()) == pytest.approx(sum(b.after.values()), rel=1e-12, abs=1e-6)
    # disjoint: each lever's own reduction is the same in any order
    assert {s.lever_id: s.reduction_t for s in a.steps} == pytest.approx({s.lever_id: s.reduction_t for s in b.steps})


def test_overlapping_levers_act_on_what_the_previous_ones_left():
    lv1, lv2 = lever("a", ["scope3.1"], 0.5), lever("b", ["scope3.1"], 0.5)
    out = apply_levers({"scope3.1": 1000.0}, [lv1, lv2], {"a": 1.0, "b": 1.0})
    assert [s.reduction_t for s in out.steps] == [500.0, 250.0]  # not 500 + 500
    assert out.after["scope3.1"] == 250.0
    rev = apply_levers({"scope3.1": 1000.0}, [lv1, lv2], {"a": 1.0, "b": 1.0}, order=["b", "a"])
    assert rev.order == ("b", "a") and rev.after["scope3.1"] == 250.0


def test_reduction_is_affected_share_times_reduction_per_unit_times_adoption():
    lv = lever("cotton", ["scope3.1"], per_unit=0.865, share=0.38)
    out = apply_levers({"scope3.1": 10000.0}, [lv], {"cotton": 0.5})
    assert out.steps[0].reduction_t == pytest.approx(10000 * 0.38 * 0.865 * 0.5)


def test_company_affected_share_overrides_the_default():
    lv = lever("air", ["scope3.4"], per_unit=0.985, share=1.0)
    out = apply_levers({"scope3.4": 1000.0}, [lv], {"air": 1.0}, affected_share={"air": 0.4})
    assert out.steps[0].reduction_t == pytest.approx(394.0)


def test_unknown_lever_and_bad_adoption_are_reported_together():
    with pytest.raises(InputError) as e:
        apply_levers({"scope1": 1.0}, [lever("a", ["scope1"])], {"zz": 0.5, "a": 1.5})
    assert len(e.value.problems) == 2


def test_the_lever_library_loads_in_order_and_covers_the_required_levers():
    levers = load_levers()
    ids = {lv.id for lv in levers}
    assert {"renewable_electricity_own", "renewable_electricity_suppliers", "coal_phaseout_mills",
            "energy_efficiency_mills", "cotton_organic", "cotton_recycled", "polyester_recycled",
            "material_efficiency", "air_to_sea", "use_phase_care", "circular_resale", "mdf_to_softwood"} <= ids
    assert [lv.order for lv in levers] == sorted(lv.order for lv in levers)
    assert all(lv.source for lv in levers)
    assert {lv.id for lv in load_levers(sector="furniture")} >= {"mdf_to_softwood", "air_to_sea"}


def test_levers_without_a_source_for_their_figure_are_flagged_unverified():
    by = {lv.id: lv for lv in load_levers()}
    for lid in ("coal_phaseout_mills", "energy_efficiency_mills", "renewable_electricity_suppliers", "use_phase_care"):
        assert not by[lid].verified, lid
    assert by["air_to_sea"].reduction_per_unit == pytest.approx(1 - 0.01612 / 1.09904, abs=1e-3)
    assert by["cotton_recycled"].reduction_per_unit == pytest.approx(1 - 0.43 / 3.19, abs=1e-3)
    assert by["cotton_organic"].reduction_per_unit == pytest.approx(1 - 2.50 / 3.19, abs=1e-3)
    assert by["polyester_recycled"].reduction_per_unit == pytest.approx(1 - 11.98 / 14.64, abs=1e-2)
    assert by["mdf_to_softwood"].reduction_per_unit == pytest.approx(1 - 0.22 / 1.22, abs=1e-2)
    assert by["renewable_fuels_own"].reduction_per_unit == pytest.approx(1 - 0.026 / 2.462, abs=1e-3)


def test_a_bad_lever_row_fails_with_file_line_and_column(tmp_path):
    src = (load_levers.__globals__["levers_file"]()).read_text(encoding="utf-8").splitlines()
    src[3] = src[3].replace(",0.216,", ",1.216,")
    bad = tmp_path / "levers.csv"
    bad.write_text("\n".join(src) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as e:
        load_levers(bad)
    assert "levers.csv" in str(e.value) and "line 4" in str(e.value) and "reduction_per_unit" in str(e.value)


def test_lever_settings_accept_fractions_and_percentages(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("lever,adoption,affected_share\nair_to_sea,40 %,0.3\ncotton_organic,0.25,\n", encoding="utf-8")
    adoption, shares, order = read_lever_settings(f)
    assert adoption == {"air_to_sea": 0.4, "cotton_organic": 0.25}
    assert shares == {"air_to_sea": 0.3} and order == ["air_to_sea", "cotton_organic"]
    y = tmp_path / "mine.yaml"
    y.write_text("levers:\n  air_to_sea: 50%\n", encoding="utf-8")
    assert read_lever_settings(y)[0] == {"air_to_sea": 0.5}


def test_bad_lever_settings_name_row_and_column(tmp_path):
    f = tmp_path / "mine.csv"
    f.write_text("lever,adoption\nair_to_sea,140\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_lever_settings(f)
    p = e.value.problems[0]
    assert (p.file, p.row, p.column) == ("mine.csv", 2, "adoption")


@pytest.mark.parametrize("text,value", [("40%", 0.4), ("40 %", 0.4), ("0,4", 0.4), (0.4, 0.4), ("1", 1.0)])
def test_parse_share(text, value):
    assert parse_share(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["140", "-1%", "abc", True])
def test_parse_share_rejects_non_shares(text):
    with pytest.raises(ValueError):
        parse_share(text)


def test_the_buckets_a_lever_may_act_on_are_the_engines_buckets():
    """levers.csv declares acts_on as a pattern; it admits exactly the buckets the calculator knows."""
    import re

    from workbook.climate.targets.compute import BUCKETS
    from workbook.schemas import entry_for

    acts_on = next(c for c in entry_for(levers_file()).columns if c.name == "acts_on")
    candidates = set(BUCKETS) | {"scope2", "scope3", "scope3.0", "scope3.16", "scope3.1.1", "scope1;scope2_market"}
    assert {b for b in candidates if re.fullmatch(acts_on.pattern, b)} == set(BUCKETS)


def _baseline_with_freight(air_t, sea_t, with_breakdown=True):
    from workbook.climate.targets.compute import Baseline

    detail = {"scope3.4": {"air_freight_tkm": air_t, "sea_freight_tkm": sea_t}} if with_breakdown else {}
    return Baseline(2024, 10.0, 5.0, 5.0, {4: air_t + sea_t}, activity_t=detail)


def test_air_to_sea_acts_on_the_companys_air_share_of_category_4_by_default():
    """At its default the lever must not treat sea and road freight as air freight: the affected
    share is the company's own air share of category 4 (from its footprint)."""
    from workbook.climate.targets.plan import make_plan
    from workbook.climate.targets.rules import load_rules

    levers = [lv for lv in load_levers() if lv.id == "air_to_sea"]
    plan = make_plan(_baseline_with_freight(60.0, 40.0), 2030, load_rules(), levers=levers, adoption={"air_to_sea": 1.0})
    step = plan.levers.steps[0]
    assert step.reduction_t == pytest.approx(100 * 0.6 * 0.985)
    own = make_plan(_baseline_with_freight(60.0, 40.0), 2030, load_rules(), levers=levers,
                    adoption={"air_to_sea": 1.0}, affected_share={"air_to_sea": 0.5})
    assert own.levers.steps[0].reduction_t == pytest.approx(100 * 0.5 * 0.985)


def test_air_to_sea_without_the_companys_freight_breakdown_asks_for_the_share():
    from workbook.climate.targets.plan import make_plan
    from workbook.climate.targets.rules import load_rules

    levers = [lv for lv in load_levers() if lv.id == "air_to_sea"]
    with pytest.raises(InputError) as e:
        make_plan(_baseline_with_freight(60.0, 40.0, with_breakdown=False), 2030, load_rules(), levers=levers,
                  adoption={"air_to_sea": 0.5})
    assert "air" in str(e.value) and "affected_share" in str(e.value)


def test_organic_and_recycled_cotton_cannot_replace_more_than_all_of_the_same_cotton():
    """Both levers switch conventional cotton: together at most 100 % of it, else refused."""
    levers = [lv for lv in load_levers() if lv.id in ("cotton_organic", "cotton_recycled")]
    with pytest.raises(InputError) as e:
        apply_levers({"scope3.1": 1000.0}, levers, {"cotton_organic": 0.7, "cotton_recycled": 0.7})
    assert "100 %" in str(e.value) and "cotton_organic" in str(e.value)
    ok = apply_levers({"scope3.1": 1000.0}, levers, {"cotton_organic": 0.6, "cotton_recycled": 0.4})
    assert ok.after["scope3.1"] < 1000.0


def test_the_footprint_json_carries_the_scope_3_breakdown_by_activity_for_company_shares():
    from workbook.climate.footprint import footprint_json, load_footprint
    from workbook.climate.targets.compute import baseline_from_footprint_json
    from workbook.paths import data_dir

    fj = footprint_json(load_footprint(data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx", year=2024))
    assert fj["scope3_by_activity"]["4"]["air_freight_tkm"] == pytest.approx(131.885, abs=0.001)
    b = baseline_from_footprint_json(fj)
    assert b.activity_t["scope3.4"]["air_freight_tkm"] == pytest.approx(131.885, abs=0.001)
