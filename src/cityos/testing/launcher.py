"""Start a whole cityos platform (``cityos run``) on free ports in a temporary ``var/``, as a user would."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from cityos import cli

SERVICES = ("commerce", "content", "storefront")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Platform:
    var_dir: Path
    ports: dict[str, int]
    proc: subprocess.Popen[str]
    log: Path
    started_in: float = 0.0
    extra_env: dict[str, str] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    @property
    def demo(self) -> dict:
        return json.loads((self.var_dir / "demo.json").read_text())

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def processes_left(self) -> list[int]:
        """Processes still running with this platform's ``var/`` in their environment."""
        return processes_with_env(f"CITYOS_VAR_DIR={self.var_dir}")

    def interrupt(self, timeout: float = 30) -> int:
        """What Ctrl-C does: SIGINT to ``cityos run``, then wait for it to finish."""
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=timeout)


def processes_with_env(assignment: str) -> list[int]:
    """Live (not zombie) processes whose environment holds ``NAME=value``: all of one platform's children."""
    marker = assignment.encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker in environ.split(b"\0") and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until_healthy(platform: Platform, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    pending = set(SERVICES)
    while pending:
        if platform.proc.poll() is not None:
            raise AssertionError(f"cityos run exited early:\n{platform.output()[-4000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{pending} not healthy after {timeout}s:\n{platform.output()[-4000:]}")
        for service in list(pending):
            try:
                if httpx.get(f"{platform.url(service)}/health", timeout=2).status_code == 200:
                    pending.discard(service)
            except httpx.HTTPError:
                pass
        time.sleep(0.25)


@contextmanager
def running_platform(
    tmp_path: Path, *, env: dict[str, str] | None = None, timeout: float = 90
) -> Iterator[Platform]:
    var_dir = tmp_path / "var"
    ports = {service: free_port() for service in SERVICES}
    log = tmp_path / "cityos-run.log"
    args = [sys.executable, "-m", "cityos.cli", "run", "--var-dir", str(var_dir)]
    for service, port in ports.items():
        args += [f"--{service}-port", str(port)]
    child_env = {**os.environ, "CITYOS_INSTANCE": f"cityos-e2e-{uuid.uuid4().hex[:8]}", **(env or {})}
    child_env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.monotonic()
    with log.open("w") as sink:
        proc = subprocess.Popen(args, env=child_env, stdout=sink, stderr=subprocess.STDOUT, text=True)
    platform = Platform(var_dir=var_dir.resolve(), ports=ports, proc=proc, log=log, extra_env=env or {})
    try:
        wait_until_healthy(platform, timeout)
        platform.started_in = time.monotonic() - started
        yield platform
    finally:
        if proc.poll() is None:
            platform.interrupt()


class ServiceStack:
    """The two database services and their workers as separate processes on one ``var/``: one can be
    killed and restarted alone (resilience tests, the sync bench), which ``cityos run`` does not allow."""

    def __init__(self, var_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        ports = [f"--{service}-port={free_port()}" for service in cli.SERVICES]
        self.args = cli.build_parser().parse_args(["demo", "--var-dir", str(var_dir), *ports])
        instance = {"CITYOS_INSTANCE": f"cityos-stack-{uuid.uuid4().hex[:8]}"}
        self.env = cli.platform_env(self.args) | instance | (extra_env or {})
        self.var_dir = var_dir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        cli.migrate(cli.DATABASE_SERVICES, self.env)
        cli.wire_sync(self.args, self.env)
        self.demo = cli.load_demo(self.args, self.env)

    def url(self, service: str) -> str:
        return self.env[f"{service.upper()}_URL"]

    def start(self, name: str) -> None:
        service, _, role = name.partition("-")
        words = ["worker", service] if role == "worker" else ["serve", service]
        log = (self.var_dir / f"{name}.log").open("a")
        self.procs[name] = subprocess.Popen(
            cli.cityos_command(*words),
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not role:
            assert eventually(lambda: healthy(self.url(service)), 60), f"{name} did not start"

    def kill(self, name: str) -> None:
        """SIGKILL to the process group: no shutdown, no cleanup, as a crash."""
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs.pop(name).wait()

    def pause(self, name: str) -> None:
        """SIGSTOP: the process keeps its port, so connections are accepted but never answered."""
        os.killpg(self.procs[name].pid, signal.SIGSTOP)

    def resume(self, name: str) -> None:
        os.killpg(self.procs[name].pid, signal.SIGCONT)

    def stop(self) -> None:
        for name in list(self.procs):
            self.resume(name)
            self.kill(name)

    def command(self, service: str, *words: str) -> list[str]:
        """A Django management command of one service, as ``cityos manage`` runs it."""
        return cli.cityos_command("manage", service, *words)

    def health(self, service: str) -> dict[str, Any]:
        command = self.command(service, "sync_health")
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])["status"]


def healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def eventually(probe: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return True
        time.sleep(0.5)
    return False
