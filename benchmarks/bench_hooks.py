"""What the governance hook adds to a 10-file commit, in a generated repository with its hook
environments warm; the 10 files get new contents before every run, as each commit's do.

The target row times `pre-commit run mlrepo-check` against `pre-commit run forbid-rej` (a hook
that matches none of the files, so pre-commit's own start, config and file classification are
in both): the difference is the hook's whole cost, its environment's health check, its process
and its run. The difference of two whole `pre-commit run`s (with and without
`SKIP=mlrepo-check`) is printed too, for scale, with pre-commit's own timing of the hook in
them (`-v`): mypy and the other hooks make each run take seconds, and vary by more than the
hook takes. The secrets hook (`mlrepo check --select SEC001`) is timed the same way, beside
betterleaks' own CLI on the 10 files, which the generated config ran before it.

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
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"{cmd} failed:\n{result.stdout}{result.stderr}")
    if "-v" in cmd:  # pre-commit's own timing of the governance hook, to 10 ms
        lines = result.stdout.splitlines()
        hook = next(n for n, x in enumerate(lines) if x.startswith("governance checks"))
        line = next(x for x in lines[hook:] if x.startswith("- duration: "))
        _HOOK_DURATIONS.append(float(line.removeprefix("- duration: ").rstrip("s")))
    return elapsed


_HOOK_DURATIONS: list[float] = []


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
        betterleaks = str(Path(sys.executable).parent / "betterleaks")
        stage_an_edit()
        _run([*pre_commit, "run"], project, env)  # warm the parse cache and OS caches
        runs: dict[str, list[float]] = {name: [] for name in ROWS}
        commands = {
            ALONE: ([*pre_commit, "run", "mlrepo-check"], env),
            NOTHING: ([*pre_commit, "run", "forbid-rej"], env),
            ALL: ([*pre_commit, "run", "-v"], env),
            SKIPPED: ([*pre_commit, "run"], skip),
            SECRETS: ([*pre_commit, "run", "mlrepo-secrets"], env),
            CLI: ([betterleaks, *BETTERLEAKS_HOOK_ARGS, *map(str, changed)], env),
        }
        for _ in range(args.repeat):
            for name in ROWS:  # alternating, so load on the machine falls on each alike
                stage_an_edit()
                command, environment = commands[name]
                runs[name].append(_run(command, project, environment))
    median = {name: statistics.median(values) * 1000 for name, values in runs.items()}
    print(f"pre-commit run on {len(changed)} staged files, median of {args.repeat}:")
    for name in ROWS:
        print(f"  {name:<44} {median[name]:7.1f} ms")
    print(f"  the governance hook adds {median[ALONE] - median[NOTHING]:7.1f} ms "
          "(target: under 100 ms)")  # fmt: skip
    print(f"  (whole runs with and without it differ by {median[ALL] - median[SKIPPED]:.1f} ms; "
          f"in them pre-commit timed the hook at "
          f"{statistics.median(_HOOK_DURATIONS) * 1000:.0f} ms)")  # fmt: skip
    print(f"  the secrets hook adds    {median[SECRETS] - median[NOTHING]:7.1f} ms; betterleaks' "
          f"CLI by itself on the same files takes {median[CLI]:.1f} ms")  # fmt: skip
    return 0


ALONE = "mlrepo-check alone"
NOTHING = "forbid-rej alone (matches no file)"
ALL = "all hooks"
SKIPPED = "all hooks, SKIP=mlrepo-check"
SECRETS = "mlrepo-secrets alone"
CLI = "betterleaks filesystem FILES (no pre-commit)"
# what the generated config's betterleaks hook ran before mlrepo-secrets replaced it
BETTERLEAKS_HOOK_ARGS = ["filesystem", "--no-banner", "--redact", "--log-level=warn"]
ROWS = (ALONE, NOTHING, ALL, SKIPPED, SECRETS, CLI)


if __name__ == "__main__":
    sys.exit(main())
