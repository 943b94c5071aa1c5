"""The FLR notebooks show what they teach: run in solution mode, their outputs carry the facts and flags."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ["03_flr_getting_ready.ipynb", "04_deep_dives.ipynb"]


def _run(name: str, tmp_path: Path, solution_mode: bool, monkeypatch) -> str:
    pm = pytest.importorskip("papermill")
    monkeypatch.setenv("WORKBOOK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    out = tmp_path / name
    pm.execute_notebook(str(ROOT / "notebooks" / "forced_labour" / name), str(out),
                        parameters={"solution_mode": solution_mode}, progress_bar=False,
                        cwd=str(ROOT / "notebooks" / "forced_labour"), execution_timeout=120)
    nb = nbformat.read(out, as_version=4)
    texts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o.get("output_type") != "error", o
            data = o.get("data", {})
            texts.append(str(data.get("text/html", "")) + str(data.get("text/plain", "")) + str(o.get("text", "")))
            if "image/png" in data:
                texts.append("<PNG>")
    return "\n".join(texts)


def test_flr_notebook_in_solution_mode_shows_facts_flags_chart_and_cases(tmp_path, monkeypatch):
    shown = _run("03_flr_getting_ready.ipynb", tmp_path, True, monkeypatch)
    assert "UNCONFIRMED" in shown  # unverified facts are flagged to the participant
    assert "2027-12-14" in shown or "14 Dec 2027" in shown
    assert "wb-flr-cases" in shown  # the scenario cases with their answers
    assert shown.count("<PNG>") >= 2  # the key-dates chart and the investigation timeline
    assert "Uyghur Forced Labor Prevention Act" in shown


def test_deep_dive_notebook_in_solution_mode_shows_the_three_deep_dives(tmp_path, monkeypatch):
    shown = _run("04_deep_dives.ipynb", tmp_path, True, monkeypatch)
    for text in ("Sumangali", "Syrians", "Mauritius", "Xinjiang", "Key point"):
        assert text in shown, text


def test_flr_notebook_runs_for_a_participant(tmp_path, monkeypatch):
    shown = _run("03_flr_getting_ready.ipynb", tmp_path, False, monkeypatch)
    assert "application/vnd.jupyter.widget-view+json" not in shown  # sanity: we read text outputs
    assert shown  # widgets and tables were displayed
