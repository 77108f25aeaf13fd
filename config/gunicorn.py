"""gunicorn settings for `agora serve` and `agora demo` (agora/cli.py passes this file).

The bind address, the number of workers and the logs are on the command line; this file
holds what must happen when the server starts.

Why `preload_app` and a warm-up in the master rather than a `post_fork` hook in each worker:
the voice coach's models take 4 to 15 seconds to load and about 215 MB. Loaded once in the
master before it forks, every worker starts warm and shares those pages (copy-on-write)
instead of loading its own copy, the workers do not compete for the two cores while
loading, and a worker never sits silent past gunicorn's worker timeout while it loads. The
master binds the port only after `on_starting` returns, so `/healthz` cannot answer before
the coach is warm: whoever waits for it (a load balancer, the browser tests) waits for that.
"""

# Load Django and the application in the master, before forking (see above).
preload_app = True


def on_starting(server):
    """Warm the voice coach in the master, before the port is bound and workers fork."""
    import gc

    from django.db import connections

    from agora.voice.warmup import warm_up

    seconds = warm_up()
    server.log.info("Voice coach warm in %.1f s", seconds)
    # Nothing the warm-up did may leave the workers sharing a database connection.
    connections.close_all()
    # What is loaded now lives as long as the server: moving it out of the garbage
    # collector's reach stops each worker's collections from copying the shared pages.
    gc.freeze()
