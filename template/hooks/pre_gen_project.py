"""The answer rules of the template, and cookiecutter's pre-generation guard.

One source for all three doors: cookiecutter runs this file as its pre_gen_project hook,
`mlrepo new` imports `problems()` from it, and the validators in copier.yml say the same thing
in Jinja (tests/test_answers.py proves that the three agree, message for message).
The hook only validates: it never changes what is generated.

cookiecutter creates the project directory (named by project_slug) before it runs this hook, so
the slug derived from project_name is cut to the length limit and never empty: an invalid name
then reaches this hook, which names the real problem, instead of failing in the file system.
"""

import json
import keyword
import re
import sys

NAME_LIMIT = 40  # keeps every generated line that holds the name within ruff's 100
HANDLE_LIMIT = 64
TEXT_LIMIT = 200
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 _-]*")
_SLUG = re.compile(r"[a-z][a-z0-9_]*")
# Characters that are no text: C0/C1 controls and DEL, the Unicode line and paragraph separators
# (line breaks to YAML), lone surrogates and the noncharacters U+FFFE/U+FFFF (no UTF-8 for them).
_NOT_TEXT = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
# ...and, in an address, the invisible ones too (zero-width, joiners, bidi controls, BOM).
_INVISIBLE = r"\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_EMAIL = re.compile(
    f"[^@\\s{_NOT_TEXT}{_INVISIBLE}]+@[^@\\s{_NOT_TEXT}{_INVISIBLE}]+"
    f"\\.[^@\\s{_NOT_TEXT}{_INVISIBLE}]+"
)
_ORG = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
_GITHUB_ORG = re.compile(_ORG)
_HANDLE = re.compile(r"@" + _ORG + r"(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?")
_REGION = re.compile(r"[a-z]{2,12}(?:-[a-z0-9]{1,12})*")
_CONTROL = re.compile(f"[{_NOT_TEXT}]")
# Pinned, and safe to place inside a YAML string and a shell word: no quotes, spaces or `$`.
_REQUIREMENT = re.compile(
    r"mlrepo(?:==[0-9][A-Za-z0-9.+!_-]{0,40}"
    r"| @ git\+https://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/[A-Za-z0-9._~/%+-]{1,200}@[0-9a-f]{40})"
)

CHOICES = {
    "license": ("MIT", "Apache-2.0", "BSD-3-Clause", "Proprietary"),
    "python_version": ("3.11", "3.12", "3.13"),
    "maturity_level": ("0", "1", "2"),
    "data_classification": ("public", "internal", "confidential", "restricted"),
    "genai": ("no", "yes"),
    "experiment_tracking": ("mlflow", "off"),
    "hooks": ("index", "github"),
}
HANDLES = ("ml_team", "data_team", "platform_team")


def _text_problem(value, limit):
    if not value.strip():
        return "must not be empty"
    if _CONTROL.search(value):
        return "must be a single line of text"
    if len(value) > limit:
        return f"must be at most {limit} characters"
    return None


def _problem(question, value):
    """The rule `value` breaks for `question`, or None."""
    if question in CHOICES:
        if value not in CHOICES[question]:
            return "must be one of: " + ", ".join(CHOICES[question])
        return None
    if question in ("project_name", "project_slug", "org", "data_residency") + HANDLES:
        limit = NAME_LIMIT if question in ("project_name", "project_slug") else HANDLE_LIMIT
        if not value.strip():
            return "must not be empty"
        if len(value) > limit:
            return f"must be at most {limit} characters"
    if question == "project_name" and not _NAME.fullmatch(value):
        return "must start with an ASCII letter and use only ASCII letters, digits, spaces, '-', '_'"
    if question == "project_slug":
        if not _SLUG.fullmatch(value):
            return "must be a Python package name: a lowercase ASCII letter, then a-z, 0-9 or '_'"
        if keyword.iskeyword(value):
            return "must not be a Python keyword"
    if question == "org" and not _GITHUB_ORG.fullmatch(value):
        return "must be a GitHub organisation: ASCII letters, digits and single hyphens"
    if question in HANDLES and not _HANDLE.fullmatch(value):
        return "must be a GitHub handle such as @user or @org/team"
    if question == "data_residency" and not _REGION.fullmatch(value):
        return "must be a lowercase region code such as eu, us, eu-west or any"
    if question in ("description", "author_name"):
        return _text_problem(value, TEXT_LIMIT)
    if question == "author_email":
        if len(value) > TEXT_LIMIT or not _EMAIL.fullmatch(value):
            return "must be an email address such as jane@example.com"
    if question == "mlrepo_requirement" and not _REQUIREMENT.fullmatch(value):
        return (
            "must be a pinned requirement: mlrepo==VERSION, "
            "or mlrepo @ git+https://HOST/PATH@COMMIT (40 hex digits)"
        )
    return None


QUESTIONS = (
    "project_name",
    "project_slug",
    "description",
    "author_name",
    "author_email",
    "org",
    "license",
    "python_version",
    "maturity_level",
    "ml_team",
    "data_team",
    "platform_team",
    "data_classification",
    "data_residency",
    "genai",
    "mlrepo_requirement",
    "experiment_tracking",
    "hooks",
)


def problems(answers):
    """One 'question: rule (got value)' line per invalid answer, in question order."""
    found = []
    for question in QUESTIONS:
        value = str(answers.get(question, ""))
        rule = _problem(question, value)
        if rule:
            found.append(f"{question}: {rule} (got {value[:60]!r})")
    return found


def main():
    answers = json.loads(r'''{{ cookiecutter | tojson }}''')
    found = problems(answers)
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
