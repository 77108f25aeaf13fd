"""Throughput and latency of Agora's main anonymous pages under gunicorn (a benchmark, not a test).

Run from the project root:

    .venv/bin/python bench/pages.py                      # 20,000 posts, 400 requests per page
    .venv/bin/python bench/pages.py --posts 100000 --requests 800 --concurrency 8

What it does, all in a temporary directory that is removed at the end:

1. a fresh SQLite database: `agora migrate`, then `agora demo --no-serve --size N` (the French
   demo community "brulerie" plus N generated posts with 5 comments each);
2. one more post with 500 comments, written through `services.write_comment` (every fifth comment
   starts a thread, the others reply to it), so the post page is measured at 500 comments;
3. `EXPLAIN QUERY PLAN` of the community feed queries exactly as Django sends them (SQL with bound
   parameters), checking they use `post_feed_idx` and, for the second keyset page, seek on
   `created_at` instead of walking the community's index entries from the top; and the number of
   SQL queries per page (Django test client, in the same process);
4. `agora serve` (gunicorn, 2 sync workers) on a free loopback port;
5. for each page: a warm-up, then a fixed number of requests from C concurrent clients (Python
   threads, http.client, 127.0.0.1 only, one connection per request as gunicorn's sync workers
   close it anyway). Reported: requests/s, p50 and p95 latency in ms, non-2xx responses (must be 0).

The last line printed is one JSON object with the headline figures, for scripts.

Caveats: absolute figures vary by +-10-15 % between identical runs on shared machines; compare only
figures from the same run (or interleave runs and take the median of three). The load generator
runs on the same cores as the server and is itself Python: the /healthz baseline is partly bound
by the client, so read it as "the ceiling of this set-up", not of Django.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import free_port, get, load, stop, wait_healthy

BASE_DIR = Path(__file__).resolve().parent.parent
COMMUNITY = "brulerie"
BIG_THREAD_COMMENTS = 500

# Run inside the benchmark's environment (`python -c`): the 500-comment post, the query plans
# and the query counts. Prints one JSON object as its last line.
SETUP_SNIPPET = r"""
import json, sys
import django
django.setup()
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from agora.communities.models import Community
from agora.communities.permissions import can_contribute
from agora.conversations import selectors, services
from agora.conversations.models import Post
from agora.accounts.models import User

big_comments = int(sys.argv[1])
community = Community.objects.get(slug="brulerie")
authors = [
    u for u in User.objects.filter(memberships__community=community).order_by("pk")[:60]
    if can_contribute(u, community)
][:12]
if len(authors) < 2:
    raise SystemExit("fewer than 2 members can contribute to the demo community")
with transaction.atomic():
    post = services.write_post(
        community=community, author=authors[0],
        title="Fil de discussion très suivi : la mouture idéale pour le filtre",
        body="Quelle mouture pour un filtre V60 ? " * 5,
    )
    top = None
    for i in range(big_comments):
        body = f"Commentaire {i} : une mouture moyenne-fine, 15 g pour 250 ml, eau à 94 °C."
        parent = None if i % 5 == 0 else top
        comment = services.write_comment(
            post=post, author=authors[1 + i % (len(authors) - 1)], body=body, parent=parent
        )
        if parent is None:
            top = comment
post.refresh_from_db()
ordinary = (
    Post.objects.filter(community=community, comment_count=5, deleted_at__isnull=True)
    .order_by("-pk").values_list("pk", flat=True).first()
)

# The feed queries exactly as sent (SQL + bound parameters), then their plans.
executed = []
def record(execute, sql, params, many, context):
    executed.append((sql, params))
    return execute(sql, params, many, context)

with connection.execute_wrapper(record):
    page1 = selectors.community_feed(community)
    selectors.community_feed(community, page1.next_cursor)
plans = []
for label, (sql, params) in zip(["feed_page1", "feed_page2"], executed):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plans.append({"query": label, "plan": [row[-1] for row in cursor.fetchall()]})

client = Client(SERVER_NAME="127.0.0.1")
query_counts = {}
for label, url in [
    ("community_page", "/c/brulerie/"),
    ("feed_page2", "/c/brulerie/?after=" + page1.next_cursor),
    ("post_500_comments", f"/c/brulerie/p/{post.pk}/"),
    ("post_page", f"/c/brulerie/p/{ordinary}/"),
]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    query_counts[label] = {"queries": len(ctx.captured_queries), "status": status}

