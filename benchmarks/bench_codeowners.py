"""CODEOWNERS ownership of 100,000 files against 1,000 rules: mlrepo vs the `codeowners` package.

The corpus is synthetic and deterministic (seeded): a monorepo-like tree and a CODEOWNERS of
1,000 lines, each with a pattern no other line has, as in a real file (a repeated pattern's
earlier lines never decide anything, and mlrepo's OWN004 reports them), in shuffled order.
`--order` puts the rules that match at any depth first (as hand-kept files do) or last (the
best case of a matcher that tries the lines of a file from the bottom up, the peer's way).
`--with-repeats` draws patterns with repeats instead, the corpus of the first figures: its
1,000 lines hold 556 patterns, `*.md` 23 times among them, and its lowest lines decide most
files.

Both packages are installed from wheels into one virtual environment (bytecode compiled, as
users get them). Every run is a fresh process that imports the package, parses the file and
names the owners of every file; its peak memory is its own VmHWM (ru_maxrss would carry the
parent's over exec). Runs alternate; medians and their ratio are printed, and both sides
must name the same owners for every file.

    python benchmarks/bench_codeowners.py [--files N] [--rules N] [--mix even|anchored]
                                          [--order shuffled|generic-first|generic-last]
                                          [--with-repeats] [--repeat 7] [--venv DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, sys, time
from operator import itemgetter
kind, codeowners_path, files_path = sys.argv[1:4]
text = open(codeowners_path).read()
files = open(files_path).read().split("\n")
start = time.perf_counter()
if kind == "mlrepo":
    from mlrepo.formats.codeowners.matcher import Matcher
    from mlrepo.formats.codeowners.syntax import parse
    decided = Matcher(parse(text)[0]).entries_for(files)
    owners = [" ".join(e.owners) if e else "" for e in map(decided.__getitem__, files)]
else:
    from codeowners import CodeOwners
    co = CodeOwners(text)
    second = itemgetter(1)  # of(path) gives [(kind, owner), ...]
    owners = [" ".join(map(second, co.of(f))) for f in files]
elapsed = time.perf_counter() - start
status = open("/proc/self/status").read()
peak_mb = int(status.split("VmHWM:")[1].split()[0]) / 1024
import hashlib
digest = hashlib.sha256("\n".join(owners).encode()).hexdigest()
print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "digest": digest}))
"""


# How often each rule shape below is drawn: "even" (the default) draws each shape as often,
# until the few patterns that match at any depth are used up; "anchored" draws mostly rooted
# rules (`/svc001/src/`).
MIXES = {"even": None, "anchored": [4, 4, 1, 1, 2, 4, 1, 4]}
# Where the rules that match at any depth (`*.py`, `docs/`, `**/m1/*.py`) sit. Hand-kept files
# put them first, for rooted rules to override; a matcher that tries a file's lines from the
# bottom up stops soonest when they are last.
ORDERS = ("shuffled", "generic-first", "generic-last")


def corpus(
    n_files: int,
    n_rules: int,
    mix: str = "even",
    order: str = "shuffled",
    seed: int = 20261122,
    repeats: bool = False,
) -> tuple[str, list[str]]:
    """A monorepo-like tree and CODEOWNERS in GitHub's supported syntax: `*` first, then a
    distinct pattern per line in `order`. With `repeats`, patterns are drawn with repeats and
    kept as drawn, which rebuilds the corpus of the first figures byte for byte."""
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
    rules: list[str] = []
    seen, weights, attempts = {"*"}, MIXES[mix], 0
    while len(rules) < n_rules - 1:
        attempts += 1
        if attempts > 100 * n_rules:  # the shapes hold some 7,300 distinct patterns
            raise SystemExit(f"the rule shapes hold fewer than {n_rules} distinct patterns")
        shape = rng.choices(shapes, weights)[0] if weights else rng.choice(shapes)
        pattern = shape()
        if repeats or pattern not in seen:
            seen.add(pattern)
            rules.append(f"{pattern} @org/team{rng.randrange(200)}")
    if not repeats:
        rng.shuffle(rules)
        generic = [rule for rule in rules if not rule.startswith("/")]
        rooted = [rule for rule in rules if rule.startswith("/")]
        if order == "generic-first":
            rules = generic + rooted
        elif order == "generic-last":
            rules = rooted + generic
    return "\n".join(["* @org/everyone", *rules]) + "\n", files


def _venv(path: Path) -> Path:
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", REPO, "codeowners"], check=True)
    return python


def measure(python: Path, kind: str, codeowners: Path, files: Path) -> dict:
    out = subprocess.run(
        [python, "-c", WORKER, kind, str(codeowners), str(files)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=1_000)
    parser.add_argument("--mix", choices=MIXES, default="even", help="rule shapes (see MIXES)")
    parser.add_argument("--order", choices=ORDERS, default="shuffled", help="see ORDERS")
    parser.add_argument("--with-repeats", action="store_true", help="patterns drawn with repeats")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    text, files = corpus(args.files, args.rules, args.mix, args.order, repeats=args.with_repeats)
    with tempfile.TemporaryDirectory() as tmp:
        python = _venv(args.venv or Path(tmp) / "venv")
        co_path, files_path = Path(tmp) / "CODEOWNERS", Path(tmp) / "files.txt"
        co_path.write_text(text)
        files_path.write_text("\n".join(files))
        runs: dict[str, list[dict]] = {"mlrepo": [], "codeowners": []}
        for _ in range(args.repeat):
            for kind, results in runs.items():
                results.append(measure(python, kind, co_path, files_path))
    digests = {run["digest"] for results in runs.values() for run in results}
    seconds = {kind: statistics.median(r["seconds"] for r in rs) for kind, rs in runs.items()}
    peak = {kind: max(r["peak_mb"] for r in rs) for kind, rs in runs.items()}
    print(
        f"corpus: {len(files)} files, {args.rules} rules ({args.mix} mix, "
        f"{'with repeats, as drawn' if args.with_repeats else args.order}) "
        f"(sha256 {hashlib.sha256(text.encode()).hexdigest()[:12]}); {args.repeat} runs each"
    )
    print(f"{'matcher':<22}{'median s':>9}{'peak MB':>9}")
    for kind, label in (
        ("mlrepo", "mlrepo.formats.codeowners"),
        ("codeowners", "codeowners (PyPI)"),
    ):
        print(f"{label:<22}{seconds[kind]:>9.3f}{peak[kind]:>9.1f}")
    ratio = seconds["codeowners"] / seconds["mlrepo"]
    print(f"speed-up: {ratio:.1f}x; same owners for every file: {len(digests) == 1}")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
