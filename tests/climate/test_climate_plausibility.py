"""Plausibility warnings: flagged cells come back with the inventory, in the CLI and in the results file,
and never stop the calculation. Thresholds come from data/climate/plausibility.yaml."""
import copy
import json
import shutil

import openpyxl
import pandas as pd
import pytest

from workbook.cli import main
from workbook.climate.footprint import plausibility
from workbook.climate.footprint.inventory import Company, compute_inventory, footprint_json, totals
from workbook.climate.footprint.results import write_results
from workbook.errors import ContentError
from workbook.paths import data_dir

SAMPLES = data_dir() / "companies"
NOORDZEE = SAMPLES / "noordzee-apparel" / "footprint.xlsx"
# Garments (DESNZ 2025, cradle to gate): 22,310 kg CO2e per tonne = 22.31 per kg.
GARMENTS_PER_KG = 22.31


def inv(rows, sector="other", year=2025):
    df = pd.DataFrame([{"sheet": r.pop("sheet", "Purchased goods"), "row": i + 2, "year": r.pop("year", year), **r}
                       for i, r in enumerate(rows)])
    return compute_inventory(df, company=Company(name="Test", sector=sector, reporting_year=year))


def checks(i, name):
    return [w for w in i.warnings if w["check"] == name]


# --------------------------------------------------------------------------- own factors
@pytest.mark.parametrize("factor, unit, flagged", [
    (14.5, "kg", False),                     # a real supplier LCA, below the average: fine
    (GARMENTS_PER_KG * 11, "kg", True),      # 11 times the database factor: a unit slip?
    (GARMENTS_PER_KG * 9, "kg", False),
    (GARMENTS_PER_KG / 11, "kg", True),      # 1/11 of it
    (22310, "t", False),                     # per tonne, converted before comparing
    (22310, "kg", True),                     # the per-tonne value typed as per kg
])
def test_an_own_factor_far_from_the_database_factor_is_flagged(factor, unit, flagged):
    i = inv([dict(activity="garments", category=1, country="CN", quantity=1000, unit="kg",
                  factor_kg_co2e=factor, factor_unit=unit)])
    w = checks(i, "own_factor_ratio")
    assert bool(w) == flagged
    if flagged:
        assert (w[0]["sheet"], w[0]["row"], w[0]["column"]) == ("Purchased goods", 2, "Own factor (kg CO2e)")
        assert "garments" in w[0]["message"] and "unit" in w[0]["message"]


def test_a_near_zero_electricity_label_is_not_flagged_but_grams_typed_as_kilograms_are():
    i = inv([dict(sheet="Energy", activity="electricity", country="NL", quantity=1000, unit="kWh",
                  factor_kg_co2e=0, factor_unit="kWh"),
             dict(sheet="Energy", activity="electricity", country="NL", quantity=1000, unit="kWh",
                  factor_kg_co2e=0.35, factor_unit="kWh"),
             dict(sheet="Energy", activity="electricity", country="NL", quantity=1000, unit="kWh",
                  factor_kg_co2e=350, factor_unit="kWh")])
    assert [w["row"] for w in checks(i, "own_factor_ratio")] == [4]


def test_a_free_text_activity_has_no_database_factor_to_compare_with():
    i = inv([dict(activity="Denim (supplier LCA)", scope=3, category=1, quantity=10, unit="kg",
                  factor_kg_co2e=9999, factor_unit="kg")])
    assert checks(i, "own_factor_ratio") == []


# --------------------------------------------------------------------------- year on year
def yoy(q2024, q2025, unit2025="kWh"):
    return inv([dict(sheet="Energy", activity="electricity", country="NL", description="Office", quantity=q2024,
                     unit="kWh", year=2024),
                dict(sheet="Energy", activity="electricity", country="NL", description="Office", quantity=q2025,
                     unit=unit2025, year=2025)])


def test_a_change_above_the_threshold_from_last_year_is_flagged_on_this_years_row():
    w = checks(yoy(100_000, 160_000), "year_on_year")
    assert len(w) == 1
    assert (w[0]["sheet"], w[0]["row"], w[0]["column"]) == ("Energy", 3, "Quantity")
    assert "+60%" in w[0]["message"] and "2024" in w[0]["message"]


def test_a_change_within_the_threshold_or_only_a_unit_change_is_not_flagged():
    assert checks(yoy(100_000, 140_000), "year_on_year") == []
    assert checks(yoy(100_000, 100, unit2025="MWh"), "year_on_year") == []  # 100 MWh = 100,000 kWh


