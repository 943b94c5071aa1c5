"""How long Voilà takes to render each course notebook, and whether it ever hangs: every
notebook rendered N times in a row (default 5) in headless Chromium, served as `make present`
serves it (the course's Voilà template, sources stripped), each time in a fresh page with a
fresh kernel. Prints the median, fastest and slowest render per notebook and the renders that
did not finish within the time limit.

Run: .venv/bin/python benchmarks/bench_voila.py [--repeat 5] [--timeout 120] [NOTEBOOK ...]
Needs Chromium (/usr/bin/chromium) and playwright. Not part of the test run: timings on a
shared 2-core machine vary.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the browser plumbing the tests use

from browser_support import CHROMIUM, CHROMIUM_ARGS, close_page, course_copy, missing_browser, new_page, voila_server  # noqa: E402
from workbook.course.build import course_notebooks  # noqa: E402


def render_once(browser, url: str, timeout_s: float) -> float | None:
    """Seconds until every cell has rendered, or None when the page never finished."""
    page = new_page(browser)
    start = time.perf_counter()
    try:
        page.goto(url, timeout=timeout_s * 1000, wait_until="commit")
        page.locator("#rendered_cells").wait_for(state="visible", timeout=timeout_s * 1000)
        page.locator(".jupyter-widgets").first.wait_for(state="attached", timeout=timeout_s * 1000)
        return time.perf_counter() - start
    except Exception:  # a timeout: the render hung
        return None
    finally:
        close_page(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebooks", nargs="*", help="paths under notebooks/ (default: all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a render counts as hung")
    args = parser.parse_args()
    if missing_browser():
        sys.exit("needs: " + "; ".join(missing_browser()))
    from playwright.sync_api import sync_playwright

    notebooks = [str(Path(n).relative_to("notebooks")) if n.startswith("notebooks/") else n
                 for n in args.notebooks] or [str(p) for p in course_notebooks()]
    print(f"{'notebook':45} {'median':>7} {'min':>6} {'max':>6}  hung (of {args.repeat})")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with voila_server(course_copy(tmp), None, tmp, log_name="bench-voila.log") as voila:
            for rel in notebooks:
                times = [render_once(browser, voila["url_of"](rel), args.timeout) for _ in range(args.repeat)]
                done = [t for t in times if t is not None]
                row = (f"{statistics.median(done):7.1f} {min(done):6.1f} {max(done):6.1f}" if done
                       else f"{'-':>7} {'-':>6} {'-':>6}")
                print(f"{rel:45} {row}  {len(times) - len(done)}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
