"""Check kinds: small functions `(ctx, params) -> iterator of Finding`, found by name.

Rules (policies/*.yaml) say which kind to run with which params; kinds hold no policy numbers.
Each kind declares its params here (a schema in the subset `mlrepo.formats.schema` checks), so
a pack whose rule gives a kind the wrong params is refused when it loads, naming pack, rule and
key. Kinds live in one module per pack (`policies/X.yaml` -> `checks/X.py`) and are imported
only when a selected rule needs them, which keeps hooks fast.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from typing import Any, NamedTuple, Protocol

    from mlrepo.policy.repository import Repository

    Params = Mapping[str, Any]

    class Finding(NamedTuple):
        path: str
        message: str
        line: int | None = None

    class CheckKind(Protocol):
        """What every kind is: given the context and the rule's params, yield findings."""

        def __call__(self, ctx: Context, params: Params) -> Iterator[Finding]: ...

else:
    Finding = namedtuple("Finding", "path message line", defaults=(None,))


class Context:
    """What a check kind may look at: the repository, its level, the known rule ids, and a
    per-run cache for parses that several kinds share (keyed by the kind module's name)."""

    def __init__(self, repo: Repository, level: int, rule_ids: frozenset[str]):
        self.repo, self.level, self.rule_ids = repo, level, rule_ids
        self.cache: dict[str, Any] = {}


_TEXT = {"type": "string", "minLength": 1}
_TEXTS = {"type": "array", "items": _TEXT}


def _params(required: dict | None = None, optional: dict | None = None) -> dict:
    """A params schema: these keys (required ones first), nothing else."""
    return {
        "type": "object",
        "required": list(required or {}),
        "properties": {**(required or {}), **(optional or {})},
        "additionalProperties": False,
    }


_NONE = _params()
# Where projects keep others' code (GitHub's linguist calls these vendored), and minified
# bundles: large text that is no artifact, for which Git LFS would be the wrong advice.
_VENDORED_DIRS = ["vendor", "vendors", "vendored", "third_party", "third-party", "thirdparty",
                  "node_modules", "bower_components"]  # fmt: skip
_MINIFIED = [".min.js", ".min.mjs", ".min.css", "-min.js", "-min.css", ".min.js.map",
             ".min.css.map"]  # fmt: skip
_PATH = {"path": _TEXT}
_GLOB = {"glob": _TEXT}
_SCHEMA = {"schema": _TEXT}