def test_an_activity_missing_this_year_is_flagged_on_last_years_row():
    i = inv([dict(activity="garments", category=1, country="BD", quantity=5000, unit="kg", year=2024),
             dict(sheet="Fuels", activity="natural_gas", quantity=100, unit="m3", year=2025)])
    w = checks(i, "year_on_year")
    assert [(x["sheet"], x["row"]) for x in w] == [("Purchased goods", 2)]
    assert "not for 2025" in w[0]["message"]


def test_a_single_year_file_has_no_year_on_year_warnings():
    assert checks(inv([dict(activity="garments", category=1, quantity=1, unit="kg")]), "year_on_year") == []


def test_the_threshold_is_read_from_the_data_file(monkeypatch):
    stricter = copy.deepcopy(plausibility.rules())
    stricter["checks"]["year_on_year"]["max_change"] = 0.3
    monkeypatch.setattr(plausibility, "rules", lambda: stricter)
    assert len(checks(yoy(100_000, 140_000), "year_on_year")) == 1


# --------------------------------------------------------------------------- expected categories
def test_a_clothing_brand_without_purchased_goods_is_warned():
    i = inv([dict(sheet="Fuels", activity="natural_gas", quantity=100, unit="m3"),
             dict(sheet="Transport", activity="sea_freight_tkm", category=4, quantity=1000, unit="tkm")],
            sector="clothing")
    w = checks(i, "expected_categories")
    assert [x["sheet"] for x in w] == ["Purchased goods"]
    assert "category 1 " in w[0]["message"] and "clothing" in w[0]["message"]


def test_an_unverified_sector_rating_says_so():
    i = inv([dict(activity="garments", category=1, quantity=100, unit="kg")], sector="furniture")
    w = checks(i, "expected_categories")
    assert [x["sheet"] for x in w] == ["Transport"]  # category 4, rated M-H: a course rating
    assert "category 4 " in w[0]["message"] and "not verified" in w[0]["message"]


def test_no_sector_expectations_for_other_sectors():
    assert checks(inv([dict(sheet="Fuels", activity="natural_gas", quantity=1, unit="m3")]), "expected_categories") == []


# --------------------------------------------------------------------------- delivery
def test_warnings_do_not_change_the_footprint():
    rows = [dict(activity="garments", category=1, country="CN", quantity=1000, unit="kg",
                 factor_kg_co2e=22310, factor_unit="kg")]
    i = inv(copy.deepcopy(rows), sector="clothing")
    assert i.warnings
    assert totals(i)["scope3"]["1"] == pytest.approx(1000 * 22310 / 1000)


def test_the_sample_company_warnings_name_sheet_row_and_column():
    from workbook.climate.footprint.load import load_footprint

    fj = footprint_json(load_footprint(NOORDZEE))
    assert {(w["sheet"], w["row"], w["column"]) for w in fj["warnings"]} == {
        ("Transport", 5, "Quantity"),        # air freight 120,000 -> 54,000 tkm
        ("Purchased goods", 9, "Quantity"),  # premium denim as garments in 2024 only
    }
    assert all(set(w) >= {"sheet", "row", "column", "message"} for w in fj["warnings"])


def test_cli_prints_warnings_on_stderr_in_text_mode(capsys):
    assert main(["footprint", str(NOORDZEE)]) == 0
    out = capsys.readouterr()
    assert "Plausibility warnings (2)" in out.err and "sheet 'Transport', row 5" in out.err
    assert "Plausibility" not in out.out and "Scope 1" in out.out


def test_cli_json_has_a_warnings_key(capsys):
    assert main(["footprint", str(NOORDZEE), "--json"]) == 0
    out = capsys.readouterr()
    fj = json.loads(out.out)
    assert len(fj["warnings"]) == 2 and fj["warnings"][0]["message"]
    assert out.err == ""


def test_the_results_file_has_a_checks_sheet_with_each_warning_and_the_rules(tmp_path):
    from workbook.climate.footprint.load import load_footprint

    i = load_footprint(NOORDZEE)
    wb = openpyxl.load_workbook(write_results(i, tmp_path / "r.xlsx"))
    rows = list(wb["Checks"].iter_rows(values_only=True))
    assert rows[0] == ("sheet", "row", "column", "warning", "check")
    assert [(r[0], r[1], r[2], r[4]) for r in rows[1:3]] == [(w["sheet"], w["row"], w["column"], w["check"])
                                                             for w in i.warnings]
    text = " ".join(str(v) for r in rows for v in r if v)
    assert "more than 50%" in text and "Course convention" in text


