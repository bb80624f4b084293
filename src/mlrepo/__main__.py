from mlrepo.cli import entry

entry()
