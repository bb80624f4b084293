"""Rules are data: packs in policies/*.yaml (and organisation packs), tuned by [tool.mlrepo]."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlrepo.errors import ConfigError
from mlrepo.loaders import key_lines, load_toml, load_yaml
from mlrepo.minischema import validate, where
from mlrepo.resources import policies_root

CONFIG_KEYS = {"maturity_level", "packs", "select", "ignore", "rules", "container"}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    family: str
    severity: str
    levels: tuple[int, ...]
    check: str
    why: str
    fix: str
    url: str = ""
    params: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class Config:
    """[tool.mlrepo] of the repository being checked (all optional)."""

    level: int = 0
    packs: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    params: dict[str, dict] = field(default_factory=dict)


def _schema(name: str) -> dict:
    return json.loads((policies_root() / "schemas" / name).read_text(encoding="utf-8"))


def load_pack(path: Path, display: str) -> list[Rule]:
    data = path.read_bytes()
    document = load_yaml(display, data)
    errors = validate(document, _schema("rule-pack.schema.json"))
    if errors:
        location, message = errors[0]
        line = _line_of(key_lines(data), location)
        raise ConfigError(display, f"invalid rule pack: {where(location)}: {message}", line)
    return [
        Rule(**{**raw, "levels": tuple(raw["levels"]), "params": raw.get("params", {})})
        for raw in document["rules"]
    ]


def _line_of(lines: dict[tuple, int], location: tuple) -> int | None:
    while location and location not in lines:
        location = location[:-1]
    return lines.get(location)


def _pack_files(spec: str, root: Path) -> list[tuple[Path, str]]:
    """A pack named in config: a YAML file or folder in the repo, or 'package:NAME' installed."""
    if spec.startswith("package:"):
        import importlib.resources

        name = spec.removeprefix("package:")
        try:
            folder = Path(str(importlib.resources.files(name)))
        except ModuleNotFoundError:
            raise ConfigError(
                "pyproject.toml", f"rule pack package {name!r} is not installed"
            ) from None
    else:
        folder = root / spec
        if folder.is_file():
            return [(folder, spec)]
        if not folder.is_dir():
            raise ConfigError("pyproject.toml", f"rule pack {spec!r} does not exist")
    packs = sorted(folder.glob("*.yaml"))
    if spec.startswith("package:"):
        return [(p, f"{spec}/{p.name}") for p in packs]
    return [(p, p.relative_to(root).as_posix()) for p in packs]


def load_rules(root: Path, config: Config) -> list[Rule]:
    """The built-in packs plus the configured ones; a duplicate rule id is an error."""
    sources = [(p, f"policies/{p.name}") for p in sorted(policies_root().glob("*.yaml"))]
    for spec in config.packs:
        sources.extend(_pack_files(spec, root))
    rules: dict[str, Rule] = {}
    for path, display in sources:
        for rule in load_pack(path, display):
            if rule.id in rules:
                raise ConfigError(display, f"rule {rule.id} is defined twice")
            params = {**rule.params, **config.params.get(rule.id, {})}
            rules[rule.id] = Rule(**{**rule.__dict__, "params": params})
    return list(rules.values())


def read_config(root: Path) -> Config:
    path = root / "pyproject.toml"
    if not path.is_file():
        return Config()
    data = path.read_bytes()
    table = load_toml("pyproject.toml", data).get("tool", {}).get("mlrepo", {})
    text = data.decode("utf-8")

    def fail(key: str, message: str):
        match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        raise ConfigError("pyproject.toml", f"[tool.mlrepo] {message}", line)

    if not isinstance(table, dict):
        fail("mlrepo", "must be a table")
    for key in table:
        if key not in CONFIG_KEYS:
            fail(key, f"unknown key '{key}' (known: {', '.join(sorted(CONFIG_KEYS))})")
    level = table.get("maturity_level", 0)
    if isinstance(level, bool) or level not in (0, 1, 2):
        fail("maturity_level", "maturity_level must be 0, 1 or 2")
    for key in ("packs", "select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(key, f"{key} must be a list of strings")
    params = table.get("rules", {})
    if not isinstance(params, dict) or not all(isinstance(v, dict) for v in params.values()):
        fail("rules", "rules must be a table of tables, e.g. [tool.mlrepo.rules.HYG002]")
    return Config(level, table.get("packs", []), table.get("select", []),
                  table.get("ignore", []), params)  # fmt: skip


def selected(rules: list[Rule], level: int, select: list[str], ignore: list[str]) -> list[Rule]:
    """Rules for this level, narrowed by select and ignore (ids, id prefixes or family names)."""

    def named(rule: Rule, names: list[str]) -> bool:
        return any(rule.id.startswith(n) or rule.family == n for n in names)

    return [
        r for r in rules
        if level in r.levels and (not select or named(r, select)) and not named(r, ignore)
    ]  # fmt: skip
