"""The compose example's callback receiver: a stand-in for the web application.

Acknowledges every POST with 204 and records it; GET /callbacks answers the recorded callbacks as a
JSON array of {"path", "webhookId", "authorized", "body"} (authorized: the Authorization header was
"Bearer " + API_SHARED_SECRET). Each callback is also printed as one JSON line to stdout
(docker-compose logs callbacks). A repeated webhook-id is acknowledged and not recorded again.
"""

import http.server
import json
import os
import signal
import sys
import threading

SECRET = os.environ.get("API_SHARED_SECRET", "")
RECORDED = []
SEEN = set()
LOCK = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        webhook_id = self.headers.get("webhook-id", "")
        entry = {
            "path": self.path,
            "webhookId": webhook_id,
            "authorized": bool(SECRET)
            and self.headers.get("Authorization") == "Bearer " + SECRET,
            "body": body,
        }
        with LOCK:
            if webhook_id not in SEEN:
                SEEN.add(webhook_id)
                RECORDED.append(entry)
                print(json.dumps(entry), flush=True)
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        if self.path != "/callbacks":
            self.send_error(404)
            return
        with LOCK:
            payload = json.dumps(RECORDED).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


if __name__ == "__main__":
    # As PID 1 the process has no default SIGTERM action: stop at once on docker stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port = int(os.environ.get("PORT", "8000"))
    http.server.ThreadingHTTPServer(("0.0.0.0", port), Receiver).serve_forever()
