"""workbook.display: what a view shows is put into an output area through the area's state,
tables keep a dollar sign as text, and texts can follow the front end they are read in."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from workbook import display

PACKAGE = Path(__file__).resolve().parents[1] / "workbook"


@pytest.fixture
def shell():
    """An IPython shell, as in a kernel: display() publishes rich outputs instead of printing."""
    from IPython.core.interactiveshell import InteractiveShell

    yield InteractiveShell.instance()
    InteractiveShell.clear_instance()


def draw_three_things():
    print("first line")
    display.show_html("<b>second</b>")
    print("third line")
    return "fourth"


def test_outputs_of_keeps_what_a_view_prints_and_displays_in_order(shell):
    outputs = display.outputs_of(draw_three_things)
    assert [o["output_type"] for o in outputs] == ["stream", "display_data", "stream", "display_data"]
    assert outputs[0]["text"] == "first line\n" and outputs[2]["text"] == "third line\n"
    assert outputs[1]["data"]["text/html"] == "<b>second</b>"
    assert outputs[3]["data"]["text/plain"] == "'fourth'", "the returned value is shown, as in a cell"


def test_outputs_of_gives_images_as_text_the_front_end_can_read(shell):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(1, 1))
    fig.subplots().plot([0, 1])
    (image,) = display.outputs_of(lambda: fig)
    assert isinstance(image["data"]["image/png"], str) and image["data"]["image/png"].startswith("iVBOR")


class CountingOutput:
    """Stands in for ipywidgets.Output: records every change of ``outputs`` and any capture."""

    def __init__(self):
        self.changes, self.captured = [], False

    @property
    def outputs(self):
        return self.changes[-1] if self.changes else ()

    @outputs.setter
    def outputs(self, value):
        self.changes.append(value)

    def __enter__(self):  # `with out:` would capture the cell's messages by id
        self.captured = True

    def __exit__(self, *exc):
        return False

    def clear_output(self, wait=False):
        self.captured = True


def test_show_in_replaces_the_content_in_one_state_change_without_capturing(shell):
    out = CountingOutput()
    display.show_in(out, draw_three_things)
    display.show_in(out, lambda: print("again"))
    assert not out.captured
    assert len(out.changes) == 2 and out.outputs == ({"output_type": "stream", "name": "stdout", "text": "again\n"},)


def test_show_in_raises_while_a_cell_runs_and_shows_one_line_in_a_callback():
    def broken():
        raise ValueError("no such year")

    out, stdout = CountingOutput(), sys.stdout
    with pytest.raises(ValueError):
        display.show_in(out, broken)
    assert sys.stdout is stdout, "print goes back to the cell after a failed drawing"
    display.show_in(out, broken, errors="show")
    assert out.outputs[0]["text"] == "This part could not be drawn: no such year\n"


def test_output_area_is_an_ipywidgets_output_filled_through_its_state():
    pytest.importorskip("ipywidgets")
    out = display.output_area(lambda: print("hello"), "wb-test")
    assert out.outputs == ({"output_type": "stream", "name": "stdout", "text": "hello\n"},)
    assert out.msg_id == "" and "wb-test" in out._dom_classes


def test_no_view_captures_a_running_cell_into_an_output():
    """`with out:` and `clear_output` make Voilà's executor write to the kernel while it waits
    for the cell's reply; every view fills its output areas with display.show_in instead."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.With, ast.AsyncWith)):  # `with out:`, `with self.output:`
                found += [f"{path.name}:{node.lineno} with {ast.unparse(i.context_expr)}" for i in node.items
                          if isinstance(i.context_expr, (ast.Name, ast.Attribute))
                          and "out" in ast.unparse(i.context_expr).rsplit(".", 1)[-1].lower()]
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("clear_output", "capture", "append_stdout", "append_display_data"):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node.func)}")
    assert found == []


def test_a_dollar_sign_in_a_table_is_text_not_maths():
    """JupyterLab and Voilà typeset $...$ in HTML as maths unless the table is marked mathjax_ignore."""
    import pandas as pd

    html = display.table([{"law": "Canada: revenue of C$40 million", "other": "US$5 fine"}]).data
    assert "mathjax_ignore" in html and "C$40 million" in html
    display.configure()
    assert "mathjax_ignore" in pd.DataFrame({"law": ["C$20 million or US$5"]})._repr_html_()


def test_table_cells_wrap_long_text():
    html = display.table([{"source": "https://example.org/" + "a" * 200}]).data
    assert "white-space: pre-wrap" in html and "overflow-wrap: anywhere" in html


def test_the_widget_css_lets_options_and_labels_wrap_and_grow():
    css = display.WIDGET_CSS
    for selector in (".widget-radio-box label", ".widget-checkbox .widget-label-basic", ".widget-label"):
        rule = css.split(selector, 1)[1].split("}", 1)[0]
        assert "white-space: normal" in rule, selector
    assert "height: auto" in css.split(".widget-radio-box label", 1)[1].split("}", 1)[0]


@pytest.mark.parametrize("variable", display.VOILA_ENV)
def test_a_kernel_started_by_voila_is_recognised(variable, monkeypatch):
    for name in display.VOILA_ENV:
        monkeypatch.delenv(name, raising=False)
    assert not display.in_voila()
    assert display.for_frontend("lab text", "voila text") == "lab text"
    monkeypatch.setenv(variable, "1")
    assert display.in_voila()
    assert display.for_frontend("lab text", "voila text") == "voila text"


def test_a_dutch_table_writes_a_decimal_comma_and_leaves_whole_numbers_alone():
    import pandas as pd

    from workbook.language import using

    df = pd.DataFrame({"t_co2e": [12.5], "year": [2024]})
    assert ">12.500000<" in display.table(df).data
    with using("nl"):
        html = display.table(df).data
    assert ">12,500000<" in html and ">2024<" in html
