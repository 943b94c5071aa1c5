"""Emission lines: scopes, scope 2 methods in the GHG Protocol's order, categories, data quality."""
import numpy as np
import pandas as pd
import pytest

from workbook.climate.footprint.calculate import calculate_lines, calculate_rows_loop
from workbook.climate.footprint.inventory import Company, compute_inventory, footprint_json, totals
from workbook.errors import InputError


def inv(rows, year=2025, gwp="AR5"):
    return compute_inventory(pd.DataFrame([{"sheet": "T", "row": i + 2, **r} for i, r in enumerate(rows)]),
                             company=Company(name="Test", reporting_year=year, gwp_set=gwp))


def test_natural_gas_goes_to_scope1_and_its_supply_chain_to_category_3():
    t = totals(inv([dict(activity="natural_gas", quantity=1000, unit="m3")]))
    assert t["scope1"] == pytest.approx(1.779)
    assert t["scope3"]["3"] == pytest.approx(0.355)


def test_electricity_location_uses_the_grid_and_market_falls_back_when_no_residual_mix():
    i = inv([dict(activity="electricity", country="NL", quantity=100_000, unit="kWh")], year=2025)
    t = totals(i)
    assert t["scope2_location"] == pytest.approx(20.0)  # 0.200 kg/kWh, CO2emissiefactoren 2026
    assert t["scope2_market"] == pytest.approx(20.0)    # AIB 2025: NL residual mix not available
    assert any("not available" in n for n in i.notes)


def test_market_based_uses_the_residual_mix_where_published():
    t = totals(inv([dict(activity="electricity", country="DE", quantity=1000, unit="kWh")], year=2023))
    assert t["scope2_market"] == pytest.approx(0.71990)   # AIB 2023 DE
    # Ember DE 2024 (oldest edition; line says so), life-cycle: generation share in scope 2, rest in 3.3
    assert t["scope2_location"] + t["scope3"]["3"] == pytest.approx(0.34206)
    assert t["scope2_location"] == pytest.approx(0.34206 * 0.8197)


def test_a_supplier_factor_counts_in_the_market_total_only():
    t = totals(inv([dict(activity="electricity", country="NL", quantity=10, unit="MWh",
                         factor_kg_co2e=0.35, factor_unit="kWh")]))
    assert t["scope2_market"] == pytest.approx(3.5)
    assert t["scope2_location"] == pytest.approx(2.0)


def test_guarantees_of_origin_make_market_based_zero_but_not_location_based():
    t = totals(inv([dict(activity="electricity_go_wind", country="NL", quantity=10_000, unit="kWh")]))
    assert t["scope2_market"] == 0
    assert t["scope2_location"] == pytest.approx(2.0)


def test_refrigerant_uses_the_inventory_gwp_set():
    ar5 = totals(inv([dict(activity="refrigerant_r410a", quantity=2, unit="kg")], gwp="AR5"))
    ar6 = totals(inv([dict(activity="refrigerant_r410a", quantity=2, unit="kg")], gwp="AR6"))
    assert (ar5["scope1"], ar6["scope1"]) == (pytest.approx(3.848), pytest.approx(4.512))


def test_washing_and_drying_is_a_memo_item_outside_the_totals():
    i = inv([dict(activity="consumer_electricity", category=11, quantity=1000, unit="kWh")])
    fj = footprint_json(i)
    assert fj["scope3"]["11"] == 0 and fj["total_location"] == 0
    assert fj["memo"]["11"] == pytest.approx(0.244)


def test_footprint_json_has_the_contract_keys_and_all_15_categories():
    fj = footprint_json(inv([dict(activity="garments", quantity=1, unit="t")]))
    for k in ("reporting_year", "scope1", "scope2_location", "scope2_market", "scope3", "total_location",
              "total_market"):
        assert k in fj
    assert list(fj["scope3"]) == [str(c) for c in range(1, 16)]
    assert fj["scope3"]["1"] == pytest.approx(22.31)


def test_spend_is_converted_to_2022_dollars():
    t = totals(inv([dict(activity="spend_apparel", quantity=1000, unit="EUR")]))
    assert t["scope3"]["1"] == pytest.approx(1000 * 1.053 * 0.12 / 1000)


def test_free_text_activity_with_own_factor_is_supplier_specific():
    i = inv([dict(scope=3, category=1, activity="Denim (supplier LCA)", quantity=1000, unit="kg",
                  factor_kg_co2e=11.2, factor_unit="kg")])
    assert i.lines["method"].tolist() == ["supplier-specific"]
    assert totals(i)["scope3"]["1"] == pytest.approx(11.2)


