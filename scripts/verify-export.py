#!/usr/bin/env python3
"""Verify an AI-Verse recording export bundle offline (seed 3.5, 7.4; DESIGN section 5).

Usage: verify-export.py BUNDLE.zip|DIR [--keys KEYS.json]

Checks, with nothing from the platform but this file:
  1. manifest.json lists every file with its sha256 and size, and nothing else is in the bundle;
     manifest.sig.json is a valid Ed25519 signature of manifest.json by a trusted key;
  2. events.jsonl is the whole chain: seq 1..last without gaps, each prev_hash the previous hash (genesis 64 zeros),
     each hash = sha256(JCS({session_id, seq, actor, type, payload, ts, prev_hash})) recomputed here (RFC 8785);
     a redacted event (payload removed) must be listed with its checksum by a later redaction audit event of the
     chain, a withheld event (non-exportable memory) by the signed manifest; the last hash is the manifest's;
  3. checkpoints.jsonl: every `checkpoint_interval` events a checkpoint = sha256(concat of the hex hashes of its
     window), Ed25519-signed over JCS({checkpoint, from_seq, kid, session_id, to_seq}) by a trusted key.

Trusted keys: --keys takes a JSON file as served by GET /api/v1/recorder/keys ({"keys":[{kid, x}]}). Without it
the bundle's own keys.json is used and the script says so: compare those kids with the server's.
Ed25519 is checked with the `openssl` command (OpenSSL 3: pkeyutl -rawin), or the `cryptography` module if
installed; Python 3.8+ standard library otherwise.
Exit status 0 when everything verifies, 1 otherwise (the first problem is printed).
"""
import base64
import decimal
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

GENESIS = "0" * 64


class Bad(Exception):
    pass


# ---------------------------------------------------------------- RFC 8785 (JCS)

