"""How many cores this process may use, and how many extraction workers that makes.

``os.cpu_count()`` counts the machine's cores. A process may use fewer: its
CPU affinity (``taskset``, a cpuset) allows some of them, and a container's
CPU quota (cgroup v2 ``cpu.max``, v1 ``cpu.cfs_quota_us``) lets it run only
so many core-seconds per second, however many cores it sees. Running more
busy threads than that only makes them wait for each other.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

__all__ = ["ENV_WORKERS", "cgroup_quota", "default_workers", "parse_cfs", "parse_cpu_max", "usable_cores"]

ENV_WORKERS = "NEWSKG_WORKERS"
_V1_MOUNTS = ("cpu", "cpu,cpuacct", "cpuacct,cpu")


def parse_cpu_max(text: str) -> float | None:
    """Cores a cgroup v2 ``cpu.max`` line allows (quota / period), or None for no limit.

    Examples:
        >>> parse_cpu_max("max 100000")
        >>> parse_cpu_max("150000 100000")
        1.5
        >>> parse_cpu_max("50000")  # the period may be left out: 100000 by default
        0.5
        >>> parse_cpu_max("garbage")
    """
    parts = text.split()
    if not parts or parts[0] == "max":
        return None
    try:
        quota = int(parts[0])
        period = int(parts[1]) if len(parts) > 1 else 100_000
    except ValueError:
        return None
    return quota / period if quota > 0 and period > 0 else None


def parse_cfs(quota: str, period: str) -> float | None:
    """Cores a cgroup v1 ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` pair allows, or None for no limit.

    Examples:
        >>> parse_cfs("-1", "100000")
        >>> parse_cfs("200000", "100000")
        2.0
    """
    try:
        q, p = int(quota), int(period)
    except ValueError:
        return None
    return q / p if q > 0 and p > 0 else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None


def _up(mount: Path, inner: str) -> list[Path]:
    """The cgroup folder of ``inner`` under ``mount`` and its ancestors up to ``mount``.

    A limit set on any ancestor also holds for the process. Where the folder is
    not there (a container that sees the host's path), only the mount's root is.
    """
    folder = mount / inner.strip("/")
    out = [folder, *folder.parents]
    return [f for f in out if f == mount or mount in f.parents]


def cgroup_quota(root: Path = Path("/")) -> float | None:
    """The tightest CPU quota of this process's cgroups, in cores; None where none is set.

    Reads ``proc/self/cgroup`` and the ``sys/fs/cgroup`` files under ``root``
    (``/`` but in tests). O(depth of the cgroup path).
    """
    lines = (_read(root / "proc/self/cgroup") or "").splitlines()
    quotas: list[float] = []
    for line in lines:
        hier, _, rest = line.partition(":")
        controllers, _, inner = rest.partition(":")
        if hier == "0" and not controllers:  # cgroup v2 (unified)
            mount = root / "sys/fs/cgroup"
            for folder in _up(mount, inner):
                q = parse_cpu_max(_read(folder / "cpu.max") or "max")
                if q is not None:
                    quotas.append(q)
        elif "cpu" in controllers.split(","):  # cgroup v1
            for name in _V1_MOUNTS:
                mount = root / "sys/fs/cgroup" / name
                for folder in _up(mount, inner):
                    quota, period = _read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us")
                    q = parse_cfs(quota, period) if quota and period else None
                    if q is not None:
                        quotas.append(q)
    return min(quotas, default=None)


def usable_cores(root: Path = Path("/")) -> int:
    """The cores this process may keep busy: its CPU affinity, capped by its cgroup quota.

    A fractional quota is rounded down (1.5 cores: 1), at least 1: a second
    busy process on half a core would be throttled, not faster.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform (macOS)
        cores = os.cpu_count() or 1
    quota = cgroup_quota(root)
    if quota is not None:
        cores = min(cores, max(1, math.floor(quota)))
    return max(1, cores)


def default_workers(root: Path = Path("/")) -> int:
    """Extraction processes when none were asked for: ``NEWSKG_WORKERS`` if set, else :func:`usable_cores`.

    Raises:
        ValueError: If ``NEWSKG_WORKERS`` is not a whole number of at least 1.
    """
    env = os.environ.get(ENV_WORKERS, "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"{ENV_WORKERS}={env!r}: expected a whole number of at least 1")
        return int(env)
    return usable_cores(root)
