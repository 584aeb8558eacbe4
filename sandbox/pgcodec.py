"""Values across the sandbox boundary: JSON with tagged forms plus .npy files (see PROTOCOL.md).

Nothing here unpickles. Files written by a student's process are hostile, so every read is capped,
refuses symlinks and special files, and fails with CodecError instead of anything else.
"""
from __future__ import annotations

import base64
import io
import json
import math
import os
import re
import stat
from typing import Any, Callable

import numpy as np

TAGS = ("$ndarray", "$bytes", "$tuple", "$path", "$float")
MAX_DEPTH = 100
DEFAULT_JSON_BYTES = 64 << 20
DEFAULT_NPY_BYTES = 1 << 30

_NPY_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*\.npy")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class CodecError(Exception):
    """A value that cannot be encoded, or a file that cannot be decoded; the message is for students."""


def describe_type(value: Any) -> str:
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


# ---------------------------------------------------------------- encoding

def encode_file(value: Any, json_path: str, *, keep_tuples: bool = False, path_root: str | None = None) -> int:
    """Writes `value` to json_path (arrays beside it as <stem>.npy, <stem>.1.npy, ...); returns bytes written.

    keep_tuples: inputs keep tuples as {"$tuple"}; outputs turn them into lists.
    path_root: strings naming a file inside this folder become {"$path": relative} (generated inputs).
    Nothing is written unless the whole value can be encoded.
    """
    folder, name = os.path.split(json_path)
    stem = name[:-5] if name.endswith(".json") else name
    arrays: list[tuple[str, np.ndarray]] = []

    def array_name() -> str:
        # The generator may have written its own files beside args.json: never overwrite one.
        k = len(arrays)
        while True:
            candidate = f"{stem}.npy" if k == 0 else f"{stem}.{k}.npy"
            if not os.path.lexists(os.path.join(folder, candidate)) and all(candidate != n for n, _ in arrays):
                return candidate
            k += 1

    def add_array(array: np.ndarray) -> str:
        file = array_name()
        arrays.append((file, array))
        return file

    root = os.path.realpath(path_root) if path_root else None
    tree = to_json(value, add_array, keep_tuples=keep_tuples, path_root=root)
    try:
        text = json.dumps(tree, allow_nan=False, separators=(",", ":"))
    except (ValueError, OverflowError) as exc:  # e.g. an int with more than 4300 digits
        raise CodecError(f"the value cannot be written as JSON ({exc})") from None
    total = 0
    for file, array in arrays:
        full = os.path.join(folder, file)
        np.save(full, array, allow_pickle=False)
        total += os.path.getsize(full)
    with open(json_path, "w", encoding="ascii") as out:
        out.write(text)
    return total + len(text)


def encode_parts(value: Any) -> list[tuple[str, list]]:
    """An answer as the parts of one frame: ("value.json", [text]) then ("<k>.npy", [header, data]) per array.

    Arrays are not copied: their bytes are handed over as a view (a copy is made only of a non-contiguous array),
    so sending an answer costs no memory the value itself did not already take.
    """
    arrays: list[np.ndarray] = []

    def add_array(array: np.ndarray) -> str:
        arrays.append(np.ascontiguousarray(array))
        return f"{len(arrays) - 1}.npy"

    tree = to_json(value, add_array)
    try:
        text = json.dumps(tree, allow_nan=False, separators=(",", ":")).encode("ascii")
    except (ValueError, OverflowError) as exc:  # e.g. an int with more than 4300 digits
        raise CodecError(f"the value cannot be written as JSON ({exc})") from None
    parts: list[tuple[str, list]] = [("value.json", [text])]
    for k, array in enumerate(arrays):
        header = io.BytesIO()
        info = np.lib.format.header_data_from_array_1_0(array)
        try:
            np.lib.format.write_array_header_1_0(header, info)
        except ValueError:  # a header too long for format 1.0 (very many dimensions or fields)
            header = io.BytesIO()
            np.lib.format.write_array_header_2_0(header, info)
        data = array.reshape(-1).view(np.uint8) if array.size else np.zeros(0, dtype=np.uint8)
        parts.append((f"{k}.npy", [header.getvalue(), memoryview(data)]))
    return parts


