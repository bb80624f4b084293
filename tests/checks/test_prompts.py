"""Check kinds of policies/prompts.yaml: a prompt file's front matter, its declared inputs, its
model provider and secrets in it."""

from __future__ import annotations

import pytest
from helpers import run_kind

PROMPT = "prompts/summarize_ticket.prompt"
GLOB = "prompts/*.prompt"
ALLOWED = [
    "azure-openai",
    "openai",
    "anthropic",
    "google-vertex",
    "aws-bedrock",
    "mistral",
    "local",
]
PROMPT_FILE = """\
---
name: summarize_ticket
version: 1.0.0
owner: "@acme/ml"
model:
  provider: azure-openai
  name: gpt-4o-mini
  temperature: 0.2
input:
  schema:
    type: object
    required: [ticket_text, customer_tenure_months]
    properties:
      ticket_text: {type: string, maxLength: 4000}
      customer_tenure_months: {type: integer, minimum: 0}
eval_suite: tests/test_prompts.py
---
You summarise customer support tickets for a churn review.
The customer has been with us for {{ customer_tenure_months }} months.

Ticket:
{{ticket_text}}
"""


def test_a_prompt_missing_a_required_field_is_reported_at_the_top_of_its_front_matter(tmp_path):
    files = {PROMPT: PROMPT_FILE.replace("eval_suite: tests/test_prompts.py\n", "")}
    found = run_kind("prompt_front_matter", tmp_path, files, glob=GLOB, schema="prompt.schema.json")
    assert [(f.path, f.line) for f in found] == [(PROMPT, 2)]
    assert "missing required field 'eval_suite'" in found[0].message


def test_a_bad_prompt_field_is_reported_at_its_line(tmp_path):
    files = {PROMPT: PROMPT_FILE.replace("temperature: 0.2", "temperature: 3")}
    found = run_kind("prompt_front_matter", tmp_path, files, glob=GLOB, schema="prompt.schema.json")
    assert [(f.path, f.line, f.message) for f in found] == [
        (PROMPT, 8, "model.temperature: must be at most 2")
    ]


def test_a_prompt_without_front_matter_is_reported_at_line_1(tmp_path):
    files = {"prompts/raw.prompt": "Summarise {{ ticket_text }}.\n", PROMPT: PROMPT_FILE}
    found = run_kind("prompt_front_matter", tmp_path, files, glob=GLOB, schema="prompt.schema.json")
    assert [(f.path, f.line) for f in found] == [("prompts/raw.prompt", 1)]
    assert "no YAML front matter" in found[0].message


def test_a_valid_prompt_passes_and_files_outside_the_glob_are_not_read(tmp_path):
    files = {PROMPT: PROMPT_FILE, "prompts/README.md": "# prompts/\n"}
    found = run_kind("prompt_front_matter", tmp_path, files, glob=GLOB, schema="prompt.schema.json")
    assert found == []


def test_a_declared_input_the_body_never_uses_is_reported(tmp_path):
    text = PROMPT_FILE.replace(
        "      customer_tenure_months: {type: integer, minimum: 0}\n",
        "      customer_tenure_months: {type: integer, minimum: 0}\n      tone: {type: string}\n",
    )
    found = run_kind("prompt_inputs", tmp_path, {PROMPT: text}, glob=GLOB)
    assert [(f.path, f.line, f.message) for f in found] == [
        (PROMPT, None, "declared input 'tone' is never used in the prompt")
    ]


def test_a_placeholder_that_is_not_declared_is_reported(tmp_path):
    text = PROMPT_FILE + "Answer in the {{ language }} of the ticket.\n"
    found = run_kind("prompt_inputs", tmp_path, {PROMPT: text}, glob=GLOB)
    assert [(f.path, f.line, f.message) for f in found] == [
        (PROMPT, None, "placeholder 'language' is not a declared input")
    ]


