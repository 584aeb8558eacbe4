"""The trusted side of a harness run: broker.py <no arguments>, started by the grader on the host, never in a box.

The module under test shares its process with harness.py, so nothing in that process can vouch for a figure.
This script can: it runs as the grader (another uid, another PID namespace, outside the run's cgroup), and it
is the one that starts the box. For every call it

  1. makes that call's input visible in the box (a hard-linked copy renamed into the folder mounted read-only
     at /job/inputs) and only then starts its clock,
  2. writes the call's id on the command pipe and waits for the answer frame on the answer pipe,
  3. stops the clock when the last byte of the answer has arrived, reads the cgroup's CPU time and memory peak
     (reset when the call began), and only then stores the bytes in a folder the box never sees.

So the box holds one input at a time, work done lazily while the answer is serialised is inside the window,
and an answer is read once, from a pipe nobody can rewrite. The bytes are only stored, never decoded here: the
trusted checker decodes them later in a box of its own.

stdin: the plan (one JSON object, then the pipe stays open; its end means the grader is gone).
stdout: JSON lines for the grader (PROTOCOL.md, "Broker events").
fds 3, 4, 5: handed to the box as its stdout, stderr and event channel (fd 3 in the box).
The box gets the command pipe as fd 4, the answer pipe as fd 5 and bubblewrap's info pipe as fd 6.
"""
import json
import os
import re
import select
import shutil
import signal
import stat
import struct
import sys
import time

MAGIC = b"PGA1"
FRAME_HEAD = struct.Struct("<4sI")
HEADER_MAX = 64 << 10
PART_NAME = re.compile(r"value\.json|[0-9]{1,4}\.npy")
CALL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
POLL_S = 0.05
EXIT_GRACE_S = 5.0


