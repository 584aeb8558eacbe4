"""Runs the module under test inside the sandbox: harness.py <plan.json> (see PROTOCOL.md).

The student's code shares this process, so nothing here is a witness: the clock, the memory peak and the
answers are taken by the broker on the host (broker.py), which hands this process one call's input at a time
and reads each answer whole from a pipe. What this file does is serve those calls, make honest measurement
the easy path, and report the student's mistakes in the student's terms (their frames, their lines).
Figures measured in here (tracemalloc, the line profile) are shown for teaching, never trusted for a grade.
"""
import _tracemalloc
from time import perf_counter_ns as _perf_counter_ns

import difflib
import gc
import importlib.util
import json
import linecache
import os
import resource
import struct
import sys
import traceback
import types

if sys.flags.no_site:
    # loky starts helpers with this interpreter's flags: under -S they could not import joblib or numpy.
    sys.exit("harness.py: start it with -I but without -S")
# -I leaves this folder off sys.path. The codec is imported now, before the student's folder joins
# sys.path, so no file of theirs can shadow it (nor json, numpy, ...). A spawned worker (loky,
# multiprocessing "spawn") re-runs this file as __mp_main__: module level must stay free of side effects.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgcodec  # noqa: E402
del sys.path[0]

# Deep enough for honest recursive solutions. Recursion through C (lru_cache, sorted(key=...), map) uses up
# to ~1.6 KB of C stack per level here; past the stack's end the interpreter segfaults instead of raising
# RecursionError, so the limit is sized to the stack with a fourfold margin.
RECURSION_LIMIT = 10_000
STACK_BYTES = 64 << 20
STACK_BYTES_PER_LEVEL = 6_400
PLAN_MAX_BYTES = 4 << 20
TRACEBACK_HEAD, TRACEBACK_TAIL = 3_000, 12_000
COMMANDS_FD, ANSWERS_FD = 4, 5
FRAME_MAGIC = b"PGA1"
IOV_MAX = 1024


class Exit(Exception):
    """Ends the run after its last event has been written."""


def deepen_stack() -> int:
    """Raises the main thread's stack limit (it grows on demand up to the current soft limit, and 64 MB
    stays within the gap Linux leaves below the stack); returns the recursion limit that stack allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    if soft != resource.RLIM_INFINITY and soft < STACK_BYTES:
        target = STACK_BYTES if hard == resource.RLIM_INFINITY else min(STACK_BYTES, hard)
        try:
            resource.setrlimit(resource.RLIMIT_STACK, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return RECURSION_LIMIT
    return max(1000, min(RECURSION_LIMIT, soft // STACK_BYTES_PER_LEVEL))


class StudentErrors:
    """Turns exceptions into the student's view: frames of the module under test only, named solution.py."""

    def __init__(self, module_path: str) -> None:
        self.path = module_path
        self.real = os.path.realpath(module_path)
        self._seen: dict[str, bool] = {}

    def is_student(self, filename: str | None) -> bool:
        if not filename:
            return False
        if filename not in self._seen:
            self._seen[filename] = filename == self.path or os.path.realpath(filename) == self.real
        return self._seen[filename]

    def describe(self, exc: BaseException) -> dict:
        """`type`, `message`, `line` (last student line) and `traceback` for an `error` event."""
        te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
        self._trim(te, set())
        line = te.stack[-1].lineno if te.stack else None
        if isinstance(exc, SyntaxError) and self.is_student(exc.filename):
            line = exc.lineno
        event = {"type": type(exc).__name__, "message": _safe_str(exc), "traceback": _cap("".join(te.format()))}
        if line:
            event["line"] = line
        if isinstance(exc, OSError) and isinstance(exc.errno, int):
            event["errno"] = exc.errno  # ENOSPC: a write past the box's tmpfs cap
        return event

    def _trim(self, te: traceback.TracebackException, seen: set) -> None:
        if id(te) in seen:
            return
        seen.add(id(te))
        frames = [frame for frame in te.stack if self.is_student(frame.filename)]
        for frame in frames:
            frame.line  # reads the source line while the real path is still set
            frame.filename = "solution.py"
        te.stack = traceback.StackSummary.from_list(frames)
        if getattr(te, "filename", None) and self.is_student(te.filename):  # SyntaxError location
            te.filename = "solution.py"
        for chained in (te.__cause__, te.__context__):
            if chained is not None:
                self._trim(chained, seen)


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except Exception:  # a student exception whose __str__ raises
        return f"<{type(exc).__name__} that cannot be shown>"


