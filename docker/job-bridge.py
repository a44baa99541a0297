"""The Glue container's job bridge: one job server process per TCP connection.

The harness's job server speaks over five file descriptors (requests on stdin, its log on
stdout/stderr, events on fd 3, job output on fd 4). `docker exec` carries only three, so the
container runs this bridge instead: each connection from the host starts
`python -m stedi_glue.job_server` with real fds 3 and 4 and multiplexes its four outputs onto the
socket as frames (1 byte channel, 4 bytes big-endian length, payload); what the host sends is the
server's stdin. When the server exits, a last frame (channel 9, JSON {"code", "signal"}) says how,
and the connection closes. When the host goes away (the harness killed its side: a timeout, a
stop), the server's whole process group (its JVM too) is killed. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading

EXIT_CHANNEL = 9


def high_fd(fd: int) -> int:
    """A copy of fd numbered 10 or above, so mapping it onto 3 or 4 in the child cannot collide."""
    import fcntl

    copy = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return copy


def serve_connection(conn: socket.socket, address: tuple) -> None:
    send_lock = threading.Lock()

    def send(channel: int, data: bytes) -> None:
        with send_lock:
            try:
                conn.sendall(struct.pack(">BI", channel, len(data)) + data)
            except OSError:
                pass  # the host is gone; the reader below kills the server

    events_r, events_w = (high_fd(fd) for fd in os.pipe())
    output_r, output_w = (high_fd(fd) for fd in os.pipe())
    # A tiny Python prelude maps the two pipe ends (numbered 10+) onto fds 3 and 4 and execs the
    # server in place (no preexec_fn: this process has threads).
    prelude = (
        "import os, sys; w3, w4 = int(sys.argv[1]), int(sys.argv[2]); os.dup2(w3, 3); os.dup2(w4, 4); "
        "os.close(w3); os.close(w4); os.execv(sys.executable, [sys.executable, '-m', 'stedi_glue.job_server'])"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", prelude, str(events_w), str(output_w)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        pass_fds=(events_w, output_w),
        start_new_session=True,  # its own process group: the JVM it starts dies with it
    )
    os.close(events_w)
    os.close(output_w)
    print(f"job bridge: {address[0]}:{address[1]} connected, job server pid {proc.pid}", flush=True)

    def pump(stream, channel: int) -> None:
        while True:
            chunk = os.read(stream if isinstance(stream, int) else stream.fileno(), 65536)
            if not chunk:
                return
            send(channel, chunk)

    pumps = [
        threading.Thread(target=pump, args=(proc.stdout, 1), daemon=True),
        threading.Thread(target=pump, args=(proc.stderr, 2), daemon=True),
        threading.Thread(target=pump, args=(events_r, 3), daemon=True),
        threading.Thread(target=pump, args=(output_r, 4), daemon=True),
    ]
    for thread in pumps:
        thread.start()

    def kill_group() -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def from_host() -> None:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                proc.stdin.write(data)
                proc.stdin.flush()
        except (OSError, ValueError):
            pass
        if proc.poll() is None:
            print(f"job bridge: the host closed the connection; killing job server {proc.pid}", flush=True)
            kill_group()

    threading.Thread(target=from_host, daemon=True).start()
    code = proc.wait()
    # What the server wrote just before exiting is still in the pipes (a forked child of the
    # server may hold them open: give it a second, then report the exit anyway).
    for thread in pumps:
        thread.join(timeout=1.0)
    kill_group()  # a JVM left behind by a server that died on its own
    exit_info = {"code": code, "signal": None} if code >= 0 else {"code": None, "signal": signal.Signals(-code).name}
    send(EXIT_CHANNEL, json.dumps(exit_info).encode())
    print(f"job bridge: job server {proc.pid} exited {exit_info}", flush=True)
    for fd in (events_r, output_r):
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        conn.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=7070)
    args = parser.parse_args()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inside the container's own network namespace; the harness publishes it on the host's
    # 127.0.0.1 only.
    server.bind(("0.0.0.0", args.port))
    server.listen(8)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"job bridge listening on {args.port}", flush=True)
    while True:
        conn, address = server.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=serve_connection, args=(conn, address), daemon=True).start()


if __name__ == "__main__":
    main()
