"""Whole-process wall time of `mlrepo check` vs `repo-review` (with sp-repo-review) on the same
freshly generated repository, both installed from wheels into one virtual environment (bytecode
compiled, as a user or pre-commit gets them). Runs alternate; medians and the ratio are printed.

    python benchmarks/bench_check.py [--repeat 21] [--venv DIR]
"""

from __future__ import annotations

import argparse
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


def _timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
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
        commands = {
            "mlrepo check": [str(bin_dir / "mlrepo"), "check"],
            "repo-review": [str(bin_dir / "repo-review"), "."],
        }
        for cmd in commands.values():  # warm the OS cache and mlrepo's pack cache once
            _timed(cmd, project)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(_timed(cmd, project))
    ours = statistics.median(times["mlrepo check"])
    peer = statistics.median(times["repo-review"])
    for name, values in times.items():
        print(f"{name:<14} median {statistics.median(values) * 1000:6.1f} ms  "
              f"min {min(values) * 1000:6.1f} ms")  # fmt: skip
    print(f"mlrepo check is {peer / ours:.1f}x faster than repo-review "
          f"({args.repeat} alternating runs)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
