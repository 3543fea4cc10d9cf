#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for one test run (CTest fixture, tests/storage_pg).

    pg_cluster.py start STATE_DIR [--replica]
                                    initdb in a fresh temporary directory, start the server on a
                                    free port of 127.0.0.1 and a Unix socket in that directory,
                                    create the test database, write its URL to STATE_DIR/url;
                                    with --replica also a streaming replica of it (pg_basebackup
                                    -R into the same temporary directory, a free port of its
                                    own), its URL in STATE_DIR/replica_url
    pg_cluster.py stop STATE_DIR    stop the cluster STATE_DIR names (replica first) and remove
                                    its directory

STATE_DIR lives in the build tree, so the ci and asan build trees each have their own cluster.
A fresh temporary directory and a free port per start mean a cluster left running by a killed
run cannot collide with the next one; `start` also stops and removes such a leftover first.

PostgreSQL refuses to run as root, and CI runs as root: then every PostgreSQL program runs as
Debian's `postgres` system user (runuser), which owns the temporary directory.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

BIN_DIR = Path(os.environ.get("EINBLICK_PG_BIN_DIR", "/usr/lib/postgresql/15/bin"))
DATABASE = "einblick_test"
ROLE = "einblick"
START_ATTEMPTS = 5  # another process may take the free port between choosing and binding it


def log(message):
    print(f"pg_cluster: {message}", flush=True)


