"""Owner lookups against one CODEOWNERS file: one path at a time, or a whole repository."""

from __future__ import annotations

from mlrepo.formats.codeowners.syntax import Entry, fullmatcher


class Matcher:
    """Owner lookup for many paths against one CODEOWNERS file."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries

    def entry_for(self, path: str) -> Entry | None:
        """The entry that decides `path`'s owners (possibly one with no owners), or None."""
        for entry in reversed(self.entries):
            if fullmatcher(entry.pattern)(path):
                return entry
        return None

    def owners_of(self, path: str) -> tuple[str, ...]:
        entry = self.entry_for(path)
        return entry.owners if entry else ()

    def entries_for(self, paths: list[str]) -> dict[str, Entry | None]:
        """The deciding entry of every path (None: no pattern matches it), decided in bulk."""
        from mlrepo.formats.codeowners.batch import decide

        return decide(self.entries, paths)
