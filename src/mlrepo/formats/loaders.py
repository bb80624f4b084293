"""Strict YAML and TOML reading: duplicate keys, bad syntax and binary junk become ConfigErrors
that name the file and line, never tracebacks.

Parsed documents are cached by content (an entry keeps its source and is used only if the bytes
are identical), so a hook that runs on every commit imports neither PyYAML nor tomllib unless
a file changed: those two imports alone cost more than the rest of a check. Failures are never
cached.
"""

from __future__ import annotations

import contextlib
import os

from mlrepo.errors import ConfigError


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mlrepo")


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


CACHE_KEEP = 32  # entries per cache folder; parsed entries spread over 256 folders


def write_cache_entry(path: str, text: str) -> None:
    """Write atomically (a temporary then a rename), so concurrent hooks never read half, then
    keep the folder bounded: past CACHE_KEEP entries the least recently written quarter goes.
    Only a miss writes, so a hook on an unchanged repository never pays for this."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)
    names = os.listdir(folder)
    if len(names) > CACHE_KEEP:
        by_age = sorted(names, key=lambda name: _written(os.path.join(folder, name)))
        for name in by_age[: len(names) - CACHE_KEEP * 3 // 4]:
            with contextlib.suppress(OSError):  # another hook may have pruned it already
                os.remove(os.path.join(folder, name))


def _written(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


# Tags for what JSON lacks; no YAML key starts with NUL. Mappings with non-string keys (YAML 1.1
# reads a workflow's `on:` as True) are stored as pairs.
_DATE = "\u0000date"
_PAIRS = "\u0000pairs"


def _plain(value):
    """`value` as JSON-safe data, or TypeError if JSON cannot hold it exactly (then no cache)."""
    import datetime as dt

    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("\u0000") for k in value):
            return {k: _plain(v) for k, v in value.items()}
        return {_PAIRS: [[_plain(k), _plain(v)] for k, v in value.items()]}
    if type(value) is dt.date:
        return {_DATE: value.isoformat()}
    raise TypeError(type(value).__name__)


def _revive(obj: dict):
    if len(obj) == 1 and _DATE in obj:
        import datetime as dt

        return dt.date.fromisoformat(obj[_DATE])
    if len(obj) == 1 and _PAIRS in obj:
        return {_hashable(k): v for k, v in obj[_PAIRS]}
    return obj


def _hashable(key):
    if isinstance(key, dict):  # a revived date is already a date; anything else was refused
        raise ValueError("unsupported mapping key")
    return key


def cached_by_content(kind: bytes, data: bytes, compute):
    """`compute()`, or what it gave before for the same `kind` and `data` (UTF-8 text), from
    the parse cache: a wrapped scanner's results, kept until its inputs change."""
    return _cached(kind, data, compute)


def _cached(kind: bytes, data: bytes, parse):
    import json
    import zlib

    # crc32 only spreads entries; the stored source decides a hit, so a collision cannot lie.
    crc = f"{zlib.crc32(data):08x}"
    digest = f"{kind.decode()}-{crc}-{len(data)}"
    path = os.path.join(cache_dir(), "parsed", crc[-2:], f"{digest}.json")  # 256 folders
    source = data.decode("utf-8")
    try:
        entry = json.loads(read_bytes(path), object_hook=_revive)
        if entry["source"] == source:
            return entry["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    value = parse()
    with contextlib.suppress(OSError, TypeError, ValueError):
        write_cache_entry(path, json.dumps({"source": source, "value": _plain(value)}))
    return value


def _strict_loader():
    """A safe loader that refuses duplicate mapping keys (YAML says they are an error)."""
    import yaml

    global _STRICT_LOADER
    if _STRICT_LOADER is not None:
        return _STRICT_LOADER
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        pass

    def mapping_without_duplicates(loader, node, deep=False):
        seen: dict[object, int] = {}
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

    StrictLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_without_duplicates
    )
    _STRICT_LOADER = StrictLoader
    return StrictLoader


_STRICT_LOADER: type | None = None


def decode_text(path: str, data: bytes) -> str:
    if b"\x00" in data:
        raise ConfigError(path, "binary data where text was expected")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, "not valid UTF-8 text", line) from None


def load_yaml(path: str, data: bytes) -> object:
    """Parse one YAML document strictly."""
    text = decode_text(path, data)
    return _cached(b"yaml", data, lambda: _parse_yaml(path, text))


def _parse_yaml(path: str, text: str) -> object:
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(path, f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {exc}") from None


def key_lines(data: bytes) -> dict[tuple, int]:
    """Line of every mapping key by its path, e.g. ('owners', 0, 'team') -> 7 (for messages)."""
    import yaml

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

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with contextlib.suppress(yaml.YAMLError):
        walk(yaml.compose(data.decode("utf-8", "replace"), Loader=base), ())
    return lines


def nested(document: object, *keys: str) -> object:
    """document[k1][k2]..., {} where a key is missing; a value that is not a table is returned
    as it is, for the caller to refuse with its own message."""
    for key in keys:
        if not isinstance(document, dict):
            return document
        document = document.get(key, {})
    return document


def nearest_line(lines: dict[tuple, int], location: tuple) -> int | None:
    """The line of `location`, or of its nearest ancestor that `key_lines` knows."""
    while location and location not in lines:
        location = location[:-1]
    return lines.get(location)


def load_toml(path: str, data: bytes) -> dict[str, object]:
    text = decode_text(path, data)
    return _cached(b"toml", data, lambda: _parse_toml(path, text))


def _parse_toml(path: str, text: str) -> dict[str, object]:
    import tomllib

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
