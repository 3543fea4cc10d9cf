#!/usr/bin/env python3
"""Known-answer vectors of docs/TRANSPARENCY.md, computed independently of Einblick's C++ code.

Only Python's standard library (hashlib, base64) and python3-cryptography (Ed25519) are used,
following RFC 9162 and the C2SP checkpoint and signed-note specifications directly. The output
is the text of the ```vector blocks in docs/TRANSPARENCY.md; tests/server/transparency_spec_test.cpp
checks Einblick's code against those blocks.

    python3 tests/server/transparency_vectors.py                   # print the blocks
    python3 tests/server/transparency_vectors.py --check docs/TRANSPARENCY.md

With --check it exits non-zero unless every block stands in the document exactly as computed
(a CTest entry, so that the document, this implementation and Einblick's code agree).
"""
import base64
import hashlib
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf_hash(data: bytes) -> bytes:
    return sha256(b"\x00" + data)


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right)


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves):  # RFC 9162 2.1.1, over leaf hashes
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m, leaves):  # RFC 9162 2.1.3.1
    if len(leaves) == 1:
        return []
    k = split(len(leaves))
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m, leaves, complete):  # RFC 9162 2.1.4.1
    n = len(leaves)
    if m == n:
        return [] if complete else [mth(leaves)]
    k = split(n)
    if m <= k:
        return subproof(m, leaves[:k], complete) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def hexes(hashes):
    return " ".join(h.hex() for h in hashes)


def tree_vector(leaves):
    lines = []
    for i, data in enumerate(LEAF_DATA):
        lines.append(f"leaf {i} = {leaves[i].hex()}")
    for size in range(0, len(leaves) + 1):
        lines.append(f"root {size} = {mth(leaves[:size]).hex()}")
    return lines


def proof_vectors(leaves):
    lines = []
    for index, size in [(0, 1), (0, 7), (3, 7), (5, 7), (6, 7), (4, 5)]:
        lines.append(f"inclusion {index} {size} = {hexes(path(index, leaves[:size]))}".rstrip())
    for first, second in [(1, 7), (3, 7), (4, 7), (6, 7), (7, 7), (2, 5)]:
        proof = subproof(first, leaves[:second], True)
        lines.append(f"consistency {first} {second} = {hexes(proof)}".rstrip())
    return lines


def checkpoint_vector(root7):
    seed = bytes(range(32))
    origin = "example.org/einblick"
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key_id = sha256(origin.encode() + b"\n" + b"\x01" + public)[:4]
    encoded_key = base64.b64encode(b"\x01" + public).decode()
    verifier = f"{origin}+{key_id.hex()}+{encoded_key}"
    text = f"{origin}\n7\n{base64.b64encode(root7).decode()}\n"
    signature = key.sign(text.encode())
    line = f"\u2014 {origin} {base64.b64encode(key_id + signature).decode()}"
    return [
        f"seed = {seed.hex()}",
        f"origin = {origin}",
        f"public key = {public.hex()}",
        f"key id = {key_id.hex()}",
        f"verifier key = {verifier}",
        f"signature = {signature.hex()}",
        f"signature line = {line}",
    ], text + "\n" + line + "\n"


LEAF_DATA = [f"leaf {i}".encode() for i in range(7)]

def blocks():
    leaves = [leaf_hash(d) for d in LEAF_DATA]
    lines, note = checkpoint_vector(mth(leaves))
    return [
        ("tree", "\n".join(tree_vector(leaves)) + "\n"),
        ("proofs", "\n".join(proof_vectors(leaves)) + "\n"),
        ("checkpoint", "\n".join(lines) + "\n"),
        ("note", note),
    ]


def fenced(name, body):
    return f"```vector {name}\n{body}```\n"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        document = open(sys.argv[2], encoding="utf-8").read()
        missing = [name for name, body in blocks() if fenced(name, body) not in document]
        for name in missing:
            print(f"{sys.argv[2]}: block 'vector {name}' differs from the computed one")
        print(f"{len(blocks()) - len(missing)} of {len(blocks())} vector blocks as computed")
        sys.exit(1 if missing else 0)
    print("\n".join(fenced(name, body) for name, body in blocks()), end="")
