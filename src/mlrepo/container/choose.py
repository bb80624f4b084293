"""Which Dockerfile a build uses, always said: --dockerfile PATH > ./Dockerfile or
./Containerfile > [tool.mlrepo.container] > built-in defaults; and `eject`, which hands the
generated one over to the repository."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from mlrepo.container.dockerfile import dockerignore, ejected_hash, generate
from mlrepo.container.table import inputs_hash, is_default, read_container_table
from mlrepo.errors import ConfigError

REPO_DOCKERFILES = ("Dockerfile", "Containerfile")


class Choice(NamedTuple):
    source: str  #: what the Dockerfile came from, as printed
    dockerfile: str  #: its text
    ignore: str  #: the .dockerignore text
    warnings: list[str]  #: what the user must hear (an ignored table, a stale eject)


def choose(root: Path, explicit: Path | None) -> Choice:
    """The Dockerfile to use, by precedence, with what it came from and any warnings."""
    table, project = read_container_table(root)
    warnings: list[str] = []
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(str(explicit), "no such Dockerfile")
        text = _text(root, str(explicit))
        return Choice(f"--dockerfile {explicit}", text, _ignore(root, table), warnings)
    for name in REPO_DOCKERFILES:
        path = root / name
        if path.is_file():
            text = _text(root, name)
            ejected = ejected_hash(text)
            if ejected is None and not is_default(table):
                warnings.append(
                    f"WARNING: ./{name} is used; [tool.mlrepo.container] in "
                    "pyproject.toml is IGNORED (delete the table or the file)"
                )
            elif ejected is not None and ejected != inputs_hash(table, project):
                warnings.append(
                    f"WARNING: [tool.mlrepo.container] changed after ./{name} was "
                    "ejected from it; the table is ignored (eject --force to regenerate)"
                )
            return Choice(f"./{name}", text, _ignore(root, table), warnings)
    source = "[tool.mlrepo.container] in pyproject.toml" if table else "built-in defaults"
    return Choice(source, generate(root, table, project), dockerignore(table), warnings)


def _text(root: Path, name: str) -> str:
    """A file the build reads, as text: never through a symlink that leaves the repository."""
    from mlrepo.formats.loaders import read_inside, reason

    try:
        data = read_inside(str(root), name)
    except OSError as exc:
        raise ConfigError(name, f"cannot read: {reason(exc)}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(name, "not valid UTF-8 text") from None


def _ignore(root: Path, table: dict) -> str:
    for name in (".dockerignore", ".containerignore"):
        if (root / name).is_file():
            return _text(root, name)
    return dockerignore(table)


def eject(root: Path, force: bool) -> list[Path]:
    """Write Dockerfile and .dockerignore, both or (on any failure or interrupt) neither."""
    from mlrepo.formats.loaders import reason
    from mlrepo.formats.transaction import Writes, interruptible

    table, project = read_container_table(root)
    names = ["Dockerfile", ".dockerignore"]
    existing = [name for name in names if os.path.lexists(root / name)]
    if existing and not force:
        raise ConfigError(existing[0], "exists; pass --force to overwrite it")
    writes = Writes(root)
    writes.add(names[0], generate(root, table, project).encode())
    writes.add(names[1], dockerignore(table).encode())
    try:
        with interruptible():
            writes.apply()
    except OSError as exc:
        raise ConfigError(
            "Dockerfile and .dockerignore", f"cannot write them, neither was: {reason(exc)}"
        ) from None
    return [root / name for name in names]
