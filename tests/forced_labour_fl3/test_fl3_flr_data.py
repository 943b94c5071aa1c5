"""The FLR facts: flags that must agree (quality and verified, article numbers seen in the text), the
key dates, and a bad row failing with its file and line. (Every FLR file passing its declared check,
with a source on every row, is tests/test_data_files.py.)"""
from __future__ import annotations

import shutil

import pytest

from workbook.errors import ContentError
from workbook.forced_labour.deep_dives import facts as deep_dives
from workbook.forced_labour.flr import facts as flr_data
from workbook.forced_labour.flr.facts import load_table
from workbook.paths import data_dir

SCHEMAS = flr_data.schemas()

# Article numbers seen in a primary copy of the Regulation (course references flr.md §10,
# plus Art. 14 and the cross-reference to Art. 7(1) read in a copy of the text).
PRIMARY_ARTICLES = {"1(1)", "1(2)", "1(3)", "2(1)-(6)", "2(1)", "2(2)", "2(3)", "2(4)", "2(5)",
                    "2(6)", "3", "7(1)", "11", "14", "14(2)(a)", "14(2)(b)", "14(2)(c)", "38(1)",
                    "39", "ILO C29 Art. 2(1)"}


def test_the_flr_files_are_read_by_their_name_in_the_folder():
    assert "timeline.csv" in SCHEMAS and not any("/" in n for n in SCHEMAS)
    assert load_table("flr/timeline.csv") == load_table("timeline.csv")  # the older spelling still reads


@pytest.mark.parametrize("name", sorted(n for n, cols in SCHEMAS.items()
                                        if any(c.name == "quality" for c in cols)))
def test_unverified_quality_is_never_marked_verified(name):
    for r in load_table(name):
        if r["quality"] == "U":
            assert r["verified"] is False, f"{name}: {r} is U but verified"


@pytest.mark.parametrize("name", ["migrant_cases.csv", "corridors.csv", "fair_recruitment.csv", "state_imposed.csv"])
def test_unverified_deep_dive_facts_are_never_marked_verified(name):
    rows = deep_dives.load_table(name)
    assert rows and all(r["verified"] is False for r in rows if r["quality"] == "U")


@pytest.mark.parametrize("name", sorted(n for n, cols in SCHEMAS.items()
                                        if any(c.name == "article_verified" for c in cols)))
def test_an_article_number_is_only_confirmed_when_seen_in_the_text(name):
    for r in load_table(name):
        if r["article_verified"]:
            parts = {p.strip() for p in r["article"].split(";")}
            assert parts <= PRIMARY_ARTICLES, f"{name}: article {r['article']} marked verified"


def test_no_deadline_is_taught_as_confirmed():
    """All day counts are UNVERIFIED in the references: none may be marked verified."""
    rows = load_table("flr/deadlines.csv")
    assert rows and all(r["verified"] is False for r in rows)
    assert {r["candidate"] for r in rows} == {"A", "B"}


def test_key_dates_come_from_the_timeline():
    t = flr_data.by_id("flr/timeline.csv")
    assert flr_data.application_date().isoformat() == "2027-12-14"
    assert t["entry_into_force"]["date"].isoformat() == "2024-12-13"
    assert t["review"]["article"] == "38(1)"


def test_the_dutch_authority_fact_carries_the_date_of_the_information():
    nl = flr_data.by_id("flr/netherlands.csv")
    assert nl["nl_authority"]["verified"] is False
    assert "2026-11-25" in nl["nl_authority"]["info_date_note"]
    assert nl["nl_ministry"]["info_date"].isoformat() == "2022-10-25"


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    shutil.copytree(data_dir() / "forced_labour", tmp_path / "forced_labour")
    monkeypatch.setenv("WORKBOOK_DATA", str(tmp_path))
    return tmp_path / "forced_labour"


def test_a_row_with_a_bad_boolean_fails_with_file_and_line(data_copy):
    p = data_copy / "flr" / "criteria.csv"
    lines = p.read_text().splitlines()
    lines[2] = lines[2].replace(",true,P,true,", ",yes,P,true,", 1)
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError, match=r"flr/criteria.csv: line 3, column 'article_verified': must be true or false"):
        load_table("flr/criteria.csv")


def test_a_row_without_a_source_fails(data_copy):
    p = data_copy / "flr" / "penalties.csv"
    lines = p.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ","
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(ContentError, match=r"line 2, column 'source': a value is required"):
        load_table("flr/penalties.csv")


def test_an_unknown_quality_flag_fails_naming_the_allowed_values(data_copy):
    p = data_copy / "flr" / "timeline.csv"
    p.write_text(p.read_text().replace(",P,true,", ",X,true,", 1))
    with pytest.raises(ContentError, match=r"use one of P, S, W, U"):
        load_table("flr/timeline.csv")


def test_a_renamed_column_fails_on_line_1(data_copy):
    p = data_copy / "flr" / "actors.csv"
    p.write_text(p.read_text().replace("actor,role", "actor,rol", 1))
    with pytest.raises(ContentError, match=r"line 1: columns are"):
        load_table("flr/actors.csv")
