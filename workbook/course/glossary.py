"""The English–Dutch glossary: live sessions are in Dutch, the portal in English."""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from workbook.i18n import N_, tr
from workbook.paths import data_cache, data_dir
from workbook.schemas import read_csv


ALL_TOPICS = N_("All topics")  # the value of the topic filter that shows every topic (its label is translated)


@dataclass(frozen=True)
class Term:
    topic: str
    english: str
    dutch: str
    note: str
    source: str


def glossary_file() -> Path:
    return data_dir() / "glossary_nl.csv"


@data_cache(maxsize=2)
def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """The glossary, checked as ``data/schemas.yaml`` declares ``glossary_nl.csv``."""
    rows = read_csv(path or glossary_file(), like=glossary_file())
    return tuple(Term(**{**row, "note": row["note"] or ""}) for row in rows)


def search(text: str = "", topic: str | None = None, terms: tuple[Term, ...] | None = None) -> list[Term]:
    """Terms whose English or Dutch contains ``text`` (case-insensitive), optionally by topic."""
    needle = text.strip().lower()
    return [t for t in (terms or load_glossary())
            if (topic in (None, "", ALL_TOPICS) or t.topic == topic)
            and (not needle or needle in t.english.lower() or needle in t.dutch.lower())]


def table_html(terms: list[Term]) -> str:
    if not terms:
        return "<p><i>" + tr("No term matches. Try part of a word, in English or Dutch.") + "</i></p>"
    rows = "".join(f"<tr><td>{html.escape(t.english)}</td><td><b>{html.escape(t.dutch)}</b></td>"
                   f"<td><small>{html.escape(t.note)}</small></td></tr>" for t in terms)
    note = tr("Note")
    source = tr("Source: the programme's Dutch invitation, and common Dutch usage (Dutch government, SER, RVO, "
                "CO2emissiefactoren.nl). Check a term against its source before using it in a legal context.")
    return ("<table><tr><th style='text-align:left'>English</th><th style='text-align:left'>Nederlands</th>"
            f"<th style='text-align:left'>{note}</th></tr>{rows}</table>"
            f"<p><small>{source}</small></p>")


def glossary_view(solution_mode: bool = False, topic: str | None = None):
    """A search box over the glossary; a static table in solution mode."""
    if solution_mode:
        from IPython.display import HTML

        return HTML(table_html(search(topic=topic)))
    import ipywidgets as w

    topics = [(tr(ALL_TOPICS), ALL_TOPICS)] + [(t, t) for t in sorted({t.topic for t in load_glossary()})]
    box = w.Text(placeholder=tr("Search a term, e.g. scope or dwangarbeid"), layout=w.Layout(width="340px"))
    pick = w.Dropdown(options=topics, value=topic or ALL_TOPICS, layout=w.Layout(width="240px"))
    out = w.HTML(table_html(search(topic=pick.value)))

    def refresh(_change=None):
        out.value = table_html(search(box.value, pick.value))

    box.observe(refresh, names="value")
    pick.observe(refresh, names="value")
    view = w.VBox([w.HBox([box, pick]), out])
    view.add_class("wb-glossary")
    return view
