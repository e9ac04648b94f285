"""One program at a time on a database, and a warning for databases on network shares.

SQLite serialises writes safely between processes, but two copies of the program on one report
would each believe their screen is the truth, and the second could reopen or undo what the first
just saved. So an open database holds an exclusive lock on ``<database>.lock`` (an OS lock: it
goes with the process, even after a crash or a kill, so a stale lock file never blocks anyone).
A second program is refused with a message saying the report is open elsewhere. Inside one
process the lock is shared: the application opens extra connections for background work.

Network file systems often implement the locks SQLite relies on badly, and a dropped connection
in the middle of a write can damage the file: a database there gets a warning.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Final

from storage.errors import StorageError

NETWORK_FILE_SYSTEMS: Final = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ncpfs",
        "glusterfs",
        "ceph",
        "davfs",
        "fuse.sshfs",
        "fuse.rclone",
    }
)


class DatabaseInUseError(StorageError):
    """Another program has this database open; nothing was opened or changed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("storage.in_use", path=str(path))


_held: dict[Path, tuple[int, int]] = {}  # lock file → (descriptor, users in this process)
_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.name}.lock")


def acquire(db_path: Path) -> Path:
    """Take (or share, within this process) the lock of ``db_path``; refuse if another has it."""
    path = lock_path(db_path)
    with _guard:
        if path in _held:
            descriptor, users = _held[path]
            _held[path] = (descriptor, users + 1)
            return path
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return path  # a read-only folder: SQLite will say what it can do there
        if not _try_lock(descriptor):
            os.close(descriptor)
            raise DatabaseInUseError(db_path)
        _held[path] = (descriptor, 1)
    return path


def release(path: Path) -> None:
    with _guard:
        if path not in _held:
            return
        descriptor, users = _held[path]
        if users > 1:
            _held[path] = (descriptor, users - 1)
            return
        del _held[path]
        os.close(descriptor)  # closing releases the OS lock


def _try_lock(descriptor: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def on_network_share(path: Path) -> bool:
    """Whether ``path`` is on a network file system (best effort: False when unknown)."""
    if sys.platform == "win32":
        return _windows_remote(path)
    if sys.platform.startswith("linux"):
        return _linux_file_system(path) in NETWORK_FILE_SYSTEMS
    return False


def _linux_file_system(path: Path) -> str:
    """The type of the file system holding ``path``, from the longest matching mount point."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    target = str(path.resolve())
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, fields[2]
    return kind


def _windows_remote(path: Path) -> bool:
    text = str(path.resolve())
    if text.startswith("\\\\"):
        return True  # a UNC path: \\server\share\…
    import ctypes

    drive_remote = 4
    root = f"{text[:2]}\\"
    return bool(ctypes.windll.kernel32.GetDriveTypeW(root) == drive_remote)  # type: ignore[attr-defined]


def held_here(db_path: Path) -> bool:
    """Whether this process has ``db_path`` open (through ``acquire``)."""
    with _guard:
        return lock_path(db_path) in _held
