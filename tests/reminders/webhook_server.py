"""A small HTTP server on 127.0.0.1 that records webhook calls (the test's enterprise robot)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class WebhookServer:
    """Answers each POST with the next of `statuses` (then 200) after `delay` seconds; records the calls."""

    def __init__(self, statuses=(), delay: float = 0.0, bodies=()):
        self.statuses = list(statuses)
        self.bodies = list(bodies)  # answers in turn, then {"errcode": 0}
        self.delay = delay
        self.calls: list[dict] = []
        self.received = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with server._lock:
                    server.calls.append({"key": self.headers.get("Idempotency-Key"), "json": json.loads(body),
                                         "at": time.monotonic()})
                    status = server.statuses.pop(0) if server.statuses else 200
                    answer = server.bodies.pop(0) if server.bodies else {"errcode": 0}
                server.received.set()
                time.sleep(server.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(json.dumps(answer, ensure_ascii=False).encode())
                except OSError:
                    pass  # the client gave up (timeout) or was killed

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/robot/send"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def keys(self) -> list[str]:
        with self._lock:
            return [call["key"] for call in self.calls]
