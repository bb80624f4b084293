"""Command line: `run` trains and evaluates; `predict FILE.csv` scores rows of a CSV;
`sample` prints the shipped sample data (see sample.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from {{ cookiecutter.project_slug }}.errors import ConfigError, DataContractError


def _run(args: argparse.Namespace) -> None:
    from {{ cookiecutter.project_slug }}.config import load_config
    from {{ cookiecutter.project_slug }}.pipeline import run

    result = run(load_config(args.config))
    print(json.dumps(result.metrics, sort_keys=True))
    print(f"wrote {result.model_path} and {result.metrics_path}")
    if result.run_id:
        print(f"tracked as MLflow run {result.run_id}")


def _predict(args: argparse.Namespace) -> None:
    from {{ cookiecutter.project_slug }}.config import load_config
    from {{ cookiecutter.project_slug }}.data import load_table
    from {{ cookiecutter.project_slug }}.predict import predict

    config = load_config(args.config)
    rows = load_table(args.csv, config.schema_path)
    scores = predict(config.output_dir / "model.skops", rows)
    for identifier, score in zip(rows[config.id_column], scores, strict=True):
        print(f"{identifier},{score}")


def _sample(args: argparse.Namespace) -> None:
    from {{ cookiecutter.project_slug }}.sample import sample_csv

    sys.stdout.write(sample_csv())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.project_slug }}")
    parser.add_argument("--config", type=Path, default=Path("configs/pipeline.yaml"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="train and evaluate on the configured dataset").set_defaults(
        handler=_run
    )
    scoring = commands.add_parser("predict", help="score a CSV that follows the dataset's schema")
    scoring.add_argument("csv", type=Path)
    scoring.set_defaults(handler=_predict)
    commands.add_parser("sample", help="print the shipped sample data").set_defaults(
        handler=_sample
    )
    args = parser.parse_args(argv)

    try:
        args.handler(args)
    except BrokenPipeError:  # `... | head`: the reader has what it wanted
        sys.stderr.close()
        return 0
    except (ConfigError, DataContractError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
