"""Beside RQ, which forks a work-horse per job, the sweeps run in a process of their own (a
fork while a sweep's thread held SQLite's mutex left jobs hanging): that process stops with
its worker, even one killed by SIGKILL, so no orphan keeps sweeping."""

import os
import signal
from pathlib import Path

import pytest

from agora.core.periodic import FIRST_ROUND_DONE
from agora.testing.worker import logs, stop_workers, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found |= {int(n) for n in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie is dead, waiting for its parent to read it


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_the_sweeps_process_dies_with_a_killed_rq_worker(rq_tasks, tmp_path):
    log = tmp_path / "worker.log"
    worker = rq_tasks.start_worker(mail_dir=tmp_path, log_path=log)
    try:
        assert wait_for(lambda: FIRST_ROUND_DONE in log.read_text(), timeout=60), logs(log)
        sweeps = [pid for pid in children(worker.pid) if "--sweeps-only" in command_line(pid)]
        assert len(sweeps) == 1, [command_line(pid) for pid in children(worker.pid)]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        gone = wait_for(lambda: not alive(sweeps[0]), timeout=10)
    finally:
        stop_workers(worker)
    assert gone, f"the sweeps process {sweeps[0]} outlived its worker\n{logs(log)}"
