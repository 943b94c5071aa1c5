"""Deterministic tables, figures and HTML for notebooks and exports.

A solution notebook must be byte-identical when it is built twice, so nothing shown may
carry a timestamp, a memory address or a random id: tables get an id derived from their
content, PNGs are written without the "Software" and date metadata, and SVG hashes use a
fixed salt. Every view module shows its tables and figures through these functions.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator

from workbook.i18n import tr
from workbook.language import language

# Tables wrap long text instead of cutting it, and align left like a document.
TABLE_PROPS = {"text-align": "left", "vertical-align": "top", "white-space": "pre-wrap", "overflow-wrap": "anywhere"}
FIGURE_RC = {"font.size": 13, "svg.hashsalt": "workbook"}

# Widget layout for JupyterLab and Voila, at any width: ipywidgets draws an option or a label
# on one line of fixed height, so a long one is cut ("...") or, wrapped, runs into the next
# option. Here they wrap and grow; the radio button or box stays beside the first line.
# Table cells wrap too. ``body`` outranks ipywidgets' own rules of the same kind.
WIDGET_CSS = """<style>
body .widget-radio-box label, body .jupyter-widget-radio-box label {
  height: auto; min-height: var(--jp-widgets-radio-item-height); line-height: 1.35; padding: 2px 0;
  white-space: normal; display: flex; align-items: flex-start; }
body .widget-radio-box input, body .jupyter-widget-radio-box input {
  float: none; flex: none; order: -1; height: 1.35em; margin-top: 0; }
body .widget-checkbox, body .jupyter-widget-checkbox { height: auto; min-height: var(--jp-widgets-inline-height); }
body .widget-checkbox .widget-label-basic, body .jupyter-widget-checkbox .jupyter-widget-label-basic {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.35; padding: 4px 0;
  display: flex; align-items: flex-start; }
body .widget-checkbox input[type='checkbox'], body .jupyter-widget-checkbox input[type='checkbox'] {
  flex-grow: 0; align-self: flex-start; height: 1.35em; margin-top: 0; }
body .widget-label, body .jupyter-widget-label, body .widget-vbox .widget-label {
  white-space: normal; overflow: visible; text-overflow: clip; height: auto; line-height: 1.3;
  min-height: var(--jp-widgets-inline-height); display: flex; align-items: center; }
body .widget-inline-hbox .widget-label, body .jupyter-widget-inline-hbox .jupyter-widget-label {
  justify-content: flex-end; }
body .widget-inline-hbox, body .jupyter-widget-inline-hbox { height: auto; align-items: center; }
body .widget-hbox > .widget-dropdown, body .jupyter-widget-hbox > .jupyter-widget-dropdown { flex-shrink: 0; }
body .jp-RenderedHTMLCommon td, body .jp-RenderedHTMLCommon th { white-space: normal; }
</style>"""


def table(rows: Any, columns: Iterable[str] | None = None):
    """Rows (dicts or a DataFrame) as a left-aligned HTML table without the index.

    ``columns`` picks and orders the columns to show. The table id is derived from the
    content (a Styler's default id is random), so outputs stay byte-identical.
    """
    import pandas as pd
    from IPython.display import HTML

    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    if columns is not None:
        df = df[list(columns)]
    uid = hashlib.sha1(df.to_csv(index=False).encode()).hexdigest()[:10]
    styler = (df.style.hide(axis="index").set_uuid(uid)
              .set_properties(**TABLE_PROPS)
              .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))
    if language() != "en":  # a Dutch reader writes 12,5 (years and whole numbers are not grouped)
        styler = styler.format(decimal=",")
    with pd.option_context("styler.html.mathjax", False):  # "C$20 million ... US$5" is text, not maths
        return HTML(styler.to_html())


def new_figure(width: float = 10, height: float = 5.5, **subplots_kw):
    """A pyplot figure and axes with the course's fixed style (readable on a projector)."""
    import matplotlib

    matplotlib.rcParams.update(FIGURE_RC)
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(width, height), **subplots_kw)


def figure_png(fig, dpi: int = 100) -> bytes:
    """A figure as PNG bytes without metadata, and closed (pyplot keeps no reference)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def show_png(png: bytes) -> None:
    """Show PNG bytes as a static image (works in widgets, Voilà and any backend)."""
    from IPython.display import Image, display

    display(Image(data=png, format="png"))


def show_figure(fig, dpi: int = 100) -> None:
    """Show a figure as a deterministic PNG image."""
    show_png(figure_png(fig, dpi))


def html(text: str):
    """HTML for the notebook's output."""
    from IPython.display import HTML

    return HTML(text)


