"""Reading a participant's file safely: the one layer every reader goes through first.

A participant's file may be damaged, in an unexpected encoding, enormous or hostile (a zip
bomb, an Excel sheet that claims a million columns, a YAML anchor bomb). Before any parser
sees it, this module checks what can be checked cheaply (a regular, readable file of a sane
size; a zip package within its limits, with good checksums and no XML entities; a sheet's
declared and real extent) and then reads it with bounded time and memory. Every refusal is
an :class:`~workbook.errors.InputError` whose problems name the file, sheet, row and column
and say what to do, so the command line exits with status 2 and a notebook shows a message,
never a traceback.

Readers keep their own messages for content that is readable but wrong (an unknown country,
a negative quantity); this layer only decides whether the file can be read at all.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import math
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from workbook.errors import InputError, Problem
from workbook.i18n import N_, tr

MB = 1024 * 1024

# Text files (CSV, YAML, JSON).
MAX_TEXT_BYTES = 500 * MB          # an activity CSV with millions of lines stays far below this
MAX_SMALL_TEXT_BYTES = 1 * MB      # a scenario, lever settings or footprint JSON is a few KB
MAX_FIELD_CHARS = 100_000          # one CSV field (a description, a note)
# Excel packages (.xlsx).
MAX_XLSX_BYTES = 50 * MB           # a course template is a few MB even with 100,000 rows
MAX_UNPACKED_BYTES = 250 * MB      # all members of the package, uncompressed
MAX_MEMBER_BYTES = 150 * MB        # one member (a sheet's XML), uncompressed
MAX_MEMBERS = 10_000
MAX_RATIO = 100                    # uncompressed / compressed size of a member above 1 MB
MAX_SHEET_ROWS = 1_048_576         # Excel's own limit
MAX_SHEET_CELLS = 6_000_000        # rows x columns of the rectangle a reader holds in memory
# YAML and JSON structure.
MAX_DEPTH = 40                     # nesting of lists and mappings
MAX_ALIASES = 100                  # YAML aliases (*name) in one document
MAX_NODES = 100_000                # YAML nodes after expanding every alias
MAX_INT_DIGITS = 30                # an integer longer than this is a typing mistake or an attack

# C0 control characters other than tab, line feed and carriage return: invisible, and
# not allowed in an Excel cell (they come with text pasted from other programs).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_FIX = ("delete the invisible control character (it often comes with text pasted from "
               "another program): retype the text in the cell")


def refuse(message: str, *, title: str = N_("Cannot read the file"), **where: Any) -> InputError:
    """One problem as an :class:`InputError` (the caller raises it)."""
    return InputError([Problem(message, **where)], title=title)


def _mb(n: float) -> str:
    return f"{n / MB:,.0f} MB" if n >= 10 * MB else f"{n / MB:.3g} MB"


# ---------------------------------------------------------------- files
def regular_file(path: str | os.PathLike, *, title: str = N_("Cannot read the file"),
                 max_bytes: int | None = MAX_TEXT_BYTES, missing: Problem | None = None,
                 too_large_fix: str = "split the data over several files") -> Path:
    """``path`` if it is an existing, readable regular file of at most ``max_bytes``.

    A folder, a device or a pipe (which would block a reader) is refused before it is opened.
    ``missing`` replaces the default problem for a path that does not exist.
    """
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError([missing or Problem(N_("the file does not exist"), file=str(path),
                                             fix=N_("check the path and the file name"))], title=title) from None
    except NotADirectoryError:
        raise refuse(N_("the path goes through a file as if it were a folder"), title=title, file=str(path),
                     fix=N_("check the path and the file name")) from None
    except (OSError, ValueError) as exc:
        raise refuse(tr("the file cannot be read ({reason})", reason=_reason(exc)), title=title, file=str(path),
                     fix=N_("check the path and that you may read the file")) from None
    if stat.S_ISDIR(st.st_mode):
        raise refuse(N_("this is a folder, not a file"), title=title, file=str(path),
                     fix=N_("give the path of the file itself, e.g. folder/my_file.xlsx"))
    if not stat.S_ISREG(st.st_mode):
        raise refuse(N_("this is not a regular file (a device, pipe or socket)"), title=title, file=str(path),
                     fix=N_("give the path of a file saved on disk"))
    if max_bytes is not None and st.st_size > max_bytes:
        raise refuse(tr("the file is {size}, more than the {limit} this reader accepts", size=_mb(st.st_size),
                             limit=_mb(max_bytes)),
                     title=N_("The file is too large"), file=path.name, fix=too_large_fix)
    if not os.access(path, os.R_OK):
        raise refuse(N_("the file cannot be read (permission denied)"), title=title, file=path.name,
                     fix=N_("check that you may read the file, or copy it to your own folder"))
    return path


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__


def read_bytes(path: str | os.PathLike, *, title: str = N_("Cannot read the file"),
               max_bytes: int | None = MAX_TEXT_BYTES, missing: Problem | None = None) -> bytes:
    """The bytes of a regular file checked by :func:`regular_file`."""
    path = regular_file(path, title=title, max_bytes=max_bytes, missing=missing)
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1) if max_bytes is not None else f.read()
    except OSError as exc:
        raise refuse(tr("the file cannot be read ({reason})", reason=_reason(exc)), title=title, file=path.name,
                     fix=N_("check that you may read the file, or copy it to your own folder")) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise refuse(tr("the file is more than the {limit} this reader accepts", limit=_mb(max_bytes)),
                     title=N_("The file is too large"), file=path.name, fix=N_("split the data over several files"))
    return data


# ---------------------------------------------------------------- text
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
TEXT_FIX = N_("save it again as text, e.g. 'CSV UTF-8' from Excel")


def _line_of(data: bytes | str, index: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, index) + 1


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text without a BOM."""
    sample = raw[:4096]
    if len(sample) < 2 or len(raw) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_text(raw: bytes, file: str | None, *, title: str = N_("Cannot read the file")) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16/32 (with a BOM, or UTF-16 without),
    else Windows-1252 (what Excel on Windows saves as plain "CSV"); anything else, and
    binary data (a NUL byte), is refused with the line where it starts."""
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    if encoding is None and b"\x00" in raw:
        encoding = _utf16_without_bom(raw)
        if encoding is None:
            raise refuse(N_("this is not a text file: it holds binary data (a NUL byte)"), title=title, file=file,
                         row=_line_of(raw, raw.index(b"\x00")), fix=TEXT_FIX)
    if encoding:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise refuse(f"the file starts as {encoding.upper().replace('-SIG', '')} text but is damaged",
                         title=title, file=file, row=_line_of(raw, exc.start), fix=TEXT_FIX) from None
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise refuse(N_("the text is not in a known encoding (UTF-8, UTF-16 or Windows-1252)"),
                             title=title, file=file, row=_line_of(raw, exc.start), fix=TEXT_FIX) from None
    if "\x00" in text:
        raise refuse(N_("this is not a text file: it holds binary data (a NUL character)"), title=title, file=file,
                     row=_line_of(text, text.index("\x00")), fix=TEXT_FIX)
    head = text[:65536]
    if head and len(CONTROL.findall(head)) > max(8, len(head) // 100):
        raise refuse(N_("this is not a text file: it holds binary data"), title=title, file=file, fix=TEXT_FIX)
    return text


def read_text(path: str | os.PathLike, *, title: str = N_("Cannot read the file"),
              max_bytes: int | None = MAX_TEXT_BYTES, missing: Problem | None = None) -> str:
    """A text file read through :func:`read_bytes` and :func:`decode_text`."""
    raw = read_bytes(path, title=title, max_bytes=max_bytes, missing=missing)
    return decode_text(raw, Path(path).name, title=title)


def control_problem(value: Any, *, file: str | None = None, sheet: str | None = None,
                    row: int | None = None, column: str | None = None) -> Problem | None:
    """A problem naming the cell when ``value`` is text with a control character, else None."""
    if isinstance(value, str):
        m = CONTROL.search(value)
        if m:
            return Problem(f"the cell holds an invisible control character (U+{ord(m.group()):04X})",
                           file=file, sheet=sheet, row=row, column=column, fix=CONTROL_FIX)
    return None


# ---------------------------------------------------------------- CSV
@dataclass
class CsvTable:
    """A CSV file read column by column: the header, each column as an array of text (or a
    pandas Categorical where asked), and the spreadsheet row number of every record (the
    header is row 1, as when the file is opened in Excel)."""

    header: list[str]
    columns: dict[int, Any]
    rows: Any  # numpy array of row numbers
    delimiter: str
    has_control: bool = False  # a control character somewhere in the text

    def __len__(self) -> int:
        return len(self.rows)


def sniff_delimiter(text: str, candidates: str = ",;\t") -> str:
    """The delimiter of the header line (outside quotes): the candidate found most often, ',' on a tie."""
    first = text.split("\n", 1)[0]
    counts = {c: 0 for c in candidates}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    return "," if best == 0 or counts.get(",", -1) == best else max(counts, key=counts.get)


def _structure_problem(message: str, file: str | None, row: int, fix: str, title: str) -> InputError:
    return refuse(message, title=title, file=file, row=row, fix=fix)


def _check_structure(text: str, delimiter: str, n: int, file: str | None, title: str) -> None:
    """Every record has the header's number of fields, and quotes are closed (standard CSV)."""
    import numpy as np

    fix = ("check the separators in this row: a separator inside a text needs quotes around the text "
           "(\"...\"), and every row needs a field for every column")
    if '"' not in text:
        # No quoting: one record per line, and a field count is a count of delimiters.
        lines = text.split("\n")
        count = np.fromiter(map(str.count, lines, itertools.repeat(delimiter)), dtype=np.int64,
                            count=len(lines)) + 1
        for i in np.flatnonzero(count != n):
            if lines[i].strip():  # a blank line is skipped, not an error
                raise _structure_problem(f"the row has {int(count[i])} fields but the header has {n}",
                                         file, int(i) + 1, fix, title)
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    record = 0
    start_line = 1
    try:
        for fields in reader:
            record += 1
            if fields and len(fields) != n and any(f.strip() for f in fields):
                raise _structure_problem(f"the row has {len(fields)} fields but the header has {n}",
                                         file, record, fix, title)
            start_line = reader.line_num + 1
    except csv.Error as exc:
        text_ = str(exc)
        if "field larger than field limit" in text_:
            raise _structure_problem(f"a field is longer than {MAX_FIELD_CHARS:,} characters", file, record + 1,
                                     "shorten the text, or check for a quote that is never closed", title) from None
        if "unexpected end of data" in text_ or "EOF" in text_:
            raise _structure_problem(
                f"a quote (\") opened on line {start_line} is never closed", file, record + 1,
                "close the quote, or remove it: a quote inside a text is written twice (\"\")", title) from None
        raise _structure_problem(f"the CSV cannot be read here ({text_})", file, record + 1,
                                 "a quoted text must be followed by the separator; write a quote inside a "
                                 "text twice (\"\")", title) from None


