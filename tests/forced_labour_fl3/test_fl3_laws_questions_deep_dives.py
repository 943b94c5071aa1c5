"""Laws outside the EU, the expert-question list, and the deep-dive content."""
from __future__ import annotations

import math

import pytest
from openpyxl import load_workbook

from workbook.errors import InputError
from workbook.forced_labour.deep_dives import content as dd
from workbook.forced_labour.flr import laws, questions
from workbook.forced_labour.flr.applicability import load_cases


def test_the_comparison_covers_the_laws_the_course_promises():
    ids = {r["id"] for r in laws.laws()}
    assert {"us_307", "us_uflpa", "uk_msa", "ca_s211", "au_msa", "de_lksg", "eu_csddd", "eu_flr"} <= ids


def test_every_law_row_has_scope_obligation_enforcement_dates_source_and_date_checked():
    for r in laws.comparison():
        for k in ("scope", "obligation", "enforcement", "key_dates", "source", "checked"):
            assert r[k], (r["law"], k)


def test_an_unknown_law_id_is_an_input_error():
    with pytest.raises(InputError):
        laws.comparison(["us_307", "mars"])


def test_the_seed_list_is_used_only_the_first_time():
    seed = questions.start_list(None)
    assert len(seed) >= 8 and all(q["source"] == "seed" for q in seed)
    mine = questions.add_question(seed, "Who do we call at Douane about a detained shipment?")
    assert questions.start_list(mine) == mine


def test_adding_a_question_returns_a_new_list_and_rejects_short_or_duplicate_text():
    seed = questions.seed_questions()
    new = questions.add_question(seed, "Does the FLR cover packaging materials?", "Scope")
    assert len(new) == len(seed) + 1 and len(seed) == len(questions.seed_questions())
    with pytest.raises(InputError):
        questions.add_question(new, "short")
    with pytest.raises(InputError):
        questions.add_question(new, "does the FLR cover packaging materials?")


def test_removing_a_question(tmp_path):
    qs = questions.add_question([], "Does the FLR cover packaging materials?")
    assert questions.remove_question(qs, "my-1") == []
    with pytest.raises(InputError):
        questions.remove_question(qs, "my-9")


def test_questions_export_to_excel(tmp_path):
    out = questions.export_excel(questions.seed_questions(), tmp_path / "q.xlsx")
    ws = load_workbook(out)["Questions"]
    assert ws.max_row == len(questions.seed_questions()) + 1


def test_each_deep_dive_country_has_sourced_cases():
    for country in dd.CASE_COUNTRIES:
        rows = dd.migrant_cases(country)
        assert rows and all(r["source"] for r in rows)
    with pytest.raises(InputError):
        dd.migrant_cases("Atlantis")


def test_corridors_refer_to_existing_cases():
    case_ids = {r["id"] for r in dd.migrant_cases()}
    for c in dd.corridors():
        assert {i.strip() for i in c["case_ids"].split(";")} <= case_ids


def test_state_imposed_rows_say_what_they_mean_for_tracing():
    rows = dd.state_imposed("China")
    assert rows and all(r["tracing_implication"] for r in rows)


def test_repayment_without_interest_is_debt_over_payment():
    assert dd.months_to_repay(1800, 300, 0.5) == pytest.approx(12.0)


def test_repayment_with_interest_takes_longer_and_can_never_end():
    assert dd.months_to_repay(1800, 300, 0.5, 0.02) > 12.0
    assert dd.months_to_repay(1800, 300, 0.1, 0.05) == math.inf


def test_bad_repayment_inputs_are_named():
    with pytest.raises(InputError) as e:
        dd.months_to_repay(-1, 300, 1.5)
    assert {p.column for p in e.value.problems} == {"debt", "share_for_debt"}


def test_webinar_scenarios_exist_and_the_agenda_adds_up():
    case_ids = {c["id"] for c in load_cases()}
    agenda = dd.webinar_agenda()
    for seg in agenda:
        assert set(seg["scenarios"]) <= case_ids
    assert agenda[-1]["start_minute"] + agenda[-1]["minutes"] == sum(s["minutes"] for s in agenda)


def test_the_eudr_row_says_only_the_first_placer_files_a_due_diligence_statement():
    """Since Regulation (EU) 2025/2650 only the operator who first places the product on the market
    files a due-diligence statement; downstream operators and traders no longer do."""
    import csv

    from workbook.paths import data_dir

    with open(data_dir() / "forced_labour" / "flr" / "laws.csv", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == "eu_eudr")
    assert "first places" in row["obligation"] and "no longer" in row["obligation"]
    assert "2025/2650" in row["source"] and "Bird & Bird" in row["source"]


def test_the_climate_notebook_states_the_csrd_thresholds_of_omnibus_i_with_its_source():
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    nb = json.loads((root / "notebooks" / "climate" / "01_ghg_accounting.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert "is being revised" not in text
    assert "(EU) 2026/470" in text and "1,000 employees" in text and "450 million" in text
