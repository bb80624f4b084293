"""Strict YAML and TOML reading: duplicate keys, bad syntax and binary junk become ConfigErrors
that name the file and line, never tracebacks.

Parsed documents are cached by content (an entry keeps its source and is used only if the bytes
are identical), so a hook that runs on every commit imports neither PyYAML nor tomllib unless
a file changed: those two imports alone cost more than the rest of a check. Failures are never
cached, and an entry counts only if it carries a keyed hash (of this mlrepo version and the
entry) made with a key kept outside the cache: a shared, restored or tampered cache is ignored.

Parsing is bounded: YAML aliases may not expand past MAX_NODES nodes nor nest past MAX_DEPTH,
no file over READ_LIMIT bytes is read and no YAML or TOML over PARSE_LIMIT is parsed, so no
single input keeps a hook busy for more than a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import stat

from mlrepo import __version__
from mlrepo.errors import ConfigError

READ_LIMIT = 4 * 1024 * 1024  # bytes; governance files are kilobytes
PARSE_LIMIT = 256 * 1024  # bytes of YAML or TOML: PyYAML composes well under 1 MB/s
MAX_NODES = 250_000  # YAML nodes once aliases are expanded (a 1 KB alias bomb makes 10^8)
MAX_DEPTH = 100  # nesting of YAML collections or TOML tables


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mlrepo")


def read_bytes(path: str, limit: int = READ_LIMIT, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; OSError for anything else (a FIFO,
    a device or a directory would block or never end; with follow=False, a symlink: ELOOP)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags if follow else flags | getattr(os, "O_NOFOLLOW", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"not a regular file: {path}")
        if status.st_size > limit:
            raise OSError(f"larger than {limit // (1024 * 1024)} MB")
        with os.fdopen(fd, "rb") as file:
            fd = -1
            return file.read(limit + 1)[:limit]
    finally:
        if fd >= 0:
            os.close(fd)


def read_inside(root: str, relative: str, limit: int = READ_LIMIT) -> bytes:
    """`read_bytes` of `relative` under `root`, refused in one line (naming it) when it, or a
    folder on its way, is a symlink that leaves the repository: its content is never read.
    (A path the user names outside the repository is theirs to name, and is read.)"""
    real_root = os.path.realpath(root)
    named = os.path.normpath(os.path.join(real_root, relative))
    real = os.path.realpath(named)
    if _within(real_root, named) and not _within(real_root, real):
        raise ConfigError(relative, "is a symlink that leaves the repository: never read")
    return read_bytes(real, limit)


def _within(root: str, path: str) -> bool:
    return os.path.commonpath([root, path]) == root


def reason(exc: OSError) -> str:
    """What went wrong reading a file, for a message (never the file's content)."""
    return exc.strerror or str(exc.args[0] if exc.args else exc)


def state_dir() -> str:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return os.path.join(base, "mlrepo")


_KEY: list[bytes | None] = []


def _cache_key() -> bytes | None:
    """This user's secret for sealing cache entries, made on first use; None: no cache."""
    if not _KEY:
        path = os.path.join(state_dir(), "cache-key")
        key = None
        with contextlib.suppress(OSError):
            try:
                key = read_bytes(path, 64)
            except FileNotFoundError:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as file:
                    file.write(os.urandom(32))
                key = read_bytes(path, 64)
        _KEY.append(key if key and len(key) == 32 else None)
    return _KEY[0]


def _seal(key: bytes, text: bytes) -> str:
    try:
        from _blake2 import blake2b  # what hashlib uses, without hashlib's 2 ms import
    except ImportError:  # pragma: no cover - another Python implementation
        from hashlib import blake2b
    return blake2b(__version__.encode() + b"\0" + text, key=key, digest_size=16).hexdigest()


def read_cache_entry(path: str) -> str | None:
    """The text of a cache entry sealed by this user's key and this mlrepo version, else None."""
    key = _cache_key()
    if key is None:
        return None
    try:
        seal, _, text = read_bytes(path).partition(b"\n")
    except OSError:
        return None
    if seal.decode("ascii", "replace") != _seal(key, text):
        return None
    return text.decode("utf-8", "replace")


CACHE_KEEP = 32  # entries per cache folder; parsed entries spread over 256 folders


def write_cache_entry(path: str, text: str) -> None:
    """Write atomically (a temporary then a rename), so concurrent hooks never read half, then
    keep the folder bounded: past CACHE_KEEP entries the least recently written quarter goes.
    Only a miss writes, so a hook on an unchanged repository never pays for this."""
    key = _cache_key()
    if key is None:
        return
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    data = text.encode("utf-8", "surrogatepass")
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        with open(temporary, "wb") as file:
            file.write(_seal(key, data).encode() + b"\n" + data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):  # a full disk or an odd entry leaves no partial file
            os.remove(temporary)
        raise
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
        text = read_cache_entry(path)
        entry = json.loads(text, object_hook=_revive) if text else None
        if isinstance(entry, dict) and entry["source"] == source:
            return entry["value"]
    except (ValueError, KeyError, TypeError, RecursionError):
        pass
    value = parse()
    with contextlib.suppress(OSError, TypeError, ValueError, RecursionError):
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
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *base` (YAML 1.1 merge keys): its keys may be overridden
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

    def checked_timestamp(loader, node):
        try:
            return base.construct_yaml_timestamp(loader, node)
        except ValueError as exc:  # 2026-02-30 matches the pattern of a date but is none
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date: {exc}", node.start_mark
            ) from None

    StrictLoader.add_constructor(
        yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_without_duplicates
    )
    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", checked_timestamp)
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


def _parsable(path: str, data: bytes) -> str:
    if len(data) > PARSE_LIMIT:
        raise ConfigError(path, f"larger than {PARSE_LIMIT // 1024} KB: too large to parse")
    return decode_text(path, data)


def load_yaml(path: str, data: bytes) -> object:
    """Parse one YAML document strictly."""
    text = _parsable(path, data)
    return _cached(b"yaml", data, lambda: _parse_yaml(path, text))


def _parse_yaml(path: str, text: str) -> object:
    import yaml

    loader = _strict_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _bounded(path, node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(path, f"invalid YAML: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


def _bounded(path: str, root) -> None:
    """Refuse a node graph whose aliases expand past MAX_NODES, nest past MAX_DEPTH or refer to
    themselves, before anything expands it (constructing, caching and validating all do)."""
    import yaml

    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)
    open_nodes: set[int] = set()

    def measure(node, depth: int) -> tuple[int, int]:
        if depth > MAX_DEPTH:
            raise ConfigError(
                path, f"nested deeper than {MAX_DEPTH} levels", node.start_mark.line + 1
            )
        key = id(node)
        if key in measured:
            size, height = measured[key]
            if depth + height > MAX_DEPTH:
                raise ConfigError(
                    path, f"nested deeper than {MAX_DEPTH} levels", node.start_mark.line + 1
                )
            return size, height
        if key in open_nodes:
            raise ConfigError(path, "a YAML alias refers to the node that contains it",
                              node.start_mark.line + 1)  # fmt: skip
        size, height = 1, 0
        if isinstance(node, yaml.CollectionNode):
            open_nodes.add(key)
            children = node.value if isinstance(node, yaml.SequenceNode) else [
                child for pair in node.value for child in pair
            ]  # fmt: skip
            for child in children:
                child_size, child_height = measure(child, depth + 1)
                size, height = size + child_size, max(height, child_height + 1)
                if size > MAX_NODES:
                    raise ConfigError(
                        path, f"YAML aliases expand to more than {MAX_NODES:,} values",
                        node.start_mark.line + 1,
                    )  # fmt: skip
            open_nodes.discard(key)
        measured[key] = (size, height)
        return size, height

    measure(root, 0)


def key_lines(data: bytes) -> dict[tuple, int]:
    """Line of every mapping key by its path, e.g. ('owners', 0, 'team') -> 7 (for messages)."""
    import yaml

    lines: dict[tuple, int] = {(): 1}
    seen: set[int] = set()

    def walk(node, path):
        if id(node) in seen or len(path) > MAX_DEPTH:
            return  # an alias: its lines are where its anchor is
        seen.add(id(node))
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
    text = _parsable(path, data)
    return _cached(b"toml", data, lambda: _parse_toml(path, text))


def _parse_toml(path: str, text: str) -> dict[str, object]:
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ConfigError(path, "invalid TOML: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "... (at line 3, column 7)"; keep the reason, move the line to the front.
        message = str(exc)
        line = None
        if "(at line " in message:
            message, _, where = message.rpartition(" (at line ")
            line = int(where.split(",")[0])
        raise ConfigError(path, f"invalid TOML: {message}", line) from None


def conflict_line(text: str) -> int | None:
    """The line of the first unresolved merge conflict (<<<<<<< ... ======= ... >>>>>>>), if any:
    one finding for the file beats a cascade of parse errors or bogus values. One pass over
    the lines (a regex with lazy repeats here is quadratic on a file of markers)."""
    if "<<<<<<<" not in text:
        return None
    start = middle = None
    for number, line in enumerate(text.split("\n"), start=1):
        if start is None and line.startswith("<<<<<<<") and line[7:8] in ("", " "):
            start = number
        elif start is not None and line.startswith(("=======", "|||||||")):
            middle = number
        elif middle is not None and line.startswith(">>>>>>>") and line[7:8] in ("", " "):
            return start
    return None