def read_csv_table(text: str, file: str | None, *, title: str = N_("Cannot read the file"),
                   delimiter: str | None = None, categorical: Iterable[str] = (),
                   numeric: Iterable[str] = ()) -> CsvTable:
    """Parse CSV text in the standard dialect (doubled quotes inside quoted fields), strictly:
    a wrong number of fields or an unclosed quote is refused with its row. Columns named in
    ``categorical`` (by header, case-insensitive) come back as pandas Categoricals of their exact
    text (a million rows of a few distinct values stay small); columns in ``numeric`` as floats
    when every value is a plain number (else as text, like the others).
    """
    import numpy as np
    import pandas as pd

    delimiter = delimiter or sniff_delimiter(text)
    first_record = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), None) if text else None
    header = [h.strip() for h in first_record] if first_record else []
    if not header or not any(header):
        return CsvTable(header=[], columns={}, rows=np.zeros(0, dtype=np.int64), delimiter=delimiter)
    n = len(header)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        _check_structure(text, delimiter, n, file, title)
    finally:
        csv.field_size_limit(old_limit)
    cat = {h.lower() for h in categorical}
    num = {h.lower() for h in numeric}
    as_float = {i for i, h in enumerate(header) if h.lower() in num}
    while True:
        try:
            columns = _parse_columns(text, delimiter, n, {i for i, h in enumerate(header) if h.lower() in cat},
                                     as_float)
            break
        except ValueError as exc:
            reason = str(exc).lower()
            if as_float and ("could not convert" in reason or "unable to parse" in reason):
                as_float = set()  # some value is not a plain number: read the text, the reader explains
                continue
            raise refuse(f"the CSV cannot be read ({str(exc).splitlines()[0][:120]})", title=title, file=file,
                         fix=N_("save the file again as CSV from Excel")) from None
        except pd.errors.ParserError as exc:  # checked above; a last line of defence
            raise refuse(f"the CSV cannot be read ({str(exc).splitlines()[0][:120]})", title=title, file=file,
                         fix=N_("save the file again as CSV from Excel")) from None
    length = len(columns[0]) if columns else 0
    rows = np.arange(2, length + 2, dtype=np.int64)
    return CsvTable(header=header, columns=columns, rows=rows, delimiter=delimiter,
                    has_control=CONTROL.search(text) is not None)


