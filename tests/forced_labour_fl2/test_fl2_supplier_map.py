"""Reading and validating the supplier map: cell-accurate errors, suggestions, input never modified."""
import hashlib

import pandas as pd
import pytest
from openpyxl import load_workbook

from workbook.errors import InputError
from workbook.forced_labour.hrdd.supplier_map import KEYS, read_supplier_map, write_supplier_map, write_template
from workbook.paths import data_dir

SAMPLES = ["noordzee-apparel", "stapvast-footwear", "eikenhout-meubelen"]


def _csv(tmp_path, text, name="s.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _problems(path):
    with pytest.raises(InputError) as e:
        read_supplier_map(path)
    return e.value.problems


def test_minimal_csv_with_the_four_required_columns_is_read(tmp_path):
    sm = read_supplier_map(_csv(tmp_path, "supplier,country,tier,goods\nA,bd,1,Apparel\n"))
    rec = sm.table.iloc[0]
    assert (rec["country"], rec["goods"], rec["tier"]) == ("BD", "garments", 1)


def test_unknown_country_suggests_the_iso_code(tmp_path):
    [p] = _problems(_csv(tmp_path, "supplier,country,tier,goods\nA,Bangladesh,1,garments\n"))
    assert (p.row, p.column, p.value) == (2, "country", "Bangladesh")
    assert "BD (Bangladesh)" in p.fix


def test_unknown_goods_suggests_the_closest_names(tmp_path):
    [p] = _problems(_csv(tmp_path, "supplier,country,tier,goods\nA,BD,1,garmnts\n"))
    assert p.column == "goods" and "'garments'" in p.fix


def test_pick_list_columns_suggest_the_closest_choice_and_accept_any_case(tmp_path):
    head = "supplier,country,tier,goods,recruitment_channel,audit_findings\n"
    channel, audit = _problems(_csv(tmp_path, head + "A,BD,1,garments,local agensy,major findngs\n"))
    assert (channel.column, channel.value) == ("recruitment_channel", "local agensy")
    assert channel.fix.startswith("did you mean 'local agency'") and "choose one of:" in channel.fix
    assert audit.column == "audit_findings" and "'major findings'" in audit.fix
    rec = read_supplier_map(_csv(tmp_path, head + "A,BD,1,garments,Local Agency,\n", "ok.csv")).table.iloc[0]
    assert (rec["recruitment_channel"], rec["audit_findings"]) == ("local agency", "")


def test_unknown_red_flag_is_an_error_not_a_silent_zero(tmp_path):
    [p] = _problems(_csv(tmp_path, "supplier,country,tier,goods,red_flags\nA,BD,1,garments,passports hel\n"))
    assert p.column == "red_flags" and ("passports held" in p.fix or "id_documents_held" in p.fix)


def test_all_problems_are_collected_with_row_and_column(tmp_path):
    probs = _problems(_csv(tmp_path, "supplier,country,tier,goods,workforce,migrant_agency_share_pct\n"
                                     ",BD,9,garments,-3,140\n"))
    assert {(p.row, p.column) for p in probs} == {(2, "supplier"), (2, "tier"), (2, "workforce"),
                                                   (2, "migrant_agency_share_pct")}


def test_a_missing_required_column_is_named(tmp_path):
    [p] = _problems(_csv(tmp_path, "supplier,land,tier,goods\nA,BD,1,garments\n"))
    assert p.column is None and "country" in p.message and p.row == 1


def test_template_errors_name_the_sheet_and_excel_row(tmp_path):
    path = tmp_path / "map.xlsx"
    write_template(path, [{"supplier": "A", "tier": 1, "country": "BD", "goods": "garments"},
                          {"supplier": "B", "tier": 2, "country": "UK", "goods": "fabric"}])
    [p] = _problems(path)
    assert (p.sheet, p.row, p.column, p.value) == ("Suppliers", 3, "country", "UK")


def test_a_workbook_without_the_suppliers_sheet_says_which_sheets_it_has(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "Blad1"
    wb.save(tmp_path / "x.xlsx")
    [p] = _problems(tmp_path / "x.xlsx")
    assert "Suppliers" in p.message and p.value == "Blad1"


def test_not_a_workbook_gives_a_clear_error(tmp_path):
    p = tmp_path / "broken.xlsx"
    p.write_bytes(b"not a zip")
    [prob] = _problems(p)
    assert "cannot be opened" in prob.message


def test_blank_template_has_instructions_lists_and_dropdowns(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Suppliers", "Lists"]
    assert [c.value for c in wb["Suppliers"][1]] == KEYS
    assert len(wb["Suppliers"].data_validations.dataValidation) >= 6
    with pytest.raises(InputError, match="no supplier rows"):
        read_supplier_map(path)


@pytest.mark.parametrize("slug", SAMPLES)
def test_sample_supplier_maps_read_cleanly_and_are_not_modified(slug):
    path = data_dir() / "companies" / slug / "supplier_map.xlsx"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    sm = read_supplier_map(path)
    assert len(sm.table) >= 8 and not sm.warnings
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("slug", SAMPLES)
def test_template_round_trip_gives_the_same_data(slug, tmp_path):
    first = read_supplier_map(data_dir() / "companies" / slug / "supplier_map.xlsx").table
    again = read_supplier_map(write_supplier_map(first, tmp_path / "again.xlsx")).table
    pd.testing.assert_frame_equal(first, again)


def test_csv_and_template_give_the_same_table(tmp_path):
    first = read_supplier_map(data_dir() / "companies" / SAMPLES[0] / "supplier_map.xlsx").table
    csv_path = tmp_path / "m.csv"
    first[KEYS].to_csv(csv_path, index=False)
    again = read_supplier_map(csv_path).table
    pd.testing.assert_frame_equal(first, again)


def test_formula_like_supplier_names_stay_text(tmp_path):
    path = write_template(tmp_path / "f.xlsx", [{"supplier": "=HYPERLINK(\"x\")", "tier": 1, "country": "NL",
                                                 "goods": "garments"}])
    assert read_supplier_map(path).table.iloc[0]["supplier"] == "=HYPERLINK(\"x\")"
