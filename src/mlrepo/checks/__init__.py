"""Check kinds: small functions `(ctx, params) -> iterable of Finding`, found by name.

Rules (policies/*.yaml) say which kind to run with which params; kinds hold no policy numbers.
Modules are imported only when a selected rule needs them, which keeps hooks fast.
"""

from __future__ import annotations

from collections import namedtuple

Finding = namedtuple("Finding", "path message line", defaults=(None,))


KINDS = {
    "required_files": "mlrepo.checks.files:required_files",
    "file_size": "mlrepo.checks.files:file_size",
    "notebook_outputs": "mlrepo.checks.files:notebook_outputs",
    "secrets": "mlrepo.checks.files:secrets",
    "pr_template_sections": "mlrepo.checks.documents:pr_template_sections",
    "front_matter_schema": "mlrepo.checks.documents:front_matter_schema",
    "yaml_schema": "mlrepo.checks.documents:yaml_schema",
    "ruleset": "mlrepo.checks.documents:ruleset",
    "codeowners_present": "mlrepo.checks.ownership:present",
    "codeowners_syntax": "mlrepo.checks.ownership:syntax",
    "codeowners_unmatched": "mlrepo.checks.ownership:unmatched",
    "codeowners_duplicates": "mlrepo.checks.ownership:duplicates",
    "codeowners_unowned": "mlrepo.checks.ownership:unowned",
    "codeowners_governance": "mlrepo.checks.ownership:governance",
    "precommit_hooks": "mlrepo.checks.precommit:required_hooks",
    "precommit_pinned": "mlrepo.checks.precommit:pinned",
    "precommit_update_guard": "mlrepo.checks.precommit:update_guard",
    "table_schemas": "mlrepo.checks.data:table_schemas",
    "table_samples": "mlrepo.checks.data:table_samples",
    "waivers": "mlrepo.checks.waivers:waivers",
    "workflow_permissions": "mlrepo.checks.workflows:permissions",
    "actions_pinned": "mlrepo.checks.workflows:actions_pinned",
    "dockerfile_user": "mlrepo.checks.dockerfile:non_root_user",
    "dockerfile_base_pinned": "mlrepo.checks.dockerfile:base_pinned",
    "dockerfile_no_add_url": "mlrepo.checks.dockerfile:no_add_url",
    "dockerfile_exec_form": "mlrepo.checks.dockerfile:exec_form",
    "dockerfile_drift": "mlrepo.checks.dockerfile:drift",
    "model_card_stage": "mlrepo.checks.lifecycle:model_card_stage",
    "annex_iv": "mlrepo.checks.lifecycle:annex_iv",
    "provider_allow_list": "mlrepo.checks.lifecycle:provider_allow_list",
    "residency_before_production": "mlrepo.checks.lifecycle:residency_before_production",
    "prompt_front_matter": "mlrepo.checks.prompts:prompt_front_matter",
    "prompt_inputs": "mlrepo.checks.prompts:prompt_inputs",
    "prompt_provider": "mlrepo.checks.prompts:prompt_provider",
    "prompt_secrets": "mlrepo.checks.prompts:prompt_secrets",
}
