"""Whole-process wall time of `mlrepo check` vs `repo-review` on a realistic large repository
(20,000 files by default): a generated repository plus the real files of installed Python
packages and the standard library (code, stubs, data, licences, binaries), committed, so every
scan reads real contents. Runs alternate; medians and the ratio are printed, the warm mlrepo
run (caches filled by an earlier run: the hook's and a developer's everyday case) and the cold
one (an empty cache directory: a fresh CI runner) apart, and a warm run after 10 files were
edited (a commit's case: only those are scanned again). DESIGN's target: at least 2x
repo-review.

    python benchmarks/bench_large.py [--files 20000] [--repeat 5] [--venv DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from _timing import compare, report, venv


def _sources(bin_dir: Path) -> list[Path]:
    """Folders of real files: the benchmark environment's packages, this interpreter's and
    its base installation's, then the standard library."""
    python = bin_dir / "python"
    ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    theirs = subprocess.run([str(python), "-c", ask], capture_output=True, text=True, check=True)
    base = {"base": sys.base_prefix, "platbase": sys.base_prefix}
    found = [Path(theirs.stdout.strip()), Path(sysconfig.get_paths()["purelib"]),
             *map(Path, site.getsitepackages()), Path(sysconfig.get_paths(vars=base)["purelib"]),
             Path(sysconfig.get_paths()["stdlib"])]  # fmt: skip
    unique: list[Path] = []
    for path in found:
        if path.is_dir() and path.resolve() not in {p.resolve() for p in unique}:
            unique.append(path)
    return unique


def _fill(project: Path, count: int, sources: list[Path]) -> int:
    """Copy `count` real files from `sources` under libs/; when they hold fewer, copy them
    again under a further folder (the same contents at new paths, as vendored copies are)."""
    copied = 0
    for copy in range(1, 100):
        before = copied
        for number, source in enumerate(sources):
            for folder, dirs, names in os.walk(source):
                dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "site-packages"))
                for name in sorted(names):
                    if copied >= count:
                        return copied
                    path = Path(folder, name)
                    if path.is_symlink() or not path.is_file() or name.endswith(".pyc"):
                        continue
                    target = project / "libs" / f"copy{copy}-{number}" / path.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
                    copied += 1
        if copied == before:
            break
    return copied


def _editor(project: Path, count: int):
    """Each round appends a line to `count` tracked Python files, as a commit changes them."""
    targets = sorted(project.glob("libs/*/*.py"))[:count]

    def edit(round_: int) -> None:
        for path in targets:
            with path.open("a") as stream:
                stream.write(f"# edited in round {round_}\n")

    return edit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = venv(args.venv or Path(tmp) / "venv")
        project = Path(tmp) / "large"
        subprocess.run([str(bin_dir / "mlrepo"), "new", str(project), "--defaults"],
                       check=True, capture_output=True)  # fmt: skip
        generated = sum(1 for p in project.rglob("*") if p.is_file())
        added = _fill(project, args.files - generated, _sources(bin_dir))
        git = ["git", "-c", "user.name=b", "-c", "user.email=b@example.org"]
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run([*git, "commit", "-q", "-m", "large"], cwd=project, check=True)
        tracked = subprocess.run(["git", "ls-files"], cwd=project, capture_output=True, text=True)
        times = compare(bin_dir, project, args.repeat, Path(tmp), _editor(project, 10))
    report(times)
    files = len(tracked.stdout.splitlines())
    print(f"({args.repeat} alternating runs; {files} tracked files, {added} copied from "
          "installed packages and the standard library)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
