"""The participant's progress file: every answer saved at once, never lost.

One JSON file under ``WORKBOOK_HOME`` (outside the notebooks, so course updates never touch
it). Each save takes a lock, re-reads the file, applies the change and replaces the file
atomically (temporary file, fsync, rename), so two kernels saving at once lose nothing.
A file that cannot be read is moved aside with a timestamp and reported, never replaced.

The file is private to its owner (mode 0600, in a folder created 0700): on a shared machine
(a JupyterHub with Unix accounts) no participant can read another's answers. Each checked
attempt keeps its value (the first ``MAX_TRIES``), so a facilitator sees first tries even after
a participant has corrected them. Files written before attempts were kept still read.
"""
from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from workbook.errors import ProgressWarning, WorkbookError
from workbook.excel import PRIVATE_FILE
from workbook.i18n import tr
from workbook.safeinput import MAX_DEPTH, MAX_INT_DIGITS, holds_too_long, json_depth_ok, parse_json

FORMAT = 1
FILENAME = "progress.json"
PRIVATE_FOLDER = 0o700
MAX_TRIES = 10  # checked attempts kept per exercise (the first ones: they show what people first think)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _empty() -> dict[str, Any]:
    return {"format": FORMAT, "answers": {}, "data": {}}


MAX_BYTES = 50 * 1024 * 1024  # a progress file holds answers: a few hundred KB at most
MAX_ATTEMPTS = 10**6


def plain(value: Any, depth: int = 0) -> Any:
    """A value as plain JSON: numpy numbers and arrays become Python ones, tuples and sets lists,
    NaN and infinity None, anything else its text; nesting beyond a limit is refused."""
    if depth > MAX_DEPTH:
        raise WorkbookError("This answer is nested too deeply to be saved.")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if len(str(abs(value))) <= MAX_INT_DIGITS else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "tolist") and not isinstance(value, (dict, list, tuple, set)):
        return plain(value.tolist(), depth)  # numpy scalars and arrays
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v, depth + 1) for v in value), key=str)
    return str(value)


def _dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True, allow_nan=False)


def _value_ok(value: Any) -> bool:
    return json_depth_ok(value) and not holds_too_long(value)


