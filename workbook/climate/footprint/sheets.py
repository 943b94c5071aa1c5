"""The data template's layout: sheets, columns, company fields and their help texts.

Pure data, shared by the writer, the reader and the plausibility checks, so that all three
agree on where a value sits (a warning names the same sheet and column the reader uses).
"""
from __future__ import annotations

from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 1990, 2100
SECTORS = ("clothing", "textiles", "footwear", "furniture", "other")
CONSOLIDATION = ("operational_control", "financial_control", "equity_share")
COMMON_UNITS = ("kWh", "MWh", "GJ", "m3", "litre", "kg", "t", "tkm", "pkm", "vkm", "km",
                "room_night", "EUR", "kEUR")
VALIDATED_ROWS = 5000  # drop-down lists cover this many data rows in a blank template


@dataclass(frozen=True)
class DataSheet:
    name: str
    area: str
    scope: int
    title: str

    @property
    def columns(self) -> list[tuple[str, str, str]]:
        """(field, header, help) in sheet order."""
        cols = [("year", "Year", "Reporting year of the row; empty = the company's reporting year"),
                ("activity", "Activity", "Pick from the list (see the Lists sheet for what each means)")]
        if self.scope == 3:
            cols.append(("category", "Scope 3 category", "Category number 1-15 (see the list)"))
        cols += [("description", "Description", "Site, supplier, product or route: your own words"),
                 ("country", "Country", "ISO code of the country (NL, CN, ...); empty = NL"),
                 ("quantity", "Quantity", "A plain number, zero or more (no unit, no formula)"),
                 ("unit", "Unit", "Unit of the quantity, e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR"),
                 ("factor_kg_co2e", "Own factor (kg CO2e)",
                  "Optional: a supplier-specific factor in kg CO2e per 'Own factor per unit'. "
                  "For electricity: the supplier's label (market-based only)"),
                 ("factor_unit", "Own factor per unit", "The unit the own factor is per, e.g. kg or kWh"),
                 ("data_quality", "Data quality (1-5)",
                  "Optional: 1 very good ... 4 poor, 5 unknown (Scope 3 Standard indicators)"),
                 ("notes", "Notes / data source", "Where the number comes from (invoice, meter, supplier)")]
        return cols + self.optional_columns

    @property
    def optional_columns(self) -> list[tuple[str, str, str]]:
        """Columns added after the first templates were handed out: a template without them still
        reads (they are at the end, and empty means 'not given')."""
        cols = [("quantity2", "Second quantity",
                 "Optional: when the quantity comes in two parts, the second part; the two are multiplied "
                 "(tonnes x km, employees x km commuted a year, a share of a total in %)"),
                ("unit2", "Second unit", "The unit of the second quantity, e.g. km or %")]
        if self.scope == 2:
            cols += [("factor_location", "Own location-based factor (kg CO2e/kWh)",
                      "Optional, electricity: your own grid-average factor for the location-based total "
                      "(replaces the database's; also the market-based fallback where no residual mix exists)"),
                     ("factor_upstream", "Own upstream factor (kg CO2e/kWh)",
                      "Optional, electricity: the upstream (fuel chain) part per kWh, for category 3"),
                     ("td_loss_rate", "T&D loss rate (%)",
                      "Optional, electricity: the grid's transmission and distribution loss rate in %, for "
                      "category 3 (kWh x rate x the location-based factor)")]
        return cols


DATA_SHEETS = (
    DataSheet("Fuels", "fuels", 1, "Scope 1: fuels burnt in own boilers, kilns and vehicles"),
    DataSheet("Refrigerants", "refrigerants", 1, "Scope 1: refrigerant top-ups (kg leaked)"),
    DataSheet("Energy", "energy", 2, "Scope 2: purchased electricity and heat"),
    DataSheet("Purchased goods", "purchased_goods", 3, "Scope 3.1/3.2: what you buy, by weight or spend"),
    DataSheet("Transport", "transport", 3, "Scope 3.4/3.9: freight in tonne-km or spend"),
    DataSheet("Travel", "travel", 3, "Scope 3.6/3.7: business travel and commuting"),
    DataSheet("Waste", "waste", 3, "Scope 3.5/3.12: waste from operations and sold products at end of life"),
    DataSheet("Use phase", "use_phase", 3, "Scope 3.11: energy used by customers (optional memo item)"),
)
SHEET_BY_NAME = {s.name: s for s in DATA_SHEETS}

COMPANY_FIELDS = (
    ("name", "Company name", "Your company's name"),
    ("sector", "Sector", "clothing, textiles, footwear, furniture or other"),
    ("country", "Country (headquarters)", "ISO code, e.g. NL"),
    ("reporting_year", "Reporting year", "The year this footprint is for, e.g. 2025"),
    ("base_year", "Base year", "The year targets are measured from (may equal the reporting year)"),
    ("consolidation", "Consolidation approach", "operational_control, financial_control or equity_share"),
    ("gwp_set", "GWP set", "AR5 or AR6: the set for refrigerant leaks. Other factors are used as their source "
     "publishes them (DESNZ: AR5; the Dutch list: AR6), so the inventory may be mixed: the results say so"),
    ("gas_kwh_basis", "Gas in kWh: calorific basis",
     "gross or net: how gas given in kWh, MWh or GJ is measured. Bills in the UK, Belgium and Germany state "
     "gross kWh (about 11 % more than net). Empty = gross (stated in the results)"),
    ("factor_year", "Factor edition year (optional)", "Empty = the reporting year's editions"),
    ("significance_threshold", "Significance threshold (%)",
     "Structural change that triggers a base-year recalculation; you set it (e.g. 5 or 10)"),
    ("employees", "Employees (FTE)", "Optional"),
    ("turnover_eur", "Turnover (EUR)", "Optional"),
)
# Company fields added after templates were first handed out: an older template without them still
# reads, with the field's default (and the footprint says which default it used).
FIELDS_ADDED_LATER = ("gas_kwh_basis",)
SCREENING_HEADER = ("Category", "Name", "Activity (spend or other)", "Quantity", "Unit",
                    "Estimate (t CO2e)", "Why not relevant / notes")
