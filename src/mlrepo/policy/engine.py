"""Run the selected rules over a repository and apply waivers."""

from __future__ import annotations

import importlib
import os
from collections import namedtuple

from mlrepo.policy.checks import KINDS, Context, with_defaults
from mlrepo.policy.repository import Repository
from mlrepo.policy.rules import Rule, load_rules, read_config, selected

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple

    from mlrepo.policy.checks import CheckKind, Finding

    class Result(NamedTuple):
        rule: Rule
        finding: Finding
        waived_by: str | None  #: the waiver's label, or None if the finding counts

else:
    Result = namedtuple("Result", "rule finding waived_by")


class Report:
    """What `check` found: the rules that ran and one result per finding."""

    def __init__(self, root: str, level: int, rules: list[Rule], results: list[Result]):
        self.root, self.level, self.rules, self.results = root, level, rules, results

    @property
    def failures(self) -> list[Result]:
        return [r for r in self.results if r.waived_by is None]


def kind_function(name: str) -> CheckKind:
    """The function of a check kind (packs are validated, so the name is known)."""
    module, _, function = KINDS[name][0].partition(":")
    kind: CheckKind = getattr(importlib.import_module(module), function)
    return kind


def run(
    root: str | os.PathLike[str],
    level: int | None = None,
    select: list[str] | tuple[str, ...] = (),
    ignore: list[str] | tuple[str, ...] = (),
) -> Report:
    """The report of the selected rules on the repository at `root`."""
    root = os.fspath(root)
    config = read_config(root)
    level = config.level if level is None else level
    rules = load_rules(root, config)
    active = selected(rules, level, [*config.select, *select], [*config.ignore, *ignore])
    ctx = Context(Repository(root), level, frozenset(r.id for r in rules))
    waivers = []
    if any(r.check != "waivers" for r in active):
        from mlrepo.policy.waivers import active_waivers

        # GOV003's params (the file, the horizon) decide which waivers count, run or not.
        waiver_rule = next((r for r in rules if r.check == "waivers"), None)
        waivers = active_waivers(
            ctx, waiver_rule.params if waiver_rule else with_defaults("waivers", {})
        )
    results = []
    for rule in active:
        for finding in kind_function(rule.check)(ctx, rule.params):
            waiver = None
            if rule.check != "waivers":
                waiver = next((w for w in waivers if w.covers(rule.id, finding.path)), None)
            results.append(Result(rule, finding, waiver.label if waiver else None))
    return Report(root, level, active, results)
