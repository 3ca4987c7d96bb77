"""A build's output folder: one writer at a time, and all files replaced together or not at all.

:func:`locked` takes an exclusive lock on the folder: a lock file beside it
(``.<name>.lock`` in its parent) holding the owner's pid, locked with
``flock``. The folder is named by its real path, so a run that names it
through a link takes the same lock. The kernel drops the lock when its owner
dies, so a lock left by a crashed run is stale by construction; it is
detected and taken over with a warning.

:func:`staged` gives a staging folder beside the output folder. The outputs
are written there; only when all are complete are they synced to disk, a
manifest (:data:`MANIFEST`: each file's size and SHA-256) and a
``.complete`` mark written and synced, and each file renamed into the
output folder, the manifest last, and the output folder synced. The
manifest's rename is the commit: readers (:func:`check_outputs`, called by
:func:`newskg.graph.export.read_graph`) refuse a folder whose files are not
the ones its manifest names, or whose swap is unfinished. A run that dies
(or a machine that loses power) before the mark leaves the output folder as
it was (the next run removes the staging folder); one that dies after it is
completed by the next run (under the lock). Other files in the output folder
are left alone. Where only the output folder itself is writable, the lock
file and the staging folder go inside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = [
    "MANIFEST",
    "LockedError",
    "MixedOutputError",
    "OutputError",
    "check_output_folder",
    "check_outputs",
    "is_output_folder",
    "locked",
    "staged",
    "write_error",
]

log = logging.getLogger(__name__)

_COMPLETE = ".complete"
MANIFEST = ".newskg-manifest.json"


class OutputError(RuntimeError):
    """An output location cannot be written."""


class LockedError(OutputError):
    """Another run holds the output folder's lock."""


class MixedOutputError(OutputError):
    """An output folder whose files are not all of one build (an unfinished swap, a file changed since)."""


def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _open_lock(out: Path) -> tuple[int, Path]:
    """Open (create) the lock file beside ``out``, or inside it when only ``out`` itself is writable."""
    path = _lock_path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644), path
    except OSError as exc:
        if out.is_dir():
            inside = out / ".newskg.lock"
            with contextlib.suppress(OSError):
                return os.open(inside, os.O_RDWR | os.O_CREAT, 0o644), inside
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror or exc}") from exc


def _owner(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 512).decode("utf-8", "replace").strip()


