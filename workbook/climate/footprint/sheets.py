"""The data template's layout: sheets, columns, company fields and their help texts.

Pure data, shared by the writer, the reader and the plausibility checks, so that all three
agree on where a value sits (a warning names the same sheet and column the reader uses).

The English names are the template's own (the engine and the footprint JSON use them); a
template in another language names its sheets, headers and company fields with their
translation in the course's catalogue (:func:`in_language`), and the reader accepts either
(:func:`template_language`, :func:`find`). Activity ids, units and country codes are the same
in every language.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from workbook.i18n import N_, spellings, translate
from workbook.language import LANGUAGES

FIRST_YEAR, LAST_YEAR = 1990, 2100
SECTORS = (N_("clothing"), N_("textiles"), N_("footwear"), N_("furniture"), N_("other"))
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
        cols = [("year", N_("Year"), N_("Reporting year of the row; empty = the company's reporting year")),
                ("activity", N_("Activity"), N_("Pick from the list (see the Lists sheet for what each means)"))]
        if self.scope == 3:
            cols.append(("category", N_("Scope 3 category"), N_("Category number 1-15 (see the list)")))
        cols += [("description", N_("Description"), N_("Site, supplier, product or route: your own words")),
                 ("country", N_("Country"), N_("ISO code of the country (NL, CN, ...); empty = NL")),
                 ("quantity", N_("Quantity"), N_("A plain number, zero or more (no unit, no formula)")),
                 ("unit", N_("Unit"), N_("Unit of the quantity, e.g. kWh, m3, litre, kg, t, tkm, pkm, EUR")),
                 ("factor_kg_co2e", N_("Own factor (kg CO2e)"),
                  N_("Optional: a supplier-specific factor in kg CO2e per 'Own factor per unit'. "
                  "For electricity: the supplier's label (market-based only)")),
                 ("factor_unit", N_("Own factor per unit"), N_("The unit the own factor is per, e.g. kg or kWh")),
                 ("data_quality", N_("Data quality (1-5)"),
                  N_("Optional: 1 very good ... 4 poor, 5 unknown (Scope 3 Standard indicators)")),
                 ("notes", N_("Notes / data source"), N_("Where the number comes from (invoice, meter, supplier)"))]
        return cols + self.optional_columns

    @property
    def optional_columns(self) -> list[tuple[str, str, str]]:
        """Columns added after the first templates were handed out: a template without them still
        reads (they are at the end, and empty means 'not given')."""
        cols = [("quantity2", N_("Second quantity"),
                 N_("Optional: when the quantity comes in two parts, the second part; the two are multiplied "
                 "(tonnes x km, employees x km commuted a year, a share of a total in %)")),
                ("unit2", N_("Second unit"), N_("The unit of the second quantity, e.g. km or %"))]
        if self.scope == 2:
            cols += [("factor_location", N_("Own location-based factor (kg CO2e/kWh)"),
                      N_("Optional, electricity: your own grid-average factor for the location-based total "
                      "(replaces the database's; also the market-based fallback where no residual mix exists)")),
                     ("factor_upstream", N_("Own upstream factor (kg CO2e/kWh)"),
                      N_("Optional, electricity: the upstream (fuel chain) part per kWh, for category 3")),
                     ("td_loss_rate", N_("T&D loss rate (%)"),
                      N_("Optional, electricity: the grid's transmission and distribution loss rate in %, for "
                      "category 3 (kWh x rate x the location-based factor)"))]
        return cols


DATA_SHEETS = (
    DataSheet(N_("Fuels"), "fuels", 1, N_("Scope 1: fuels burnt in own boilers, kilns and vehicles")),
    DataSheet(N_("Refrigerants"), "refrigerants", 1, N_("Scope 1: refrigerant top-ups (kg leaked)")),
    DataSheet(N_("Energy"), "energy", 2, N_("Scope 2: purchased electricity and heat")),
    DataSheet(N_("Purchased goods"), "purchased_goods", 3, N_("Scope 3.1/3.2: what you buy, by weight or spend")),
    DataSheet(N_("Transport"), "transport", 3, N_("Scope 3.4/3.9: freight in tonne-km or spend")),
    DataSheet(N_("Travel"), "travel", 3, N_("Scope 3.6/3.7: business travel and commuting")),
    DataSheet(N_("Waste"), "waste", 3, N_("Scope 3.5/3.12: waste from operations and sold products at end of life")),
    DataSheet(N_("Use phase"), "use_phase", 3, N_("Scope 3.11: energy used by customers (optional memo item)")),
)
SHEET_BY_NAME = {s.name: s for s in DATA_SHEETS}

COMPANY_FIELDS = (
    ("name", N_("Company name"), N_("Your company's name")),
    ("sector", N_("Sector"), N_("clothing, textiles, footwear, furniture or other")),
    ("country", N_("Country (headquarters)"), N_("ISO code, e.g. NL")),
    ("reporting_year", N_("Reporting year"), N_("The year this footprint is for, e.g. 2025")),
    ("base_year", N_("Base year"), N_("The year targets are measured from (may equal the reporting year)")),
    ("consolidation", N_("Consolidation approach"), N_("operational_control, financial_control or equity_share")),
    ("gwp_set", N_("GWP set"), N_("AR5 or AR6: the set for refrigerant leaks. Other factors are used as their source "
     "publishes them (DESNZ: AR5; the Dutch list: AR6), so the inventory may be mixed: the results say so")),
    ("gas_kwh_basis", N_("Gas in kWh: calorific basis"),
     N_("gross or net: how gas given in kWh, MWh or GJ is measured. Bills in the UK, Belgium and Germany state "
     "gross kWh (about 11 % more than net). Empty = gross (stated in the results)")),
    ("factor_year", N_("Factor edition year (optional)"), N_("Empty = the reporting year's editions")),
    ("significance_threshold", N_("Significance threshold (%)"),
     N_("Structural change that triggers a base-year recalculation; you set it (e.g. 5 or 10)")),
    ("employees", N_("Employees (FTE)"), N_("Optional")),
    ("turnover_eur", N_("Turnover (EUR)"), N_("Optional")),
)
# Company fields added after templates were first handed out: an older template without them still
# reads, with the field's default (and the footprint says which default it used).
FIELDS_ADDED_LATER = ("gas_kwh_basis",)
SCREENING_HEADER = (N_("Category"), N_("Name"), N_("Activity (spend or other)"), N_("Quantity"), N_("Unit"),
                    N_("Estimate (t CO2e)"), N_("Why not relevant / notes"))

# The sheets that are not data sheets, and the company sheet's header.
INSTRUCTIONS, COMPANY, SCREENING, LISTS = N_("Instructions"), N_("Company"), N_("Screening"), N_("Lists")
COMPANY_HEADER = (N_("Field"), N_("Value"), N_("Help"))
SHEET_NAMES = (INSTRUCTIONS, COMPANY, SCREENING, *(s.name for s in DATA_SHEETS), LISTS)


def in_language(text: str, lang: str) -> str:
    """A sheet name, header or company field as a template in ``lang`` writes it (English: itself)."""
    return translate(text, lang)


def template_language(names: Iterable[str]) -> str:
    """The language a template's sheets are named in: the one with most of its names present
    (English when none or a tie: an English template reads as it always did)."""
    found = {str(n).strip() for n in names}
    return max(LANGUAGES, key=lambda lang: (sum(in_language(n, lang) in found for n in SHEET_NAMES), lang == "en"))


def find(english: str, found: Iterable[str], lang: str) -> str | None:
    """How a template names ``english`` (a sheet, header or field): its name in the template's
    language ``lang``, else in English, else in another language; None when it has none of them."""
    found = list(found)
    stripped = {str(f).strip(): f for f in found if f is not None}
    for candidate in dict.fromkeys([in_language(english, lang), *spellings(english)]):
        if candidate in stripped:
            return stripped[candidate]
    return None