class Stop(Exception):
    """The run cannot go on: `reason` is one of closed | protocol | limit | aborted."""

    def __init__(self, reason: str, detail: str = "", limit: str | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.limit = reason, detail, limit


def emit(**fields) -> None:
    os.write(1, (json.dumps(fields, separators=(",", ":")) + "\n").encode())


# ---------------------------------------------------------------- kernel counters

class Counters:
    """CPU time and memory of the run's cgroup, read from the cgroup files the grader names (or none)."""

    def __init__(self, spec: dict) -> None:
        self.cpu = _open(spec.get("cpu"), os.O_RDONLY)
        self.cpu_stat = spec.get("cpu_format") == "cpu.stat"
        self.current = _open(spec.get("memory_current"), os.O_RDONLY)
        self.peak_mode = spec.get("peak_reset")  # v1: write 0 to max_usage; v2: write to this fd of memory.peak
        self.peak = _open(spec.get("memory_peak"), os.O_RDWR if self.peak_mode else os.O_RDONLY)
        self.peak_resettable = self.peak is not None and self.peak_mode in ("v1", "v2")

    def cpu_ns(self) -> int | None:
        text = _pread(self.cpu)
        if text is None:
            return None
        if self.cpu_stat:
            for line in text.splitlines():
                key, _, value = line.partition(" ")
                if key == "usage_usec" and value.strip().isdigit():
                    return int(value) * 1000
            return None
        return int(text) if text.strip().isdigit() else None

    def memory_now(self) -> int | None:
        text = _pread(self.current)
        return int(text) if text and text.strip().isdigit() else None

    def reset_peak(self) -> bool:
        if not self.peak_resettable:
            return False
        try:
            os.pwrite(self.peak, b"0\n" if self.peak_mode == "v1" else b"reset\n", 0)
            return True
        except OSError:  # a v2 kernel older than 6.12 cannot reset memory.peak
            self.peak_resettable = False
            return False

    def memory_peak(self) -> int | None:
        text = _pread(self.peak)
        return int(text) if text and text.strip().isdigit() else None


def _open(path: str | None, flags: int) -> int | None:
    if not path:
        return None
    try:
        return os.open(path, flags | os.O_CLOEXEC)
    except OSError:
        return None


def _pread(fd: int | None) -> str | None:
    if fd is None:
        return None
    try:
        return os.pread(fd, 4096, 0).decode("ascii", "replace")
    except OSError:
        return None


# ---------------------------------------------------------------- inputs, one call at a time

def link_tree(source: str, target: str) -> None:
    """A copy of an input folder made of hard links: regular files and folders only."""
    os.mkdir(target, 0o755)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                link_tree(entry.path, os.path.join(target, entry.name))
            elif entry.is_file(follow_symlinks=False):
                os.link(entry.path, os.path.join(target, entry.name), follow_symlinks=False)


class Stage:
    """The folder the box sees at /job/inputs: empty between calls, holding only the running call's inputs."""

    def __init__(self, plan: dict) -> None:
        self.inputs, self.visible, self.scratch = plan["inputs"], plan["stage"], plan["stage_tmp"]
        self.shown: list[str] = []

    def prepare(self, ids: list[str]) -> str:
        """Builds the copies out of the box's sight; `show` then renames them in."""
        folder = os.path.join(self.scratch, f"{os.getpid()}-{ids[0]}")
        os.mkdir(folder, 0o755)
        for call_id in ids:
            link_tree(os.path.join(self.inputs, call_id), os.path.join(folder, call_id))
        return folder

    def show(self, folder: str, ids: list[str]) -> None:
        for call_id in ids:
            os.rename(os.path.join(folder, call_id), os.path.join(self.visible, call_id))
            self.shown.append(call_id)
        os.rmdir(folder)

    def hide(self) -> None:
        for call_id in self.shown:
            shutil.rmtree(os.path.join(self.visible, call_id), ignore_errors=True)
        self.shown = []


# ---------------------------------------------------------------- the box

class Box:
    def __init__(self, plan: dict) -> None:
        self.commands_r, self.commands_w = os.pipe()
        self.answers_r, self.answers_w = os.pipe()
        self.info_r, self.info_w = os.pipe()
        # The answer pipe keeps the default 64 KiB: its buffer is charged to the box's memory, and a bigger one
        # would add up to its size of kernel pages to every side's memory peak.
        devnull = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 0),
            (os.POSIX_SPAWN_DUP2, 3, 1),
            (os.POSIX_SPAWN_DUP2, 4, 2),
            (os.POSIX_SPAWN_DUP2, 5, 3),
            (os.POSIX_SPAWN_DUP2, self.commands_r, 4),
            (os.POSIX_SPAWN_DUP2, self.answers_w, 5),
            (os.POSIX_SPAWN_DUP2, self.info_w, 6),
        ]
        argv = plan["argv"]
        self.pid = os.posix_spawn(argv[0], argv, {"PATH": "/usr/bin:/bin"}, file_actions=actions)
        # The box's ends and Node's pipes are the box's now: an end left open here would hide an EOF.
        for fd in (devnull, 3, 4, 5, self.commands_r, self.answers_w, self.info_w):
            os.close(fd)
        os.set_blocking(self.answers_r, False)
        self.buffer = bytearray()
        self.checked = time.monotonic()
        self.info = b""
        self.child_pid: int | None = None
        self.tmpfs: list[int] = []
        self.status: tuple[int | None, str | None] | None = None

    # ---- reading with deadlines

    def read_exactly(self, size: int, deadline) -> bytes:
        """`size` bytes from the answer pipe; `deadline()` is checked whenever the box keeps us waiting."""
        while len(self.buffer) < size:
            try:
                chunk = os.read(self.answers_r, max(size - len(self.buffer), 1 << 16))
            except BlockingIOError:
                self.wait_readable(deadline)
                continue
            if not chunk:
                raise Stop("closed", "the box closed its answer channel")
            self.buffer += chunk
            if time.monotonic() - self.checked > POLL_S:  # a box that trickles bytes is still held to its clock
                self.checked = time.monotonic()
                deadline()
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def wait_readable(self, deadline) -> None:
        watched = [self.answers_r, 0] + ([self.info_r] if self.info_r is not None else [])
        readable, _, _ = select.select(watched, [], [], POLL_S)
        if 0 in readable and not os.read(0, 4096):
            raise Stop("aborted", "the grader stopped the run")
        if self.info_r is not None and self.info_r in readable:
            self.read_info()
        if not readable:
            self.checked = time.monotonic()
            deadline()

    def read_info(self) -> None:
        chunk = os.read(self.info_r, 4096)
        if chunk:
            self.info += chunk
            try:
                self.child_pid = int(json.loads(self.info)["child-pid"])
            except (ValueError, KeyError, TypeError):
                pass
        if not chunk or self.child_pid is not None:
            os.close(self.info_r)
            self.info_r = None

    def frame(self, deadline, max_bytes: int, max_parts: int) -> dict:
        """One frame: {"ready": true} or {"id", "parts": [(name, bytes)]}. Everything in it is checked."""
        magic, length = FRAME_HEAD.unpack(bytes(self.read_exactly(FRAME_HEAD.size, deadline)))
        if magic != MAGIC:
            raise Stop("protocol", "the answer channel carried something that is not an answer frame")
        if length > HEADER_MAX:
            raise Stop("protocol", f"an answer frame header of {length} bytes (the most is {HEADER_MAX})")
        try:
            header = json.loads(bytes(self.read_exactly(length, deadline)))
        except ValueError:
            raise Stop("protocol", "an answer frame header that is not JSON") from None
        if not isinstance(header, dict):
            raise Stop("protocol", "an answer frame header that is not an object")
        if header.get("ready") is True and len(header) == 1:
            return {"ready": True}
        parts = header.get("parts")
        if not isinstance(header.get("id"), str) or not isinstance(parts, list) or not 1 <= len(parts) <= max_parts:
            raise Stop("protocol", "an answer frame header without an id and 1 to %d parts" % max_parts)
        names: set[str] = set()
        total = 0
        for part in parts:
            if (not isinstance(part, list) or len(part) != 2 or not isinstance(part[0], str)
                    or not PART_NAME.fullmatch(part[0]) or part[0] in names
                    or not isinstance(part[1], int) or isinstance(part[1], bool) or part[1] < 0):
                raise Stop("protocol", "an answer frame with a malformed part list")
            names.add(part[0])
            total += part[1]
        if "value.json" not in names:
            raise Stop("protocol", "an answer frame without value.json")
        if total > max_bytes:
            raise Stop("limit", f"an answer of {total} bytes (the most is {max_bytes})", limit="answer_size")
        return {"id": header["id"], "parts": [(name, self.read_exactly(size, deadline)) for name, size in parts]}

    def command(self, ids: list[str], mode: str) -> None:
        line = (json.dumps({"ids": ids, "mode": mode}) + "\n").encode()
        try:
            os.write(self.commands_w, line)
        except BrokenPipeError:
            raise Stop("closed", "the box stopped reading its commands") from None

    def watch_tmpfs(self) -> None:
        """Holds the box's writable tmpfs (/tmp, /dev/shm) open, so their fill can be read even after the box ended."""
        if self.child_pid is None:
            return
        for mount in ("tmp", "dev/shm"):
            try:
                self.tmpfs.append(os.open(f"/proc/{self.child_pid}/root/{mount}", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC))
            except OSError:
                pass

    def disk_full(self) -> bool:
        """Whether a writable tmpfs of the box is full: what a run may write is capped there, never the host's disk."""
        for fd in self.tmpfs:
            try:
                info = os.fstatvfs(fd)
            except OSError:
                continue
            if info.f_blocks > 0 and info.f_bavail == 0:
                return True
        return False

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def finish(self, kill: bool) -> None:
        """Ends the box (closing the commands lets a healthy harness exit by itself) and records how it ended."""
        try:
            os.close(self.commands_w)
        except OSError:
            pass
        if kill:
            self.kill()
        end = time.monotonic() + EXIT_GRACE_S
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > end:
                self.kill()
                pid, status = os.waitpid(self.pid, 0)
                break
            time.sleep(0.005)
        if os.WIFSIGNALED(status):
            self.status = (None, signal.Signals(os.WTERMSIG(status)).name)
        else:
            self.status = (os.WEXITSTATUS(status), None)


