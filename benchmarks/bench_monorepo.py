"""`mlrepo check` on a monorepo: a generated repository grown to 100,000 files, with the
1,000-rule CODEOWNERS of bench_codeowners.py appended. The named peer is `git status`, which
lists the same work tree (untracked and deleted files included) and is the floor for any
whole-repository check. Runs alternate; medians are printed.

    python benchmarks/bench_monorepo.py [--files 100000] [--repeat 5] [--venv DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import timed, venv
from bench_codeowners import corpus


def _grow(project: Path, n_files: int) -> None:
    text, files = corpus(n_files, 1_000)
    for name in files:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    owners = project / ".github" / "CODEOWNERS"
    owners.write_text(owners.read_text() + "\n" + text.replace("* @org/everyone\n", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = venv(args.venv or Path(tmp) / "venv")
        project = Path(tmp) / "mono"
        subprocess.run([bin_dir / "mlrepo", "new", project, "--defaults"], check=True,
                       capture_output=True)  # fmt: skip
        _grow(project, args.files)
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
        subprocess.run([*git, "init", "-q"], cwd=project, check=True)
        subprocess.run([*git, "add", "-A"], cwd=project, check=True)
        subprocess.run([*git, "commit", "-qm", "monorepo"], cwd=project, check=True)
        count = len(subprocess.run(["git", "ls-files"], cwd=project, capture_output=True,
                                   text=True, check=True).stdout.splitlines())  # fmt: skip
        commands = {
            "mlrepo check": [str(bin_dir / "mlrepo"), "check"],
            "git status": ["git", "status", "--porcelain", "--untracked-files=all"],
        }
        for cmd in commands.values():  # warm the OS cache and mlrepo's parse cache
            timed(cmd, project)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(timed(cmd, project))
    floor = statistics.median(times["git status"])
    print(f"{count} tracked files, {os.cpu_count()} CPUs, {args.repeat} alternating runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<14} median {median:6.2f} s  ({median / floor:.1f}x git status)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
