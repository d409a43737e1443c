"""The ``cityos`` command: run the whole platform, or serve, migrate and load one service.

Each service is its own Django project with its own settings, so everything that touches Django runs
in a child process with that service's ``DJANGO_SETTINGS_MODULE``; this module itself imports no service.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from cityos.sync_contract import subscriptions

SERVICES = ("commerce", "content", "storefront")
DATABASE_SERVICES = ("commerce", "content")
DEFAULT_PORTS = {"commerce": 9001, "content": 3001, "storefront": 9002}
INTERFACES = {"commerce": "wsgi", "content": "wsgi", "storefront": "asginl"}
COLOURS = {"commerce": "cyan", "content": "magenta", "storefront": "green"}
STOP_GRACE_SECONDS = 10.0

console = Console(highlight=False, soft_wrap=True)


def settings_module(service: str) -> str:
    return f"cityos.{service}.settings"


def port_of(service: str, args: argparse.Namespace | None = None) -> int:
    given = getattr(args, f"{service}_port", None) if args else None
    return int(given or os.environ.get(f"CITYOS_{service.upper()}_PORT") or DEFAULT_PORTS[service])


def platform_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment every child gets: where ``var/`` is and where each peer answers."""
    env = dict(os.environ)
    env["CITYOS_VAR_DIR"] = str(Path(args.var_dir).resolve())
    env["PYTHONUNBUFFERED"] = "1"
    for service in SERVICES:
        env[f"{service.upper()}_URL"] = f"http://{args.host}:{port_of(service, args)}"
        env[f"CITYOS_{service.upper()}_PORT"] = str(port_of(service, args))
    return env


def cityos_command(*words: str) -> list[str]:
    return [sys.executable, "-m", "cityos.cli", *words]


# --- one service --------------------------------------------------------------------------------


