"""Fixtures for the Evident interop suite.

The suite starts the real `evident` binary (or uses an already running server
when EVIDENT_BASE_URL is set) and talks to it with real FHIR client libraries.

Every FHIR resource the server returns to any client in this suite (plain
requests, fhirpy, fhirclient) is structurally validated against FHIR R4 with
fhirkit-rs; an invalid response fails the test at the request that got it.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests

from fhir_support import FHIR_JSON, validate_response_hook

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO / ".build" / "debug" / "evident"
STARTUP_TIMEOUT = float(os.environ.get("EVIDENT_STARTUP_TIMEOUT", "90"))
STOP_TIMEOUT = 30.0

# --------------------------------------------------------------------------
# Server process
# --------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "<none>"
    return "\n".join(text.splitlines()[-lines:])


class ServerProcess:
    def __init__(self, binary: Path, workdir: Path):
        self.binary = binary
        self.workdir = workdir
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.data_dir = workdir / "pg"
        self.stdout_path = workdir / "stdout.log"
        self.stderr_path = workdir / "stderr.log"
        self.proc: subprocess.Popen | None = None
        self.killed = False

    def logs(self) -> str:
        return (
            f"--- evident stdout (tail) ---\n{_tail(self.stdout_path)}\n"
            f"--- evident stderr (tail) ---\n{_tail(self.stderr_path)}"
        )

    def start(self) -> None:
        cmd = [
            str(self.binary), "serve",
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--data-dir", str(self.data_dir),
            "--signing-key", str(self.workdir / "signing-key"),
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdout=open(self.stdout_path, "wb"),
            stderr=open(self.stderr_path, "wb"),
            stdin=subprocess.DEVNULL,
            cwd=self.workdir,
            start_new_session=True,  # own process group, so a hard kill reaches its children
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"evident exited with code {self.proc.returncode} before serving "
                    f"{self.base_url}/metadata\ncommand: {' '.join(cmd)}\n{self.logs()}"
                )
            try:
                r = requests.get(f"{self.base_url}/metadata",
                                 headers={"Accept": FHIR_JSON}, timeout=5)
                if r.status_code == 200:
                    return
                last_error = f"HTTP {r.status_code}: {r.text[:500]}"
            except requests.RequestException as exc:
                last_error = repr(exc)
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"evident did not serve {self.base_url}/metadata within {STARTUP_TIMEOUT:.0f}s "
            f"(last error: {last_error})\ncommand: {' '.join(cmd)}\n{self.logs()}"
        )

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=STOP_TIMEOUT)
            return
        except subprocess.TimeoutExpired:
            pass
        self.killed = True
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        # An embedded PostgreSQL that outlived its parent: stop it by its own pid.
        for pidfile in glob.glob(str(self.data_dir / "**" / "postmaster.pid"), recursive=True):
            try:
                pid = int(Path(pidfile).read_text().splitlines()[0])
                os.kill(pid, signal.SIGQUIT)
            except (OSError, ValueError, IndexError):
                pass


@pytest.fixture(scope="session")
def evident_server():
    """Yields the FHIR base URL (no trailing slash) of the server under test."""
    external = os.environ.get("EVIDENT_BASE_URL")
    if external:
        yield external.rstrip("/")
        return

    binary = Path(os.environ.get("EVIDENT_BIN", str(DEFAULT_BIN)))
    if not binary.exists():
        pytest.fail(
            f"evident binary not found at {binary}: build it (swift build) or set "
            "EVIDENT_BIN, or point EVIDENT_BASE_URL at a running server",
            pytrace=False,
        )
    workdir = Path(tempfile.mkdtemp(prefix="evident-interop-"))
    # mkdtemp makes the directory 0700. Run as root, evident runs initdb/postgres as
    # an unprivileged user (postgres), which must be able to reach <workdir>/pg.
    os.chmod(workdir, 0o755)
    server = ServerProcess(binary, workdir)
    startup_error = None
    try:
        server.start()
    except RuntimeError as exc:
        startup_error = str(exc)
    if startup_error is not None:
        shutil.rmtree(workdir, ignore_errors=True)
        pytest.fail(startup_error, pytrace=False)
    try:
        yield server.base_url
    finally:
        server.stop()
        logs = server.logs()
        keep = os.environ.get("EVIDENT_KEEP_DATA")
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
        if server.killed:
            raise AssertionError(
                f"evident did not stop within {STOP_TIMEOUT:.0f}s of SIGTERM and was killed\n{logs}"
            )


@pytest.fixture(scope="session")
def base_url(evident_server) -> str:
    return evident_server


# --------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------

REQUEST_TIMEOUT = 30.0


class TimeoutSession(requests.Session):
    """A Session with a default timeout, so a hung server fails a test instead of the run."""

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", REQUEST_TIMEOUT)
        return super().request(*args, **kwargs)


@pytest.fixture
def http(base_url):
    """A requests.Session whose every FHIR response is validated."""
    s = TimeoutSession()
    s.hooks["response"].append(validate_response_hook)
    s.headers.update({"Accept": FHIR_JSON})
    yield s
    s.close()


@pytest.fixture
def fhirpy_client(base_url):
    from fhirpy import SyncFHIRClient

    return SyncFHIRClient(
        base_url,
        requests_config={"hooks": {"response": [validate_response_hook]}, "timeout": REQUEST_TIMEOUT},
    )


@pytest.fixture
def fhirclient_client(base_url):
    from fhirclient import client

    smart = client.FHIRClient(settings={"app_id": "evident-interop", "api_base": base_url})
    smart.server.session = TimeoutSession()
    smart.server.session.hooks["response"].append(validate_response_hook)
    return smart


@pytest.fixture
def unique():
    """A fresh token for identifiers/ids so tests never see each other's data."""
    return uuid.uuid4().hex[:16]
