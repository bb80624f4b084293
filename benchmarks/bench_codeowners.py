"""CODEOWNERS ownership of 100,000 files against 1,000 rules: mlrepo vs the `codeowners` package.

The corpus is synthetic and deterministic (seeded). Each side runs in its own process so peak
memory (ru_maxrss) is its own; both must name the same owners for every file.

    python benchmarks/bench_codeowners.py [--files 100000] [--rules 1000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER = r"""
import json, resource, sys, time
kind, codeowners_path, files_path = sys.argv[1:4]
text = open(codeowners_path).read()
files = open(files_path).read().split("\n")
start = time.perf_counter()
if kind == "mlrepo":
    from mlrepo.codeowners import Matcher, parse
    decided = Matcher(parse(text)[0]).entries_for(files)
    owners = [" ".join(decided[f].owners) if decided[f] else "" for f in files]
else:
    from codeowners import CodeOwners
    co = CodeOwners(text)
    owners = [" ".join(o for _, o in co.of(f)) for f in files]
elapsed = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import hashlib
digest = hashlib.sha256("\n".join(owners).encode()).hexdigest()
print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "digest": digest}))
"""


def corpus(n_files: int, n_rules: int, seed: int = 20261122) -> tuple[str, list[str]]:
    """A monorepo-like tree and CODEOWNERS in GitHub's supported syntax."""
    rng = random.Random(seed)
    top = [f"svc{i:03d}" for i in range(60)]
    mid = ["src", "tests", "docs", "data", "configs", "api", "models", "pipelines"]
    exts = ["py", "md", "yaml", "json", "sql", "ipynb", "csv", "txt"]
    files = sorted(
        {
            "/".join(
                [rng.choice(top), rng.choice(mid)]
                + [f"m{rng.randrange(40)}" for _ in range(rng.randrange(3))]
                + [f"f{rng.randrange(5000)}.{rng.choice(exts)}"]
            )
            for _ in range(n_files * 2)
        }
    )[:n_files]
    shapes = [
        lambda: f"/{rng.choice(top)}/",
        lambda: f"/{rng.choice(top)}/{rng.choice(mid)}/",
        lambda: f"*.{rng.choice(exts)}",
        lambda: f"{rng.choice(mid)}/",
        lambda: f"/{rng.choice(top)}/**/m{rng.randrange(40)}/",
        lambda: f"/{rng.choice(top)}/{rng.choice(mid)}/*.{rng.choice(exts)}",
        lambda: f"**/m{rng.randrange(40)}/*.py",
        lambda: f"/{rng.choice(top)}/{rng.choice(mid)}/*",
    ]
    lines = ["* @org/everyone"]
    lines += [f"{rng.choice(shapes)()} @org/team{rng.randrange(200)}" for _ in range(n_rules - 1)]
    return "\n".join(lines) + "\n", files


def measure(kind: str, codeowners: Path, files: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", WORKER, kind, str(codeowners), str(files)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=1_000)
    args = parser.parse_args()
    text, files = corpus(args.files, args.rules)
    with tempfile.TemporaryDirectory() as tmp:
        co_path, files_path = Path(tmp) / "CODEOWNERS", Path(tmp) / "files.txt"
        co_path.write_text(text)
        files_path.write_text("\n".join(files))
        ours = measure("mlrepo", co_path, files_path)
        peer = measure("codeowners", co_path, files_path)
    same = ours["digest"] == peer["digest"]
    print(
        f"corpus: {len(files)} files, {args.rules} rules "
        f"(sha256 {hashlib.sha256(text.encode()).hexdigest()[:12]})"
    )
    print(f"{'matcher':<22}{'seconds':>9}{'peak MB':>9}")
    print(f"{'mlrepo.codeowners':<22}{ours['seconds']:>9.2f}{ours['peak_mb']:>9.1f}")
    print(f"{'codeowners (PyPI)':<22}{peer['seconds']:>9.2f}{peer['peak_mb']:>9.1f}")
    print(f"speed-up: {peer['seconds'] / ours['seconds']:.1f}x; same owners for every file: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
