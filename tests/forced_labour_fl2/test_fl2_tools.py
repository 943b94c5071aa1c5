"""Policy check, action plan and KPIs (export round trip), statement outline, and the CLI."""
import datetime as dt
import json

import pandas as pd
import pytest

from workbook.cli import main
from workbook.errors import InputError
from workbook.forced_labour.hrdd import action_plan, policy, risk, statement
from workbook.forced_labour.hrdd.supplier_map import read_supplier_map
from workbook.paths import data_dir

SAMPLE = data_dir() / "companies" / "noordzee-apparel" / "supplier_map.xlsx"


@pytest.fixture(scope="module")
def scored():
    return risk.score_suppliers(read_supplier_map(SAMPLE).table)


def test_policy_with_every_element_scores_100_and_lists_nothing_missing():
    res = policy.check_policy(e["id"] for e in policy.elements())
    assert res.score == 100 and not res.missing


def test_policy_missing_core_elements_lists_them_first():
    res = policy.check_policy(["ilo_definition", "grievance"])
    assert res.missing[0]["core"] and {"zero_fees", "state_imposed", "subcontracting"} <= {e["id"] for e in res.missing_core}
    assert 0 < res.score < 50


def test_the_issue_named_policy_elements_are_all_core():
    core = {e["id"] for e in policy.elements() if e["core"]}
    assert {"zero_fees", "no_document_retention", "freedom_of_movement", "remediation", "state_imposed",
            "subcontracting"} <= core


def test_an_unknown_policy_element_is_an_error_with_a_suggestion():
    with pytest.raises(InputError, match="zero_fees"):
        policy.check_policy(["zero_fee"])


def test_policy_outline_marks_missing_elements_and_is_exported_as_text(tmp_path):
    res = policy.check_policy(["ilo_definition"])
    path = policy.export_outline(res, tmp_path / "policy.md", company="Noordzee Apparel")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Noordzee Apparel") and text.count("[to add]") == len(res.missing)


def test_policy_widget_updates_the_score_when_ticked():
    box = policy.policy_widget()
    box.boxes["zero_fees"].value = True
    assert "Policy score 13/100" in box.children[-1].value or "Policy score" in box.children[-1].value
    before = box.children[-1].value
    box.boxes["state_imposed"].value = True
    assert box.children[-1].value != before


def test_action_plan_covers_each_medium_or_higher_supplier_with_typed_actions(scored):
    plan = action_plan.propose_actions(scored, start=dt.date(2027, 1, 15))
    risky = set(scored.loc[scored["level"] != "low", "supplier"])
    assert set(plan["supplier"]) == risky
    assert set(plan["action_type"]) <= set(action_plan.ACTION_TYPES)
    stop = plan[plan["supplier"] == "Denizli Iplik Spinning"]
    assert "disengage" in set(stop["action_type"]) and stop["deadline"].iloc[0] == "2027-04-15"
    fees = plan[plan["supplier"] == "Port Louis Knitwear Ltd"]
    assert "A03" in set(fees["action_id"])  # repay fees


def test_kpi_baselines_come_from_the_supplier_map(scored):
    plan = action_plan.propose_actions(scored, start=dt.date(2027, 1, 1))
    kpis = action_plan.kpi_set(scored, plan)
    k = kpis.set_index("kpi_id")
    assert k.loc["K6", "baseline"] == 1.0 and k.loc["K6", "target"] == 0
    assert 0 <= k.loc["K3", "baseline"] <= 100


def test_plan_export_round_trip_and_progress_tracking(scored, tmp_path):
    plan = action_plan.propose_actions(scored, start=dt.date(2027, 1, 1))
    kpis = action_plan.kpi_set(scored, plan)
    path = action_plan.export_plan(plan, kpis, tmp_path / "plan.xlsx")
    plan2, kpis2 = action_plan.load_plan(path)
    pd.testing.assert_frame_equal(plan.reset_index(drop=True), plan2, check_dtype=False)
    def norm(d):
        return d.astype(object).where(d.notna(), None)
    pd.testing.assert_frame_equal(norm(kpis), norm(kpis2), check_dtype=False)
    from openpyxl import load_workbook
    assert "About" in load_workbook(path).sheetnames
    plan2.loc[0, "status"] = "done"
    kpis2.loc[kpis2["kpi_id"] == "K6", "current"] = 0.0
    prog = action_plan.progress(plan2, kpis2)
    assert prog["done"] == 1 and prog["kpis_improving"] == 1


