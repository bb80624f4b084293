"""Where the built-in rule packs and the JSON Schemas the checks validate against live."""

from __future__ import annotations

import os

from mlrepo.bundled import locate
from mlrepo.errors import ConfigError


def policies_root() -> str:
    """The directory of the built-in rule packs (policies/*.yaml and policies/schemas/)."""
    return os.path.join(locate("policies"), "policies")


def schema(name: str) -> dict:
    """One of the JSON Schemas shipped in policies/schemas/ (a rule's params name them)."""
    import json

    path = os.path.join(policies_root(), "schemas", name)
    if os.path.basename(name) != name or not os.path.isfile(path):
        known = ", ".join(sorted(os.listdir(os.path.join(policies_root(), "schemas"))))
        raise ConfigError("policies/schemas", f"no schema named {name!r} (shipped: {known})")
    with open(path, encoding="utf-8") as file:
        return json.load(file)
