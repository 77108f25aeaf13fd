"""Images: a 12-megapixel photo prepared as the worker does, and the community feed with and
without images under gunicorn (a benchmark, not a test).

    .venv/bin/python bench/media.py [--photos 20] [--requests 200] [--rounds 5] [--concurrency 4]

Everything lives in a temporary directory removed at the end, even on failure: a fresh SQLite
database (migrated in this process) and the media storage (`AGORA_MEDIA_ROOT`, the filesystem).

1. Photos: a separate worker-like process (`multiprocessing`, spawned: a fresh interpreter that
   sets Django up as `agora worker` does) receives 4000 x 3000 photo-like JPEGs (quality 90,
   `agora.testing.images.picture`, one seed each, built here so their making weighs nothing
   there) and runs `pipeline.inspect` (as the request does) then `pipeline.process` (as the
   worker does) on each. One unmeasured warm-up photo first (a long-lived worker has imported
   its codecs). Reported: p50/p95 seconds per photo (inspect + process), and the peak resident
   memory of that process (`ru_maxrss`, warm-up included). Targets: p95 under 1.5 s, peak under
   300 MB.
2. Feed: two public communities built through the services, one with 20 posts carrying two
   1200 x 900 photos each (`receive_image`, prepared in the request since they are under
   1.5 MP; `process_image` for any left pending), one with the same 20 posts without images.
   SQL queries per page with Django's test client (the second request of each), then
   `agora serve` (gunicorn, 2 workers) on a free loopback port and both `/c/<slug>/` pages
   measured interleaved (the order alternating each round), C clients in threads. Reported:
   median requests/s of the rounds for each page, their ratio, p50/p95 latency. Target: the
   feed with images at least 80 % of the feed without, and the same number of queries.

The last line printed is one JSON object. Figures vary by +-10-15 % between identical runs on
shared machines: compare only figures from the same run. The load generator is Python on the
same cores as the server.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import free_port, get, load, stop, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PHOTO_SIZE = (4000, 3000)
PHOTO_QUALITY = 90
POST_PHOTO_SIZE = (1200, 900)
IMAGES_PER_POST = 2
POSTS = 20
TARGET_P95_S = 1.5
TARGET_PEAK_MB = 300
TARGET_RATIO = 0.8
BODY = (
    "Samedi matin, dégustation à l'atelier : un éthiopien lavé en V60, puis le même en "
    "Aeropress. Venez avec vos questions sur la mouture et l'eau, on compare les tasses. {}"
)


def log(message: str) -> None:
    print(message, flush=True)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


# --- 1. Photos, in a worker-like process ------------------------------------------------------


def photo_worker(conn) -> None:
    """The child: Django set up like the task worker, then inspect + process what arrives."""
    import django

    django.setup()
    from agora.media import pipeline

    conn.send({"base_mb": rss_mb()})
    while (data := conn.recv()) is not None:
        started = time.perf_counter()
        pipeline.inspect(data, pipeline.Limits())
        inspected = time.perf_counter()
        processed = pipeline.process(data)
        done = time.perf_counter()
        conn.send(
            {
                "inspect_s": inspected - started,
                "process_s": done - inspected,
                "renditions": [(r.format, r.width) for r in processed.renditions],
            }
        )
        del data, processed
    conn.send({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})


def photo(seed: int) -> bytes:
    from agora.testing.images import encoded, picture

    return encoded(picture(*PHOTO_SIZE, seed=seed), "JPEG", quality=PHOTO_QUALITY)


def measure_photos(count: int, warmup: int) -> dict:
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=photo_worker, args=(theirs,), name="bench-photo-worker")
    child.start()
    try:
        base_mb = ours.recv()["base_mb"]
        timings, sizes = [], []
        for n in range(warmup + count):
            data = photo(seed=1000 + n)
            ours.send(data)
            result = ours.recv()
            if n < warmup:
                continue
            sizes.append(len(data))
            timings.append(result)
        ours.send(None)
        peak_mb = ours.recv()["peak_mb"]
        child.join(timeout=30)
    finally:
        if child.is_alive():
            child.terminate()  # only our own child, by its handle
            child.join(timeout=10)
    totals = [t["inspect_s"] + t["process_s"] for t in timings]
    return {
        "p50_s": statistics.median(totals),
        "p95_s": nearest_rank(totals, 0.95),
        "max_s": max(totals),
        "inspect_p50_s": statistics.median(t["inspect_s"] for t in timings),
        "process_p50_s": statistics.median(t["process_s"] for t in timings),
        "peak_mb": peak_mb,
        "base_mb": base_mb,
        "photo_mb": statistics.mean(sizes) / (1024 * 1024),
        "renditions": timings[0]["renditions"],
    }


# --- 2. The feed, with and without images -----------------------------------------------------


def build_communities() -> dict:
    """Two communities of 20 identical posts, one with two photos per post."""
    from agora.conversations.services import write_post
    from agora.media.models import ImageState
    from agora.media.services.images import process_image, receive_image
    from agora.testing.fixtures import join_community, new_community, new_user
    from agora.testing.images import jpeg

    founder = new_user("camille", name="Camille Martin")
    plain = new_community(founder=founder, slug="sans-images", name="Sans images")
    pictures = new_community(founder=founder, slug="avec-images", name="Avec images")
    member = new_user("michu", name="Madame Michu")
    join_community(member, plain)
    join_community(member, pictures)
    pending = 0
    for i in range(POSTS):
        keys = []
        for j in range(IMAGES_PER_POST):
            data = jpeg(*POST_PHOTO_SIZE, seed=i * IMAGES_PER_POST + j)
            image = receive_image(uploader=member, community=pictures, purpose="post", data=data)
            if image.state == ImageState.PENDING:
                pending += 1
                process_image(image_id=image.pk)
            keys.append((image.key, f"Tasse {j + 1} de la dégustation {i + 1}"))
        title = f"Dégustation numéro {i + 1}"
        write_post(community=pictures, author=member, title=title, body=BODY.format(i), images=keys)
        write_post(community=plain, author=member, title=title, body=BODY.format(i))
    return {"plain": plain.slug, "pictures": pictures.slug, "pending": pending}


def count_queries(paths: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    counts = {}
    for name, path in paths.items():
        first = client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        body = response.content
        counts[name] = {
            "status": response.status_code,
            "first_status": first.status_code,
            "queries": len(ctx.captured_queries),
            "pictures": body.count(b"<picture"),
            "posts": body.count(b'data-testid="post"'),
            "kib": len(body) // 1024,
            "image_url": _first_image_url(body),
        }
    return counts


def _first_image_url(body: bytes) -> str | None:
    marker = b'<img src="'
    start = body.find(marker)
    if start < 0:
        return None
    start += len(marker)
    return body[start : body.index(b'"', start)].decode()


def measure_feeds(args, tmp: Path, paths: dict, image_url: str) -> dict:
    port = free_port()
    with open(tmp / "server.log", "w") as server_log:
        server = subprocess.Popen(
            [sys.executable, "-m", "agora.cli", "serve", "--bind", f"127.0.0.1:{port}"]
            + ["--workers", "2"],
            cwd=ROOT,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_healthy(port, server, deadline_s=90.0)
            status, body = get(port, image_url)
            log(f"gunicorn (2 workers) on 127.0.0.1:{port}; a lead image: {status}, {len(body)} B")
            if status != 200:
                raise SystemExit(f"bench: {image_url} answered {status}")
            for path in paths.values():
                for _ in range(args.warmup):
                    status, _body = get(port, path)
                    if status != 200:
                        raise SystemExit(f"bench: {path} answered {status}")
            rounds = {name: [] for name in paths}
            latencies = {name: [] for name in paths}
            failures = {name: [] for name in paths}
            names = list(paths)
            for number in range(args.rounds):
                order = names if number % 2 == 0 else names[::-1]
                for name in order:
                    result = load(
                        port, paths[name], requests=args.requests, concurrency=args.concurrency
                    )
                    rounds[name].append(result["rps"])
                    latencies[name].extend(result["latencies"])
                    failures[name].extend(result["failures"])
                log(
                    f"  round {number + 1}: "
                    + ", ".join(f"{name} {rounds[name][-1]:.1f} req/s" for name in names)
                    + f", ratio {rounds['pictures'][-1] / rounds['plain'][-1]:.2f}"
                )
        finally:
            stop(server)
    return {
        name: {
            "rps": statistics.median(rounds[name]),
            "rounds": rounds[name],
            "p50_ms": statistics.median(latencies[name]) * 1000,
            "p95_ms": nearest_rank(latencies[name], 0.95) * 1000,
            "non_2xx": len(failures[name]),
            "failures": sorted(set(failures[name])),
        }
        for name in paths
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20, help="measured photos (%(default)s)")
    parser.add_argument("--photo-warmup", type=int, default=1, help="unmeasured (%(default)s)")
    parser.add_argument("--requests", type=int, default=200, help="per page per round")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved (%(default)s)")
    parser.add_argument("--concurrency", type=int, default=4, help="clients (%(default)s)")
    parser.add_argument("--warmup", type=int, default=20, help="requests per page (%(default)s)")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="agora-bench-media-"))
    (tmp / "static").mkdir()  # nothing collected: WhiteNoise would warn on every start
    for name in ("REDIS_URL", "AGORA_S3_BUCKET", "EMAIL_HOST"):
        os.environ.pop(name, None)  # the database task queue and the filesystem storage
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        AGORA_DATA_DIR=str(tmp),
        AGORA_MEDIA_ROOT=str(tmp / "media"),
        EMAIL_FILE_PATH=str(tmp / "mail"),
        ALLOWED_HOSTS="127.0.0.1",
        DEBUG="false",
    )
    try:
        log(
            f"{args.photos} photos of {PHOTO_SIZE[0]} x {PHOTO_SIZE[1]} (JPEG q{PHOTO_QUALITY}), "
            f"inspect + process in a spawned worker-like process, after {args.photo_warmup} "
            "warm-up"
        )
        photos = measure_photos(args.photos, args.photo_warmup)
        log(
            f"  {photos['photo_mb']:.1f} MB per photo; sizes written: "
            + ", ".join(f"{fmt} {width}" for fmt, width in photos["renditions"])
        )
        log(
            f"  per photo: p50 {photos['p50_s']:.2f} s, p95 {photos['p95_s']:.2f} s "
            f"(max {photos['max_s']:.2f} s; inspect p50 {photos['inspect_p50_s']:.2f} s, "
            f"process p50 {photos['process_p50_s']:.2f} s): "
            f"target p95 < {TARGET_P95_S} s {verdict(photos['p95_s'] < TARGET_P95_S)}"
        )
        log(
            f"  worker peak memory {photos['peak_mb']:.0f} MB "
            f"(after django.setup(): {photos['base_mb']:.0f} MB): "
            f"target < {TARGET_PEAK_MB} MB {verdict(photos['peak_mb'] < TARGET_PEAK_MB)}"
        )

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        built = build_communities()
        log(
            f"two communities of {POSTS} posts ({IMAGES_PER_POST} photos of "
            f"{POST_PHOTO_SIZE[0]} x {POST_PHOTO_SIZE[1]} per post in one, "
            f"{built['pending']} left pending by the request) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        paths = {"plain": f"/c/{built['plain']}/", "pictures": f"/c/{built['pictures']}/"}
        counts = count_queries(paths)
        for name, count in counts.items():
            log(
                f"  {paths[name]:<16} {count['queries']} SQL queries, status {count['status']}, "
                f"{count['posts']} posts, {count['pictures']} <picture>, {count['kib']} KiB"
            )
            if count["status"] != 200 or count["first_status"] != 200:
                raise SystemExit(f"bench: {paths[name]} answered {count['status']}")
        if any(count["posts"] != POSTS for count in counts.values()):
            raise SystemExit(f"bench: a feed does not show its {POSTS} posts")
        if counts["pictures"]["pictures"] != POSTS or counts["plain"]["pictures"] != 0:
            raise SystemExit("bench: the feed with images does not show one picture per post")
        same = counts["pictures"]["queries"] == counts["plain"]["queries"]
        log(f"  the same number of queries with images: {'yes' if same else 'NO'}")
        connections.close_all()  # the server has the database to itself

        log(
            f"{args.rounds} interleaved rounds of {args.requests} requests per page, "
            f"{args.concurrency} clients, after {args.warmup} warm-up requests per page"
        )
        feeds = measure_feeds(args, tmp, paths, counts["pictures"]["image_url"])
        ratio = feeds["pictures"]["rps"] / feeds["plain"]["rps"]
        for name, feed in feeds.items():
            log(
                f"  {paths[name]:<16} median {feed['rps']:7.1f} req/s  p50 {feed['p50_ms']:6.1f} ms"
                f"  p95 {feed['p95_ms']:6.1f} ms  non-2xx {feed['non_2xx']}"
            )
            if feed["non_2xx"]:
                log(f"  WARNING: {name} had {feed['non_2xx']} non-2xx: {feed['failures']}")
        log(
            f"  with images / without: {ratio:.2f}: target >= {TARGET_RATIO} "
            f"{verdict(ratio >= TARGET_RATIO)}"
        )
        log(f"total run time {time.perf_counter() - began:.0f} s")
        print(
            json.dumps(
                {
                    "process_p50_s": round(photos["p50_s"], 3),
                    "process_p95_s": round(photos["p95_s"], 3),
                    "peak_mb": round(photos["peak_mb"], 1),
                    "feed_rps": round(feeds["plain"]["rps"], 1),
                    "feed_images_rps": round(feeds["pictures"]["rps"], 1),
                    "feed_images_ratio": round(ratio, 3),
                    "feed_queries": counts["plain"]["queries"],
                    "feed_images_queries": counts["pictures"]["queries"],
                    "photos": args.photos,
                    "inspect_p50_s": round(photos["inspect_p50_s"], 3),
                    "worker_base_mb": round(photos["base_mb"], 1),
                    "feed_p95_ms": round(feeds["plain"]["p95_ms"], 1),
                    "feed_images_p95_ms": round(feeds["pictures"]["p95_ms"], 1),
                    "rounds": args.rounds,
                }
            ),
            flush=True,
        )
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
