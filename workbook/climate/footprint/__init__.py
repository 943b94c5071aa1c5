"""The footprint: a company's activity data → emission lines → a GHG inventory → results.

``data/climate/`` holds the facts (``facts``), the template's layout is ``sheets``, the
engine is ``units``, ``factors``, ``calculate``, ``plausibility`` and ``inventory``; the
participant's files go through ``template``, ``activity_csv``, ``load`` and
``company_file``; ``results`` and ``charts`` write and draw; ``views`` serves the notebooks.
"""
from __future__ import annotations

from workbook.climate.footprint.charts import categories_chart, methods_table, quality_chart, scopes_chart
from workbook.climate.footprint.company_file import (
    LoadedCompany,
    as_loaded,
    keep_upload,
    load_company,
    resolve,
    sample_file,
)
from workbook.climate.footprint.compare import compare_years, edition_check, needs_recalculation
from workbook.climate.footprint.facts import (
    activity_table,
    category_table,
    country_codes,
    factor_table,
    method_table,
)
from workbook.climate.footprint.inventory import (
    GWP_SETS,
    SCOPE3_CATEGORIES,
    Company,
    Inventory,
    as_inventory,
    by_category,
    compute_inventory,
    data_quality_score,
    footprint_json,
    location_view,
    newer_editions,
    totals,
)
from workbook.climate.footprint.load import load_activities, load_footprint, years_in
from workbook.climate.footprint.results import write_results
from workbook.climate.footprint.screening import rule_text, screen
from workbook.climate.footprint.sheets import DATA_SHEETS
from workbook.climate.footprint.template import read_template, write_template
from workbook.climate.footprint.views import (
    base_year_check,
    base_year_scope3_share,
    base_year_totals,
    calculation_notes,
    categories_overview,
    category_breakdown,
    company_choices,
    company_from,
    data_quality_summary,
    emission_examples,
    export_results,
    factors_used,
    memo_items,
    methods_overview,
    results_download,
    scope2_gap,
    scope3_share,
    screen_vs_footprint,
    screened,
    screening_table,
    template_error_demo,
    template_sheets,
    upload_widget,
    year_comparison,
)

__all__ = [
    "Company", "DATA_SHEETS", "GWP_SETS", "Inventory", "LoadedCompany", "SCOPE3_CATEGORIES", "activity_table",
    "as_inventory", "as_loaded", "base_year_check", "base_year_scope3_share", "base_year_totals", "by_category",
    "calculation_notes", "categories_chart", "categories_overview", "category_breakdown", "category_table",
    "company_choices", "company_from", "compare_years", "compute_inventory", "edition_check", "country_codes", "data_quality_score",
    "data_quality_summary", "emission_examples", "export_results", "factor_table", "factors_used",
    "footprint_json", "keep_upload", "load_activities", "load_company", "load_footprint", "location_view",
    "memo_items", "method_table", "methods_overview", "methods_table", "needs_recalculation", "newer_editions", "quality_chart",
    "read_template", "resolve", "results_download", "rule_text", "sample_file", "scope2_gap", "scope3_share",
    "scopes_chart", "screen", "screen_vs_footprint", "screened", "screening_table", "template_error_demo",
    "template_sheets", "totals", "upload_widget", "write_results", "write_template", "year_comparison", "years_in",
]