def _number_text(x: Any) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() and abs(x) < 1e15 else str(x)


def _parse_columns(text: str, delimiter: str, n: int, categorical: set[int], as_float: set[int],
                   chunk: int = 200_000) -> dict[int, Any]:
    """The columns of a checked CSV text, parsed in chunks: text columns as object arrays,
    ``categorical`` ones as Categoricals of their exact text, ``as_float`` ones as floats."""
    import numpy as np
    import pandas as pd
    from pandas.api.types import union_categoricals

    dtype = {i: ("category" if i in categorical else float if i in as_float else str) for i in range(n)}
    parts: dict[int, list] = {i: [] for i in range(n)}
    reader = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, skiprows=1, names=list(range(n)),
                         index_col=False, dtype=dtype, keep_default_na=False, na_filter=False,
                         skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, doublequote=True, engine="c",
                         chunksize=chunk)
    with reader:
        for df in reader:
            for i in range(n):
                if i in categorical:
                    # pandas turns categories that all look like numbers into numbers: back to text
                    values = df[i].array
                    if values.categories.dtype.kind != "O" and not pd.api.types.is_string_dtype(values.categories):
                        values = values.rename_categories([_number_text(c) for c in values.categories])
                    values = pd.Categorical.from_codes(values.codes, categories=pd.Index(
                        [str(c) for c in values.categories], dtype=object), validate=False)
                else:
                    values = df[i].to_numpy(dtype=float if i in as_float else object)
                parts[i].append(values)
    out: dict[int, Any] = {}
    for i in range(n):
        if not parts[i]:
            out[i] = pd.Categorical([]) if i in categorical else np.zeros(0, dtype=float if i in as_float else object)
        elif i in categorical:
            out[i] = parts[i][0] if len(parts[i]) == 1 else union_categoricals(parts[i])
        else:
            out[i] = parts[i][0] if len(parts[i]) == 1 else np.concatenate(parts[i])
        parts[i] = []
    return out


