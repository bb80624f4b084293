"""Strict YAML and TOML reading: duplicate keys, bad syntax and binary junk become ConfigErrors
that name the file and line, never tracebacks."""

from __future__ import annotations

import contextlib
from typing import Any

import yaml

from mlrepo.errors import ConfigError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that refuses duplicate mapping keys (YAML says they are an error)."""


def _mapping_without_duplicates(loader, node, deep=False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "unhashable key", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {seen[key]})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _decode(path: str, data: bytes) -> str:
    if b"\x00" in data:
        raise ConfigError(path, "binary data where text was expected")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, "not valid UTF-8 text", line) from None


def load_yaml(path: str, data: bytes) -> Any:
    """Parse one YAML document strictly."""
    text = _decode(path, data)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(path, f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {exc}") from None


def key_lines(data: bytes) -> dict[tuple, int]:
    """Line of every mapping key by its path, e.g. ('owners', 0, 'team') -> 7 (for messages)."""
    lines: dict[tuple, int] = {(): 1}

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, key.value)
                lines[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))

    with contextlib.suppress(yaml.YAMLError):
        walk(yaml.compose(data.decode("utf-8", "replace"), Loader=_Base), ())
    return lines


def load_toml(path: str, data: bytes) -> dict[str, Any]:
    import tomllib

    text = _decode(path, data)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "... (at line 3, column 7)"; keep the reason, move the line to the front.
        message = str(exc)
        line = None
        if "(at line " in message:
            message, _, where = message.rpartition(" (at line ")
            line = int(where.split(",")[0])
        raise ConfigError(path, f"invalid TOML: {message}", line) from None
