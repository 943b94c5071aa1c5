"""Parity of the editions: every translatable text has its translation, and ``notebooks/nl/``
is the English notebooks with translated prose and the very same code cells.

Translatable texts come from three places: ``tr("...")``/``N_("...")`` calls in the package,
the fields each ``schemas.yaml`` entry lists under ``translate:``, and the markdown cells of the
English notebooks. :func:`missing` lists those without a translation; ``workbook build`` and
the tests fail on any, so a participant never meets a half-translated page.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from workbook.course.progress import atomic_write_text
from workbook.documents import read_cached, strip_lines
from workbook.errors import ContentError
from workbook.i18n import (CONTEXT_SEPARATOR, I18N_FOLDER, KEYWORDS, catalogue, catalogue_files, key, placeholders,
                           read_po, texts)
from workbook.language import LANGUAGES, MARKER, using
from workbook.paths import PACKAGE_DIR, data_dir, notebooks_dir
from workbook.schemas import SCHEMAS_FILE, load

EDITIONS = tuple(lang for lang in LANGUAGES if lang != "en")
HEADER = ("# Translations of the course workbooks (English is the source text, msgid).\n"
          "# Translate msgstr; keep {placeholders}, markdown, HTML tags, code and links as they are.\n"
          "# Terms: data/i18n/terminology_nl.csv.")


@dataclass(frozen=True)
class Text:
    """One translatable English text, where it is used, and the catalogue its translation belongs in."""

    msgid: str  # the catalogue key: the English text, or "context\x04text"
    place: str  # "workbook/course/views.py:41", "data/exercises/c1_ghg_accounting.yaml", "notebooks/…"
    catalogue: str  # the .po file, relative to data/i18n/<lang>/


def check_po(path: str | Path) -> None:
    """The dedicated check of a catalogue (data/i18n/schemas.yaml): valid, and every
    ``{placeholder}`` of the English kept in its translation."""
    path = Path(path)
    try:
        messages = read_po(path)
    except ValueError as exc:
        raise ContentError(path.name, str(exc)) from None
    bad = [msgid for msgid, text in messages.items() if placeholders(msgid) != placeholders(text)]
    if bad:
        raise ContentError(path.name, f"{len(bad)} translation(s) change the {{placeholders}} of the English, "
                                      f"first: {bad[0][:80]!r}")


# ------------------------------------------------------------------ where texts come from
def code_texts(package: Path | None = None) -> list[Text]:
    """The texts of ``tr(...)`` and ``N_(...)`` calls in the package's modules."""
    from babel.messages.extract import extract_python

    package = package or PACKAGE_DIR
    out = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package)
        parts = rel.parts[:-1]
        po = "code/" + ("/".join(parts) if parts else "ground") + ".po"
        with open(path, "rb") as f:
            for line, func, message, _comments in extract_python(f, KEYWORDS, (), {}):
                args = message if isinstance(message, tuple) else (message,)
                if KEYWORDS.get(func):  # a context first, then the text
                    context, msg = (args + (None, None))[:2]
                    if not (isinstance(context, str) and isinstance(msg, str)):
                        continue
                    msg = key(msg, context)
                else:
                    msg = args[0]
                if isinstance(msg, str) and msg.strip():
                    out.append(Text(msg, f"workbook/{rel.as_posix()}:{line}", po))
    return out


def _data_rows(path: Path, columns: bool) -> Any:
    if columns:
        import csv

        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    data, _problems = read_cached(path)
    return strip_lines(data)


def data_texts(root: Path | None = None) -> list[Text]:
    """The wording of every data field a ``schemas.yaml`` entry lists under ``translate:``."""
    root = Path(root or data_dir())
    out = []
    for schemas_file in sorted(root.rglob(SCHEMAS_FILE)):
        if I18N_FOLDER in schemas_file.relative_to(root).parts:
            continue
        for entry in load(schemas_file.parent).entries.values():
            if not entry.translate:
                continue
            paths = [f"*.{c}" for c in entry.translate] if entry.columns is not None else list(entry.translate)
            for file in entry.files():
                if not file.is_file():
                    continue
                rel = file.relative_to(root).as_posix()
                po = "data/" + rel.rsplit(".", 1)[0] + ".po"
                for text in texts(_data_rows(file, entry.columns is not None), paths):
                    out.append(Text(text, f"data/{rel}", po))
    return out


def english_notebooks(root: Path | None = None) -> list[Path]:
    """The English course notebooks, relative to ``notebooks/`` (the editions' folders left out)."""
    root = root or notebooks_dir()
    return sorted(p.relative_to(root) for p in root.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and p.relative_to(root).parts[0] not in EDITIONS)


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def notebook_texts(root: Path | None = None) -> list[Text]:
    """The prose of the English notebooks: each markdown cell is one text."""
    root = root or notebooks_dir()
    out = []
    for rel in english_notebooks(root):
        nb = json.loads((root / rel).read_text(encoding="utf-8"))
        po = "notebooks/" + rel.with_suffix("").as_posix() + ".po"
        for n, cell in enumerate(nb["cells"], 1):
            text = _cell_text(cell)
            if cell["cell_type"] == "markdown" and text.strip():
                out.append(Text(text, f"notebooks/{rel.as_posix()} cell {n}", po))
    return out


def source_texts() -> list[Text]:
    """Every translatable text of the course, in English."""
    with using("en"):
        return code_texts() + data_texts() + notebook_texts()


# ------------------------------------------------------------------ what is missing
def missing(lang: str = "nl", sources: Iterable[Text] | None = None) -> list[Text]:
    """The texts without a translation in ``lang`` (one per text, at its first place)."""
    cat = catalogue(lang)
    seen: set[str] = set()
    out = []
    for text in sources if sources is not None else source_texts():
        if text.msgid not in cat and text.msgid not in seen:
            seen.add(text.msgid)
            out.append(text)
    return out


