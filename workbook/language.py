"""Which language the participant reads: English (the source text) or Nederlands.

The choice is made, strongest first, by ``workbook.start(language=...)`` or the CLI's
``--lang``; the ``WORKBOOK_LANG`` environment variable (a facilitator's Voilà, a hub); the
folder the notebook is in (``notebooks/nl/`` holds a ``.workbook-lang`` file, so a Dutch
notebook speaks Dutch whatever was chosen before); the participant's choice stored with their
progress; and English. This module imports nothing of the package: every cache key uses it.
"""
from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import Iterator

LANGUAGES = ("en", "nl")
NAMES = {"en": "English", "nl": "Nederlands"}
MARKER = ".workbook-lang"  # a file holding a language code, in the folder of a translated edition
_ALIASES = {"en": "en", "english": "en", "engels": "en", "nl": "nl", "dutch": "nl", "nederlands": "nl"}

_explicit: str | None = None
_stored: str | None = None


def normalise(value: object) -> str | None:
    """``nl``, ``NL``, ``nl_NL.UTF-8``, ``Nederlands`` → ``nl``; None for anything unknown."""
    text = str(value or "").strip().lower().replace("-", "_").split(".")[0]
    return _ALIASES.get(text) or _ALIASES.get(text.split("_")[0])


def check(value: object) -> str:
    """The language code for ``value``, or a ValueError that lists the choices."""
    lang = normalise(value)
    if lang is None:
        raise ValueError(f"unknown language {value!r}; choose one of {', '.join(LANGUAGES)}")
    return lang


def set_language(value: object | None) -> None:
    """Use this language from now on in this process (``None`` lets the other settings decide)."""
    global _explicit
    _explicit = None if value is None else check(value)


def remember(value: object | None) -> None:
    """The participant's stored choice (read from their progress): used when nothing stronger says."""
    global _stored
    _stored = normalise(value) if value else None


@functools.lru_cache(maxsize=32)
def _folder_language(folder: str) -> str | None:
    here = Path(folder)
    for candidate in (here, *list(here.parents)[:4]):
        marker = candidate / MARKER
        try:
            if marker.is_file():
                return normalise(marker.read_text(encoding="utf-8"))
        except OSError:
            return None
    return None


def folder_language() -> str | None:
    """The language of the edition the kernel runs in (its working folder or one of four above it)."""
    try:
        return _folder_language(os.getcwd())
    except OSError:
        return None


def language() -> str:
    """The language to write in now: ``en`` or ``nl``."""
    if _explicit:
        return _explicit
    env = normalise(os.environ.get("WORKBOOK_LANG"))
    return env or folder_language() or _stored or "en"


@contextlib.contextmanager
def using(value: object) -> Iterator[str]:
    """Write in ``value`` inside the block (the build and the checks read the English source this way)."""
    global _explicit
    before, _explicit = _explicit, check(value)
    try:
        yield _explicit
    finally:
        _explicit = before
