"""Translations: every text a participant reads, in the language they chose.

English is the source: code and data are written in English, and the English text is the key of
its translation. The Dutch wording lives in gettext catalogues (``.po``) under
``data/i18n/nl/``, one file per part of the course (``code/…`` for texts in the package,
``data/…`` for the wording of data files, ``notebooks/…`` for notebook prose); facts, numbers
and sources stay in their one data file and only their wording is translated.

- :func:`tr` translates a text written in code (``tr("Saved {n} answers", n=3)``); :func:`N_`
  marks a module-level text that is translated where it is shown (``tr(CONSTANT)``).
- :func:`localize` translates the fields a data file's ``schemas.yaml`` entry lists under
  ``translate:`` (answers, ids and keys are never translated, so judging and stored answers do
  not depend on the language).
- A text without a translation is shown in English; ``workbook build`` and the tests fail on it
  first (:mod:`workbook.course.translations`), so a missing translation never reaches a participant.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Iterable, Iterator

from workbook.language import LANGUAGES, language
from workbook.paths import data_cache, data_dir

I18N_FOLDER = "i18n"
# The calls whose arguments are translatable texts: tr/N_ take the text; trc/NC_ take a context
# first (gettext's msgctxt), for one English word that needs two Dutch ones ("material").
KEYWORDS = {"tr": None, "N_": None, "trc": ((1, "c"), 2), "NC_": ((1, "c"), 2)}
CONTEXT_SEPARATOR = "\x04"  # gettext's: a message with a context is keyed "context\x04text"
BABEL_LOCALE = {"en": "en_GB", "nl": "nl_NL"}


def N_(text: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Mark a text for translation where it is defined; `tr` translates it where it is shown."""
    return text


def NC_(context: str, text: str) -> str:  # noqa: N802
    """:func:`N_` with a context: the text is translated where shown with ``trc(context, TEXT)``."""
    return text


def key(text: str, context: str | None = None) -> str:
    """The catalogue key of a text (with its context, as gettext keys it)."""
    return f"{context}{CONTEXT_SEPARATOR}{text}" if context else text


def catalogue_files(lang: str) -> list[Path]:
    """The ``.po`` files of a language, in a stable order."""
    folder = data_dir() / I18N_FOLDER / lang
    return sorted(folder.rglob("*.po")) if folder.is_dir() else []


def read_po(path: Path) -> dict[str, str]:
    """The translated messages of one ``.po`` file (fuzzy and empty ones are not translations)."""
    from babel.messages.pofile import PoFileError
    from babel.messages.pofile import read_po as babel_read_po

    try:
        with open(path, "rb") as f:
            cat = babel_read_po(f, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{path.name}: not a valid gettext catalogue ({exc})") from None
    return {key(m.id, m.context): m.string for m in cat
            if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields a text is formatted with."""
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return set()


@data_cache(maxsize=8)
def _catalogue(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in catalogue_files(lang):
        out.update(read_po(path))
    return out


def catalogue(lang: str | None = None) -> dict[str, str]:
    """English text → translation, for one language (all its ``.po`` files together)."""
    lang = lang or language()
    return {} if lang == "en" else _catalogue(lang)


def translate(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang`` (default: the current language); English when there is no translation."""
    lang = lang or language()
    if lang == "en" or not text:
        return text
    return catalogue(lang).get(text, text)


def spellings(text: str) -> list[str]:
    """An English text and its translation in every language, English first and each once: the
    ways a file filled in any edition may write it (a reader accepts all of them)."""
    return list(dict.fromkeys(translate(text, lang) for lang in LANGUAGES))


def tr(text: str, /, **fields: Any) -> str:
    """A text written in code, in the participant's language, with ``{fields}`` filled in."""
    out = translate(text)
    return out.format(**fields) if fields else out


def trc(context: str, text: str, /, **fields: Any) -> str:
    """:func:`tr` for a text whose translation depends on where it is used (``context``)."""
    lang = language()
    out = text if lang == "en" else catalogue(lang).get(key(text, context), text)
    return out.format(**fields) if fields else out


def number(value: float | int | None, decimals: int = 0, lang: str | None = None) -> str:
    """A number written the way the reader writes it: ``5,282.7`` in English, ``5.282,7`` in Dutch."""
    if value is None:
        return "–"
    from decimal import Decimal

    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    # rounded the way Python's f"{value:,.1f}" rounds (the binary value, half to even), so the
    # English text is the same digit for digit and a Dutch reader sees the same number
    rounded = Decimal(f"{value:.{max(decimals, 0)}f}")
    return format_decimal(rounded, format=pattern, locale=BABEL_LOCALE[lang or language()],
                          decimal_quantization=True)


def percent(value: float | None, decimals: int = 0, lang: str | None = None, spaced: bool = True) -> str:
    """A share (0.425) as a percentage the reader expects: ``42.5 %`` or ``42,5 %`` (``42,5%`` when
    not ``spaced``, as in running text)."""
    return "–" if value is None else number(value * 100, decimals, lang) + (" %" if spaced else "%")


# ------------------------------------------------------------------ the wording of data files
def _walk(node: Any, parts: list[str]) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every value a field path reaches; ``*`` is each item of a list or mapping."""
    if not parts:
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        keys: Iterable[Any] = range(len(node)) if isinstance(node, list) else list(node) if isinstance(node, dict) else ()
    else:
        keys = [head] if isinstance(node, dict) and head in node else []
    for key in keys:
        if rest:
            yield from _walk(node[key], rest)
        else:
            yield node, key


def texts(data: Any, paths: Iterable[str]) -> Iterator[str]:
    """Every text the field paths reach (a list of texts gives each)."""
    for path in paths:
        for container, key in _walk(data, path.split(".")):
            value = container[key]
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.strip():
                    yield item


def localize(data: Any, paths: Iterable[str], lang: str | None = None) -> Any:
    """A copy of ``data`` with the texts the field paths reach in ``lang``; the data itself in English."""
    lang = lang or language()
    paths = list(paths)
    if lang == "en" or not paths:
        return data
    cat = catalogue(lang)
    data = copy.deepcopy(data)
    for path in paths:
        for container, key in _walk(data, path.split(".")):
            value = container[key]
            if isinstance(value, str):
                container[key] = cat.get(value, value)
            elif isinstance(value, list):
                container[key] = [cat.get(v, v) if isinstance(v, str) else v for v in value]
    return data


__all__ = ["LANGUAGES", "NC_", "N_", "catalogue", "localize", "number", "percent", "spellings", "texts", "tr", "trc",
           "translate"]
