"""{{ cookiecutter.project_name }}.

The pipeline stages, in order: data -> features -> train -> evaluate -> predict.
"""

__version__ = "0.1.0"
