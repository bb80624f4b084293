"""The pipeline's expected failures: the CLI prints them as one line instead of a traceback."""


class ConfigError(ValueError):
    """The pipeline configuration is missing a key or has a value of the wrong kind."""


class DataContractError(ValueError):
    """Data does not conform to its Table Schema (or the schema itself is unusable)."""
