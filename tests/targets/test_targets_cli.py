"""`workbook targets`: the JSON contract, readable errors, and a new Excel results file."""
import json

import pytest

from workbook.cli import main

FOOTPRINT = {"reporting_year": 2024, "scope1": 4000, "scope2_location": 6000, "scope2_market": 6000,
             "scope3": {"1": 30000, "4": 5000}, "total_location": 45000, "total_market": 45000}


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
    assert (r["base_year"], r["target_year"], r["rules"]["id"]) == (2024, 2030, "sbti-aca-floor")
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
    assert r["target"]["scope3"] is None and r["rules"]["unverified"]


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