@contextlib.contextmanager
def locked(out: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the exclusive lock on output folder ``out``.

    Args:
        out: The output folder (it need not exist yet).
        wait: Seconds to wait for another run to finish; 0 fails at once.

    Raises:
        LockedError: If another run still holds the lock after ``wait`` seconds.
        OutputError: If the lock file cannot be created.
    """
    out = out.resolve()  # one folder, one lock, whatever link names it
    deadline = time.monotonic() + wait
    while True:
        fd, path = _open_lock(out)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _owner(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise LockedError(
                    f"{out} is being written by another newskg run ({owner or 'owner unknown'}); "
                    "try again when it has finished, or pass --wait SECONDS"
                ) from None
            time.sleep(0.2)
            continue
        # The file may have been unlinked by its last owner after we opened it: lock the one at the path.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        stale = _owner(fd)
        if stale:  # a clean exit removes the file: this owner died while holding it
            log.warning("stale lock on %s taken over: %s ended without releasing it", out, stale)
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()} since {stamp}\n".encode())
            _finish_interrupted(out)
        except OSError as exc:  # a disk without a free byte fails here first
            raise OutputError(write_error(exc, out)) from exc
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # before unlocking, so a waiter never locks a file we are about to remove
        os.close(fd)


def _stage_prefix(name: str) -> str:
    return f".{name}.staging-"


# Any run's staging folder: ``tempfile`` adds exactly 8 characters to the prefix.
_STAGING = re.compile(r"\..+\.staging-[a-z0-9_]{8}")


def is_output_folder(folder: Path) -> bool:
    """Whether ``folder`` is a build's output folder (it holds a manifest) or staging folder (by its name).

    No input walk should enter one.

    >>> is_output_folder(Path("news/.out.staging-k2j4_x9q")), is_output_folder(Path("news/2024"))
    (True, False)
    """
    return bool(_STAGING.fullmatch(folder.name)) or (folder / MANIFEST).is_file()


def _staging_dirs(out: Path) -> list[Path]:
    """Staging folders of ``out`` only: ``tempfile`` adds exactly 8 characters to the prefix.

    (A glob would also catch those of a sibling named ``out.x``, whose lock we do not hold.)
    """
    found: list[Path] = []
    for folder, name in ((out.parent, out.name), (out, "newskg")):
        own = re.compile(re.escape(_stage_prefix(name)) + r"[a-z0-9_]{8}")
        with contextlib.suppress(OSError):
            found += sorted(p for p in folder.iterdir() if own.fullmatch(p.name) and p.is_dir())
    return found


def _sync(path: Path) -> None:
    """Flush a file's or folder's data and entries to disk (what a rename needs to survive a power cut)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _outputs(folder: Path) -> list[str]:
    """The output files under ``folder`` (relative, sorted): all but the mark and the manifest."""
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name not in (_COMPLETE, MANIFEST)
    )


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _seal(stage: Path) -> None:
    """Sync the staged outputs, then write and sync the manifest, the ``.complete`` mark and the folder."""
    files = _outputs(stage)
    for name in files:
        _sync(stage / name)
    for folder in sorted({(stage / name).parent for name in files} - {stage}):
        _sync(folder)
    manifest = {
        "files": {name: {"size": (stage / name).stat().st_size, "sha256": _sha256(stage / name)} for name in files}
    }
    with (stage / MANIFEST).open("w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    with (stage / _COMPLETE).open("w") as fh:
        os.fsync(fh.fileno())
    _sync(stage)


def _commit(stage: Path, out: Path) -> None:
    """Move a sealed stage's outputs into ``out``, the manifest last, and sync ``out``."""
    if not out.is_dir():
        out.mkdir()
        _sync(out.parent)
    if not (stage / MANIFEST).is_file():  # a stage of a version before manifests: the old one would not match
        with contextlib.suppress(FileNotFoundError):
            (out / MANIFEST).unlink()
    for f in sorted(stage.iterdir()):
        if f.name not in (_COMPLETE, MANIFEST):
            target = out / f.name
            if f.is_dir() and target.is_dir():  # a table folder (the cluster build's Parquet) replaces the old one
                shutil.rmtree(target)
            os.replace(f, target)
    if (stage / MANIFEST).is_file():
        os.replace(stage / MANIFEST, out / MANIFEST)
    _sync(out)
    shutil.rmtree(stage, ignore_errors=True)


def check_outputs(folder: Path, reading: str | None = None) -> None:
    """Refuse an output folder that mixes builds: an unfinished swap, or a file its manifest does not name.

    A folder without a manifest (not a build's, or of a version before
    manifests) passes. O(size of the outputs): every file's SHA-256 is checked.

    Args:
        folder: The output folder.
        reading: The file the caller is about to read (it must be one of the build's).

    Raises:
        MixedOutputError: Naming the folder or file, and what to do.
    """
    real = folder.resolve()
    rerun = "run the build again (build --update) to complete or rewrite it"
    for stage in _staging_dirs(real):
        with contextlib.suppress(OSError):
            if (stage / _COMPLETE).is_file() and any(p.name != _COMPLETE for p in stage.iterdir()):
                raise MixedOutputError(
                    f"{folder} is half-way through taking a build's outputs (a run was "
                    f"interrupted while moving them in, or is moving them now); {rerun}"
                )
    try:
        manifest = json.loads((real / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        raise MixedOutputError(f"{folder / MANIFEST}: unreadable ({exc}); {rerun}") from exc
    files: dict[str, dict[str, object]] = manifest.get("files", {}) if isinstance(manifest, dict) else {}
    if reading is not None and reading not in files:
        raise MixedOutputError(f"{folder / reading} is not one of the outputs of the last build into {folder}; {rerun}")
    for name, meta in sorted(files.items()):
        path = real / name
        try:
            same = path.stat().st_size == meta.get("size") and _sha256(path) == meta.get("sha256")
        except OSError:
            same = False
        if not same:
            raise MixedOutputError(
                f"{folder / name} is not the file the last build into {folder} wrote (changed or missing "
                f"since, or that build was interrupted); {rerun}"
            )


def _finish_interrupted(out: Path) -> None:
    """Complete or discard staging folders of runs that died (called under the lock)."""
    for stage in _staging_dirs(out):
        if (stage / _COMPLETE).is_file():
            log.warning("completing the outputs of an interrupted run from %s", stage)
            _commit(stage, out)
        else:
            shutil.rmtree(stage, ignore_errors=True)


def check_output_folder(out: Path, names: Sequence[str]) -> None:
    """Refuse an output folder that is a file, or whose output names are taken by folders.

    Raises:
        OutputError: Naming the path in the way.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose an output folder")
    for name in names:
        p = out / name
        if p.is_dir() or (p.exists() and not p.is_file()):
            raise OutputError(f"{p} is a folder, not a file; remove it or choose another output folder")


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A staging folder whose files replace those of ``out`` when the block ends without error.

    The folder is made beside ``out``, or inside it when ``out`` is a mount point
    or the only writable place. Hold :func:`locked` around it. On any error in the block the staging folder
    is removed and ``out`` is unchanged.
    """
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=_stage_prefix(out.name), dir=out.parent))
    except OSError as exc:
        if not out.is_dir():
            raise OutputError(f"cannot write to {out.parent}: {exc.strerror or exc}") from exc
        stage = out  # only ``out`` itself is writable: stage inside it
    # Stage inside ``out`` too when it is a mount point: a rename cannot cross devices.
    if stage == out or (out.is_dir() and stage.stat().st_dev != out.stat().st_dev):
        try:
            if stage != out:
                stage.rmdir()
            stage = Path(tempfile.mkdtemp(prefix=_stage_prefix("newskg"), dir=out))
        except OSError as exc:
            raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    try:
        yield stage
        try:
            _seal(stage)
        except OSError as exc:
            raise OutputError(write_error(exc, out)) from exc
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    try:
        _commit(stage, out)
    except OSError as exc:  # complete but not all renamed: the next run finishes the job
        raise OutputError(f"cannot move the outputs into {out}: {exc.strerror or exc}; rerun to complete") from exc


def write_error(exc: OSError, out: Path) -> str:
    """One line for a failed write: what failed, and that ``out`` was left as it was."""
    what = (exc.strerror or os.strerror(exc.errno)) if exc.errno else str(exc)
    hint = " (disk full)" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    return f"cannot write the outputs{hint}: {what}; {out} was left unchanged"
