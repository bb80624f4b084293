"""Real image builds with podman and docker: build, run as the non-root user (writing its
artifacts), reuse the dependency layer after a code-only change, and build the ejected
Dockerfile too.

No registry is reachable here, so the base image is made locally: debootstrap a minimal
bookworm with Python into a folder and import it into podman (the recipe of
shared/research/containers.md), then hand the same image to docker with `podman save | docker
load`. docker gets a private daemon for the session (its own socket, data root and overlay2 storage,
no bridge), so nothing depends on or disturbs a system dockerd; docker build cannot mount a file
into RUN steps, so behind a TLS-intercepting proxy the CA bundle goes into a derived base image.
.ci/run installs podman, buildah, debootstrap and docker.io from Debian's packages; elsewhere an
engine's tests skip with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
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


DOCKER_MISSING = [tool for tool in ("dockerd", "docker") if not shutil.which(tool)]


@pytest.fixture(scope="session")
def docker_env(tmp_path_factory):
    """A private docker daemon for this session, stopped (by its pid) at the end."""
    if DOCKER_MISSING:
        pytest.skip(f"docker builds need {', '.join(DOCKER_MISSING)} (bash .ci/run installs them)")
    home = Path(tmp_path_factory.mktemp("dockerd"))
    # The classic builder: it prints 'Using cache' per step, and BuildKit would need buildx.
    env = {**os.environ, "DOCKER_HOST": f"unix://{home / 'docker.sock'}", "DOCKER_BUILDKIT": "0"}
    # overlay2 shares layers; vfs (a full copy of the environment per layer, many minutes per
    # build) only where the kernel cannot mount overlay in the data root.
    for driver in ("overlay2", "vfs"):
        daemon, log = _start_dockerd(home, driver)
        if _daemon_answers(daemon, env):
            break
        _stop_dockerd(daemon, log, home)
    else:
        pytest.fail("dockerd did not start: " + (home / "dockerd.log").read_text()[-2000:])
    try:
        yield env
    finally:
        _stop_dockerd(daemon, log, home)


def _start_dockerd(home: Path, driver: str):
    log = (home / "dockerd.log").open("w")
    daemon = subprocess.Popen(
        [
            "dockerd",
            f"--host=unix://{home / 'docker.sock'}",
            f"--data-root={home / 'data'}",
            f"--exec-root={home / 'exec'}",
            f"--pidfile={home / 'docker.pid'}",
            f"--storage-driver={driver}",
            "--bridge=none",
            "--iptables=false",
            "--ip6tables=false",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return daemon, log


def _daemon_answers(daemon, env) -> bool:
    for _ in range(60):
        if daemon.poll() is not None:
            return False
        if run(["docker", "info"], env=env).returncode == 0:
            return True
        time.sleep(0.5)
    return False


def _stop_dockerd(daemon, log, home: Path) -> None:
    daemon.terminate()
    daemon.wait(timeout=60)
    log.close()
    for netns in sorted((home / "exec" / "netns").glob("*")):  # the daemon leaves it mounted
        run(["umount", str(netns)])
    shutil.rmtree(home / "data", ignore_errors=True)


@pytest.fixture(scope="session")
def docker_base(docker_env, base_image, podman_env, tmp_path_factory) -> str:
    """podman's base image in the private daemon, with the CA bundle pip needs baked in."""
    save = subprocess.Popen(
        ["podman", "save", "--format", "docker-archive", base_image],
        stdout=subprocess.PIPE,
        env=podman_env,
    )
    loaded = subprocess.run(
        ["docker", "load"], stdin=save.stdout, env=docker_env, capture_output=True, check=False
    )
    save.wait()
    assert loaded.returncode == 0, loaded.stderr
    ca = _ca_args()
    if not ca:
        return base_image
    context = tmp_path_factory.mktemp("docker-ca")
    shutil.copyfile(ca[1], context / "ca.pem")
    (context / "Dockerfile").write_text(
        f"FROM {base_image}\n"
        "COPY ca.pem /etc/ssl/certs/mlrepo-test-ca.pem\n"
        "ENV PIP_CERT=/etc/ssl/certs/mlrepo-test-ca.pem\n"
    )
    derived = f"{base_image}-ca"
    made = run(["docker", "build", "-q", "-t", derived, str(context)], env=docker_env)
    assert made.returncode == 0, made.stderr
    return derived


class Engine:
    """How one engine builds, runs and reports a cached build step."""

    def __init__(self, name: str, env: dict, base: str, build_args: list[str]):
        self.name, self.env, self.base, self.build_args = name, env, base, build_args

    def steps(self, output: str) -> list[str]:
        """The build log cut into one chunk per Dockerfile instruction."""
        marker = "STEP " if self.name == "podman" else "Step "
        return [chunk for chunk in output.split(marker) if chunk[:1].isdigit()]


@pytest.fixture(params=["podman", "docker"])
def engine(request) -> Engine:
    if request.param == "podman":
        env, base = request.getfixturevalue("podman_env"), request.getfixturevalue("base_image")
        return Engine("podman", env, base, [*_ca_args(), "--", "--isolation", "chroot"])
    env, base = request.getfixturevalue("docker_env"), request.getfixturevalue("docker_base")
    return Engine("docker", env, base, ["--"])


def _new_project(dest: Path, base: str) -> Path:
    assert run([sys.executable, "-m", "mlrepo", "new", str(dest), "--defaults"]).returncode == 0
    pyproject = dest / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'base-image = "{base}"\n')
    return dest


@pytest.fixture
def project(tmp_path, engine) -> Path:
    return _new_project(tmp_path / "churn", engine.base)


def build(project: Path, engine: Engine, tag: str):
    command = [sys.executable, "-m", "mlrepo", "container", "build", "--engine", engine.name]
    return run(
        [*command, "--tag", tag, *engine.build_args, "--network", "host"],
        cwd=project,
        env=engine.env,
    )


def test_build_run_as_non_root_and_reuse_the_dependency_layer(project, engine):
    first = build(project, engine, "mlrepo-test:1")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    try:
        ran = run([engine.name, "run", "--rm", "mlrepo-test:1"], env=engine.env)
        assert ran.returncode == 0, ran.stderr  # under docker, this is where /app was root's
        assert '"accuracy"' in ran.stdout and "/app/artifacts/metrics.json" in ran.stdout
        who = run(
            [engine.name, "run", "--rm", "--entrypoint", "id", "mlrepo-test:1"], env=engine.env
        )
        assert who.stdout.startswith("uid=10001(app) gid=10001(app)"), who.stdout

        train = project / "src" / "churn_model" / "train.py"
        # Unique per run: podman keeps intermediate layers, so a repeated edit would be cached.
        train.write_text(train.read_text() + f"# a code-only change {uuid.uuid4()}\n")
        second = build(project, engine, "mlrepo-test:2")
        assert second.returncode == 0, second.stdout[-3000:]
        steps = engine.steps(second.stdout)
        deps = next(s for s in steps if "uv sync --locked --no-dev --no-install-project" in s)
        code = next(s for s in steps if "COPY src/ src/" in s)
        assert "Using cache" in deps, deps
        assert "Using cache" not in code, code
    finally:
        run([engine.name, "rmi", "-f", "mlrepo-test:1", "mlrepo-test:2"], env=engine.env)


def test_the_ejected_dockerfile_builds_with_a_plain_build(tmp_path, base_image, podman_env):
    project = _new_project(tmp_path / "churn", base_image)
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
