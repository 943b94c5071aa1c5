"""The Dutch edition of the due-diligence tools: the supplier map, the exports and the notebook
tables speak Dutch under ``nl``, read files of either language, and leave English unchanged."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from workbook.cli import main
from workbook.errors import InputError
from workbook.forced_labour import hrdd
from workbook.forced_labour.hrdd import action_plan, policy, risk
from workbook.forced_labour.hrdd.supplier_map import KEYS, read_supplier_map, write_supplier_map, write_template
from workbook.i18n import translate
from workbook.language import set_language, using


@pytest.fixture(scope="module")
def sample_map():
    return read_supplier_map(hrdd.sample_supplier_map())


def _csv(tmp_path, text, name="s.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_dutch_template_has_dutch_sheets_headers_and_instructions(tmp_path):
    with using("nl"):
        path = write_template(tmp_path / "leverancierskaart.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructies", "Leveranciers", "Lijsten"]
    header = [c.value for c in wb["Leveranciers"][1]]
    assert header[:4] == ["leverancier", "tier", "land", "goederen"]
    assert header == [translate(k, "nl") for k in KEYS]
    assert wb["Instructies"]["A1"].value == "Leverancierskaart voor de risicoanalyse dwangarbeid"
    lists = {ws_col[0].value: [c.value for c in ws_col[1:] if c.value] for ws_col in wb["Lijsten"].iter_cols()}
    assert "lokaal bureau" in lists["wervingskanaal"]  # the drop-down offers the Dutch label
    assert "BD" in lists["land"] and "garments" in lists["goederen"]  # codes stay language-neutral
    assert "Turkije" in lists["landnaam"]  # country names from CLDR, not translated twice
    assert "Kleding" in lists["goederen_omschrijving"]  # what the goods codes mean, in Dutch
    validations = wb["Leveranciers"].data_validations.dataValidation
    assert all(dv.formula1.startswith("=Lijsten!") for dv in validations)
    assert any("Kies een waarde uit de lijst" in (dv.error or "") for dv in validations)


def test_the_english_template_is_unchanged(tmp_path):
    with using("en"):
        wb = load_workbook(write_template(tmp_path / "t.xlsx"))
    assert wb.sheetnames == ["Instructions", "Suppliers", "Lists"]
    assert [c.value for c in wb["Suppliers"][1]] == KEYS
    assert wb["Instructions"]["A1"].value == "Supplier map for the forced-labour risk assessment"


@pytest.mark.parametrize("write_lang", ["en", "nl"])
@pytest.mark.parametrize("read_lang", ["en", "nl"])
def test_a_supplier_map_reads_back_the_same_in_either_language(sample_map, tmp_path, write_lang, read_lang):
    """A template filled in Dutch gives the same table (and so the same scores) as the same data in English."""
    with using(write_lang):
        path = write_supplier_map(sample_map.table, tmp_path / f"{write_lang}.xlsx")
    with using(read_lang):
        again = read_supplier_map(path)
    pd.testing.assert_frame_equal(again.table, sample_map.table)
    pd.testing.assert_frame_equal(hrdd.score_suppliers(again.table), hrdd.score_suppliers(sample_map.table))


def test_the_reader_accepts_dutch_headers_and_dutch_pick_list_labels(tmp_path):
    dutch = _csv(tmp_path, "leverancier,land,tier,goederen,wervingskanaal,auditbevindingen,herkomst_materiaal\n"
                           "A,BD,1,garments,lokaal bureau,kleine bevindingen,onbekend\n", "nl.csv")
    english = _csv(tmp_path, "supplier,country,tier,goods,recruitment_channel,audit_findings,material_origin\n"
                             "A,BD,1,garments,local agency,minor findings,unknown\n", "en.csv")
    pd.testing.assert_frame_equal(read_supplier_map(dutch).table, read_supplier_map(english).table)
    assert read_supplier_map(dutch).table.iloc[0]["recruitment_channel"] == "local agency"


def test_problems_are_reported_in_dutch_under_nl_and_in_english_otherwise(tmp_path):
    path = _csv(tmp_path, "supplier,country,tier,goods\nA,BD,1,garmnts\n")
    with using("nl"), pytest.raises(InputError) as nl:
        read_supplier_map(path)
    [p] = nl.value.problems
    assert (p.message, p.column) == ("onbekende goederennaam", "goederen")
    assert p.fix.startswith("bedoelt u 'garments'?")
    with using("en"), pytest.raises(InputError) as en:
        read_supplier_map(path)
    [p] = en.value.problems
    assert (p.message, p.column) == ("unknown goods name", "goods") and p.fix.startswith("did you mean 'garments'?")


def test_the_action_plan_is_exported_in_dutch_and_read_back_in_either_language(tmp_path):
    with using("nl"):
        scored = hrdd.score_suppliers(read_supplier_map(hrdd.sample_supplier_map()).table)
        plan = action_plan.propose_actions(scored, start=dt.date(2027, 1, 1))
        kpis = action_plan.kpi_set(scored, plan)
        path = action_plan.export_plan(plan, kpis, tmp_path / "actieplan.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:2] == ["Actieplan", "KPI’s"]
    header = [c.value for c in wb["Actieplan"][1]]
    assert header[:3] == ["prioriteit", "leverancier", "niveau"] and "status" in header
    assert wb["Actieplan"]["M2"].value == "gepland"
    with using("nl"):
        dutch_titles = {a["title"] for a in action_plan.library()}
    assert wb["Actieplan"]["H2"].value in dutch_titles  # the action's wording comes translated from the data
    for lang in ("nl", "en"):
        with using(lang):
            plan2, kpis2 = action_plan.load_plan(path)
        pd.testing.assert_frame_equal(plan.reset_index(drop=True), plan2, check_dtype=False)
        assert set(plan2["status"]) == {"planned"} and set(kpis2["direction"]) <= {"increase", "decrease"}


def test_the_dutch_plan_names_actions_and_owners_from_the_translated_library():
    with using("nl"):
        titles = {a["title"] for a in action_plan.library()}
        owners = {a["owner"] for a in action_plan.library()}
    assert "Betaal wervingskosten terug aan werknemers" in titles and "MVO-manager" in owners


def test_the_results_file_has_dutch_sheets_and_levels(sample_map, tmp_path):
    with using("nl"):
        path = risk.export_results(hrdd.score_suppliers(sample_map.table), tmp_path / "resultaten.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["Prioriteiten", "Oorzaken", "Heatmap"]
    header = [c.value for c in wb["Prioriteiten"][1]]
    levels = {row[header.index("niveau")] for row in wb["Prioriteiten"].iter_rows(min_row=2, values_only=True)}
    assert levels <= {"laag", "gemiddeld", "hoog", "zeer hoog"} and levels


def test_notebook_tables_show_dutch_columns_and_values_under_nl(sample_map):
    shown = hrdd.company_suppliers(quiet=True)
    with using("nl"):
        table = hrdd.priority_table(shown)
        assert list(table.columns)[:4] == ["prioriteit", "leverancier", "land", "goederen"]
        assert set(table["niveau"]) <= {"laag", "gemiddeld", "hoog", "zeer hoog"}
        assert shown.message().startswith(f"{shown.name} · {len(sample_map.table)} leveranciersregels")
        drivers = hrdd.case_drivers(shown, "fl2-mauritius-drivers")
        assert list(drivers.columns) == ["onderdeel", "punten", "max", "reden", "bron"]
        assert list(hrdd.steps_table().columns)[:2] == ["stap", "naam"]
    assert list(hrdd.priority_table(shown).columns) == hrdd.PRIORITY_COLUMNS  # English unchanged


def test_policy_outline_and_summary_in_dutch(tmp_path):
    with using("nl"):
        res = policy.check_policy(["ilo_definition"])
        text = policy.export_outline(res, tmp_path / "beleid.md", company="Noordzee").read_text(encoding="utf-8")
        assert res.summary().startswith("Beleidsscore ")
    assert text.startswith("# Noordzee: beleid inzake dwangarbeid (opzet)")
    assert text.count("[toevoegen]") == len(res.missing)
    assert "Gebruikt de definitie van dwangarbeid van de ILO" in text


def test_workbook_supplier_map_writes_the_template_in_the_language_of_lang(tmp_path, capsys):
    try:
        assert main(["supplier-map", str(tmp_path / "leveranciers.xlsx"), "--lang", "nl"]) == 0
        assert capsys.readouterr().out.startswith("Leverancierskaart opgeslagen in ")
    finally:
        set_language(None)  # --lang holds for the whole process
    assert load_workbook(tmp_path / "leveranciers.xlsx").sheetnames == ["Instructies", "Leveranciers", "Lijsten"]
    assert main(["supplier-map", str(tmp_path / "suppliers.xlsx")]) == 0
    assert capsys.readouterr().out.startswith("Supplier map written to ")
    assert load_workbook(tmp_path / "suppliers.xlsx").sheetnames == ["Instructions", "Suppliers", "Lists"]
    assert main(["supplier-map", str(tmp_path / "suppliers.xlsx")]) == 2  # never overwritten


def test_the_claim_checker_finds_misleading_claims_in_a_dutch_draft():
    """Every misleading-claim pattern has its Dutch translation: the Dutch draft is checked too."""
    shown = hrdd.company_suppliers(quiet=True)
    with using("nl"):
        draft = hrdd.example_draft(shown)
        findings = hrdd.review_claims(draft)
        more = hrdd.review_claims("Onze leveranciers hebben bevestigd dat er geen risico is. Er zijn geen klachten.")
    assert draft.startswith(f"De toeleveringsketen van {shown.name} is vrij van dwangarbeid.")
    assert [f.claim_id for f in findings] == [f.claim_id for f in hrdd.review_claims(hrdd.example_draft(shown))]
    assert findings[0].why.startswith("Een absolute claim")
    assert {f.claim_id for f in more} == {"M3", "M5", "M6"}
