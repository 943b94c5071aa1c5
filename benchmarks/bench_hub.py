"""Benchmark: the one-machine course hub under a cohort arriving at once, on 127.0.0.1.

Run: .venv/bin/python benchmarks/bench_hub.py N [N ...]   (e.g. 10 20 40; needs `make setup`)
For each N: starts deploy/hub on free loopback ports in a temporary folder, creates N
participants, spawns them all at once (the hub queues them by its spawn limit), then in every
participant's server runs 00_start_here (Run All, through the REST and websocket kernel APIs),
records answers, runs climate/01_ghg_accounting in a second kernel, and checks that every
answer is in its owner's progress file and that the file is 0600. Prints spawn time (median,
max), Run All time, memory per participant with one kernel and with two (RSS and PSS from
/proc, the server and its kernels), CPU seconds used and the failures. Bounded: every wait has
a timeout and the hub is always stopped.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import hub_support as hs  # noqa: E402

CLIMATE = "course/notebooks/climate/01_ghg_accounting.ipynb"
MB = 1024 * 1024


def _cpu_seconds() -> float:
    """CPU time of this process (the benchmark's own clients)."""
    import os

    t = os.times()
    return t.user + t.system


def run(n: int) -> dict:
    import psutil

    names = [f"p{i:03d}" for i in range(1, n + 1)]
    one, two = threading.Barrier(n + 1, timeout=1800), threading.Barrier(n + 1, timeout=1800)
    release = threading.Event()
    results: dict[str, dict] = {}

    def participant(hub: hs.Hub, name: str) -> None:
        out = results[name] = {"errors": []}
        try:
            out["spawn"] = hub.spawn(name, timeout=900)
            with hub.kernel(name, timeout=600) as k1:
                t = time.monotonic()
                out["errors"] += k1.run_notebook(hub.home(name) / hs.START)
                out["run_all"] = time.monotonic() - t
                out["errors"] += k1.execute(hs.answer_code(name))
                _wait(one)
                with hub.kernel(name, path=CLIMATE, timeout=600) as k2:
                    t = time.monotonic()
                    out["errors"] += k2.run_notebook(hub.home(name) / CLIMATE)
                    out["run_all_climate"] = time.monotonic() - t
                    _wait(two)
                    release.wait(600)
        except Exception as exc:  # a failure is counted and reported, the run goes on
            out["errors"].append(f"{type(exc).__name__}: {exc}")
            for b in (one, two):
                _wait(b, 0)

    with tempfile.TemporaryDirectory(prefix="wbbench") as tmp:
        hub_start = time.monotonic()
        with hs.running_hub(Path(tmp), spawn_limit=10, ready_timeout=300) as hub:
            hub_ready = time.monotonic() - hub_start
            hub.create_users(names)
            cpu0, wall0 = _cpu_seconds(), time.monotonic()
            procs_cpu0 = _tree_cpu(psutil.Process(hub.pid))
            with ThreadPoolExecutor(n) as pool:
                futures = [pool.submit(participant, hub, name) for name in names]
                _wait(one)
                mem1 = hs.memory(names)
                _wait(two)
                mem2 = hs.memory(names)
                tree_cpu = _tree_cpu(psutil.Process(hub.pid))  # every server and kernel still alive
                release.set()
                for f in futures:
                    f.result()
            wall = time.monotonic() - wall0
            cpu = tree_cpu - procs_cpu0 + _cpu_seconds() - cpu0
            failures = {name: r["errors"] for name, r in results.items() if r["errors"]}
            for name in names:
                if name not in failures:
                    problems = hs.check_answers(hub, name, names)
                    if problems:
                        failures[name] = problems
    return {"n": n, "hub_ready": hub_ready, "wall": wall, "cpu": cpu, "results": results, "failures": failures,
            "mem1": mem1, "mem2": mem2}


def _tree_cpu(proc) -> float:
    import psutil

    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _wait(barrier: threading.Barrier, timeout: float | None = None) -> None:
    try:
        barrier.wait(timeout)
    except threading.BrokenBarrierError:
        pass


def report(r: dict) -> str:
    res = [x for x in r["results"].values()]
    spawn = [x["spawn"] for x in res if "spawn" in x]
    start = [x["run_all"] for x in res if "run_all" in x]
    climate = [x["run_all_climate"] for x in res if "run_all_climate" in x]
    stat = lambda xs: f"median {statistics.median(xs):.1f} s, max {max(xs):.1f} s" if xs else "none"  # noqa: E731
    mem = lambda m, i: statistics.median([v[i] for v in m.values()]) / MB if m else 0  # noqa: E731
    mx = lambda m, i: max([v[i] for v in m.values()]) / MB if m else 0  # noqa: E731
    lines = [f"N={r['n']}: hub ready in {r['hub_ready']:.1f} s; all participants done in {r['wall']:.0f} s; "
             f"about {r['cpu']:.0f} CPU-s in all ({r['cpu'] / r['n']:.1f} CPU-s per participant)",
             f"  spawn time: {stat(spawn)} ({len(spawn)} of {r['n']} spawned)",
             f"  Run All 00_start_here: {stat(start)}; climate/01_ghg_accounting: {stat(climate)}",
             f"  memory per participant, one kernel: RSS median {mem(r['mem1'], 0):.0f} MB (max {mx(r['mem1'], 0):.0f}),"
             f" PSS median {mem(r['mem1'], 1):.0f} MB (max {mx(r['mem1'], 1):.0f}); {len(r['mem1'])} measured",
             f"  memory per participant, two kernels: RSS median {mem(r['mem2'], 0):.0f} MB (max {mx(r['mem2'], 0):.0f}),"
             f" PSS median {mem(r['mem2'], 1):.0f} MB (max {mx(r['mem2'], 1):.0f}); {len(r['mem2'])} measured",
             f"  failures: {len(r['failures'])}"]
    lines += [f"    {name}: {problems[:3]}" for name, problems in sorted(r["failures"].items())]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    problems = hs.missing()
    if problems:
        print("cannot run: " + "; ".join(problems))
        return 2
    failed = 0
    for n in [int(a) for a in argv] or [10]:
        result = run(n)
        print(report(result), flush=True)
        failed += len(result["failures"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
