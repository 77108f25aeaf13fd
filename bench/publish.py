"""Scheduled publishing: N statuses due at one instant, real workers (a benchmark, not a test).

    .venv/bin/python bench/publish.py [--statuses 10000] [--workers 2] [--lead 10] [--profile 500]

In a scratch PostgreSQL database (postgres@127.0.0.1:5432, dropped at the end): a community and
its steward made through the services, N `scheduled` statuses due at T (a whole second, `--lead`
s ahead) bulk-created in one transaction with `publishing.wake_at(T)`, as the calendar does (one
database task, `run_after=T`). Then `--workers` real `agora worker` processes, idle when T comes;
wait until every status is published or failed, sampling `pg_stat_activity` for lock waits.
Reports duplicates, losses, statuses/s and lateness, then times `_publish_batch` in this process
(workers stopped) with its SQL per statement. Last line: one JSON object. Targets: p99 lateness
under 5 s, no duplicate, no loss.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SERVER = "postgres://postgres@127.0.0.1:5432"
DB = "agora_bench_publish"
TMP = Path(tempfile.mkdtemp(prefix="agora-bench-"))  # data dir, worker logs, e-mails
TARGET_P99_S = 5.0
BODY = "Bonjour à toutes et à tous, voici la nouvelle numéro {}."
os.environ.pop("REDIS_URL", None)  # the database task queue (embedded set-up)
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings.base", DATABASE_URL=f"{SERVER}/{DB}")
os.environ.update(AGORA_DATA_DIR=str(TMP), EMAIL_FILE_PATH=str(TMP / "mail"), DEBUG="false")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from agora.accounts.services import create_verified_account  # noqa: E402
from agora.communities.services import charter as charter_services  # noqa: E402
from agora.communities.services import communities as communities_services  # noqa: E402
from agora.communities.services import identity as identity_services  # noqa: E402
from agora.conversations.models import Post  # noqa: E402
from agora.core.clock import now  # noqa: E402
from agora.workbench.models import PlannedStatus  # noqa: E402
from agora.workbench.services import publishing  # noqa: E402


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def percentile(ordered: list[float], share: float) -> float | None:
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2) if ordered else None


def make_community():
    password = "correct horse battery staple"  # noqa: S105
    who = create_verified_account(
        email="camille@example.org", handle="camille", display_name="Camille", password=password
    )
    place = communities_services.create_community(
        founder=who, name="Bench", slug="bench", description="Bench.", visibility="public"
    )
    articles = [{"title": "Bienveillance", "body": "On critique les idées, pas les gens."}]
    charter_services.publish_charter_version(community=place, by=who, articles=articles)
    voice = {"address_form": "vous", "emoji_policy": "sparing", "tone": ["warm"]}
    identity_services.set_identity(
        community=place, by=who, preferred_terms=[], banned_terms=[], **voice
    )
    identity_services.set_mindset(
        community=place, by=who, values=["Personne ne commande personne."]
    )
    return place, who


def schedule(community, author, count: int, at, first: int = 0) -> None:
    fields = {"community": community, "author": author, "state": "scheduled", "publish_at": at}
    fields["created_at"] = fields["updated_at"] = now()
    rows = [PlannedStatus(title=f"Statut {i}", body=BODY.format(i), **fields) for i in range(count)]
    PlannedStatus.objects.bulk_create(rows, batch_size=1000)


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)  # db_worker ends its running task, then exits
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()  # one process: `agora worker` runs db_worker in-process
            worker.wait(timeout=10)


def race(args, rows, at, workers: list) -> Counter:
    """Start the workers, wait for T and for every row to be published or failed."""
    logs = [TMP / f"worker{n}.log" for n in range(args.workers)]
    command = [sys.executable, "-m", "agora.cli", "worker"]  # the product's worker, as deployed
    for path in logs:
        with open(path, "wb") as out:
            workers.append(subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=out))
    while not all("Starting worker" in path.read_text() for path in logs):
        if any(w.poll() is not None for w in workers) or now() >= at:
            raise SystemExit("bench: workers not ready before T\n" + logs[0].read_text())
        time.sleep(0.1)
    print(f"{args.workers} workers idle, T in {(at - now()).total_seconds():.1f} s")
    waits, shown = Counter(), -1  # "" counts every active backend sampled
    while (done := rows.filter(state__in=["published", "failed"]).count()) < args.statuses:
        after = (now() - at).total_seconds()
        if after > args.timeout:
            break
        if after > 0:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT wait_event_type, left(query, 64) FROM pg_stat_activity WHERE "
                    "datname = %s AND pid <> pg_backend_pid() AND state = 'active'",
                    [DB],
                )
                for wait, query in cursor.fetchall():
                    waits[""] += 1
                    waits[" ".join(query.split())] += wait == "Lock"
            if int(after // 10) > shown:
                shown = int(after // 10)
                print(f"  T+{after:5.1f} s: {done} published or failed")
        time.sleep(0.2)
    stop(workers)
    return waits


def profile(community, author, count: int) -> None:
    """`_publish_batch` alone in this process on `count` due statuses: time, SQL per statement."""
    schedule(community, author, count, now() - timedelta(seconds=1), first=10**6)
    calls, ms, spent, taken = Counter(), Counter(), 0.0, 0

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            table = re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', sql)
            key = f"{sql.split(None, 1)[0]} {table.group(1) if table else ''}"
            calls[key] += 1
            ms[key] += (time.perf_counter() - started) * 1000

    with connection.execute_wrapper(timed):
        while True:
            started = time.perf_counter()
            outcome = publishing._publish_batch(publishing.BATCH)
            if not outcome["taken"]:
                break
            spent, taken = spent + time.perf_counter() - started, taken + outcome["taken"]
    n = max(taken, 1)
    print(
        f"in-process, one publisher alone: {taken} statuses, {1000 * spent / n:.1f} ms each, "
        f"{sum(ms.values()) / n:.1f} ms of it waiting for SQL, {sum(calls.values()) / n:.1f} "
        f"queries each; {publishing.BATCH} per transaction ({publishing.BATCH * spent / n:.2f} s)"
    )
    for key, total in ms.most_common(10):
        print(f"  {key:<40} {calls[key] / n:5.2f} per status {total / n:6.2f} ms")


def report(args, community, rows, at, waits: Counter) -> dict:
    published = rows.filter(state="published").count()
    late = sorted(rows.filter(state="published").values_list("lateness_seconds", flat=True))
    last = rows.aggregate(last=Max("published_at"))["last"]
    span = (last - at).total_seconds() if last else float("nan")
    posts = Post.objects.filter(community=community, kind="status").count()
    community.refresh_from_db()
    print(
        f"{published} published, {rows.filter(state='failed').count()} failed, {posts} status "
        f"posts, post_count {community.post_count}; first at T+{late[0] if late else 0:.2f} s, "
        f"last at T+{span:.2f} s"
    )
    for task in DBTaskResult.objects.filter(task_path__endswith="publish_due_statuses"):
        start, end = task.started_at or at, task.finished_at or at
        print(
            f"wake-up task {task.status}: started T+{(start - at).total_seconds():.2f} s, "
            f"ran {(end - start).total_seconds():.1f} s, returned {task.return_value}"
        )
    locked = sum(count for query, count in waits.items() if query)
    print(f"pg_stat_activity: {locked} of {waits['']} active-backend samples waiting on a lock")
    for query, count in waits.most_common(4):
        if query and count:
            print(f"  {count:5d} x {query}")
    result = {
        "due": args.statuses,
        "published": published,
        "duplicates": posts - rows.filter(post__isnull=False).count(),
        "lost": args.statuses - published,
        "per_s": round(published / span, 1) if last else 0.0,
        "p50_lateness_s": percentile(late, 0.5),
        "p99_lateness_s": percentile(late, 0.99),
    }
    fast = "met" if late and result["p99_lateness_s"] < TARGET_P99_S else "MISSED"
    exact = "met" if not result["duplicates"] and not result["lost"] else "MISSED"
    print(
        f"{result['per_s']} statuses/s; lateness p50 {result['p50_lateness_s']} s, p99 "
        f"{result['p99_lateness_s']} s (target < {TARGET_P99_S:g} s: {fast}); duplicates "
        f"{result['duplicates']}, lost {result['lost']} (target 0: {exact})"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statuses", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lead", type=float, default=10.0, help="seconds from now to T")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds after T")
    parser.add_argument("--profile", type=int, default=500, help="statuses timed in-process")
    args = parser.parse_args()
    began, workers = time.perf_counter(), []
    try:
        admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{DB}"')
        assert settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend")
        call_command("migrate", verbosity=0)
        community, author = make_community()
        at = (now() + timedelta(seconds=args.lead)).replace(microsecond=0)
        with transaction.atomic():
            schedule(community, author, args.statuses, at)
            publishing.wake_at(at)  # one task with run_after=T, queued on commit
        print(f"{DB}: {args.statuses} statuses due at T={at:%H:%M:%S} UTC, wake-up queued")
        rows = PlannedStatus.objects.filter(community=community)
        waits = race(args, rows, at, workers)
        result = report(args, community, rows, at, waits)
        if args.profile:
            profile(community, author, args.profile)
        print(f"run time {time.perf_counter() - began:.0f} s")
        print(json.dumps(result), flush=True)
        return 0
    finally:
        stop(workers)
        connections.close_all()
        admin(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
