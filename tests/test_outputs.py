"""Never overwrite: every command that writes refuses an existing file unless --force, and always
refuses the input, the progress file, a file in WORKBOOK_HOME the workbook did not write,
anything that is not a regular file, and (build) anything outside notebooks/ and solutions/."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.errors import InputError, WorkbookError
from workbook.outputs import json_text, output_path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data/companies/noordzee-apparel/footprint.xlsx"
SUPPLIERS = ROOT / "data/companies/noordzee-apparel/supplier_map.xlsx"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


COHORT = ROOT  # a folder of participants' homes, made by the fixture below


@pytest.fixture(autouse=True)
def cohort_source(tmp_path_factory):
    """One participant's progress file for ``workbook cohort`` to read."""
    global COHORT
    home = tmp_path_factory.mktemp("cohort") / "participant"
    home.mkdir()
    (home / "progress.json").write_text(json.dumps({"format": 1, "data": {}, "answers": {
        "c1.a.1": {"attempts": 1, "correct": True, "value": "x"}}}), encoding="utf-8")
    COHORT = home.parent


def commands(out: Path) -> dict[str, list[str]]:
    """Every command that writes a file, writing to ``out``."""
    return {
        "template": ["template", str(out)],
        "footprint": ["footprint", str(TEMPLATE), "--out", str(out)],
        "targets": ["targets", str(TEMPLATE), "--target-year", "2030", "--submitted", "2026-H2", "--out", str(out)],
        "risk": ["risk", str(SUPPLIERS), "--out", str(out)],
        "progress": ["progress", "--export", str(out)],
        "cohort": ["cohort", str(COHORT), "--out", str(out)],
    }


COMMANDS = sorted(commands(Path("x")))


@pytest.mark.parametrize("command", COMMANDS)
def test_an_existing_file_is_refused_and_kept(tmp_path, capsys, command):
    out = tmp_path / "mine.xlsx"
    out.write_bytes(b"the participant's own work")
    assert main(commands(out)[command]) == 2
    assert out.read_bytes() == b"the participant's own work"
    assert "the file already exists" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_force_replaces_an_existing_file(tmp_path, command):
    out = tmp_path / "old.xlsx"
    out.write_bytes(b"old results")
    assert main(commands(out)[command] + ["--force"]) == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_or_a_folder_is_never_written_even_with_force(tmp_path, command):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    for target in (Path(os.devnull), folder):
        assert main(commands(target)[command] + ["--force"]) == 2
    assert Path(os.devnull).is_char_device() and folder.is_dir() and not any(folder.iterdir())


@pytest.mark.parametrize("command", COMMANDS)
def test_the_progress_file_is_never_written_even_with_force(home, command, capsys):
    main(["progress"])  # nothing saved yet: make one answer
    from workbook.course.progress import ProgressStore

    ProgressStore(home).record("c1.a.1", "an answer")
    before = digest(home / "progress.json")
    assert main(commands(home / "progress.json")[command] + ["--force"]) == 2
    assert digest(home / "progress.json") == before
    assert "progress file" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_in_workbook_home_the_workbook_did_not_write_is_never_replaced(home, command):
    theirs = home / "notes.xlsx"
    theirs.write_bytes(b"not ours")
    assert main(commands(theirs)[command] + ["--force"]) == 2
    assert theirs.read_bytes() == b"not ours"


def test_files_in_the_exports_folder_may_be_replaced_with_force(home):
    out = home / "exports" / "answers.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"an earlier export")
    assert main(["progress", "--export", str(out)]) == 2
    assert main(["progress", "--export", str(out), "--force"]) == 0


@pytest.mark.parametrize("command", ["footprint", "targets", "risk"])
def test_the_input_is_never_the_output_even_with_force(tmp_path, command):
    src = tmp_path / ("in.xlsx")
    src.write_bytes((SUPPLIERS if command == "risk" else TEMPLATE).read_bytes())
    argv = commands(src)[command]
    argv[1] = str(src)
    before = digest(src)
    assert main(argv + ["--force"]) == 2
    assert digest(src) == before


