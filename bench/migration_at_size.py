#!/usr/bin/env python3
"""Times the SQL migrations an existing database still lacks, as the server runs them.

    python3 bench/migration_at_size.py DB

Works on DB in place: copy the file first. Reads the numbered steps from
server/storage_sqlite/src/migrations.cpp and applies every one above the file's user_version the
way SqliteDatabase does at start (foreign keys on, WAL, synchronous=FULL, each step with its
`PRAGMA user_version` in one transaction). Only steps that are SQL alone can run here; a step
with a C++ part (migration 8 builds the Merkle tree) stops the script. Prints each step's
seconds, and the file's size and free pages afterwards (a rebuilt table leaves the old one's
pages free until a VACUUM). Uses Python's sqlite3 module, i.e. Debian's libsqlite3, the
library the server links.
"""
import os
import re
import sqlite3
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = open(os.path.join(root, "server/storage_sqlite/src/migrations.cpp"), encoding="utf-8").read()
steps = [(int(m.group(1)), m.group(2), m.group(3), m.group(4) is not None)
         for m in re.finditer(r'Migration\{(\d+),\s*((?:"[^"]*"\s*)+),\s*R"sql\((.*?)\)sql"\s*(,\s*\w+)?\}',
                              source, re.S)]
if not steps:
    sys.exit("no migrations found in migrations.cpp")

db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
current = db.execute("PRAGMA user_version").fetchone()[0]
entries = db.execute("SELECT count(*) FROM access_log").fetchone()[0]
print(f"{sys.argv[1]}: schema {current}, {entries} entries")
for version, title, sql, has_code in steps:
    if version <= current:
        continue
    if has_code:
        sys.exit(f"migration {version} has a C++ part; open the file with the server instead")
    start = time.monotonic()
    db.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
    title = re.sub(r'"\s*"', "", title).strip('"')
    print(f"migration {version} ({title}): {time.monotonic() - start:.1f} s")
    current = version
start = time.monotonic()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(f"checkpoint of the WAL: {time.monotonic() - start:.1f} s")
page_size = db.execute("PRAGMA page_size").fetchone()[0]
pages = db.execute("PRAGMA page_count").fetchone()[0]
free = db.execute("PRAGMA freelist_count").fetchone()[0]
print(f"file: {pages * page_size / 1e6:.0f} MB, of which free pages {free * page_size / 1e6:.0f} MB; "
      f"in use {(pages - free) * page_size / entries:.0f} bytes per entry")
