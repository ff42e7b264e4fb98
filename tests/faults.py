"""Outages made for real, for the fault tests of the PostgreSQL pass (issue 12)."""

import contextlib
import socket


def closed_port():
    """A loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def database_down(alias="default"):
    """Every new connection to the database is refused: the open one is closed and the connection
    pointed at a closed port, as when PostgreSQL is stopped. Afterwards the old address is put
    back and the next query connects again."""
    from django.db import connections

    connection = connections[alias]
    saved = {key: connection.settings_dict.get(key) for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)
