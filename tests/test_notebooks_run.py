"""Every course notebook runs top to bottom in participant mode, in a fresh kernel with no
network, and shows each exercise as a widget; solutions/ is up to date."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from notebook_runner import offline_kernel_env  # noqa: E402  (tests/ is on sys.path via conftest)
from workbook.course.build import build, build_one, course_notebooks, run_notebook
from workbook.exercises import load_bank

pytestmark = pytest.mark.notebooks
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = course_notebooks()
SHOW = re.compile(r"""course\.show\(\s*["']([a-z0-9.-]+)["']\s*\)""")


# A Python repr where a participant reads a value: np.int64(4), datetime.date(2027, 12, 14), ...
REPR = re.compile(r"\b(?:np|numpy)\.\w+\(|\bdatetime\.(?:date|datetime)\(|\bTimestamp\(|\bDecimal\(")


def run_participant(rel: Path, tmp_path: Path):
    with offline_kernel_env(tmp_path):
        return run_notebook(rel, load_bank(), tmp_path / "home", solution_mode=False)


@pytest.mark.parametrize("rel", NOTEBOOKS, ids=str)
def test_notebook_runs_in_participant_mode_offline_and_shows_widgets(rel, tmp_path, monkeypatch):
    """...and no cell writes into an output area by capturing its own messages while it runs: the
    executor (as in Voilà) would then write to the kernel while waiting for the cell's reply, which
    can lose the reply and hang the page. No output shows a Python repr."""
    from nbclient import NotebookClient

    captured, register = [], NotebookClient.register_output_hook
    monkeypatch.setattr(NotebookClient, "register_output_hook",
                        lambda self, msg_id, hook: (captured.append(msg_id), register(self, msg_id, hook))[1])
    nb = run_participant(rel, tmp_path)
    assert captured == [], f"{rel}: cells captured output into an Output widget {len(captured)} time(s) while running"
    for n, cell in enumerate(nb.cells, 1):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{rel}: cell {n}: {out.get('ename')}: {out.get('evalue')}"
            text = "".join(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
            assert "Traceback" not in text, f"{rel}: cell {n} printed a traceback"
            data = out.get("data", {})
            shown = "".join(out.get("text", "")) + str(  # a widget's text/plain is never shown
                data.get("text/html") or ("" if "application/vnd.jupyter.widget-view+json" in data
                                          else data.get("text/plain", "")))
            assert not REPR.search(shown), f"{rel}: cell {n} shows a Python repr: {REPR.search(shown).group()}"
        if cell.cell_type == "code" and SHOW.search(cell.source):
            kinds = [m for out in cell.outputs for m in out.get("data", {})]
            assert "application/vnd.jupyter.widget-view+json" in kinds or "text/html" in kinds, \
                f"{rel}: cell {n} showed no exercise"


def test_the_network_is_really_blocked_in_test_kernels(tmp_path):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("solution_mode = False", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell("import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), 1)\n"
                                          "    print('connected')\nexcept OSError as e:\n    print('blocked:', e)")]
    nbformat.write(nb, nbdir / "net.ipynb")
    with offline_kernel_env(tmp_path):
        data = build_one(Path("net.ipynb"), {}, tmp_path / "home", solution_mode=False, notebooks_root=nbdir)
    assert "blocked: network access is blocked" in data.decode()


def test_solutions_are_up_to_date():
    """`workbook build --check`: every solution notebook equals a fresh build, byte for byte."""
    outcomes = build(check=True, jobs=2, progress=False)
    stale = [f"{o.notebook}: {o.status} {o.message}" for o in outcomes if o.status != "unchanged"]
    assert stale == [], "run `make solutions` and commit solutions/"
