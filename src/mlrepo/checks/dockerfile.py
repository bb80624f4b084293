"""A repository's own Dockerfile or Containerfile, read instruction by instruction."""

from __future__ import annotations

import re
from collections import namedtuple

from mlrepo.checks import Finding

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


def _dockerfiles(ctx) -> list:
    """(path, instructions) of every Dockerfile; found and parsed once for the four rules."""
    if "dockerfiles" not in ctx.cache:
        ctx.cache["dockerfiles"] = [
            (path, instructions(ctx.repo.text(path)))
            for path in ctx.repo.files
            if path.rsplit("/", 1)[-1] in NAMES or path.endswith((".Dockerfile", ".Containerfile"))
        ]
    return ctx.cache["dockerfiles"]


def non_root_user(ctx, params):
    for path, steps in _dockerfiles(ctx):
        final_stage = [s for s in steps if s.keyword == "FROM"][-1:] or steps[:1]
        start = final_stage[0].line if final_stage else 0
        users = [s for s in steps if s.keyword == "USER" and s.line >= start]
        if not users:
            yield Finding(path, "the final stage sets no USER, so the image runs as root")
        elif users[-1].args.split(":")[0] in ("root", "0"):
            yield Finding(path, f"USER {users[-1].args} is root", users[-1].line)


def base_pinned(ctx, params):
    need_digest = bool(params.get("digest"))
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


def no_add_url(ctx, params):
    for path, steps in _dockerfiles(ctx):
        for step in steps:
            if step.keyword == "ADD" and re.search(r"\b(?:https?|ftp)://|git@", step.args):
                yield Finding(path, "ADD downloads from a URL", step.line)


def exec_form(ctx, params):
    for path, steps in _dockerfiles(ctx):
        for step in steps:
            if step.keyword in ("ENTRYPOINT", "CMD") and not step.args.startswith("["):
                yield Finding(path, f"{step.keyword} uses shell form", step.line)


def drift(ctx, params):
    for name in ("Dockerfile", "Containerfile"):
        if not ctx.repo.exists(name):
            continue
        # only now: the container module's hashlib costs every hook run ~3 ms to import
        from mlrepo.container import ejected_hash, inputs_hash, read_config

        recorded = ejected_hash(ctx.repo.text(name))
        if recorded is None:
            continue
        from pathlib import Path

        table, project = read_config(Path(ctx.repo.root))
        current = inputs_hash(table, project)
        if current != recorded:
            yield Finding(name, f"ejected from inputs {recorded}; the table is now {current}", 2)
