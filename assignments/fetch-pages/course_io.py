"""The course's simulated network: `get(url)` returns the page at `url` after a delay.

Nothing here touches the real network.

- On your own computer (COURSE_IO_SOCKET unset), `get` sleeps LATENCY_S and returns bytes
  derived from the URL, so you can develop and time your solution offline.
- In the grader, COURSE_IO_SOCKET names a Unix socket served by the grader. `get` connects,
  sends the URL (UTF-8) and a newline, and reads the page until the server closes the
  connection. The server waits the latency before answering, and its pages depend on a
  secret of the grading job: they cannot be computed, only fetched.

Each `get` opens its own connection, so calls from several threads do not interfere.
"""
import hashlib
import os
import socket
import time

LATENCY_S = 0.02
TIMEOUT_S = 30.0
ERROR_PREFIX = b"ERROR "


class CourseIOError(RuntimeError):
    """The simulated service could not deliver a page."""


def get(url: str) -> bytes:
    if not isinstance(url, str):
        raise TypeError(f"course_io.get expects a str URL, got {type(url).__name__}")
    if "\n" in url:
        raise ValueError("course_io.get: a URL cannot contain a newline")
    path = os.environ.get("COURSE_IO_SOCKET")
    if path:
        return _fetch_from_service(path, url)
    time.sleep(LATENCY_S)
    return local_page(url)


def local_page(url: str) -> bytes:
    """The offline page for `url`: 300 to 2299 bytes that depend only on the URL."""
    digest = hashlib.sha256(url.encode("utf-8")).digest()
    size = 300 + int.from_bytes(digest[:2], "big") % 2000
    return hashlib.shake_256(b"course_io:" + url.encode("utf-8")).digest(size)


def _fetch_from_service(path: str, url: str) -> bytes:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(TIMEOUT_S)
            sock.connect(path)
            sock.sendall(url.encode("utf-8") + b"\n")
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except OSError as exc:  # includes socket.timeout
        raise CourseIOError(f"course_io: could not fetch {url!r}: {exc}") from exc
    body = b"".join(chunks)
    if not body:
        raise CourseIOError(f"course_io: the service closed the connection without an answer for {url!r}")
    if body.startswith(ERROR_PREFIX):
        message = body[len(ERROR_PREFIX):].decode("utf-8", "replace").strip()
        raise CourseIOError(f"course_io: the service refused {url!r}: {message}")
    return body
