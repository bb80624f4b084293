"""Containers without a Dockerfile in the repository: `table` (the settings in pyproject.toml)
-> `dockerfile` (what they generate) -> `choose` (precedence, eject) -> `build` (the engines)."""
