"""A scanner's results per file, kept by the file's content, so a run scans only what changed.

A tracked file git found unchanged is named by its blob id (git's hash of its content, from
the listing: nothing is read); any other file by a BLAKE2 digest of the bytes read. One sealed
cache entry per repository and scanner holds the results of the files present now, so it stays
the size of the repository and an edited, renamed or deleted file's old results go with it.
"""

from __future__ import annotations

import json
import os
import zlib

from mlrepo.formats.loaders import cache_dir, read_cache_entry, write_cache_entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from mlrepo.policy.repository import Repository


def content_key(repo: Repository, path: str) -> str:
    """What names `path`'s content: its blob id, or a digest of its bytes (read once)."""
    blob = repo.blob(path)
    if blob is not None:
        return blob
    try:
        from _blake2 import blake2b  # what hashlib uses, without hashlib's 2 ms import
    except ImportError:  # pragma: no cover - another Python implementation
        from hashlib import blake2b
    return "w" + blake2b(repo.read(path), digest_size=20).hexdigest()


def per_file(
    repo: Repository,
    scanner: str,
    version: str,
    paths: list[str],
    scan: Callable[[list[str]], dict[str, list]],
) -> dict[str, list]:
    """The results for each of `paths` that has any: kept ones for contents seen before,
    `scan(rest)` (a list per path, none for a clean one) for the others. `version` says what
    decides a result (the scanner's version, its rules, a prefilter): results kept under
    another version are never used."""
    entry = _entry_path(repo, scanner)
    clean, found = _load(entry, version)
    # set and map operations run in C: a 20,000-file repository loops in Python only over
    # the files without a blob id, the new contents and those with results
    named = list(map(repo.blobs.get, paths))
    # no None left once the loop below ran
    values: list[str] = named  # type: ignore[assignment]
    if None in named:
        values = [key or content_key(repo, path) for path, key in zip(paths, named, strict=True)]
    keys = dict(zip(paths, values, strict=True))
    present = set(values)
    unknown = present.difference(clean, found)
    missing = [path for path, key in keys.items() if key in unknown] if unknown else []
    fresh = scan(missing) if missing else {}
    hits = present.intersection(found)
    results = {path: found[key] for path, key in keys.items() if key in hits} if hits else {}
    results.update(fresh)
    if missing or len(present) != len(clean) + len(found):  # new contents, or some gone
        now_found = {keys[path]: value for path, value in results.items()}
        now_clean = " ".join({key for key in keys.values() if key not in now_found})
        import contextlib

        with contextlib.suppress(OSError, TypeError, ValueError):
            text = json.dumps({"version": version, "clean": now_clean, "found": now_found})
            write_cache_entry(entry, text)
    return results


def _load(entry: str, version: str) -> tuple[set[str], dict[str, list]]:
    """The clean contents and the results of the others, kept for `version`."""
    text = read_cache_entry(entry)
    if text:
        try:
            stored = json.loads(text)
            if stored["version"] == version and isinstance(stored["found"], dict):
                found = {k: v for k, v in stored["found"].items() if isinstance(v, list)}
                return set(stored["clean"].split()), found
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            pass
    return set(), {}


def _entry_path(repo: Repository, scanner: str) -> str:
    root = os.path.realpath(repo.root).encode("utf-8", "surrogateescape")
    # a folder per scanner: each keeps the entries of its 32 latest repositories
    return os.path.join(cache_dir(), "files", scanner, f"{zlib.crc32(root):08x}.json")
