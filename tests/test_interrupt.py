"""Ctrl-C during a parallel build: the pool ends at once, one line, exit 130, no outputs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures import ROOT
from tests.processes import children, running


@pytest.mark.hanlp
def test_ctrl_c_with_two_workers_ends_the_pool(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    # Enough work to outlast the 10 s below on an idle machine (about 200 articles/s per worker).
    for i in range(8000):
        (src / f"{i:04d}.txt").write_text(f"第{i}篇:区委书记孟景伟到北京天海工业有限公司调研。" * 5, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newskg.cli", "build", str(src), "-o", str(out), "--workers", "2"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    deadline = time.monotonic() + 120
    while len(children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    workers = children(proc.pid)
    assert len(workers) >= 2, "the worker pool did not start"
    # Later than the pool's start, when the workers import torch or run: before the fix they printed tracebacks.
    time.sleep(10)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole group gets it, workers included
    _, stderr = proc.communicate(timeout=60)  # a hang fails here
    assert proc.returncode == 130
    assert stderr.strip().splitlines() == ["error: interrupted; no partial output was left behind"]
    assert not out.exists()
    time.sleep(0.5)
    assert not [w for w in workers if running(w)], "workers outlived the interrupted run"
