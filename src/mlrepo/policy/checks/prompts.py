"""The prompts pack (policies/prompts.yaml): GenAI prompts (prompts/*.prompt) have valid front
matter, use exactly their declared inputs, an allowed provider, and no secrets."""

from __future__ import annotations

import re

from mlrepo.formats.loaders import nested
from mlrepo.formats.text import line_at
from mlrepo.policy.checks import Finding
from mlrepo.policy.checks.common import front_matter, front_matter_findings
from mlrepo.policy.checks.hygiene import scanned_secrets
from mlrepo.policy.resources import schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)")


def _prompts(ctx: Context, params: Params) -> list[str]:
    return ctx.repo.glob(params["glob"])


def _valid(ctx: Context, path: str):
    """(front matter, body) if the front matter is a mapping, else None (PROMPT001 reports it)."""
    fields, _, body = front_matter(ctx, path)
    return (fields, body) if isinstance(fields, dict) else None


def prompt_front_matter(ctx: Context, params: Params) -> Iterator[Finding]:
    prompt_schema = schema(params["schema"])
    for path in _prompts(ctx, params):
        yield from front_matter_findings(ctx, path, prompt_schema)


def prompt_inputs(ctx: Context, params: Params) -> Iterator[Finding]:
    for path in _prompts(ctx, params):
        parsed = _valid(ctx, path)
        # any level may be other than a mapping ('input: text', an empty 'schema:'): the shape
        # is PROMPT001's to report, so such a prompt declares no inputs here
        declared = nested(parsed[0], "input", "schema", "properties") if parsed else None
        if not isinstance(declared, dict):
            continue
        used = set(_PLACEHOLDER.findall(parsed[1]))
        for name in sorted(set(declared) - used):
            yield Finding(path, f"declared input '{name}' is never used in the prompt")
        for name in sorted(used - set(declared)):
            yield Finding(path, f"placeholder '{name}' is not a declared input")


def prompt_provider(ctx: Context, params: Params) -> Iterator[Finding]:
    allowed = set(params["allowed"])
    for path in _prompts(ctx, params):
        parsed = _valid(ctx, path)
        model = parsed[0].get("model") if parsed else None
        provider = model.get("provider") if isinstance(model, dict) else None
        if provider is not None and provider not in allowed:
            yield Finding(path, f"provider '{provider}' is not on the allow-list")


_ASSIGNED_SECRET = re.compile(
    rb"(?i)\b(?:api[_-]?key|secret|password|passwd|token)\b\s*[:=]\s*['\"]?[A-Za-z0-9_\-/+]{12,}"
)


def prompt_secrets(ctx: Context, params: Params) -> Iterator[Finding]:
    """SEC001's scanner over the prompts, and a secret written out in words (`password =
    ...`), which a prompt is more likely to hold than code is."""
    paths = list(_prompts(ctx, params))
    reported = set()
    for finding in scanned_secrets(ctx, paths):
        if finding.path not in reported:
            reported.add(finding.path)
            yield finding
    for path in paths:
        if path in reported:
            continue
        data = ctx.repo.read(path)
        match = _ASSIGNED_SECRET.search(data)
        if match:
            yield Finding(path, "contains what looks like a secret assignment",
                          line_at(data, match.start()))  # fmt: skip
