"""Command line: `run` trains and evaluates; `predict FILE.csv` scores rows of a CSV."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from {{ cookiecutter.project_slug }}.config import ConfigError, load_config
from {{ cookiecutter.project_slug }}.data import DataContractError, load_table
from {{ cookiecutter.project_slug }}.pipeline import run
from {{ cookiecutter.project_slug }}.predict import predict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="{{ cookiecutter.project_slug }}")
    parser.add_argument("--config", type=Path, default=Path("configs/pipeline.yaml"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="train and evaluate on the configured dataset")
    scoring = commands.add_parser("predict", help="score a CSV that follows the dataset's schema")
    scoring.add_argument("csv", type=Path)
    args = parser.parse_args(argv)

    try:
        config = load_config(args.config)
        if args.command == "run":
            result = run(config)
            print(json.dumps(result.metrics, sort_keys=True))
            print(f"wrote {result.model_path} and {result.metrics_path}")
        else:
            rows = load_table(args.csv, config.schema_path)
            scores = predict(config.output_dir / "model.json", rows)
            for row, score in zip(rows, scores, strict=True):
                print(f"{row[config.id_column]},{score}")
    except (ConfigError, DataContractError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
