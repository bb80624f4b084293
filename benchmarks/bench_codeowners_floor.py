"""Where the time of mlrepo's CODEOWNERS design goes, against the `codeowners` package.

`codeowners_batch` reads the sorted paths as one text and makes one C-level pass over it per
floating pattern it tries (`src/`, `*.py`, `**/m1/*.py`; a `*.py` takes two). On
bench_codeowners.py's corpus this times the parts every such run has, and nothing else:
the base (sorting, the text, the result dict, the owner strings the benchmark builds) and
that many passes over the whole text (decide() passes over smaller texts as paths are
decided, but rebuilds them). The peer runs in the same environment and the same run; the
ratios say how far each part alone lets bench_codeowners.py's speed-up go.

    python benchmarks/bench_codeowners_floor.py [--mix even|anchored] [--repeat 7] [--venv DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_codeowners import MIXES, _venv, corpus, measure

FLOOR = r"""
import json, re, sys, time
from itertools import repeat
from mlrepo.codeowners import parse
from mlrepo.codeowners_batch import _Covered, _plan, _named, _suffixed, _tailed
codeowners_path, files_path = sys.argv[1:3]
entries = parse(open(codeowners_path).read())[0]
files = open(files_path).read().split("\n")
covered, passes = _Covered(), 0
for entry in reversed(entries):  # the patterns decide() tries (it may stop sooner)
    if not covered.covers(entry.pattern):
        covered.add(entry.pattern)
        find = _plan(entry.pattern)[0]
        passes += 2 if find is _suffixed else find in (_named, _tailed)
absent = re.compile("/no such name/").search  # a pass that finds nothing
start = time.perf_counter()
lines = sorted(files)
text = "\n/" + "\n/".join(lines) + "\n"
before_passes = time.perf_counter()
for _ in range(passes):
    absent(text)
after_passes = time.perf_counter()
decided = dict(zip(lines, repeat(entries[-1])))
owners = [" ".join(e.owners) if e else "" for e in map(decided.__getitem__, files)]
end = time.perf_counter()
base = before_passes - start + end - after_passes
print(json.dumps({"base": base, "passes": after_passes - before_passes, "count": passes}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mix", choices=MIXES, default="even")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--venv", type=Path, help="reuse (or create) this environment")
    args = parser.parse_args()
    text, files = corpus(100_000, 1_000, args.mix)
    floors, peers = [], []
    with tempfile.TemporaryDirectory() as tmp:
        python = _venv(args.venv or Path(tmp) / "venv")
        co_path, files_path = Path(tmp) / "CODEOWNERS", Path(tmp) / "files.txt"
        co_path.write_text(text)
        files_path.write_text("\n".join(files))
        for _ in range(args.repeat):
            out = subprocess.run([python, "-c", FLOOR, co_path, files_path], check=True,
                                 capture_output=True, text=True).stdout  # fmt: skip
            floors.append(json.loads(out))
            peers.append(measure(python, "codeowners", co_path, files_path)["seconds"])
    peer = statistics.median(peers)
    base, passes = (statistics.median(run[part] for run in floors) for part in ("base", "passes"))
    print(f"{args.mix} mix, {floors[0]['count']} passes over the text, {args.repeat} runs each")
    print(f"{'part':<28}{'median s':>9}{'peer / part':>13}")
    for label, seconds in (("base", base), ("passes", passes), ("base and passes", base + passes)):
        print(f"{label:<28}{seconds:>9.3f}{peer / seconds:>12.1f}x")
    print(f"{'codeowners (PyPI)':<28}{peer:>9.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
