"""Wall time of `mlrepo new` against plain `copier copy` and plain `cookiecutter`, same template.

Each door runs as a whole process (start-up included), `--repeat` times, alternating so that
machine noise spreads evenly; the script prints the median and the ratios to mlrepo new.

    python benchmarks/bench_new.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mlrepo.template.resources import stage_template


def _doors(src: Path, out: Path) -> dict[str, list[str]]:
    py = sys.executable
    return {
        "mlrepo new": [py, "-m", "mlrepo", "new", str(out / "m"), "--defaults"],
        "copier copy": [
            py,
            "-m",
            "copier",
            "copy",
            "--defaults",
            "--quiet",
            str(src),
            str(out / "c"),
        ],
        "cookiecutter": [
            py,
            "-m",
            "cookiecutter",
            "--no-input",
            str(src),
            "--directory",
            "template",
            "--output-dir",
            str(out / "k"),
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    timings: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        src = stage_template(scratch / "template-src")
        for round_ in range(args.repeat):
            out = scratch / f"round{round_}"
            out.mkdir()
            for name, cmd in _doors(src, out).items():
                start = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                timings.setdefault(name, []).append(time.perf_counter() - start)
    ours = statistics.median(timings["mlrepo new"])
    print(f"{'door':<14}{'median s':>10}{'min s':>8}{'ratio to mlrepo new':>22}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<14}{median:>10.3f}{min(values):>8.3f}{median / ours:>22.2f}")
    print(f"({args.repeat} runs each, Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
