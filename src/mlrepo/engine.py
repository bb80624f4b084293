"""Run the selected rules over a repository and apply waivers."""

from __future__ import annotations

import importlib
import os
from collections import namedtuple

from mlrepo.checks import KINDS
from mlrepo.errors import ConfigError
from mlrepo.repository import Repository
from mlrepo.rules import Rule, load_rules, read_config, selected


class Context:
    """What a check kind may look at: the repository, its level, the known rule ids."""

    def __init__(self, repo: Repository, level: int, rule_ids: frozenset[str]):
        self.repo, self.level, self.rule_ids = repo, level, rule_ids
        self.cache: dict = {}


Result = namedtuple("Result", "rule finding waived_by")


class Report:
    def __init__(self, root: str, level: int, rules: list[Rule], results: list):
        self.root, self.level, self.rules, self.results = root, level, rules, results

    @property
    def failures(self) -> list[Result]:
        return [r for r in self.results if r.waived_by is None]


def _kind(name: str, rule: Rule):
    if name not in KINDS:
        raise ConfigError(
            rule.id, f"unknown check kind '{name}' (known: {', '.join(sorted(KINDS))})"
        )
    module, _, function = KINDS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def run(root, level: int | None = None, select=(), ignore=()) -> Report:
    """The report of the selected rules on the repository at `root` (a str or a path)."""
    root = os.fspath(root)
    config = read_config(root)
    level = config.level if level is None else level
    rules = load_rules(root, config)
    active = selected(rules, level, [*config.select, *select], [*config.ignore, *ignore])
    ctx = Context(Repository(root), level, frozenset(r.id for r in rules))
    from mlrepo.checks.waivers import active_waivers

    waivers = active_waivers(ctx) if any(r.check != "waivers" for r in active) else []
    results = []
    for rule in active:
        for finding in _kind(rule.check, rule)(ctx, rule.params):
            waiver = next(
                (w for w in waivers if w.covers(rule.id, finding.path) and rule.check != "waivers"),
                None,
            )
            results.append(Result(rule, finding, waiver.label if waiver else None))
    return Report(root, level, active, results)
