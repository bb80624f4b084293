"""Time to update a fleet: N generated repositories, one template release, `mlrepo update` on
each in sequence (as a platform team's sync job would). The template is this checkout's, as a
local tagged repository reached through the canonical URL (git insteadOf): no network.

    python benchmarks/bench_fleet.py [--repos 50]
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

from mlrepo import __version__
from mlrepo.template.generate import DEFAULT_TEMPLATE_URL
from mlrepo.template.resources import stage_template

IDENTITY = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(cwd: Path, env: dict, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = stage_template(root / "template")
        env = {
            **os.environ,
            **IDENTITY,
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{template}.insteadOf",
            "GIT_CONFIG_VALUE_0": DEFAULT_TEMPLATE_URL,
        }
        git(template, env, "init", "-q", "-b", "main")
        git(template, env, "add", "-A")
        git(template, env, "commit", "-q", "-m", "template")
        git(template, env, "tag", f"v{__version__}")
        repos = []
        for i in range(args.repos):
            repo = root / f"repo{i:03d}"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mlrepo",
                    "new",
                    str(repo),
                    "--defaults",
                    "--data",
                    f"project_name=Model {i}",
                ],
                env=env,
                check=True,
                capture_output=True,
            )
            git(repo, env, "init", "-q", "-b", "main")
            git(repo, env, "add", "-A")
            git(repo, env, "commit", "-q", "-m", "generated")
            repos.append(repo)
        security = template / "template" / "{{cookiecutter.project_slug}}" / "SECURITY.md"
        security.write_text(security.read_text() + "\nSee also the organisation's policy.\n")
        git(template, env, "commit", "-q", "-am", "v9.9.9")
        git(template, env, "tag", "v9.9.9")
        times = []
        start = time.perf_counter()
        for repo in repos:
            t0 = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "mlrepo", "update"],
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
            )
            times.append(time.perf_counter() - t0)
            if (
                result.returncode != 0
                or "organisation's policy" not in (repo / "SECURITY.md").read_text()
            ):
                sys.exit(f"{repo}: update failed:\n{result.stdout}{result.stderr}")
        total = time.perf_counter() - start
    print(
        f"{args.repos} repositories updated in sequence: {total:.1f} s "
        f"(median {statistics.median(times):.2f} s, slowest {max(times):.2f} s per repository)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
