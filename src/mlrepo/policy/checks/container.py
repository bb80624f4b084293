"""The container pack (policies/container.yaml): a repository's own Dockerfile or
Containerfile, read instruction by instruction, and drift from the table it was ejected from."""

from __future__ import annotations

import re
from collections import namedtuple

from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params

NAMES = ("Dockerfile", "Containerfile")


Instruction = namedtuple("Instruction", "line keyword args")


def instructions(text: str) -> list[Instruction]:
    """Instructions with their first line; continuation lines are joined, comments dropped."""
    result: list[Instruction] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = (pending + stripped).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        result.append(Instruction(start, keyword.upper(), args.strip()))
    return result


def _dockerfiles(ctx: Context) -> list:
    """(path, instructions) of every Dockerfile; found and parsed once for the four rules."""
    if "dockerfiles" not in ctx.cache:
        ctx.cache["dockerfiles"] = [
            (path, instructions(ctx.repo.text(path)))
            for path in ctx.repo.files
            if path.rsplit("/", 1)[-1] in NAMES or path.endswith((".Dockerfile", ".Containerfile"))
        ]
    return ctx.cache["dockerfiles"]


def _image(step: Instruction) -> str:
    words = [w for w in step.args.split() if not w.startswith("--")]
    return words[0] if words else ""


def _runs_as_non_root_by_default(image: str) -> bool:
    """`scratch` has no users and no shell to run; distroless and similar `:nonroot` (or
    `:debug-nonroot`) images set a non-root USER themselves."""
    name = image.split("@")[0].rsplit("/", 1)[-1]
    tag = name.rsplit(":", 1)[1] if ":" in name else ""
    return image == "scratch" or "nonroot" in tag.split("-")


def non_root_user(ctx: Context, params: Params) -> Iterator[Finding]:
    for path, steps in _dockerfiles(ctx):
        final_stage = [s for s in steps if s.keyword == "FROM"][-1:] or steps[:1]
        start = final_stage[0].line if final_stage else 0
        users = [s for s in steps if s.keyword == "USER" and s.line >= start]
        if not users and final_stage and _runs_as_non_root_by_default(_image(final_stage[0])):
            continue
        if not users:
            yield Finding(path, "the final stage sets no USER, so the image runs as root")
        elif users[-1].args.split(":")[0] in ("root", "0"):
            yield Finding(path, f"USER {users[-1].args} is root", users[-1].line)


def base_pinned(ctx: Context, params: Params) -> Iterator[Finding]:
    need_digest = params["digest"]
    for path, steps in _dockerfiles(ctx):
        stages = set()
        for step in steps:
            if step.keyword != "FROM":
                continue
            words = [w for w in step.args.split() if not w.startswith("--")]
            image = words[0] if words else ""
            if len(words) >= 3 and words[1].lower() == "as":
                stages.add(words[2].lower())
            if image.lower() in stages or image == "scratch" or image.startswith("$"):
                continue
            name = image.split("@")[0]
            tag = name.rsplit(":", 1)[1] if ":" in name.rsplit("/", 1)[-1] else ""
            if "@sha256:" in image:
                continue
            if not tag or tag == "latest":
                yield Finding(path, f"FROM {image} is not pinned to a tag", step.line)
            elif need_digest:
                yield Finding(path, f"FROM {image} is not pinned by digest", step.line)


def no_add_url(ctx: Context, params: Params) -> Iterator[Finding]:
    for path, steps in _dockerfiles(ctx):
        for step in steps:
            if step.keyword == "ADD" and re.search(r"\b(?:https?|ftp)://|git@", step.args):
                yield Finding(path, "ADD downloads from a URL", step.line)


def _is_exec_form(args: str) -> bool:
    """Docker's test: the arguments parse as a JSON array of strings. Anything else, even
    `['python', 'app.py']` (single quotes are not JSON), runs through `/bin/sh -c`."""
    if not args.startswith("["):
        return False
    import json

    try:
        parsed = json.loads(args)
    except ValueError:
        return False
    return isinstance(parsed, list) and all(isinstance(item, str) for item in parsed)


def exec_form(ctx: Context, params: Params) -> Iterator[Finding]:
    for path, steps in _dockerfiles(ctx):
        for step in steps:
            if step.keyword not in ("ENTRYPOINT", "CMD") or _is_exec_form(step.args):
                continue
            # `CMD exec gunicorn ...`: the shell replaces itself, so the process is PID 1
            # and receives SIGTERM, which is all the exec form is for
            if step.args.startswith("["):
                why = "its brackets are not a JSON array of strings, so /bin/sh -c runs it"
                yield Finding(path, f"{step.keyword} uses shell form: {why}", step.line)
            elif (step.args.split(maxsplit=1) or [""])[0] != "exec":
                yield Finding(path, f"{step.keyword} uses shell form", step.line)


def drift(ctx: Context, params: Params) -> Iterator[Finding]:
    for name in ("Dockerfile", "Containerfile"):
        if not ctx.repo.exists(name):
            continue
        from mlrepo.container.dockerfile import ejected_hash

        recorded = ejected_hash(ctx.repo.text(name))
        if recorded is None:
            continue
        from pathlib import Path

        from mlrepo.container.table import inputs_hash, read_container_table

        table, project = read_container_table(Path(ctx.repo.root))
        current = inputs_hash(table, project)
        if current != recorded:
            yield Finding(name, f"ejected from inputs {recorded}; the table is now {current}", 2)
