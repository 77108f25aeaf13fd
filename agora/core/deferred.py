"""Work that must happen at a given moment: a task deferred with `run_after`, after commit."""

from django.db import transaction


def enqueue_at(task, when, **kwargs) -> bool:
    """Enqueue `task(**kwargs)` to run at `when` once the transaction commits.

    Returns False when the task backend cannot defer (the immediate backend of the tests):
    the sweep services (`close_due_cases`, `close_due_proposals`) cover those and any lost
    wake-up.
    """
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    transaction.on_commit(lambda: task.using(run_after=when).enqueue(**kwargs))
    return True
