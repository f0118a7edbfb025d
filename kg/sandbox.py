"""Run work in a forked worker that can be stopped at once and cannot reach the network.

Oxigraph evaluates a query in Rust without returning to Python, so neither Ctrl-C nor a
Python-side timer can stop it in-process. The worker is a fork of the caller (a few
milliseconds: the imports and any loaded graph are shared copy-on-write) that streams
messages back through a pipe; the caller kills it on a timeout, on Ctrl-C, or when it
stops reading. The timeout counts only the time spent waiting for the worker, not the
time the caller spends with what it received (a slow ``| less`` is not a slow query).

Before running anything the worker installs a seccomp filter that makes ``socket()``
fail for every family but AF_UNIX (and io_uring, which could open sockets around it):
whatever the query says, its process cannot open a connection. It also dies with its
parent (``PR_SET_PDEATHSIG``) and with the default action on SIGINT.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import multiprocessing
import os
import pickle
import platform
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

Send = Callable[[Any], None]

_DONE, _ERROR, _ITEM = "done", "error", "item"


class WorkerTimeout(Exception):
    """The worker did not finish within its time budget and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after the {seconds:g} s timeout")
        self.seconds = seconds


class WorkerCrash(RuntimeError):
    """The worker died without reporting (killed by a signal, out of memory, a crash)."""


# --- the network wall ---------------------------------------------------------------------

# (AUDIT_ARCH, __NR_socket, __NR_io_uring_setup) per machine; x32 calls are refused outright.
_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}
_X32_BIT = 0x40000000
_AF_UNIX = 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _PR_SET_PDEATHSIG = 38, 22, 1
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW, _RET_ERRNO = 0x7FFF0000, 0x00050000
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06


def _bpf(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _filter_program(arch: int, nr_socket: int, nr_io_uring: int) -> bytes:
    deny = _RET_ERRNO | errno.EACCES
    return b"".join(
        [
            _bpf(_LD_W_ABS, 4),  # 0: seccomp_data.arch
            _bpf(_JEQ_K, arch, 1, 0),  # 1: our arch? go on : deny
            _bpf(_RET_K, deny),  # 2
            _bpf(_LD_W_ABS, 0),  # 3: seccomp_data.nr
            _bpf(_JGE_K, _X32_BIT, 5, 0),  # 4: x32 -> deny (10)
            _bpf(_JEQ_K, nr_io_uring, 4, 0),  # 5: io_uring_setup -> deny (10)
            _bpf(_JEQ_K, nr_socket, 1, 0),  # 6: socket -> check the family (8)
            _bpf(_RET_K, _RET_ALLOW),  # 7
            _bpf(_LD_W_ABS, 16),  # 8: args[0], the address family
            _bpf(_JEQ_K, _AF_UNIX, 1, 0),  # 9: AF_UNIX -> allow (11)
            _bpf(_RET_K, deny),  # 10
            _bpf(_RET_K, _RET_ALLOW),  # 11
        ]
    )


def block_network() -> bool:
    """Make socket() fail with EACCES for every family but AF_UNIX, for good; False where unsupported."""
    arch = _ARCHES.get(platform.machine())
    if sys.platform != "linux" or arch is None or sys.byteorder != "little":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    program = _filter_program(*arch)
    buffer = ctypes.create_string_buffer(program, len(program))

    class _Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Program(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0


def _die_with_parent(parent: int) -> None:
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


# --- the worker ---------------------------------------------------------------------------


def can_isolate() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _child(conn: Connection, target: Callable[[Send], Any], parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent)
    block_network()

    def send(item: Any) -> None:
        conn.send((_ITEM, item))

    try:
        value = target(send)
    except BaseException as exc:  # report everything, the caller decides what it means
        try:
            payload = pickle.dumps(exc)
        except Exception:
            payload = pickle.dumps(WorkerCrash(f"{type(exc).__name__}: {exc}"))
        with contextlib.suppress(OSError):  # the parent is gone
            conn.send((_ERROR, payload))
        return
    with contextlib.suppress(OSError):
        conn.send((_DONE, value))


def run(target: Callable[[Send], Any], *, timeout: float | None = None) -> Iterator[Any]:
    """Yield what ``target(send)`` sends from a forked worker; return its return value.

    Exceptions raised in the worker are raised here. ``WorkerTimeout`` after ``timeout``
    seconds of waiting; on KeyboardInterrupt, or when the caller stops iterating, the
    worker is killed before this generator ends.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, target, os.getpid()), daemon=True)
    process.start()
    sender.close()
    remaining = timeout
    try:
        while True:
            started = time.monotonic()
            if not receiver.poll(remaining):
                raise WorkerTimeout(timeout or 0)
            try:
                kind, payload = receiver.recv()
            except EOFError:
                process.join(1)
                code = process.exitcode
                if code == -signal.SIGINT:
                    raise KeyboardInterrupt from None
                raise WorkerCrash(f"the worker stopped without a result (exit status {code})") from None
            if remaining is not None:
                remaining = max(0.0, remaining - (time.monotonic() - started))
            if kind == _ITEM:
                yield payload
            elif kind == _ERROR:
                raise pickle.loads(payload)
            else:
                return payload
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
