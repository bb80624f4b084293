"""Where the data mlrepo ships lives: inside the wheel when installed, beside the package in a
checkout. Shared by the template door (the template) and the policy door (the rule packs)."""

from __future__ import annotations

import os

from mlrepo.errors import InstallError

# Strings, not pathlib: this is on the hook path (see the import budget in cli/__init__.py).
PACKAGE = os.path.dirname(os.path.realpath(__file__))
_CHECKOUT = os.path.dirname(os.path.dirname(PACKAGE))  # src/mlrepo -> the repository


def locate(*names: str) -> str:
    """The first of `_bundled/` (an installed wheel) or the checkout that holds every name."""
    for candidate in (os.path.join(PACKAGE, "_bundled"), _CHECKOUT):
        if all(os.path.exists(os.path.join(candidate, name)) for name in names):
            return candidate
    raise InstallError(f"no {' or '.join(names)} found beside {PACKAGE}: reinstall mlrepo")
