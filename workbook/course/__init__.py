"""The course engine: the session a notebook opens, the progress file, reports, the glossary
and the solution build."""
from __future__ import annotations

from workbook.course.glossary import glossary_view, load_glossary
from workbook.course.progress import ProgressStore
from workbook.course.progress_report import completion, export_excel
from workbook.course.session import Session

__all__ = ["ProgressStore", "Session", "completion", "export_excel", "glossary_view", "load_glossary"]
