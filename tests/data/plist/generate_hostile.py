#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the hostile plist fixtures in hostile/.

The files are committed; this script documents how each was made and regenerates them.
Every file needs an expectation in tests/plist/tst_PlistHostile.cpp (the test fails on a file
without one). Run from anywhere: python3 tests/data/plist/generate_hostile.py
"""
import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile")

XML_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
            b'"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n')


def xml(body: bytes) -> bytes:
    return XML_HEAD + b'<plist version="1.0">\n' + body + b'\n</plist>\n'


def bplist(objects, top=0, offset_size=None, ref_size=1, num_objects=None,
           table_offset=None, offsets=None, trailer=None):
    """objects: list of already-encoded object bytes. Overrides produce broken trailers."""
    body = b"bplist00"
    real_offsets = []
    for obj in objects:
        real_offsets.append(len(body))
        body += obj
    if offsets is None:
        offsets = real_offsets
    if offset_size is None:
        offset_size = 1 if len(body) < 256 else (2 if len(body) < 65536 else 4)
    real_table = len(body)
    for off in offsets:
        body += off.to_bytes(offset_size, "big")
    if trailer is None:
        trailer = (b"\0" * 6 + bytes([offset_size, ref_size])
                   + struct.pack(">QQQ", len(objects) if num_objects is None else num_objects, top,
                                 real_table if table_offset is None else table_offset))
    return body + trailer


def count_marker(high: int, n: int) -> bytes:
    if n < 15:
        return bytes([high | n])
    if n < 256:
        return bytes([high | 0xF, 0x10, n])
    if n < 65536:
        return bytes([high | 0xF, 0x11]) + n.to_bytes(2, "big")
    if n < 2**32:
        return bytes([high | 0xF, 0x12]) + n.to_bytes(4, "big")
    return bytes([high | 0xF, 0x13]) + n.to_bytes(8, "big")


def array(refs, ref_size=1):
    return count_marker(0xA0, len(refs)) + b"".join(r.to_bytes(ref_size, "big") for r in refs)


def dict_(keys, values, ref_size=1):
    return (count_marker(0xD0, len(keys)) + b"".join(r.to_bytes(ref_size, "big") for r in keys)
            + b"".join(r.to_bytes(ref_size, "big") for r in values))


def ascii_(s: bytes):
    return count_marker(0x50, len(s)) + s


def utf16(units):
    return count_marker(0x60, len(units)) + b"".join(u.to_bytes(2, "big") for u in units)


def integer(v: int, size=1):
    return bytes([0x10 | {1: 0, 2: 1, 4: 2, 8: 3, 16: 4}[size]]) + v.to_bytes(size, "big", signed=v < 0)


def fixtures():
    f = {}
    # --- XML -------------------------------------------------------------------------------------
    f["empty.plist"] = b""
    f["whitespace-only.plist"] = b" \n\t\r\n  \n"
    f["not-a-plist.txt"] = b"HTTP/1.1 200 OK\r\n\r\nhello"
    f["xml-truncated.plist"] = xml(b"<dict>\n\t<key>UDID</key>\n\t<string>abc</string>\n</dict>")[:150]
    f["xml-wrong-root.plist"] = b'<?xml version="1.0"?>\n<html><body/></html>\n'
    f["xml-no-value.plist"] = xml(b"")
    f["xml-two-values.plist"] = xml(b"<true/><false/>")
    f["xml-unknown-element.plist"] = xml(b"<set><string>a</string></set>")
    f["xml-text-in-dict.plist"] = xml(b"<dict>stray<key>a</key><true/></dict>")
    f["xml-key-without-value.plist"] = xml(b"<dict><key>MessageType</key></dict>")
    f["xml-key-outside-dict.plist"] = xml(b"<array><key>k</key></array>")
    f["xml-duplicate-key.plist"] = xml(b"<dict><key>UDID</key><string>a</string>"
                                       b"<key>UDID</key><string>b</string></dict>")
    f["xml-billion-laughs.plist"] = (
        b'<?xml version="1.0"?>\n<!DOCTYPE plist [\n <!ENTITY lol "lol">\n'
        + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                   for i in range(1, 10))
        + b']>\n<plist version="1.0"><string>&lol9;</string></plist>\n')
    f["xml-external-entity.plist"] = (
        b'<?xml version="1.0"?>\n<!DOCTYPE plist [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
        b'<plist version="1.0"><string>&xxe;</string></plist>\n')
    f["xml-undeclared-entity.plist"] = xml(b"<string>&xxe;</string>")
    f["xml-deep-nesting.plist"] = XML_HEAD + b'<plist version="1.0">' + b"<array>" * 10000
    f["xml-invalid-utf8-string.plist"] = xml(b"<string>caf\xc3\x28 \xff\xfe</string>")
    f["xml-overlong-utf8.plist"] = xml(b"<string>\xc0\xaf</string>")
    f["xml-utf8-surrogate.plist"] = xml(b"<string>\xed\xa0\x80</string>")
    f["xml-control-character.plist"] = xml(b"<string>a\x01b</string>")
    f["xml-latin1-encoding.plist"] = (b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
                                      b'<plist version="1.0"><string>caf\xe9</string></plist>\n')
    f["xml-invalid-base64.plist"] = xml(b"<data>!!!notbase64***</data>")
    f["xml-unpadded-base64.plist"] = xml(b"<data>QUJ</data>")
    f["xml-integer-overflow.plist"] = xml(b"<integer>999999999999999999999999</integer>")
    f["xml-integer-negative-overflow.plist"] = xml(b"<integer>-9223372036854775809</integer>")
    f["xml-integer-garbage.plist"] = xml(b"<integer>12abc</integer>")
    f["xml-integer-octal.plist"] = xml(b"<integer>010</integer>")
    f["xml-integer-empty.plist"] = xml(b"<integer/>")
    f["xml-real-garbage.plist"] = xml(b"<real>1.2.3</real>")
    f["xml-real-overflow.plist"] = xml(b"<real>1e400</real>")
    f["xml-date-garbage.plist"] = xml(b"<date>yesterday</date>")
    f["xml-date-fractional.plist"] = xml(b"<date>2020-01-01T00:00:00.5Z</date>")
    f["xml-date-invalid-day.plist"] = xml(b"<date>2021-02-30T00:00:00Z</date>")
    f["xml-attribute-quoting.plist"] = xml(b"<string a='x\" <array>'>x</string>")
    f["xml-element-in-string.plist"] = xml(b"<string>a<true/>b</string>")
    # --- binary ----------------------------------------------------------------------------------
    good = bplist([array([1, 2]), ascii_(b"UDID"), integer(5)])
    f["bin-wrong-version.plist"] = b"bplist15" + good[8:]
    f["bin-magic-only.plist"] = b"bplist00"
    f["bin-truncated.plist"] = good[: len(good) - 10]
    f["bin-garbage-trailer.plist"] = good[:-32] + bytes(range(0xE0, 0x100))
    f["bin-offset-size-zero.plist"] = bplist([integer(1)], offset_size=1,
                                             trailer=b"\0" * 6 + bytes([0, 1]) + struct.pack(">QQQ", 1, 0, 10))
    f["bin-top-object-missing.plist"] = bplist([integer(1)], top=7)
    f["bin-offset-table-past-end.plist"] = bplist([integer(1)], table_offset=0xFFFFFFFF)
    # Objects at 8 and 10, offset table at 12, trailer at 14.
    f["bin-offset-into-table.plist"] = bplist([integer(1), integer(2)], offsets=[8, 12])
    f["bin-offset-into-trailer.plist"] = bplist([integer(1), integer(2)], offsets=[8, 20])
    f["bin-offset-past-end.plist"] = bplist([integer(1)], offsets=[0x7FFFFFF0], offset_size=4)
    f["bin-offset-into-header.plist"] = bplist([integer(1)], offsets=[2])
    f["bin-self-referencing-array.plist"] = bplist([array([0])])
    f["bin-cycle-two-arrays.plist"] = bplist([array([1]), array([0])])
    f["bin-dict-contains-itself.plist"] = bplist([dict_([1], [0]), ascii_(b"self")])
    f["bin-huge-array-count.plist"] = bplist([count_marker(0xA0, 2**60) + b"\x00"])
    f["bin-huge-string-length.plist"] = bplist([count_marker(0x50, 2**62) + b"abc"])
    f["bin-declared-count-beyond-file.plist"] = bplist([integer(1)], num_objects=2**40)
    f["bin-deep-nesting.plist"] = bplist([array([i + 1], ref_size=2) for i in range(999)] + [integer(1)],
                                         ref_size=2)
    # 40 arrays, each holding the next twice: 41 objects that expand to 2^41 values in libplist.
    f["bin-reference-bomb.plist"] = bplist([array([i + 1, i + 1]) for i in range(40)] + [integer(1)])
    f["bin-reference-out-of-range.plist"] = bplist([array([5])])
    f["bin-utf16-lone-surrogate.plist"] = bplist([utf16([0x61, 0xD800, 0x62])])
    f["bin-utf16-lone-low-surrogate.plist"] = bplist([utf16([0xDC00])])
    f["bin-ascii-high-byte.plist"] = bplist([ascii_(b"caf\xe9")])
    f["bin-string-past-end.plist"] = bplist([bytes([0x5F, 0x10, 200]) + b"short"])
    f["bin-set.plist"] = bplist([bytes([0xC1, 1]), integer(1)])
    f["bin-null-object.plist"] = bplist([b"\x00"])
    f["bin-int128-high-bits.plist"] = bplist([b"\x14" + b"\x00" * 7 + b"\x01" + b"\xff" * 8])
    f["bin-date-nan.plist"] = bplist([b"\x33" + struct.pack(">d", float("nan"))])
    f["bin-date-huge.plist"] = bplist([b"\x33" + struct.pack(">d", 1e300)])
    f["bin-integer-key.plist"] = bplist([dict_([1], [1]), integer(3)])
    f["bin-container-key.plist"] = bplist([dict_([1], [2]), array([]), integer(3)])
    f["bin-duplicate-key.plist"] = bplist([dict_([1, 2], [3, 3]), ascii_(b"UDID"), utf16([0x55, 0x44, 0x49, 0x44]),
                                           integer(1)])
    f["bin-uid-64bit.plist"] = bplist([b"\x87" + b"\x00\x00\x00\x01\x23\x45\x67\x89"])
    f["bin-unknown-marker.plist"] = bplist([b"\xF0"])
    f["bin-utf8-string-type.plist"] = bplist([b"\x73abc"])
    return f


def main():
    os.makedirs(HERE, exist_ok=True)
    for name, data in sorted(fixtures().items()):
        with open(os.path.join(HERE, name), "wb") as out:
            out.write(data)
    print(f"wrote {len(fixtures())} fixtures to {HERE}")


if __name__ == "__main__":
    main()
