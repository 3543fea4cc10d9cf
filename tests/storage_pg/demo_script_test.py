#!/usr/bin/env python3
"""scripts/demo-postgresql.sh as the README runs it, on this build's executable (EINBLICK=…,
so it builds nothing): a throwaway cluster, the demo seeded and served (Erika logs in and sees
her history), the password never on the server's command line, and after SIGTERM (what the
script also does on Ctrl-C) the server stopped and the cluster and its directories removed.

    demo_script_test.py SCRIPT EINBLICK
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def fail(message):
    print(f"demo_script_test: FAIL: {message}", flush=True)
    sys.exit(1)


def main():
    script, einblick = sys.argv[1], sys.argv[2]
    log_dir = Path(tempfile.mkdtemp(prefix="einblick-demo-script-"))
    out_path, err_path = log_dir / "stdout", log_dir / "stderr"
    with open(out_path, "w") as out, open(err_path, "w") as err:
        script_process = subprocess.Popen(
            ["bash", script, "--", "--port", "0", "--no-request-log"],
            stdout=out, stderr=err, env={**os.environ, "EINBLICK": einblick},
            start_new_session=True)
    try:
        port = None
        deadline = time.monotonic() + 300
        while port is None and time.monotonic() < deadline:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", out_path.read_text())
            if match:
                port = int(match.group(1))
            elif script_process.poll() is not None:
                fail(f"the script ended ({script_process.returncode}):\n"
                     f"{out_path.read_text()}{err_path.read_text()}")
            else:
                time.sleep(0.2)
        if port is None:
            fail("no 'listening on' line within 300 s")
        stdout = out_path.read_text()
        if "Seeded demo data into postgresql://einblick@127.0.0.1:" not in stdout:
            fail(f"no seeding on PostgreSQL:\n{stdout}")

        # The server's command line names the URL without its password.
        server = subprocess.run(["pgrep", "-s", str(script_process.pid), "-a", "-f",
                                 "serve --db postgresql://"],
                                capture_output=True, text=True).stdout
        if not re.search(r"serve --db postgresql://einblick@127\.0\.0\.1:\d+/", server):
            fail(f"server command line not found or with a password: {server!r}")

        login = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/session", method="POST",
            data=json.dumps({"username": "erika", "password": "Einblick-Demo-2026"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(login, timeout=30) as answer:
            cookie = answer.headers["Set-Cookie"].split(";", 1)[0]
        history = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/me/access-events",
                                         headers={"Cookie": cookie})
        with urllib.request.urlopen(history, timeout=30) as answer:
            items = json.load(answer)["items"]
        if len(items) == 0:
            fail("Erika's history is empty")

        match = re.search(r"PostgreSQL on \S+ and (\S+); URL in (\S+)/url",
                          err_path.read_text())
        if not match:
            fail(f"no cluster line on stderr:\n{err_path.read_text()}")
        cluster_dir, state_dir = Path(match.group(1)), Path(match.group(2))

        script_process.send_signal(signal.SIGTERM)
        try:
            code = script_process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            fail("the script did not stop within 120 s of SIGTERM")
        if "shutting down" not in out_path.read_text():
            fail("the server was not stopped in order")
        for leftover in (cluster_dir, state_dir):
            if leftover.exists():
                fail(f"{leftover} is left behind")
        print(f"demo_script_test: ok (exit {code}, {len(items)} history entries on the first page)")
    finally:
        if script_process.poll() is None:
            os.killpg(script_process.pid, signal.SIGKILL)
            script_process.wait()
        for path in (out_path, err_path):
            path.unlink(missing_ok=True)
        log_dir.rmdir()


if __name__ == "__main__":
    main()
