"""Runs the module under test inside the sandbox: harness.py <plan.json> (see PROTOCOL.md).

The student's code shares this process, so nothing here is a security boundary: the supervisor's own
clock and the sandbox are. What this file does is make honest measurement the easy path (clocks captured
before the import), and report the student's mistakes in the student's terms (their frames, their lines).
"""
import time
import _tracemalloc

import difflib
import gc
import importlib.util
import json
import linecache
import os
import resource
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


def make_probes():
    """Clock and tracemalloc functions held in closure cells, so patching `time.*` or `tracemalloc.*`
    after this point changes nothing we measure."""
    perf_ns = time.perf_counter_ns
    cpu_ns = time.process_time_ns
    tm_start, tm_stop = _tracemalloc.start, _tracemalloc.stop
    tm_get, tm_reset, tm_is = _tracemalloc.get_traced_memory, _tracemalloc.reset_peak, _tracemalloc.is_tracing
    collect = gc.collect

    def now_ns() -> int:
        return perf_ns()

    def timed(fn, args, on_start):
        """Calls fn(*args) on the wall and CPU clocks; garbage from earlier calls is collected first."""
        collect()
        on_start()
        c0 = cpu_ns()
        t0 = perf_ns()
        result = fn(*args)
        t1 = perf_ns()
        c1 = cpu_ns()
        return result, t1 - t0, c1 - c0

    def traced(fn, args, on_start):
        """Like timed, under tracemalloc: peak of the call minus what was traced before it."""
        collect()
        if tm_is():  # the student's import may have started it: restart so the peak is ours
            tm_stop()
        tm_start()
        try:
            on_start()
            before = tm_get()[0]
            tm_reset()
            c0 = cpu_ns()
            t0 = perf_ns()
            result = fn(*args)
            t1 = perf_ns()
            c1 = cpu_ns()
            peak = tm_get()[1]
            # A student who calls tracemalloc.stop() zeroes the counters; the host must see that.
            tracing = tm_is()
        finally:
            tm_stop()
        memory = {"peak_bytes": max(0, peak - before), "before_bytes": before, "tracing": tracing}
        return result, t1 - t0, c1 - c0, memory

    return now_ns, timed, traced


# Deep enough for honest recursive solutions. Recursion through C (lru_cache, sorted(key=...), map) uses up
# to ~1.6 KB of C stack per level here; past the stack's end the interpreter segfaults instead of raising
# RecursionError, so the limit is sized to the stack with a fourfold margin.
RECURSION_LIMIT = 10_000
STACK_BYTES = 64 << 20
STACK_BYTES_PER_LEVEL = 6_400
PLAN_MAX_BYTES = 4 << 20
TRACEBACK_HEAD, TRACEBACK_TAIL = 3_000, 12_000
SECCOMP_DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "keyctl", "add_key", "request_key",
    "unshare", "setns", "mount", "umount2", "pivot_root", "fsopen", "fsmount", "open_tree", "move_mount",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "perf_event_open", "userfaultfd",
)
# clone(2) with any of these flags would make new namespaces, which unshare(2) being denied is meant to stop.
CLONE_NAMESPACE_FLAGS = (0x10000000, 0x00020000, 0x20000000, 0x40000000, 0x04000000, 0x08000000, 0x02000000)


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


def install_seccomp() -> bool:
    """Denies syscalls a grading run never needs (EPERM), before the student's import. False if unavailable."""
    try:
        import errno
        import termios
        import seccomp
    except ImportError:
        return False
    try:
        box = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        eperm = seccomp.ERRNO(errno.EPERM)
        for name in SECCOMP_DENIED:
            box.add_rule(eperm, name)
        box.add_rule(eperm, "ioctl", seccomp.Arg(1, seccomp.MASKED_EQ, 0xFFFFFFFF, termios.TIOCSTI))
        for flag in CLONE_NAMESPACE_FLAGS:
            box.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
        # clone3 passes its flags in memory, where a filter cannot look; ENOSYS makes glibc fall back to clone.
        box.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
        box.load()
    except Exception as exc:  # an old kernel or libseccomp: run without, and say so in `hello`
        print(f"harness: seccomp filter not loaded: {exc}", file=sys.stderr)
        return False
    return True


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


