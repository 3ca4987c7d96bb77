"""Helpers of the tests that signal real runs: a process's children, and whether one still runs (Linux /proc)."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> set[int]:
    """The pids of a process's children (empty once it has ended)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return set()
    return {int(c) for c in text.split()}


def running(pid: int) -> bool:
    """Whether a process runs: a zombie has ended, only its parent's reaping is left."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
