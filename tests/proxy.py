"""A TCP proxy for fault tests: the app talks to the database through it, and the test cuts
it (every open connection closed, new ones refused, as a restarting server does), stalls it
(connections accepted but never answered, as a server that hangs) and restores it, without
touching the real database server that others share."""

import contextlib
import socket
import threading


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpProxy:
    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._stalled = threading.Event()
        self._listener: threading.Thread | None = None

    def start(self) -> None:
        """Listen on `port` (again, after a cut)."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.1)  # so that the loop notices a cut
        self._stop.clear()
        self._listener = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._listener.start()

    def cut(self) -> None:
        """Stop listening (connections are refused) and close every open connection."""
        self._stop.set()
        if self._listener is not None:
            self._listener.join()
        self._close_open()

    def stall(self) -> None:
        """Close every open connection; accept new ones but never answer them."""
        self._stalled.set()
        self._close_open()

    def restore(self) -> None:
        """Forward again, after a cut or a stall."""
        stalled = self._stalled.is_set()
        self._stalled.clear()
        self._close_open()  # connections held while stalled
        if not stalled:
            self.start()

    def _close_open(self) -> None:
        with self._lock:
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while not self._stop.is_set():
                try:
                    client, _address = listener.accept()
                except TimeoutError:
                    continue
                if self._stalled.is_set():
                    with self._lock:
                        self._open.add(client)  # held open, never answered
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    client.close()
                    continue
                for sock in (client, server):
                    sock.settimeout(None)
                with self._lock:
                    self._open.update((client, server))
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self._pump, args=(source, target),
                                     daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass  # the other side, or a cut, closed the connection
        finally:
            with self._lock:
                self._open.discard(source)
                self._open.discard(target)
            _close(source)
            _close(target)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
