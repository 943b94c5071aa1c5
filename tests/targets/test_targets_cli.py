"""`workbook targets`: the JSON contract, readable errors, and a new Excel results file."""
import json

import pytest

from workbook.cli import main

FOOTPRINT = {"reporting_year": 2024, "scope1": 4000, "scope2_location": 6000, "scope2_market": 6000,
             "scope3": {"1": 30000, "4": 5000}, "total_location": 45000, "total_market": 45000,
             "scope3_by_activity": {"4": {"air_freight_tkm": 3000, "sea_freight_tkm": 2000}}}


@pytest.fixture
def fp(tmp_path):
    p = tmp_path / "footprint.json"
    p.write_text(json.dumps(FOOTPRINT), encoding="utf-8")
    return p


def run(capsys, *argv):
    code = main(["targets", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_has_the_contract_keys_in_t_co2e(fp, capsys):
    code, out, _ = run(capsys, fp, "--target-year", 2030, "--growth", "3%", "--submitted", "2024-H2", "--json")
    assert code == 0
    r = json.loads(out)
    for key in ("baseline", "bau", "target", "after_levers", "gap"):
        assert set(r[key]) >= {"scope12", "scope3"}
    assert (r["base_year"], r["target_year"], r["rules"]) == (2024, 2030, "sbti-aca-floor")
    assert r["baseline"] == {"scope12": 10000.0, "scope3": 35000.0}
    assert r["bau"]["scope12"] == pytest.approx(11940.5)
    assert r["target"]["scope12"] == pytest.approx(7480.0)
    assert r["gap"]["scope12"] == pytest.approx(11940.5 - 7480.0)
    assert all(set(c) == {"id", "passed", "reason"} and isinstance(c["passed"], bool) for c in r["checks"])


def test_scope3_target_is_null_when_not_required(tmp_path, capsys):
    p = tmp_path / "small.json"
    p.write_text(json.dumps(dict(FOOTPRINT, scope3={"1": 100}, total_location=10100, total_market=10100)))
    code, out, _ = run(capsys, p, "--target-year", 2030, "--json")
    r = json.loads(out)
    assert code == 0 and r["target"]["scope3"] is None and r["gap"]["scope3"] is None


def test_levers_file_reduces_after_levers(fp, tmp_path, capsys):
    lv = tmp_path / "levers.csv"
    lv.write_text("lever,adoption\nrenewable_electricity_own,100%\n", encoding="utf-8")
    code, out, _ = run(capsys, fp, "--target-year", 2030, "--levers", lv, "--json")
    r = json.loads(out)
    assert r["after_levers"]["scope12"] == pytest.approx(4000.0)  # market-based scope 2 to zero, no growth


def test_sme_rules(fp, capsys):
    code, out, _ = run(capsys, fp, "--target-year", 2030, "--rules", "sbti-sme", "--json")
    r = json.loads(out)
    assert r["target"]["scope3"] is None and r["rule_set"]["unverified"]


def test_window_failure_is_a_failed_check_not_a_crash(fp, capsys):
    code, out, _ = run(capsys, fp, "--target-year", 2030, "--submitted", "2026-H2", "--json")
    r = json.loads(out)
    assert code == 0
    assert {c["id"]: c["passed"] for c in r["checks"]}["time_frame"] is False


@pytest.mark.parametrize("args,what", [
    (["--target-year", "2030", "--rules", "nope"], "unknown rule set"),
    (["--target-year", "2030", "--growth", "lots"], "growth"),
    (["--target-year", "2020"], "after the base year"),
    (["--target-year", "2030", "--base-year", "2023"], "--base-year differs"),
    (["--target-year", "2030", "--submitted", "soon"], "2026-H1"),
])
def test_bad_input_exits_2_with_a_readable_problem(fp, capsys, args, what):
    code, out, err = run(capsys, fp, *args)
    assert code == 2 and what in err and "Traceback" not in err


def test_bad_json_file_exits_2(tmp_path, capsys):
    p = tmp_path / "fp.json"
    p.write_text("{not json", encoding="utf-8")
    code, out, _ = run(capsys, p, "--target-year", 2030, "--json")
    assert code == 2 and json.loads(out)["problems"][0]["file"] == "fp.json"


def test_excel_results_are_a_new_file_with_the_waterfall(fp, tmp_path, capsys):
    out_file = tmp_path / "results.xlsx"
    before = fp.read_bytes()
    code, _, _ = run(capsys, fp, "--target-year", 2030, "--growth", "0.03", "--out", out_file)
    assert code == 0 and fp.read_bytes() == before
    from openpyxl import load_workbook

    wb = load_workbook(out_file)
    assert {"Summary", "Checks", "Waterfall", "Pathway", "About"} <= set(wb.sheetnames)
    steps = [r[1] for r in wb["Waterfall"].iter_rows(min_row=2, values_only=True)]
    assert "Base year 2024" in steps and "Gap (after levers - target)" in steps


def test_text_output_lists_checks(fp, capsys):
    code, out, _ = run(capsys, fp, "--target-year", 2030)
    assert code == 0 and "[pass] base_year" in out and "time_frame" in out and "[unverified rule]" in out


ACTIVITY_CSV = ("scope,category,activity,country,quantity,unit,factor_kg_co2e,factor_unit\n"
                "2,,electricity,NL,10,MWh,0.35,kWh\n3,1,Denim,TR,1000,kg,11.2,kg\n")


def test_an_activity_csv_needs_a_base_year(tmp_path, capsys):
    csv = tmp_path / "activities.csv"
    csv.write_text(ACTIVITY_CSV, encoding="utf-8")
    code, out, _ = run(capsys, csv, "--target-year", 2031, "--json")
    assert code == 2
    assert json.loads(out)["problems"][0]["column"] == "--base-year"


def test_an_activity_csv_with_a_base_year_gives_targets_from_its_footprint(tmp_path, capsys):
    csv = tmp_path / "activities.csv"
    csv.write_text(ACTIVITY_CSV, encoding="utf-8")
    code, out, _ = run(capsys, csv, "--base-year", 2025, "--target-year", 2031, "--submitted", "2026-H2", "--json")
    assert code == 0
    r = json.loads(out)
    assert main(["footprint", str(csv), "--year", "2025", "--json"]) == 0
    f = json.loads(capsys.readouterr().out)
    assert r["base_year"] == 2025
    # the same numbers as `workbook footprint`: 10 MWh x 0.35 kg/kWh = 3.5 t market-based scope 2
    assert r["baseline"]["scope12"] == pytest.approx(f["scope1"] + f["scope2_market"], abs=0.05) == 3.5
    assert r["baseline"]["scope3"] == pytest.approx(f["scope3_total"], abs=0.05)
    assert r["target"]["scope12"] == pytest.approx(3.5 * (1 - 0.042 * 6), abs=0.05)


def test_a_template_uses_the_companys_own_base_year_when_it_holds_data_for_it(capsys):
    from workbook.paths import data_dir

    sample = data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"
    if not sample.is_file():
        pytest.skip("the sample company's template is not there")
    from workbook.climate.footprint.load import load_activities

    company, _, _ = load_activities(sample)
    code, out, _ = run(capsys, sample, "--target-year", 2031, "--submitted", "2026-H2", "--json")
    assert code == 0
    assert json.loads(out)["base_year"] == company.base_year


def test_a_base_year_without_data_in_the_template_is_a_readable_error(capsys):
    from workbook.paths import data_dir

    sample = data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"
    if not sample.is_file():
        pytest.skip("the sample company's template is not there")
    code, out, _ = run(capsys, sample, "--base-year", 2019, "--target-year", 2030, "--json")
    assert code == 2
    assert "no data for 2019" in json.loads(out)["problems"][0]["message"]


def test_excel_results_list_the_levers_used_with_their_reduction(fp, tmp_path, capsys):
    lv = tmp_path / "levers.csv"
    lv.write_text("lever,adoption\nrenewable_electricity_own,100%\nair_to_sea,0.5\n", encoding="utf-8")
    out_file = tmp_path / "results.xlsx"
    code, _, _ = run(capsys, fp, "--target-year", 2030, "--levers", lv, "--out", out_file)
    assert code == 0
    from openpyxl import load_workbook

    rows = list(load_workbook(out_file)["Levers"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == ["renewable_electricity_own", "air_to_sea"]
    assert rows[0][4] == pytest.approx(6000.0)   # all market-based scope 2 in 2030 at 0 % growth


def test_the_cli_takes_what_the_engine_supports(fp, capsys):
    """Proposed targets per scope, the scope 3 categories covered, scope 1+2 coverage, a 1.5 C
    scope 3 ambition (the 4.2 %/yr rate) and fiscal years, from the command line."""
    code, out, _ = run(capsys, fp, "--target-year", 2030, "--submitted", "2024-H2", "--json",
                       "--proposed-scope12", "30%", "--proposed-scope3", "0.2", "--scope3-categories", "1",
                       "--scope12-coverage", "96%", "--scope3-ambition", "1.5C", "--fiscal-years")
    assert code == 0
    r = json.loads(out)
    checks = {c["id"]: c for c in r["checks"]}
    assert checks["scope12_ambition"]["passed"] is True and checks["scope3_ambition"]["passed"] is False
    assert r["scope3_categories"] == [1] and "96.0 %" in checks["scope12_coverage"]["reason"]
    assert r["annual_rate"]["scope3"] == 0.042 and r["required_reduction"]["scope3"] == pytest.approx(0.252)
    assert r["year_basis"] == "fiscal" and "FY2024" in r["year_labels"]["base_year"]


def test_sme_size_facts_can_be_given_with_a_footprint_json(tmp_path, capsys):
    small = {"reporting_year": 2025, "scope1": 30, "scope2_location": 20, "scope2_market": 25, "scope3": {"1": 3000}}
    p = tmp_path / "small.json"
    p.write_text(json.dumps(small), encoding="utf-8")
    code, out, _ = run(capsys, p, "--target-year", 2030, "--rules", "sbti-sme", "--json",
                       "--employees", 45, "--turnover-eur", 22e6, "--assets-eur", 12e6)
    assert code == 0
    checks = {c["id"]: c for c in json.loads(out)["checks"]}
    assert checks["sme_size"]["passed"] is True
