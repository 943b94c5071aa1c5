"""Provenance on every output: which package version, data edition, sources and input.

A result file or chart says how it was made, so it can be reproduced and compared next year.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from workbook._version import __version__
from workbook.excel import write_table
from workbook.i18n import N_, tr, translate

# What the items of an About sheet are called, for a reader in either language.
ITEM_NAMES = {"package": N_("package"), "data_edition": N_("data_edition"), "input_file": N_("input_file"),
              "input_sha256": N_("input_sha256"), "source": N_("source")}


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def provenance(input_file: str | Path | None = None, data_edition: str | None = None,
               sources: Iterable[str] = ()) -> dict[str, object]:
    """The facts a reader needs to reproduce a result (no clock time: outputs stay stable)."""
    info: dict[str, object] = {"package": f"workbook {__version__}"}
    if data_edition:
        info["data_edition"] = data_edition
    if input_file is not None:
        info["input_file"] = Path(input_file).name
        info["input_sha256"] = sha256_of(input_file)
    info["sources"] = sorted(set(sources))
    return info


def footer_text(info: dict[str, object]) -> str:
    """A one-line chart footer."""
    parts = [str(info["package"])]
    if info.get("data_edition"):
        parts.append(tr("data: {edition}", edition=info["data_edition"]))
    if info.get("input_sha256"):
        parts.append(tr("input {file} sha256 {hash}", file=info.get("input_file"),
                        hash=str(info["input_sha256"])[:12]))
    return " · ".join(parts)


def add_footer(fig, info: dict[str, object]) -> None:
    """Stamp a small provenance footer on a matplotlib figure."""
    fig.text(0.01, 0.005, footer_text(info), fontsize=7, color="#666666", ha="left", va="bottom")


def add_about_sheet(wb, info: dict[str, object], title: str = N_("About")) -> None:
    """An "About" sheet in an Excel result: version, data edition, sources, input hash (its
    names in the reader's language; the sources as published)."""

    ws = wb.create_sheet(translate(title))
    rows = [(translate(ITEM_NAMES.get(k, k)), v) for k, v in info.items() if k != "sources"]
    rows += [(translate(ITEM_NAMES["source"]), s) for s in info.get("sources", [])]
    write_table(ws, [tr("item"), tr("value")], rows, widths={1: 18, 2: 100})
