"""Faults the operating system would raise, injected in-process: unreadable files,
read-only and full disks, files that grow while they are read.

Tests run as root in CI, where chmod 000 does not stop a read and chmod 555 does not
stop a write, and mounting a small or read-only file system needs privileges a test
cannot count on. So each fault is raised where the OS would raise it, from the calls
Baoku and its libraries (Whoosh, pathlib, tempfile, shutil) make, with the errno and
message the OS uses; SQLite, which writes from C, is made to refuse writes itself:

* ``unreadable(path)``: opening ``path`` to read fails with EACCES, as after chmod 000.
* ``read_only(root)``: under ``root``, opening to write, creating, renaming and deleting
  fail with EROFS (mkdir of an existing folder still says EEXIST, as Linux does), and
  SQLite connections open read-only, so SQLite refuses writes ("attempt to write a
  readonly database").
* ``disk_full(root, file_bytes=N, db_pages=K)``: under ``root``, writes to files fail
  with ENOSPC once N bytes have been written in all; SQLite's databases may grow by K
  pages, then SQLite says SQLITE_FULL ("database or disk is full"), exactly what it
  says on a full disk. ``None`` leaves that side alone.
* ``grows_while_read(path, times)``: the first ``times`` times ``path`` is opened and
  read, a writer appends to it between the open and the first read.

Faults apply to files and connections opened after they are installed, in every
thread. ``Faults`` is a context manager; ``Faults.from_env()`` installs the faults
described by ``$BAOKU_TEST_FAULTS`` (JSON) for a CLI run in a subprocess (see ``cli_main``).
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _oserror(code: int, path: Any) -> OSError:
    cls = {errno.EACCES: PermissionError, errno.EEXIST: FileExistsError}.get(code, OSError)
    return cls(code, os.strerror(code), os.fspath(path) if not isinstance(path, int) else path)


def _full_path(path: Any, dir_fd: int | None = None) -> str:
    p = os.fsdecode(os.fspath(path))
    if dir_fd is not None and not os.path.isabs(p):
        p = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), p)
    return os.path.abspath(p)


class _Metered:
    """A file object whose writes draw on the fault's byte budget."""

    def __init__(self, f: Any, faults: Faults, name: str) -> None:
        self._f = f
        self._faults = faults
        self._name = name

    def write(self, data: Any) -> int:
        room = self._faults.room()
        if len(data) > room:
            if room:
                self._f.write(data[:room])
                self._faults.spend(room)
            raise _oserror(errno.ENOSPC, self._name)
        self._faults.spend(len(data))
        return int(self._f.write(data))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)

    def __iter__(self) -> Any:
        return iter(self._f)

    def __enter__(self) -> _Metered:
        return self

    def __exit__(self, *exc: object) -> None:
        self._f.close()


