"""The cores a process may use: affinity and cgroup quotas, read from a faked /proc and /sys."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newskg.cores import ENV_WORKERS, cgroup_quota, default_workers, usable_cores

AFFINITY = len(os.sched_getaffinity(0))


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="ascii")
    return root


def test_no_cgroup_files_means_no_quota(tmp_path: Path) -> None:
    assert cgroup_quota(tmp_path) is None
    assert usable_cores(tmp_path) == AFFINITY


@pytest.mark.parametrize(
    ("files", "quota", "cores"),
    [
        pytest.param(
            {
                "proc/self/cgroup": "0::/docker/abc\n",
                "sys/fs/cgroup/docker/abc/cpu.max": "150000 100000\n",
                "sys/fs/cgroup/docker/cpu.max": "max 100000\n",
            },
            1.5,
            1,  # half a core more is not a second worker
            id="the process cgroup's quota",
        ),
        pytest.param(
            {
                "proc/self/cgroup": "0::/a/b\n",
                "sys/fs/cgroup/a/b/cpu.max": "400000 100000\n",
                "sys/fs/cgroup/a/cpu.max": "50000 100000\n",
            },
            0.5,
            1,  # never below one
            id="the tightest ancestor",
        ),
    ],
)
def test_cgroup_v2_quota(tmp_path: Path, files: dict[str, str], quota: float, cores: int) -> None:
    root = _tree(tmp_path, files)
    assert cgroup_quota(root) == quota
    assert usable_cores(root) == cores


def test_cgroup_v2_namespaced_sees_its_own_root(tmp_path: Path) -> None:
    # Inside a container with a cgroup namespace: "0::/" and the limit on the mount's root.
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "100000 100000\n"})
    assert cgroup_quota(root) == 1.0


def test_cgroup_v2_without_a_limit(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "max 100000\n"})
    assert cgroup_quota(root) is None


def test_cgroup_v1_quota_in_a_combined_mount(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "proc/self/cgroup": "12:memory:/x\n4:cpu,cpuacct:/kubepods/pod1\n1:name=systemd:/x\n",
            "sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/cpu.cfs_quota_us": "100000\n",
            "sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/cpu.cfs_period_us": "100000\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
            "sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "100000\n",
        },
    )
    assert cgroup_quota(root) == 1.0
    assert usable_cores(root) == 1


def test_cgroup_v1_host_path_missing_falls_back_to_the_mount_root(tmp_path: Path) -> None:
    # A container without a cgroup namespace sees the host's path, which is not under its own mount.
    root = _tree(
        tmp_path,
        {
            "proc/self/cgroup": "3:cpu:/docker/0123\n2:cpuacct:/docker/0123\n",
            "sys/fs/cgroup/cpu/cpu.cfs_quota_us": "300000\n",
            "sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
        },
    )
    assert cgroup_quota(root) == 3.0
    assert usable_cores(root) == min(AFFINITY, 3)


def test_cgroup_v1_without_a_limit(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "proc/self/cgroup": "1:cpu:/\n",
            "sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
            "sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
        },
    )
    assert cgroup_quota(root) is None
    assert usable_cores(root) == AFFINITY


def test_affinity_caps_a_larger_quota(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"proc/self/cgroup": "0::/\n", "sys/fs/cgroup/cpu.max": "6400000 100000\n"})
    assert usable_cores(root) == AFFINITY  # 64 cores of quota, but only the affinity's cores to run on


def test_default_workers_takes_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_WORKERS, "3")
    assert default_workers(tmp_path) == 3
    monkeypatch.setenv(ENV_WORKERS, "")
    assert default_workers(tmp_path) == AFFINITY
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv(ENV_WORKERS, bad)
        with pytest.raises(ValueError, match=ENV_WORKERS):
            default_workers(tmp_path)
