"""What the governance hook adds to a 10-file commit: `pre-commit run` on 10 staged files of a
generated repository, with and without `SKIP=mlrepo-check`, environments warm, same run; the
10 files get new contents before every run, as each commit's do.

mlrepo comes from a wheel of this checkout (as from an organisation's package index).

    python benchmarks/bench_hooks.py [--repeat 11]
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


def _run(cmd: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{cmd} failed:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        wheels = tmp_path / "wheels"
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                        str(REPO)], check=True)  # fmt: skip
        links = " ".join(filter(None, [str(wheels), os.environ.get("PIP_FIND_LINKS")]))
        # mlrepo's cache of its own, so other processes' runs cannot prune its warm entries
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's hooks write bytecode
        env = {**os.environ, "PIP_FIND_LINKS": links, "PRE_COMMIT_HOME": str(tmp_path / "pc"),
               "XDG_CACHE_HOME": str(tmp_path / "cache")}  # fmt: skip
        project = tmp_path / "demo"
        subprocess.run([sys.executable, "-m", "mlrepo", "new", str(project), "--defaults"],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        pre_commit = [sys.executable, "-m", "pre_commit"]
        subprocess.run([*pre_commit, "install-hooks"], cwd=project, env=env, check=True,
                       capture_output=True)  # fmt: skip
        docs = sorted(p for p in project.rglob("*.md") if ".git" not in p.parts)[:5]
        code = sorted((project / "src").rglob("*.py"))[:5]
        changed = docs + code
        edits = iter(range(1_000_000))

        def stage_an_edit() -> None:
            """New contents in the 10 files, staged: every timed run is a new commit's, so no
            run gets a whole report kept from the one before."""
            number = next(edits)
            for path in changed:
                note = f"\nEdit {number}.\n" if path.suffix == ".md" else f"\n\n# edit {number}\n"
                path.write_text(path.read_text() + note)
            subprocess.run(["git", "add", *map(str, changed)], cwd=project, check=True)

        skip = {**env, "SKIP": "mlrepo-check"}
        stage_an_edit()
        _run([*pre_commit, "run"], project, env)  # warm the parse cache and OS caches
        with_hook, without_hook = [], []
        for _ in range(args.repeat):
            stage_an_edit()
            with_hook.append(_run([*pre_commit, "run"], project, env))
            stage_an_edit()
            without_hook.append(_run([*pre_commit, "run"], project, skip))
    added = statistics.median(with_hook) - statistics.median(without_hook)
    print(f"pre-commit run on {len(changed)} staged files, median of {args.repeat}:")
    print(f"  all hooks                {statistics.median(with_hook) * 1000:7.1f} ms")
    print(f"  without mlrepo-check     {statistics.median(without_hook) * 1000:7.1f} ms")
    print(f"  the governance hook adds {added * 1000:7.1f} ms (target: under 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