def use_service(service: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module(service)


def cmd_manage(args: argparse.Namespace) -> int:
    """Run a Django management command under one service's settings."""
    from django.core.management import execute_from_command_line

    use_service(args.service)
    execute_from_command_line(["cityos manage", *args.arguments])
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve one service as in production: granian, N worker processes, no auto-reload."""
    from granian import Granian
    from granian.constants import Interfaces

    use_service(args.service)
    Granian(
        f"cityos.{args.service}.{INTERFACES[args.service][:4]}:application",
        address=args.host,
        port=port_of(args.service, args),
        interface=Interfaces(INTERFACES[args.service]),
        workers=args.workers,
        blocking_threads=args.threads if INTERFACES[args.service] == "wsgi" else None,
        backpressure=args.backpressure,
        log_access=bool(os.environ.get("CITYOS_ACCESS_LOG")),
    ).serve()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run one service's Huey consumer (its queued and periodic jobs)."""
    import django
    from django.core.management import call_command

    use_service(args.service)
    django.setup()
    call_command("run_huey")
    return 0


def run_children(
    commands: dict[str, list[str]], env: dict[str, str], *, stdin: dict[str, str] | None = None
) -> dict[str, str]:
    """Run short commands in parallel; return each one's stdout, or exit if any failed."""
    procs = {
        name: subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name, command in commands.items()
    }
    outputs = {}
    failed = []
    for name, proc in procs.items():
        out, err = proc.communicate((stdin or {}).get(name))
        outputs[name] = out
        if proc.returncode != 0:
            failed.append(name)
            console.print(Text(f"{name} failed:\n{err}", style="red"))
    if failed:
        raise SystemExit(f"cityos: {', '.join(failed)} failed")
    return outputs


def cmd_migrate(args: argparse.Namespace) -> int:
    unknown = set(args.services) - set(DATABASE_SERVICES)
    if unknown:
        raise SystemExit(f"cityos: no database service named {', '.join(sorted(unknown))}")
    migrate(args.services or list(DATABASE_SERVICES), platform_env(args))
    return 0


def migrate(services: Sequence[str], env: dict[str, str]) -> None:
    run_children({s: cityos_command("manage", s, "migrate", "--no-input", "-v0") for s in services}, env)


# --- demo data ----------------------------------------------------------------------------------


def demo_path(args: argparse.Namespace) -> Path:
    return Path(args.var_dir).resolve() / "demo.json"


def wanted_demo_state(previous: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The credentials to (re)create: kept from an earlier ``demo.json``, made fresh where missing."""

    def kept(service: str, key: str, make: Any) -> Any:
        return previous.get(service, {}).get(key) or make()

    return {
        "commerce": {
            "admin": kept(
                "commerce",
                "admin",
                lambda: {"email": "admin@cityos.local", "password": secrets.token_urlsafe(12)},
            ),
            "secret_api_key": kept("commerce", "secret_api_key", lambda: f"sk_{secrets.token_hex(32)}"),
            "customer_password": kept("commerce", "customer_password", lambda: secrets.token_urlsafe(12)),
        },
        "content": {
            "admin": kept(
                "content",
                "admin",
                lambda: {"email": "admin@cityos.local", "password": secrets.token_urlsafe(12)},
            ),
            "api_key": kept("content", "api_key", lambda: secrets.token_urlsafe(32)),
        },
    }


def wanted_demo(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    path = demo_path(args)
    return wanted_demo_state(json.loads(path.read_text()) if path.exists() else {})


def load_demo(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Load every service's demo data and write ``var/demo.json`` (idempotent)."""
    wanted = wanted_demo(args)
    outputs = run_children(
        {s: cityos_command("manage", s, "demo") for s in DATABASE_SERVICES},
        env,
        stdin={s: json.dumps(wanted[s]) for s in DATABASE_SERVICES},
    )
    made = {s: json.loads(outputs[s].strip().splitlines()[-1]) for s in DATABASE_SERVICES}
    return write_demo_state(args, env, made)


def write_demo_state(args: argparse.Namespace, env: dict[str, str], made: dict[str, Any]) -> dict[str, Any]:
    """``var/demo.json`` from what each service's demo made: URLs, accounts, tenants, keys."""
    path = demo_path(args)
    tenants = made["commerce"].pop("tenants")
    state = {
        "commerce": {"url": env["COMMERCE_URL"], **made["commerce"]},
        "content": {"url": env["CONTENT_URL"], **made["content"]},
        "storefront": {"url": env["STOREFRONT_URL"]},
        "tenants": [
            {**tenant, "storefront_url": f"http://{tenant['host']}:{env['CITYOS_STOREFRONT_PORT']}"}
            for tenant in tenants
        ],
    }
    path.write_text(json.dumps(state, indent=2))
    path.chmod(0o600)
    return state


def cmd_demo(args: argparse.Namespace) -> int:
    env = platform_env(args)
    migrate(DATABASE_SERVICES, env)
    state = load_demo(args, env)
    console.print(f"Demo data loaded; credentials in {demo_path(args)}")
    console.print_json(data=state)
    return 0


# --- sync wiring -------------------------------------------------------------------------------

# What each service sends its peer is the sync contract's (``cityos/sync_contract.py``); here is where
# the peer receives it.
RECEIVERS = {"commerce": "/admin/webhooks/cms", "content": "/api/webhooks/commerce"}
PEERS = {"commerce": "content", "content": "commerce"}


def sync_secret(args: argparse.Namespace) -> str:
    """The whsec_ secret both services sign and verify with, made once and kept in ``var/sync.json``."""
    from cityos.platform.events.signing import new_secret

    if secret := os.environ.get("CITYOS_SYNC_SECRET"):
        return secret
    path = Path(args.var_dir).resolve() / "sync.json"
    if path.exists():
        return str(json.loads(path.read_text())["secret"])
    secret = new_secret()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"secret": secret}))
    path.chmod(0o600)
    return secret


def subscription_options(service: str, env: dict[str, str]) -> list[str]:
    """``subscribe``'s options for ``service``: its peer's receiver and the events the peer mirrors."""
    peer = PEERS[service]
    return ["--description", f"cityos:{peer}", "--url", env[f"{peer.upper()}_URL"] + RECEIVERS[peer],
            "--secret", env["CITYOS_SYNC_SECRET"], "--events", *subscriptions(service)]  # fmt: skip


