"""Live activity: the check that open pages make every 20 seconds, under gunicorn, with 1,000
pages open at once (a benchmark, not a test).

    .venv/bin/python bench/live.py [--pages 1000] [--posts 10000] [--seconds 20] [--clients 8]

Everything lives in a temporary directory removed at the end: a fresh SQLite database
(migrated here), one public community of `--posts` posts (bulk-inserted) and `--pages`
members, each with a few notifications, each holding the token their community page would
embed (`conversations.live`).

1. Queries: the check, through Django's test client, with and without a matching ETag: the
   number of SQL queries of each (target: one).
2. Load: `agora serve` (gunicorn, 2 workers) on a free loopback port. First its ceiling:
   `--clients` threads checking as fast as they can for 5 s. Then the 1,000 open pages as
   browsers make them: each checks every `--every` seconds (20, as pages do), the pages spread
   evenly in time (an open loop), sending its last ETag, for `--seconds`, while a writer
   publishes a post every `--post-every` seconds (pages see news: answers mix 200 and 304).
   Reported: checks per second, p50/p95 latency, the share answered 304. Target: p95 under
   10 ms and one query.

The last line printed is one JSON object. Figures vary by +-10-15 % between identical runs on
shared machines; the load generator is Python on the same two cores as the server.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from serving import free_port, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 10.0
TARGET_QUERIES = 1


def log(message: str) -> None:
    print(message, flush=True)


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def prepare(tmp: Path, database_url: str = "") -> None:
    """The environment of a throw-away site in `tmp` (base settings, DEBUG off, no Redis, no
    object store, e-mail as files there; a SQLite file there unless `database_url`), then
    Django set up. Servers and workers started afterwards inherit it."""
    (tmp / "static").mkdir()
    for name in ("REDIS_URL", "AGORA_S3_BUCKET", "EMAIL_HOST"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        AGORA_DATA_DIR=str(tmp),
        EMAIL_FILE_PATH=str(tmp / "mail"),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
    )
    import django

    django.setup()


def build(pages: int, posts: int, members: int | None = None) -> dict:
    """One community of `posts` posts and `members` members (`pages` by default); the first
    `pages` members have 3 notifications each and hold the token of an open page."""
    from django.utils import timezone

    from agora.accounts.models import User
    from agora.communities.models import Community, Consent, Membership
    from agora.conversations import live
    from agora.conversations.models import Notification, Post
    from agora.testing.fixtures import new_community, new_user

    founder = new_user("camille", name="Camille Martin")
    community = new_community(founder=founder, slug="live", name="Live")
    version = community.charter_versions.get()
    members = members or pages
    moment = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"m{n}@example.org", handle=f"member{n}", display_name=f"Member {n}",
                 email_verified_at=moment)
            for n in range(members)
        ]
    )  # fmt: skip
    Membership.objects.bulk_create(
        [Membership(community=community, user=u, joined_at=moment) for u in users]
    )
    Consent.objects.bulk_create(
        [Consent(user=u, charter_version=version, consented_at=moment) for u in users]
    )
    Community.objects.filter(pk=community.pk).update(member_count=members + 1)
    created = Post.objects.bulk_create(
        [
            Post(community=community, author=users[n % members], kind="post", title=f"Post {n}",
                 body="Texte.", body_html="<p>Texte.</p>",
                 created_at=moment - timezone.timedelta(seconds=posts - n))
            for n in range(posts)
        ],
        batch_size=2000,
    )  # fmt: skip
    Notification.objects.bulk_create(
        [
            Notification(recipient=u, actor=founder, kind="reply", community=community,
                         post=created[(i * 7 + k) % posts], created_at=moment,
                         read_at=None if k == 0 else moment)
            for i, u in enumerate(users[:pages]) for k in range(3)
        ],
        batch_size=2000,
    )  # fmt: skip
    since = f"{moment.timestamp():.6f}"
    tokens = [live.token(u, community) for u in users[:pages]]
    return {
        "community": community, "founder": founder, "since": since, "tokens": tokens,
        "users": users,
    }  # fmt: skip


def count_queries(built: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    path = f"/live/?t={built['tokens'][0]}&s={built['since']}"
    with CaptureQueriesContext(connection) as fresh:
        first = client.get(path)
    with CaptureQueriesContext(connection) as same:
        second = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    return {
        "status": first.status_code,
        "not_modified_status": second.status_code,
        "queries": len(fresh),
        "not_modified_queries": len(same),
        "answer": json.loads(first.content),
    }


def writer(stop_at: float, community_id: int, author_id: int, every: float) -> int:
    """Publish a post every `every` seconds through the services, in a separate process."""
    script = (
        "import django, sys, time; django.setup()\n"
        "from agora.accounts.models import User\n"
        "from agora.communities.models import Community\n"
        "from agora.conversations.services import write_post\n"
        f"community = Community.objects.get(pk={community_id})\n"
        f"author = User.objects.get(pk={author_id})\n"
        "n = 0\n"
        f"while time.time() < {stop_at}:\n"
        "    write_post(community=community, author=author, title=f'Live {n}', body='News.')\n"
        "    n += 1\n"
        f"    time.sleep({every})\n"
        "print(n)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: the writer failed:\n{result.stderr}")
    return int(result.stdout.strip() or 0)


def play_pages(port: int, built: dict, seconds: float, clients: int, every: float) -> dict:
    """Each open page checks once every `every` seconds, the pages spread evenly in time
    (an open loop: a slow answer does not slow the arrivals). `every` 0: as fast as the
    clients can (the server's ceiling)."""
    tokens = built["tokens"]
    etags = built.setdefault("etags", [None] * len(tokens))  # what each page last saw
    lock = threading.Lock()
    turn = [0]
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    began = time.monotonic()
    stop_at = began + seconds
    gap = every / len(tokens)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, seen = [], {}
        while time.monotonic() < stop_at:
            with lock:
                number = turn[0]
                turn[0] += 1
            page = number % len(tokens)
            due = began + number * gap
            if gap and due > time.monotonic():
                time.sleep(due - time.monotonic())
            headers = {"If-None-Match": etags[page]} if etags[page] else {}
            started = time.perf_counter()
            connection.request(
                "GET", f"/live/?t={tokens[page]}&s={built['since']}", headers=headers
            )
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            seen[response.status] = seen.get(response.status, 0) + 1
            if response.status == 200:
                etags[page] = response.getheader("ETag")
        connection.close()
        with lock:
            latencies.extend(mine)
            for status, count in seen.items():
                statuses[status] = statuses.get(status, 0) + count

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "checks": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": nearest_rank(latencies, 0.95) * 1000,
        "statuses": statuses,
    }


