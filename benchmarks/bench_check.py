"""Whole-process wall time of `mlrepo check` vs `repo-review` (with sp-repo-review) on the same
freshly generated repository, both installed from wheels into one virtual environment (bytecode
compiled, as a user or pre-commit gets them). Runs alternate; medians and the ratio are printed.
"warm" is the hook's everyday case (mlrepo's parse cache filled by an earlier run); "cold" gives
every run an empty cache directory.

    python benchmarks/bench_check.py [--repeat 21] [--venv DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _venv(path: Path) -> Path:
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(REPO),
                        "repo-review[cli]", "sp-repo-review"], check=True)  # fmt: skip
    return path / "bin"


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = _venv(args.venv or Path(tmp) / "venv")
        project = Path(tmp) / "demo"
        subprocess.run([str(bin_dir / "mlrepo"), "new", str(project), "--defaults"],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        check = [str(bin_dir / "mlrepo"), "check"]
        review = [str(bin_dir / "repo-review"), "."]
        for cmd in (check, review):  # warm the OS cache and mlrepo's parse cache once
            _timed(cmd, project)
        times: dict[str, list[float]] = {"mlrepo check (warm)": [], "mlrepo check (cold)": [],
                                         "repo-review": []}  # fmt: skip
        for round_ in range(args.repeat):
            cold = {**os.environ, "XDG_CACHE_HOME": str(Path(tmp) / f"cold{round_}")}
            times["mlrepo check (warm)"].append(_timed(check, project))
            times["mlrepo check (cold)"].append(_timed(check, project, cold))
            times["repo-review"].append(_timed(review, project))
    peer = statistics.median(times["repo-review"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<20} median {median * 1000:6.1f} ms  min {min(values) * 1000:6.1f} ms  "
              f"repo-review / this: {peer / median:4.1f}x")  # fmt: skip
    print(f"({args.repeat} alternating runs on a fresh generated repository)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