def csv_records(text: str, file: str | None, *, title: str = N_("Cannot read the file"),
                delimiter: str | None = None) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """Header and (row number, fields) of a small CSV file, read strictly as by :func:`read_csv_table`."""
    table = read_csv_table(text, file, title=title, delimiter=delimiter)
    if not table.header:
        return [], [], table.delimiter
    cols = [table.columns[i] for i in range(len(table.header))]
    return table.header, [(int(r), list(vals)) for r, *vals in zip(table.rows, *cols)], table.delimiter


def find_control_characters(table: CsvTable, file: str | None, limit: int = 50) -> list[Problem]:
    """Problems naming the cells of a CSV table that hold a control character."""
    import numpy as np
    import pandas as pd

    problems: list[Problem] = []
    if not table.has_control:
        return problems
    for i, name in enumerate(table.header):
        col = table.columns[i]
        if getattr(col, "dtype", None) is not None and col.dtype.kind == "f":
            continue  # read as numbers: no text
        values = pd.Series(np.asarray(col.categories if hasattr(col, "categories") else col, dtype=object))
        if values.empty:
            continue
        hit = values.astype(str).str.contains(CONTROL.pattern, regex=True).to_numpy(dtype=bool)
        if not hit.any():
            continue
        if hasattr(col, "categories"):
            bad_codes = np.flatnonzero(hit)
            where = np.flatnonzero(np.isin(col.codes, bad_codes))
        else:
            where = np.flatnonzero(hit)
        for j in where[:limit]:
            problems.append(control_problem(str(col[j]), file=file, row=int(table.rows[j]), column=name))
    problems.sort(key=lambda p: (p.row or 0))
    return problems[:limit]


