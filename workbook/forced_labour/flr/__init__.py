"""The EU Forced Labour Regulation (EU) 2024/3015: facts, applicability, investigations, readiness.

``facts`` reads ``data/forced_labour/flr/``; ``applicability`` is the pure checker behind
``workbook flr-check``; ``investigation``, ``readiness``, ``questions`` and ``laws`` are the
fl3 tools; ``views`` serves the notebook.
"""
from __future__ import annotations

from workbook.forced_labour.flr.applicability import (
    VERDICT_TEXT,
    VERDICTS,
    CheckResult,
    Scenario,
    check,
    check_dict,
    load_cases,
    load_scenario_file,
    parse_scenario,
)
from workbook.forced_labour.flr.facts import application_date, by_id, fact_label, load_table
from workbook.forced_labour.flr.investigation import add_working_days, check_reply_date_exercise, is_working_day
from workbook.forced_labour.flr.laws import comparison as laws_comparison
from workbook.forced_labour.flr.views import (
    ANSWER_COLOR,
    ANSWER_TEXT,
    applicability_wizard,
    cases_html,
    facts_frame,
    flr_timeline_chart,
    investigation_widget,
    questions_widget,
    readiness_widget,
    result_html,
)

__all__ = [
    "ANSWER_COLOR", "ANSWER_TEXT", "CheckResult", "Scenario", "add_working_days", "applicability_wizard", "application_date", "by_id",
    "cases_html", "check", "check_dict", "check_reply_date_exercise", "fact_label", "facts_frame",
    "flr_timeline_chart", "investigation_widget", "is_working_day", "laws_comparison", "load_cases",
    "load_scenario_file", "load_table", "parse_scenario", "questions_widget", "readiness_widget", "result_html",
    "VERDICTS", "VERDICT_TEXT",
]
