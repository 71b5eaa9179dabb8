"""Peer for the list-import benchmark: parse a sanctions list XML with Python's C-accelerated
ElementTree iterparse and gather each record's text values, as any importer must at least do.
It stores nothing, so Cordon's time over it is the cost of validation, statements and storage."""
import bz2
import gzip
import sys
import xml.etree.ElementTree as ET

RECORD_TAGS = {"DistinctParty", "INDIVIDUAL", "ENTITY", "sanctionEntity"}


def open_any(path):
    with open(path, "rb") as f:
        magic = f.read(3)
    if magic == b"BZh":
        return bz2.open(path, "rb")
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")


def main(path):
    records = 0
    values = 0
    with open_any(path) as f:
        for _, elem in ET.iterparse(f, events=("end",)):
            tag = elem.tag.rsplit("}", 1)[-1]
            if tag in RECORD_TAGS:
                records += 1
                values += sum(1 for e in elem.iter() if e.text and e.text.strip())
                elem.clear()
    print(f"{records} records, {values} values")


if __name__ == "__main__":
    main(sys.argv[1])
