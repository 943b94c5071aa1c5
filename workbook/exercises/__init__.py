"""Exercises: content as data (``model``, ``loader``), widgets (``widgets``) and static
solution HTML (``render``)."""
from workbook.exercises.loader import load_bank
from workbook.exercises.model import Exercise, Verdict

__all__ = ["Exercise", "Verdict", "load_bank"]
