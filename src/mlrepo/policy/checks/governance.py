"""The governance pack (policies/governance.yaml): project facts, the model card's metadata,
waivers and the branch ruleset, each against its JSON Schema."""

from __future__ import annotations

from mlrepo.formats.loaders import key_lines
from mlrepo.policy import waivers as waiver_file
from mlrepo.policy.checks import Finding
from mlrepo.policy.checks.common import front_matter_findings, schema_findings
from mlrepo.policy.resources import schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params


def yaml_schema(ctx: Context, params: Params) -> Iterator[Finding]:
    path = params["path"]
    if not ctx.repo.exists(path):
        return
    yield from schema_findings(
        path, ctx.repo.yaml(path), ctx.repo.read(path), schema(params["schema"])
    )


def front_matter_schema(ctx: Context, params: Params) -> Iterator[Finding]:
    path = params["path"]
    if not ctx.repo.exists(path):
        return
    yield from front_matter_findings(ctx, path, schema(params["schema"]))


def waivers(ctx: Context, params: Params) -> Iterator[Finding]:
    path = params["path"]
    if not ctx.repo.exists(path):
        return
    document, data = ctx.repo.yaml(path), ctx.repo.read(path)
    yield from schema_findings(path, document, data, schema(waiver_file.SCHEMA))
    entries = waiver_file.entries(ctx, path)
    today = waiver_file.today() if entries else None
    max_days = params["max_days"]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        for problem in waiver_file.problems(entry, ctx.rule_ids, today, max_days):
            line = key_lines(data).get(("waivers", index))
            yield Finding(path, f"waivers[{index}]: {problem}", line)


def ruleset(ctx: Context, params: Params) -> Iterator[Finding]:
    """A GitHub ruleset file (JSON) of the right shape that demands code-owner review and checks."""
    path = params["path"]
    if not ctx.repo.exists(path):
        yield Finding(path, "missing: nothing requires code-owner review on the default branch")
        return
    document = ctx.repo.yaml(path)  # JSON is YAML; duplicate keys are refused the same way
    found = list(schema_findings(path, document, ctx.repo.read(path), schema(params["schema"])))
    yield from found
    if found or not isinstance(document, dict):
        return
    rules = {r.get("type"): r.get("parameters") or {} for r in document.get("rules", [])}
    if not rules.get("pull_request", {}).get("require_code_owner_review"):
        yield Finding(path, "no pull_request rule with require_code_owner_review: true")
    if not rules.get("required_status_checks", {}).get("required_status_checks"):
        yield Finding(path, "no required_status_checks rule naming the CI checks")
