"""mlrepo: start, govern and keep current standardized ML repositories."""

__version__ = "0.1.0"