# ---------------------------------------------------------------- numbers
def finite_number(value: Any) -> float | None:
    """A finite float from a number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        x = float(value)
    except OverflowError:
        return None
    return x if math.isfinite(x) else None


# ---------------------------------------------------------------- YAML
class _Refusal(Exception):
    def __init__(self, message: str, mark=None, fix: str = "") -> None:
        super().__init__(message)
        self.message, self.mark, self.fix = message, mark, fix


def _safe_loader():
    """A SafeLoader with budgets: aliases, nesting depth, expanded size, integer length; no
    duplicate keys; an impossible date is refused instead of crashing."""
    import yaml
    from yaml.nodes import MappingNode

    class Loader(yaml.SafeLoader):
        def __init__(self, stream):
            super().__init__(stream)
            self._aliases = 0
            self._depth = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > MAX_ALIASES:
                    raise _Refusal(f"more than {MAX_ALIASES} aliases (*name)", self.peek_event().start_mark,
                                   "write the values out instead of using anchors (&) and aliases (*)")
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _Refusal(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark,
                               "a scenario is a flat list of 'key: value' lines")
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node, deep=False):
            if isinstance(node, MappingNode):
                seen: set = set()
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        duplicate = key in seen
                        seen.add(key)
                    except TypeError:
                        raise _Refusal("a key that is a list or a mapping", key_node.start_mark,
                                       "keys are single words") from None
                    if duplicate:
                        raise _Refusal(f"the key '{key}' appears twice", key_node.start_mark,
                                       "keep one line per key (the second one would silently win)")
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node):
            digits = re.sub(r"[^0-9a-fA-F]", "", str(node.value))
            if len(digits) > MAX_INT_DIGITS:
                raise _Refusal(f"a number with {len(digits):,} digits", node.start_mark, "check the number")
            return super().construct_yaml_int(node)

        def construct_yaml_timestamp(self, node):
            try:
                return super().construct_yaml_timestamp(node)
            except (ValueError, OverflowError):
                raise _Refusal(f"'{node.value}' is not a valid date", node.start_mark,
                               "write a date that exists, as YYYY-MM-DD") from None

    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


def _expanded_size(root) -> int:
    """Nodes in the document with every alias expanded; a node inside itself is refused."""
    from yaml.nodes import MappingNode, SequenceNode

    size: dict[int, int] = {}
    active: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = ([c for kv in node.value for c in kv] if isinstance(node, MappingNode)
                        else node.value if isinstance(node, SequenceNode) else [])
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_NODES:
                raise _Refusal(f"the aliases expand to more than {MAX_NODES:,} values", node.start_mark,
                               "write the values out instead of using anchors (&) and aliases (*)")
            continue
        if key in size:
            continue
        if key in active:
            raise _Refusal("an alias refers to the list or mapping it is in", node.start_mark,
                           "remove the alias (*name)")
        active.add(key)
        stack.append((node, True))
        if isinstance(node, MappingNode):
            stack.extend((c, False) for kv in node.value for c in kv if id(c) not in size)
        elif isinstance(node, SequenceNode):
            stack.extend((c, False) for c in node.value if id(c) not in size)
    return size.get(id(root), 0)


def load_yaml_text(text: str, file: str | None, *, title: str = N_("Cannot read the file"),
                   fix: str = "write one 'key: value' per line") -> Any:
    """Parse YAML safely (see :func:`_safe_loader`); any refusal names the line."""
    import yaml

    loader = _safe_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node)
        return loader.construct_document(node)
    except _Refusal as exc:
        raise refuse(exc.message, title=title, file=file, row=exc.mark.line + 1 if exc.mark else None,
                     fix=exc.fix or fix) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise refuse(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", title=title, file=file,
                     row=(mark.line + 1) if mark else None, fix=fix) from None
    except (RecursionError, MemoryError):
        raise refuse(N_("the YAML is nested too deeply or too large"), title=title, file=file, fix=fix) from None
    finally:
        loader.dispose()


def load_yaml(path: str | os.PathLike, *, title: str = N_("Cannot read the file"),
              missing: Problem | None = None, max_bytes: int = MAX_SMALL_TEXT_BYTES,
              fix: str = "write one 'key: value' per line") -> Any:
    """A participant's YAML file: a regular text file of at most ``max_bytes``, parsed safely."""
    text = read_text(path, title=title, max_bytes=max_bytes, missing=missing)
    return load_yaml_text(text, Path(path).name, title=title, fix=fix)


