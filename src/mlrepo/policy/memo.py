"""A whole report kept by everything that decides it, so checking a repository that has not
changed since the last check costs git's look at the work tree and one cache read, and runs
no rule.

What decides a report: the repository's state (git's index, the work tree's changes and
untracked files, the bytes of every file git cannot name by content: `Repository.state`), the
rules with their params, the level, the rules selected, today's date (waivers and review
dates expire), the scanners installed (betterleaks' rules, zizmor's binary) and, through the
cache's seal, mlrepo's own version. Any of them changed, and the rules run again.
"""

from __future__ import annotations

import json
import os
import time
import zlib

from mlrepo.formats.loaders import cache_dir, read_cache_entry, write_cache_entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from mlrepo.policy.repository import Repository
    from mlrepo.policy.rules import Rule


def report_key(
    repo: Repository, level: int, rules: list[Rule], chosen: list[Rule], ignored: list[str]
) -> str | None:
    """The key of the report of `chosen` (the rules to run) among `rules`, with `ignored`
    (which also decides whether broken files are reported), or None when the repository's
    state cannot be named (outside git, or too many files git cannot name)."""
    state = repo.state()
    if state is None:
        return None
    from mlrepo.policy.checks.hygiene import scanner_version
    from mlrepo.policy.checks.workflows import zizmor_stamp

    inputs = [state, level, [list(r) for r in rules], [r.id for r in chosen], ignored,
              time.strftime("%Y-%m-%d"), scanner_version(), zizmor_stamp()]  # fmt: skip
    text = json.dumps(inputs, sort_keys=True, default=repr).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(text):08x}{len(text):x}-{_digest(text)}"


def _digest(data: bytes) -> str:
    try:
        from _blake2 import blake2b  # what hashlib uses, without hashlib's 2 ms import
    except ImportError:  # pragma: no cover - another Python implementation
        from hashlib import blake2b
    return blake2b(data, digest_size=20).hexdigest()


def last(repo: Repository) -> dict | None:
    """The repository's last kept report as stored, or None."""
    text = read_cache_entry(_entry_path(repo))
    if not text:
        return None
    try:
        stored = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return stored if isinstance(stored, dict) else None


def kept(stored: dict | None, key: str, rules: list[Rule]) -> tuple[list[Rule], list] | None:
    """The rules of the report `stored` (see `last`) if it was kept under `key`, and its
    results as (rule, finding, waived_by); None if it was not (or names other rules)."""
    if stored is None or stored.get("key") != key:
        return None
    from mlrepo.policy.checks import Finding

    try:
        by_id = {rule.id: rule for rule in rules}
        ran = [by_id[rule_id] for rule_id in stored["rules"]]
        results = [(by_id[rule_id], Finding(path, message, line), waived_by)
                   for rule_id, path, message, line, waived_by in stored["results"]]  # fmt: skip
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return ran, results


def keep(repo: Repository, key: str, ran: list[Rule], results: list) -> None:
    """Keep a report (the rules that ran, its (rule, finding, waived_by) results) as the
    repository's last, with what the listing learnt of git's index (`Repository.facts`);
    a cache that cannot be written is no error. Not if the index changed while the rules ran:
    `key` named the repository as it was before."""
    rows = [[rule.id, finding.path, finding.message, finding.line, waived_by]
            for rule, finding, waived_by in results]  # fmt: skip
    import contextlib

    stored = {"key": key, "rules": [r.id for r in ran], "results": rows, "listing": repo.facts()}
    if repo.index_changed:
        return
    with contextlib.suppress(OSError, TypeError, ValueError):
        write_cache_entry(_entry_path(repo), json.dumps(stored))


def _entry_path(repo: Repository) -> str:
    root = os.path.realpath(repo.root).encode("utf-8", "surrogateescape")
    return os.path.join(cache_dir(), "reports", f"{zlib.crc32(root):08x}.json")
