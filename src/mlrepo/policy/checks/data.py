"""The data pack (policies/data.yaml): Table Schema files are valid, and shipped samples
conform to them."""

from __future__ import annotations

from mlrepo.policy.checks import Finding
from mlrepo.policy.checks.common import schema_findings
from mlrepo.policy.resources import schema

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params


def _schemas(ctx: Context, params: Params) -> list[str]:
    return ctx.repo.glob(params["glob"])


def _profile() -> dict:
    return schema("table-schema.schema.json")


def table_schemas(ctx: Context, params: Params) -> Iterator[Finding]:
    profile = _profile()
    for path in _schemas(ctx, params):
        yield from schema_findings(path, ctx.repo.yaml(path), ctx.repo.read(path), profile)


def table_samples(ctx: Context, params: Params) -> Iterator[Finding]:
    from mlrepo.formats.schema import validate
    from mlrepo.formats.tables import errors

    profile = _profile()
    for path in _schemas(ctx, params):
        schema = ctx.repo.yaml(path)
        if not isinstance(schema, dict) or validate(schema, profile):
            continue  # DATA001 reports the broken schema
        name = path.rsplit("/", 1)[-1].removesuffix(".schema.yaml")
        sample = f"{params['samples']}/{name}.csv"
        if not ctx.repo.exists(sample):
            continue
        for line, message in _sample_errors(ctx, schema, path, sample, errors):
            yield Finding(sample, message, line)


def _sample_errors(ctx: Context, schema: dict, path: str, sample: str, errors) -> list:
    """(line, message) per row that breaks the schema, kept by the two files' blob ids: a
    commit that changes neither validates no row (a 400-row sample costs ~15 ms)."""
    blobs = [ctx.repo.blob(path), ctx.repo.blob(sample)]
    if None in blobs:
        return list(errors(schema, ctx.repo.read(sample)))
    import json

    from mlrepo.formats.loaders import cached_by_content

    key = json.dumps(["table-sample", *blobs]).encode()
    return cached_by_content(b"sample", key, lambda: list(errors(schema, ctx.repo.read(sample))))