def serve_and_load(
    tmp: Path, built: dict, *, clients: int, seconds: float, every: float, post_every: float
) -> dict:
    """`agora serve` (2 gunicorn workers) on a free port, its ceiling, then the open pages
    checking every `every` seconds for `seconds` while a writer publishes a post every
    `post_every` seconds; the server is stopped even on failure. Close this process's
    database connections first (a SQLite file is shared)."""
    from django.db import connections

    community_id, author_id = built["community"].pk, built["founder"].pk
    connections.close_all()

    port = free_port()
    with open(tmp / "server.log", "w") as server_log:
        server = subprocess.Popen(
            [sys.executable, "-m", "agora.cli", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", "2"],
            cwd=ROOT, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_healthy(port, server, deadline_s=90.0)
            log(f"gunicorn (2 workers) on 127.0.0.1:{port}")
            play_pages(port, built, 2.0, clients, 0)  # warm-up, unmeasured
            ceiling = play_pages(port, built, 5.0, clients, 0)
            log(
                f"  ceiling, as fast as {clients} clients can: {ceiling['rps']:.0f} "
                f"checks per second (p50 {ceiling['p50_ms']:.1f} ms)"
            )
            stop_at = time.time() + seconds
            published = [0]
            thread = threading.Thread(
                target=lambda: published.__setitem__(
                    0, writer(stop_at, community_id, author_id, post_every)
                )
            )
            thread.start()
            result = play_pages(port, built, seconds, clients, every)
            thread.join()
        finally:
            stop(server)
    return {"ceiling": ceiling, "result": result, "published": published[0]}


def summarize(counts: dict, run: dict, *, pages: int, every: float, seconds: float) -> dict:
    """Print the load's figures against the targets; the JSON fields of the live check."""
    result, ceiling, published = run["result"], run["ceiling"], run["published"]
    total = result["checks"]
    not_modified = result["statuses"].get(304, 0) / total if total else 0.0
    log(
        f"{pages} open pages checking every {every:.0f} s, for {seconds:.0f} s, "
        f"while {published} posts were published: {total} checks "
        f"({result['rps']:.0f} per second), statuses {result['statuses']}"
    )
    log(
        f"  p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms: target p95 < "
        f"{TARGET_P95_MS:.0f} ms {'met' if result['p95_ms'] < TARGET_P95_MS else 'NOT met'}; "
        f"{counts['queries']} query: target {TARGET_QUERIES} "
        f"{'met' if counts['queries'] <= TARGET_QUERIES else 'NOT met'}"
    )
    return {
        "live_p95_ms": round(result["p95_ms"], 2),
        "live_queries": counts["queries"],
        "live_not_modified_queries": counts["not_modified_queries"],
        "live_rps": round(result["rps"], 1),
        "live_ceiling_rps": round(ceiling["rps"], 1),
        "live_p50_ms": round(result["p50_ms"], 2),
        "not_modified_share": round(not_modified, 3),
        "open_pages": pages,
        "posts_published": published,
    }


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    """The open pages' load, as live.py and notify.py take it."""
    parser.add_argument("--pages", type=int, default=1000, help="open pages (%(default)s)")
    parser.add_argument("--posts", type=int, default=10_000, help="in the feed (%(default)s)")
    parser.add_argument("--seconds", type=float, default=20.0, help="of live load (%(default)s)")
    parser.add_argument("--clients", type=int, default=8, help="threads (%(default)s)")
    parser.add_argument(
        "--every", type=float, default=20.0, help="seconds between a page's checks (%(default)s)"
    )
    parser.add_argument(
        "--post-every", type=float, default=30.0, help="seconds between posts (%(default)s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_load_arguments(parser)
    args = parser.parse_args(argv)

    began = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="agora-bench-live-"))
    try:
        prepare(tmp)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        built = build(args.pages, args.posts)
        log(
            f"one community of {args.posts} posts and {args.pages} members with 3 "
            f"notifications each, in {time.perf_counter() - started:.1f} s"
        )
        counts = count_queries(built)
        log(
            f"  the check: {counts['queries']} SQL query ({counts['status']}, "
            f"{counts['answer']}); with a matching ETag {counts['not_modified_queries']} "
            f"({counts['not_modified_status']})"
        )
        if counts["status"] != 200 or counts["not_modified_status"] != 304:
            raise SystemExit("bench: the check did not answer 200 then 304")
        run = serve_and_load(
            tmp, built, clients=args.clients, seconds=args.seconds, every=args.every,
            post_every=args.post_every,
        )  # fmt: skip
        fields = summarize(counts, run, pages=args.pages, every=args.every, seconds=args.seconds)
        log(f"total run time {time.perf_counter() - began:.0f} s")
        print(json.dumps(fields))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
