"""Exercises: content as data (``model``, ``loader``), widgets (``widgets``) and static
solution HTML (``render``)."""
from __future__ import annotations

from workbook.exercises.loader import load_bank
from workbook.exercises.model import Exercise, Verdict, unit_label, wording
from workbook.exercises.render import STYLE, explanation_html, solution_html, verdict_html
from workbook.exercises.widgets import ExerciseWidget

__all__ = ["STYLE", "Exercise", "ExerciseWidget", "Verdict", "explanation_html", "load_bank", "solution_html",
           "unit_label", "verdict_html", "wording"]
