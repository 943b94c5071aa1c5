"""A participant who works in Dutch picks the Dutch template and the Dutch supplier map in Start
here (or with `workbook company use`): both are recognised by their content, like the English ones."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from company_generator import generate
from workbook.climate.footprint import write_template
from workbook.climate.footprint.load import load_activities
from workbook.company import Workspace, choose
from workbook.company.workspace import sniff
from workbook.forced_labour.hrdd.supplier_map import read_supplier_map, write_supplier_map
from workbook.language import using

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dutch_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nl")
    company = generate(88, folder)
    with using("nl"):
        template = write_template(folder / "klimaatgegevens.xlsx", *load_activities(company.template), lang="nl")
        suppliers = write_supplier_map(read_supplier_map(company.supplier_map).table, folder / "leveranciers.xlsx")
    return company, template, suppliers


def test_a_dutch_template_and_supplier_map_are_recognised(dutch_files):
    _company, template, suppliers = dutch_files
    assert (sniff(template), sniff(suppliers)) == ("template", "supplier_map")


def test_the_chosen_dutch_files_name_the_company(dutch_files, tmp_path):
    company, template, suppliers = dutch_files
    assert choose(template, tmp_path) == "footprint" and choose(suppliers, tmp_path) == "supplier_map"
    assert Workspace(tmp_path).name() == company.name


def test_workbook_company_use_answers_in_dutch(dutch_files, tmp_path):
    """`--lang nl` is taken after a nested command's name too."""
    _company, template, suppliers = dutch_files
    run = subprocess.run([sys.executable, "-m", "workbook.cli", "company", "use", str(template), str(suppliers),
                          "--lang", "nl"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "WORKBOOK_HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    assert "wordt gebruikt als klimaatgegevens" in run.stdout and "Bedrijf:" in run.stdout
