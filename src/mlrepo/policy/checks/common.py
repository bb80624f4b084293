"""Helpers the check kinds share: schema findings with lines, and front matter."""

from __future__ import annotations

from mlrepo.errors import ConfigError, MalformedFile
from mlrepo.formats.loaders import key_lines, load_yaml, nearest_line
from mlrepo.formats.schema import validate, where
from mlrepo.formats.text import split_front_matter
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mlrepo.policy.checks import Context


def schema_findings(path, document, data: bytes, schema: dict, line_offset: int = 0):
    """A finding per schema error of `document` (parsed from `data`), at the line of its key."""
    errors = validate(document, schema)
    lines = key_lines(data) if errors else {}  # composing YAML again costs; only for messages
    for location, message in errors:
        line = nearest_line(lines, location)
        yield Finding(path, f"{where(location)}: {message}", line + line_offset if line else None)


def front_matter(ctx: Context, path: str):
    """(fields, raw block, body) of a file opening with a '---' YAML block; fields None if not.
    Parsed once per run: five rules read the model card's (shared, as `repo.yaml` shares)."""
    key = f"front_matter {path}"
    if key not in ctx.cache:
        ctx.cache[key] = _front_matter(ctx, path)
    return ctx.cache[key]


def _front_matter(ctx: Context, path: str):
    text = ctx.repo.text(path)
    split = split_front_matter(text)
    if split is None:
        return None, b"", text
    block, body = split
    try:
        fields = load_yaml(path, block.encode())
    except ConfigError as exc:  # a broken file of the repository: REPO005 reports it
        line = exc.line + 1 if exc.line else None  # the block starts below the opening '---'
        raise MalformedFile(path, f"front matter: {exc.message}", line) from None
    return fields, block.encode(), body


def front_matter_findings(ctx: Context, path: str, schema: dict):
    document, data, _ = front_matter(ctx, path)
    if document is None and not data:
        yield Finding(path, "no YAML front matter (a block between '---' lines at the top)", 1)
    elif not isinstance(document, dict):
        yield Finding(path, "front matter must be a mapping of fields", 2)
    else:
        yield from schema_findings(path, document, data, schema, line_offset=1)
