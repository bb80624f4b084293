"""Validate a 10,000-row sample against its Table Schema: the mlrepo-schemas hook (whole process,
`mlrepo check --select DATA002`) vs `frictionless validate` of the same file, same run.

    python benchmarks/bench_schemas.py [--rows 10000] [--repeat 7]

Needs frictionless (pip install frictionless); both commands must report the file valid.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTRACTS = ["month-to-month", "one-year", "two-year"]


def _sample(rows: int) -> str:
    rng = random.Random(7)
    lines = ["customer_id,tenure_months,monthly_charges,support_calls,contract,churned"]
    for i in range(1, rows + 1):
        churned = rng.choice(["true", "false"])
        lines.append(f"C{i:06d},{rng.randint(0, 72)},{rng.uniform(18, 120):.2f},"
                     f"{rng.randint(0, 9)},{rng.choice(CONTRACTS)},{churned}")  # fmt: skip
    return "\n".join(lines) + "\n"


def _time(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    frictionless = shutil.which("frictionless") or str(Path(sys.executable).parent / "frictionless")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo"
        subprocess.run([sys.executable, "-m", "mlrepo", "new", str(project), "--defaults"],
                       check=True, capture_output=True)  # fmt: skip
        schema = project / "schemas" / "churn.schema.yaml"
        text = schema.read_text().replace('pattern: "C[0-9]{4}"', 'pattern: "C[0-9]{6}"')
        schema.write_text(text)
        sample = project / "schemas" / "samples" / "churn.csv"
        sample.write_text(_sample(args.rows))
        ours = [sys.executable, "-m", "mlrepo", "check", "--select", "DATA002"]
        # frictionless refuses absolute paths as unsafe: give both paths relative to the project
        peer = [frictionless, "validate", "schemas/samples/churn.csv", "--schema",
                "schemas/churn.schema.yaml"]  # fmt: skip
        times: dict[str, list[float]] = {"mlrepo check --select DATA002": [],
                                         "frictionless validate": []}  # fmt: skip
        for _ in range(args.repeat):
            times["mlrepo check --select DATA002"].append(_time(ours, project))
            times["frictionless validate"].append(_time(peer, project))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name:<32} median {median * 1000:7.1f} ms")
    ratio = medians["frictionless validate"] / medians["mlrepo check --select DATA002"]
    print(f"{args.rows} rows; mlrepo is {ratio:.1f}x faster; target: under 1 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
