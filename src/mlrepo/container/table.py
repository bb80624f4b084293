"""`[tool.mlrepo.container]` in pyproject.toml: its keys, validated so that no value can change
the shape of the Dockerfile, and the hash of everything the Dockerfile depends on."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, NoReturn

from mlrepo.errors import ConfigError
from mlrepo.formats.text import line_at

KEYS = {
    "base-image",
    "base-image-digest",
    "python",
    "system-packages",
    "entrypoint",
    "cmd",
    "port",
    "healthcheck",
    "env",
    "user-uid",
    "exclude",
    "package",
}


class ContainerConfig(NamedTuple):
    table: dict  #: [tool.mlrepo.container], validated
    project: dict  #: the [project] table (name, version, dependencies)


def key_line(text: str, key: str) -> int | None:
    """The line of `key = ` inside [tool.mlrepo.container] (or anywhere, without the table)."""
    section = text.find("[tool.mlrepo.container]")
    match = re.compile(rf"^[ \t]*{re.escape(key)}\s*=", re.MULTILINE).search(text, max(section, 0))
    return line_at(text, match.start()) if match else None


def read_container_table(root: Path) -> ContainerConfig:
    """[tool.mlrepo.container], validated, and the [project] table, from pyproject.toml."""
    from mlrepo.formats.loaders import load_toml, nested, read_inside, reason

    path = root / "pyproject.toml"
    if not path.is_file():
        return ContainerConfig({}, {})
    try:
        data = read_inside(str(root), "pyproject.toml")
    except OSError as exc:
        raise ConfigError("pyproject.toml", f"cannot read: {reason(exc)}") from None
    document = load_toml("pyproject.toml", data)
    table = nested(document, "tool", "mlrepo", "container")
    text = data.decode("utf-8")

    def fail(key: str, message: str) -> NoReturn:
        raise ConfigError(
            "pyproject.toml", f"[tool.mlrepo.container] {message}", key_line(text, key)
        )

    if not isinstance(table, dict):
        fail("container", "must be a table")
    for key in table:
        if key not in KEYS:
            fail(key, f"unknown key '{key}' (known: {', '.join(sorted(KEYS))})")
    _check_types(table, fail)
    if "base-image-digest" in table and "@" in table.get("base-image", ""):
        fail("base-image-digest", "conflicts with the digest already in base-image")
    project = document.get("project", {})
    if not isinstance(project, dict):
        raise ConfigError("pyproject.toml", "[project] must be a table", key_line(text, "project"))
    return ContainerConfig(table, project)


def _check_types(table: dict, fail: Callable[[str, str], NoReturn]) -> None:
    strings = ("base-image", "python", "package")
    lists = ("system-packages", "entrypoint", "cmd", "healthcheck", "exclude")
    for key in strings:
        if key in table and not (isinstance(table[key], str) and table[key].strip()):
            fail(key, f"'{key}' must be a non-empty string")
    for key in lists:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            fail(key, f"'{key}' must be a list of non-empty strings (exec form)")
    digest = table.get("base-image-digest")
    if digest is not None and not re.fullmatch(r"sha256:[0-9a-f]{64}", str(digest)):
        fail("base-image-digest", "'base-image-digest' must look like sha256:<64 hex digits>")
    for key, low, high in (("port", 1, 65535), ("user-uid", 1, 2**31 - 1)):
        value = table.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ):
            fail(key, f"'{key}' must be a whole number from {low} to {high}")
    env = table.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        fail("env", "'env' must be a table of strings")
    for name in env:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            fail("env", f"'env' has an invalid variable name {name!r}")
    if "python" in table and not re.fullmatch(r"3\.\d+", table["python"]):
        fail("python", "'python' must be a version like 3.11")
    _check_words(table, env, fail)


# Each value lands in one Dockerfile line (or one .dockerignore line): the shapes below cannot
# hold a newline, a ';', a quote or a trailing backslash that would start or join an instruction.
IMAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:@-]*")
DEBIAN_PACKAGE = re.compile(r"[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?")
PACKAGE = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def _check_words(table: dict, env: dict, fail: Callable[[str, str], NoReturn]) -> None:
    if "base-image" in table and not IMAGE.fullmatch(table["base-image"]):
        fail("base-image", "'base-image' must be an image reference like python:3.11-slim "
                           "(letters, digits and . _ / : @ -)")  # fmt: skip
    for name in table.get("system-packages", []):
        if not DEBIAN_PACKAGE.fullmatch(name):
            fail("system-packages", f"'system-packages' has {name!r}, which is not a Debian "
                                    "package name (optionally =version)")  # fmt: skip
    if "package" in table and not PACKAGE.fullmatch(table["package"]):
        fail("package", "'package' must be an importable package name like churn_model")
    for key in ("exclude", "entrypoint", "cmd", "healthcheck"):
        if any(not word.isprintable() for word in table.get(key, [])):
            fail(key, f"'{key}' must not hold control characters (a newline, a tab)")
    if any(not value.isprintable() for value in env.values()):
        fail("env", "'env' values must not hold control characters (a newline, a tab)")


def inputs_hash(table: dict, project: dict) -> str:
    """A short hash of everything the generated Dockerfile depends on."""
    relevant = {
        "container": table,
        "dependencies": project.get("dependencies", []),
        "name": project.get("name"),
        "version": project.get("version"),
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:12]


def is_default(table: dict) -> bool:
    """True when the table asks for nothing the built-in defaults would not do."""
    return all(key == "python" and value == "3.11" for key, value in table.items())