def test_targets_never_writes_over_its_lever_file(tmp_path):
    levers = tmp_path / "L.csv"
    levers.write_text("lever,adoption\nrenewable_electricity_own,0.5\n", encoding="utf-8")
    before = digest(levers)
    assert main(["targets", str(TEMPLATE), "--target-year", "2030", "--levers", str(levers),
                 "--out", str(levers), "--force"]) == 2
    assert digest(levers) == before


def test_the_template_command_keeps_its_recorded_message(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"x")
    assert main(["template", str(out)]) == 2
    assert capsys.readouterr().err.endswith("the file already exists. Fix: choose a new file name; "
                                            "existing files are never overwritten\n")


def test_build_refuses_a_notebook_outside_notebooks(tmp_path, capsys):
    outside = ROOT.parent / "x.ipynb"
    for arg in ("../x.ipynb", str(outside), "notebooks/../../x.ipynb", "/etc/passwd"):
        assert main(["build", arg]) == 2
    assert "only notebooks inside notebooks/" in capsys.readouterr().err
    assert not outside.exists()


def test_a_solution_is_never_written_outside_solutions(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "escape").symlink_to(tmp_path)
    with pytest.raises(InputError, match="outside solutions/"):
        output_path(solutions / "escape" / "x.ipynb", force=True, within=solutions)
    assert output_path(solutions / "climate" / "x.ipynb", force=True, within=solutions)


def test_notebook_writers_pick_a_free_name_instead_of_replacing(tmp_path):
    """A template written twice from a notebook: the first (perhaps filled in) stays."""
    from workbook.climate.footprint.template import write_template
    from workbook.forced_labour.hrdd.supplier_map import write_template as supplier_template

    first = write_template(tmp_path / "t.xlsx")
    first.write_bytes(b"filled in")
    second = write_template(tmp_path / "t.xlsx")
    assert second.name == "t (2).xlsx" and first.read_bytes() == b"filled in"
    assert supplier_template(tmp_path / "s.xlsx").name == "s.xlsx"
    assert supplier_template(tmp_path / "s.xlsx").name == "s (2).xlsx"


def test_lines_beyond_excels_row_limit_go_to_a_csv_beside_the_workbook(tmp_path, monkeypatch):
    import python_calamine

    import workbook.climate.footprint.results as results
    from workbook.climate.footprint.load import load_footprint

    monkeypatch.setattr(results, "MAX_DATA_ROWS", 5)
    inv = load_footprint(TEMPLATE)
    out = results.write_results(inv, tmp_path / "r.xlsx")
    lines = tmp_path / "r_lines.csv"
    assert lines.is_file() and len(lines.read_text(encoding="utf-8").splitlines()) == len(inv.lines) + 1
    sheet = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Lines").to_python()
    assert "r_lines.csv" in sheet[0][0]


def test_streamed_results_hold_every_line(tmp_path):
    import python_calamine

    from workbook.climate.footprint.load import load_footprint
    from workbook.climate.footprint.results import LINE_COLUMNS_OUT, write_results

    inv = load_footprint(TEMPLATE)
    out = write_results(inv, tmp_path / "r.xlsx")
    rows = python_calamine.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Lines").to_python()
    assert rows[0] == LINE_COLUMNS_OUT and len(rows) == len(inv.lines) + 1
    assert sum(r[LINE_COLUMNS_OUT.index("kg_co2e")] for r in rows[1:]) == pytest.approx(inv.lines["kg_co2e"].sum())


def test_json_never_holds_nan():
    assert json.loads(json_text({"a": 1.5})) == {"a": 1.5}
    with pytest.raises(WorkbookError, match="not a finite number"):
        json_text({"total": float("inf")})


@pytest.mark.parametrize("argv", [["factors"], ["factors", "--json"], ["risk", str(SUPPLIERS), "--json"]])
def test_no_traceback_when_the_output_is_piped_into_head(argv):
    cmd = [sys.executable, "-m", "workbook.cli", *argv]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err