def import_student(path: str, errors: StudentErrors, events: pgcodec.Events, now_ns):
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
    t0 = now_ns()
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
    events.emit("imported", ms=round((now_ns() - t0) / 1e6, 3))
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


def run(plan: dict, events: pgcodec.Events, probes) -> None:
    now_ns, timed, traced = probes
    mode = plan.get("mode", "run")
    if mode not in ("run", "memory", "profile"):
        raise ValueError(f"unknown mode {mode!r}")
    calls = plan["calls"]
    if mode == "profile":
        from line_profiler import LineProfiler  # before the student's folder can shadow it
    errors = StudentErrors(plan["module"])
    module = import_student(plan["module"], errors, events, now_ns)
    fn = find_function(module, plan["function"], events)

    for index, call in enumerate(calls):
        call_id = pgcodec.safe_id(call["id"])
        # In memory and profile modes every call but the last is a warm-up (numba compiles there).
        measured = mode if index == len(calls) - 1 else "run"
        args = pgcodec.decode_file(os.path.join(call["input"], "args.json"))
        if not isinstance(args, list):
            raise pgcodec.CodecError(f"{call_id}: args.json must hold a list of arguments")

        def start() -> None:  # written after gc, right before the clock starts
            events.emit("call_start", id=call_id)

        try:
            if measured == "memory":
                result, ns, cpu, memory = traced(fn, args, start)
            elif measured == "profile":
                functions, skipped = profiled_functions(module)
                profiler = LineProfiler()
                for _, f in functions:
                    profiler.add_function(f)
                profiler.enable_by_count()
                try:
                    result, ns, cpu = timed(fn, args, start)
                finally:
                    profiler.disable_by_count()
            else:
                result, ns, cpu = timed(fn, args, start)
        except BaseException as exc:
            events.emit("error", id=call_id, **errors.describe(exc))
            raise Exit from None
        del args
        events.emit("call_end", id=call_id, ns=ns, cpu_ns=cpu)
        if measured == "memory":
            events.emit("memory", id=call_id, **memory)
        elif measured == "profile":
            events.emit("profile", skipped=skipped, **profile_lines(profiler, functions, ns))
        if plan.get("save_outputs", True):
            save_output(result, call_id, plan.get("out_dir", "/out"), events)
        del result
    events.emit("done")


def save_output(result, call_id: str, out_dir: str, events: pgcodec.Events) -> None:
    file = f"{call_id}.json"
    try:
        size = pgcodec.encode_file(result, os.path.join(out_dir, file))
    except pgcodec.CodecError as exc:
        message = str(exc)
    except OSError as exc:  # EFBIG past RLIMIT_FSIZE (Python ignores SIGXFSZ), ENOSPC on /out
        message = f"the returned value is too large to save ({exc.strerror})"
    except (RecursionError, MemoryError):
        message = "the returned value is too large or nested too deeply to save"
    except Exception as exc:  # the value's own methods raised while it was being saved
        message = f"the returned {pgcodec.describe_type(result)} could not be saved ({type(exc).__name__})"
    else:
        events.emit("saved", id=call_id, file=file, bytes=size)
        return
    events.emit("error", id=call_id, type="UnsupportedOutput", message=message, traceback="")
    raise Exit


def main(argv: list[str]) -> int:
    probes = make_probes()
    if len(argv) != 2:
        print("usage: harness.py <plan.json>", file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        plan = json.loads(f.read(PLAN_MAX_BYTES))
    try:
        events = pgcodec.Events(3)
    except OSError:
        print("harness: file descriptor 3 (the event channel) is not open", file=sys.stderr)
        return 2
    # No input for the student: reading stdin gets EOF instead of waiting on the supervisor.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    seccomp_on = install_seccomp()
    events.emit("hello", python=sys.version.split()[0], role=plan.get("role"), mode=plan.get("mode", "run"),
                seccomp=seccomp_on)
    sys.setrecursionlimit(deepen_stack())
    try:
        run(plan, events, probes)
    except Exit:
        return 0
    except BrokenPipeError:  # the supervisor stopped listening
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
