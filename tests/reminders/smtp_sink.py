"""A small SMTP server on 127.0.0.1 (a thread) that accepts every message and records its Message-ID.

Enough of RFC 5321 for Django's SMTP backend: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
"""

import email
import socketserver
import threading
import time


class SmtpSink:
    def __init__(self, delay: float = 0.0):
        self.delay = delay  # before answering DATA: a slow server, so a test can kill a sender mid-send
        self.messages: list[email.message.Message] = []
        self.received = threading.Event()  # a DATA has begun
        self._lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def _say(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                try:
                    self._say("220 sink ESMTP")
                    while line := self.rfile.readline():
                        verb = line.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
                        if verb == "EHLO":
                            self._say("250-sink")
                            self._say("250 8BITMIME")
                        elif verb == "DATA":
                            self._say("354 go ahead")
                            self._data()
                        elif verb == "QUIT":
                            self._say("221 bye")
                            return
                        else:
                            self._say("250 OK")
                except OSError:
                    pass  # the client was killed

            def _data(self):
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                sink.received.set()
                time.sleep(sink.delay)
                with sink._lock:
                    sink.messages.append(email.message_from_bytes(b"".join(lines)))
                self._say("250 queued")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def message_ids(self) -> list[str]:
        with self._lock:
            return [" ".join(str(m["Message-ID"]).split()) for m in self.messages]  # unfolded

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
