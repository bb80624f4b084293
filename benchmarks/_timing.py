"""What the check benchmarks share: one environment with mlrepo (from this checkout) and
repo-review with sp-repo-review, and one alternating timing loop that says which mlrepo run
is warm (its parse and scanner caches filled by an earlier run) and which is cold (an empty
cache directory each time)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WARM, COLD, PEER = "mlrepo check (warm)", "mlrepo check (cold)", "repo-review"
EDITED = "mlrepo check (warm, files edited)"


def venv(path: Path) -> Path:
    """The bin folder of `path`, created with both tools installed from wheels if absent."""
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO),
                        "repo-review[cli]", "sp-repo-review"], check=True)  # fmt: skip
    return path / "bin"


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    """Wall time of the whole process, output discarded."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(
    bin_dir: Path,
    project: Path,
    repeat: int,
    scratch: Path,
    edit: Callable[[int], None] | None = None,
) -> dict[str, list[float]]:
    """`repeat` rounds of warm mlrepo, cold mlrepo and repo-review, alternating so that load
    on a shared machine falls on all three alike; one untimed run of each warms first.

    Warm means an unchanged repository (the whole report is kept). With `edit(round)`, each
    round also edits some files and times a warm run after it: a commit's case, where only
    the edited files are scanned again."""
    check = [str(bin_dir / "mlrepo"), "check"]
    review = [str(bin_dir / "repo-review"), "."]
    # what a user's shell has: Python writes bytecode (an environment without it compiles
    # every module on every run, and measures that)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    warm = {**os.environ, "XDG_CACHE_HOME": str(scratch / "warm")}  # no other run prunes it
    timed(check, project, warm)
    timed(review, project)
    times: dict[str, list[float]] = {WARM: [], COLD: [], PEER: []}
    for round_ in range(repeat):
        cold = {**os.environ, "XDG_CACHE_HOME": str(scratch / f"cold{round_}")}
        if edit is not None:
            edit(round_)
            times.setdefault(EDITED, []).append(timed(check, project, warm))
        times[WARM].append(timed(check, project, warm))
        times[COLD].append(timed(check, project, cold))
        times[PEER].append(timed(review, project))
    return times


def report(times: dict[str, list[float]]) -> None:
    """Median and minimum of each, and how many times faster than repo-review it is."""
    peer = statistics.median(times[PEER])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<20} median {median * 1000:7.1f} ms  min {min(values) * 1000:7.1f} ms  "
              f"repo-review / this: {peer / median:4.1f}x")  # fmt: skip