def to_json(value: Any, add_array: Callable[[np.ndarray], str], *, keep_tuples: bool = False,
            path_root: str | None = None) -> Any:
    """The JSON tree for `value`; add_array(array) records an array and returns its file name."""

    def walk(v: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError(f"the value is nested more than {MAX_DEPTH} levels deep")
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, np.ndarray):
            array = np.asarray(v)  # drops subclasses (matrix, masked) to a plain array
            if array.dtype.hasobject:
                raise CodecError("an array of Python objects (dtype=object) cannot be saved; use a numeric dtype")
            return {"$ndarray": add_array(array)}
        if isinstance(v, np.generic):
            item = v.item()  # numpy scalars become Python scalars
            if isinstance(item, (bool, int, float, str, bytes)):
                return walk(item, depth)
            raise CodecError(f"a numpy scalar of type {describe_type(v)} cannot be saved")
        if isinstance(v, int):
            return int.__index__(v)  # an int subclass (IntEnum, ...) as a plain int
        if isinstance(v, float):
            f = float.__float__(v)
            if math.isnan(f):
                return {"$float": "nan"}
            if math.isinf(f):
                return {"$float": "inf" if f > 0 else "-inf"}
            return f
        if isinstance(v, str):
            s = str.__str__(v)
            if path_root is not None and os.path.isabs(s):
                relative = _inside(path_root, s)
                if relative is not None:
                    return {"$path": relative}
            return s
        if isinstance(v, (bytes, bytearray)):
            return {"$bytes": base64.b64encode(bytes(v)).decode("ascii")}
        if isinstance(v, tuple):
            items = [walk(x, depth + 1) for x in v]
            return {"$tuple": items} if keep_tuples else items
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        if isinstance(v, dict):
            out = {}
            for key, x in v.items():
                if not isinstance(key, str):
                    raise CodecError(f"dict keys must be strings (found a key of type {describe_type(key)})")
                out[str.__str__(key)] = walk(x, depth + 1)
            if len(out) == 1 and next(iter(out)) in TAGS:
                raise CodecError(f"a dict whose only key is {next(iter(out))!r} cannot be saved (reserved name)")
            return out
        raise CodecError(f"a value of type {describe_type(v)} cannot be saved; "
                         "return numbers, strings, lists, dicts or numpy arrays")

    return walk(value, 0)


def _inside(root: str, path: str) -> str | None:
    """The path relative to root when it names an existing file or folder inside it, else None."""
    real = os.path.realpath(path)
    if real != root and not real.startswith(root + os.sep):
        return None
    if not os.path.exists(real):
        return None
    return os.path.relpath(real, root)


# ---------------------------------------------------------------- decoding