@pytest.mark.parametrize("row,column", [
    (dict(activity="no_such_thing", quantity=1, unit="kg"), "activity"),
    (dict(activity="natural_gas", quantity=1, unit="kg"), "unit"),
    (dict(activity="garments", category=4, quantity=1, unit="kg"), "category"),
    (dict(activity="car_km", quantity=1, unit="vkm"), "category"),
    (dict(activity="natural_gas", scope=2, quantity=1, unit="m3"), "scope"),
    (dict(activity="natural_gas", quantity=-5, unit="m3"), "quantity"),
    (dict(activity="elastane", category=1, quantity=5, unit="kg"), "activity"),
])
def test_rows_that_cannot_be_calculated_are_named(row, column):
    with pytest.raises(InputError) as e:
        inv([row])
    p = e.value.problems[0]
    assert (p.sheet, p.row, p.column) == ("T", 2, column) and p.fix


def test_vectorised_calculation_equals_the_per_row_loop():
    rng = np.random.default_rng(7)
    choices = [("natural_gas", None, "GJ"), ("electricity", None, "MWh"), ("garments", 1, "kg"),
               ("sea_freight_tkm", 4, "tkm"), ("car_km", 7, "vkm"), ("refrigerant_r32", None, "kg"),
               ("electricity_go_solar", None, "kWh"), ("spend_fabric", 1, "kEUR")]
    rows = []
    for i in range(400):
        a, c, u = choices[rng.integers(len(choices))]
        rows.append(dict(sheet="T", row=i, activity=a, category=c, quantity=float(rng.uniform(0, 1e4)), unit=u,
                         country=["NL", "CN", "DE", None][rng.integers(4)] if a.startswith("electricity") else None))
    df = pd.DataFrame(rows)
    lines = calculate_lines(df, reporting_year=2025)
    loc = lines[(lines["scope2_method"] != "market") & ~lines["memo"]].groupby("row")["kg_co2e"].sum()
    loop = calculate_rows_loop(df, reporting_year=2025)
    assert np.allclose(loc.reindex(range(400)).to_numpy(), loop)


def test_data_quality_defaults_come_from_the_method_and_a_given_score_wins():
    i = inv([dict(activity="garments", quantity=1, unit="t"),
             dict(activity="garments", quantity=1, unit="t", data_quality=1)])
    assert i.lines["data_quality"].tolist() == [2.8, 1.0]


def test_only_rows_with_an_empty_country_carry_the_assumed_nl_note():
    df = pd.DataFrame([dict(sheet="T", row=2, activity="electricity", country=None, quantity=10, unit="kWh"),
                       dict(sheet="T", row=3, activity="electricity", country="NL", quantity=10, unit="kWh")])
    lines = calculate_lines(df, reporting_year=2025)
    noted = lines.groupby("row")["note"].apply(lambda s: any("assumed NL" in str(n) for n in s))
    assert noted.to_dict() == {2: True, 3: False}
    assert lines.groupby("row")["kg_co2e"].sum().nunique() == 1  # the same factors for both


def test_lines_come_in_input_order_with_each_rows_lines_together():
    rows = [dict(sheet="T", row=i, activity=a, quantity=1.0, unit=u, category=c)
            for i, (a, u, c) in enumerate([("natural_gas", "m3", None), ("garments", "kg", 1),
                                           ("electricity", "kWh", None), ("garments", "kg", 1)] * 3)]
    lines = calculate_lines(pd.DataFrame(rows), reporting_year=2025)
    assert lines["row"].is_monotonic_increasing
    per_row = lines.groupby("row").size().tolist()
    assert per_row == [2, 1, 3, 1] * 3  # gas: scope 1 + WTT; electricity: location, market, upstream


def test_a_non_kyoto_refrigerant_is_a_memo_line_outside_scope_1_and_the_totals():
    """GHG Protocol Corporate Standard ch. 4 and 9: gases outside the Kyoto basket (HCFC-22) are
    not in scope 1; they are reported apart as optional information (a memo line)."""
    i = inv([dict(activity="refrigerant_r22", quantity=2, unit="kg")], gwp="AR6")
    fj = footprint_json(i)
    assert fj["scope1"] == 0 and fj["total_location"] == 0 and fj["total_market"] == 0
    assert fj["memo_outside_scopes"] == {"refrigerant_r22": pytest.approx(3.92)}
    line = i.lines.iloc[0]
    assert line["scope"] == 0 and bool(line["memo"]) and "Kyoto" in line["note"]


