"""copier, as mlrepo runs it: templates render data, never the machine they run on.

copier loads jinja2-ansible-filters into every template. A few of those filters read the local
machine (`fileglob` lists files, `expandvars` reads the environment, where CI keeps its tokens);
a template release could write what they return into the repository, and template-sync would
commit it. mlrepo's Jinja environment has none of them, so such a template fails to render.
Every failure of the engine, the template's or ours, is one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from copier._jinja_ext import SandboxedEnvironment
from copier._main import Worker  # the class copier's own run_copy and run_update drive

from mlrepo.errors import ConfigError

ANSWERS = ".copier-answers.yml"

#: Filters that read the machine rather than the answers.
MACHINE_FILTERS = ("fileglob", "expanduser", "expandvars", "realpath", "relpath")


class _DataOnlyWorker(Worker):
    @cached_property
    def jinja_env(self) -> SandboxedEnvironment:
        env = super().jinja_env
        for name in MACHINE_FILTERS:
            env.filters.pop(name, None)
        return env


def copy(source: str, dest: Path, data: dict[str, Any], **options: Any) -> None:
    """`copier copy` of `source` into `dest`, without the machine-reading filters."""
    with (
        _engine_errors(),
        _DataOnlyWorker(src_path=source, dst_path=dest, data=data, **options) as worker,
    ):
        worker.run_copy()


def update(dest: Path, data: dict[str, Any], **options: Any) -> None:
    """`copier update` of the repository at `dest`, without the machine-reading filters."""
    with _engine_errors(), _DataOnlyWorker(dst_path=dest, data=data, **options) as worker:
        worker.run_update()


@contextmanager
def _engine_errors() -> Iterator[None]:
    """What copier or the template got wrong, as one ConfigError naming the answers file."""
    from copier.errors import CopierError, UnsafeTemplateError
    from jinja2 import TemplateError
    from plumbum.commands.processes import ProcessExecutionError

    try:
        yield
    except UnsafeTemplateError as exc:
        features = str(exc).splitlines()[0].partition(": ")[2].rstrip(".")
        reason = f"the template uses {features}, which can run code: mlrepo never runs it"
        raise ConfigError(ANSWERS, reason) from None
    except TemplateError as exc:
        reason = f"the template does not render: {type(exc).__name__}: {_first_line(exc)}"
        raise ConfigError(ANSWERS, reason) from None
    except (CopierError, ValueError, OSError, ProcessExecutionError) as exc:
        raise ConfigError(ANSWERS, f"copier could not render it: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
