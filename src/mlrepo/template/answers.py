"""The template's questions, resolved and validated exactly as cookiecutter and copier do.

Defaults come from template/cookiecutter.json (the single source of the questions) and the rules
from template/hooks/pre_gen_project.py (the cookiecutter guard), so `mlrepo new` cannot drift
from the other two doors.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from types import ModuleType

from mlrepo.errors import AnswerError, InstallError


@cache
def _rules(root: Path) -> ModuleType:
    path = root / "template" / "hooks" / "pre_gen_project.py"
    spec = importlib.util.spec_from_file_location("mlrepo_template_rules", path)
    if spec is None or spec.loader is None:
        raise InstallError(
            f"{path}: the template's answer rules cannot be loaded: reinstall mlrepo"
        )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def questions(root: Path) -> dict[str, object]:
    """Question name -> raw default (a string template, or a list of choices, first is default)."""
    spec = json.loads((root / "template" / "cookiecutter.json").read_text(encoding="utf-8"))
    return {key: value for key, value in spec.items() if not key.startswith("_")}


def prompt(root: Path, question: str) -> str:
    """The words cookiecutter asks `question` with (its __prompts__), or the question's name."""
    spec = json.loads((root / "template" / "cookiecutter.json").read_text(encoding="utf-8"))
    text = spec.get("__prompts__", {}).get(question, question)
    return text if isinstance(text, str) else text.get("__prompt__", question)


def resolve(root: Path, given: dict[str, str]) -> dict[str, str]:
    """All answers: the given ones verbatim (never rendered), the rest from their defaults."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    spec = questions(root)
    unknown = sorted(set(given) - set(spec))
    if unknown:
        raise AnswerError(f"{unknown[0]}: not a question of this template ({', '.join(spec)})")
    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)
    answers: dict[str, str] = {}
    for key, raw in spec.items():
        if key in given:
            answers[key] = given[key]
        elif isinstance(raw, list):
            answers[key] = str(raw[0])
        else:
            answers[key] = env.from_string(str(raw)).render(cookiecutter=answers)
    return answers


def validate(root: Path, answers: dict[str, str]) -> None:
    """Raise AnswerError with the first broken rule, as 'question: rule (got value)'."""
    found = _rules(root).problems(answers)
    if found:
        raise AnswerError(found[0])


def for_copier(answers: dict[str, str]) -> dict[str, object]:
    """copier's typed view of the answers (maturity_level is an integer question there)."""
    if "maturity_level" not in answers:
        return dict(answers)
    return {**answers, "maturity_level": int(answers["maturity_level"])}