def test_every_refrigerant_outside_the_kyoto_basket_is_marked_memo_in_the_data():
    from workbook.climate.footprint.facts import activity_table

    acts = activity_table()
    refrigerants = acts[acts["area"] == "refrigerants"]
    hcfc = [a for a in refrigerants.index if "HCFC" in acts.loc[a, "label"]]
    assert hcfc == ["refrigerant_r22"]
    assert all(acts.loc[a, "memo"] for a in hcfc)
    assert not any(acts.loc[a, "memo"] for a in refrigerants.index if a not in hcfc)


def test_scope_2_outside_nl_counts_generation_only_and_the_upstream_part_goes_to_category_3():
    """Scope 2 Guidance / Scope 3 Technical Guidance: scope 2 is generation only; the upstream
    part of a life-cycle grid factor belongs in category 3. Without a direct factor in the
    sources, the life-cycle factor is split with a stated, sourced generation share."""
    import csv

    from workbook.paths import data_dir

    with open(data_dir() / "climate" / "grid_split.csv", encoding="utf-8") as f:
        split = next(csv.DictReader(f))
    share = float(split["generation_share"])
    assert share == pytest.approx(0.200 / 0.244, abs=1e-4) and split["source"]
    i = inv([dict(activity="electricity", country="CN", quantity=1000, unit="kWh")], year=2025)
    t = totals(i)
    assert t["scope2_location"] == pytest.approx(0.5575 * share)
    assert t["scope3"]["3"] == pytest.approx(0.5575 * (1 - share))
    assert t["total_location"] == pytest.approx(0.5575)
    notes = " ".join(i.notes)
    assert "generation share" in notes and split["id"] in " ".join(i.lines["factor_id"].astype(str))


def test_uk_sites_use_the_desnz_generation_factor_and_its_td_losses():
    """DESNZ publishes a direct (generation) UK grid factor and a separate T&D-loss factor."""
    i = inv([dict(activity="electricity", country="GB", quantity=1000, unit="kWh")], year=2024)
    t = totals(i)
    assert t["scope2_location"] == pytest.approx(0.20705)
    assert t["scope3"]["3"] == pytest.approx(0.0183)


def test_a_newer_factor_list_than_the_reporting_year_is_said_plainly():
    """Rule: use the list of the reporting year. Where the course has no edition for that year,
    the footprint says plainly that a newer list is used, and for which factors."""
    i = inv([dict(activity="diesel", quantity=100, unit="litre")], year=2025)
    fj = footprint_json(i)
    assert fj["newer_editions"] == {"nl26-diesel-b7-ttw": "2026", "nl26-diesel-b7-wtt": "2026"}
    assert any(n.startswith("Newer factor list used for 2025") and "nl26-diesel-b7-ttw" in n for n in fj["notes"])
    same_year = footprint_json(inv([dict(activity="natural_gas", quantity=100, unit="m3")], year=2025))
    assert same_year["newer_editions"] == {}


def test_a_year_comparison_with_a_newer_list_in_either_year_is_flagged_mixed_edition():
    from workbook.climate.footprint.compare import compare_years, edition_check

    a = inv([dict(activity="diesel", quantity=100, unit="litre", year=2024),
             dict(activity="flight_long_haul_pkm", category=6, quantity=1000, unit="pkm", year=2024)], year=2024)
    b = inv([dict(activity="diesel", quantity=90, unit="litre", year=2025),
             dict(activity="flight_long_haul_pkm", category=6, quantity=1000, unit="pkm", year=2025)], year=2025)
    check = edition_check(a, b)
    assert check["mixed"] is True and "2026" in check["text"]
    df = compare_years(a, b)
    assert df.attrs["mixed_edition"] is True
    assert set(df["editions"]) == {"2026 / 2026 (newer list in both years)", "2024 / 2025"}


def _gas_kwh(basis):
    rows = [dict(activity="natural_gas", quantity=10_000, unit="kWh")]
    return compute_inventory(pd.DataFrame([{"sheet": "Fuels", "row": 2, **r} for r in rows]),
                             company=Company(name="Test", reporting_year=2025, gas_kwh_basis=basis))


def test_gas_in_net_kwh_is_converted_with_the_lists_net_calorific_value():
    # 10,000 kWh = 36,000 MJ / 31.65 MJ per Nm3 (net, CO2emissiefactoren.nl) = 1,137.4 Nm3 × 1.779
    assert totals(_gas_kwh("net"))["scope1"] == pytest.approx(36_000 / 31.65 * 1.779 / 1000)


