"""Run the real ``workbook`` command in a new process and measure it as a participant feels it:
wall time, CPU time and peak resident memory of the whole process (Python start-up, reading,
the calculation, writing), from ``os.wait4`` (Linux and macOS; ru_maxrss of that child only).
On a shared machine the wall time grows with the load; the CPU time does not.

Used by bench_footprint_cli.py and bench_risk.py; ``WORKBOOK_SRC`` runs another checkout of
the package (e.g. main before a change) with the same inputs, for before/after figures.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    args: list[str]
    seconds: float
    peak_mb: float
    status: int | None          # None: stopped at the timeout
    stdout: str
    stderr: str
    cpu: float = 0.0            # user + system CPU seconds (close to the wall time on an idle machine)

    def line(self, label: str) -> str:
        status = ("TIMEOUT" if self.status is None else
                  "ok" if self.status == 0 else f"exit status {self.status}")
        wall = f">{self.seconds:.0f} s" if self.status is None else f"{self.seconds:.2f} s"
        return f"{label:<58} {wall:>10} {self.cpu:>8.2f} s {self.peak_mb:>9.0f} MB  {status}"


def command() -> list[str]:
    return [sys.executable, "-m", "workbook.cli"]


def run(args: list[str], timeout: float = 600.0, cwd: str | os.PathLike | None = None) -> Run:
    """Run ``workbook ARGS``; stop it (and say so) after ``timeout`` seconds."""
    env = dict(os.environ)
    src = os.environ.get("WORKBOOK_SRC")
    if src:
        env["PYTHONPATH"] = src
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}.out"
    err_path = out_path.with_suffix(".err")
    with open(out_path, "w") as out, open(err_path, "w") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command() + args, stdout=out, stderr=err, env=env, cwd=cwd,
                                start_new_session=True)
        status: int | None = None
        rusage = None
        while True:
            pid, wstatus, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(wstatus)
                break
            if time.perf_counter() - t0 > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - t0
    proc.returncode = status if status is not None else -9
    peak = rusage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    text = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    return Run(args, seconds, peak, status, *text, cpu=rusage.ru_utime + rusage.ru_stime)


HEADER = f"{'command':<58} {'wall':>10} {'CPU':>10} {'peak RSS':>12}  result"