def show_html(text: str) -> None:
    from IPython.display import display

    display(html(text))


def configure() -> None:
    """Notebook display settings: DataFrames show their text whole instead of cutting it, and a
    dollar sign in a cell is text (the table is marked ``mathjax_ignore``), never maths."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.html.use_mathjax", False)


def render(value: Any) -> None:
    """Show what a view returned: a matplotlib figure as a deterministic PNG (and closed, so it
    is not drawn twice), anything else as IPython would show it; nothing for None."""
    if value is None:
        return
    if type(value).__name__ == "Figure" and hasattr(value, "savefig"):
        show_figure(value)
        return
    from IPython.display import display

    display(value)


# ---------------------------------------------------------------------------- output areas
class _Collector:
    """Receives what ``display()`` and ``print()`` send while a view draws, as notebook outputs."""

    def __init__(self) -> None:
        self.outputs: list[dict[str, Any]] = []

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.outputs.append({"output_type": "stream", "name": name, "text": text})

    def publish(self, data: dict, metadata: dict | None = None, source: Any = None, **_: Any) -> None:
        clean = {mime: base64.b64encode(v).decode("ascii") if isinstance(v, bytes) else v for mime, v in data.items()}
        self.outputs.append({"output_type": "display_data", "data": clean, "metadata": dict(metadata or {})})

    def clear_output(self, wait: bool = False) -> None:
        self.outputs.clear()


class _Stream(io.TextIOBase):
    def __init__(self, collector: _Collector, name: str) -> None:
        self.collector, self.name_ = collector, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.collector.stream(self.name_, text)
        return len(text)


@contextmanager
def _collecting() -> Iterator[_Collector]:
    from IPython import get_ipython

    collector = _Collector()
    shell = get_ipython()
    saved_pub = getattr(shell, "display_pub", None)
    saved_out, saved_err = sys.stdout, sys.stderr
    if shell is not None:
        shell.display_pub = collector
    sys.stdout, sys.stderr = _Stream(collector, "stdout"), _Stream(collector, "stderr")
    try:
        yield collector
    finally:
        sys.stdout, sys.stderr = saved_out, saved_err
        if shell is not None:
            shell.display_pub = saved_pub


def outputs_of(draw: Callable[[], Any]) -> tuple[dict[str, Any], ...]:
    """What ``draw()`` prints and displays, in order, as notebook output dicts (its return
    value is shown as :func:`render` would). Exceptions propagate."""
    with _collecting() as collector:
        render(draw())
    return tuple(collector.outputs)


def show_in(out: Any, draw: Callable[[], Any], errors: str = "raise") -> None:
    """Make an ipywidgets ``Output`` show what ``draw()`` shows, in one change of its state.

    Never ``with out:`` or ``clear_output``: those make the front end capture the kernel's
    messages by id, and Voilà's server-side executor answers each captured output with a
    message on the kernel's shell socket while it waits for the cell's reply on that same
    socket, which can lose the reply and hang the page. Setting ``outputs`` works the same
    while a cell runs, in a callback, in JupyterLab and in Voilà. With ``errors="show"`` an
    exception is shown in the area as one line instead of raised (for callbacks).
    """
    try:
        out.outputs = outputs_of(draw)
    except Exception as exc:
        if errors != "show":
            raise
        out.outputs = ({"output_type": "stream", "name": "stdout",
                        "text": tr("This part could not be drawn: {problem}", problem=exc) + "\n"},)


def output_area(draw: Callable[[], Any] | None = None, css_class: str | None = None):
    """A full-width ipywidgets ``Output`` filled through its state (see :func:`show_in`)."""
    import ipywidgets as w

    out = w.Output(layout=w.Layout(width="100%"))
    if css_class:
        out.add_class(css_class)
    if draw is not None:
        show_in(out, draw)
    return out


# ---------------------------------------------------------------------------- front end
VOILA_ENV = ("VOILA_KERNEL_ID", "VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_PREHEAT")


def in_voila() -> bool:
    """True in a kernel started by Voilà (it sets VOILA_* variables in the kernel's environment)."""
    return any(name in os.environ for name in VOILA_ENV)


def for_frontend(lab: str, voila: str) -> str:
    """The text that fits where the participant reads it: JupyterLab (or a static solution) or Voilà."""
    return voila if in_voila() else lab
