"""The ownership pack (policies/ownership.yaml): CODEOWNERS rules, over one parse of the file
GitHub would use."""

from __future__ import annotations

from mlrepo.formats.codeowners.matcher import Matcher
from mlrepo.formats.codeowners.syntax import LOCATIONS, SIZE_LIMIT, parse
from mlrepo.policy.checks import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from mlrepo.policy.checks import Context, Params


def _codeowners(ctx: Context):
    """(path, entries, problems) of the CODEOWNERS GitHub uses, or None; parsed once per run."""
    if "codeowners" not in ctx.cache:
        found = next((p for p in LOCATIONS if ctx.repo.exists(p)), None)
        if found is None:
            ctx.cache["codeowners"] = None
        else:
            entries, problems = parse(ctx.repo.text(found))
            ctx.cache["codeowners"] = (found, entries, problems)
    return ctx.cache["codeowners"]


def _decisions(ctx: Context):
    if "codeowners_decisions" not in ctx.cache:
        _, entries, _ = _codeowners(ctx)
        ctx.cache["codeowners_decisions"] = Matcher(entries).entries_for(ctx.repo.files)
    return ctx.cache["codeowners_decisions"]


def present(ctx: Context, params: Params) -> Iterator[Finding]:
    if _codeowners(ctx) is None:
        yield Finding(LOCATIONS[0], "no CODEOWNERS in .github/, the root or docs/")


def syntax(ctx: Context, params: Params) -> Iterator[Finding]:
    found = _codeowners(ctx)
    if found is None:
        return
    path, _, problems = found
    if ctx.repo.size(path) >= SIZE_LIMIT:
        yield Finding(path, "3 MB or larger: GitHub ignores the whole file")
    for problem in problems:
        yield Finding(path, problem.message, problem.line)
    for other in LOCATIONS:
        if other != path and ctx.repo.exists(other):
            yield Finding(other, f"ignored by GitHub, which uses {path}", 1)


def unmatched(ctx: Context, params: Params) -> Iterator[Finding]:
    found = _codeowners(ctx)
    if found is None:
        return
    path, entries, _ = found
    from mlrepo.formats.codeowners.batch import unmatched as without_match

    for entry in without_match(entries, ctx.repo.files, _decisions(ctx)):
        yield Finding(path, f"pattern '{entry.pattern}' matches no file", entry.line)


def duplicates(ctx: Context, params: Params) -> Iterator[Finding]:
    found = _codeowners(ctx)
    if found is None:
        return
    path, entries, _ = found
    first: dict[str, int] = {}
    for entry in entries:
        key = "/" + entry.pattern.lstrip("/") if "/" in entry.pattern.rstrip("/") else entry.pattern
        if key in first:
            yield Finding(path, f"'{entry.pattern}' repeats line {first[key]}", entry.line)
        else:
            first[key] = entry.line


def unowned(ctx: Context, params: Params) -> Iterator[Finding]:
    if _codeowners(ctx) is None:
        return
    path = _codeowners(ctx)[0]
    unmatched = []
    for file, entry in sorted(_decisions(ctx).items()):
        if entry is None:
            unmatched.append(file)
        elif not entry.owners:
            yield Finding(file, f"no code owner: line {entry.line} ('{entry.pattern}') names none")
    if len(unmatched) > params["max_listed"]:  # one cause, one finding (not 3,580 alerts)
        shown = ", ".join(unmatched[:3])
        yield Finding(path, f"{len(unmatched)} files match no line and there is no default "
                      f"owner ('* @team' first), e.g. {shown}")  # fmt: skip
    else:
        yield from (Finding(file, "no code owner") for file in unmatched)


def _teams(ctx: Context) -> dict[str, str]:
    if not ctx.repo.exists("governance/project.yaml"):
        return {}
    project = ctx.repo.yaml("governance/project.yaml")
    owners = project.get("owners", {}) if isinstance(project, dict) else {}
    return owners if isinstance(owners, dict) else {}


def _owners(path: str, decided: dict, matcher: Matcher) -> tuple[str, ...]:
    """From the whole-repository decisions for a file; looked up alone for a path to be."""
    if path in decided:
        return decided[path].owners if decided[path] else ()
    return matcher.owners_of(path)


def governance(ctx: Context, params: Params) -> Iterator[Finding]:
    found = _codeowners(ctx)
    teams = _teams(ctx)
    if found is None or not teams:
        return  # OWN001 / GOV002 report what is missing
    path, entries, _ = found
    decided, matcher = _decisions(ctx), Matcher(entries)
    for target, role in params["paths"].items():
        team = teams.get(role)
        if not team:
            continue
        probes = ctx.repo.under(target) if target.endswith("/") else [target]
        for probe in probes or [target + "example"]:
            owners = _owners(probe, decided, matcher)
            if team not in owners:
                who = " ".join(owners) or "nobody"
                yield Finding(path, f"{probe} is owned by {who}, not by the {role} team {team}")
                break