def _cap(text: str) -> str:
    if len(text) <= TRACEBACK_HEAD + TRACEBACK_TAIL:
        return text
    return text[:TRACEBACK_HEAD] + "\n  [... frames left out ...]\n" + text[-TRACEBACK_TAIL:]


def import_student(path: str, errors: StudentErrors, events: pgcodec.Events):
    """Imports `path` as module `solution`; emits `rejected` or `error` and raises Exit when it cannot."""
    folder = os.path.dirname(path)
    # Support modules sit beside solution.py; children started by the student (loky workers, subprocesses)
    # find them, and `solution` itself, through PYTHONPATH since -I dropped the script folder.
    sys.path.insert(0, folder)
    os.environ["PYTHONPATH"] = folder
    with open(path, "rb") as f:
        source = f.read()
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:  # ValueError: NUL bytes in the source
        line = getattr(exc, "lineno", None)
        msg = getattr(exc, "msg", None) or str(exc)
        where = f" on line {line}" if line else ""
        event = {"kind": "syntax", "message": f"{type(exc).__name__}{where}: {msg}",
                 "traceback": errors.describe(exc)["traceback"]}
        if line:
            event["line"] = line
        events.emit("rejected", **event)
        raise Exit from None
    spec = importlib.util.spec_from_file_location("solution", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["solution"] = module
    t0 = _perf_counter_ns()
    try:
        exec(code, module.__dict__)
    except ImportError as exc:  # a module that is not installed here cannot be graded as written
        described = errors.describe(exc)
        event = {"kind": "import_error", "message": f"{described['type']}: {described['message']}",
                 "traceback": described["traceback"]}
        if "line" in described:
            event["line"] = described["line"]
        events.emit("rejected", **event)
        raise Exit from None
    except BaseException as exc:  # the student's top-level code raised (or called sys.exit)
        events.emit("error", **errors.describe(exc))
        raise Exit from None
    events.emit("imported", ms=round((_perf_counter_ns() - t0) / 1e6, 3))
    return module


def find_function(module, name: str, events: pgcodec.Events):
    try:
        fn = getattr(module, name, None)
    except Exception:  # a module-level __getattr__ that raises
        fn = None
    if fn is None and name not in vars(module):
        close = difflib.get_close_matches(name, [n for n in vars(module) if not n.startswith("_")], n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        events.emit("rejected", kind="missing_function", message=f"solution.py defines no function named {name}{hint}")
        raise Exit
    if not callable(fn) or isinstance(fn, type):
        events.emit("rejected", kind="not_callable",
                    message=f"{name} in solution.py is not a function (it is of type {pgcodec.describe_type(fn)})")
        raise Exit
    return fn


def profiled_functions(module) -> tuple[list, list[str]]:
    """Plain Python functions and methods defined in the module, and the names of compiled callables."""
    functions: dict[int, tuple[str, object]] = {}
    skipped: list[str] = []

    def consider(label: str, obj) -> None:
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
        if isinstance(obj, property):
            for part in (obj.fget, obj.fset, obj.fdel):
                if part is not None:
                    consider(label, part)
            return
        if isinstance(obj, types.FunctionType):
            if obj.__module__ != "solution":
                return
            functions.setdefault(id(obj.__code__), (label, obj))
            inner = getattr(obj, "__wrapped__", None)  # under a functools.wraps decorator
            if isinstance(inner, types.FunctionType) and inner.__module__ == "solution":
                functions.setdefault(id(inner.__code__), (label, inner))
        elif callable(obj) and not isinstance(obj, type) and getattr(obj, "__module__", None) == "solution":
            skipped.append(label)  # numba dispatchers, lru_cache wrappers, ...: their Python source is not what runs

    for name, obj in list(vars(module).items()):
        if isinstance(obj, type) and obj.__module__ == "solution":
            for attr, member in list(vars(obj).items()):
                consider(f"{obj.__qualname__}.{attr}", member)
        else:
            consider(name, obj)
    return list(functions.values()), skipped


def profile_lines(profiler, functions: list, total_ns: int) -> dict:
    by_code = {(f.__code__.co_filename, f.__code__.co_firstlineno, f.__code__.co_name): label for label, f in functions}
    stats = profiler.get_stats()
    lines = []
    for key, timings in stats.timings.items():
        filename = key[0]
        for lineno, hits, time_units in timings:
            lines.append({
                "function": by_code.get(key, key[2]),
                "line": lineno,
                "hits": hits,
                "time_ms": round(time_units * stats.unit * 1e3, 3),
                "source": linecache.getline(filename, lineno).strip()[:300],
            })
    lines.sort(key=lambda entry: entry["time_ms"], reverse=True)
    return {"lines": lines[:15], "total_ms": round(total_ns / 1e6, 3)}


class Channel:
    """The calls from the broker (fd 4, one JSON line per window) and the answers to it (fd 5, binary frames).

    A frame is b"PGA1", a little-endian u32 header length, a JSON header, then the bytes of each part the
    header lists: {"id": ..., "parts": [["value.json", n], ["0.npy", m], ...]}, or just {"ready": true}.
    """

    def __init__(self) -> None:
        for fd in (COMMANDS_FD, ANSWERS_FD):
            os.fstat(fd)  # OSError when the broker did not open the channel
            os.set_inheritable(fd, False)  # exec'd children (subprocess, loky workers) never get it
        self._pending = b""

    def next_command(self) -> dict | None:
        """The next window's {"ids": [...], "mode": ...}; None when the broker has no more calls."""
        while b"\n" not in self._pending:
            chunk = os.read(COMMANDS_FD, 65536)
            if not chunk:
                return None
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return json.loads(line)

    def ready(self) -> None:
        self._frame({"ready": True}, [])

    def answer(self, call_id: str, parts: list) -> None:
        header = {"id": call_id, "parts": [[name, sum(len(memoryview(b).cast("B")) for b in data)] for name, data in parts]}
        self._frame(header, [b for _, data in parts for b in data])

    def _frame(self, header: dict, buffers: list) -> None:
        head = json.dumps(header, separators=(",", ":")).encode("ascii")
        views = [memoryview(b).cast("B") for b in [FRAME_MAGIC + struct.pack("<I", len(head)) + head, *buffers]]
        views = [v for v in views if len(v)]
        while views:
            written = os.writev(ANSWERS_FD, views[:IOV_MAX])
            while written:
                if written >= len(views[0]):
                    written -= len(views.pop(0))
                else:
                    views[0] = views[0][written:]
                    written = 0


class Calls:
    """Calls the function under test the way each mode asks; the modes differ only in what they observe."""

    def __init__(self, plan: dict, module, fn, errors: StudentErrors, events: pgcodec.Events) -> None:
        self.plan, self.module, self.fn, self.errors, self.events = plan, module, fn, errors, events
        self.inputs = plan.get("inputs", "/job/inputs")
        # Captured now, before the student's code runs: an honest tracemalloc figure is the easy path
        # (a student who patches these only changes a number that can lower their grade, never raise it).
        self.tm = (_tracemalloc.start, _tracemalloc.stop, _tracemalloc.get_traced_memory,
                   _tracemalloc.reset_peak, _tracemalloc.is_tracing)

    def serve(self, call_id: str, mode: str, channel: Channel) -> None:
        args = pgcodec.decode_file(os.path.join(self.inputs, call_id, "args.json"), mmap=True)
        if not isinstance(args, list):
            raise pgcodec.CodecError(f"{call_id}: args.json must hold a list of arguments")
        try:
            if mode == "trace":
                parts = self._traced(call_id, args)
            elif mode == "profile":
                parts = self._profiled(call_id, args)
            else:
                parts = encode(call_id, self.fn(*args), self.events)
        except Exit:
            raise
        except BaseException as exc:
            self.events.emit("error", id=call_id, **self.errors.describe(exc))
            raise Exit from None
        del args
        channel.answer(call_id, parts)

    def _traced(self, call_id: str, args: list) -> list:
        """tracemalloc around the call *and* the encoding of its answer, so a lazy value is traced too."""
        start, stop, get, reset, is_tracing = self.tm
        if is_tracing():  # the student's import may have started it: restart so the peak is ours
            stop()
        start()
        try:
            before = get()[0]
            reset()
            parts = encode(call_id, self.fn(*args), self.events)
            peak = get()[1]
            tracing = is_tracing()  # a student who stops tracemalloc zeroes the counters: say so
        finally:
            stop()
        self.events.emit("memory", id=call_id, peak_bytes=max(0, peak - before), before_bytes=before, tracing=tracing)
        return parts

    def _profiled(self, call_id: str, args: list) -> list:
        from line_profiler import LineProfiler  # imported in main() already, before the student's folder
        functions, skipped = profiled_functions(self.module)
        profiler = LineProfiler()
        for _, f in functions:
            profiler.add_function(f)
        clock = _perf_counter_ns
        profiler.enable_by_count()
        try:
            t0 = clock()
            result = self.fn(*args)
            total = clock() - t0
        finally:
            profiler.disable_by_count()
        self.events.emit("profile", id=call_id, skipped=skipped, **profile_lines(profiler, functions, total))
        return encode(call_id, result, self.events)


def encode(call_id: str, value, events: pgcodec.Events) -> list:
    try:
        return pgcodec.encode_parts(value)
    except pgcodec.CodecError as exc:
        message = str(exc)
    except (RecursionError, MemoryError):
        message = "the returned value is too large or nested too deeply to send"
    except Exception as exc:  # the value's own methods raised while it was being encoded
        message = f"the returned {pgcodec.describe_type(value)} could not be sent ({type(exc).__name__})"
    events.emit("error", id=call_id, type="UnsupportedOutput", message=message, traceback="")
    raise Exit


def serve(plan: dict, events: pgcodec.Events, channel: Channel) -> None:
    if any(mode == "profile" for mode in plan.get("modes", ())):
        import line_profiler  # noqa: F401  (before the student's folder can shadow it)
    errors = StudentErrors(plan["module"])
    module = import_student(plan["module"], errors, events)
    fn = find_function(module, plan["function"], events)
    calls = Calls(plan, module, fn, errors, events)
    collect = gc.collect
    channel.ready()
    while (command := channel.next_command()) is not None:
        for call_id in command["ids"]:
            calls.serve(pgcodec.safe_id(call_id), command.get("mode", "run"), channel)
        # Garbage from this window is collected before saying "ready", so no window pays for another's.
        collect()
        channel.ready()
    events.emit("done")


def seccomp_mode() -> bool:
    """Whether a syscall filter confines this process (bubblewrap loads it for every process of the box)."""
    try:
        with open("/proc/self/status") as status:
            return any(line.split(":")[0] == "Seccomp" and line.split()[1] == "2" for line in status)
    except (OSError, IndexError):
        return False


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: harness.py <plan.json>", file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        plan = json.loads(f.read(PLAN_MAX_BYTES))
    try:
        events = pgcodec.Events(3)
        channel = Channel()
    except OSError:
        print("harness: the event channel (fd 3) or the call channel (fds 4, 5) is not open", file=sys.stderr)
        return 2
    # No input for the student: reading stdin gets EOF instead of waiting on the supervisor.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    events.emit("hello", python=sys.version.split()[0], role=plan.get("role"), seccomp=seccomp_mode())
    sys.setrecursionlimit(deepen_stack())
    try:
        serve(plan, events, channel)
    except Exit:
        return 0
    except BrokenPipeError:  # the broker stopped listening
        return 2
    except MemoryError:  # between calls, e.g. decoding the next input after the student's code filled memory
        events.emit("error", type="MemoryError", message="out of memory between calls", traceback="")
        return 0
    except Exception as exc:  # unreadable input, a harness bug: not the student's fault, so not an `error`
        events.emit("fatal", message=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc())
        return 2
    return 0


def finish(code: int) -> None:
    """Exits without waiting for what the student left running. Exit handlers are skipped on purpose:
    multiprocessing's would join loky's idle workers (kept alive 300 s) and threads would be joined too,
    turning a finished run into a timeout. Our own worker processes are stopped; the sandbox's PID
    namespace takes care of anything else."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    loky = sys.modules.get("joblib.externals.loky.reusable_executor")
    if loky is not None and loky._executor is not None:
        try:  # joblib's worker pool, stopped the way loky's own exit hook would (it releases its semaphores)
            loky._executor.shutdown(wait=True, kill_workers=True)
        except Exception:
            pass
    if "multiprocessing" in sys.modules:
        try:
            for child in sys.modules["multiprocessing"].active_children():
                child.terminate()
        except Exception:
            pass
    os._exit(code)


if __name__ == "__main__":
    finish(main(sys.argv))
