"""Deterministic tables, figures and HTML for notebooks and exports.

A solution notebook must be byte-identical when it is built twice, so nothing shown may
carry a timestamp, a memory address or a random id: tables get an id derived from their
content, PNGs are written without the "Software" and date metadata, and SVG hashes use a
fixed salt. Every view module shows its tables and figures through these functions.
"""
from __future__ import annotations

import hashlib
import io
from typing import Any, Iterable

# Tables wrap long text instead of cutting it, and align left like a document.
TABLE_PROPS = {"text-align": "left", "vertical-align": "top", "white-space": "pre-wrap"}
FIGURE_RC = {"font.size": 13, "svg.hashsalt": "workbook"}


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
    """Notebook display settings: DataFrames show their text whole instead of cutting it."""
    import pandas as pd

    pd.set_option("display.max_colwidth", None)


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
