"""Which Dockerfile a build uses, always said: --dockerfile PATH > ./Dockerfile or
./Containerfile > [tool.mlrepo.container] > built-in defaults; and `eject`, which hands the
generated one over to the repository."""

from __future__ import annotations

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
        return Choice(
            f"--dockerfile {explicit}", explicit.read_text(), _ignore(root, table), warnings
        )
    for name in REPO_DOCKERFILES:
        path = root / name
        if path.is_file():
            text = path.read_text()
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


def _ignore(root: Path, table: dict) -> str:
    for name in (".dockerignore", ".containerignore"):
        if (root / name).is_file():
            return (root / name).read_text()
    return dockerignore(table)


def eject(root: Path, force: bool) -> list[Path]:
    table, project = read_container_table(root)
    targets = [root / "Dockerfile", root / ".dockerignore"]
    existing = [p.name for p in targets if p.exists()]
    if existing and not force:
        raise ConfigError(existing[0], "exists; pass --force to overwrite it")
    targets[0].write_text(generate(root, table, project))
    targets[1].write_text(dockerignore(table))
    return targets
