"""fl1 content: every file matches its schema, every reference exists, every fact has a source."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from workbook.errors import ContentError
from workbook.forced_labour.essentials import content as essentials
from workbook.forced_labour.essentials.content import content_dir, files, load


@pytest.fixture(scope="module")
def content():
    return load()


@pytest.fixture
def copy_of_content(tmp_path):
    """A writable copy of the content folder, to break on purpose."""
    target = tmp_path / "forced_labour" / "essentials"
    shutil.copytree(content_dir(), target)
    essentials._load.cache_clear()
    yield tmp_path, target
    essentials._load.cache_clear()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_content_loads_and_passes_every_check(content):
    assert set(content.files) == set(files()) and len(content.files) == 9


def test_the_ilo_list_has_eleven_indicators_in_order(content):
    assert [i["number"] for i in content.indicators] == list(range(1, 12))
    assert content.indicators[0]["name"] == "Abuse of vulnerability"
    assert content.indicators[-1]["name"] == "Excessive overtime"


def test_indicator_explanations_are_flagged_unverified_as_the_reference_requires(content):
    # forced_labour.md U1: the one-line meanings are a paraphrase, not read from the booklet.
    assert all(i["explanation_verified"] is False for i in content.indicators)


def test_the_library_has_at_least_fifteen_scenarios_across_the_sectors(content):
    assert len(content.scenarios) >= 15
    assert {s["chain"] for s in content.scenarios} >= {"clothing", "footwear", "furniture"}
    assert {s["classification"] for s in content.scenarios} == {
        "forced_labour", "trafficking", "child_labour", "labour_rights_violation"}


def test_every_scenario_names_only_indicators_and_red_flags_that_exist(content):
    indicators = {i["id"] for i in content.indicators}
    flags = {r["id"] for r in content.red_flags}
    for s in content.scenarios:
        assert set(s["indicators"]) <= indicators, s["id"]
        assert set(s["red_flags"]) <= flags, s["id"]
        assert s["next_steps"] and s["not_to_do"], s["id"]


def test_every_indicator_is_exercised_by_at_least_one_scenario(content):
    matrix = essentials.scenario_matrix(content)
    assert (matrix.sum() > 0).all(), matrix.sum()[matrix.sum() == 0]


def test_forced_labour_scenarios_carry_at_least_one_indicator(content):
    for s in content.scenarios:
        if s["classification"] in ("forced_labour", "trafficking"):
            assert s["indicators"], s["id"]


def _facts(value, path="root"):
    """Every mapping that states something (has text, a value, or a fact) with its path."""
    if isinstance(value, dict):
        if "id" in value:
            yield path, value
        for k, v in value.items():
            yield from _facts(v, f"{path}.{k}")
    elif isinstance(value, list):
        for n, v in enumerate(value):
            yield from _facts(v, f"{path}[{n}]")


EXEMPT = {("scenarios.yaml", "severity_levels")}  # the course's own scale, defined not cited


@pytest.mark.parametrize("name", files())
def test_every_fact_row_has_a_non_empty_source(content, name):
    for path, item in _facts(content.files[name]):
        if any(f".{key}[" in path for (file, key) in EXEMPT if file == name):
            continue
        assert isinstance(item.get("source"), str) and item["source"].strip(), f"{name} {path} ({item['id']})"


def test_indicator_examples_have_a_source_and_say_whether_documented(content):
    for i in content.indicators:
        for ex in i["examples"]:
            assert ex["source"].strip() and ex["basis"] in ("documented", "illustrative"), i["id"]


def test_vulnerable_groups_name_existing_root_causes(content):
    causes = {c["id"] for c in content.section("vulnerability.yaml", "root_causes")}
    for g in content.section("vulnerability.yaml", "vulnerable_groups"):
        assert set(g["drivers"]) <= causes, g["id"]


def test_no_unverified_claim_from_the_reference_slipped_in(content):
    """Claims the reference marks UNVERIFIED must not appear as facts (U7, U13, U16, U18, U2)."""
    import json

    text = json.dumps(content.files, ensure_ascii=False)  # the data, without the files' comments
    for claim in ("20.9%", "5.8 m", "~90%", "90% of China", "23-25%", "sexual harassment and sexual and gender"):
        assert claim not in text, claim


def test_numbers_match_the_reference_editions(content):
    est = content.by_id("where_it_occurs.yaml", "global_estimates")
    assert est["gems_forced_labour_total"]["value"] == 27.6
    assert est["gems_state_imposed"]["value"] == 3.9
    assert est["gems_state_imposed_share"]["value"] == 14
    assert est["profits_private_fl"]["value"] == 236
    sectors = {s["id"]: s["value"] for s in content.section("where_it_occurs.yaml", "sectors")}
    assert sectors == {"industry": 6.3, "services": 5.5, "agriculture": 2.1, "domestic_work": 1.4, "other": 1.9}
    # the published sector figures are rounded: they add up to 17.2 of the 17.3 million
    assert abs(sum(sectors.values()) - est["gems_private_exploitation"]["value"]) <= 0.15


# ------------------------------------------------------------------ bad content fails clearly
def test_an_unknown_indicator_in_a_scenario_names_file_line_and_scenario(copy_of_content):
    base, folder = copy_of_content
    _edit(folder / "scenarios.yaml", "indicators: [excessive_overtime]\n", "indicators: [excessive_overtme]\n")
    with pytest.raises(ContentError) as err:
        load(base)
    msg = str(err.value)
    assert "scenarios.yaml" in msg and "sc07_overtime_voluntary" in msg and "excessive_overtme" in msg
    assert "line " in msg


def test_a_missing_source_names_the_item(copy_of_content):
    base, folder = copy_of_content
    path = folder / "good_practices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["practices"][0]["source"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load(base)
    assert "good_practices.yaml" in str(err.value) and "gp_fee_repayment" in str(err.value)
    assert "'source' is missing" in str(err.value)


def test_a_severity_outside_the_scale_is_rejected(copy_of_content):
    base, folder = copy_of_content
    _edit(folder / "scenarios.yaml", "severity: medium\n", "severity: extreme\n")
    with pytest.raises(ContentError, match="extreme"):
        load(base)


def test_a_twelfth_indicator_is_rejected(copy_of_content):
    base, folder = copy_of_content
    _edit(folder / "indicators.yaml", "    number: 11\n", "    number: 12\n")
    with pytest.raises(ContentError, match="11 indicators"):
        load(base)


def test_a_question_flagging_an_impossible_answer_is_rejected(copy_of_content):
    base, folder = copy_of_content
    _edit(folder / "supplier_questionnaire.yaml", 'flag_when: {equals: "Yes"}\n    red_flag: rf_fees_paid_by_workers',
          'flag_when: {equals: "Yes!"}\n    red_flag: rf_fees_paid_by_workers')
    with pytest.raises(ContentError, match="q05_workers_paid_fees"):
        load(base)


def test_broken_yaml_names_the_file_and_line(copy_of_content):
    base, folder = copy_of_content
    _edit(folder / "definitions.yaml", "    group: core\n", "    group: [core\n")
    with pytest.raises(ContentError, match=r"definitions.yaml.*line \d+"):
        load(base)


def test_an_unknown_scenario_id_lists_the_known_ones(content):
    with pytest.raises(ContentError, match="sc01_mauritius_fees"):
        essentials.scenario("sc99", content)