def read_capped(path: str, max_bytes: int) -> bytes:
    """Reads a regular file (never through a symlink, never a FIFO) of at most max_bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:  # callers tell "no output at all" from "an output that cannot be read"
        raise
    except OSError as exc:
        raise CodecError(f"cannot open {os.path.basename(path)} ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CodecError(f"{os.path.basename(path)} is not a regular file")
        if info.st_size > max_bytes:
            raise CodecError(f"{os.path.basename(path)} is larger than {max_bytes} bytes")
        chunks = []
        left = max_bytes + 1
        while left > 0:  # plain os.read: a file object would cost more than the read itself for small files
            chunk = os.read(fd, min(left, max(info.st_size + 1, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise CodecError(f"{os.path.basename(path)} is larger than {max_bytes} bytes")
    return data


def load_npy(path: str, max_bytes: int, *, mmap: bool = False) -> np.ndarray:
    """Loads one .npy array without pickle; refuses object dtypes, .npz archives and lying headers.

    mmap: map the file copy-on-write instead of reading it (inputs): pages the call never touches cost nothing,
    and the pages it only reads stay charged to whoever wrote the file (the trusted generator), not to the box.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise CodecError(f"cannot open {os.path.basename(path)} ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            raise CodecError(f"{os.path.basename(path)} is not a regular file of at most {max_bytes} bytes")
        try:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise CodecError(f"unsupported .npy version {version}")
            if dtype.hasobject:
                raise CodecError("an array of Python objects (dtype=object) is not accepted")
            # The header's shape must fit in the file, or np.load would allocate what the header claims.
            if math.prod(shape) * dtype.itemsize > info.st_size - f.tell():
                raise CodecError(f"{os.path.basename(path)} is shorter than its header says")
            if mmap and math.prod(shape) > 0:
                array = np.asarray(np.memmap(f, dtype=dtype, mode="c", offset=f.tell(), shape=tuple(shape),
                                             order="F" if fortran else "C"))
            else:
                f.seek(0)
                array = np.load(f, allow_pickle=False)
        except CodecError:
            raise
        except Exception as exc:  # a malformed file: whatever numpy raised
            raise CodecError(f"{os.path.basename(path)} is not a valid .npy file ({exc})") from None
    if type(array) is not np.ndarray:
        raise CodecError(f"{os.path.basename(path)} is not a single .npy array")
    return array


class Budget:
    """What one decoded value may cost: arrays referenced at most once each, and their bytes in total.

    Without it, a JSON of a million references to one 10 MB array would decode into 10 TB of arrays.
    """

    def __init__(self, max_npy_bytes: int, max_total_bytes: int | None, once: bool, mmap: bool) -> None:
        self.max_npy_bytes, self.max_total_bytes, self.once, self.mmap = max_npy_bytes, max_total_bytes, once, mmap
        self.used: set[str] = set()
        self.total = 0

    def array(self, folder: str, name: str) -> np.ndarray:
        if self.once and name in self.used:
            raise CodecError(f"the value refers to the array {name} more than once")
        self.used.add(name)
        array = load_npy(os.path.join(folder, name), self.max_npy_bytes, mmap=self.mmap)
        self.total += array.nbytes
        if self.max_total_bytes is not None and self.total > self.max_total_bytes:
            raise CodecError(f"the value's arrays take more than {self.max_total_bytes} bytes")
        return array


def decode_file(json_path: str, *, max_json_bytes: int = DEFAULT_JSON_BYTES,
                max_npy_bytes: int = DEFAULT_NPY_BYTES, max_total_bytes: int | None = None,
                arrays_once: bool = False, mmap: bool = False) -> Any:
    """The value stored at json_path; arrays and $path files are resolved in the same folder.

    Answers (written by a student's process) are decoded with arrays_once and max_total_bytes; inputs (written
    by the trusted generator) with mmap. Raises FileNotFoundError when json_path does not exist, CodecError for
    anything else wrong.
    """
    data = read_capped(json_path, max_json_bytes)
    try:
        tree = json.loads(data)
    except RecursionError:
        raise CodecError("the JSON is nested too deeply") from None
    except ValueError as exc:
        raise CodecError(f"the file is not valid JSON ({exc})") from None
    budget = Budget(max_npy_bytes, max_total_bytes, arrays_once, mmap)
    return from_json(tree, os.path.dirname(os.path.abspath(json_path)), budget)


def from_json(tree: Any, folder: str, budget: Budget | None = None) -> Any:
    budget = budget or Budget(DEFAULT_NPY_BYTES, None, False, False)

    def walk(v: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise CodecError(f"the value is nested more than {MAX_DEPTH} levels deep")
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        if not isinstance(v, dict):
            return v
        if len(v) == 1:
            (tag, arg), = v.items()
            if tag in TAGS:
                return _untag(tag, arg, lambda x: walk(x, depth + 1), folder, budget)
        return {k: walk(x, depth + 1) for k, x in v.items()}

    return walk(tree, 0)


def _untag(tag: str, arg: Any, walk: Callable[[Any], Any], folder: str, budget: Budget) -> Any:
    if tag == "$float":
        if arg in ("nan", "inf", "-inf"):
            return float(arg)
    elif tag == "$tuple":
        if isinstance(arg, list):
            return tuple(walk(x) for x in arg)
    elif tag == "$bytes":
        if isinstance(arg, str):
            try:
                return base64.b64decode(arg, validate=True)
            except ValueError:
                pass
    elif tag == "$ndarray":
        if isinstance(arg, str) and _NPY_NAME.fullmatch(arg):
            return budget.array(folder, arg)
    elif tag == "$path":
        if isinstance(arg, str) and _safe_relative(arg):
            return os.path.normpath(os.path.join(folder, arg))
    raise CodecError(f"malformed {tag} value")


def _safe_relative(path: str) -> bool:
    if path == ".":
        return True
    parts = path.split("/")
    return bool(path) and "\0" not in path and all(p not in ("", ".", "..") for p in parts)


def safe_id(call_id: Any) -> str:
    """A call id becomes a file name in /out: letters, digits, '.', '_', '-' only."""
    if not isinstance(call_id, str) or not _ID.fullmatch(call_id):
        raise ValueError(f"invalid call id {call_id!r}")
    return call_id


# ---------------------------------------------------------------- events

class Events:
    """JSON lines on the protocol fd, each written whole and unbuffered (the host time-stamps arrival)."""

    FIELD_CAP = 20_000

    def __init__(self, fd: int = 3) -> None:
        os.fstat(fd)  # fails early (OSError) when the host did not open the channel
        os.set_inheritable(fd, False)  # exec'd children (subprocess, loky workers) never get the channel
        self._fd = fd

    def emit(self, ev: str, **fields: Any) -> None:
        for key, value in fields.items():
            if isinstance(value, str) and len(value) > self.FIELD_CAP:
                fields[key] = value[: self.FIELD_CAP] + "\n[... cut]"
        line = (json.dumps({"ev": ev, **fields}, allow_nan=False, separators=(",", ":")) + "\n").encode("ascii")
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view):]
