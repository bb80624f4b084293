"""Small text helpers every door shares: the line of an offset, a file's YAML front matter."""

from __future__ import annotations


def line_at(text: str | bytes, offset: int) -> int:
    """The 1-based line holding `offset` of `text` (for messages that name a line)."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(YAML block, body) of a text opening with a block between '---' lines, or None."""
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        return None
    end = text.index("\n---\n", 3)
    return text[4 : end + 1], text[end + 5 :]


def printable(text: str) -> str:
    """`text` with control, format and unpaired surrogate characters escaped (`\\n`, `\\x1b`,
    `\\udcff`), so a hostile file name can neither forge an output line nor drive a terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