def test_gas_in_gross_kwh_is_converted_with_the_gross_calorific_value_and_gross_is_the_stated_default():
    """UK, Belgian and German gas bills state gross kWh (about 11 % more than net): the template
    asks which; without an answer the footprint reads gross kWh and says so."""
    import csv

    from workbook.paths import data_dir

    with open(data_dir() / "climate" / "fuel_properties.csv", encoding="utf-8") as f:
        ratio = next(r for r in csv.DictReader(f) if r["id"] == "desnz24-natural-gas-gross-per-net")
    gross_per_net = float(ratio["value"])
    assert gross_per_net == pytest.approx(0.20264 / 0.1829, abs=1e-4)
    expected = 36_000 / (31.65 * gross_per_net) * 1.779 / 1000
    gross, default = _gas_kwh("gross"), _gas_kwh(None)
    assert totals(gross)["scope1"] == pytest.approx(expected)
    assert totals(default)["scope1"] == pytest.approx(expected)
    assert any("gross calorific value (default" in n for n in default.notes)
    assert any("gross calorific value (as the template says" in n for n in gross.notes)


def test_a_flight_that_does_not_touch_the_uk_uses_the_desnz_non_uk_row_and_says_so():
    """DESNZ's 'to/from UK' rows are for flights that start or end in the UK; other flights use
    'International, to/from non-UK' (or the Dutch list's flight rows)."""
    i = inv([dict(activity="flight_international_non_uk_pkm", category=6, quantity=1000, unit="pkm")])
    assert totals(i)["scope3"]["6"] == pytest.approx(0.10916)
    assert i.lines["factor_id"].iloc[0] == "desnz25-flight-non-uk"
    nl = inv([dict(activity="flight_intercontinental_pkm", category=6, quantity=1000, unit="pkm")])
    assert totals(nl)["scope3"]["6"] == pytest.approx(0.157)


def test_an_inventory_mixing_ar5_and_ar6_factors_says_mixed():
    """Only refrigerants follow the chosen GWP set; the Dutch list's factors are AR6-based and
    DESNZ's AR5-based, used as published. The inventory must say 'mixed' and disclose both."""
    i = inv([dict(activity="diesel", quantity=100, unit="litre"),
             dict(activity="road_freight_tkm", category=4, quantity=1000, unit="tkm")], gwp="AR5")
    fj = footprint_json(i)
    assert fj["gwp_set"] == "AR5"
    assert fj["gwp_basis"] == "mixed" and fj["gwp_sets_used"] == ["AR5", "AR6"]
    assert any(n.startswith("GWP: mixed") for n in fj["notes"])
    one = footprint_json(inv([dict(activity="road_freight_tkm", category=4, quantity=1000, unit="tkm")]))
    assert one["gwp_basis"] == "AR5" and one["gwp_sets_used"] == ["AR5"]


def test_the_results_file_says_the_gwp_basis_is_mixed(tmp_path):
    import openpyxl

    from workbook.climate.footprint.results import write_results

    i = inv([dict(activity="diesel", quantity=100, unit="litre"),
             dict(activity="road_freight_tkm", category=4, quantity=1000, unit="tkm")], gwp="AR5")
    path = write_results(i, tmp_path / "r.xlsx")
    summary = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Summary"].iter_rows(values_only=True)}
    assert summary["gwp_basis"] == "mixed: AR5, AR6"


def test_a_belgian_or_swiss_site_gets_its_own_grid_factor_not_the_world_average():
    """Every country in the cited Ember snapshot (EU-27, EFTA, UK, sourcing countries) has its own row."""
    from workbook.climate.footprint.facts import factor_table

    ft = factor_table()
    regions = set(ft.loc[(ft["activity"] == "electricity") & ft["basis"].isin(["lifecycle", "generation"]), "region"])
    eu27 = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
    assert set(eu27) | {"CH", "NO", "IS", "GB", "BD", "CN", "IN", "VN", "TR", "PK", "MU", "LK", "MA", "TN"} <= regions
    t = totals(inv([dict(activity="electricity", country="BE", quantity=1000, unit="kWh")]))
    assert t["scope2_location"] + t["scope3"]["3"] == pytest.approx(0.11758)


def test_a_country_without_grid_data_is_said_so_explicitly():
    i = inv([dict(activity="electricity", country="LI", quantity=1000, unit="kWh")])
    fj = footprint_json(i)
    assert fj["countries_without_grid_data"] == ["LI"]
    assert any("no grid data for LI" in n for n in fj["notes"])


