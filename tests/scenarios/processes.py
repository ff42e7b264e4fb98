"""The gunicorn master and workers the `stack` fixture started, found through /proc (Linux)."""

import os
import time

import pytest


def _parent_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def _cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return f.read().replace(b"\0", b" ").decode(errors="replace")


def _children(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if _parent_of(int(entry)) == pid:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
    return sorted(found)


def _master():
    """The gunicorn master: the `stack` fixture started it from this process."""
    masters = [pid for pid in _children(os.getpid()) if "gunicorn" in _cmdline(pid)]
    assert len(masters) == 1, masters
    return masters[0]


def _workers(master, count=2, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        workers = _children(master)
        if len(workers) == count:
            return workers
        time.sleep(0.2)
    pytest.fail(f"gunicorn has workers {_children(master)}, expected {count}")


def _socket_inodes(pid):
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _inode_of_local_port(port):
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            for line in f:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    return fields[9]
    return None


def _worker_of_backend(workers, client_port):
    """The worker whose PostgreSQL connection has this client port (pg_stat_activity.client_port)."""
    inode = _inode_of_local_port(client_port)
    owners = [pid for pid in workers if inode in _socket_inodes(pid)]
    assert len(owners) == 1, (client_port, inode, owners)
    return owners[0]
