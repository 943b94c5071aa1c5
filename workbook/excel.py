"""Writing Excel files that are safe to open and never overwrite the participant's input.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``)
is written as a text cell, so a participant's answer or a supplier name can never
execute in the reader's Excel (CSV/formula injection).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence

from workbook.errors import InputError, Problem

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PRIVATE_FILE = 0o600  # what the package writes for a participant is readable by that participant only


def set_cell(ws, row: int, column: int, value: Any):
    """Write one value; formula-like text stays text (and shows as typed)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, (list, tuple, set)):
        cell.value = "; ".join(str(v) for v in value)
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif isinstance(value, dict):
        cell.value = "; ".join(f"{k}: {v}" for k, v in value.items())
        if cell.value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write_table(ws, header: Sequence[str], rows: Iterable[Sequence[Any]], start_row: int = 1,
                widths: dict[int, int] | None = None) -> int:
    """Write a header (bold, frozen, filterable) and rows; return the next free row."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for j, name in enumerate(header, start=1):
        c = set_cell(ws, start_row, j, name)
        c.font = Font(bold=True)
    r = start_row
    for r, values in enumerate(rows, start=start_row + 1):
        for j, v in enumerate(values, start=1):
            set_cell(ws, r, j, v).alignment = Alignment(wrap_text=isinstance(v, str) and len(v) > 60,
                                                        vertical="top")
    if start_row == 1:
        ws.freeze_panes = "A2"
    last = max(r, start_row)
    ws.auto_filter.ref = f"A{start_row}:{get_column_letter(len(header))}{last}"
    for j, name in enumerate(header, start=1):
        width = (widths or {}).get(j) or min(60, max(10, len(str(name)) + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
    return last + 1


def save_new(workbook, path: str | os.PathLike, protect: Iterable[str | os.PathLike] = ()) -> Path:
    """Save atomically to ``path``; refuse to overwrite any of the ``protect`` files.

    Results go to a new file; the participant's own input is never modified. The file is
    private to its owner (0600): on a shared hub nobody else reads a participant's results.
    """

    path = Path(path)
    for p in protect:
        if Path(p).exists() and path.exists() and path.resolve() == Path(p).resolve():
            raise InputError([Problem("the output file is the input file",
                                      file=str(path),
                                      fix="choose another name for the results file; "
                                          "the input is never overwritten")],
                             title="Cannot write the results")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".xlsx.tmp")
    os.close(fd)
    try:
        workbook.save(tmp)
        os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
