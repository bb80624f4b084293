"""Data contracts: Table Schema files are valid, and shipped samples conform to them."""

from __future__ import annotations

from mlrepo.checks import Finding
from mlrepo.checks.documents import _schema_findings
from mlrepo.resources import schema


def _schemas(ctx, params):
    return ctx.repo.glob(params["glob"])


def _profile() -> dict:
    return schema("table-schema.schema.json")


def table_schemas(ctx, params):
    profile = _profile()
    for path in _schemas(ctx, params):
        yield from _schema_findings(path, ctx.repo.yaml(path), ctx.repo.read(path), profile)


def table_samples(ctx, params):
    from mlrepo.minischema import validate
    from mlrepo.tables import errors

    profile = _profile()
    for path in _schemas(ctx, params):
        schema = ctx.repo.yaml(path)
        if validate(schema, profile):
            continue  # DATA001 reports the broken schema
        name = path.rsplit("/", 1)[-1].removesuffix(".schema.yaml")
        sample = f"{params['samples']}/{name}.csv"
        if not ctx.repo.exists(sample):
            continue
        for line, message in errors(schema, ctx.repo.read(sample)):
            yield Finding(sample, message, line)
