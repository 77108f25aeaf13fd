"""Work that must happen at a given moment: a deadline, a publishing time, a mandate's end.

Two halves, so nothing is lost: a task deferred to the moment (`enqueue_at`, after commit),
and a periodic sweep (`sweep`, registered with `core.periodic`) that catches whatever a lost
wake-up, a stopped worker or a backend that cannot defer left behind. Both call the same
idempotent service, which checks that the moment has come and acts once.
"""

from collections import Counter
from collections.abc import Callable, Iterable

from django.db import transaction


def enqueue_at(task, when, **kwargs) -> bool:
    """Enqueue `task(**kwargs)` to run at `when` once the transaction commits.

    Returns False when the task backend cannot defer (the immediate backend of the tests):
    the sweeps cover those and any lost wake-up.
    """
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    transaction.on_commit(lambda: task.using(run_after=when).enqueue(**kwargs))
    return True


def sweep(due_ids: Iterable[int], close: Callable[[int], str]) -> dict[str, int]:
    """Call `close(pk)` for every id due now (each in its own transaction, so one failure
    does not undo the others) and count the outcomes it reports: {"decided": 2, ...}."""
    return dict(Counter(close(pk) for pk in list(due_ids)))
