"""Where things live: the course data, the notebooks, and the participant's own files."""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Callable, TypeVar

from workbook.language import language

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def data_dir() -> Path:
    """The course content and facts (``WORKBOOK_DATA`` overrides, e.g. on a hub)."""
    return Path(os.environ.get("WORKBOOK_DATA") or ROOT / "data")


@functools.lru_cache(maxsize=8)
def _resolved(setting: str | None) -> str:
    return str(Path(setting or ROOT / "data").resolve())


def data_key() -> str:
    """The resolved course data folder: the key every cache of facts is kept under."""
    return _resolved(os.environ.get("WORKBOOK_DATA"))


F = TypeVar("F", bound=Callable)


def data_cache(func: F | None = None, *, maxsize: int | None = 256) -> F:
    """The package's one cache rule for facts: results are kept per data folder.

    A loader or a lookup derived from ``data/`` is computed once per resolved data folder and
    language (and per arguments), so ``WORKBOOK_DATA`` pointing elsewhere gives fresh facts everywhere
    without anybody clearing caches by hand. Files that instructors edit while a kernel runs
    (the exercise bank, target rule sets, schemas) are cached by (path, modification time).
    """
    def wrap(f: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(lambda _key, *args, **kwargs: f(*args, **kwargs))

        @functools.wraps(f)
        def call(*args, **kwargs):
            return cached((data_key(), language()), *args, **kwargs)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap(func) if func is not None else wrap  # type: ignore[return-value]


@data_cache
def sample_company_dir(slug: str | None = None) -> Path:
    """The folder of a sample company (the default one from ``data/companies/companies.yaml``)."""
    import yaml

    if slug is None:
        index = yaml.safe_load((data_dir() / "companies" / "companies.yaml").read_text(encoding="utf-8"))
        slug = index["default"]
    return data_dir() / "companies" / slug


def notebooks_dir() -> Path:
    return ROOT / "notebooks"


def solutions_dir() -> Path:
    return ROOT / "solutions"


def shadows_package(folder: str | Path) -> bool:
    """True when a participant's folder is named like the package itself.

    A folder called ``workbook`` in a kernel's working directory can be imported instead of
    the package (then ``workbook.start`` is missing), so ``WORKBOOK_HOME`` should be named
    otherwise, e.g. ``~/workbook-data``.
    """
    return Path(folder).name == PACKAGE_DIR.name


def workbook_home() -> Path:
    """The participant's own directory: progress file, exports, questions.

    ``WORKBOOK_HOME`` wins; otherwise the per-user data directory of the platform
    (e.g. ``~/.local/share/workbook`` on Linux), outside the notebooks so that a course
    update never touches a participant's answers.
    """
    env = os.environ.get("WORKBOOK_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("workbook", appauthor=False))
