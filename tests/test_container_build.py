"""Real image builds with podman: build, run as the non-root user, reuse the dependency layer
after a code-only change, and build the ejected Dockerfile too.

No registry is reachable here, so the base image is made locally: debootstrap a minimal
bookworm with Python into a folder and import it (the recipe of shared/research/containers.md).
.ci/run installs podman, buildah and debootstrap from Debian's packages; elsewhere this tier
skips with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from helpers import run

pytestmark = pytest.mark.slow
BASE = "localhost/mlrepo-test-python:bookworm"
MISSING = [tool for tool in ("podman", "debootstrap", "runc") if not shutil.which(tool)]
if MISSING or os.geteuid() != 0:
    pytestmark = [
        pytestmark,
        pytest.mark.skip(
            reason=f"real builds need root and {', '.join(MISSING) or 'podman, debootstrap, runc'} "
            "(bash .ci/run installs them)"
        ),
    ]


def _mirror() -> str:
    """The Debian mirror apt already uses (no mirror is named in this repository)."""
    for path in (Path("/etc/apt/sources.list.d/debian.sources"), Path("/etc/apt/sources.list")):
        if path.is_file():
            match = re.search(r"^(?:URIs:\s*|deb\s+)(\S+)", path.read_text(), re.MULTILINE)
            if match:
                return match.group(1)
    pytest.skip("no Debian mirror configured for apt")


@pytest.fixture(scope="session")
def podman_env(tmp_path_factory) -> dict:
    """Rootful podman on machines without CAP_SYS_RESOURCE and with hybrid cgroups."""
    conf = tmp_path_factory.mktemp("containers") / "containers.conf"
    conf.write_text(
        '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n'
        '[engine]\nruntime = "runc"\n'
    )
    return {**os.environ, "CONTAINERS_CONF": str(conf)}


@pytest.fixture(scope="session")
def base_image(podman_env, tmp_path_factory) -> str:
    if run(["podman", "image", "exists", BASE], env=podman_env).returncode == 0:
        return BASE
    rootfs = tmp_path_factory.mktemp("rootfs") / "bookworm"
    subprocess.run(
        [
            "debootstrap",
            "--variant=minbase",
            "--include=python3,python3-venv,ca-certificates",
            "bookworm",
            str(rootfs),
            _mirror(),
        ],
        check=True,
        capture_output=True,
    )
    (rootfs / "usr/bin/python").symlink_to("python3")  # python:*-slim images name it python
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
    subprocess.run(
        ["podman", "import", "--change", 'CMD ["python3"]', "-", BASE],
        stdin=tar.stdout,
        env=podman_env,
        check=True,
        capture_output=True,
    )
    tar.wait()
    return BASE


def _ca_args() -> list[str]:
    bundle = os.environ.get("SSL_CERT_FILE") or "/etc/ssl/certs/ca-certificates.crt"
    return ["--ca-cert", bundle] if Path(bundle).is_file() else []


@pytest.fixture
def project(tmp_path, base_image) -> Path:
    dest = tmp_path / "churn"
    assert run([sys.executable, "-m", "mlrepo", "new", str(dest), "--defaults"]).returncode == 0
    pyproject = dest / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'base-image = "{base_image}"\n')
    return dest


def build(project: Path, env: dict, tag: str):
    return run(
        [
            sys.executable,
            "-m",
            "mlrepo",
            "container",
            "build",
            "--engine",
            "podman",
            "--tag",
            tag,
            *_ca_args(),
            "--",
            "--isolation",
            "chroot",
            "--network",
            "host",
        ],
        cwd=project,
        env=env,
    )


def test_build_run_as_non_root_and_reuse_the_dependency_layer(project, podman_env):
    first = build(project, podman_env, "mlrepo-test:1")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    try:
        ran = run(["podman", "run", "--rm", "mlrepo-test:1"], env=podman_env)
        assert ran.returncode == 0, ran.stderr
        assert '"accuracy"' in ran.stdout and "/app/artifacts/metrics.json" in ran.stdout
        who = run(["podman", "run", "--rm", "--entrypoint", "id", "mlrepo-test:1"], env=podman_env)
        assert who.stdout.startswith("uid=10001(app) gid=10001(app)"), who.stdout

        train = project / "src" / "churn_model" / "train.py"
        # Unique per run: podman keeps intermediate layers, so a repeated edit would be cached.
        train.write_text(train.read_text() + f"# a code-only change {uuid.uuid4()}\n")
        second = build(project, podman_env, "mlrepo-test:2")
        assert second.returncode == 0, second.stdout[-3000:]
        steps = second.stdout.split("STEP ")
        deps = next(s for s in steps if 'pip install --no-cache-dir "pyyaml' in s)
        code = next(s for s in steps if s.startswith(tuple("0123456789")) and "COPY src/ src/" in s)
        assert "Using cache" in deps, deps
        assert "Using cache" not in code, code
    finally:
        run(["podman", "rmi", "-f", "mlrepo-test:1", "mlrepo-test:2"], env=podman_env)


def test_the_ejected_dockerfile_builds_with_a_plain_build(project, podman_env):
    assert run([sys.executable, "-m", "mlrepo", "container", "eject"], cwd=project).returncode == 0
    ca = _ca_args()
    mount = (
        ["-v", f"{ca[1]}:/run/mlrepo-ca.pem:ro", "--build-arg", "PIP_CERT=/run/mlrepo-ca.pem"]
        if ca
        else []
    )
    result = run(
        [
            "podman",
            "build",
            *mount,
            "--isolation",
            "chroot",
            "--network",
            "host",
            "-t",
            "mlrepo-test:ejected",
            ".",
        ],
        cwd=project,
        env=podman_env,
    )
    try:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        ran = run(["podman", "run", "--rm", "mlrepo-test:ejected"], env=podman_env)
        assert ran.returncode == 0 and '"accuracy"' in ran.stdout
    finally:
        run(["podman", "rmi", "-f", "mlrepo-test:ejected"], env=podman_env)
