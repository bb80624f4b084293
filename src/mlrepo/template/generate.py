"""`mlrepo new`: render the template through copier into a directory that did not exist.

Rendering happens in a scratch directory beside DEST and is moved into place only when it is
complete, so a failure never leaves half a project behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from mlrepo import __version__
from mlrepo.errors import DestinationError
from mlrepo.template.answers import for_copier, resolve, validate
from mlrepo.template.resources import stage_template, template_root

ANSWERS_FILE = ".copier-answers.yml"
ANSWERS_HEADER = "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n"
DEFAULT_TEMPLATE_URL = "https://github.com/mlrepo-dev/mlrepo.git"


def template_url() -> str:
    """Where later updates fetch the template; an organisation points it at its fork."""
    return os.environ.get("MLREPO_TEMPLATE_URL", DEFAULT_TEMPLATE_URL)


def _check_destination(dest: Path) -> None:
    if dest.is_file() or dest.is_symlink():
        raise DestinationError(f"{dest}: exists and is not a directory")
    if dest.is_dir() and any(dest.iterdir()):
        raise DestinationError(f"{dest}: exists and is not empty; choose a new directory")


def _record_source(project: Path) -> dict:
    """Point the answers file at the template repository and version, not at our scratch copy."""
    path = project / ANSWERS_FILE
    answers = yaml.safe_load(path.read_text(encoding="utf-8"))
    answers["_src_path"] = template_url()
    answers["_commit"] = f"v{__version__}"
    body = yaml.safe_dump(answers, indent=4, allow_unicode=True, default_flow_style=False)
    path.write_text(ANSWERS_HEADER + body, encoding="utf-8")
    return answers


def render(dest: Path, answers: dict[str, str], *, interactive: bool = False) -> dict:
    """Render the template into `dest` (which must not exist) and return the recorded answers."""
    import copier

    with tempfile.TemporaryDirectory(prefix=".mlrepo-template-") as scratch:
        source = stage_template(Path(scratch) / "template-source")
        copier.run_copy(
            str(source),
            str(dest),
            data=for_copier(answers),
            defaults=not interactive,
            quiet=True,
        )
    return _record_source(dest)


def new_project(dest: Path, given: dict[str, str], *, interactive: bool = False) -> dict:
    """Render a new project into `dest` and return its recorded answers.

    Interactive: copier asks every question `given` does not answer, with the same validators.
    """
    _check_destination(dest)
    source_root = template_root()
    answers = resolve(source_root, given)
    validate(source_root, answers)

    dest = dest.resolve()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mlrepo-new-", dir=dest.parent) as scratch:
        rendered = Path(scratch) / "project"
        recorded = render(rendered, given if interactive else answers, interactive=interactive)
        if dest.is_dir():
            dest.rmdir()
        rendered.rename(dest)
    return recorded
