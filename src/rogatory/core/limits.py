"""Reading untrusted files with bounded memory (pure Python): a whole file up to a size, or
its lines up to a length, so a huge file or a decompression bomb is refused early."""

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

MB = 2**20


class TooLarge(ValueError):
    """More than `limit` bytes: the whole file, or the line `line` when it is set."""

    def __init__(self, limit: int, line: int | None = None):
        self.limit, self.line = limit, line
        where = f"line {line} is" if line else "the file is"
        super().__init__(f"{where} longer than {limit // MB or limit} "
                         f"{'MB' if limit >= MB else 'bytes'}")


def read_at_most(source: str | Path | bytes, limit: int) -> bytes:
    """The whole content; TooLarge when it is longer than `limit` (reads at most one byte
    more, whatever the file's real size)."""
    if isinstance(source, bytes):
        data = source
    else:
        with Path(source).open("rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


def lines_at_most(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes]]:
    """(number, line) of a binary stream; TooLarge at the first line longer than `limit`
    bytes (not counting its line end), having read at most two bytes past the limit of it."""
    number = 0
    while line := stream.readline(limit + 2):  # room for "\r\n" after `limit` bytes
        number += 1
        if len(line.rstrip(b"\r\n")) > limit:
            raise TooLarge(limit, number)
        yield number, line
