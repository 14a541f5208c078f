#!/usr/bin/env python3
"""A clipstream webhook receiver that checks each signature: python3 webhook-receiver.py SECRET [PORT]"""
import hashlib, hmac, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = sys.argv[1].encode()

class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ts = self.headers.get("X-Clipstream-Timestamp", "0")
        mac = hmac.new(SECRET, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        fresh = ts.isdigit() and abs(time.time() - int(ts)) < 300
        ok = fresh and hmac.compare_digest("v1=" + mac, self.headers.get("X-Clipstream-Signature", ""))
        self.send_response(204 if ok else 401)
        self.end_headers()
        print("verified" if ok else "REJECTED", self.headers.get("Idempotency-Key"), body.decode(), flush=True)

    def log_message(self, *args):
        pass

HTTPServer(("127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 8080), Hook).serve_forever()
