"""Streams for hostile-file tests and benchmarks: a bomb is written without ever being held
in memory."""

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

MB = 2**20


class Zeros(io.RawIOBase):
    """`size` zero bytes, streamed."""

    def __init__(self, size: int):
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


def write_zip_bomb(target: str | Path | BinaryIO, inner: str, size: int, head: bytes = b"",
                   *others: str) -> None:
    """A zip whose entry `inner` expands to `size` bytes (`head`, then zeros) in about a
    thousandth of that, after small `others` entries; written a megabyte at a time."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in others:
            archive.writestr(name, "<x/>")
        with archive.open(inner, "w", force_zip64=True) as entry:
            entry.write(head)
            for _ in range(size // MB):
                entry.write(bytes(MB))
