"""Streams for hostile-file tests and benchmarks: a bomb is written without ever being held
in memory."""

import io


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
