"""What the Dutch edition costs at run time: reading the catalogues once per kernel, one
translated text, and a data file read in Dutch against English.

Run: .venv/bin/python benchmarks/bench_i18n.py [--repeat 20000]
Prints medians in milliseconds or microseconds. Not part of the test run.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbook import i18n, language  # noqa: E402
from workbook.course.translations import source_texts  # noqa: E402
from workbook.schemas import read_document  # noqa: E402


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20000)
    args = parser.parse_args()
    files = i18n.catalogue_files("nl")

    def cold() -> None:
        i18n._catalogue.cache_clear()
        i18n.catalogue("nl")

    print(f"catalogues: {len(files)} files, {len(i18n.catalogue('nl'))} translated texts, "
          f"{len({t.msgid for t in source_texts()})} translatable texts")
    print(f"read every catalogue (once per kernel): {timed(cold, 5) * 1000:.0f} ms")
    text = "Check"
    print(f"tr() in English: {timed(lambda: i18n.tr(text), args.repeat) * 1e6:.2f} µs")
    with language.using("nl"):
        print(f"tr() in Dutch:   {timed(lambda: i18n.tr(text), args.repeat) * 1e6:.2f} µs")
    scenarios = next(ROOT.joinpath("data").rglob("scenarios.yaml"), None)
    if scenarios:
        en = timed(lambda: read_document(scenarios), 50)
        with language.using("nl"):
            nl = timed(lambda: read_document(scenarios), 50)
        print(f"read {scenarios.relative_to(ROOT)}: English {en * 1000:.1f} ms, Dutch {nl * 1000:.1f} ms")


if __name__ == "__main__":
    main()
