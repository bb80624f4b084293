"""The three doors ask the same questions and apply the same rules, message for message."""

from __future__ import annotations

import json
import keyword

import pytest
import yaml
from helpers import REPO

from mlrepo.template import answers as answers_module

ROOT = REPO
SPEC = json.loads((REPO / "template" / "cookiecutter.json").read_text())
COPIER = yaml.safe_load((REPO / "copier.yml").read_text())


def rules():
    return answers_module._rules(ROOT)


def test_copier_asks_exactly_the_cookiecutter_questions():
    cookie = [k for k in SPEC if not k.startswith("_")]
    # Besides them, copier has `cookiecutter` (computed) and `adopt_layers` (answered only by
    # `mlrepo adopt`, which cookiecutter has no part in).
    copier_only = {"cookiecutter", "adopt_layers"}
    copier_questions = [k for k in COPIER if not k.startswith("_") and k not in copier_only]
    assert copier_questions == cookie
    assert list(rules().QUESTIONS) == cookie


@pytest.mark.parametrize("name", [k for k in SPEC if not k.startswith("_")])
def test_copier_defaults_and_choices_match_cookiecutter(name):
    raw, question = SPEC[name], COPIER[name]
    if isinstance(raw, list):
        choices = question["choices"]
        values = list(choices.values()) if isinstance(choices, dict) else choices
        assert sorted(str(v) for v in values) == sorted(raw)
        assert str(question["default"]) == raw[0]
        assert sorted(rules().CHOICES[name]) == sorted(raw)
    else:
        assert question["default"] == raw.replace("cookiecutter.", "")


def test_computed_namespace_covers_every_question():
    default = COPIER["cookiecutter"]["default"]
    for name in rules().QUESTIONS:
        assert f"'{name}': {name}" in default


@pytest.mark.parametrize("word", [w for w in keyword.kwlist if w.islower()])
def test_every_python_keyword_is_refused_by_both_rule_sets(word):
    assert (
        rules()
        .problems({**_valid(), "project_slug": word})[0]
        .startswith("project_slug: must not be a Python keyword")
    )
    assert f"'{word}'" in COPIER["project_slug"]["validator"]


def _valid() -> dict[str, str]:
    return answers_module.resolve(ROOT, {})


def test_defaults_are_valid():
    assert rules().problems(_valid()) == []


# (question, value, the rule the message must state)
CASES = [
    ("project_name", "", "must not be empty"),
    ("project_name", "   ", "must not be empty"),
    ("project_name", "1abc", "must start with an ASCII letter"),
    ("project_name", "../x", "must start with an ASCII letter"),
    ("project_name", "a/b", "must start with an ASCII letter"),
    ("project_name", "x" * 300, "must be at most 40 characters"),
    ("project_name", "Café model", "must start with an ASCII letter"),
    ("project_name", "{{ 7*7 }}", "must start with an ASCII letter"),
    ("project_name", "ok\nname", "must start with an ASCII letter"),
    ("project_slug", "class", "must not be a Python keyword"),
    ("project_slug", "My-Pkg", "must be a Python package name"),
    ("project_slug", "pkg\n", "must be a Python package name"),
    ("description", "two\nlines", "must be a single line of text"),
    ("description", "d" * 201, "must be at most 200 characters"),
    ("author_name", " ", "must not be empty"),
    ("author_email", "jane.example.com", "must be an email address"),
    ("author_email", "jane@localhost", "must be an email address"),
    ("org", "-acme", "must be a GitHub organisation"),
    ("org", "ac--me", "must be a GitHub organisation"),
    ("ml_team", "acme/ml", "must be a GitHub handle"),
    ("data_team", "@acme/", "must be a GitHub handle"),
    ("platform_team", "@-x", "must be a GitHub handle"),
    ("data_residency", "EU", "must be a lowercase region code"),
    ("data_residency", "", "must not be empty"),
    ("mlrepo_requirement", "mlrepo", "must be a pinned requirement"),
    ("mlrepo_requirement", "mlrepo>=0.1", "must be a pinned requirement"),
    ("mlrepo_requirement", "--index-url=https://evil.example/ mlrepo", "must be a pinned"),
    ("mlrepo_requirement", 'mlrepo==0.1.0"; curl x', "must be a pinned requirement"),
    ("mlrepo_requirement", "mlrepo @ git+https://git.example.com/mlrepo@main", "must be a pinned"),
    ("mlrepo_requirement", "mlrepo @ https://example.com/mlrepo.whl", "must be a pinned"),
]
VALID = [
    ("project_name", "Churn Model 2"),
    ("project_name", "x" * 40),
    ("project_slug", "match"),
    ("description", "{{ 7*7 }} <b>'quoted' & \"double\"</b> — unicode"),
    ("author_email", "a.b+c@example.co.uk"),
    ("org", "acme-labs"),
    ("ml_team", "@jane"),
    ("data_team", "@acme-labs/data.eng_team"),
    ("data_residency", "eu-west-1"),
    ("mlrepo_requirement", "mlrepo==1.2.3rc1"),
    ("mlrepo_requirement", "mlrepo @ git+https://git.example.com:8443/mlrepo.git@" + "a" * 40),
]


@pytest.mark.parametrize(("question", "value", "rule"), CASES)
def test_python_rules_name_the_question_and_the_rule(question, value, rule):
    found = rules().problems({**_valid(), question: value})
    assert len(found) == 1
    assert found[0].startswith(f"{question}: {rule}")


@pytest.mark.parametrize(("question", "value"), VALID)
def test_python_rules_accept_valid_answers(question, value):
    assert rules().problems({**_valid(), question: value}) == []


def _copier_verdict(template_src, tmp_path, question, value) -> str | None:
    import copier

    data = {question: value}
    if question == "project_name":
        data["project_slug"] = "pkg"  # judge the name alone, not the slug derived from it
    try:
        copier.run_copy(
            str(template_src),
            str(tmp_path / "out"),
            data=data,
            defaults=True,
            pretend=True,
            quiet=True,
        )
    except ValueError as exc:
        return str(exc).split("': ", 1)[1]
    return None


@pytest.mark.parametrize(("question", "value", "rule"), CASES)
def test_copier_validators_state_the_same_rule(template_src, tmp_path, question, value, rule):
    verdict = _copier_verdict(template_src, tmp_path, question, value)
    python_rule = rules().problems({**_valid(), question: value})[0].split(": ", 1)[1]
    assert verdict is not None
    assert python_rule.startswith(verdict)
    assert verdict.startswith(rule)


@pytest.mark.parametrize(("question", "value"), VALID)
def test_copier_validators_accept_the_same_answers(template_src, tmp_path, question, value):
    assert _copier_verdict(template_src, tmp_path, question, value) is None
