"""cookiecutter's guard for the project folder's name, loaded through `_extensions`.

cookiecutter creates the folder named by project_slug before any hook runs, so the
pre_gen_project hook comes too late for a slug such as `x/../../y` (an empty `x/` was left
behind), an empty one or one too long for the file system. This extension checks the answers by
the template's own rules (hooks/pre_gen_project.py, first broken rule first, as the hook reports
them) while the folder's name renders, before anything is created; cookiecutter then reports the
rule and writes nothing.
"""

import importlib.util
from pathlib import Path

from jinja2 import pass_context
from jinja2.exceptions import UndefinedError
from jinja2.ext import Extension

FOLDER = "{{cookiecutter.project_slug}}"


def _rules():
    path = Path(__file__).parent / "hooks" / "pre_gen_project.py"
    spec = importlib.util.spec_from_file_location("mlrepo_template_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pass_context
def project_folder(context, slug):
    """The slug, if the template's rules accept every answer."""
    found = _rules().problems(context.get("cookiecutter") or {"project_slug": slug})
    if found:
        raise UndefinedError(found[0])
    return slug


class SlugGuard(Extension):
    def __init__(self, environment):
        super().__init__(environment)
        environment.filters["mlrepo_project_folder"] = project_folder

    def preprocess(self, source, name, filename=None):
        if source == FOLDER:
            return "{{ cookiecutter.project_slug | mlrepo_project_folder }}"
        return source
