"""Risk scoring: the specification of the method, with property tests for monotonicity."""
import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.forced_labour.hrdd import facts as hrdd_data, risk

TYPED_FLAGS = [r["code"] for r in hrdd_data.table("red_flags.csv") if not r["derived_from"]]
COUNTRIES = [r["iso2"] for r in hrdd_data.table("country_risk.csv")] + ["LI", "IS"]
GOODS = [r["good"] for r in hrdd_data.table("goods.csv")]
PROCESSES = [r["process"] for r in hrdd_data.table("process_risk.csv")] + [""]
CHANNELS = ["", "direct hire", "local agency", "unknown"]
AUDITS = ["", "no findings", "forced-labour indicators found", "audit refused", "not audited"]


def row(**kw):
    base = dict(row=2, supplier="S", tier=1, country="NL", goods="garments", process="", material="",
                material_origin="", workforce=np.nan, migrant_agency_share_pct=np.nan, recruitment_channel="",
                audit_findings="", red_flags="", notes="")
    base.update(kw)
    return base


def score(*rows):
    return risk.score_suppliers(pd.DataFrame(list(rows)))


rows_st = st.builds(
    row,
    country=st.sampled_from(COUNTRIES), goods=st.sampled_from(GOODS), process=st.sampled_from(PROCESSES),
    material=st.sampled_from([""] + GOODS), material_origin=st.sampled_from(["", "TM", "CN", "BY", "IN", "NL"]),
    workforce=st.one_of(st.just(np.nan), st.integers(0, 5000).map(float)),
    migrant_agency_share_pct=st.one_of(st.just(np.nan), st.floats(0, 100)),
    recruitment_channel=st.sampled_from(CHANNELS), audit_findings=st.sampled_from(AUDITS),
    red_flags=st.sets(st.sampled_from(TYPED_FLAGS), max_size=4).map(lambda s: ";".join(sorted(s))),
)
LEVEL_RANK = {v: i for i, v in enumerate(risk.LEVELS)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_st, st.sampled_from(TYPED_FLAGS))
def test_adding_a_red_flag_never_lowers_the_risk(r, flag):
    flags = set(filter(None, r["red_flags"].split(";")))
    more = dict(r, red_flags=";".join(sorted(flags | {flag})))
    a, b = score(r).iloc[0], score(more).iloc[0]
    assert b["score"] >= a["score"]
    assert b["likelihood"] >= a["likelihood"] and b["severity"] >= a["severity"]
    assert LEVEL_RANK[b["level"]] >= LEVEL_RANK[a["level"]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows_st, st.sampled_from(COUNTRIES[:-2]), st.sampled_from(COUNTRIES[:-2]))
def test_a_country_with_higher_prevalence_never_scores_lower_other_things_equal(r, c1, c2):
    """Countries that differ only in GSI prevalence (same TIP tier, ITUC band, goods entries) are compared."""
    lk = risk.lookups()
    g1, g2 = lk.gsi.get(c1), lk.gsi.get(c2)
    if g1 is None or g2 is None or g1 == g2:
        return
    lo, hi = (c1, c2) if g1 < g2 else (c2, c1)
    a, b = score(dict(r, country=lo)).iloc[0], score(dict(r, country=hi)).iloc[0]
    assert b["c_prevalence"] >= a["c_prevalence"]
    # with every other part held equal, the score follows prevalence
    same = ["c_tip", "g_listing", "g_state_imposed", "p_process", "r_flags", "severity"]
    if all(a[k] == b[k] for k in same):
        assert b["score"] >= a["score"]


def test_prevalence_alone_is_monotone_on_a_synthetic_country(monkeypatch):
    lk = risk.lookups()
    scores = []
    for prev in [0.5, 1.9, 2.0, 4.9, 5.0, 9.9, 10.0, 50.0]:
        patched = lk.__class__(**{**lk.__dict__, "gsi": {**lk.gsi, "ZZ": prev}})
        monkeypatch.setattr(risk, "lookups", lambda p=patched: p)
        scores.append(int(score(row(country="ZZ")).iloc[0]["score"]))
    assert scores == sorted(scores) and scores[0] < scores[-1]


@settings(max_examples=60, deadline=None)
@given(st.lists(rows_st, min_size=1, max_size=12))
def test_scoring_is_deterministic_and_independent_of_row_order(rows):
    a = score(*rows)
    b = score(*reversed(rows))
    assert sorted(a["score"].tolist()) == sorted(b["score"].tolist())
    assert a["score"].between(0, 100).all()
    pd.testing.assert_frame_equal(score(*rows), a)


def test_priority_puts_hard_stops_first_then_higher_scores():
    s = score(row(supplier="low", country="NL"), row(supplier="high", country="MM", goods="garments",
                                                     red_flags="worker_paid_fees;id_documents_held"),
              row(supplier="stop", country="NL", goods="yarn", material="cotton", material_origin="TM"))
    assert s["supplier"].tolist() == ["stop", "high", "low"]
    assert s["priority"].tolist() == [1, 2, 3]


