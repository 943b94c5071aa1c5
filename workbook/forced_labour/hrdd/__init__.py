"""Human-rights due diligence in practice (fl2): the OECD six steps on the company's own
supplier map.

``facts`` reads ``data/forced_labour/hrdd/``; ``supplier_map`` writes the template and reads
a filled one; ``risk`` scores it; ``policy``, ``action_plan`` and ``statement`` are steps 1,
3–4 and 6, and 5; ``views`` serves the notebook and ``cli`` the ``workbook risk`` command.
"""
from __future__ import annotations

from workbook.forced_labour.hrdd.action_plan import export_plan, kpi_set, load_plan, propose_actions
from workbook.forced_labour.hrdd.action_plan import progress as plan_progress
from workbook.forced_labour.hrdd.facts import datasets_table, document, steps_table
from workbook.forced_labour.hrdd.facts import table as fact_rows
from workbook.forced_labour.hrdd.policy import check_policy, export_outline, policy_widget
from workbook.forced_labour.hrdd.risk import (
    drivers,
    export_results,
    heatmap_figure,
    provenance_info,
    score_suppliers,
)
from workbook.forced_labour.hrdd.statement import facts_from, review_claims, statement_outline
from workbook.forced_labour.hrdd.supplier_map import SupplierMap, header_aliases, read_supplier_map, write_template
from workbook.forced_labour.hrdd.views import (
    EXAMPLE_POLICY,
    PLAN_COLUMNS,
    POLICY_KEY,
    PRIORITY_COLUMNS,
    CompanySuppliers,
    as_suppliers,
    case_drivers,
    claims_review,
    company_suppliers,
    drivers_table,
    example_draft,
    good_practices_table,
    heatmap,
    kpis_for,
    plan_file,
    plan_for,
    plan_start,
    plan_table,
    policy_checker,
    policy_report,
    policy_result,
    priority_table,
    results_file,
    sample_supplier_map,
    saved_policy,
    scored_suppliers,
    show_statement,
    state_imposed_exposure,
    state_imposed_table,
    teaching_cases,
)

__all__ = [
    "header_aliases",
    "CompanySuppliers", "EXAMPLE_POLICY", "PLAN_COLUMNS", "POLICY_KEY", "PRIORITY_COLUMNS", "SupplierMap",
    "as_suppliers", "case_drivers", "check_policy", "claims_review", "company_suppliers", "datasets_table",
    "document", "drivers", "drivers_table", "example_draft", "export_outline", "export_plan", "export_results",
    "fact_rows", "facts_from", "good_practices_table", "heatmap", "heatmap_figure", "kpi_set", "kpis_for",
    "load_plan", "plan_file", "plan_for", "plan_progress", "plan_start", "plan_table", "policy_checker",
    "policy_report", "policy_result", "policy_widget", "priority_table", "propose_actions", "provenance_info",
    "read_supplier_map", "results_file", "review_claims", "sample_supplier_map", "saved_policy", "score_suppliers",
    "scored_suppliers", "show_statement", "state_imposed_exposure", "state_imposed_table", "statement_outline",
    "steps_table", "teaching_cases", "write_template",
]
