"""The English–Dutch glossary: live sessions are in Dutch, the portal in English."""
from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from workbook.errors import ContentError
from workbook.paths import data_dir

COLUMNS = ("topic", "english", "dutch", "note", "source")


@dataclass(frozen=True)
class Term:
    topic: str
    english: str
    dutch: str
    note: str
    source: str


@lru_cache(maxsize=2)
def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    path = Path(path or data_dir() / "glossary_nl.csv")
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ContentError(path.name, f"columns must be {', '.join(COLUMNS)}")
        terms = []
        for line, row in enumerate(reader, start=2):
            for col in ("topic", "english", "dutch", "source"):
                if not (row.get(col) or "").strip():
                    raise ContentError(path.name, f"line {line}: '{col}' is empty")
            terms.append(Term(**{k: row[k].strip() for k in COLUMNS}))
    return tuple(terms)


def search(text: str = "", topic: str | None = None, terms: tuple[Term, ...] | None = None) -> list[Term]:
    """Terms whose English or Dutch contains ``text`` (case-insensitive), optionally by topic."""
    needle = text.strip().lower()
    return [t for t in (terms or load_glossary())
            if (topic in (None, "", "All topics") or t.topic == topic)
            and (not needle or needle in t.english.lower() or needle in t.dutch.lower())]


def table_html(terms: list[Term]) -> str:
    if not terms:
        return "<p><i>No term matches. Try part of a word, in English or Dutch.</i></p>"
    rows = "".join(f"<tr><td>{html.escape(t.english)}</td><td><b>{html.escape(t.dutch)}</b></td>"
                   f"<td><small>{html.escape(t.note)}</small></td></tr>" for t in terms)
    return ("<table><tr><th style='text-align:left'>English</th><th style='text-align:left'>Nederlands</th>"
            f"<th style='text-align:left'>Note</th></tr>{rows}</table>"
            "<p><small>Source: the programme's Dutch invitation, and common Dutch usage (Dutch "
            "government, SER, RVO, CO2emissiefactoren.nl). Check a term against its source before "
            "using it in a legal context.</small></p>")


def glossary_view(solution_mode: bool = False, topic: str | None = None):
    """A search box over the glossary; a static table in solution mode."""
    if solution_mode:
        from IPython.display import HTML

        return HTML(table_html(search(topic=topic)))
    import ipywidgets as w

    topics = ["All topics"] + sorted({t.topic for t in load_glossary()})
    box = w.Text(placeholder="Search a term, e.g. scope or dwangarbeid", layout=w.Layout(width="340px"))
    pick = w.Dropdown(options=topics, value=topic or "All topics", layout=w.Layout(width="240px"))
    out = w.HTML(table_html(search(topic=pick.value)))

    def refresh(_change=None):
        out.value = table_html(search(box.value, pick.value))

    box.observe(refresh, names="value")
    pick.observe(refresh, names="value")
    view = w.VBox([w.HBox([box, pick]), out])
    view.add_class("wb-glossary")
    return view
