"""File descriptors of the job server (see the protocol in stedi_glue.job_server).

fd 3 carries events, fd 4 the output of the job in progress: while a job runs, the process's
fds 1 and 2 point at fd 4, so whatever the script writes, and however, is the job's output.
"""

from __future__ import annotations

import json
import os
import sys
import threading

EVENTS_FD = 3
OUTPUT_FD = 4
OUTPUT_END = b"\0stedi-output-end "


class Events:
    """One JSON object per line on fd 3, safe to call from the reader thread and the main one."""

    def __init__(self, stream):
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, payload: dict) -> None:
        line = json.dumps(payload, default=str)
        with self._lock:
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass


class JobInterrupted(KeyboardInterrupt):
    """Raised in the main thread when the harness cancels the job in progress (its timeout).

    A KeyboardInterrupt on purpose: Py4J closes the connection of a call it interrupts on
    KeyboardInterrupt, so the next job starts on a clean one.
    """


class JobOutput:
    """Points fds 1 and 2 at the job output pipe for the duration of one job."""

    def __init__(self, fd: int = OUTPUT_FD):
        self.fd = fd
        self._saved: tuple[int, int] | None = None

    def __enter__(self) -> "JobOutput":
        _flush_std_streams()
        self._saved = (os.dup(1), os.dup(2))
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)
        return self

    def __exit__(self, *exc) -> None:
        _flush_std_streams()
        if self._saved is not None:
            out, err = self._saved
            os.dup2(out, 1)
            os.dup2(err, 2)
            os.close(out)
            os.close(err)
            self._saved = None

    def end(self, token: str) -> None:
        """The end marker: everything before it on the pipe was this job's output."""
        try:
            os.write(self.fd, OUTPUT_END + token.encode("ascii", "replace") + b"\0")
        except OSError:
            pass


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass


def require_fd(fd: int, purpose: str) -> int:
    try:
        os.fstat(fd)
        return fd
    except OSError as exc:
        print(f"stedi_glue.job_server: file descriptor {fd} is not open ({exc}); "
              f"the harness must spawn the server with a pipe on fd {fd} for {purpose}", file=sys.stderr)
        sys.exit(2)
