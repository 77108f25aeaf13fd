"""Work the task worker repeats on its own: sweeps that catch what a lost wake-up missed.

Apps register a function and how often it runs (`AppConfig.ready`); `agora worker` runs
them beside the queue (`run_forever`: in a thread beside the database queue, in a process
of their own beside RQ, which forks), and once before and after a `--batch` run. Every
registered function is idempotent and safe to run in several workers at once: they claim
rows with a compare-and-set, never by trusting that they are alone.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass

from django.db import close_old_connections, connections

log = logging.getLogger(__name__)


@dataclass
class Sweep:
    name: str
    run: callable
    every: float
    last: float = float("-inf")


_sweeps: dict[str, Sweep] = {}


def register(name: str, run, *, every: float) -> None:
    _sweeps[name] = Sweep(name, run, every)


def run_due(*, force: bool = False) -> dict[str, object]:
    """Run each sweep whose interval has passed (all of them when `force`)."""
    results = {}
    for sweep in list(_sweeps.values()):
        if not force and time.monotonic() - sweep.last < sweep.every:
            continue
        sweep.last = time.monotonic()
        close_old_connections()
        try:
            results[sweep.name] = sweep.run()
        except Exception:  # a sweep must never stop the others, nor the worker
            log.exception("sweep %s failed", sweep.name)
            results[sweep.name] = None
    return results


FIRST_ROUND_DONE = "the sweeps' first round is done"


def run_forever(stop: threading.Event, *, tick: float = 1.0, parent: int | None = None) -> None:
    """Run the sweeps until `stop` is set, or, in a process of their own, until the worker
    that started it (`parent`) is gone."""
    try:
        run_due()
        log.info(FIRST_ROUND_DONE)  # a test that races the sweeps waits for this line
        while not stop.is_set():
            stop.wait(tick)
            if parent is not None and os.getppid() != parent:
                log.info("the worker is gone: the sweeps stop")
                return
            run_due()
    finally:
        connections.close_all()


def start_thread(*, tick: float = 1.0) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(stop,), kwargs={"tick": tick}, name="agora-sweeps", daemon=True
    )
    thread.start()
    return stop
