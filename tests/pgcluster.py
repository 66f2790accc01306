"""A throwaway PostgreSQL cluster for the test suite: initdb into a temp dir, pg_ctl start on a free
port on 127.0.0.1 (unix socket in the same temp dir), stopped and removed at exit.

Run as root, initdb refuses to work, so the cluster then belongs to the ``postgres`` system user
(or ``nobody``) and the server commands run through ``runuser``/``su``.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PgClusterError(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory of ``initdb`` and ``pg_ctl``: PATH first, then Debian's versioned dirs."""
    found = shutil.which("initdb")
    if found:
        bindir = Path(found).resolve().parent
        if (bindir / "pg_ctl").exists():
            return bindir
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    raise PgClusterError("PostgreSQL's initdb was not found (install the postgresql package)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class PgCluster:
    def __init__(self) -> None:
        self.bindir = find_bindir()
        # As root the server runs as another user, who must be able to reach the directory:
        # /tmp rather than a TMPDIR that may sit under a root-only home.
        parent = "/tmp" if os.geteuid() == 0 and os.path.isdir("/tmp") else None
        self.base = Path(tempfile.mkdtemp(prefix="yearline-pg-", dir=parent))
        self.data = self.base / "data"
        self.sockdir = self.base / "sock"
        self.port = 0
        self.owner: str | None = None
        if os.geteuid() == 0:
            self.owner = _system_user()
            uid, gid = pwd.getpwnam(self.owner)[2:4]
            self.sockdir.mkdir()
            for path in (self.base, self.sockdir):
                os.chown(path, uid, gid)
        else:
            self.sockdir.mkdir()
        self.base.chmod(0o700)
        self._started = False

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.owner is not None:
            if shutil.which("runuser"):
                cmd = ["runuser", "-u", self.owner, "--", *cmd]
            else:
                cmd = ["su", "-s", "/bin/sh", self.owner, "-c", shlex.join(cmd)]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=self.base
        )

    def start(self) -> None:
        result = self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8",
        )  # fmt: skip
        if result.returncode != 0:
            result = self._run(
                "initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--no-locale",
            )  # fmt: skip
        if result.returncode != 0:
            raise PgClusterError(f"initdb failed: {result.stderr.strip()[-500:]}")
        atexit.register(self.stop)
        last = ""
        for _ in range(5):
            self.port = _free_port()
            options = (
                f"-p {self.port} -k {self.sockdir} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            result = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"), "-w",
                "-t", "60", "-o", options, "start",
            )  # fmt: skip
            if result.returncode == 0:
                self._started = True
                return
            last = result.stderr.strip() or result.stdout.strip()
            time.sleep(0.5)
        log = self.base / "server.log"
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        raise PgClusterError(f"pg_ctl start failed: {last[-300:]} {tail}")

    def stop(self) -> None:
        if self._started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            self._started = False
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, name: str, *, template: str | None = None) -> str:
        tmpl = f" TEMPLATE {template}" if template else ""
        self.execute(f"CREATE DATABASE {name}{tmpl}")
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _system_user() -> str:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PgClusterError("running as root and neither a postgres nor a nobody user exists")