# kind -> ("module:function", params schema); a default given here is the only one.
KINDS: dict[str, tuple[str, dict]] = {
    "required_files": ("mlrepo.policy.checks.repository:required_files",
                       _params({"paths": _TEXTS})),
    "malformed_files": ("mlrepo.policy.checks.repository:malformed_files",
                        _params(optional={"yaml": {**_TEXTS, "default": []}})),
    "pr_template_sections": ("mlrepo.policy.checks.repository:pr_template_sections",
                             _params({**_PATH, "sections": _TEXTS})),
    "file_size": ("mlrepo.policy.checks.hygiene:file_size",
                  _params(optional={"max_kb": {"type": "integer", "minimum": 1, "default": 1024},
                                    "vendored_dirs": {**_TEXTS, "default": _VENDORED_DIRS},
                                    "vendored_suffixes": {**_TEXTS,
                                                          "default": _MINIFIED}})),
    "notebook_outputs": ("mlrepo.policy.checks.hygiene:notebook_outputs", _NONE),
    "secrets": ("mlrepo.policy.checks.hygiene:secrets",
                _params(optional={"allow_file": {**_TEXT, "default": ".secrets-allowlist"}})),
    "conflict_leftovers": ("mlrepo.policy.checks.hygiene:conflict_leftovers", _NONE),
    "committed_artifacts": ("mlrepo.policy.checks.hygiene:committed_artifacts",
                            _params({"model_suffixes": _TEXTS, "data_suffixes": _TEXTS},
                                    {"allowed": {**_TEXTS, "default": []}})),
    "front_matter_schema": ("mlrepo.policy.checks.governance:front_matter_schema",
                            _params({**_PATH, **_SCHEMA})),
    "yaml_schema": ("mlrepo.policy.checks.governance:yaml_schema", _params({**_PATH, **_SCHEMA})),
    "ruleset": ("mlrepo.policy.checks.governance:ruleset", _params({**_PATH, **_SCHEMA})),
    "waivers": ("mlrepo.policy.checks.governance:waivers",
                _params(optional={"path": {**_TEXT, "default": "governance/waivers.yaml"},
                                  "max_days": {"type": "integer", "minimum": 1, "default": 90}})),
    "codeowners_present": ("mlrepo.policy.checks.ownership:present", _NONE),
    "codeowners_syntax": ("mlrepo.policy.checks.ownership:syntax", _NONE),
    "codeowners_unmatched": ("mlrepo.policy.checks.ownership:unmatched", _NONE),
    "codeowners_duplicates": ("mlrepo.policy.checks.ownership:duplicates", _NONE),
    "codeowners_unowned": ("mlrepo.policy.checks.ownership:unowned",
                           _params(optional={"max_listed": {"type": "integer", "minimum": 0,
                                                            "default": 20}})),
    "codeowners_governance": ("mlrepo.policy.checks.ownership:governance",
                              _params({"paths": {"type": "object",
                                                 "additionalProperties": _TEXT}})),
    "precommit_hooks": ("mlrepo.policy.checks.precommit:required_hooks",
                        _params({"hooks": _TEXTS})),
    "precommit_pinned": ("mlrepo.policy.checks.precommit:pinned", _NONE),
    "precommit_update_guard": ("mlrepo.policy.checks.precommit:update_guard", _NONE),
    "table_schemas": ("mlrepo.policy.checks.data:table_schemas", _params(_GLOB)),
    "table_samples": ("mlrepo.policy.checks.data:table_samples",
                      _params({**_GLOB, "samples": _TEXT})),
    "workflow_permissions": ("mlrepo.policy.checks.workflows:permissions", _NONE),
    "actions_pinned": ("mlrepo.policy.checks.workflows:actions_pinned",
                       _params(optional={"allow": {**_TEXTS, "default": []}})),
    "zizmor": ("mlrepo.policy.checks.workflows:zizmor",
               _params(optional={
                   "persona": {"enum": ["regular", "pedantic", "auditor"], "default": "regular"},
                   "min_severity": {"enum": ["informational", "low", "medium", "high"],
                                    "default": "medium"},
                   "exclude": {**_TEXTS, "default": ["unpinned-uses", "excessive-permissions"]}})),
    "dockerfile_user": ("mlrepo.policy.checks.container:non_root_user", _NONE),
    "dockerfile_base_pinned": ("mlrepo.policy.checks.container:base_pinned",
                               _params(optional={"digest": {"type": "boolean",
                                                            "default": False}})),
    "dockerfile_no_add_url": ("mlrepo.policy.checks.container:no_add_url", _NONE),
    "dockerfile_exec_form": ("mlrepo.policy.checks.container:exec_form", _NONE),
    "dockerfile_drift": ("mlrepo.policy.checks.container:drift", _NONE),
    "model_card_stage": ("mlrepo.policy.checks.lifecycle:model_card_stage",
                         _params({**_PATH, "required": {"type": "object",
                                                        "additionalProperties": _TEXTS}})),
    "annex_iv": ("mlrepo.policy.checks.lifecycle:annex_iv", _params({**_PATH, "headings": _TEXTS})),
    "provider_allow_list": ("mlrepo.policy.checks.lifecycle:provider_allow_list",
                            _params({"classifications": _TEXTS},
                                    {"allowed": {**_TEXTS, "default": []}})),
    "stage_evidence": ("mlrepo.policy.checks.lifecycle:stage_evidence",
                       _params({"gates": _TEXT, "model_card": _TEXT})),
    "residency_before_production": ("mlrepo.policy.checks.lifecycle:residency_before_production",
                                    _params({"project": _TEXT, "model_card": _TEXT,
                                             "undeclared": _TEXTS})),
    "prompt_front_matter": ("mlrepo.policy.checks.prompts:prompt_front_matter",
                            _params({**_GLOB, **_SCHEMA})),
    "prompt_inputs": ("mlrepo.policy.checks.prompts:prompt_inputs", _params(_GLOB)),
    "prompt_provider": ("mlrepo.policy.checks.prompts:prompt_provider",
                        _params({**_GLOB, "allowed": _TEXTS})),
    "prompt_secrets": ("mlrepo.policy.checks.prompts:prompt_secrets", _params(_GLOB)),
}  # fmt: skip


def with_defaults(kind: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """`params` with the kind's declared defaults filled in."""
    properties = KINDS[kind][1]["properties"]
    defaults = {key: spec["default"] for key, spec in properties.items() if "default" in spec}
    return {**defaults, **params}
