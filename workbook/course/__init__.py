"""The course engine: the session a notebook opens, the progress file, reports, the glossary,
the solution build, course links and the facilitator's cohort view."""
from __future__ import annotations

from workbook.course.cohort import COHORT_API, COHORT_SERVICE, HUB_PROGRESS_PATH, read_progress_file
from workbook.course.glossary import glossary_view, load_glossary
from workbook.course.progress import ProgressStore
from workbook.course.progress_report import completion, export_excel
from workbook.course.session import Session
from workbook.course.views import CohortView, cohort_view

__all__ = ["COHORT_API", "COHORT_SERVICE", "CohortView", "HUB_PROGRESS_PATH", "ProgressStore", "Session", "cohort_view",
           "completion", "export_excel", "glossary_view", "load_glossary", "read_progress_file"]