def fail(message):
    print(f"pg_cluster: error: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def running_as_root():
    return os.geteuid() == 0


def as_cluster_owner(command):
    """The command line that runs `command` as the cluster's owner (never root)."""
    if running_as_root():
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def run(command, cwd, check=True):
    result = subprocess.run(as_cluster_owner(command), cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        fail(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_cluster_dir():
    cluster_dir = Path(tempfile.mkdtemp(prefix="einblick-pg-"))
    if running_as_root():
        shutil.chown(cluster_dir, "postgres", "postgres")
    return cluster_dir


def write_owned_by_cluster(path, text):
    path.write_text(text)
    path.chmod(0o600)
    if running_as_root():
        shutil.chown(path, "postgres", "postgres")


def init_cluster(cluster_dir, password):
    password_file = cluster_dir / "password"
    write_owned_by_cluster(password_file, password + "\n")
    # Sockets in the owner-only cluster directory need no password; TCP needs the password.
    # --no-sync: the throwaway's initial files need no flush; the server itself runs with fsync.
    run([str(BIN_DIR / "initdb"), "--pgdata", str(cluster_dir / "data"), "--username", ROLE,
         f"--pwfile={password_file}", "--auth-local=trust", "--auth-host=scram-sha-256",
         "--encoding=UTF8", "--no-locale", "--no-sync"], cwd=cluster_dir)
    password_file.unlink()
    settings = (
        "listen_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{cluster_dir}'\n"
        # What Einblick's durability needs, set explicitly rather than trusting the defaults.
        "fsync = on\n"
        "synchronous_commit = on\n"
        "max_connections = 30\n"
        "shared_buffers = 16MB\n")
    with open(cluster_dir / "data" / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(settings)


def start_server(cluster_dir, data_name="data", log_name="server.log"):
    """Starts the server of cluster_dir/data_name on a free port and returns the port."""
    log_file = cluster_dir / log_name
    for _ in range(START_ATTEMPTS):
        port = free_port()
        result = run([str(BIN_DIR / "pg_ctl"), "start", "--pgdata", str(cluster_dir / data_name),
                      "--log", str(log_file), "--wait", "--timeout=60", "-o", f"-p {port}"],
                     cwd=cluster_dir, check=False)
        if result.returncode == 0:
            return port
        server_log = log_file.read_text(errors="replace") if log_file.exists() else ""
        if "could not bind" not in server_log and "already in use" not in server_log:
            fail(f"pg_ctl start failed ({result.returncode}):\n{result.stdout}{result.stderr}"
                 f"\nserver log:\n{server_log}")
        log(f"port {port} was taken meanwhile; trying another")
    fail(f"no free port after {START_ATTEMPTS} attempts")


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def postmaster_pid(data_dir):
    try:
        return int((data_dir / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def stop_server(cluster_dir, data_dir):
    """Stops the server of data_dir (fast, else immediate), if it runs."""
    pid = postmaster_pid(data_dir)
    if pid is not None and process_alive(pid):
        for mode in ("fast", "immediate"):
            result = run([str(BIN_DIR / "pg_ctl"), "stop", "--pgdata", str(data_dir),
                          "--mode", mode, "--wait", "--timeout=30"], cwd=cluster_dir, check=False)
            if result.returncode == 0:
                break
            log(f"pg_ctl stop -m {mode} failed: {result.stdout}{result.stderr}")
        # pg_ctl stop --wait returns once postmaster.pid is gone; a server still holding it
        # must not lose its directory underneath it.
        if postmaster_pid(data_dir) == pid and process_alive(pid):
            fail(f"the server (pid {pid}) in {data_dir} is still running")


def stop_cluster(cluster_dir):
    """Stops the replica, if any, and the primary, and removes cluster_dir."""
    for data_dir in (cluster_dir / "replica", cluster_dir / "data"):
        stop_server(cluster_dir, data_dir)
    shutil.rmtree(cluster_dir, ignore_errors=True)
    if cluster_dir.exists():
        fail(f"could not remove {cluster_dir}")


def forget_state(state_dir):
    for name in ("url", "replica_url", "cluster_dir"):
        (state_dir / name).unlink(missing_ok=True)


def stop_recorded_cluster(state_dir):
    """Stops the cluster state_dir records, if any; True when there was one."""
    record = state_dir / "cluster_dir"
    if not record.exists():
        return False
    cluster_dir = Path(record.read_text().strip())
    if cluster_dir.name.startswith("einblick-pg-") and cluster_dir.exists():
        stop_cluster(cluster_dir)
    forget_state(state_dir)
    return True


def write_private(path, text):
    """Writes text to path atomically, readable by the test user only (it holds a password)."""
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    partial.replace(path)


def start_replica(cluster_dir, primary_port):
    """A hot standby streaming from the primary: a base backup of it with -R (standby.signal
    and primary_conninfo over the primary's Unix socket, no password), started on a free port
    of its own. Returns the port."""
    run([str(BIN_DIR / "pg_basebackup"), "--pgdata", str(cluster_dir / "replica"),
         "--host", str(cluster_dir), "--port", str(primary_port), "--username", ROLE,
         "--write-recovery-conf", "--wal-method=stream", "--checkpoint=fast", "--no-sync"],
        cwd=cluster_dir)
    return start_server(cluster_dir, "replica", "replica.log")


def start(state_dir, replica):
    if not (BIN_DIR / "initdb").exists():
        fail(f"no {BIN_DIR / 'initdb'}: install postgresql-15 (bash emsdk-setup.sh)")
    state_dir.mkdir(parents=True, exist_ok=True)
    if stop_recorded_cluster(state_dir):
        log("stopped and removed a cluster left behind by an earlier run")
    cluster_dir = make_cluster_dir()
    # Recorded before anything else, so stop (or the next start) can always clean up.
    write_private(state_dir / "cluster_dir", f"{cluster_dir}\n")
    password = secrets.token_hex(16)
    init_cluster(cluster_dir, password)
    port = start_server(cluster_dir)
    run([str(BIN_DIR / "createdb"), "--host", str(cluster_dir), "--port", str(port),
         "--username", ROLE, DATABASE], cwd=cluster_dir)
    url = f"postgresql://{ROLE}:{password}@127.0.0.1:{port}/{DATABASE}"
    if replica:
        # The role and its password come with the base backup, as does the test database.
        replica_port = start_replica(cluster_dir, port)
        replica_url = f"postgresql://{ROLE}:{password}@127.0.0.1:{replica_port}/{DATABASE}"
        write_private(state_dir / "replica_url", replica_url + "\n")
        log(f"its streaming replica on 127.0.0.1:{replica_port}; URL in "
            f"{state_dir / 'replica_url'}")
    # Last: a test that finds the URL finds the replica's too, when one was asked for.
    write_private(state_dir / "url", url + "\n")
    log(f"PostgreSQL on 127.0.0.1:{port} and {cluster_dir}; URL in {state_dir / 'url'}")


def stop(state_dir):
    if stop_recorded_cluster(state_dir):
        log("stopped and removed the cluster")
    else:
        log("no cluster recorded; nothing to stop")


def main():
    arguments = sys.argv[1:]
    replica = "--replica" in arguments
    if replica:
        arguments.remove("--replica")
    if len(arguments) != 2 or arguments[0] not in ("start", "stop") or (
            replica and arguments[0] != "start"):
        fail("usage: pg_cluster.py start STATE_DIR [--replica] | stop STATE_DIR")
    action, state_dir = arguments[0], Path(arguments[1]).resolve()
    start(state_dir, replica) if action == "start" else stop(state_dir)


if __name__ == "__main__":
    main()
