"""A loopback web server for the fetch tests: saved pages, feeds, redirects, errors, a slow
body, a huge body and non-HTML content, each at its own path."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Send the body in pieces of this size with this pause between them.
    chunk: int = 0
    pause_s: float = 0.0
    #: Declared and streamed body size (bytes of ``body`` repeated), for the huge-body route.
    repeat_to: int = 0
    #: Send no content-length (the body ends when the connection closes).
    declare_length: bool = True


@dataclass
class Site:
    routes: dict[str, Route]
    #: Requests seen: (path, user agent).
    seen: list[tuple[str, str]] = field(default_factory=list)
    #: When each path was requested (time.monotonic()).
    times: dict[str, list[float]] = field(default_factory=dict)
    #: How many bytes the server managed to send per path before the client hung up.
    sent: dict[str, int] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up on a kept-alive connection is not a server fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def web_server(routes: dict[str, Route]) -> Iterator[tuple[str, Site]]:
    site = Site(routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            site.seen.append((self.path, self.headers.get("user-agent", "")))
            site.times.setdefault(self.path, []).append(time.monotonic())
            route = site.routes.get(self.path)
            if route is None:
                route = Route(404, b"<html><body>Not found</body></html>")
            size = route.repeat_to or len(route.body)
            self.send_response(route.status)
            self.send_header("content-type", route.content_type)
            if route.declare_length:
                self.send_header("content-length", str(size))
            else:
                self.send_header("connection", "close")
                self.close_connection = True
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            sent = 0
            try:
                if route.repeat_to:
                    block = route.body * (65536 // len(route.body) + 1)
                    while sent < size:
                        piece = block[: min(65536, size - sent)]
                        self.wfile.write(piece)
                        sent += len(piece)
                elif route.chunk:
                    for i in range(0, len(route.body), route.chunk):
                        self.wfile.write(route.body[i : i + route.chunk])
                        self.wfile.flush()
                        sent += route.chunk
                        time.sleep(route.pause_s)
                else:
                    self.wfile.write(route.body)
                    sent = len(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should on a body over the cap
            site.sent[self.path] = sent

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", site
    finally:
        server.shutdown()
        server.server_close()