print(json.dumps({
    "big_post": post.pk, "big_post_comments": post.comment_count, "ordinary_post": ordinary,
    "plans": plans, "query_counts": query_counts,
}))
"""


def log(message: str) -> None:
    print(message, flush=True)


def console_script() -> str:
    beside = Path(sys.executable).parent / "agora"
    if beside.exists():
        return str(beside)
    found = shutil.which("agora")
    if not found:
        raise SystemExit("bench: the `agora` console script is not installed (pip install -e .)")
    return found


def run(command: list[str], env: dict) -> str:
    done = subprocess.run(  # noqa: S603 - our own console script and interpreter
        command, env=env, cwd=BASE_DIR, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"bench: {' '.join(command[:3])} failed ({done.returncode})")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20_000, help="generated posts (%(default)s)")
    parser.add_argument("--requests", type=int, default=400, help="per page (%(default)s)")
    parser.add_argument("--concurrency", type=int, default=4, help="clients (%(default)s)")
    parser.add_argument("--warmup", type=int, default=50, help="per page (%(default)s)")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    agora = console_script()
    python = str(Path(agora).parent / "python")
    if not Path(python).exists():
        python = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="agora-bench-"))
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        AGORA_DATA_DIR=str(tmp),
        DJANGO_SETTINGS_MODULE="config.settings.base",
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
    )
    server = None
    server_log = None
    try:
        started = time.perf_counter()
        run([agora, "migrate", "--quiet"], env)
        run([agora, "demo", "--no-serve", "--size", str(args.posts)], env)
        seeded = time.perf_counter() - started
        log(f"seeded {args.posts} posts x 5 comments in {seeded:.1f} s")

        started = time.perf_counter()
        out = run([python, "-c", SETUP_SNIPPET, str(BIG_THREAD_COMMENTS)], env)
        setup = json.loads(out.strip().splitlines()[-1])
        log(
            f"post {setup['big_post']} with {setup['big_post_comments']} comments written "
            f"(write_comment) and plans checked in {time.perf_counter() - started:.1f} s"
        )
        feed_index_ok = True
        for entry in setup["plans"]:
            plan = " | ".join(entry["plan"])
            log(f"  EXPLAIN {entry['query']}: {plan}")
            if "post_feed_idx" not in plan or "TEMP B-TREE" in plan:
                feed_index_ok = False
                log(f"  WARNING: {entry['query']} does not walk post_feed_idx in order")
            if entry["query"] == "feed_page2" and "created_at<" not in plan:
                log(
                    "  WARNING: feed_page2 uses post_feed_idx on community_id only: the keyset "
                    "condition is filtered row by row, so page k reads ~20*k index entries"
                )
        for label, count in setup["query_counts"].items():
            log(f"  {label}: {count['queries']} SQL queries (status {count['status']})")

        port = free_port()
        server_log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed in finally
        server = subprocess.Popen(  # noqa: S603
            [agora, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            cwd=BASE_DIR,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_healthy(port, server)
        log(f"gunicorn (2 workers) on 127.0.0.1:{port}")

        status, body = get(port, f"/c/{COMMUNITY}/")
        found = re.search(rb'href="(\?after=[^"]+)"', body)
        if status != 200 or not found:
            raise SystemExit("bench: no 'Older publications' link on the community page")
        page2 = f"/c/{COMMUNITY}/" + html.unescape(found.group(1).decode())
        pages = [
            ("community_page", f"/c/{COMMUNITY}/"),
            ("feed_page2", page2),
            ("post_500_comments", f"/c/{COMMUNITY}/p/{setup['big_post']}/"),
            ("post_page", f"/c/{COMMUNITY}/p/{setup['ordinary_post']}/"),
            ("healthz", "/healthz"),
        ]
        log(
            f"{args.requests} requests per page, {args.concurrency} clients, "
            f"after {args.warmup} warm-up requests"
        )
        results = {}
        for name, path in pages:
            status, body = get(port, path)
            result = load(
                port,
                path,
                requests=args.requests,
                concurrency=args.concurrency,
                warmup=args.warmup,
            )
            results[name] = result
            log(
                f"  {name:<18} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
                f"p95 {result['p95_ms']:7.1f} ms  non-2xx {result['non_2xx']}  "
                f"({len(body) // 1024} KiB)  {path[:60]}"
            )
            if result["non_2xx"]:
                log(f"  WARNING: {name} had {result['non_2xx']} non-2xx: {result['failures']}")
        base = results["healthz"]["rps"]
        for name in ("community_page", "feed_page2", "post_500_comments", "post_page"):
            log(f"  {name:<18} {100 * results[name]['rps'] / base:5.1f} % of /healthz")
        if not feed_index_ok:
            log("WARNING: the feed query does not use post_feed_idx (see EXPLAIN above)")
        log(f"total run time {time.perf_counter() - began:.0f} s")
        print(
            json.dumps(
                {
                    "posts": args.posts,
                    "community_page_rps": round(results["community_page"]["rps"], 1),
                    "community_page_p95_ms": round(results["community_page"]["p95_ms"], 1),
                    "feed_page2_rps": round(results["feed_page2"]["rps"], 1),
                    "post_500_comments_rps": round(results["post_500_comments"]["rps"], 1),
                    "post_500_comments_p95_ms": round(results["post_500_comments"]["p95_ms"], 1),
                    "post_page_rps": round(results["post_page"]["rps"], 1),
                    "healthz_rps": round(results["healthz"]["rps"], 1),
                }
            ),
            flush=True,
        )
        return 0
    finally:
        if server is not None:
            stop(server)
        if server_log is not None:
            server_log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
