"""What the course session says fits the front end it is read in: JupyterLab (run the cells)
or Voilà (everything has run, the code is hidden)."""
from __future__ import annotations

import pytest

import workbook
from workbook.display import VOILA_ENV, outputs_of


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    yield InteractiveShell.instance()
    InteractiveShell.clear_instance()


@pytest.fixture(params=["lab", "voila"])
def front_end(request, monkeypatch):
    for name in VOILA_ENV:
        monkeypatch.delenv(name, raising=False)
    if request.param == "voila":
        monkeypatch.setenv("VOILA_KERNEL_ID", "test-kernel")
    return request.param


def html_of(outputs) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in outputs)


def test_the_first_line_says_how_to_run_the_notebook_here(shell, home, front_end):
    html = html_of(outputs_of(lambda: workbook.start() and None))
    if front_end == "lab":
        assert "Run › Run All Cells" in html and "Shift+Enter" in html
    else:
        assert "already run" in html and "Shift+Enter" not in html and "Run All" not in html
    assert "saved automatically" in html and "white-space: normal" in html, "the layout CSS comes with it"


def test_an_untouched_code_exercise_says_what_to_do_here(shell, home, front_end):
    course = workbook.start()
    html = html_of(outputs_of(lambda: course.check("start-code-gas", None) and None))
    if front_end == "lab":
        assert "then run it" in html
    else:
        assert "open this notebook in JupyterLab" in html and "run it" not in html


def test_the_code_exercise_card_says_what_to_do_here(home, front_end):
    """In Voilà the code cell is hidden: the card says where to write code and offers no Check."""
    card = workbook.start(solution_mode=False).widget("start-code-gas")
    text = card.inputs.value
    assert ("JupyterLab" in text) == (front_end == "voila") and ("cell below" in text) == (front_end == "lab")
    assert (card.check_button.layout.display == "none") == (front_end == "voila")


def test_the_homework_file_can_be_written_again_with_later_answers(shell, home):
    """In Voilà the export cell has run when the page opened: "Export again" adds later answers."""
    from ipywidgets.widgets.widget import _instances
    from openpyxl import load_workbook

    course = workbook.start()
    paths = []
    (shown,) = outputs_of(lambda: paths.append(course.export()))
    box = _instances[shown["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]]
    link, again = box.children
    assert paths[0].exists() and "Download workbook-answers.xlsx" in link.value
    course.widget("start-electricity-scope").radio.value = "Scope 2"
    again.click()
    newest = max(paths[0].parent.glob("*.xlsx"), key=lambda f: f.stat().st_mtime_ns)
    assert f"Download {newest.name}" in link.value, "the link offers the file just written"
    cells = [str(c.value) for ws in load_workbook(newest) for row in ws.iter_rows() for c in row]
    assert "Scope 2" in cells