# ---------------------------------------------------------------- JSON
class TooLong:
    """Stands for an integer with more than MAX_INT_DIGITS digits found in a JSON document."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"<an integer of {self.digits:,} digits>"


def _parse_int(text: str):
    return TooLong(len(text)) if len(text) > MAX_INT_DIGITS else int(text)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def json_depth_ok(value: Any, max_depth: int = MAX_DEPTH) -> bool:
    """True when lists and objects nest at most ``max_depth`` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, (dict, list)):
            if d > max_depth:
                return False
            stack.extend((c, d + 1) for c in (v.values() if isinstance(v, dict) else v))
    return True


def holds_too_long(value: Any) -> bool:
    """True when a parsed document holds a :class:`TooLong` integer anywhere."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, TooLong):
            return True
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def parse_json(text: str) -> Any:
    """JSON with bounded integers (longer ones become :class:`TooLong`), no NaN or Infinity;
    raises ValueError (also for nesting beyond the interpreter's recursion limit)."""
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def load_json(path: str | os.PathLike, *, title: str = N_("Cannot read the file"), missing: Problem | None = None,
              max_bytes: int = MAX_SMALL_TEXT_BYTES, fix: str = "pass a valid JSON file") -> Any:
    """A participant's JSON file (UTF-8 with or without BOM, or UTF-16), strictly bounded."""
    text = read_text(path, title=title, max_bytes=max_bytes, missing=missing)
    name = Path(path).name
    try:
        doc = parse_json(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise refuse(f"not valid JSON ({getattr(exc, 'msg', None) or exc})", title=title, file=name, row=line,
                     fix=fix) from None
    if not json_depth_ok(doc):
        raise refuse(f"the JSON is nested more than {MAX_DEPTH} levels deep", title=title, file=name, fix=fix)
    if holds_too_long(doc):
        raise refuse(f"the JSON holds an integer of more than {MAX_INT_DIGITS} digits", title=title, file=name,
                     fix=fix)
    return doc


# ---------------------------------------------------------------- Excel (.xlsx)
XLSX_FIX = N_("open it in Excel and save it again as .xlsx, or start from a fresh template")
_ENTITY = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<dimension\s+ref="\$?([A-Z]{1,4})\$?(\d{1,9})(?::\$?([A-Z]{1,4})\$?(\d{1,9}))?"')
_ROW = re.compile(rb'<row\b[^>]*?\sr="(\d{1,12})"')
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,4})\d')  # only cell references have letters in an r attribute
_FORMULA = re.compile(rb"<f[ >/]")
_CELL_REF = re.compile(rb'\sr="([A-Z]+[0-9]+)"')
# control characters as raw bytes, as XML character references, or as Excel's _xHHHH_ escapes
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_REF = re.compile(rb"&#0*(?:[1-8]|1[124-9]|2\d|3[01]);|&#x0*(?:[1-8bcefBCEF]|1[0-9a-fA-F]);")
_CONTROL_ESC = re.compile(rb"_x00(?:0[0-8bcefBCEF]|1[0-9a-fA-F])_")


def _has_control(xml: bytes) -> bool:
    """A control character in XML: as a raw byte, a character reference or Excel's _xHHHH_ escape."""
    return bool(_CONTROL_BYTES.search(xml) or (b"&#" in xml and _CONTROL_REF.search(xml))
                or (b"_x00" in xml and _CONTROL_ESC.search(xml)))


def column_number(letters: str | bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@dataclass
class SheetCheck:
    """What the pre-check of one sheet's XML found."""

    rows: int
    columns: int
    formulas: set[str] = field(default_factory=set)
    controls: bool = False


@dataclass
class XlsxFile:
    """An .xlsx package that passed the checks, with calamine opened on it."""

    path: Path
    file: str
    title: str
    book: Any
    sheet_names: list[str]
    members: dict[str, str]            # sheet name -> zip member of its XML
    checks: dict[str, SheetCheck]
    shared_controls: bool = False

    def rows(self, sheet: str, *, max_columns: int | None = None, nrows: int | None = None) -> list[list[Any]]:
        """The sheet's cells as lists of values from A1 (empty cells None), within the limits;
        the first ``nrows`` rows only when given."""
        check = self.checks[sheet]
        if max_columns is not None and check.columns > max_columns:
            raise refuse(f"the sheet has data up to column {column_letters(check.columns)}, far beyond its "
                         f"{max_columns} columns", title=self.title, file=self.file, sheet=sheet,
                         column=column_letters(check.columns),
                         fix=f"delete the columns after {column_letters(max_columns)} (select them, "
                             "right-click, Delete), then save")
        try:
            data = self.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False, nrows=nrows)
        except Exception as exc:  # calamine reports damage with several exception types
            raise refuse(f"the sheet cannot be read ({type(exc).__name__})", title=self.title, file=self.file,
                         sheet=sheet, fix=XLSX_FIX) from None
        if data and (check.controls or self.shared_controls):
            problems = []
            for r, row in enumerate(data, start=1):
                for j, v in enumerate(row, start=1):
                    p = control_problem(v, file=self.file, sheet=sheet, row=r, column=column_letters(j))
                    if p:
                        problems.append(p)
                        if len(problems) >= 50:
                            break
            if problems:
                raise InputError(problems, title=self.title)
        return data

    def formulas(self, sheet: str) -> set[str]:
        return self.checks[sheet].formulas if sheet in self.checks else set()

    def close(self) -> None:
        try:
            self.book.close()
        except Exception:  # already closed, or an old calamine without close()
            pass