def wire_sync(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Each service subscribes its peer's receiver to the events the peer mirrors."""
    env["CITYOS_SYNC_SECRET"] = sync_secret(args)
    commands = {
        service: cityos_command("manage", service, "subscribe", *subscription_options(service, env))
        for service in DATABASE_SERVICES
    }
    run_children(commands, env)


def prepare(args: argparse.Namespace, env: dict[str, str]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Migrate, wire the sync and load the demo, one process per service (``prepare``): the demo
    state (None with ``--no-demo``) and each service's sync health."""
    env["CITYOS_SYNC_SECRET"] = sync_secret(args)
    demo = [] if args.no_demo else ["--demo"]
    wanted = {} if args.no_demo else wanted_demo(args)
    outputs = run_children(
        {
            s: cityos_command("manage", s, "prepare", *subscription_options(s, env), *demo)
            for s in DATABASE_SERVICES
        },
        env,
        stdin={s: json.dumps(wanted.get(s, {})) for s in DATABASE_SERVICES},
    )
    answers = {s: json.loads(outputs[s].strip().splitlines()[-1]) for s in DATABASE_SERVICES}
    state = None if args.no_demo else write_demo_state(args, env, {s: answers[s]["demo"] for s in answers})
    return state, {s: answers[s]["health"] for s in answers}


# --- the whole platform -------------------------------------------------------------------------


@dataclass
class Child:
    name: str
    command: list[str]
    proc: subprocess.Popen[str] | None = None
    reader: threading.Thread | None = field(default=None, repr=False)


def stream(child: Child, style: str) -> None:
    if child.proc is None or child.proc.stdout is None:
        return
    prefix = f"{child.name:<18}| "
    for line in child.proc.stdout:
        console.print(Text.assemble((prefix, style), line.rstrip("\n")))


def start(child: Child, env: dict[str, str], style: str) -> None:
    # A session of its own: Ctrl-C reaches only us, and we stop each child's whole group in order.
    child.proc = subprocess.Popen(
        child.command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    child.reader = threading.Thread(target=stream, args=(child, style), daemon=True)
    child.reader.start()


def stop(children: Sequence[Child]) -> None:
    """SIGTERM every child's process group, wait, then SIGKILL what is left."""
    running = [c for c in children if c.proc and c.proc.poll() is None]
    for child in running:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in running:
        assert child.proc
        try:
            child.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            console.print(Text(f"{child.name} did not stop in time; killing it", style="red"))
    for child in children:
        # Granian's worker processes share the group: make sure none outlives its parent.
        _signal_group(child, signal.SIGKILL)
        if child.proc:
            child.proc.wait()
        if child.reader:
            child.reader.join(timeout=2)


def _signal_group(child: Child, sig: signal.Signals) -> None:
    if child.proc is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.proc.pid, sig)


def wait_healthy(
    urls: dict[str, str], children: Sequence[Child], timeout: float, stopping: threading.Event
) -> None:
    deadline = time.monotonic() + timeout
    pending = dict(urls)
    with httpx.Client(timeout=2.0) as client:
        while pending and not stopping.is_set():
            for name, url in list(pending.items()):
                try:
                    if client.get(f"{url}/health").status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            dead = [c.name for c in children if c.proc and c.proc.poll() is not None]
            if dead:
                raise SystemExit(f"cityos: {', '.join(dead)} exited during start-up")
            if pending and time.monotonic() > deadline:
                raise SystemExit(f"cityos: {', '.join(pending)} not healthy after {timeout:.0f}s")
            stopping.wait(0.2)


def banner(state: dict[str, Any] | None, env: dict[str, str]) -> None:
    console.rule("cityos is running")
    admin_paths = {"commerce": ("/app", "/docs"), "content": ("/admin", "/api-docs")}
    for service, colour in COLOURS.items():
        url = env[f"{service.upper()}_URL"]
        line = f"[{colour}]{service:<11}[/] {url}"
        if service in admin_paths:
            admin, docs = admin_paths[service]
            line += f"  admin {url}{admin}  API docs {url}{docs}"
        console.print(line)
    if state:
        for service in DATABASE_SERVICES:
            admin = state[service]["admin"]
            console.print(f"{service} admin: {admin['email']} / {admin['password']}")
        for tenant in state["tenants"]:
            key = tenant["publishable_key"]
            console.print(f"tenant {tenant['slug']}: {tenant['storefront_url']}  publishable key {key}")
        console.print(f"all of it, for scripts: {env['CITYOS_VAR_DIR']}/demo.json")
    console.rule("Ctrl-C stops everything")


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """One step of the start, shown while it runs and then with its time; a failure names the step."""
    started = time.monotonic()
    try:
        with console.status(f"cityos: {name} …", spinner="dots"):
            yield
    except BaseException:
        console.print(Text(f"cityos: {name} failed after {time.monotonic() - started:.1f}s", style="red"))
        raise
    console.print(f"cityos: {name} [dim]({time.monotonic() - started:.1f}s)[/dim]")


def cmd_run(args: argparse.Namespace) -> int:
    env = platform_env(args)
    started = time.monotonic()
    steps = "migrated, wired the sync" + ("" if args.no_demo else ", loaded the demo tenants")
    with phase(f"{', '.join(DATABASE_SERVICES)} in {env['CITYOS_VAR_DIR']}: {steps}"):
        # The sync is wired before the demo loads, so its products reach content once workers start.
        state, health = prepare(args, env)
        queue_first_sync(env, health)
    children = [Child(f"{s}", cityos_command("serve", s, "--host", args.host)) for s in SERVICES]
    children += [Child(f"{s}-worker", cityos_command("worker", s)) for s in SERVICES]

    stopping = threading.Event()

    def request_stop(signum: int, _frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        with phase(f"started {', '.join(SERVICES)} and their workers, all healthy"):
            for child in children:
                start(child, env, COLOURS[child.name.split("-")[0]])
            wait_healthy(
                {s: env[f"{s.upper()}_URL"] for s in SERVICES}, children, args.start_timeout, stopping
            )
        if not stopping.is_set():
            console.print(f"cityos: ready in {time.monotonic() - started:.1f}s")
            banner(state, env)
        while not stopping.wait(0.5):
            dead = [c for c in children if c.proc and c.proc.poll() is not None]
            if dead:
                console.print(
                    Text(f"cityos: {dead[0].name} exited ({dead[0].proc.returncode}); stopping", style="red")
                )
                return 1
        console.print("cityos: stopping …")
        return 0
    finally:
        stop(children)
        console.print("cityos: stopped.")


# --- argument parsing ---------------------------------------------------------------------------


def add_platform_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--var-dir", default=os.environ.get("CITYOS_VAR_DIR", "var"), help="embedded data (default ./var)"
    )
    parser.add_argument("--host", default=os.environ.get("CITYOS_HOST", "127.0.0.1"))
    for service in SERVICES:
        parser.add_argument(f"--{service}-port", type=int, help=f"default {DEFAULT_PORTS[service]}")


def initial_sync(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Every product re-sent to content in batches, then followed until content applied all of them.

    Resumable: the cursor of each queued batch is kept in ``var/initial-sync.json``; a run that stopped
    continues after it (``--restart`` begins again). The workers (``cityos run``) do the sending.
    """
    state_path = Path(args.var_dir).resolve() / "initial-sync.json"
    cursor = "" if args.restart or not state_path.exists() else json.loads(state_path.read_text())["cursor"]
    started, queued, mirrors = time.monotonic(), 0, 0
    command = cityos_command("manage", "commerce", "sync_resend", "--after", cursor)
    with Progress(console=console) as progress:
        queue_task = progress.add_task("queued for content", total=None)
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                batch = json.loads(line)
                if "mirrors" in batch:  # tenants, stores and categories, ahead of the products
                    mirrors = batch["mirrors"]
                    continue
                queued += batch["sent"]
                progress.update(queue_task, advance=batch["sent"], total=batch["total"])
                state_path.write_text(json.dumps({"cursor": batch["cursor"]}))
        if proc.returncode != 0:
            raise SystemExit("cityos: queuing the initial sync failed")
        apply_task = progress.add_task("applied in content", total=queued + mirrors)
        deadline = time.monotonic() + args.timeout
        while True:
            health = sync_health(env)
            outgoing = health["commerce"]["status"]["medusa_to_payload"]
            incoming = health["content"]["status"]["medusa_to_payload"]
            left = outgoing["pending_count"] + incoming["pending_count"]
            progress.update(apply_task, completed=max(0, queued + mirrors - left))
            if left == 0:
                break
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"cityos: {left} changes still on their way after {args.timeout:.0f}s; "
                    "are the workers running (cityos run)?"
                )
            time.sleep(1)
    seconds = time.monotonic() - started
    state_path.unlink(missing_ok=True)
    console.print(
        f"initial sync: {mirrors} tenants, stores and categories and {queued} products in {seconds:.1f} s "
        f"({queued / max(seconds, 0.001):.0f} products/s), "
        f"{outgoing['dead_count']} dead deliveries, {incoming['failed_count']} failed to apply"
    )
    return 0


def queue_first_sync(env: dict[str, str], health: dict[str, dict[str, Any]] | None = None) -> None:
    """An empty content database beside a commerce one (content's data was lost, or it joins later)
    gets everything again: the initial sync is queued, and the workers deliver it once they start.
    A fresh platform needs none, since the demo's own events are already on their way."""
    health = health or sync_health(env)
    received = health["content"]["status"]["medusa_to_payload"]
    on_the_way = health["commerce"]["status"]["medusa_to_payload"]["pending_count"]
    if received["synced_count"] or received["pending_count"] or on_the_way:
        return
    console.print("cityos: content has nothing from commerce yet; queuing the initial sync …")
    run_children({"commerce": cityos_command("manage", "commerce", "sync_resend")}, env)


def sync_health(env: dict[str, str], *extra: str) -> dict[str, dict[str, Any]]:
    """Both services' ``sync_health`` answers, read in parallel: ``{service: {status, retried}}``."""
    commands = {s: cityos_command("manage", s, "sync_health", *extra) for s in DATABASE_SERVICES}
    return {s: json.loads(out.strip().splitlines()[-1]) for s, out in run_children(commands, env).items()}


def cmd_sync(args: argparse.Namespace) -> int:
    """``cityos sync status|retry-failed|initial``: both services' view in one table, or a bulk sync."""
    env = platform_env(args)
    if args.action == "initial":
        return initial_sync(args, env)
    answers = sync_health(env, *(["--retry-failed"] if args.action == "retry-failed" else []))
    table = Table(title="cityos sync")
    for column in (
        "seen by",
        "direction",
        "status",
        "synced",
        "pending",
        "failed",
        "dead",
        "lag p50/p99 ms",
        "last",
    ):
        table.add_column(column)
    jobs = Table(title="scheduled jobs")
    for column in ("service", "job", "last started", "finished", "outcome"):
        jobs.add_column(column)
    for service in DATABASE_SERVICES:
        answer = answers[service]
        if answer["retried"]:
            console.print(f"{service}: {answer['retried']}")
        runs = answer["status"].pop("jobs", {})
        for name, run in runs.items():
            outcome = f"failed: {run['error']}" if run["error"] else json.dumps(run["outcome"])
            jobs.add_row(service, name, run["started_at"], run["finished_at"] or "running", outcome)
        for direction, row in answer["status"].items():
            lag = "-" if row["lag_p50_ms"] is None else f"{row['lag_p50_ms']:.0f}/{row['lag_p99_ms']:.0f}"
            table.add_row(
                service, direction, row["status"], str(row["synced_count"]), str(row["pending_count"]),
                str(row["failed_count"]), str(row["dead_count"]), lag,
                row["last_sync"] or "never",
            )  # fmt: skip
    console.print(table)
    if jobs.row_count:
        console.print(jobs)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cityos", description="Multi-tenant commerce with managed content.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="migrate, load demo data, serve all services and workers")
    add_platform_options(run)
    run.add_argument("--no-demo", action="store_true", help="skip the demo data")
    run.add_argument("--start-timeout", type=float, default=90.0)
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", help="serve one service as in production")
    serve.add_argument("service", choices=SERVICES)
    serve.add_argument("--host", default=os.environ.get("CITYOS_HOST", "127.0.0.1"))
    serve.add_argument("--port", dest="port_override", type=int)
    serve.add_argument("--workers", type=int, default=int(os.environ.get("CITYOS_WEB_WORKERS", "1")))
    serve.add_argument("--threads", type=int, default=int(os.environ.get("CITYOS_WEB_THREADS", "4")))
    serve.add_argument("--backpressure", type=int, default=None)
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run one service's job consumer")
    worker.add_argument("service", choices=SERVICES)
    worker.set_defaults(func=cmd_worker)

    migrate_parser = sub.add_parser("migrate", help="apply database migrations")
    add_platform_options(migrate_parser)
    migrate_parser.add_argument(
        "services", nargs="*", help=f"some of {', '.join(DATABASE_SERVICES)} (default: all)"
    )
    migrate_parser.set_defaults(func=cmd_migrate)

    demo = sub.add_parser("demo", help="load demo data and write var/demo.json")
    add_platform_options(demo)
    demo.set_defaults(func=cmd_demo)

    sync = sub.add_parser("sync", help="sync health of both directions, or retry what failed")
    add_platform_options(sync)
    sync.add_argument("action", choices=("status", "retry-failed", "initial"))
    sync.add_argument("--restart", action="store_true", help="initial: begin again, not after the last batch")
    sync.add_argument("--timeout", type=float, default=600.0, help="initial: how long to wait for content")
    sync.set_defaults(func=cmd_sync)

    manage = sub.add_parser("manage", help="a Django management command of one service")
    manage.add_argument("service", choices=SERVICES)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "port_override", None):
        setattr(args, f"{args.service}_port", args.port_override)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
