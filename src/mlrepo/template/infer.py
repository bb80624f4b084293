"""The answers `mlrepo adopt` reads from the repository itself, so no template placeholder
(Jane Doe, @acme/..., an MIT licence over an Apache one) is ever applied without being asked.

Each answer comes from where the repository already states it: the packaging metadata
(pyproject.toml [project], else setup.cfg [metadata]), the licence text, the git remote, the
CODEOWNERS GitHub uses. What none of them states is left out, for the caller to ask.
"""

from __future__ import annotations

import re
from pathlib import Path

from mlrepo import vcs

#: Questions whose template default is a placeholder: adopt needs a real answer for each.
REQUIRED = (
    "project_name",
    "description",
    "author_name",
    "author_email",
    "org",
    "license",
    "ml_team",
    "data_team",
    "platform_team",
)

# Phrases each licence's text carries, in the order they are tried.
_LICENSES = (
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("MIT", ("permission is hereby granted, free of charge",)),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "neither the name")),
)
_LICENSE_FILE = re.compile(r"(?:licen[cs]e|copying)(?:[.-][^/]*)?", re.IGNORECASE)
# https://host/org/repo(.git), ssh://git@host[:port]/org/repo, git@host:org/repo
_REMOTE = re.compile(r"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/:]+@[^:/]+:)/?([^/]+)/[^/]+?/?$")
_DATA_PATHS = ("data", "schemas")
_PLATFORM_PATHS = (".github", "governance")


def inferred(root: Path) -> dict[str, str]:
    """Every answer the repository states; questions it does not answer are absent."""
    answers: dict[str, str] = {}
    answers.update(_metadata(root))
    license_id = _license(root)
    if license_id:
        answers["license"] = license_id
    org = _org(vcs.remote_url(root))
    if org:
        answers["org"] = org
    answers.update(_owners(root))
    slug = _package(root)
    if slug:
        answers["project_slug"] = slug
    return answers


def _metadata(root: Path) -> dict[str, str]:
    """name, description and the first author, from pyproject.toml or else setup.cfg."""
    found: dict[str, object] = {}
    pyproject = _text(root, "pyproject.toml")
    if pyproject is not None:
        import tomllib

        try:
            project = tomllib.loads(pyproject).get("project", {})
        except tomllib.TOMLDecodeError:
            project = {}
        authors = project.get("authors") or [{}]
        first = authors[0] if isinstance(authors[0], dict) else {}
        found = {
            "project_name": project.get("name"),
            "description": project.get("description"),
            "author_name": first.get("name"),
            "author_email": first.get("email"),
        }
    setup_cfg = _text(root, "setup.cfg")
    if not any(found.values()) and setup_cfg is not None:
        import configparser

        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(setup_cfg)
        except configparser.Error:
            parser.clear()
        meta = dict(parser["metadata"]) if parser.has_section("metadata") else {}
        found = {
            "project_name": meta.get("name"),
            "description": meta.get("description"),
            "author_name": meta.get("author"),
            "author_email": meta.get("author_email"),
        }
    stated = {key: _one_line(value) for key, value in found.items() if isinstance(value, str)}
    if "project_name" in stated:  # a distribution name may hold dots, the template's may not
        name = re.sub(r"[^A-Za-z0-9 _-]", "-", stated["project_name"]).strip("-_ ")[:40]
        stated["project_name"] = name if name[:1].isalpha() else f"project-{name}"[:40]
    return stated


def _text(root: Path, relative: str) -> str | None:
    """A regular file's text, or None: absent, not a file, not UTF-8, or (through a symlink)
    outside the repository, which adopt never reads."""
    import os

    real, real_root = Path(os.path.realpath(root / relative)), os.path.realpath(root)
    if os.path.commonpath([real, real_root]) != real_root or not real.is_file():
        return None
    try:
        return real.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _license(root: Path) -> str | None:
    """The SPDX id of the first licence file in the root whose text names a known licence."""
    for path in sorted(root.iterdir()):
        found = _text(root, path.name) if _LICENSE_FILE.fullmatch(path.name) else None
        if found is None:
            continue
        text = " ".join(found.lower().split())
        for spdx, phrases in _LICENSES:
            if all(phrase in text for phrase in phrases):
                return spdx
    return None


def _org(url: str | None) -> str | None:
    """The owner part of a remote URL (https, ssh:// or scp-like git@host:owner/repo)."""
    match = _REMOTE.match(url or "")
    return match.group(1) if match else None


def _owners(root: Path) -> dict[str, str]:
    """The teams from the CODEOWNERS GitHub uses: its default `*` owner for the ML team, and the
    owners of data/ or schemas/ and of .github/ or governance/ when it names them."""
    from mlrepo.formats.codeowners.syntax import LOCATIONS, parse

    found = next((t for t in (_text(root, p) for p in LOCATIONS) if t is not None), None)
    if found is None:
        return {}
    entries, _ = parse(found)
    last: dict[str, str] = {}  # the last line wins, as on GitHub
    for entry in entries:
        if entry.owners and entry.owners[0].startswith("@"):  # a team or user, not an email
            last[entry.pattern.strip("/").removesuffix("/**").removeprefix("/")] = entry.owners[0]
    default = last.get("*")
    if default is None:
        return {}
    data = next((last[p] for p in _DATA_PATHS if p in last), default)
    platform = next((last[p] for p in _PLATFORM_PATHS if p in last), default)
    return {"ml_team": default, "data_team": data, "platform_team": platform}


def _package(root: Path) -> str | None:
    """The one package under src/, which the template's package name then matches."""
    src = root / "src"
    folders = sorted(src.iterdir()) if src.is_dir() else []
    packages = [p.name for p in folders if (p / "__init__.py").is_file()]
    return packages[0] if len(packages) == 1 else None
