"""CODEOWNERS with GitHub's semantics, in one direction of imports: `syntax` (parsing and
patterns) <- `tails` <- `batch` (a whole repository at once) <- `matcher` (the lookup API)."""
