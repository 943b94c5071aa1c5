"""``workbook flr-check``: the answer with its reasoning, and readable errors with exit status 2."""
from __future__ import annotations

import json

import pytest

from workbook.cli import main
from workbook.paths import data_dir

SAMPLES = data_dir() / "forced_labour" / "flr" / "scenarios"


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_sample_scenario_runs_and_prints_the_answer_with_articles(path, capsys):
    assert main(["flr-check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Answer:" in out and "Art. " in out and "What to do:" in out


def test_json_output_has_applies_steps_and_actions(capsys):
    assert main(["flr-check", str(SAMPLES / "sofa_export.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applies"] is True
    assert data["steps"] and all({"article", "reason"} <= set(s) for s in data["steps"])
    assert isinstance(data["actions"], list) and data["actions"]


def test_json_depends_is_the_string_depends(capsys):
    main(["flr-check", str(SAMPLES / "stock_before_2027.yaml"), "--json"])
    assert json.loads(capsys.readouterr().out)["applies"] == "depends"


def test_json_service_is_false(capsys):
    main(["flr-check", str(SAMPLES / "sourcing_service.yaml"), "--json"])
    assert json.loads(capsys.readouterr().out)["applies"] is False


def test_a_mistyped_key_exits_2_naming_it_and_the_closest_key(tmp_path, capsys):
    text = (SAMPLES / "free_tote_bags.yaml").read_text().replace("reached_end_user", "reached_enduser")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    assert main(["flr-check", str(bad), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    msgs = " ".join(p["message"] + " " + (p["fix"] or "") for p in data["problems"])
    assert "unknown key 'reached_enduser'" in msgs and "did you mean 'reached_end_user'?" in msgs
    assert "missing key 'reached_end_user'" in msgs
    assert bad.read_text() == text  # the input is never touched


def test_invalid_yaml_exits_2_with_the_line_and_no_traceback(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("description: x\nis_product: [true\n")
    assert main(["flr-check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "not valid YAML" in err and "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["flr-check", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_an_empty_file_lists_every_missing_key(tmp_path, capsys):
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    assert main(["flr-check", str(empty), "--json"]) == 2
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert len(problems) == 9


def test_json_has_the_verdict_key_from_the_contract(capsys):
    assert main(["flr-check", str(SAMPLES / "sofa_export.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "covered_no_evidence" and data["open_questions"] == []


def test_piping_flr_check_into_a_reader_that_closes_early_ends_quietly():
    """`workbook flr-check … | head -1`: when the reader has gone, the command stops without a
    BrokenPipeError traceback (exit status 141, as a shell reports a closed pipe)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.Popen([sys.executable, "-m", "workbook.cli", "flr-check", str(SAMPLES / "sofa_export.yaml")],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader goes away before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err
