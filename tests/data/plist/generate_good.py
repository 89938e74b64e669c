#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes good/: plists made by an independent writer (Python's plistlib, which follows Apple's
CoreFoundation format), so the codec is checked against more than its own output.
tests/plist/tst_PlistCodec.cpp holds the matching expected values."""
import datetime
import os
import plistlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "good")

ALL_TYPES = {
    "Bool": True,
    "False": False,
    "Zero": 0,
    "MinusOne": -1,
    "Int64Min": -(2**63),
    "Int64Max": 2**63 - 1,
    "UInt64Max": 2**64 - 1,
    "Half": 0.5,
    "Big": 1e300,
    "Empty": "",
    "Unicode": "Grüße, 日本 😀",
    "Data": bytes(range(256)),
    "EmptyData": b"",
    "Date": datetime.datetime(2021, 6, 1, 12, 34, 56),
    "OldDate": datetime.datetime(1999, 12, 31, 23, 59, 59),
    "Array": [1, "two", [3.25, {}], []],
    "Nested": {"z": 1, "a": 2, "m": {"k": "v"}},
}


def main():
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, "all-types.xml.plist"), "wb") as f:
        plistlib.dump(ALL_TYPES, f, fmt=plistlib.FMT_XML, sort_keys=False)
    with open(os.path.join(HERE, "all-types.binary.plist"), "wb") as f:
        plistlib.dump(ALL_TYPES, f, fmt=plistlib.FMT_BINARY, sort_keys=False)
    archive = {"$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
               "$objects": ["$null", "hello", plistlib.UID(300)], "$version": 100000}
    with open(os.path.join(HERE, "keyed-archive.binary.plist"), "wb") as f:
        plistlib.dump(archive, f, fmt=plistlib.FMT_BINARY, sort_keys=False)


if __name__ == "__main__":
    main()