def test_turkmen_cotton_is_state_imposed_and_a_hard_stop_even_via_a_turkish_spinner():
    r = score(row(country="TR", goods="yarn", process="spinning", material="cotton", material_origin="TM")).iloc[0]
    assert r["state_imposed"] and r["state_imposed_basis"] == "linked" and r["hard_stop"]
    assert r["level"] == "very high"


def test_untraced_cotton_origin_is_flagged_as_possible_state_imposed_exposure():
    r = score(row(country="BD", goods="garments", material="cotton")).iloc[0]
    assert r["state_imposed"] and r["state_imposed_basis"] == "untraced" and r["g_state_imposed"] == 1
    traced = score(row(country="BD", goods="garments", material="cotton", material_origin="US")).iloc[0]
    assert not traced["state_imposed"] and traced["g_state_imposed"] == 0


def test_belarusian_wood_in_polish_furniture_is_linked_to_state_imposed_labour():
    r = score(row(country="PL", goods="furniture", material="timber", material_origin="BY")).iloc[0]
    assert r["state_imposed_basis"] == "linked" and not r["hard_stop"]


def test_goods_list_points_follow_the_dol_entry_type():
    assert score(row(country="MU", goods="garments")).iloc[0]["g_listing"] == 2  # FL, 2024
    assert score(row(country="TR", goods="furniture")).iloc[0]["g_listing"] == 1  # CL
    assert score(row(country="NL", goods="garments")).iloc[0]["g_listing"] == 0


def test_missing_country_data_is_scored_as_the_middle_not_zero():
    r = score(row(country="LI")).iloc[0]  # Liechtenstein: no GSI figure, no TIP placement seen
    assert r["c_prevalence"] == 1.5 and r["c_tip"] == 1.5
    codes = {d["code"] for d in risk.drivers(r.to_dict())}
    assert "country_no_data" in codes


def test_the_dutch_finishing_workshop_scores_low_and_the_worked_bangladesh_case_scores_high():
    nl = score(row(country="NL", goods="garments", process="dyeing and finishing", material="polyester",
                   workforce=25.0, migrant_agency_share_pct=0.0, recruitment_channel="direct hire")).iloc[0]
    bd = score(row(country="BD", goods="garments", process="cut make trim", material="cotton",
                   workforce=800.0, migrant_agency_share_pct=5.0)).iloc[0]
    assert nl["level"] == "low" and nl["score"] < 10
    assert bd["likelihood"] == 8  # 2 GSI + 1 TIP + 2 goods + 1 untraced + 1 process + 1 ITUC
    assert bd["level"] in ("high", "medium")


def test_every_driver_names_its_data_source():
    s = score(row(country="TR", goods="yarn", process="spinning", material="cotton", material_origin="TM",
                  red_flags="worker_paid_fees"))
    for rec in risk.to_records(s):
        assert rec["drivers"]
        for d in rec["drivers"]:
            assert d["source"] and d["reason"] and 0 <= d["points"] <= d["max"]


def test_derived_flags_count_once_even_when_typed_and_derived():
    r = score(row(country="NL", audit_findings="audit refused", red_flags="no_grievance_channel")).iloc[0]
    assert r["flags_present"] == "no_grievance_channel" and r["r_flags"] == 1


def test_heatmap_counts_every_supplier_once():
    s = score(*(row(supplier=str(i), country=c) for i, c in enumerate(["NL", "BD", "MM", "TR"])))
    assert risk.heatmap_counts(s).to_numpy().sum() == 4


def test_an_empty_table_scores_to_an_empty_result():
    assert len(risk.score_suppliers(pd.DataFrame([row()]).iloc[0:0])) == 0


def test_every_country_of_the_global_slavery_index_table_has_its_published_prevalence():
    """Switzerland and Norway have the lowest published prevalence (0.5): they must not score as
    'no data' (the middle of the part), and not above Germany on prevalence."""
    table = {r["iso2"]: r for r in hrdd_data.table("country_risk.csv")}
    assert len(table) >= 140
    for iso, value in (("CH", 0.5), ("NO", 0.5), ("ES", 2.3), ("FR", 2.1), ("BE", 1.0), ("GB", 1.8), ("US", 3.3)):
        assert float(table[iso]["gsi_prevalence_per_1000"]) == value, iso
    ch, de = score(row(country="CH")).iloc[0], score(row(country="DE")).iloc[0]
    assert ch["c_prevalence"] == de["c_prevalence"] == 0


def test_a_country_known_to_be_off_the_watch_lists_scores_as_tier_2_at_most_and_says_why():
    ch = score(row(country="CH")).iloc[0]
    assert ch["c_tip"] == 1
    text = " ".join(d["reason"] for d in risk.drivers(ch.to_dict()))
    assert "Tier 1 or Tier 2" in text


def test_a_country_outside_the_sources_tables_gets_an_explicit_no_country_data_driver():
    li = score(row(country="LI")).iloc[0]
    reasons = [d for d in risk.drivers(li.to_dict()) if d["code"] == "country_no_data"]
    assert any("no country data for Liechtenstein" in d["reason"] for d in reasons)
