"""Sample companies: totals checked independently of the engine (openpyxl + csv, plain arithmetic)."""
import csv
import json

import openpyxl
import pytest
import yaml

from workbook.climate.footprint.load import load_footprint
from workbook.climate.footprint.inventory import footprint_json
from workbook.paths import data_dir

COMPANIES = ["noordzee-apparel", "stapvast-footwear", "eikenhout-meubelen"]
TO_FACTOR_UNIT = {("m3", "Nm3"): 1, ("kWh", "kWh"): 1, ("litre", "litre"): 1, ("kg", "kg"): 1,
                  ("t", "t"): 1, ("kg", "t"): 0.001, ("tkm", "tkm"): 1, ("pkm", "pkm"): 1, ("vkm", "vkm"): 1,
                  ("room_night", "room_night"): 1, ("kEUR", "USD"): 1000 * 1.053, ("pcs", "piece"): 1}


def factors():
    with open(data_dir() / "climate" / "emission_factors.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pick(rows, activity, bases, region, year):
    """Country row, else ANY; newest edition not after the year, else the oldest."""
    for reg in (region, "ANY"):
        for b in bases:
            cands = [r for r in rows if r["activity"] == activity and r["basis"] == b and r["region"] == reg]
            if cands:
                older = [r for r in cands if int(r["year"]) <= year]
                return max(older, key=lambda r: int(r["year"])) if older else min(cands, key=lambda r: int(r["year"]))
    return None


def expected(company):
    """Location-based totals by scope from the sheets, with no code from the engine."""
    wb = openpyxl.load_workbook(data_dir() / "companies" / company / "footprint.xlsx")
    year = {r[0]: r[1] for r in wb["Company"].iter_rows(min_row=2, values_only=True)}["Reporting year"]
    gwp = {r[0]: r[1] for r in wb["Company"].iter_rows(min_row=2, values_only=True)}["GWP set"]
    fs = factors()
    tot = {"scope1": 0.0, "scope2_location": 0.0, "scope3": 0.0}
    for sheet in ("Fuels", "Refrigerants", "Energy", "Purchased goods", "Transport", "Travel", "Waste"):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2, values_only=True):
            r = dict(zip(head, row))
            if r["Year"] != year:
                continue
            a, q, u, country = r["Activity"], r["Quantity"], r["Unit"], r["Country"] or "NL"
            own = r["Own factor (kg CO2e)"]
            if sheet == "Fuels":
                f = pick(fs, a, ["combustion"], country, year)
                w = pick(fs, a, ["wtt"], country, year)
                tot["scope1"] += q * TO_FACTOR_UNIT[(u, f["unit"])] * float(f["kg_co2e_per_unit"])
                tot["scope3"] += q * TO_FACTOR_UNIT[(u, w["unit"])] * float(w["kg_co2e_per_unit"])
            elif sheet == "Refrigerants":
                f = [x for x in fs if x["activity"] == a and x["gwp_basis"] == gwp][0]
                tot["scope1"] += q * float(f["kg_co2e_per_unit"])
            elif sheet == "Energy":
                grid = pick(fs, "electricity", ["generation"], country, year)
                up = pick(fs, a, ["upstream"], country, year)
                tot["scope2_location"] += q * float(grid["kg_co2e_per_unit"])
                tot["scope3"] += q * float(up["kg_co2e_per_unit"])
            elif own is not None:
                tot["scope3"] += q * TO_FACTOR_UNIT[(u, r["Own factor per unit"])] * own
            else:
                f = pick(fs, a, ["cradle_to_gate", "spend", "wtw", "ttw", "with_rf", "hotel", "waste",
                                 "waste_collection_processing"], country, year)
                tot["scope3"] += q * TO_FACTOR_UNIT[(u, f["unit"])] * float(f["kg_co2e_per_unit"])
    return {k: v / 1000 for k, v in tot.items()}


@pytest.mark.parametrize("company", COMPANIES)
def test_sample_totals_match_an_independent_calculation(company):
    fj = footprint_json(load_footprint(data_dir() / "companies" / company / "footprint.xlsx"))
    exp = expected(company)
    assert fj["scope1"] == pytest.approx(exp["scope1"], abs=0.002)
    assert fj["scope2_location"] == pytest.approx(exp["scope2_location"], abs=0.002)
    assert fj["scope3_total"] == pytest.approx(exp["scope3"], abs=0.02)
    assert fj["total_location"] == pytest.approx(sum(exp.values()), abs=0.02)


def test_noordzee_scope1_by_hand():
    # 18,500 m3 gas × 1.779 + 4,200 l diesel × 2.462 + 3 kg R-410A × 1,924 (AR5) = 49,023.9 kg
    fj = footprint_json(load_footprint(data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"))
    assert fj["scope1"] == pytest.approx(49.024, abs=0.001)


def test_noordzee_holds_a_base_year_and_a_reporting_year():
    from workbook.climate.footprint.compare import compare_years

    p = data_dir() / "companies" / "noordzee-apparel" / "footprint.xlsx"
    a, b = load_footprint(p, year=2024), load_footprint(p)
    diff = compare_years(a, b)
    assert {"activity data", "new in 2025"} & set(diff["cause"])
    assert json.dumps(footprint_json(a))


@pytest.mark.parametrize("company", COMPANIES)
def test_profile_has_the_shared_fields(company):
    prof = yaml.safe_load((data_dir() / "companies" / company / "profile.yaml").read_text(encoding="utf-8"))
    for k in ("name", "sector", "profile", "employees", "turnover_eur", "main_sourcing_countries"):
        assert prof[k], k


@pytest.mark.parametrize("company", COMPANIES)
def test_sample_flights_that_do_not_touch_the_uk_do_not_use_the_uk_rows(company):
    """The Dutch samples fly Amsterdam-Asia and Amsterdam-Porto/Izmir/Florence: DESNZ's
    'to/from UK' rows do not apply to them."""
    wb = openpyxl.load_workbook(data_dir() / "companies" / company / "footprint.xlsx")
    used = {r[1] for r in wb["Travel"].iter_rows(min_row=2, values_only=True) if r[1]}
    assert not used & {"flight_short_haul_pkm", "flight_long_haul_pkm"}


@pytest.mark.parametrize("company", COMPANIES)
def test_sold_products_in_dutch_residual_waste_use_the_courses_dutch_residual_waste_factor(company):
    """Every sample's sold products at end of life go to Dutch residual waste (category 12): they
    use the Dutch list's residual-waste factor (38 kg/t), not a transport-only DESNZ route factor."""
    lines = load_footprint(data_dir() / "companies" / company / "footprint.xlsx").lines
    eol = lines[(lines["scope"] == 3) & (lines["category"] == 12)]
    assert len(eol) and set(eol["factor_id"]) == {"nl26-residual-waste"}
