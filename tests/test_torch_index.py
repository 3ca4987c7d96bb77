"""``make install``'s choice of torch index (scripts/torch_index.py), without the network.

The CPU path is served by a local PEP 503 index (``http.server``) holding a
stand-in torch wheel, which pip then fetches with the arguments the script
printed; the fallback is taken from an address where nothing listens, and
from a server that accepts and never answers.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import os
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures import ROOT

SCRIPT = ROOT / "scripts" / "torch_index.py"
WHEEL = "torch-2.5.1+cpu-py3-none-any.whl"
DEFAULT = ["torch==2.5.1"]


def _run(*args: str, **env: str) -> tuple[list[str], str]:
    """The script's pip arguments (stdout lines) and its one line on stderr."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TORCH_", "PIP_"))}
    res = subprocess.run(
        [sys.executable, str(SCRIPT), "2.5.1", *args],
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (line,) = res.stderr.splitlines()
    return res.stdout.splitlines(), line


def _stand_in_wheel(path: Path) -> None:
    """A wheel named and described as torch 2.5.1+cpu that holds one empty module."""
    dist = "torch-2.5.1+cpu.dist-info"
    files = {
        "torch/__init__.py": b"",
        f"{dist}/METADATA": b"Metadata-Version: 2.1\nName: torch\nVersion: 2.5.1+cpu\n",
        f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{dist}/RECORD,,")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
        zf.writestr(f"{dist}/RECORD", "\n".join(record) + "\n")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture()
def cpu_index(tmp_path: Path) -> Iterator[str]:
    """A PEP 503 index on localhost whose torch page links a stand-in CPU wheel; yields its URL."""
    root = tmp_path / "index"
    (root / "torch").mkdir(parents=True)
    _stand_in_wheel(root / WHEEL)
    sha = hashlib.sha256((root / WHEEL).read_bytes()).hexdigest()
    href = f"../{WHEEL.replace('+', '%2B')}#sha256={sha}"
    (root / "torch" / "index.html").write_text(f'<html><body><a href="{href}">{WHEEL}</a></body></html>\n')
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def dead_url() -> str:
    """An address where nothing listens (the port was free a moment ago): refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"


def test_a_reachable_cpu_index_is_taken_and_pip_finds_torch_there(cpu_index: str, tmp_path: Path) -> None:
    args, line = _run(TORCH_CPU_INDEX=cpu_index)
    assert args == ["--no-deps", "--index-url", cpu_index, "torch==2.5.1"]
    assert line == f"torch: the CPU-only build from {cpu_index}"
    # The arguments work: pip takes the stand-in wheel from that index (download: nothing is installed).
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    pip = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-cache-dir"]
    subprocess.run(
        [*pip, "-d", str(tmp_path / "got"), *args],
        env=clean | {"PIP_CONFIG_FILE": os.devnull},
        check=True,
        timeout=120,
    )
    assert [p.name for p in (tmp_path / "got").iterdir()] == [WHEEL]


def test_an_unreachable_cpu_index_falls_back_to_the_default_index(dead_url: str) -> None:
    args, line = _run(TORCH_CPU_INDEX=dead_url)
    assert args == DEFAULT
    assert line.startswith(f"torch: the default index, with CUDA ({dead_url} unreachable: ")


def test_an_index_without_torch_falls_back(cpu_index: str) -> None:
    args, line = _run(TORCH_CPU_INDEX=cpu_index + "nothing-here/")
    assert args == DEFAULT
    assert "unreachable: HTTP 404" in line


def test_a_server_that_never_answers_is_given_up() -> None:
    with socket.socket() as s:  # listens, so the connection is made, but never replies
        s.bind(("127.0.0.1", 0))
        s.listen()
        url = f"http://127.0.0.1:{s.getsockname()[1]}/"
        args, line = _run(TORCH_CPU_INDEX=url, TORCH_INDEX_TIMEOUT="0.5")
    assert args == DEFAULT
    assert "unreachable" in line


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_torch_index_means_decide(cpu_index: str, empty: str) -> None:
    args, _ = _run(TORCH_CPU_INDEX=cpu_index, TORCH_INDEX=empty)
    assert args[:3] == ["--no-deps", "--index-url", cpu_index]


def test_torch_index_default_skips_the_check_and_the_cpu_index(cpu_index: str) -> None:
    args, line = _run(TORCH_CPU_INDEX=cpu_index, TORCH_INDEX="default")
    assert args == DEFAULT
    assert line == "torch: the default index (TORCH_INDEX=default)"


def test_torch_index_url_is_taken_unchecked(dead_url: str) -> None:
    args, line = _run(TORCH_INDEX=dead_url)
    assert args == ["--no-deps", "--index-url", dead_url, "torch==2.5.1"]
    assert line == f"torch: from {dead_url} (TORCH_INDEX)"


def test_a_local_wheel_wins_unless_an_index_is_named(cpu_index: str, dead_url: str) -> None:
    wheel = "/opt/wheels/torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl"
    assert _run(wheel, TORCH_CPU_INDEX=cpu_index) == ([wheel], f"torch: the local wheel {wheel}")
    assert _run(wheel, TORCH_INDEX="default")[0] == [wheel]
    assert _run(wheel, TORCH_INDEX=dead_url)[0] == ["--no-deps", "--index-url", dead_url, "torch==2.5.1"]


def test_wrong_usage_prints_the_usage() -> None:
    res = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert res.returncode == 2
    assert res.stderr == "Usage: python scripts/torch_index.py VERSION [LOCAL_WHEEL]\n"