def test_a_plan_edited_with_a_bad_status_names_the_cell(scored, tmp_path):
    from openpyxl import load_workbook
    plan = action_plan.propose_actions(scored, start=dt.date(2027, 1, 1))
    path = action_plan.export_plan(plan, action_plan.kpi_set(scored, plan), tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    wb["Action plan"]["M3"] = "finished"
    wb.save(path)
    with pytest.raises(InputError) as e:
        action_plan.load_plan(path)
    [p] = e.value.problems
    assert (p.sheet, p.row, p.column, p.value) == ("Action plan", 3, "status", "finished")


def test_misleading_claims_are_found_with_the_reason():
    found = statement.review_claims("Our supply chain is free from forced labour. 100% of our suppliers audited. "
                                    "We traced 40% of cotton to country of origin.")
    assert [f.claim_id for f in found] == ["M1", "M2"]


def test_an_honest_sentence_raises_no_claim_finding():
    assert statement.review_claims("We found recruitment fees at one supplier in Mauritius and agreed repayment.") == []


def test_statement_outline_uses_the_participant_facts(scored):
    plan = action_plan.propose_actions(scored, start=dt.date(2027, 1, 1))
    facts = statement.facts_from(scored, plan, action_plan.kpi_set(scored, plan), policy.check_policy(["zero_fees"]))
    text = statement.statement_outline(facts, company="Noordzee Apparel", year=2027)
    assert "Denizli Iplik Spinning" in text and "Don't:" in text and "## 1. Our organisation" in text


def test_cli_json_lists_suppliers_by_priority_with_sourced_drivers(capsys):
    assert main(["risk", str(SAMPLE), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    sup = doc["suppliers"]
    assert [s["priority"] for s in sup] == list(range(1, len(sup) + 1))
    for s in sup:
        assert set(s) >= {"supplier", "score", "level", "state_imposed", "drivers"}
        assert 0 <= s["score"] <= 100 and s["level"] in risk.LEVELS
        assert all(d["source"] for d in s["drivers"])
    assert sup[0]["supplier"] == "Denizli Iplik Spinning" and sup[0]["state_imposed"]


def test_cli_unknown_country_exits_2_with_suggestions(tmp_path, capsys):
    p = tmp_path / "s.csv"
    p.write_text("supplier,country,tier,goods\nA,Turkey,1,garments\nB,NL,1,sofas-x\n", encoding="utf-8")
    assert main(["risk", str(p), "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    fixes = " ".join(pr["fix"] for pr in doc["problems"])
    assert "TR (Türkiye)" in fixes and doc["problems"][0]["row"] == 2


def test_cli_writes_results_with_about_sheet_and_never_overwrites_the_input(tmp_path, capsys):
    out = tmp_path / "results.xlsx"
    assert main(["risk", str(SAMPLE), "--out", str(out)]) == 0
    from openpyxl import load_workbook
    wb = load_workbook(out)
    assert wb.sheetnames == ["Priorities", "Drivers", "Heat map", "About"]
    assert wb["Heat map"]._images
    copy = tmp_path / "map.xlsx"
    copy.write_bytes(SAMPLE.read_bytes())
    assert main(["risk", str(copy), "--out", str(copy)]) == 2
    assert copy.read_bytes() == SAMPLE.read_bytes()


def test_heatmap_figure_has_a_provenance_footer(scored):
    import matplotlib
    matplotlib.use("Agg")
    fig = risk.heatmap_figure(scored, risk.provenance_info(SAMPLE))
    assert any("workbook" in t.get_text() and "sha256" in t.get_text() for t in fig.texts)