def jcs(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return jcs_string(value)
    if isinstance(value, (int, float)):
        return jcs_number(value)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(jcs_string(k) + ":" + jcs(value[k]) for k in keys) + "}"
    raise Bad("not JSON: %r" % (value,))


def jcs_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs_number(x):
    """ECMAScript Number.prototype.toString of the IEEE 754 double nearest to x."""
    if isinstance(x, int):
        if -(2 ** 53) < x < 2 ** 53:
            return str(x)
        x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        raise Bad("NaN/Infinity are not JSON")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    d = decimal.Decimal(repr(abs(x)))  # repr: the shortest digits that round-trip, as ECMAScript uses
    digits = "".join(str(t) for t in d.as_tuple().digits).rstrip("0") or "0"
    exp = d.as_tuple().exponent + len("".join(str(t) for t in d.as_tuple().digits))
    digits = digits.lstrip("0") or "0"
    lead = len("".join(str(t) for t in d.as_tuple().digits)) - len("".join(str(t) for t in d.as_tuple().digits).lstrip("0"))
    n = exp - lead  # value = 0.digits * 10^n
    k = len(digits)
    if k <= n <= 21:
        s = digits + "0" * (n - k)
    elif 0 < n <= 21:
        s = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        s = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + s


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def event_hash(e):
    hashed = {k: e[k] for k in ("session_id", "seq", "actor", "type", "payload", "ts", "prev_hash")}
    return sha256_hex(jcs(hashed).encode("utf-8"))


# ---------------------------------------------------------------- Ed25519

def b64url(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def ed25519_verify(x, message, signature):
    raw = b64url(x)
    sig = b64url(signature)
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # optional
        try:
            Ed25519PublicKey.from_public_bytes(raw).verify(sig, message)
            return True
        except Exception:
            return False
    except ImportError:
        pass
    spki = bytes.fromhex("302a300506032b6570032100") + raw
    pem = "-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(spki).decode() + "\n-----END PUBLIC KEY-----\n"
    with tempfile.TemporaryDirectory() as d:
        paths = {}
        for name, data in (("key.pem", pem.encode()), ("msg.bin", message), ("sig.bin", sig)):
            paths[name] = os.path.join(d, name)
            with open(paths[name], "wb") as f:
                f.write(data)
        r = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", paths["key.pem"], "-rawin",
             "-in", paths["msg.bin"], "-sigfile", paths["sig.bin"]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return r.returncode == 0


# ---------------------------------------------------------------- the bundle

def read_bundle(path):
    files = {}
    if os.path.isdir(path):
        for root, _, names in os.walk(path):
            for n in names:
                full = os.path.join(root, n)
                files[os.path.relpath(full, path).replace(os.sep, "/")] = open(full, "rb").read()
    else:
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if not n.endswith("/"):
                    files[n] = z.read(n)
    return files


def verify(path, keys_file=None):
    files = read_bundle(path)
    for required in ("manifest.json", "manifest.sig.json", "events.jsonl", "checkpoints.jsonl", "keys.json"):
        if required not in files:
            raise Bad("missing " + required)
    manifest_bytes = files["manifest.json"]
    manifest = json.loads(manifest_bytes)
    notes = []
    if keys_file:
        trusted = json.load(open(keys_file))
    else:
        trusted = json.loads(files["keys.json"])
        notes.append("keys taken from the bundle: compare their kid with GET /api/v1/recorder/keys")
    keys = {k["kid"]: k["x"] for k in trusted["keys"]}

    # 1. manifest, files, signature
    sig = json.loads(files["manifest.sig.json"])
    if sig.get("kid") not in keys:
        raise Bad("manifest signed by an unknown key " + str(sig.get("kid")))
    if not ed25519_verify(keys[sig["kid"]], manifest_bytes, sig["signature"]):
        raise Bad("manifest signature does not verify")
    listed = {}
    for f in manifest["files"]:
        data = files.get(f["path"])
        if data is None:
            raise Bad("file listed in the manifest is missing: " + f["path"])
        if sha256_hex(data) != f["sha256"] or len(data) != f["bytes"]:
            raise Bad("sha256 of %s does not match the manifest" % f["path"])
        listed[f["path"]] = True
    for name in files:
        if name not in listed and name not in ("manifest.json", "manifest.sig.json"):
            raise Bad("file not listed in the manifest: " + name)

    # 2. the chain
    session = manifest["session_id"]
    interval = int(manifest["checkpoint_interval"])
    withheld = set(manifest.get("withheld", []))
    checkpoints = {}
    for line in files["checkpoints.jsonl"].decode("utf-8").splitlines():
        if line.strip():
            cp = json.loads(line)
            checkpoints[cp["to_seq"]] = cp
    prev = GENESIS
    expected = 1
    window = hashlib.sha256()
    window_from = 1
    redacted = {}
    audited = {}
    for line in files["events.jsonl"].decode("utf-8").splitlines():
        if not line.strip():
            continue
        e = json.loads(line)
        seq = e["seq"]
        if e["session_id"] != session:
            raise Bad("seq %d: event of another session" % seq)
        if seq != expected:
            raise Bad("seq %d: gap, expected %d" % (seq, expected))
        if e["prev_hash"] != prev:
            raise Bad("seq %d: broken link" % seq)
        if e.get("redacted"):
            if e["payload"].get("redacted") is not True:
                raise Bad("seq %d: redacted event without a stub" % seq)
            redacted[seq] = e["payload"].get("checksum")
        elif e.get("withheld"):
            if seq not in withheld:
                raise Bad("seq %d: withheld but not listed in the signed manifest" % seq)
        else:
            if event_hash(e) != e["hash"]:
                raise Bad("seq %d: hash mismatch" % seq)
            p = e["payload"]
            if e["type"] == "state_change" and p.get("audit") == "redaction":
                for r in p.get("redacted", []):
                    audited[r["seq"]] = r["checksum"]
        window.update(e["hash"].encode("ascii"))
        if seq % interval == 0:
            cp = checkpoints.pop(seq, None)
            if cp is None:
                raise Bad("seq %d: checkpoint missing" % seq)
            if cp["from_seq"] != window_from or cp["checkpoint"] != window.hexdigest():
                raise Bad("seq %d: checkpoint mismatch" % seq)
            if cp["kid"] not in keys:
                raise Bad("seq %d: checkpoint signed by an unknown key" % seq)
            msg = jcs({"checkpoint": cp["checkpoint"], "from_seq": cp["from_seq"], "kid": cp["kid"],
                       "session_id": session, "to_seq": cp["to_seq"]}).encode("utf-8")
            if not ed25519_verify(keys[cp["kid"]], msg, cp["signature"]):
                raise Bad("seq %d: bad checkpoint signature" % seq)
            window = hashlib.sha256()
            window_from = seq + 1
        prev = e["hash"]
        expected = seq + 1
    last = expected - 1
    if checkpoints:
        raise Bad("checkpoint at seq %d covers events that are missing" % min(checkpoints))
    for seq in sorted(redacted):
        if audited.get(seq) != redacted[seq]:
            raise Bad("seq %d: redacted without a matching redaction audit event" % seq)
    if last != manifest["last_seq"] or (last > 0 and prev != manifest["last_hash"]):
        raise Bad("the chain ends at seq %d, the manifest says %d" % (last, manifest["last_seq"]))
    if set(withheld) - set(range(1, last + 1)):
        raise Bad("manifest lists withheld events that are not in the chain")
    return last, len(redacted), len(withheld), notes


def main(argv):
    args = argv[1:]
    keys = None
    if "--keys" in args:
        i = args.index("--keys")
        keys = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        events, redacted, withheld, notes = verify(args[0], keys)
    except (Bad, KeyError, ValueError) as e:
        print("FAILED: %s" % e)
        return 1
    for n in notes:
        print("note: " + n)
    print("OK: %d events verified (%d redacted, %d withheld), every file, checkpoint and signature checked"
          % (events, redacted, withheld))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
