"""Peer of the ais-decode benchmark: libais (Debian python3-ais) over an NMEA log.

The fastest honest use of libais from Python: split each line, drop tag blocks and $PGHP lines,
join multi-part messages by sequence id and channel, and call the C++ decoder ais.decode().
No checksum test (libais's decode does not check it; Cordon's does). Prints the counts."""
import logging
import sys

import ais

logging.disable(logging.CRITICAL)

decoded = failed = 0
pending = {}
with open(sys.argv[1], "r", encoding="latin1") as lines:
    for line in lines:
        start = line.rfind("\\") + 1 if line.startswith("\\") else 0
        if line[start : start + 1] != "!":
            continue
        fields = line[start:].split(",")
        if len(fields) < 7:
            failed += 1
            continue
        total, part, seq, chan, payload = fields[1], fields[2], fields[3], fields[4], fields[5]
        pad = int(fields[6][:1] or 0)
        if total != "1":
            key = (seq, chan)
            if part == "1":
                pending[key] = payload
                continue
            if key not in pending:
                failed += 1
                continue
            pending[key] += payload
            if part != total:
                continue
            payload = pending.pop(key)
        try:
            ais.decode(payload, pad)
            decoded += 1
        except Exception:
            failed += 1
print(decoded, failed)
