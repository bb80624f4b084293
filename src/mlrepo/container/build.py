"""Building the image with the first container engine found (podman, buildah, docker)."""

from __future__ import annotations

import sys
from pathlib import Path

from mlrepo.container.choose import Choice
from mlrepo.errors import ConfigError, UsageError

ENGINES = ("podman", "buildah", "docker")
CA_IN_BUILD = "/run/mlrepo-ca.pem"


def build_command(
    engine: str,
    dockerfile: Path,
    ignore: Path,
    tag: str,
    extra: list[str],
    ca_cert: Path | None = None,
) -> list[str]:
    """The engine's build command; the context is always the repository root.

    A CA certificate is mounted read-only for RUN steps and named by the PIP_CERT build
    argument, so pip trusts a TLS-intercepting proxy without the certificate entering a layer.
    """
    if engine == "docker":
        if ca_cert is not None:
            raise ConfigError(
                "--ca-cert",
                "needs podman or buildah: docker build cannot mount a file into RUN steps",
            )
        return ["docker", "build", "-f", str(dockerfile), "-t", tag, *extra, "."]
    ca = []
    if ca_cert is not None:
        ca = [
            "-v",
            f"{ca_cert.resolve()}:{CA_IN_BUILD}:ro",
            "--build-arg",
            f"PIP_CERT={CA_IN_BUILD}",
        ]
    return [
        engine,
        "build",
        "--layers",
        "-f",
        str(dockerfile),
        "--ignorefile",
        str(ignore),
        *ca,
        "-t",
        tag,
        *extra,
        ".",
    ]


def find_engine(wanted: str | None) -> str:
    """The engine to build with: the one asked for, or the first of ENGINES on PATH."""
    import shutil

    engines = [wanted] if wanted else list(ENGINES)
    engine = next((e for e in engines if shutil.which(e)), None)
    if engine is None:
        raise UsageError(
            f"no container engine found ({', '.join(engines)}): install one, or "
            "`mlrepo container eject` and build the Dockerfile elsewhere"
        )
    return engine


def build(
    root: Path,
    choice: Choice,
    *,
    engine: str | None,
    tag: str | None,
    extra: list[str],
    ca_cert: Path | None,
) -> int:
    """Build `choice` with the repository root as context; the engine's exit code."""
    import subprocess
    import tempfile

    if ca_cert is not None and not ca_cert.is_file():
        raise UsageError(f"{ca_cert}: no such CA certificate file")
    found = find_engine(engine)
    tag = tag or f"{root.name.lower()}:latest"
    print(f"Building {tag} with {found} from {choice.source}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="mlrepo-build-") as scratch:
        file, ignorefile = Path(scratch) / "Dockerfile", Path(scratch) / "Dockerfile.dockerignore"
        file.write_text(choice.dockerfile)
        ignorefile.write_text(choice.ignore)
        command = build_command(found, file, ignorefile, tag, extra, ca_cert)
        return subprocess.run(command, cwd=root, check=False).returncode
