"""Whole-process wall time of `mlrepo check` vs `repo-review` on a realistic large repository
(up to 20,000 files): a generated repository plus the real files of installed Python packages
and the standard library (code, stubs, data, licences, binaries), committed, so every scan
reads real contents. Runs alternate; medians and the ratio are printed. DESIGN's target:
at least 2x repo-review.

    python benchmarks/bench_large.py [--files 20000] [--repeat 5] [--venv DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from bench_check import _timed, _venv


def _fill(project: Path, count: int) -> int:
    """Copy up to `count` real files of this Python's installed packages, then of its
    standard library, under libs/."""
    copied = 0
    for kind in ("purelib", "stdlib"):
        source = Path(sysconfig.get_paths()[kind])
        for folder, dirs, names in os.walk(source):
            dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "site-packages"))
            for name in sorted(names):
                if copied >= count:
                    return copied
                path = Path(folder, name)
                if path.is_symlink() or not path.is_file() or name.endswith(".pyc"):
                    continue
                target = project / "libs" / kind / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                copied += 1
    return copied


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = _venv(args.venv or Path(tmp) / "venv")
        project = Path(tmp) / "large"
        subprocess.run([str(bin_dir / "mlrepo"), "new", str(project), "--defaults"],
                       check=True, capture_output=True)  # fmt: skip
        added = _fill(project, args.files)
        git = ["git", "-c", "user.name=b", "-c", "user.email=b@example.org"]
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "large"], cwd=project, check=True)
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
        tracked = subprocess.run(["git", "ls-files"], cwd=project, capture_output=True, text=True)
    peer = statistics.median(times["repo-review"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<20} median {median * 1000:7.1f} ms  min {min(values) * 1000:7.1f} ms  "
              f"repo-review / this: {peer / median:4.1f}x")  # fmt: skip
    files = len(tracked.stdout.splitlines())
    print(f"({args.repeat} alternating runs; {files} tracked files, {added} copied from "
          "installed packages and the standard library)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
