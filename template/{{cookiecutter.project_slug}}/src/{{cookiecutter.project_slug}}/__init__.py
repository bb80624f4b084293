"""{{ cookiecutter.project_name }}: the pipeline stages data -> features -> train -> evaluate -> predict."""

__version__ = "0.1.0"