def test_placeholders_in_the_front_matter_do_not_count_as_uses(tmp_path):
    text = PROMPT_FILE.replace("{{ customer_tenure_months }}", "several").replace(
        "eval_suite:", "description: uses {{ customer_tenure_months }}\neval_suite:"
    )
    found = run_kind("prompt_inputs", tmp_path, {PROMPT: text}, glob=GLOB)
    assert [f.message for f in found] == [
        "declared input 'customer_tenure_months' is never used in the prompt"
    ]


def test_a_prompt_using_exactly_its_declared_inputs_passes(tmp_path):
    assert run_kind("prompt_inputs", tmp_path, {PROMPT: PROMPT_FILE}, glob=GLOB) == []


@pytest.mark.parametrize("value", ["text", "\n  schema:"], ids=["a string", "an empty schema"])
def test_an_input_that_is_not_a_mapping_is_left_to_the_front_matter_rule(tmp_path, value):
    text = (
        PROMPT_FILE.split("input:")[0] + f"input: {value}\neval_suite: tests/test_prompts.py\n---\n"
    )
    files = {PROMPT: text + "{{ ticket_text }}\n"}
    assert run_kind("prompt_inputs", tmp_path, files, glob=GLOB) == []
    shape = run_kind("prompt_front_matter", tmp_path, files, glob=GLOB, schema="prompt.schema.json")
    assert [f.path for f in shape] == [PROMPT]


def test_a_provider_off_the_allow_list_is_reported(tmp_path):
    files = {PROMPT: PROMPT_FILE.replace("provider: azure-openai", "provider: acme-llm")}
    found = run_kind("prompt_provider", tmp_path, files, glob=GLOB, allowed=ALLOWED)
    assert [(f.path, f.line, f.message) for f in found] == [
        (PROMPT, None, "provider 'acme-llm' is not on the allow-list")
    ]


def test_provider_names_are_matched_exactly(tmp_path):
    files = {PROMPT: PROMPT_FILE.replace("provider: azure-openai", "provider: Azure-OpenAI")}
    found = run_kind("prompt_provider", tmp_path, files, glob=GLOB, allowed=ALLOWED)
    assert [(f.path, f.line) for f in found] == [(PROMPT, None)]


def test_an_allowed_provider_passes_and_a_missing_one_is_left_to_the_front_matter_rule(tmp_path):
    files = {
        PROMPT: PROMPT_FILE,
        "prompts/draft.prompt": PROMPT_FILE.replace("  provider: azure-openai\n", ""),
    }
    assert run_kind("prompt_provider", tmp_path, files, glob=GLOB, allowed=ALLOWED) == []


def test_a_password_assignment_in_a_prompt_is_reported_at_its_line(tmp_path):
    files = {PROMPT: PROMPT_FILE.replace("Ticket:\n", "Ticket (password = hunter2hunter2x):\n")}
    found = run_kind("prompt_secrets", tmp_path, files, glob=GLOB)
    assert [(f.path, f.line) for f in found] == [(PROMPT, 21)]
    assert found[0].message.startswith("generic-password: a secret, redacted")  # SEC001's scanner


def test_an_api_key_in_a_prompt_is_reported_at_its_line(tmp_path):
    key = "ghp_" + "A1b2C3d4E5" * 3 + "F6g7H8"  # a GitHub token
    files = {PROMPT: PROMPT_FILE + f"\nCall the tool with {key}.\n"}
    found = run_kind("prompt_secrets", tmp_path, files, glob=GLOB)
    assert [(f.path, f.line) for f in found] == [(PROMPT, 24)]
    assert found[0].message.startswith("github-pat: a secret, redacted ghp_…")


def test_words_about_secrets_without_a_value_pass(tmp_path):
    text = PROMPT_FILE + "Never repeat a password or token: the customer's api_key is secret.\n"
    assert run_kind("prompt_secrets", tmp_path, {PROMPT: text}, glob=GLOB) == []
