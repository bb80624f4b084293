"""Rules are data: packs in policies/*.yaml (and organisation packs), tuned by [tool.mlrepo]."""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections import namedtuple

from mlrepo import __version__
from mlrepo.errors import ConfigError
from mlrepo.formats.loaders import (
    cache_dir,
    key_lines,
    load_toml,
    load_yaml,
    nearest_line,
    nested,
    read_bytes,
    write_cache_entry,
)
from mlrepo.formats.schema import validate, where
from mlrepo.formats.text import line_at
from mlrepo.policy.checks import with_defaults
from mlrepo.policy.resources import policies_root, schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

CONFIG_KEYS = {"maturity_level", "packs", "select", "ignore", "rules", "container"}


# tags: compliance frameworks -> the sections/controls/functions the rule gives evidence for.
Rule = namedtuple(
    "Rule", "id title family severity levels check why fix url params tags", defaults=("", {}, {})
)
# [tool.mlrepo] of the repository being checked; everything is optional.
Config = namedtuple("Config", "level packs select ignore params", defaults=(0, (), (), (), {}))


def load_pack(path: str, display: str) -> list[Rule]:
    """A validated pack; its rules are cached by content hash, so hooks skip re-validation."""
    data = read_bytes(path)
    source = data.decode("utf-8", "replace")
    cached = os.path.join(cache_dir(), "packs", f"{zlib.crc32(data):08x}-{len(data)}.json")
    try:
        entry = json.loads(read_bytes(cached))
        if entry["version"] == __version__ and entry["source"] == source:
            return [Rule(*fields) for fields in entry["rules"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rules = _parse_pack(data, display)
    with contextlib.suppress(OSError):
        write_cache_entry(
            cached, json.dumps({"version": __version__, "source": source, "rules": rules})
        )
    return rules


def _parse_pack(data: bytes, display: str) -> list[Rule]:
    document = load_yaml(display, data)
    errors = validate(document, schema("rule-pack.schema.json"))
    if errors:
        location, message = errors[0]
        line = nearest_line(key_lines(data), location)
        raise ConfigError(display, f"invalid rule pack: {where(location)}: {message}", line)
    assert isinstance(document, dict)  # the pack schema says so
    rules = []
    lines = None
    for index, raw in enumerate(document["rules"]):
        params = raw.get("params", {})
        problem = params_problem(raw["check"], params)
        if problem:
            lines = lines or key_lines(data)
            line = nearest_line(lines, ("rules", index, "params", problem[0]))
            raise ConfigError(display, f"{raw['id']}: {problem[1]}", line)
        rules.append(Rule(**{**raw, "levels": tuple(raw["levels"]), "params": params}))
    return rules


def params_problem(kind: str, params: dict) -> tuple[str, str] | None:
    """(key, what is wrong) if `params` do not fit what check kind `kind` declares, else None."""
    from mlrepo.policy.checks import KINDS

    if kind not in KINDS:
        return "check", f"unknown check kind '{kind}' (known: {', '.join(sorted(KINDS))})"
    declared = KINDS[kind][1]
    errors = validate(params, declared)
    if errors:
        location, message = errors[0]
        key = str(location[0]) if location else "params"
        shown = f"{where(location)}: " if location else ""
        return key, f"check {kind} params: {shown}{message}"
    name = params.get("schema")
    if isinstance(name, str) and not os.path.isfile(os.path.join(policies_root(), "schemas", name)):
        return (
            "schema",
            f"check {kind} params: schema: no schema named {name!r} in policies/schemas/",
        )
    return None


def _yaml_files(folder: str) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".yaml"))


def _pack_files(spec: str, root: str) -> list[tuple[str, str]]:
    """A pack named in config: a YAML file or folder in the repo, or 'package:NAME' installed."""
    if spec.startswith("package:"):
        import importlib.resources

        name = spec.removeprefix("package:")
        try:
            folder = str(importlib.resources.files(name))
        except ModuleNotFoundError:
            raise ConfigError(
                "pyproject.toml", f"rule pack package {name!r} is not installed"
            ) from None
        shown = spec + "/"
    else:
        folder = os.path.join(root, spec)
        if os.path.isfile(folder):
            return [(folder, spec)]
        if not os.path.isdir(folder):
            raise ConfigError("pyproject.toml", f"rule pack {spec!r} does not exist")
        shown = os.path.relpath(folder, root).replace(os.sep, "/") + "/"
    return [(os.path.join(folder, name), shown + name) for name in _yaml_files(folder)]


def load_rules(root: str, config: Config) -> list[Rule]:
    """The built-in packs plus the configured ones; a duplicate rule id is an error."""
    builtin = policies_root()
    sources = [(os.path.join(builtin, n), f"policies/{n}") for n in _yaml_files(builtin)]
    for spec in config.packs:
        sources.extend(_pack_files(spec, root))
    rules: dict[str, Rule] = {}
    for path, display in sources:
        for rule in load_pack(path, display):
            if rule.id in rules:
                raise ConfigError(display, f"rule {rule.id} is defined twice")
            params = {**rule.params, **config.params.get(rule.id, {})}
            if rule.id in config.params:
                problem = params_problem(rule.check, params)
                if problem:
                    raise ConfigError(
                        "pyproject.toml",
                        f"[tool.mlrepo.rules.{rule.id}] {problem[1]}",
                        config_line(root, rule.id),
                    )
            rules[rule.id] = rule._replace(params=with_defaults(rule.check, params))
    return list(rules.values())


def config_line(root: str, rule_id: str) -> int | None:
    """The line of [tool.mlrepo.rules.RULE] in pyproject.toml (for messages)."""
    text = read_bytes(os.path.join(root, "pyproject.toml")).decode("utf-8", "replace")
    match = re.search(rf"^[ \t]*\[tool\.mlrepo\.rules\.{re.escape(rule_id)}\]", text, re.MULTILINE)
    return line_at(text, match.start()) if match else None


def read_config(root: str) -> Config:
    path = os.path.join(root, "pyproject.toml")
    if not os.path.isfile(path):
        return Config()
    data = read_bytes(path)
    table = nested(load_toml("pyproject.toml", data), "tool", "mlrepo")
    text = data.decode("utf-8")

    def fail(key: str, message: str) -> NoReturn:
        match = re.search(rf"^[ \t]*{re.escape(key)}\s*=", text, re.MULTILINE)
        line = line_at(text, match.start()) if match else None
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