# ---------------------------------------------------------------- the run

def store(folder: str, call_id: str, parts: list) -> int:
    target = os.path.join(folder, call_id)
    os.mkdir(target, 0o755)
    total = 0
    for name, data in parts:
        fd = os.open(os.path.join(target, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        total += len(data)
    return total


def window_deadline(started: float, wall_s: float, counters: Counters, cpu0: int | None, cpu_s: float | None):
    def check() -> None:
        now = time.monotonic()
        if now - started > wall_s:
            raise Stop("limit", f"still running after {wall_s:g} s", limit="wall_time")
        if cpu_s is not None and cpu0 is not None:
            cpu = counters.cpu_ns()
            if cpu is not None and (cpu - cpu0) / 1e9 > cpu_s:
                raise Stop("limit", f"used more than {cpu_s:g} s of CPU time", limit="cpu_time")
    return check


def run(plan: dict, box: Box, counters: Counters, stage: Stage) -> None:
    spawned = time.monotonic()
    max_bytes, max_parts = int(plan["max_answer_bytes"]), int(plan.get("max_parts", 64))
    ready = box.frame(window_deadline(spawned, plan["ready_timeout_ms"] / 1000, counters, None, None), max_bytes, max_parts)
    if "ready" not in ready:
        raise Stop("protocol", "an answer before any call was made")
    # bubblewrap writes the box's pid before it starts the command, so by now it is waiting in the pipe.
    if box.info_r is not None and select.select([box.info_r], [], [], 0)[0]:
        box.read_info()
    box.watch_tmpfs()
    emit(ev="ready", ms=round((time.monotonic() - spawned) * 1000, 3))
    for index, window in enumerate(plan["windows"]):
        ids = [call_id for call_id in window["ids"] if CALL_ID.fullmatch(call_id)]
        if len(ids) != len(window["ids"]) or not ids:
            raise ValueError(f"window {index}: bad call ids")
        mode = window.get("mode", "run")
        emit(ev="start", index=index)
        folder = stage.prepare(ids)
        memory_start = counters.memory_now()
        peak_reset = counters.reset_peak()
        cpu0 = counters.cpu_ns()
        started = time.monotonic()
        t0 = time.perf_counter_ns()
        stage.show(folder, ids)  # the window opens: the inputs are in the box's sight
        box.command(ids, mode)
        deadline = window_deadline(started, window["wall_ms"] / 1000, counters, cpu0,
                                   window["cpu_ms"] / 1000 if window.get("cpu_ms") else None)
        answers = []
        for call_id in ids:
            frame = box.frame(deadline, max_bytes, max_parts)
            if frame.get("id") != call_id:
                raise Stop("protocol", f"expected the answer to {call_id}, got {str(frame.get('id', 'a ready frame'))[:80]}")
            answers.append(frame)
        t1 = time.perf_counter_ns()  # the window closes: every answer byte is on this side
        cpu1 = counters.cpu_ns()
        peak = counters.memory_peak() if peak_reset else None
        stage.hide()
        sizes = [store(plan["answers"], frame["id"], frame["parts"]) for frame in answers]
        emit(ev="window", index=index, ns=t1 - t0,
             cpu_ns=None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
             memory_start=memory_start, memory_peak=peak,
             memory_bytes=None if peak is None or memory_start is None else max(0, peak - memory_start),
             bytes=sizes, disk_full=box.disk_full())
        # The harness says when it has tidied up after the call, so its clean-up is in no window.
        after = box.frame(window_deadline(time.monotonic(), window["wall_ms"] / 1000, counters, None, None),
                          max_bytes, max_parts)
        if "ready" not in after:
            raise Stop("protocol", "an answer nobody asked for")


def main() -> int:
    plan = json.loads(sys.stdin.buffer.readline())
    stage = Stage(plan)
    counters = Counters(plan.get("counters") or {})
    box = Box(plan)
    end = {"reason": "done"}
    try:
        run(plan, box, counters, stage)
    except Stop as stop:
        end = {"reason": stop.reason, "detail": stop.detail[:500]}
        if stop.limit:
            end["limit"] = stop.limit
    except Exception as exc:  # a bug here, or a bad plan: the grader's fault, reported as such
        end = {"reason": "broker_error", "detail": f"{type(exc).__name__}: {exc}"[:500]}
    finally:
        disk = box.disk_full()
        stage.hide()
        box.finish(kill=end["reason"] != "done")
    code, sig = box.status
    emit(ev="end", **end, disk_full=disk, exit_code=code, signal=sig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
