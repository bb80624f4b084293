"""Pipeline settings read from configs/pipeline.yaml, checked once so stages can trust them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class ConfigError(ValueError):
    """The pipeline configuration is missing a key or has a value of the wrong kind."""


@dataclass(frozen=True)
class Config:
    root: Path
    dataset_name: str
    data_path: Path
    schema_path: Path
    id_column: str
    target: str
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    test_fraction: float
    seed: int
    learning_rate: float
    epochs: int
    output_dir: Path


def _get(tree: dict[str, Any], dotted: str, kind: type, path: Path) -> Any:
    node: Any = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(f"{path}: missing key '{dotted}'")
        node = node[part]
    if kind is float and isinstance(node, int) and not isinstance(node, bool):
        node = float(node)
    wrong_kind = not isinstance(node, kind) or (isinstance(node, bool) and kind is not bool)
    if wrong_kind:
        raise ConfigError(f"{path}: '{dotted}' must be a {kind.__name__}, got {node!r}")
    return node


def load_config(path: Path, root: Path | None = None) -> Config:
    """Read the YAML config; relative paths in it are relative to `root` (default: cwd)."""
    root = Path.cwd() if root is None else root
    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    if not isinstance(tree, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    fraction = _get(tree, "train.test_fraction", float, path)
    if not 0 < fraction < 1:
        raise ConfigError(f"{path}: 'train.test_fraction' must be between 0 and 1")
    return Config(
        root=root,
        dataset_name=_get(tree, "dataset.name", str, path),
        data_path=root / _get(tree, "dataset.path", str, path),
        schema_path=root / _get(tree, "dataset.schema", str, path),
        id_column=_get(tree, "dataset.id_column", str, path),
        target=_get(tree, "dataset.target", str, path),
        numeric=tuple(_get(tree, "features.numeric", list, path)),
        categorical=tuple(_get(tree, "features.categorical", list, path)),
        test_fraction=fraction,
        seed=_get(tree, "train.seed", int, path),
        learning_rate=_get(tree, "train.learning_rate", float, path),
        epochs=_get(tree, "train.epochs", int, path),
        output_dir=root / _get(tree, "output_dir", str, path),
    )
