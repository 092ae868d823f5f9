"""Run the reader and the parser in a forked child with a memory bound and a wall-clock limit.

A crafted file can make a parser allocate gigabytes or spin for minutes (PDF streams, XML,
pathological regex input). The child gets RLIMIT_AS = its inherited size + PARSE_MEMORY_MB,
the parent waits PARSE_TIMEOUT_S at most and kills it; either way the office gets a Chinese
ParseError and the web worker itself never grows. fork (not spawn) costs a few milliseconds
because the child shares the parent's already-imported modules copy-on-write.

The child only computes and pickles its result down a pipe; it never touches the database
or the parent's sockets and leaves with os._exit, so no atexit or connection teardown runs.
Where fork is unavailable (Windows) the function runs in-process, unbounded.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import TypeVar

from documents.parsing.errors import ParseError

from . import limits

T = TypeVar("T")

TIMEOUT_MESSAGE = "文件解析超时（超过 {seconds:g} 秒），已停止：文件可能过大或结构异常，请另存为 .docx 或文本后重试"
MEMORY_MESSAGE = "文件解析占用内存过多，已停止：文件可能过大或结构异常（疑似压缩炸弹），请另存为 .docx 或文本后重试"


class ChildFailed(RuntimeError):
    """An unexpected error in the child, re-raised in the parent with the child's traceback."""


def run_limited(func: Callable[..., T], *args, timeout: float | None = None, memory_mb: int | None = None) -> T:
    """func(*args) computed in a forked child; its ParseError, or a Chinese one on timeout/memory."""
    # Read at call time, so a deployment (or a test) can tune the module's numbers.
    timeout = limits.PARSE_TIMEOUT_S if timeout is None else timeout
    memory_mb = limits.PARSE_MEMORY_MB if memory_mb is None else memory_mb
    if not hasattr(os, "fork"):
        return func(*args)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        _child(write_fd, func, args, memory_mb)  # never returns
    os.close(write_fd)
    try:
        payload = _collect(read_fd, timeout)
    finally:
        os.close(read_fd)
        _reap(pid)
    if payload is None:
        raise ParseError(TIMEOUT_MESSAGE.format(seconds=timeout))
    if not payload:
        raise ParseError(MEMORY_MESSAGE)  # killed (the kernel's OOM killer) or crashed before answering
    status, value = pickle.loads(payload)
    if status == "ok":
        return value
    if status == "parse_error":
        raise ParseError(value)
    if status == "memory":
        raise ParseError(MEMORY_MESSAGE)
    raise ChildFailed(value)


def _child(write_fd: int, func, args, memory_mb: int) -> None:
    code = 0
    try:
        try:  # the server's own handlers (graceful shutdown …) are not the child's business
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        except ValueError:
            pass  # forked from a thread that Python does not count as the main one
        _limit_memory(memory_mb)
        try:
            result = ("ok", func(*args))
        except ParseError as exc:
            result = ("parse_error", exc.message)
        except MemoryError:
            result = ("memory", None)
        except BaseException:  # noqa: BLE001 — reported to the parent, which re-raises it
            result = ("error", traceback.format_exc())
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except Exception:  # noqa: BLE001 — an unpicklable result is a bug to report, not a bomb
            payload = pickle.dumps(("error", traceback.format_exc()))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    except BaseException:  # noqa: BLE001 — nothing may escape a forked child
        code = 1
    finally:
        os._exit(code)


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource
    except ImportError:
        return
    # The child starts as big as the parent (Django, lxml …); the budget comes on top of that.
    current = _address_space_bytes()
    if current is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _collect(read_fd: int, timeout: float) -> bytes | None:
    """Everything the child wrote until it closed the pipe, or None if the time ran out."""
    deadline = time.monotonic() + timeout
    chunks = []
    poller = select.poll()  # not select.select: a busy worker may hold descriptors past 1024
    poller.register(read_fd, select.POLLIN | select.POLLHUP)
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(max(1, int(left * 1000))):
            return None
        chunk = os.read(read_fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Kill the child if it is still running and wait for it, so no zombie is left."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