def _entry_ok(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    attempts = entry.get("attempts", 0)
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not 0 <= attempts <= MAX_ATTEMPTS:
        return False
    if entry.get("correct") not in (True, False, None):
        return False
    if any(k in entry and not isinstance(entry[k], str) for k in ("saved_at", "solved_at")):
        return False
    return _value_ok(entry)  # every field, the answer's value and anything else kept with it


def _validated(doc: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The usable part of a progress document, and what was set aside (named for the warning)."""
    dropped: list[str] = []
    clean: dict[str, Any] = {"format": FORMAT, "answers": {}, "data": {}}
    for key, value in doc.items():
        if key not in ("format", "answers", "data"):
            if _value_ok(value):
                clean[key] = value
            else:
                dropped.append(f"'{key}'")
    answers = doc.get("answers", {})
    if isinstance(answers, dict):
        for ex_id, entry in answers.items():
            if _entry_ok(entry):
                clean["answers"][ex_id] = entry
            else:
                dropped.append(f"the answer to {ex_id[:60]}")
    else:
        dropped.append("the answers (not a set of answers)")
    data = doc.get("data", {})
    if isinstance(data, dict):
        for k, v in data.items():
            if _value_ok(v):
                clean["data"][k] = v
            else:
                dropped.append(f"the saved item {k[:60]}")
    else:
        dropped.append("the saved items (not a set of items)")
    return clean, dropped


def _load(raw: bytes) -> dict[str, Any]:
    """The JSON object in a progress file's bytes (a BOM is fine; giant integers and deep nesting
    never reach the interpreter's limits); ValueError says why it is unusable as a whole."""
    if len(raw) > MAX_BYTES:
        raise ValueError(f"it is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        doc = parse_json(raw.decode("utf-8-sig"))  # a BOM (Notepad) is fine
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"it is not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        raise ValueError("it does not have the expected structure")
    return doc


def read_document(raw: bytes) -> tuple[dict[str, Any], list[str]]:
    """The usable part of a progress file's bytes and what was set aside (malformed answers or
    items, named); ValueError says why the file is unusable as a whole."""
    return _validated(_load(raw))


def parse_document(raw: bytes) -> dict[str, Any]:
    """A progress document from the bytes of a progress file, as it is (its entries unchecked);
    ValueError says why it is unusable.

    For the facilitator's read-only cohort view, which checks and counts each entry itself.
    """
    doc = _load(raw)
    if not isinstance(doc.get("answers", {}), dict) or not isinstance(doc.get("data", {}), dict):
        raise ValueError("it does not have the expected structure")
    doc.setdefault("format", FORMAT)
    doc.setdefault("answers", {})
    doc.setdefault("data", {})
    return doc


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; a folder it creates is its owner's only."""
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)


def atomic_write_text(path: Path, text: str, mode: int = PRIVATE_FILE) -> None:
    """Write ``text`` so that readers see the old file or the new one, never half of one.

    Private (0600) unless told otherwise: most of what the package writes is a participant's.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def record_answer(doc: dict[str, Any], exercise_id: str, value: Any, correct: bool | None = None,
                  checked: bool = False, now: str | None = None, company: str | None = None) -> None:
    """Apply one answer to a progress document (the store saves it; the demo cohort reuses it).

    A checked attempt also keeps its value and verdict in ``tries`` (the first ``MAX_TRIES``).
    An entry saved before tries were kept gets ``tries_from``: the number of attempts whose
    values are unknown, so a later try is never taken for a first one.
    """
    value = plain(value)
    correct = None if correct is None else bool(correct)
    entry = doc["answers"].setdefault(exercise_id, {"attempts": 0, "correct": None})
    entry["value"] = value
    entry["saved_at"] = now or _now()
    if company:
        entry["company"] = company
    if checked:
        if "tries" not in entry:
            entry["tries"] = []
            if int(entry.get("attempts", 0)):
                entry["tries_from"] = int(entry["attempts"])
        if len(entry["tries"]) < MAX_TRIES:
            entry["tries"].append({"value": value, "correct": correct})
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["correct"] = correct
        if correct:
            entry["solved_at"] = entry.get("solved_at") or entry["saved_at"]


def new_document() -> dict[str, Any]:
    """An empty progress document."""
    return _empty()


@dataclass
class ProgressStore:
    """Read and update one participant's progress file."""

    home: Path
    warning: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.home = Path(self.home)

    @property
    def path(self) -> Path:
        return self.home / FILENAME

    def _lock(self):
        from filelock import FileLock

        make_private_folder(self.home)
        return FileLock(str(self.home / f".{FILENAME}.lock"), timeout=30, mode=PRIVATE_FILE)

    # ------------------------------------------------------------------ reading
    def _read_unlocked(self) -> dict[str, Any]:
        try:
            with open(self.path, "rb") as f:
                raw = f.read(MAX_BYTES + 1)
        except FileNotFoundError:
            return _empty()
        except OSError as exc:
            return self._set_aside(f"it could not be read ({exc.strerror or type(exc).__name__})")
        try:
            clean, dropped = read_document(raw)
        except ValueError as exc:
            return self._set_aside(str(exc))
        if dropped:
            self._keep_copy_and_repair(clean, dropped)
        return clean

    def _keep_copy_and_repair(self, clean: dict[str, Any], dropped: list[str]) -> None:
        """Keep the whole file as it was beside it, then save the valid part in its place."""
        aside = self._aside_path()
        try:
            shutil.copyfile(self.path, aside)
            os.chmod(aside, PRIVATE_FILE)
            atomic_write_text(self.path, _dumps(clean))
            kept = tr("The file as it was is kept as {file} in {folder}", file=aside.name, folder=self.home)
        except OSError as exc:
            kept = tr("The file could not be repaired ({problem}); it was left untouched",
                      problem=exc.strerror or type(exc).__name__)
        shown = ", ".join(dropped[:10]) + (" " + tr("and {n} more", n=len(dropped) - 10) if len(dropped) > 10 else "")
        self.warning = tr("Some entries of your progress file {file} could not be used and were set aside: {entries}. "
                          "Your other answers are kept. {kept}.", file=self.path.name, entries=shown, kept=kept)
        warnings.warn(self.warning, ProgressWarning, stacklevel=4)

    def _aside_path(self) -> Path:
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"progress.corrupt-{stamp}.json")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"progress.corrupt-{stamp}-{n}.json")
            n += 1
        return aside

    def _set_aside(self, why: str) -> dict[str, Any]:
        aside = self._aside_path()
        try:
            os.replace(self.path, aside)
            kept = tr("It was kept as {file} in {folder}", file=aside.name, folder=self.home)
        except OSError as exc:
            kept = tr("It could not be moved aside either ({problem}); it was left untouched", problem=exc.strerror)
        self.warning = tr("Your progress file {file} could not be used: {why}. {kept}; your answers from now on are "
                          "saved in a new progress file. Ask your facilitator if you need the old answers back.",
                          file=self.path.name, why=why, kept=kept)
        warnings.warn(self.warning, ProgressWarning, stacklevel=3)
        return _empty()

    def read(self) -> dict[str, Any]:
        """The whole progress document (empty when there is none yet, or the folder cannot be used)."""
        try:
            with self._lock():
                return self._read_unlocked()
        except OSError as exc:  # the home is a file, or may not be written
            self.warning = tr("Your progress folder {folder} cannot be used ({problem}): answers are not saved. "
                              "Set WORKBOOK_HOME to a folder you may write in.", folder=self.home,
                              problem=exc.strerror or type(exc).__name__)
            return _empty()

    def answers(self) -> dict[str, dict[str, Any]]:
        return self.read()["answers"]

    def answer(self, exercise_id: str) -> dict[str, Any] | None:
        return self.answers().get(exercise_id)

    def get_data(self, key: str, default: Any = None) -> Any:
        return self.read()["data"].get(key, default)

    # ------------------------------------------------------------------ writing
    def update(self, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
        """Apply ``change`` to the freshest document and save it atomically, under a lock."""
        try:
            with self._lock():
                self._remove_leftovers()
                doc = self._read_unlocked()
                change(doc)
                doc["format"] = FORMAT
                atomic_write_text(self.path, _dumps(doc))
                return doc
        except OSError as exc:
            raise WorkbookError(f"Your answer could not be saved: the progress folder {self.home} cannot be "
                                f"used ({exc.strerror or type(exc).__name__}). Set WORKBOOK_HOME to a folder "
                                "you may write in.") from None

    def _remove_leftovers(self) -> None:
        """Temporary files of a save that was interrupted (we hold the lock: no save is running)."""
        for tmp in self.home.glob(f".{FILENAME}.*.tmp"):
            try:
                tmp.unlink()
            except OSError:
                pass

    def record(self, exercise_id: str, value: Any, correct: bool | None = None,
               checked: bool = False, company: str | None = None) -> dict[str, Any]:
        """Save an answer at once; ``checked`` counts an attempt and stores the verdict;
        ``company`` names the company the notebook showed when the answer was given."""
        return self.update(lambda doc: record_answer(doc, exercise_id, value, correct, checked,
                                                     company=company))["answers"][exercise_id]

    def set_data(self, key: str, value: Any) -> None:
        """Keep other participant data (an ambition level, a question list) with the answers."""

        value = plain(value)

        def change(doc: dict[str, Any]) -> None:
            doc["data"][key] = value

        self.update(change)


def is_done(kind: str, entry: dict[str, Any] | None) -> bool:
    """An exercise counts as done when solved, or (free text) when something was written."""
    if not entry:
        return False
    if kind == "free_text":
        return bool(str(entry.get("value") or "").strip())
    return entry.get("correct") is True


UNKNOWN = object()  # a first try whose value was not kept (files from before tries were kept)


def first_try(entry: dict[str, Any] | None) -> tuple[bool | None, Any]:
    """(verdict, value) of the first checked attempt; (None, UNKNOWN) when never checked.

    Entries from before tries were kept still tell a right first try (one attempt, correct)
    and a wrong one (a second attempt was needed), but not the wrong value itself.
    """
    if not isinstance(entry, dict):
        return None, UNKNOWN
    tries = entry.get("tries")
    if isinstance(tries, list) and tries and not entry.get("tries_from") and isinstance(tries[0], dict):
        verdict = tries[0].get("correct")
        return (verdict if isinstance(verdict, bool) else None), tries[0].get("value")
    try:
        attempts = int(entry.get("attempts") or 0)
    except (TypeError, ValueError):
        return None, UNKNOWN
    if attempts == 1 and entry.get("correct") is True:
        return True, entry.get("value")
    if attempts >= 1:
        return False, UNKNOWN
    return None, UNKNOWN
