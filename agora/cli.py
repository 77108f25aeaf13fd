"""The `agora` console script: set-up, demo, serving, workers and checks.

Each subcommand is thin: it sets the settings module and calls Django's management commands
or Agora's own (agora/core/management/commands/). `agora manage ...` reaches every other one.
"""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _django(settings="config.settings.base"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def _call(*args):
    from django.core.management import call_command

    call_command(*args)


def cmd_migrate(args):
    _django()
    _call("migrate", "--noinput", *(["-v", "0"] if args.quiet else []))
    return 0


def cmd_check(args):
    """Django's deployment checks under production settings: every warning fails."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.prod")
    if args.demo_secret and len(env.get("SECRET_KEY", "")) < 50:
        import secrets

        env["SECRET_KEY"] = secrets.token_urlsafe(50)
    code = subprocess.call(
        [
            sys.executable,
            str(BASE_DIR / "manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
    )
    return 0 if code == 0 else 1


def _gunicorn_command(bind: str, workers: int) -> list[str]:
    # config/gunicorn.py loads the app and warms the voice coach before the port is bound.
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--config", str(BASE_DIR / "config" / "gunicorn.py"),
        "--bind", bind, "--workers", str(workers), "--access-logfile", "-",
        "--graceful-timeout", "5", "--chdir", str(BASE_DIR),
    ]  # fmt: skip


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "agora.cli", "worker"]


def cmd_serve(args):
    """Serve with gunicorn (a production WSGI server), never Django's runserver."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.execv(sys.executable, _gunicorn_command(args.bind, args.workers))  # noqa: S606


# The RQ queue, as django-tasks-rq needs it. Its job class calls the task's function: RQ's
# own would call the Task object and every job would fail ("'Task' object is not callable")
# while the worker logs as if all were well. The scheduler moves deferred tasks (deadlines,
# publishing times) to the queue when they come due.
_RQ_OPTIONS = ("default", "--job-class", "django_tasks_rq.Job", "--with-scheduler")


def cmd_worker(args):
    """Run the background task worker (database queue, or RQ when REDIS_URL is set)."""
    _django()
    from django.conf import settings
    from django.db import connections

    from agora.core import periodic

    backend = settings.TASKS["default"]["BACKEND"]
    if args.batch:
        # What is due now, then the queue, then what the queue made due; then exit.
        periodic.run_due(force=True)
        if "RQBackend" in backend:
            # --with-scheduler in burst mode moves the deferred jobs that are due to the
            # queue once, before the queue is drained. No connection crosses RQ's fork.
            connections.close_all()
            _call("rqworker", *_RQ_OPTIONS, "--burst")
        else:
            _call("db_worker", "--queue-name", "*", "--no-reload", "--batch")
        periodic.run_due(force=True)
        return 0
    if args.sweeps_only:
        _die_with_parent()
        periodic.run_forever(threading.Event(), parent=os.getppid())
        return 0
    # The sweeps (due statuses after a lost wake-up or a killed worker, rituals, deadlines)
    # run beside the queue; each is safe with several workers.
    if "RQBackend" in backend:
        # RQ forks a work-horse per job, and its scheduler: a fork while a thread of this
        # process holds a lock (SQLite's mutex in the middle of a sweep's query) leaves the
        # child waiting for it forever. So here the sweeps run in a process of their own.
        sweeps = subprocess.Popen([*_worker_command(), "--sweeps-only"], env=os.environ.copy())
        connections.close_all()
        try:
            _call("rqworker", *_RQ_OPTIONS)
        finally:
            sweeps.terminate()
            try:
                sweeps.wait(timeout=10)
            except subprocess.TimeoutExpired:
                sweeps.kill()
        return 0
    periodic.start_thread()
    options = ["--queue-name", "*", "--interval", str(args.interval), "--no-reload"]
    _call("db_worker", *options)
    return 0


def _die_with_parent() -> None:
    """Linux: this process gets SIGTERM when its parent dies, even by SIGKILL, so that no
    orphan keeps sweeping. (Elsewhere the sweeps notice a new parent within a second.)"""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def cmd_createsteward(args):
    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    options = {"email": args.email, "handle": args.handle, "name": args.name}
    if args.community:
        options["community"] = args.community
    if password is not None:
        options["password"] = password
    try:
        call_command("createsteward", **options)
    except CommandError as error:
        print(f"agora createsteward: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_demo(args):
    """Demo data in a SQLite file, then the web server and the worker together."""
    data_dir = Path(os.environ.setdefault("AGORA_DATA_DIR", str(BASE_DIR / "var" / "demo")))
    data_dir.mkdir(parents=True, exist_ok=True)
    if args.reset and (data_dir / "agora.sqlite3").exists():
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"agora.sqlite3{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{data_dir / 'agora.sqlite3'}")
    host, _, port = args.bind.rpartition(":")
    os.environ.setdefault("AGORA_BASE_URL", f"http://{host}:{port}")
    _django()
    _call("migrate", "--noinput", "-v", "0")
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("seed_demo", size=args.size, comments_per_post=args.comments_per_post)
    except CommandError as error:
        print(f"agora demo: {error}", file=sys.stderr)
        return 2
    from agora.demo.story import DEMO_PASSWORD

    (data_dir / "static").mkdir(exist_ok=True)
    if args.no_serve:
        return 0
    procs = [
        subprocess.Popen(_gunicorn_command(args.bind, args.workers), env=os.environ.copy()),
        subprocess.Popen(_worker_command(), env=os.environ.copy()),
    ]
    print(
        f"\nAgora is running at http://{args.bind}/ (it answers once the voice coach is "
        "loaded, in a few seconds)\n"
        f"Demo logins (password for all: {DEMO_PASSWORD}):\n"
        "  steward  camille@demo.agora.local\n"
        "  steward  yanis@demo.agora.local\n"
        "  member   michu@demo.agora.local\n"
        "  member   lea@demo.agora.local (also in the private community)\n"
        "E-mails (verification, reset) are printed here by the worker.\n"
        "Press Ctrl-C to stop the web server and the worker.\n",
        flush=True,
    )
    return _supervise(procs)


def _supervise(procs):
    stopping = False

    def stop(signum=None, frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.3)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + 10
        for p in procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
    failed = [p for p in procs if p.returncode not in (0, -signal.SIGTERM, None)]
    if not stopping and failed:
        print("agora demo: a process stopped unexpectedly; stopping the other.", file=sys.stderr)
        return 1
    print("Stopped.")
    return 0


def cmd_voice_check(args):
    from agora.voice.cli import run

    return run(args)


def cmd_rules_check(args):
    from agora.rules.cli import run

    return run(args)


def cmd_moderation_verify_draw(args):
    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("verify_draw", args.case)
    except CommandError as error:
        print(f"agora moderation verify-draw: {error}", file=sys.stderr)
        return error.returncode
    return 0


def cmd_media_migrate_storage(args):
    _django()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command(
            "migrate_storage",
            source=args.source,
            destination=args.destination,
            dry_run=args.dry_run,
            progress_every=args.progress_every,
        )
    except CommandError as error:
        print(f"agora media migrate-storage: {error}", file=sys.stderr)
        return error.returncode
    return 0


# sysexits.h, as MTAs read a delivery command's status: EX_NOUSER and EX_NOPERM bounce the
# message with what the command printed; 2 is Agora's own "bad input".
EX_NOUSER = 67
EX_NOPERM = 77


def cmd_mail_receive(args):
    """One e-mail on standard input, a reply to a notification, becomes a comment."""
    _django()
    from agora.core.errors import AgoraError
    from agora.notify.services import inbound

    raw = sys.stdin.buffer.read(inbound.MAX_BYTES + 1)
    try:
        received = inbound.receive(raw, recipient=args.recipient or "")
    except AgoraError as error:
        print(f"agora mail receive: {error.message}", file=sys.stderr)
        if isinstance(error, inbound.NotAMessage):
            return 2
        return EX_NOUSER if isinstance(error, inbound.UnknownAddress) else EX_NOPERM
    if received.outcome == "comment":
        print(f"comment {received.comment_id}")
    elif received.outcome == "duplicate":
        print(f"already received (comment {received.comment_id or 'none'})")
    else:
        print("ignored (an automatic reply)")
    return 0


def cmd_manage(args):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["agora", *args.rest])
    return 0


