"""Rules are data: packs in policies/*.yaml (and organisation packs), tuned by [tool.mlrepo]."""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections import namedtuple
from pathlib import Path

from mlrepo import __version__
from mlrepo.errors import ConfigError
from mlrepo.loaders import cache_dir, key_lines, load_toml, load_yaml
from mlrepo.minischema import validate, where
from mlrepo.resources import policies_root

CONFIG_KEYS = {"maturity_level", "packs", "select", "ignore", "rules", "container"}


Rule = namedtuple(
    "Rule", "id title family severity levels check why fix url params", defaults=("", {})
)
# [tool.mlrepo] of the repository being checked; everything is optional.
Config = namedtuple("Config", "level packs select ignore params", defaults=(0, (), (), (), {}))


def _schema(name: str) -> dict:
    return json.loads((policies_root() / "schemas" / name).read_text(encoding="utf-8"))


def load_pack(path: Path, display: str) -> list[Rule]:
    """A validated pack; its rules are cached by content hash, so hooks skip re-validation."""
    data = path.read_bytes()
    source = data.decode("utf-8", "replace")
    cached = cache_dir() / "packs" / f"{zlib.crc32(data):08x}-{len(data)}.json"
    try:
        entry = json.loads(cached.read_bytes())
        if entry["version"] == __version__ and entry["source"] == source:
            return [Rule(*fields) for fields in entry["rules"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rules = _parse_pack(data, display)
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"version": __version__, "source": source, "rules": rules}))
        temporary.replace(cached)
    return rules


def _parse_pack(data: bytes, display: str) -> list[Rule]:
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
            rules[rule.id] = rule._replace(params=params)
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
