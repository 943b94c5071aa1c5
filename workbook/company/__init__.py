"""The participant's company: the files they bring (a climate data template or activity CSV,
and a supplier map), kept in their workspace and shown by every notebook; the course's
sample companies (``data/companies/``) when they bring none."""
from __future__ import annotations

from workbook.company.facts import is_sample_file, profile, sample_ids, sample_name
from workbook.company.state import ShownCompany, check_file, choose, current
from workbook.company.views import CompanyNotebook, company_picker, use_path, use_upload
from workbook.company.workspace import Workspace, sniff

__all__ = ["CompanyNotebook", "ShownCompany", "Workspace", "check_file", "choose", "company_picker", "current",
           "is_sample_file", "profile", "sample_ids", "sample_name", "sniff", "use_path", "use_upload"]