def _comments_per_post(text: str) -> int:
    """argparse type for `demo --comments-per-post`: a whole number from 0 to 50."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 50:
        raise argparse.ArgumentTypeError(f"takes a whole number from 0 to 50, not {text!r}")
    return value


def _at_least_one(text: str) -> int:
    """argparse type for `media migrate-storage --progress-every`: a whole number from 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number from 1, not {text!r}")
    return value


MIGRATE_STORAGE_HELP = """\
Copy every stored file of every image (its sizes, and the upload of one still
being prepared) from one media storage to another, so that the site can move
from the filesystem to an S3 bucket, or back. Each copy is read back from the
destination and compared with the source by SHA-256.

Nothing at the source is ever deleted or changed. Once a run succeeds, switch
the settings to the destination (AGORA_S3_BUCKET and the other AGORA_S3_*
variables for S3; AGORA_S3_BUCKET unset, and AGORA_MEDIA_ROOT naming the folder,
for the filesystem) and restart the web and task workers."""

MIGRATE_STORAGE_EPILOG = """\
STORAGE is one of:
  filesystem       the folder of the settings: AGORA_MEDIA_ROOT (by default
                   AGORA_DATA_DIR/media)
  filesystem:PATH  the folder PATH
  s3               the bucket of the S3 settings: AGORA_S3_BUCKET on the server
                   of AGORA_S3_ENDPOINT_URL (AWS itself when unset), with
                   AGORA_S3_ACCESS_KEY, AGORA_S3_SECRET_KEY, AGORA_S3_REGION and
                   AGORA_S3_ADDRESSING

A file is copied when the destination lacks it or holds other bytes; one there
with the same bytes is left alone. So a run that stopped midway is resumed by
running it again, and a second run copies only what changed meanwhile: run it
while the site serves, then stop the web and task workers, run it again, switch
the settings and start them.

Exit status: 0 when every file is at the destination; 1 when some files were
missing at the source or failed to copy (each is listed; run it again to retry
the failed copies); 2 for bad arguments or a storage that cannot be used.

Example, from the folder of the settings to a bucket:
  AGORA_S3_BUCKET=agora-media AGORA_S3_ENDPOINT_URL=https://s3.example.org \\
  AGORA_S3_ACCESS_KEY=... AGORA_S3_SECRET_KEY=... AGORA_S3_REGION=... \\
  agora media migrate-storage --from filesystem --to s3"""


