"""`mlrepo adopt` on four realistic existing repositories built here: nothing of theirs lost or
rewritten outside conflict markers, no pipeline skeleton unless asked, answers read from the
repository (never a placeholder), and `check` afterwards lists the conflicts and the real gaps."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, build_tree, run, tree

from mlrepo.template.layers import PIPELINE

pytestmark = pytest.mark.slow
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}
PLACEHOLDERS = ("Jane Doe", "jane.doe", "example.com", "acme", "Churn Model", "Predict which")
CONFLICT = re.compile(
    r"<<<<<<< this repository\n(.*?)=======\n.*?>>>>>>> template\n", flags=re.DOTALL
)
MIT = """\
MIT License

Copyright (c) 2021 The tidyframe authors

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish.
"""
BSD3 = """\
BSD 3-Clause License

Copyright (c) 2020, Bio Lab

Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met:
3. Neither the name of the copyright holder nor the names of its contributors may be used.
"""
APACHE = """\
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   Copyright 2024 Northwind Traders
"""
NOTEBOOK = json.dumps(
    {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Explore"]}],
     "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
    indent=1,
) + "\n"  # fmt: skip

# Each repository: its files, its remote, the --data it must be given, the answers adopt must
# infer, and what GitHub already finds under another name (the file adopt merges into).
# fmt: off
REPOSITORIES = {
    "library": {
        "remote": "https://github.com/tidy-org/tidyframe.git",
        "files": {
            "pyproject.toml": """\
                [project]
                name = "tidyframe"
                version = "3.1.0"
                description = "Tidy data frames for Python."
                authors = [{name = "Grace Hopper", email = "grace@tidy.dev"}]
            """,
            "src/tidyframe/__init__.py": '"""Tidy frames."""\nfrom .core import Frame\n',
            "src/tidyframe/core.py": "class Frame:\n    pass\n",
            "tests/test_core.py": "from tidyframe import Frame\n\n\ndef test_frame():\n"
            "    assert Frame()\n",
            "README.md": "# tidyframe\n\nTidy data frames.\n",
            "LICENSE": MIT,
            ".github/CODEOWNERS": "* @tidy-org/maintainers\n/.github/ @tidy-org/infra\n",
        },
        "data": {},
        "inferred": {
            "project_name": "tidyframe", "project_slug": "tidyframe",
            "description": "Tidy data frames for Python.", "author_name": "Grace Hopper",
            "author_email": "grace@tidy.dev", "license": "MIT", "org": "tidy-org",
            "ml_team": "@tidy-org/maintainers", "data_team": "@tidy-org/maintainers",
            "platform_team": "@tidy-org/infra",
        },
        "variants": {},
    },
    "research": {
        "remote": "git@github.com:bio-lab/cell-atlas.git",
        "files": {
            "setup.cfg": """\
                [metadata]
                name = cell-atlas
                description = Single-cell atlas experiments.
                author = Rosalind Franklin
                author_email = rosalind@biolab.org
            """,
            "notebooks/01_explore.ipynb": NOTEBOOK,
            "analysis/cluster.py": "def cluster(cells):\n    return cells\n",
            "LICENSE.md": BSD3,
            ".github/PULL_REQUEST_TEMPLATE.md": "## What changed\n\n## Why\n",
            "README.md": "# Cell atlas\n",
        },
        "data": {"ml_team": "@bio-lab/ml", "data_team": "@bio-lab/wet-lab",
                 "platform_team": "@bio-lab/infra"},
        "inferred": {
            "project_name": "cell-atlas", "description": "Single-cell atlas experiments.",
            "author_name": "Rosalind Franklin", "author_email": "rosalind@biolab.org",
            "license": "BSD-3-Clause", "org": "bio-lab",
        },
        "variants": {
            ".github/pull_request_template.md": ".github/PULL_REQUEST_TEMPLATE.md",
            "LICENSE": "LICENSE.md",
        },
    },
    "service": {
        "remote": "ssh://git@github.com/northwind/ledger.git",
        "files": {
            "pyproject.toml": """\
                [project]
                name = "ledger"
                version = "1.0.0"
                description = "Double-entry ledger service."
                authors = [{name = "Ada Lovelace", email = "ada@northwind.dev"}]
            """,
            "ledger/__init__.py": "BOOKS = []\n",
            "tests/test_ledger.py": "def test_books():\n    assert True\n",
            "CODEOWNERS": "* @northwind/core\n/data/ @northwind/data-eng\n",
            "LICENSE.txt": APACHE,
            ".github/SECURITY.md": "# Security\n\nMail security@northwind.dev.\n",
            "README.md": "# Ledger\n",
            ".gitignore": "__pycache__/\n",
        },
        "data": {},
        "inferred": {
            "project_name": "ledger", "license": "Apache-2.0", "org": "northwind",
            "ml_team": "@northwind/core", "data_team": "@northwind/data-eng",
            "platform_team": "@northwind/core", "author_name": "Ada Lovelace",
        },
        "variants": {
            ".github/CODEOWNERS": "CODEOWNERS",
            "LICENSE": "LICENSE.txt",
            "SECURITY.md": ".github/SECURITY.md",
        },
    },
    "go": {
        "remote": "https://github.com/gopher-co/queue",
        "files": {
            "go.mod": "module github.com/gopher-co/queue\n\ngo 1.22\n",
            "main.go": 'package main\n\nfunc main() { println("queue") }\n',
            "README.md": "# queue\n\nA job queue in Go.\n",
            "LICENSE": MIT.replace("tidyframe", "queue"),
            "docs/CODEOWNERS": "* @gopher-co/queue-team\n",
            "assets/logo.png": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)),
        },
        "data": {"project_name": "queue", "description": "A job queue in Go.",
                 "author_name": "Gopher Co", "author_email": "dev@gopher.co"},
        "inferred": {
            "license": "MIT", "org": "gopher-co", "ml_team": "@gopher-co/queue-team",
            "platform_team": "@gopher-co/queue-team",
        },
        "variants": {".github/CODEOWNERS": "docs/CODEOWNERS"},
    },
}
# fmt: on


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def mlrepo(*args: str, cwd: Path):
    return run([sys.executable, "-m", "mlrepo", *args], cwd=cwd, env=ENV, stdin=subprocess.DEVNULL)


def existing(tmp_path: Path, name: str) -> Path:
    spec = REPOSITORIES[name]
    repo = build_tree(tmp_path / name, spec["files"])
    git("init", "-q", "-b", "main", cwd=repo)
    git("remote", "add", "origin", spec["remote"], cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "Existing work", cwd=repo)
    return repo


def data_args(data: dict[str, str]) -> list[str]:
    return [arg for key, value in data.items() for arg in ("--data", f"{key}={value}")]


def conflicted_files(stdout: str) -> list[str]:
    block = stdout.split("between conflict markers for you to review:\n", 1)
    if len(block) == 1:
        return []
    from itertools import takewhile

    return [line[2:] for line in takewhile(lambda row: row.startswith("  "), block[1].splitlines())]


@pytest.mark.parametrize("name", sorted(REPOSITORIES))
def test_adopt_keeps_everything_and_brings_only_the_governance_layer(tmp_path, name):
    spec = REPOSITORIES[name]
    repo = existing(tmp_path, name)
    before = tree(repo)

    result = mlrepo("adopt", *data_args(spec["data"]), cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    conflicts = conflicted_files(result.stdout)
    after = tree(repo)

    # Nothing of the original lost, or rewritten outside conflict markers.
    for path, original in before.items():
        if path in conflicts and b"\0" not in original:
            assert CONFLICT.sub(r"\1", after[path].decode()) == original.decode(), path
        else:
            assert after[path] == original, path
    changed = {p for p in before if after[p] != before[p]}
    assert changed <= set(conflicts)

    created = set(after) - set(before)
    assert not [p for p in created if p.split("/")[0] in PIPELINE or p in PIPELINE]
    for template_path, variant in spec["variants"].items():  # merged into, never duplicated
        assert template_path not in created, template_path
        assert variant in conflicts or after[variant] == before[variant]
    assert {".pre-commit-config.yaml", "governance/project.yaml", "docs/model_card.md"} <= created

    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    expected = spec["inferred"] | spec["data"]
    assert {k: str(answers[k]) for k in expected} == expected
    assert answers["adopt_layers"] == "governance"
    for path in created | set(conflicts):
        text = after[path].decode("utf-8", "replace")
        assert not [p for p in PLACEHOLDERS if p in text], (path, text)

    # The to-do list: check reports every conflicted file (HYG003) and the gaps, and adopt
    # printed that same list.
    report = json.loads(mlrepo("check", "--format", "json", cwd=repo).stdout)
    findings = {(f["rule"], f["path"]) for f in report["findings"]}
    marked = {path for rule, path in findings if rule == "HYG003"}
    assert marked == {p for p in conflicts if b"\0" not in after[p]}
    text = mlrepo("check", cwd=repo).stdout
    assert text.strip() in result.stdout
    gaps = {(rule, path) for rule, path in findings if rule != "HYG003"}
    assert gaps == GAPS[name]

    # Resolving every conflict (here: keeping the repository's side) leaves only the gaps.
    for path in marked:
        (repo / path).write_text(CONFLICT.sub(r"\1", (repo / path).read_text()))
    git("add", "-A", cwd=repo)
    resolved = json.loads(mlrepo("check", "--format", "json", cwd=repo).stdout)
    assert {(f["rule"], f["path"]) for f in resolved["findings"]} == GAPS[name] | READABLE[name]


# The gaps adopt leaves, each a real one: no .gitignore of the repository's own (the template's
# belongs to the pipeline layer), and no pyproject.toml where REPO001 asks for one.
GAPS = {
    "library": {("REPO001", ".gitignore")},
    "research": {("REPO001", ".gitignore"), ("REPO001", "pyproject.toml")},
    "service": set(),
    "go": {("REPO001", ".gitignore"), ("REPO001", "pyproject.toml")},
}
# What the rules find once a conflicted file is readable again and kept as the repository had
# it: governance paths not owned by the platform team, a PR template without the sections.
READABLE = {
    "library": {("OWN006", ".github/CODEOWNERS")},
    "research": {("REPO004", ".github/PULL_REQUEST_TEMPLATE.md")},
    "service": {("OWN006", "CODEOWNERS")},
    "go": set(),
}


def test_what_cannot_be_inferred_is_named_and_nothing_is_written(tmp_path):
    repo = existing(tmp_path, "go")
    before = tree(repo)
    result = mlrepo("adopt", cwd=repo)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot infer project_name, description, author_name, author_email" in result.stderr
    assert tree(repo) == before and not git("status", "--porcelain", cwd=repo)


def test_with_pipeline_brings_the_skeleton_too(tmp_path):
    repo = existing(tmp_path, "go")
    result = mlrepo("adopt", "--with-pipeline", *data_args(REPOSITORIES["go"]["data"]), cwd=repo)
    assert result.returncode == 1, result.stderr
    assert (repo / "src/queue/train.py").is_file() and (repo / "configs/pipeline.yaml").is_file()
    assert "adopt_layers" not in yaml.safe_load((repo / ".copier-answers.yml").read_text())


def test_the_layers_module_and_copier_exclude_name_the_same_paths():
    exclude = yaml.safe_load((REPO / "copier.yml").read_text())["_exclude"]
    templated = [e for e in exclude if "adopt_layers" in e]
    assert len(templated) == 1
    body = re.search(r"%\}(.*)\{%", templated[0], flags=re.DOTALL).group(1)
    assert body.split("\n") == [f"/{p}" for p in PIPELINE]


def test_on_a_terminal_adopt_asks_what_it_cannot_infer(tmp_path):
    import pexpect

    repo = existing(tmp_path, "go")
    child = pexpect.spawn(
        sys.executable, ["-m", "mlrepo", "adopt"], cwd=str(repo), env=ENV, timeout=60,
        encoding="utf-8",
    )  # fmt: skip
    for prompt, answer in [
        ("Project name", "queue"),
        ("One-line description", "A job queue in Go."),
        ("Author name", "Gopher Co"),
        ("Author email", "dev@gopher.co"),
    ]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1, child.before
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert answers["author_email"] == "dev@gopher.co" and answers["org"] == "gopher-co"


def test_answers_are_never_read_through_a_symlink_that_leaves_the_repository(tmp_path):
    outside = build_tree(tmp_path / "outside", REPOSITORIES["library"]["files"])
    repo = tmp_path / "linked"
    repo.mkdir()
    (repo / "pyproject.toml").symlink_to(outside / "pyproject.toml")
    (repo / "CODEOWNERS").symlink_to(outside / ".github" / "CODEOWNERS")
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "links", cwd=repo)
    result = mlrepo("adopt", cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    missing = "project_name, description, author_name, author_email, org, license, ml_team"
    assert f"cannot infer {missing}, data_team, platform_team" in result.stderr