def unused(lang: str = "nl", sources: Iterable[Text] | None = None) -> list[str]:
    """Translations of texts the course no longer has (left behind after an English text changed)."""
    known = {t.msgid for t in (sources if sources is not None else source_texts())}
    return sorted(set(catalogue(lang)) - known)


def conflicts(lang: str = "nl") -> list[str]:
    """English texts translated differently in two catalogues of one language."""
    first: dict[str, tuple[str, str]] = {}
    out = []
    for path in catalogue_files(lang):
        for msgid, text in read_po(path).items():
            if msgid in first and first[msgid][0] != text:
                out.append(f"{msgid[:60]!r}: {first[msgid][1]} and {path.name}")
            first.setdefault(msgid, (text, path.name))
    return out


def update_catalogues(lang: str = "nl", prune: bool = False) -> dict[str, int]:
    """Add every missing text to its catalogue with an empty translation, for a translator to fill.

    Existing translations are kept; with ``prune`` those of texts the course no longer has are
    dropped. Returns the number of texts added per catalogue.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po as babel_read_po
    from babel.messages.pofile import write_po

    sources = source_texts()
    by_file: dict[str, list[Text]] = defaultdict(list)
    for text in sources:
        by_file[text.catalogue].append(text)
    translated = catalogue(lang)
    known = {t.msgid for t in sources}
    folder = data_dir() / I18N_FOLDER / lang
    added: dict[str, int] = {}
    for rel, items in sorted(by_file.items()):
        path = folder / rel
        if path.exists():
            with open(path, "rb") as f:
                cat = babel_read_po(f)
        else:
            cat = Catalog(locale=lang, project="workbook", version=" ", fuzzy=False, header_comment=HEADER,
                          language_team=" ", last_translator=" ")
        n = 0
        for text in items:
            context, _, msgid = text.msgid.rpartition(CONTEXT_SEPARATOR)
            if cat.get(msgid, context=context or None) is not None:
                continue
            if text.msgid in translated:
                continue  # translated in another catalogue already
            context, _, msgid = text.msgid.rpartition(CONTEXT_SEPARATOR)
            cat.add(msgid, "", context=context or None,
                    locations=[(text.place.split(":")[0].split(" cell ")[0], None)])
            n += 1
        if prune:
            for msg in list(cat):
                if msg.id and key(msg.id, msg.context) not in known:
                    cat.delete(msg.id, context=msg.context)
        if n or prune:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as f:
                write_po(f, cat, width=0, omit_header=False, no_location=False, include_lineno=False,
                         sort_output=False)
            added[rel] = n
    return added


# ------------------------------------------------------------------ the notebook editions
def translated_notebook(rel: Path, lang: str, root: Path | None = None) -> tuple[dict, list[str]]:
    """The edition of one English notebook: markdown cells translated, every other cell as it is."""
    root = root or notebooks_dir()
    nb = json.loads((root / rel).read_text(encoding="utf-8"))
    cat = catalogue(lang)
    absent = []
    for n, cell in enumerate(nb["cells"], 1):
        text = _cell_text(cell)
        if cell["cell_type"] != "markdown" or not text.strip():
            continue
        if text not in cat:
            absent.append(f"notebooks/{rel.as_posix()} cell {n}")
            continue
        lines = cat[text].splitlines(keepends=True)
        cell["source"] = lines if isinstance(cell.get("source"), list) else cat[text]
    nb.setdefault("metadata", {}).setdefault("workbook", {})["language"] = lang
    return nb, absent


def _serialise(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def write_editions(check: bool = False, root: Path | None = None) -> list[tuple[Path, str]]:
    """Write (or with ``check``, compare) ``notebooks/<lang>/`` for every edition.

    Returns (notebook, status) pairs: written, unchanged, stale, missing, removed, orphan. A
    ContentError lists every untranslated cell: an edition is never written half translated.
    """
    root = root or notebooks_dir()
    out: list[tuple[Path, str]] = []
    for lang in EDITIONS:
        absent: list[str] = []
        editions = {}
        for rel in english_notebooks(root):
            nb, gaps = translated_notebook(rel, lang, root)
            absent += gaps
            editions[rel] = _serialise(nb)
        if absent:
            raise ContentError(f"data/i18n/{lang}", f"{len(absent)} notebook text(s) have no translation, "
                                                    f"first: {', '.join(absent[:5])}. Run `workbook "
                                                    f"translations update --lang {lang}` and translate them")
        folder = root / lang
        marker = folder / MARKER
        if not check and not (marker.is_file() and marker.read_text(encoding="utf-8").strip() == lang):
            folder.mkdir(parents=True, exist_ok=True)
            marker.write_text(lang + "\n", encoding="utf-8")
        for rel, text in editions.items():
            dest = folder / rel
            old = dest.read_text(encoding="utf-8") if dest.is_file() else None
            if old == text:
                out.append((Path(lang) / rel, "unchanged"))
            elif check:
                out.append((Path(lang) / rel, "missing" if old is None else "stale"))
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(dest, text, mode=0o644)
                out.append((Path(lang) / rel, "written"))
        for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else []:
            rel = path.relative_to(folder)
            if rel not in editions and ".ipynb_checkpoints" not in rel.parts:
                if check:
                    out.append((Path(lang) / rel, "orphan"))
                else:
                    path.unlink()
                    out.append((Path(lang) / rel, "removed"))
    return out


def code_cells(nb: dict) -> list[str]:
    """The code cells of a notebook, in order (what an edition must not change)."""
    return [_cell_text(c) for c in nb["cells"] if c["cell_type"] == "code"]