def test_a_results_file_without_warnings_says_so(tmp_path):
    i = inv([dict(activity="garments", category=1, quantity=1, unit="kg")])
    wb = openpyxl.load_workbook(write_results(i, tmp_path / "r.xlsx"))
    assert wb["Checks"]["D2"].value == "No plausibility warnings."


# --------------------------------------------------------------------------- the rules file
def test_the_rules_file_is_sound_and_every_rule_reads_with_its_thresholds():
    data = plausibility.rules()
    assert plausibility.check_rules(data) == []
    texts = plausibility.rule_texts()
    assert set(texts) == {"own_factor_ratio", "year_on_year", "expected_categories", "duplicate_rows"}
    assert "year, activity, description, quantity, unit" in texts["duplicate_rows"]
    assert "10 times" in texts["own_factor_ratio"] and "50%" in texts["year_on_year"]
    assert data["source"] and data["verified"] is True


@pytest.mark.parametrize("edit, words", [
    (lambda d: d["checks"]["year_on_year"].update(max_change="fifty"), "checks.year_on_year.max_change"),
    (lambda d: d["checks"].pop("own_factor_ratio"), "field 'checks.own_factor_ratio' is missing"),
    (lambda d: d["checks"]["own_factor_ratio"].update(low=2), "0 < low < 1 < high"),
    (lambda d: d["checks"]["expected_categories"].update(ratings=["High"]),
     "field 'checks.expected_categories.ratings' is 'High'; allowed: H, M-H, M, L-M, L"),
    (lambda d: d.pop("source"), "field 'source' is missing"),
    (lambda d: d["checks"]["year_on_year"].update(rule="more than {limit}"), "cannot be filled in"),
])
def test_a_bad_rules_file_names_the_key(edit, words):
    data = copy.deepcopy(plausibility.rules())
    edit(data)
    assert any(words in p for p in plausibility.check_rules(data))


def test_a_bad_rules_file_fails_when_loaded(tmp_path, monkeypatch):
    shutil.copy(plausibility.climate_dir() / "schemas.yaml", tmp_path / "schemas.yaml")
    (tmp_path / "plausibility.yaml").write_text("source: x\nverified: true\nchecks: {}\n", encoding="utf-8")
    monkeypatch.setattr(plausibility, "climate_dir", lambda: tmp_path)
    plausibility.rules.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"plausibility.yaml: 2 problems:\n  - line 1: field 'max_per_check' is "
                                               r"missing\n  - line 3: field 'checks' is empty"):
            plausibility.rules()
    finally:
        plausibility.rules.cache_clear()


def test_many_alike_warnings_are_capped_with_a_count():
    cap = plausibility.rules()["max_per_check"]
    n = cap + 7
    rows = [dict(sheet="Energy", activity="electricity", country="NL", description=f"site {k}", quantity=100,
                 unit="kWh", year=2024) for k in range(n)]
    rows += [dict(sheet="Energy", activity="electricity", country="NL", description=f"site {k}", quantity=300,
                  unit="kWh", year=2025) for k in range(n)]
    w = checks(inv(rows), "year_on_year")
    assert len(w) == cap + 1
    assert "7 more rows" in w[-1]["message"] and w[-1]["row"] is None


def test_a_copied_row_is_flagged_naming_both_rows(tmp_path):
    """A row copied twice counts twice: the warning names the copy and the row it repeats."""
    from workbook.climate.footprint import load_activities, load_footprint, write_template
    from workbook.climate.footprint.company_file import sample_file

    company, rows, screening = load_activities(sample_file())
    year_rows = rows[rows["year"] == company.reporting_year]
    doubled = pd.concat([rows, year_rows.iloc[[0]]], ignore_index=True)
    path = write_template(tmp_path / "doubled.xlsx", company, doubled, screening)
    warnings = [w for w in load_footprint(path).warnings if w["check"] == "duplicate_rows"]
    assert len(warnings) == 1
    assert warnings[0]["sheet"] == year_rows.iloc[0]["sheet"] and warnings[0]["row"] is not None
    assert f"the same as row {int(year_rows.iloc[0]['row'])}" in warnings[0]["message"]
    assert not [w for w in load_footprint(sample_file()).warnings if w["check"] == "duplicate_rows"]
