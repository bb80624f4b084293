"""Rules are data: packs in policies/*.yaml (and organisation packs), tuned by [tool.mlrepo]."""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections import namedtuple

from mlrepo import __version__
from mlrepo.errors import ConfigError, MalformedFile
from mlrepo.formats.loaders import (
    cache_dir,
    key_lines,
    load_toml,
    load_yaml,
    nearest_line,
    nested,
    read_bytes,
    read_cache_entry,
    reason,
    write_cache_entry,
)
from mlrepo.formats.schema import validate, where
from mlrepo.formats.text import line_at
from mlrepo.policy.checks import with_defaults
from mlrepo.policy.resources import policies_root, schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn

    from mlrepo.policy.repository import Repository

CONFIG_KEYS = {"maturity_level", "packs", "select", "ignore", "rules", "container"}


# tags: compliance frameworks -> the sections/controls/functions the rule gives evidence for.
Rule = namedtuple(
    "Rule", "id title family severity levels check why fix url params tags", defaults=("", {}, {})
)
# [tool.mlrepo] of the repository being checked; everything is optional.
Config = namedtuple("Config", "level packs select ignore params", defaults=(0, (), (), (), {}))


def load_pack(path: str, display: str) -> list[Rule]:
    """A validated pack; its rules are cached by content (an entry sealed for this mlrepo version,
    see formats.loaders), so hooks skip re-validation."""
    try:
        data = read_bytes(path)
    except OSError as exc:
        raise ConfigError(display, f"cannot read the rule pack: {reason(exc)}") from None
    source = data.decode("utf-8", "replace")
    cached = os.path.join(cache_dir(), "packs", f"{zlib.crc32(data):08x}-{len(data)}.json")
    try:
        text = read_cache_entry(cached)
        entry = json.loads(text) if text else None
        if (
            isinstance(entry, dict)
            and entry["version"] == __version__
            and entry["source"] == source
        ):
            # JSON has no tuples: the levels come back as the tuple a parsed pack gives
            return [Rule(*fields)._replace(levels=tuple(fields[4])) for fields in entry["rules"]]
    except (ValueError, KeyError, TypeError, RecursionError):
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
    if isinstance(name, str) and (
        os.path.basename(name) != name
        or not os.path.isfile(os.path.join(policies_root(), "schemas", name))
    ):
        return (
            "schema",
            f"check {kind} params: schema: no schema named {name!r} in policies/schemas/",
        )
    return None


def _yaml_files(folder: str) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".yaml"))


def package_folder(name: str, root: str) -> str:
    """The folder of installed package `name` (dotted names too), found as the import system
    would find it but without importing anything: its packs are data, its code never runs.
    The repository being checked (and the current directory) are not where installed
    packages live, so a committed folder of that name is never taken for one."""
    import sys
    from importlib.machinery import PathFinder

    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name):
        raise ConfigError("pyproject.toml", f"rule pack 'package:{name}': not a package name")
    skip = {os.path.realpath(p) for p in (root, os.getcwd())}
    search = [p for p in sys.path if p and os.path.realpath(p) not in skip]
    spec = None
    for part in range(1, name.count(".") + 2):
        spec = PathFinder.find_spec(".".join(name.split(".")[:part]), search)
        if spec is None:
            raise ConfigError("pyproject.toml", f"rule pack package {name!r} is not installed")
        search = list(spec.submodule_search_locations or [])
        if not search:
            raise ConfigError(
                "pyproject.toml", f"rule pack 'package:{name}' is a module, not a package folder"
            )
    return search[0]


def _pack_files(spec: str, root: str) -> list[tuple[str, str]]:
    """A pack named in config: a YAML file or folder in the repo, or 'package:NAME' installed."""
    if spec.startswith("package:"):
        folder = package_folder(spec.removeprefix("package:"), root)
        shown = spec + "/"
    else:
        folder = os.path.realpath(os.path.join(root, spec))
        if not folder.startswith(os.path.realpath(root).rstrip(os.sep) + os.sep):
            raise ConfigError(
                "pyproject.toml",
                f"rule pack {spec!r} is outside the repository (name an installed package "
                "with 'package:NAME' instead)",
            )
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
    try:
        text = read_bytes(os.path.join(root, "pyproject.toml")).decode("utf-8", "replace")
    except OSError:
        return None
    match = re.search(rf"^[ \t]*\[tool\.mlrepo\.rules\.{re.escape(rule_id)}\]", text, re.MULTILINE)
    return line_at(text, match.start()) if match else None


def read_config(repo: Repository) -> Config:
    """[tool.mlrepo], validated (ConfigError: exit 2). A pyproject.toml that cannot be read or
    parsed at all is a MalformedFile: a finding, and the rules run with the defaults."""
    if not repo.exists("pyproject.toml"):
        return Config()
    text = repo.text("pyproject.toml")
    try:
        document = load_toml("pyproject.toml", repo.read("pyproject.toml"))
    except ConfigError as exc:
        raise MalformedFile(exc.path, exc.message, exc.line) from None
    table = nested(document, "tool", "mlrepo")

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
    if type(level) is not int or level not in (0, 1, 2):
        fail("maturity_level", "maturity_level must be 0, 1 or 2")
    for key in ("packs", "select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            fail(key, f"{key} must be a list of non-empty strings")
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
