"""Writing Excel files that are safe to open and never overwrite the participant's input.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``)
is written as a text cell, so a participant's answer or a supplier name can never
execute in the reader's Excel (CSV/formula injection). Control characters that Excel
cannot store are removed and text is cut at Excel's 32,767 characters per cell.

Large tables (a results file with 100,000 emission lines, a supplier map with a million
rows) are streamed: :func:`table_sheet` adds a sheet with only its header, and
:func:`save_new` writes its rows straight into the sheet's XML in column-wise batches, in
bounded memory and a few seconds, instead of creating one Python cell object per value.
Saving goes through :func:`workbook.outputs.write_new`: the one rule for every file written.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from workbook.outputs import write_new
from workbook.safeinput import sheet_members

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PRIVATE_FILE = 0o600  # what the package writes for a participant is readable by that participant only
MAX_CELL_CHARS = 32_767         # Excel's limit for the text of one cell
MAX_DATA_ROWS = 1_048_575       # Excel's 1,048,576 rows less the header
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_text(text: str) -> str:
    """Text Excel can store: no control characters, at most 32,767 characters."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS - 1] + "…"
    return text


def set_cell(ws, row: int, column: int, value: Any):
    """Write one value; formula-like text stays text (and shows as typed)."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # a numpy number
    if isinstance(value, str):
        value = cell_text(value)
        cell.value = value
        if value.startswith(FORMULA_PREFIXES):
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


# ------------------------------------------------------------------ streamed tables
@dataclass
class StreamedTable:
    """A sheet whose rows are written by :func:`save_new` straight into its XML."""

    title: str
    header: list[str]
    columns: list[Any]            # one array-like per header column, all of one length
    rows: int
    text_style: int | None = field(default=None)  # the xf index of a quote-prefixed text cell
    encoded: list = field(default_factory=list)   # per column: (codes, distinct values, shared-string ids)


def table_sheet(wb, title: str, header: Sequence[str], columns: Mapping[str, Any] | Sequence[Any],
                widths: dict[int, int] | None = None, index: int | None = None) -> StreamedTable:
    """Add a sheet with a bold, frozen, filterable header whose rows are streamed on save.

    ``columns`` are array-likes (numpy arrays, pandas Series or Categoricals, lists), one per
    header column; at most :data:`MAX_DATA_ROWS` rows (put more in a CSV file beside).
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = list(columns.values()) if isinstance(columns, Mapping) else list(columns)
    n = len(cols[0]) if cols else 0
    if any(len(c) != n for c in cols) or len(cols) != len(header):
        raise ValueError("every column needs one value per row, and one column per header name")
    if n > MAX_DATA_ROWS:
        raise ValueError(f"{n:,} rows do not fit in an Excel sheet ({MAX_DATA_ROWS:,} at most)")
    ws = wb.create_sheet(title, index)
    for j, name in enumerate(header, start=1):
        set_cell(ws, 1, j, name).font = Font(bold=True)
        width = (widths or {}).get(j) or min(60, max(10, len(str(name)) + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
    marker = ws.cell(row=2, column=1, value="x")  # registers the style of quote-prefixed text
    marker.quotePrefix = True
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{n + 1}"
    table = StreamedTable(title, list(header), cols, n)
    pending = getattr(wb, "_workbook_streamed", None)
    if pending is None:
        pending = {}
        wb._workbook_streamed = pending
    pending[title] = table
    return table


def _body(v: Any, text_style: int | None, sst: int | None) -> str | None:
    """What follows ``<c r="A2`` for one value (text by its index ``sst`` in the workbook's
    shared strings); None for an empty cell."""
    import numpy as np

    if v is None:
        return None
    if isinstance(v, (bool, np.bool_)):
        return '" t="b"><v>1</v></c>' if v else '" t="b"><v>0</v></c>'
    if isinstance(v, (int, np.integer)):
        return f'"><v>{int(v)}</v></c>'
    if isinstance(v, (float, np.floating)):
        x = float(v)
        if x != x or x in (float("inf"), float("-inf")):
            return None
        return f'"><v>{int(x) if x.is_integer() and abs(x) < 1e15 else repr(x)}</v></c>'
    text = v if isinstance(v, str) else str(v)
    style = f' s="{text_style}"' if text_style is not None and text.startswith(FORMULA_PREFIXES) else ""
    return f'"{style} t="s"><v>{sst}</v></c>'


def _is_text_column(values) -> bool:
    import numpy as np
    import pandas as pd

    if isinstance(values, pd.Categorical) or isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
        return True
    return np.asarray(values[:0] if hasattr(values, "__getitem__") else values).dtype.kind not in "biuf"


class _SharedStrings:
    """The workbook's shared-string table for streamed text: each distinct text written once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def chunks(self, size: int = 20_000):
        n = len(self.index)
        yield (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN_NS}" '
               f'count="{n}" uniqueCount="{n}">')
        texts = list(self.index)
        for start in range(0, n, size):
            yield "".join(f'<si><t xml:space="preserve">{_xml_escape(t)}</t></si>' for t in texts[start:start + size])
        yield "</sst>"


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_REL = ('<Relationship Id="rIdStreamedStrings" Target="sharedStrings.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>')
_SST_TYPE = ('<Override PartName="/xl/sharedStrings.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


def _xml_escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _register_text(table: StreamedTable, sst: "_SharedStrings") -> None:
    """Before writing: put each distinct text of the table's text columns in the shared
    strings (written once, referred to by number: repeated text costs nothing)."""
    import numpy as np
    import pandas as pd

    encoded = []
    for col in table.columns:
        values = col.array if isinstance(col, pd.Series) else col
        if not _is_text_column(values):
            encoded.append(None)
            continue
        if isinstance(values, pd.Categorical) or isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
            cat = pd.Categorical(values)
            codes, uniq = np.asarray(cat.codes), list(cat.categories)
        else:
            codes, uniq = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
            uniq = list(uniq)
        codes = np.where(codes < 0, len(uniq), codes).astype(np.int32)
        ids = [sst.add(cell_text(u if isinstance(u, str) else str(u)))
               if u is not None and not isinstance(u, (bool, int, float, np.bool_, np.integer, np.floating))
               else None for u in uniq]
        encoded.append((codes, uniq, ids))
    table.encoded = encoded


def _bodies(values, text_style: int | None):
    """What follows ``<c r="A2`` for every value of a numeric or boolean column; None: empty."""
    import numpy as np

    arr = np.asarray(values)
    if arr.dtype == bool:
        return np.where(arr, '" t="b"><v>1</v></c>', '" t="b"><v>0</v></c>').astype(object)
    if arr.dtype.kind in "iu":
        return '"><v>' + arr.astype(str).astype(object) + "</v></c>"
    ok = np.isfinite(arr)
    if ok.all() and len(arr) and np.abs(arr).max() < 1e15 and (arr == np.round(arr)).all():
        return '"><v>' + arr.astype(np.int64).astype(str).astype(object) + "</v></c>"  # whole numbers
    text = '"><v>' + np.where(ok, arr, 0).astype(str).astype(object) + "</v></c>"
    return np.where(ok, text, None)


def _sheet_xml_rows(table: StreamedTable, batch: int = 50_000):
    """The ``<row>`` elements of a streamed table, a batch at a time (bounded memory)."""
    import numpy as np
    import pandas as pd
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(j + 1) for j in range(len(table.header))]
    text_bodies = {}
    for j, enc in enumerate(table.encoded):
        if enc is not None:
            codes, uniq, sst = enc
            bodies = np.empty(len(uniq) + 1, dtype=object)
            bodies[:-1] = [_body(u, table.text_style, i) for u, i in zip(uniq, sst)]
            bodies[-1] = None
            text_bodies[j] = bodies
    for start in range(0, table.rows, batch):
        stop = min(start + batch, table.rows)
        refs = np.arange(start + 2, stop + 2).astype(str).astype(object)
        parts = ['<row r="' + refs + '">']
        for j, (col, letter) in enumerate(zip(table.columns, letters)):
            if j in text_bodies:
                body = text_bodies[j][table.encoded[j][0][start:stop]]
            else:
                part = col.iloc[start:stop].to_numpy() if isinstance(col, pd.Series) else col[start:stop]
                body = _bodies(part, table.text_style)
            empty = np.equal(body, None)
            parts.append(np.where(empty, "", ('<c r="' + letter) + refs + np.where(empty, "", body)))
        parts.append(np.full(stop - start, "</row>", dtype=object))
        yield "".join(np.stack(parts, axis=1).ravel().tolist())


def _stream_tables(src: Path, dst: Path, tables: dict[str, StreamedTable]) -> None:
    """Copy the package ``src`` to ``dst``, writing each streamed table's rows into its sheet."""
    from openpyxl.utils import get_column_letter

    sst = _SharedStrings()
    for table in tables.values():
        _register_text(table, sst)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        names = set(zin.namelist())
        if "xl/sharedStrings.xml" in names:  # the library wrote its own table: keep it, write text inline
            raise ValueError("the workbook already has a shared-string table")
        members = {m: t for t, m in sheet_members(zin).items() if t in tables}
        for info in zin.infolist():
            if info.filename not in members:
                data = zin.read(info)
                if info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", _SST_REL.encode() + b"</Relationships>")
                elif info.filename == "[Content_Types].xml":
                    data = data.replace(b"</Types>", _SST_TYPE.encode() + b"</Types>")
                zout.writestr(zipfile.ZipInfo(info.filename, info.date_time), data,
                              compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
                continue
            table = tables[members[info.filename]]
            xml = zin.read(info).decode("utf-8")
            style = re.search(r'<c r="A2" s="(\d+)"', xml)
            table.text_style = int(style.group(1)) if style else None
            head, _, tail = xml.partition("<sheetData>")
            body, _, tail = tail.partition("</sheetData>")
            header_row = re.search(r'<row r="1".*?</row>', body, re.S)
            last = f"{get_column_letter(max(len(table.header), 1))}{table.rows + 1}"
            head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last}"', head)
            with zout.open(info.filename, "w", force_zip64=True) as fout:
                fout.write((head + "<sheetData>" + (header_row.group(0) if header_row else "")).encode("utf-8"))
                for chunk in _sheet_xml_rows(table):
                    fout.write(chunk.encode("utf-8"))
                fout.write(("</sheetData>" + tail).encode("utf-8"))
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as fout:
            for chunk in sst.chunks():
                fout.write(chunk.encode("utf-8"))


def save_new(workbook, path: str | os.PathLike, protect: Iterable[str | os.PathLike | None] = (), *,
             force: bool = False, rename: bool = False, title: str = "Cannot write the results") -> Path:
    """Save to a new file (see :func:`workbook.outputs.output_path`); return the path written.

    Never over any of the ``protect`` files (the inputs), the progress file or a non-regular
    file; over another existing file only with ``force``, or under a free name with ``rename``.
    The file is private to its owner (0600): on a shared hub nobody else reads a participant's results.
    """
    tables = getattr(workbook, "_workbook_streamed", None) or {}

    def write(tmp: Path) -> None:
        if not tables:
            workbook.save(tmp)
            return

        plain = tmp.with_name(tmp.name + ".plain")
        try:
            workbook.save(plain)
            _stream_tables(plain, tmp, tables)
        finally:
            plain.unlink(missing_ok=True)

    return write_new(path, write, force=force, rename=rename, inputs=protect, title=title, suffix=".xlsx.tmp",
                     mode=PRIVATE_FILE)
