#!/usr/bin/env python3
"""Gate collection contacts from Python with cobranza-compliance, standard library only.

Two ways, the same decisions:

* ``ServiceClient``: the HTTP service (``cobranza-compliance serve``), one request per attempt or a
  batch; a bad attempt is an ``application/problem+json`` answer (RFC 9457).
* ``CheckProcess``: one ``cobranza-compliance check -`` process kept open; each attempt is one JSON
  line in, its decision one JSON line out, at once.

Usage (prints one line per attempt: id, verdict, next allowed instant, rules broken)::

    python3 examples/python_client.py http://127.0.0.1:8080 [--token-file FILE] < attempts.jsonl
    python3 examples/python_client.py --process "npx cobranza-compliance" < attempts.jsonl

What to do with a verdict: ``allow`` — contact now; ``delay`` — schedule the same contact at
``nextAllowedAt``; ``block`` — do not make this contact as it is (see ``violations``).
"""

import json
import shlex
import subprocess
import sys
import urllib.error
import urllib.request


class Problem(Exception):
    """A problem answered by the service (RFC 9457): ``status``, ``type``, ``title``, ``issues``."""

    def __init__(self, problem):
        self.problem = problem
        self.status = problem.get("status")
        self.issues = problem.get("issues", [])
        super().__init__(f"{problem.get('title')}: {problem.get('detail', '')}")


class ServiceClient:
    """POST /v1/check and /v1/windows of ``cobranza-compliance serve``."""

    def __init__(self, base_url, token=None, timeout=10.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _post(self, path, body):
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        if self.token is not None:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.headers.get_content_type() == "application/problem+json":
                raise Problem(json.load(error)) from None
            raise

    def check(self, attempt):
        """The decision for one attempt; raises Problem when the attempt is not valid."""
        return self._post("/v1/check", attempt)

    def check_batch(self, attempts):
        """One entry per attempt, in order: a decision, or ``{"index", "id", "error"}`` for a bad one."""
        return self._post("/v1/check", attempts)

    def windows(self, attempt, days=7):
        """When the same attempt would be lawful over the next ``days`` (1 to 31)."""
        return self._post("/v1/windows?days=" + str(days), attempt)


class CheckProcess:
    """One ``check -`` process kept open: a JSON line in, its decision (or error) line out."""

    def __init__(self, command="npx cobranza-compliance"):
        self.process = subprocess.Popen(
            shlex.split(command) + ["check", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def check(self, attempt):
        """The decision, or ``{"line", "id", "error"}`` when the attempt is bad."""
        self.process.stdin.write(json.dumps(attempt) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("check - ended (exit status %s)" % self.process.poll())
        return json.loads(line)

    def close(self):
        """End the input; the exit status: 0 all allowed, 1 some not, 2 some line was bad."""
        self.process.stdin.close()
        return self.process.wait()


def describe(decision):
    if "error" in decision:
        issues = "; ".join(f"{i['path']}: {i['message']}" for i in decision["error"]["issues"])
        return f"{decision.get('id')}\terror\t{issues}"
    broken = " ".join(v["ruleId"] for v in decision["violations"])
    return f"{decision['attemptId']}\t{decision['verdict']}\t{decision['nextAllowedAt'] or '-'}\t{broken}"


def main(argv):
    attempts = [json.loads(line) for line in sys.stdin if line.strip()]
    if len(argv) >= 2 and argv[0] == "--process":
        gate = CheckProcess(argv[1])
        for attempt in attempts:
            print(describe(gate.check(attempt)))
        return 0 if gate.close() in (0, 1) else 2
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    token = None
    if len(argv) >= 3 and argv[1] == "--token-file":
        with open(argv[2], encoding="utf-8") as f:
            token = f.read().strip()
    client = ServiceClient(argv[0], token)
    status = 0
    for attempt in attempts:
        try:
            print(describe(client.check(attempt)))
        except Problem as problem:
            status = 2
            print(f"{attempt.get('id')}\terror\t{problem}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
