"""`mlrepo gate`: a metrics report against a lifecycle stage's thresholds."""

from __future__ import annotations

from mlrepo.errors import EXIT_FINDINGS, EXIT_OK

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    from pathlib import Path

    gate = commands.add_parser(
        "gate",
        help="compare a metrics report with a lifecycle stage's thresholds",
        description="Compare a metrics report with the thresholds of a stage in "
        "governance/stage_gates.yaml. Exit 0: every threshold met; 1: one is not; 2: bad input.",
    )
    gate.add_argument("--metrics", type=Path, required=True, help="e.g. artifacts/metrics.json")
    gate.add_argument("--stage", help="default: the stage declared in docs/model_card.md")
    gate.add_argument("--gates", default="governance/stage_gates.yaml", help="%(default)s")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from mlrepo.policy import gate

    root = Path().resolve()
    stage = args.stage or gate.declared_stage(root)
    bounds = gate.thresholds(root, args.gates, stage)
    shown = str(args.metrics)
    rows = gate.evaluate(bounds, gate.read_metrics(args.metrics, shown), shown)
    print(gate.table(stage, rows))
    return EXIT_OK if gate.passed(rows) else EXIT_FINDINGS