def test_district_heat_outside_nl_and_gb_takes_the_suppliers_factor():
    """No average heat-network factor for Germany in the sources: the supplier's factor is used in
    both scope 2 totals and the line says so (before: refused, with a fix to do what was done)."""
    i = inv([dict(activity="district_heat", country="DE", quantity=100, unit="GJ",
                  factor_kg_co2e=50.0, factor_unit="GJ")])
    t = totals(i)
    assert t["scope2_location"] == pytest.approx(5.0) and t["scope2_market"] == pytest.approx(5.0)
    assert any("supplier's factor" in n and "DE" in n for n in i.notes)
    with pytest.raises(InputError) as e:
        inv([dict(activity="district_heat", country="DE", quantity=100, unit="GJ")])
    assert "supplier's factor" in str(e.value)


def test_propane_bought_by_the_kg_is_refused_with_the_reason_and_what_to_do():
    """The Dutch list gives propane and LPG per litre and publishes no density or energy per kg:
    the engine does not invent one; it says so and asks for litres or the supplier's factor per kg."""
    with pytest.raises(InputError) as e:
        inv([dict(activity="propane", quantity=33, unit="kg")])
    p = e.value.problems[0]
    assert "density" in p.message and "no" in p.message
    assert "litre" in p.fix and "per kg" in p.fix


def test_an_electricity_row_takes_an_own_location_factor_an_own_upstream_factor_and_a_td_loss_rate():
    """The own location-based grid factor replaces the database's in the location-based total; the
    own upstream factor and the T&D loss rate (consumption x rate x generation factor; Scope 3
    Technical Guidance, category 3) go to category 3."""
    i = inv([dict(activity="electricity", country="BD", quantity=1000, unit="kWh",
                  factor_location=0.55, factor_upstream=0.07, td_loss_rate=0.10)])
    t = totals(i)
    assert t["scope2_location"] == pytest.approx(0.55)
    assert t["scope2_market"] == pytest.approx(0.55)          # no residual mix: the (own) grid average
    assert t["scope3"]["3"] == pytest.approx(0.07 + 1000 * 0.10 * 0.55 / 1000)
    assert {"own location-based factor", "own upstream factor"} <= set(i.lines["factor_id"].astype(str))


def test_a_td_loss_rate_alone_uses_the_databases_generation_factor():
    t = totals(inv([dict(activity="electricity", country="NL", quantity=1000, unit="kWh", td_loss_rate=0.05)]))
    assert t["scope2_location"] == pytest.approx(0.200)
    assert t["scope3"]["3"] == pytest.approx(0.044 + 1000 * 0.05 * 0.200 / 1000)


def test_own_electricity_factors_on_another_activity_are_refused():
    with pytest.raises(InputError) as e:
        inv([dict(activity="natural_gas", quantity=100, unit="m3", td_loss_rate=0.05)])
    assert "electricity" in str(e.value)


def test_quantities_in_two_parts_are_multiplied_with_their_units():
    """Scope 3 Technical Guidance: tonnes x km (category 4), employees x km (category 7), a share of a total."""
    tkm = totals(inv([dict(activity="sea_freight_tkm", category=4, quantity=20, unit="t", quantity2=5000, unit2="km")]))
    assert tkm["scope3"]["4"] == pytest.approx(20 * 5000 * 0.01612 / 1000)
    commute = totals(inv([dict(activity="public_transport_pkm", category=7, quantity=40, unit="employees",
                               quantity2=3000, unit2="km")]))
    assert commute["scope3"]["7"] == pytest.approx(40 * 3000 * 0.036 / 1000)
    share = totals(inv([dict(activity="paper_recycling", category=5, quantity=50, unit="t", quantity2=30, unit2="%")]))
    assert share["scope3"]["5"] == pytest.approx(50 * 0.30 * 7 / 1000)


def test_a_carriers_fuel_goes_to_category_4_or_9_with_the_fuel_and_refrigerant_factors():
    """Fuel-based method for categories 4 and 9: the carrier's fuel x the fuel's combustion factor,
    its reefer's refrigerant leaks x the GWP of the inventory's set."""
    i = inv([dict(activity="carrier_diesel", category=4, quantity=1000, unit="litre"),
             dict(activity="carrier_refrigerant_r404a", category=9, quantity=2, unit="kg")], gwp="AR5")
    t = totals(i)
    assert t["scope1"] == 0
    assert t["scope3"]["4"] == pytest.approx(2.462)
    assert t["scope3"]["9"] == pytest.approx(2 * 3943 / 1000)