MAIL_RECEIVE_HELP = """\
Read one e-mail on standard input, as an MTA pipes it (Postfix: a pipe(8)
transport for the AGORA_REPLY_DOMAIN, with --recipient ${original_recipient}).
A reply to a notification e-mail becomes its sender's comment in the thread,
under the same rules as on the web.

Exit status: 0 when it became a comment, was received before (one comment), or
was an automatic reply (dropped); 67 for an unknown or forged reply address;
77 when the reply was refused (expired address, not a member any more, muted,
refused by the charter's rules, empty; the member is also told by e-mail);
2 when standard input holds no e-mail. With 67 and 77 the MTA bounces the
message with the reason printed."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="agora",
        description="Agora: a community platform where stewards guide and members moderate.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="load demo data and run the web server and worker")
    demo.add_argument("--bind", default="127.0.0.1:8000", help="address:port (default %(default)s)")
    demo.add_argument("--workers", type=int, default=2, help="web worker processes")
    demo.add_argument("--size", type=int, default=0, help="extra generated posts, for benchmarks")
    demo.add_argument(
        "--comments-per-post",
        type=_comments_per_post,
        default=5,
        metavar="N",
        help="comments on each generated post, 0 to 50 (default %(default)s)",
    )
    demo.add_argument("--reset", action="store_true", help="start from an empty demo database")
    demo.add_argument("--no-serve", action="store_true", help="load the data, then exit")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the web application with gunicorn")
    serve.add_argument(
        "--bind", default="127.0.0.1:8000", help="address:port (default %(default)s)"
    )
    serve.add_argument("--workers", type=int, default=2, help="web worker processes")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background task worker")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.add_argument("--sweeps-only", action="store_true", help=argparse.SUPPRESS)
    worker.set_defaults(func=cmd_worker)

    migrate = sub.add_parser("migrate", help="create or upgrade the database tables")
    migrate.add_argument("--quiet", action="store_true")
    migrate.set_defaults(func=cmd_migrate)

    check = sub.add_parser("check", help="run Django's deployment checks under production settings")
    check.add_argument(
        "--demo-secret",
        action="store_true",
        help="use a throw-away SECRET_KEY when none is set (to check a configuration)",
    )
    check.set_defaults(func=cmd_check)

    steward = sub.add_parser(
        "createsteward", help="create a verified account, optionally steward of a community"
    )
    steward.add_argument("--email", required=True)
    steward.add_argument("--handle", required=True, help="3-30 lower-case letters, digits, _")
    steward.add_argument("--name", required=True, help="display name")
    steward.add_argument("--community", help="slug of an existing community to steward")
    steward.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    steward.set_defaults(func=cmd_createsteward)

    voice = sub.add_parser("voice", help="the voice coach on the command line")
    voice_sub = voice.add_subparsers(dest="voice_command", required=True, metavar="COMMAND")
    voice_check = voice_sub.add_parser(
        "check",
        help="read a draft on standard input and print the coach's findings as JSON",
        description='Read a draft on standard input; print {"findings": [...]} as JSON.',
    )
    from agora.voice.cli import add_arguments as add_voice_arguments

    add_voice_arguments(voice_check)
    voice_check.set_defaults(func=cmd_voice_check)

    rules = sub.add_parser("rules", help="the charter's automatic rules on the command line")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    rules_check = rules_sub.add_parser(
        "check",
        help="match watched terms and patterns against JSON lines on standard input",
        description='Read {"text": ...} per line; print {"matches": [...]} per line.',
    )
    from agora.rules.cli import add_arguments as add_rules_arguments

    add_rules_arguments(rules_check)
    rules_check.set_defaults(func=cmd_rules_check)

    moderation = sub.add_parser("moderation", help="audit moderation")
    moderation_sub = moderation.add_subparsers(
        dest="moderation_command", required=True, metavar="COMMAND"
    )
    verify = moderation_sub.add_parser(
        "verify-draw",
        help="re-run a case's jury draws from the stored seed and eligible members",
        description="Exit 0 when every draw matches, 1 when one does not, 2 for a bad case.",
    )
    verify.add_argument("case", help="the case number")
    verify.set_defaults(func=cmd_moderation_verify_draw)

    media = sub.add_parser("media", help="members' images")
    media_sub = media.add_subparsers(dest="media_command", required=True, metavar="COMMAND")
    migrate_storage = media_sub.add_parser(
        "migrate-storage",
        help="copy every image file from one storage to another (filesystem, S3)",
        description=MIGRATE_STORAGE_HELP,
        epilog=MIGRATE_STORAGE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    migrate_storage.add_argument(
        "--from", dest="source", required=True, metavar="STORAGE", help="where the files are"
    )
    migrate_storage.add_argument(
        "--to", dest="destination", required=True, metavar="STORAGE", help="where to copy them"
    )
    migrate_storage.add_argument(
        "--dry-run", action="store_true", help="list what would be copied; write nothing"
    )
    migrate_storage.add_argument(
        "--progress-every",
        type=_at_least_one,
        default=1000,
        metavar="N",
        help="print a progress line every N files (default %(default)s)",
    )
    migrate_storage.set_defaults(func=cmd_media_migrate_storage)

    mail_parser = sub.add_parser("mail", help="e-mail in: replies by e-mail")
    mail_sub = mail_parser.add_subparsers(dest="mail_command", required=True, metavar="COMMAND")
    receive = mail_sub.add_parser(
        "receive",
        help="read one e-mail on standard input: a reply to a notification becomes a comment",
        description=MAIL_RECEIVE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    receive.add_argument(
        "--recipient", metavar="ADDRESS", help="the envelope recipient, if the MTA gives it"
    )
    receive.set_defaults(func=cmd_mail_receive)

    manage = sub.add_parser("manage", help="any Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv=None) -> int:
    sys.path.insert(0, str(BASE_DIR))
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