def sheet_members(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member, from xl/workbook.xml and its relationships."""
    names = set(z.namelist())
    out: dict[str, str] = {}
    if "xl/workbook.xml" not in names:
        return out
    wbxml = z.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace") \
        if "xl/_rels/workbook.xml.rels" in names else ""
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    for tag in re.findall(r"<sheet\s[^>]*>", wbxml):
        name = re.search(r'\sname="([^"]*)"', tag)
        rid = re.search(r'\sr:id="([^"]+)"', tag) or re.search(r'\s\w+:id="([^"]+)"', tag)
        if not name or not rid or rid.group(1) not in targets:
            continue
        sheet_name = (name.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
                      .replace("&apos;", "'").replace("&amp;", "&"))
        target = targets[rid.group(1)]
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        member = os.path.normpath(member).replace(os.sep, "/")
        if member in names:
            out[sheet_name] = member
    return out


def formula_refs(xml: bytes) -> set[str]:
    """The cells of one sheet's XML that hold a formula (``<f>`` inside ``<c r="...">``); calamine
    only sees values. Linear in the size of the sheet: from each formula element back to the
    tag of its cell (one regular expression over all cells backtracks badly on inline strings)."""
    refs = set()
    for m in _FORMULA.finditer(xml):
        start = xml.rfind(b"<c ", 0, m.start())
        if start < 0:
            continue
        ref = _CELL_REF.search(xml[start:xml.find(b">", start) + 1])
        if ref:
            refs.add(ref.group(1).decode())
    return refs


def _check_sheet(xml: bytes, file: str, sheet: str, title: str) -> SheetCheck:
    dim = _DIMENSION.search(xml[:4096])
    if dim:
        c1, r1, c2, r2 = dim.groups()
        rows = int(r2 or r1) - int(r1) + 1 if (r2 or r1) else 1
        cols = column_number(c2 or c1) - column_number(c1) + 1
        if int(r2 or r1) > MAX_SHEET_ROWS or column_number(c2 or c1) > 16384 or rows * cols > MAX_SHEET_CELLS:
            raise refuse(f"the sheet claims {int(r2 or r1):,} rows and {column_number(c2 or c1):,} columns "
                         f"(up to cell {(c2 or c1).decode()}{int(r2 or r1)}), far more than this reader accepts",
                         title=N_("The file is too large"), file=file, sheet=sheet,
                         fix="delete the empty rows and columns after your data (or copy the data into a "
                             "fresh template), then save")
    max_row = max((int(x) for x in _ROW.findall(xml)), default=0)
    digits = len(str(max_row))
    if re.search(rb' r="[A-Z]{1,4}\d{%d,}"' % (digits + 1), xml):  # a cell beyond the last row element
        max_row = max(max_row, max(int(x) for x in re.findall(rb' r="[A-Z]{1,4}(\d+)"', xml)))
    letters = set(_CELL_COLUMN.findall(xml))
    max_col = max((column_number(x) for x in letters), default=0)
    if max_row > MAX_SHEET_ROWS or max_col > 16384 or max_row * max_col > MAX_SHEET_CELLS:
        raise refuse(f"the sheet has data up to cell {column_letters(max_col)}{max_row:,}: "
                     f"{max_row:,} rows x {max_col:,} columns is more than this reader accepts",
                     title=N_("The file is too large"), file=file, sheet=sheet,
                     fix="delete what lies far to the right or below your data, or split the data "
                         "over several files")
    return SheetCheck(rows=max_row, columns=max_col, formulas=formula_refs(xml),
                      controls=_has_control(xml))


def open_xlsx(path: str | os.PathLike, *, sheets: Iterable[str] | str = (), title: str = N_("Cannot read the file"),
              max_bytes: int = MAX_XLSX_BYTES, missing: Problem | None = None,
              not_xlsx_fix: str = "save the file as Excel Workbook (.xlsx)",
              not_xlsx: str = "this is not an Excel (.xlsx) file") -> XlsxFile:
    """Check an .xlsx package and open it with calamine.

    Refused before any XML parser runs: not a regular file, over ``max_bytes``, an old .xls or
    a password-protected file, not a zip, too many members, a member or the whole package
    unpacking to too much (or at a zip-bomb ratio), a bad checksum, an XML entity declaration,
    and, for each sheet in ``sheets`` that exists (``"*"``: every sheet), a declared or real
    extent beyond the limits.
    """
    path = regular_file(path, title=title, max_bytes=max_bytes, missing=missing,
                        too_large_fix=N_("remove pictures and unused sheets, or split the data"))
    name = path.name
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise refuse(tr("the file cannot be read ({reason})", reason=_reason(exc)), title=title, file=name,
                     fix=N_("check that you may read the file")) from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(N_("the file is password-protected or an old .xls file"), title=title, file=name,
                     fix=N_("remove the password (File > Info > Protect) and save as .xlsx"))
    if not head.startswith(b"PK"):
        raise refuse(not_xlsx, title=title, file=name, fix=not_xlsx_fix)
    wanted = set() if sheets == "*" else set(sheets)
    checks: dict[str, SheetCheck] = {}
    shared_controls = False
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS:
                raise refuse(f"the package has {len(infos):,} parts, far more than an Excel file",
                             title=N_("The file is too large"), file=name, fix=XLSX_FIX)
            unpacked = sum(i.file_size for i in infos)
            if unpacked > MAX_UNPACKED_BYTES or any(
                    i.file_size > MAX_MEMBER_BYTES or (i.file_size > MB and i.file_size > MAX_RATIO * max(i.compress_size, 1))
                    for i in infos):
                raise refuse(N_("the file unpacks to far more data than this reader accepts (a possible zip bomb)"),
                             title=N_("The file is too large"), file=name,
                             fix=N_("use a template made with the course, or split the data over several files"))
            members = sheet_members(z)
            if sheets == "*":
                wanted = set(members)
            wanted_members = {members[s]: s for s in wanted if s in members}
            for info in infos:
                if info.is_dir():
                    continue
                data = z.read(info)  # reading to the end checks the CRC
                if info.filename.endswith((".xml", ".rels", ".vml")) and _ENTITY.search(data):
                    raise refuse(N_("the file declares XML entities, which Excel never writes"), title=title,
                                 file=name, sheet=wanted_members.get(info.filename), fix=XLSX_FIX)
                if info.filename in wanted_members:
                    sheet = wanted_members[info.filename]
                    checks[sheet] = _check_sheet(data, name, sheet, title)
                elif info.filename == "xl/sharedStrings.xml":
                    shared_controls = _has_control(data)
                del data
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            RuntimeError, ValueError) as exc:
        reason = "a damaged part (checksum error)" if "CRC" in str(exc) else "not a valid .xlsx package"
        raise refuse(f"the Excel file is damaged ({reason})", title=title, file=name, fix=XLSX_FIX) from None
    except Exception as exc:  # zlib.error and friends from a damaged stream
        raise refuse(f"the Excel file is damaged ({type(exc).__name__})", title=title, file=name,
                     fix=XLSX_FIX) from None
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet_names = list(book.sheet_names)
    except Exception as exc:  # calamine reports damage with several exception types
        raise refuse(f"the Excel file cannot be read ({type(exc).__name__})", title=title, file=name,
                     fix=XLSX_FIX) from None
    for s in wanted & set(sheet_names):
        if s not in checks:  # a sheet calamine sees but the package map does not: cannot be checked
            raise refuse(N_("the sheet cannot be checked (the workbook's structure is unusual)"), title=title,
                         file=name, sheet=s, fix=XLSX_FIX)
    return XlsxFile(path=path, file=name, title=title, book=book, sheet_names=sheet_names,
                    members={s: m for m, s in wanted_members.items()}, checks=checks,
                    shared_controls=shared_controls)
