"""The lifecycle pack (policies/lifecycle.yaml): stage-dependent model card fields, the EU AI
Act Annex IV document, and the compliance facts (providers, residency) of the project."""

from __future__ import annotations

import re

from mlrepo.formats.loaders import key_lines
from mlrepo.policy.checks import Finding
from mlrepo.policy.checks.common import front_matter

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    from mlrepo.policy.checks import Context, Params

PROJECT = "governance/project.yaml"
CARD = "docs/model_card.md"


def _card(ctx: Context, path: str = CARD) -> tuple[dict, bytes]:
    if not ctx.repo.exists(path):
        return {}, b""
    fields, block, _ = front_matter(ctx, path)
    return (fields, block) if isinstance(fields, dict) else ({}, b"")


def _project(ctx: Context, path: str = PROJECT) -> dict:
    if not ctx.repo.exists(path):
        return {}
    document = ctx.repo.yaml(path)
    return document if isinstance(document, dict) else {}


def _get(document: object, *keys: str) -> Any:
    for key in keys:
        document = document.get(key) if isinstance(document, dict) else None
    return document


def model_card_stage(ctx: Context, params: Params) -> Iterator[Finding]:
    path = params["path"]
    card, block = _card(ctx, path)
    stage = card.get("stage")
    for field in params["required"].get(stage, []) if isinstance(stage, str) else []:
        if card.get(field) in (None, "", [], {}):
            line = key_lines(block).get((field,)) or key_lines(block).get(("stage",))
            yield Finding(
                path, f"stage '{stage}' requires a non-empty '{field}'", line + 1 if line else 1
            )


def annex_iv(ctx: Context, params: Params) -> Iterator[Finding]:
    card, _ = _card(ctx)
    high = card.get("risk_tier") == "high" or _get(_project(ctx), "risk", "tier") == "high"
    if not high:
        return
    path = params["path"]
    if not ctx.repo.exists(path):
        yield Finding(path, "missing: the risk tier is high")
        return
    headings = {
        re.sub(r"^[\d.\s]+", "", m.group(1)).strip().lower()
        for m in re.finditer(r"^#{1,6}\s+(.+?)\s*$", ctx.repo.text(path), re.MULTILINE)
    }
    for heading in params["headings"]:
        if not any(h.startswith(heading.lower()) for h in headings):
            yield Finding(path, f"no '{heading}' section")


def _services(project: dict):
    for kind in ("llm_providers", "third_party_apis"):
        for index, service in enumerate(_get(project, "external_services", kind) or []):
            if isinstance(service, dict):
                yield kind, index, str(service.get("provider", ""))


def provider_allow_list(ctx: Context, params: Params) -> Iterator[Finding]:
    project = _project(ctx)
    classification = _get(project, "data", "classification")
    if classification not in params["classifications"]:
        return
    allowed = set(params["allowed"])
    for kind, index, provider in _services(project):
        if provider not in allowed:
            line = key_lines(ctx.repo.read(PROJECT)).get(("external_services", kind, index))
            yield Finding(PROJECT, f"{classification} data with provider '{provider}', which is "
                                   "not on the allow-list", line)  # fmt: skip


def residency_before_production(ctx: Context, params: Params) -> Iterator[Finding]:
    card, _ = _card(ctx, params["model_card"])
    if card.get("stage") != "production":
        return
    path = params["project"]
    residency = _get(_project(ctx, path), "data", "residency")
    if not residency or str(residency).lower() in params["undeclared"]:
        line = (
            key_lines(ctx.repo.read(path)).get(("data", "residency"))
            if ctx.repo.exists(path)
            else None
        )
        yield Finding(path, f"the model is in production but residency is {residency!r}", line)


def stage_evidence(ctx: Context, params: Params) -> Iterator[Finding]:
    """Every `evidence:` path that governance/stage_gates.yaml lists for the model card's
    stage exists (a file, or a folder with files)."""
    gates_path = params["gates"]
    stage = _card(ctx, params["model_card"])[0].get("stage")
    if not isinstance(stage, str) or not ctx.repo.exists(gates_path):
        return  # GOV001 and REPO002 report a missing card, stage or gates file
    gates = ctx.repo.yaml(gates_path)
    evidence = _get(gates, "stages", stage, "evidence")
    if not isinstance(evidence, list):
        return
    lines = None
    for index, item in enumerate(evidence):
        if not isinstance(item, str) or not item:
            continue
        path = item.strip("/")
        if ctx.repo.exists(path) or ctx.repo.under(path + "/"):
            continue
        lines = key_lines(ctx.repo.read(gates_path)) if lines is None else lines
        yield Finding(
            gates_path,
            f"stage '{stage}' ({params['model_card']}) needs evidence {item!r}: not found",
            lines.get(("stages", stage, "evidence", index)),
        )
