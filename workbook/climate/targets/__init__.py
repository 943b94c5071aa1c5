"""Targets: business as usual, SBTi targets, reduction levers, the waterfall and the gap.

``rules`` reads the versioned rule sets of ``data/climate/targets/``, ``compute`` holds the
pure BAU and target arithmetic over a :class:`Baseline`, ``levers``, ``plan`` and
``waterfall`` build the reduction plan, ``excel`` writes it, ``views`` serves the c3 notebook
and ``cli`` the ``workbook targets`` command.
"""
from __future__ import annotations

from workbook.climate.targets.ambition import ambition_levels, ambition_picker
from workbook.climate.targets.compute import (
    BAU_FORMULA,
    Baseline,
    Submission,
    TargetResult,
    baseline_from_footprint_json,
    bau_formula,
    compute_targets,
    required_reduction,
)
from workbook.climate.targets.excel import write_results
from workbook.climate.targets.exercises import check_lever_mix, check_sample_lever_mix
from workbook.climate.targets.levers import Lever, lever_sector, load_levers
from workbook.climate.targets.peers import load_peers
from workbook.climate.targets.plan import Plan, make_plan, plan_to_json
from workbook.climate.targets.rules import RuleSet, available_rules, load_rules, load_updates
from workbook.climate.targets.views import (
    BAU_GROWTH_RANGE,
    STARTING_MIX,
    BauChart,
    Explorer,
    Goal,
    TargetCase,
    ambition_section,
    baseline_overview,
    baseline_table,
    bau_explorer,
    chart_provenance,
    company_base_year_baseline,
    company_baseline,
    company_levers,
    company_levers_table,
    lever_explorer,
    levers_table,
    long_term_for,
    long_term_table,
    peer_rates_figure,
    peers_table,
    plan_results,
    rules_comparison,
    rules_comparison_for,
    saved_ambition,
    saved_bau_explorer,
    saved_lever_explorer,
    scope3_trigger,
    show_figure,
    show_peer_rates,
    show_targets,
    show_updates,
    sme_checks,
    sme_routes,
    target_case,
    target_results,
    targets_html,
    updates_html,
)
from workbook.climate.targets.waterfall import waterfall_table
from workbook.display import show_html

__all__ = [
    "BAU_FORMULA", "BAU_GROWTH_RANGE", "Baseline", "BauChart", "Explorer", "Goal", "Lever", "Plan", "RuleSet",
    "STARTING_MIX", "Submission", "TargetCase", "TargetResult", "ambition_levels", "ambition_picker",
    "ambition_section", "available_rules", "baseline_from_footprint_json", "baseline_overview", "baseline_table",
    "bau_explorer", "bau_formula", "chart_provenance", "check_lever_mix", "check_sample_lever_mix",
    "company_base_year_baseline",
    "company_baseline", "company_levers", "company_levers_table", "compute_targets", "lever_explorer",
    "lever_sector", "levers_table", "load_levers", "load_peers", "load_rules", "load_updates", "long_term_for",
    "long_term_table", "make_plan", "peer_rates_figure", "peers_table", "plan_results", "plan_to_json",
    "required_reduction", "rules_comparison", "rules_comparison_for", "saved_ambition", "saved_bau_explorer",
    "saved_lever_explorer", "scope3_trigger", "show_figure", "show_html", "show_peer_rates", "show_targets",
    "show_updates", "sme_checks", "sme_routes", "target_case", "target_results", "targets_html", "updates_html",
    "waterfall_table", "write_results",
]
