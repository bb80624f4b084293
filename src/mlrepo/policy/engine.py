"""Run the selected rules over a repository and apply waivers.

A file of the repository that cannot be read or parsed does not stop the run (DESIGN,
principle 3): the rule that met it runs again without it, and REPO005 (kind `malformed_files`)
reports each such file once, after every other rule. Only mlrepo's own configuration (packs,
an invalid [tool.mlrepo]) is an error that ends the run.
"""

from __future__ import annotations

import importlib
import os
from collections import namedtuple

from mlrepo.errors import MalformedFile
from mlrepo.policy.checks import KINDS, Context, with_defaults
from mlrepo.policy.repository import CONFLICT_MESSAGE, Repository
from mlrepo.policy.rules import Config, Rule, load_rules, read_config, selected

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
    from mlrepo.policy import memo

    root = os.fspath(root)
    repo = Repository(root)
    stored = memo.last(repo)
    if stored is not None:
        repo.recall(stored.get("listing"))  # an unchanged index then need not be listed
    try:
        config = read_config(repo)
    except MalformedFile as exc:
        repo.broken[exc.path] = MalformedFile(
            exc.path, f"{exc.message} ([tool.mlrepo] not read: the defaults apply)", exc.line
        )
        config = Config()
    level = config.level if level is None else level
    rules = load_rules(root, config)
    ignored = [*config.ignore, *ignore]
    active = selected(rules, level, [*config.select, *select], ignored)
    key = memo.report_key(repo, level, rules, active, ignored)
    kept = memo.kept(stored, key, rules) if key is not None else None
    if kept is not None:
        ran, rows = kept
        return Report(root, level, ran, [Result(*row) for row in rows])
    report = _report(repo, level, rules, active, ignored)
    if key is not None:
        memo.keep(repo, key, report.rules, report.results)
    return report


def _report(
    repo: Repository, level: int, rules: list[Rule], active: list[Rule], ignored: list[str]
) -> Report:
    ctx = Context(repo, level, frozenset(r.id for r in rules))
    waivers = []
    if any(r.check != "waivers" for r in active):
        from mlrepo.policy.waivers import active_waivers

        # GOV003's params (the file, the horizon) decide which waivers count, run or not.
        waiver_rule = next((r for r in rules if r.check == "waivers"), None)
        try:
            waivers = active_waivers(
                ctx, waiver_rule.params if waiver_rule else with_defaults("waivers", {})
            )
        except MalformedFile as exc:
            repo.broken.setdefault(exc.path, exc)
    last = [r for r in active if r.check == "malformed_files"]
    active = [r for r in active if r.check != "malformed_files"]
    results = []
    for rule in active:
        for finding in _findings(ctx, rule):
            waiver = None
            if rule.check != "waivers":
                waiver = next((w for w in waivers if w.covers(rule.id, finding.path)), None)
            results.append(Result(rule, finding, waiver.label if waiver else None))
    # Broken files are reported whatever --select says (a selected rule could not do its
    # work), unless REPO005 itself is ignored.
    if repo.broken and not last:
        last = selected([r for r in rules if r.check == "malformed_files"], level, [], ignored)
    # Conflict markers are reported once, as such: by HYG003 where it ran, not again as broken.
    conflicted = {r.finding.path for r in results if r.rule.check == "conflict_leftovers"}
    for rule in last:
        active.append(rule)
        for finding in _findings(ctx, rule):
            if finding.path in conflicted and finding.message.startswith(CONFLICT_MESSAGE):
                continue
            waiver = next((w for w in waivers if w.covers(rule.id, finding.path)), None)
            results.append(Result(rule, finding, waiver.label if waiver else None))
    return Report(repo.root, level, active, results)


def _findings(ctx: Context, rule: Rule) -> list[Finding]:
    """The rule's findings; each broken file it meets is recorded and the rule runs again
    with that file left out of the listings (a rule over many files then checks the others)."""
    hidden: frozenset[str] = frozenset()
    while True:
        found: list[Finding] = []
        ctx.repo.hiding(hidden)
        try:
            found.extend(kind_function(rule.check)(ctx, rule.params))
            return found
        except MalformedFile as exc:
            ctx.repo.broken.setdefault(exc.path, exc)
            if exc.path in hidden or exc.path not in ctx.repo.file_set:
                return found  # the rule needs that very file: what it found before stands
            hidden |= {exc.path}
        finally:
            ctx.repo.hiding(frozenset())
