"""The CLI contract: template, footprint (JSON keys, exit 2 on bad input), factors."""
import json

import pytest

from workbook.cli import main
from workbook.paths import data_dir

SAMPLE = data_dir() / "companies" / "stapvast-footwear" / "footprint.xlsx"


def test_template_writes_a_new_file_and_refuses_to_overwrite(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", str(out)]) == 0 and out.exists()
    assert main(["template", str(out)]) == 2


def test_footprint_json_has_the_contract_keys(capsys):
    assert main(["footprint", str(SAMPLE), "--json"]) == 0
    fj = json.loads(capsys.readouterr().out)
    assert set(fj) >= {"reporting_year", "scope1", "scope2_location", "scope2_market", "scope3",
                       "total_location", "total_market"}
    assert list(fj["scope3"]) == [str(i) for i in range(1, 16)]
    assert fj["total_market"] == pytest.approx(fj["scope1"] + fj["scope2_market"] + sum(fj["scope3"].values()),
                                                abs=0.01)


def test_footprint_reads_an_activity_csv_and_writes_results(tmp_path, capsys):
    csv = tmp_path / "a.csv"
    csv.write_text("scope,category,activity,country,quantity,unit,factor_kg_co2e,factor_unit\n"
                   "2,,electricity,NL,10,MWh,0.35,kWh\n3,1,Denim,TR,1000,kg,11.2,kg\n")
    out = tmp_path / "r.xlsx"
    assert main(["footprint", str(csv), "--year", "2025", "--json", "--out", str(out)]) == 0
    fj = json.loads(capsys.readouterr().out)
    assert fj["scope2_market"] == pytest.approx(3.5) and fj["scope2_location"] == pytest.approx(2.0)
    assert fj["scope3"]["1"] == pytest.approx(11.2)
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert {"Summary", "By category", "Lines", "Sources", "About"} <= set(wb.sheetnames)


def test_invalid_input_exits_2_with_the_problem_list(tmp_path, capsys):
    csv = tmp_path / "bad.csv"
    csv.write_text("scope,category,activity,country,quantity,unit\n1,,natural_gas,NL,-4,m3\n")
    assert main(["footprint", str(csv), "--json"]) == 2
    err = json.loads(capsys.readouterr().out)
    assert err["problems"][0]["row"] == 2 and err["problems"][0]["column"] == "quantity"


def test_not_an_excel_file_exits_2_without_traceback(tmp_path, capsys):
    p = tmp_path / "x.xlsx"
    p.write_text("not excel")
    assert main(["footprint", str(p)]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_results_never_overwrite_the_input(capsys):
    assert main(["footprint", str(SAMPLE), "--out", str(SAMPLE)]) == 2


def test_factors_lists_every_factor_with_its_source(capsys):
    assert main(["factors", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["factors"]
    assert len(rows) > 150 and all(r["source"] for r in rows)
