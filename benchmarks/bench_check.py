"""Whole-process wall time of `mlrepo check` vs `repo-review` (with sp-repo-review) on the same
freshly generated repository, both installed from wheels into one virtual environment (bytecode
compiled, as a user or pre-commit gets them). Runs alternate; medians and the ratio are printed.
"warm" is the hook's everyday case (mlrepo's parse cache filled by an earlier run); "cold" gives
every run an empty cache directory.

    python benchmarks/bench_check.py [--repeat 21] [--venv DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import compare, report, venv


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = venv(args.venv or Path(tmp) / "venv")
        project = Path(tmp) / "demo"
        subprocess.run([str(bin_dir / "mlrepo"), "new", str(project), "--defaults"],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        times = compare(bin_dir, project, args.repeat, Path(tmp))
    report(times)
    print(f"({args.repeat} alternating runs on a fresh generated repository)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