class Faults:
    """Installed faults; ``undo()`` (or leaving the ``with`` block) removes them all."""

    def __init__(self) -> None:
        self._undo: list[tuple[Any, str, Any]] = []
        self._unreadable: set[str] = set()
        self._read_only: list[str] = []
        self._full: list[str] = []
        self._file_bytes: int | None = None
        self._db_pages: int | None = None
        self._growing: dict[str, int] = {}
        self._metered_fds: set[int] = set()
        self._grown_fds: set[int] = set()  # opened files that grew once already
        self.spent = 0
        self._real: dict[str, Any] = {}
        self._installed = False

    # -- the faults ------------------------------------------------------------------
    def unreadable(self, path: Path | str) -> Faults:
        self._install()
        self._unreadable.add(_full_path(path))
        return self

    def read_only(self, root: Path | str) -> Faults:
        self._install()
        self._read_only.append(_full_path(root))
        return self

    def disk_full(self, root: Path | str, *, file_bytes: int | None = 0,
                  db_pages: int | None = None) -> Faults:
        self._install()
        self._full.append(_full_path(root))
        self._file_bytes = file_bytes
        self._db_pages = db_pages
        return self

    def grows_while_read(self, path: Path | str, times: int = 1) -> Faults:
        self._install()
        self._growing[_full_path(path)] = times
        return self

    # -- budget ----------------------------------------------------------------------
    def room(self) -> int:
        return sys.maxsize if self._file_bytes is None else max(0, self._file_bytes - self.spent)

    def spend(self, n: int) -> None:
        self.spent += n

    # -- context -----------------------------------------------------------------------
    def __enter__(self) -> Faults:
        return self

    def __exit__(self, *exc: object) -> None:
        self.undo()

    def undo(self) -> None:
        for obj, name, old in reversed(self._undo):
            setattr(obj, name, old)
        self._undo.clear()
        self._installed = False

    @classmethod
    def from_env(cls) -> Faults:
        """The faults ``$BAOKU_TEST_FAULTS`` describes: {"unreadable": [...], "read_only": [...],
        "disk_full": {"root": ..., "file_bytes": ..., "db_pages": ...}}."""
        spec = json.loads(os.environ.get("BAOKU_TEST_FAULTS", "{}"))
        faults = cls()
        for path in spec.get("unreadable", []):
            faults.unreadable(path)
        for root in spec.get("read_only", []):
            faults.read_only(root)
        if "disk_full" in spec:
            full = spec["disk_full"]
            faults.disk_full(full["root"], file_bytes=full.get("file_bytes"), db_pages=full.get("db_pages"))
        return faults

    # -- where the faults hook in ---------------------------------------------------------
    def _under(self, path: str, roots: list[str]) -> bool:
        return any(path == r or path.startswith(r + os.sep) for r in roots)

    def _patch(self, obj: Any, name: str, make: Callable[[Any], Any]) -> None:
        old = getattr(obj, name)
        self._real[f"{getattr(obj, '__name__', obj)}.{name}"] = old
        self._undo.append((obj, name, old))
        setattr(obj, name, make(old))

    def _install(self) -> None:
        if self._installed:
            return
        self._installed = True
        self._patch(os, "open", self._os_open)
        self._patch(os, "write", self._os_write)
        self._patch(os, "read", self._os_read)
        self._patch(os, "close", self._os_close)
        self._patch(builtins, "open", lambda real: self._open(real))
        self._undo.append((io, "open", io.open))
        io.open = builtins.open  # pathlib opens through io.open
        for name in ("mkdir", "rmdir", "unlink", "remove"):
            self._patch(os, name, lambda real, name=name: self._one_path(real, name))
        for name in ("rename", "replace"):
            self._patch(os, name, self._two_paths)
        self._patch(sqlite3, "connect", self._connect)
        try:
            import apsw  # the search index's SQLite
        except ImportError:  # pragma: no cover
            return
        self._patch(apsw, "Connection", self._apsw_connection)

    def _os_open(self, real: Any) -> Any:
        def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
            full = _full_path(path, dir_fd)
            writing = bool(flags & _WRITE_FLAGS)
            if full in self._unreadable and not writing:
                raise _oserror(errno.EACCES, path)
            if writing and self._under(full, self._read_only):
                raise _oserror(errno.EROFS, path)
            fd = real(path, flags, mode, dir_fd=dir_fd)
            if writing and self._under(full, self._full):
                self._metered_fds.add(fd)
            return int(fd)
        return os_open

    def _os_write(self, real: Any) -> Any:
        def os_write(fd: int, data: Any) -> int:
            if fd in self._metered_fds:
                room = self.room()
                if len(data) > room:
                    raise _oserror(errno.ENOSPC, fd)
                self.spend(len(data))
            return int(real(fd, data))
        return os_write

    def _os_read(self, real: Any) -> Any:
        def os_read(fd: int, n: int) -> bytes:
            if self._growing:
                try:
                    name = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    name = ""
                if self._growing.get(name, 0) > 0 and fd not in self._grown_fds:
                    self._growing[name] -= 1
                    self._grown_fds.add(fd)
                    with self._real["builtins.open"](name, "ab") as f:
                        f.write("\n又添了一段文字。\n".encode())
            return bytes(real(fd, n))
        return os_read

    def _os_close(self, real: Any) -> Any:
        def os_close(fd: int) -> None:
            self._metered_fds.discard(fd)
            self._grown_fds.discard(fd)
            real(fd)
        return os_close

    def _open(self, real: Any) -> Any:
        def open_(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, int):
                return real(file, mode, *args, **kwargs)
            full = _full_path(file)
            writing = any(c in mode for c in "wax+")
            if full in self._unreadable and not writing:
                raise _oserror(errno.EACCES, file)
            if writing and self._under(full, self._read_only):
                raise _oserror(errno.EROFS, file)
            f = real(file, mode, *args, **kwargs)
            if writing and self._under(full, self._full):
                return _Metered(f, self, full)
            return f
        return open_

    def _one_path(self, real: Any, name: str) -> Any:
        def call(path: Any, *args: Any, dir_fd: int | None = None, **kwargs: Any) -> Any:
            full = _full_path(path, dir_fd)
            if self._under(full, self._read_only):
                if name == "mkdir" and os.path.lexists(full):
                    raise _oserror(errno.EEXIST, path)
                raise _oserror(errno.EROFS, path)
            if dir_fd is not None:
                kwargs["dir_fd"] = dir_fd
            return real(path, *args, **kwargs)
        return call

    def _two_paths(self, real: Any) -> Any:
        def call(src: Any, dst: Any, *, src_dir_fd: int | None = None, dst_dir_fd: int | None = None) -> Any:
            if self._under(_full_path(src, src_dir_fd), self._read_only) \
                    or self._under(_full_path(dst, dst_dir_fd), self._read_only):
                raise _oserror(errno.EROFS, src)
            return real(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
        return call

    def _connect(self, real: Any) -> Any:
        def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
            name = os.fspath(database)
            uri = bool(kwargs.get("uri"))
            path = name[5:].split("?", 1)[0] if uri and name.startswith("file:") else name
            full = _full_path(path) if path != ":memory:" else ""
            if full and self._under(full, self._read_only):
                if uri:
                    base, _, query = name.partition("?")
                    params = [p for p in query.split("&") if p and not p.startswith("mode=")]
                    name = base + "?" + "&".join([*params, "mode=ro"])
                else:
                    name = f"file:{full}?mode=ro"
                kwargs["uri"] = True
                return real(name, *args, **kwargs)  # type: ignore[no-any-return]
            db = real(database, *args, **kwargs)
            if full and self._under(full, self._full) and self._db_pages is not None:
                pages = db.execute("PRAGMA page_count").fetchone()[0]
                db.execute(f"PRAGMA max_page_count = {pages + self._db_pages}")
            return db  # type: ignore[no-any-return]
        return connect


    def _apsw_connection(self, real: Any) -> Any:
        faults = self

        class Connection(real):  # type: ignore[misc, valid-type]
            """apsw's connection, refusing writes as the faults say (it writes from C, too)."""

            def __init__(self, filename: str, flags: int | None = None, **kwargs: Any) -> None:
                import apsw

                open_flags = apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE if flags is None else flags
                path = filename[5:].split("?", 1)[0] if filename.startswith("file:") else filename
                full = _full_path(path) if path != ":memory:" else ""
                if full and faults._under(full, faults._read_only):
                    if not os.path.exists(full):
                        raise apsw.CantOpenError("unable to open database file")
                    base, _, query = filename.partition("?")
                    params = [q for q in query.split("&") if q and not q.startswith("mode=")]
                    filename = ("file:" + full if not base.startswith("file:") else base) + \
                        "?" + "&".join([*params, "mode=ro"])
                    open_flags = apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI
                super().__init__(filename, flags=open_flags, **kwargs)
                self._full = bool(full) and faults._under(full, faults._full) and faults._db_pages is None \
                    and faults._file_bytes is not None

            def _refuse(self, sql: str) -> None:
                # The index's writes count as file bytes; with less than a page left, SQLite's
                # answer on a full disk (a budget of pages would be met from its free pages first).
                import apsw

                if self._full and faults.room() < 4096 and sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
                    raise apsw.FullError("database or disk is full")

            def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
                self._refuse(sql)
                return super().execute(sql, *args, **kwargs)

            def executemany(self, sql: str, *args: Any, **kwargs: Any) -> Any:
                self._refuse(sql)
                return super().executemany(sql, *args, **kwargs)

        return Connection


def cli_main() -> int:
    """``baoku``'s entry point with the faults of ``$BAOKU_TEST_FAULTS`` installed, and, if
    ``$BAOKU_TEST_DURING_IMPORT`` names a bad-input folder, that folder changed between the
    import's walk and its reads (``make_bad_inputs.during_import``)."""
    Faults.from_env()
    during = os.environ.get("BAOKU_TEST_DURING_IMPORT")
    if during:
        after_walk(Path(during))
    from reader.__main__ import main

    return int(main() or 0)


def after_walk(dest: Path, setattr_: Callable[[Any, str, Any], None] = setattr) -> None:
    """Make imports change ``dest`` once, after walking it and before reading any file."""
    from make_bad_inputs import during_import

    import reader.library

    walk = reader.library._collect
    done: list[bool] = []

    def collect(path: Path, reports: list[Any]) -> Any:
        found = list(walk(path, reports))
        if not done:
            done.append(True)
            during_import(dest)
        yield from found

    setattr_(reader.library, "_collect", collect)
