"""The due-diligence facts read through the folder's declarations, and a bad row or item fails with
file and line. (Every hrdd file passing its declared check is tests/test_data_files.py.)"""
import shutil

import pytest

from workbook.errors import ContentError
from workbook.forced_labour.hrdd import facts as hrdd_data


def test_every_file_of_the_folder_is_declared_and_reads():
    assert len(hrdd_data.all_files()) == 16
    for name in hrdd_data.all_files():
        rows = hrdd_data.read_csv(name) if name.endswith(".csv") else hrdd_data.read_yaml(name)
        assert rows


def test_country_data_carries_edition_years():
    for r in hrdd_data.table("country_risk.csv"):
        assert r["gsi_edition"] == 2023
        assert (r["tip_tier"] is None) == (r["tip_edition"] is None)


def test_unverified_wording_is_flagged_for_the_oecd_step_names_and_the_severity_criteria():
    assert all(s["verified"] is False for s in hrdd_data.document("oecd_steps.yaml")["steps"])
    assert hrdd_data.scoring()["severity"]["verified"] is False


def _copy(tmp_path):
    folder = tmp_path / "hrdd"
    shutil.copytree(hrdd_data.hrdd_dir(), folder)
    return folder


def test_a_bad_value_names_the_file_line_and_column(tmp_path):
    folder = _copy(tmp_path)
    p = folder / "country_risk.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",T2,2025,", ",Tier two,2025,", 1)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"country_risk.csv: line 4, column 'tip_tier'"):
        hrdd_data.read_csv("country_risk.csv", folder)


def test_a_row_without_source_is_rejected(tmp_path):
    folder = _copy(tmp_path)
    p = folder / "process_risk.csv"
    import csv

    with open(p, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0]["source"] = ""
    with open(p, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ContentError, match="line 2"):
        hrdd_data.read_csv("process_risk.csv", folder)


def test_a_goods_list_entry_must_use_a_known_good(tmp_path):
    folder = _copy(tmp_path)
    p = folder / "goods_list.csv"
    text = p.read_text(encoding="utf-8").replace("CN,cotton,cotton,", "CN,cottn,cotton,", 1)
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match=r"'cottn' is not in goods.csv"):
        hrdd_data.read_csv("goods_list.csv", folder)


def test_action_library_types_are_checked(tmp_path):
    folder = _copy(tmp_path)
    p = folder / "action_library.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("type: remediate", "type: repair", 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"action_library.yaml: line \d+, actions item 'A\d+': field 'type' is "
                                           r"'repair'; allowed: prevent, mitigate"):
        hrdd_data.read_yaml("action_library.yaml", folder)


def test_an_action_names_a_kpi_of_the_kpi_library(tmp_path):
    folder = _copy(tmp_path)
    p = folder / "action_library.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("kpi_id: K3", "kpi_id: K99", 1), encoding="utf-8")
    with pytest.raises(ContentError, match=r"field 'kpi_id' refers to unknown kpi_id id 'K99'. Fix: use an id from "
                                           r"kpi_library.csv column 'kpi_id'"):
        hrdd_data.read_yaml("action_library.yaml", folder)
