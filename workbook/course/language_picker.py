"""English or Nederlands: the switch at the top of ``00_start_here``.

The choice is kept with the participant's progress (``language`` in ``progress.json``), so every
notebook opened afterwards, and every export, follows it. A notebook of a translated edition
(``notebooks/nl/``) always speaks its own language; the note under the switch links to the start
notebook of the chosen edition.
"""
from __future__ import annotations

import html
from typing import Any

from workbook.i18n import N_, translate
from workbook.language import LANGUAGES, NAMES, folder_language, language

LANGUAGE_KEY = "language"
SAVED = N_("Your choice is saved: buttons, feedback, charts and exports follow it in every notebook.")
START_HERE = N_("The notebooks in this language start here:")
START = "00_start_here.ipynb"


def edition_link(chosen: str, here: str | None) -> str | None:
    """The start notebook of the chosen edition, relative to the start notebook in ``here``'s edition."""
    here = here or "en"
    if chosen == here:
        return None
    if here == "en":
        return f"{chosen}/{START}"
    return f"../{START}" if chosen == "en" else f"../{chosen}/{START}"


def language_note(chosen: str, here: str | None = None) -> str:
    """What the choice does, written in the chosen language."""
    text = translate(SAVED, chosen)
    link = edition_link(chosen, here)
    if link:
        text += " " + translate(START_HERE, chosen)
        text += f' <a href="{html.escape(link)}" target="_blank">{html.escape(link)}</a>'
    return f"<small>{text}</small>"


def language_picker(session: Any):
    """The switch (static text in solution mode)."""
    from IPython.display import HTML

    current = language()
    if session.solution_mode:
        return HTML(f"<p><b>{NAMES[current]}</b> · "
                    + " / ".join(NAMES[lang] for lang in LANGUAGES) + "</p>")
    import ipywidgets as w

    toggle = w.ToggleButtons(options=[(NAMES[lang], lang) for lang in LANGUAGES], value=current,
                             layout=w.Layout(width="auto"))
    note = w.HTML(language_note(current, folder_language()))

    def changed(change: dict) -> None:
        session.choose_language(change["new"])
        note.value = language_note(change["new"], folder_language())

    toggle.observe(changed, names="value")
    return w.VBox([toggle, note])
