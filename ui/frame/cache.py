"""One cache for the pages' computations, bounded by entries and by bytes.

`st.cache_data` bounds each function by its number of entries only, so a few wide
uploads could fill a server (one reached 1,017 MB): a ridge fit of a 4,000 × 500
file holds 32 MB, a long descent on it 40 MB, and 32 of each were allowed. Here
every cached result counts the bytes of the arrays and tables it holds against one
budget shared by all functions, and the least recently used results go first.

Results are shared, not copied: every session gets the same object, which is why
their numpy arrays are made read-only (an accidental in-place change raises instead
of reaching another student). Sharing also spares each rerun the unpickling of
every result `st.cache_data` performs. As with `st.cache_data`, arguments whose
name starts with an underscore are left out of the key, and exceptions are not
cached.
"""

import dataclasses
import functools
import hashlib
import inspect
import sys
import threading
import weakref
from collections import OrderedDict

import numpy as np
import pandas as pd

MAX_BYTES = 512 * 2**20  # for all cached results together
MAX_ENTRIES = 512

_lock = threading.Lock()
_store: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
_bytes = 0
_digests: dict[int, tuple[weakref.ref, bytes]] = {}


def memoize(function):
    """Cache `function`'s results under the budget above.

    Returns
    -------
    callable
        `function`, cached; its ``clear()`` forgets its own results.
    """
    signature = inspect.signature(function)
    name = (function.__module__, function.__qualname__, id(function))

    @functools.wraps(function)
    def cached(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = (
            name,
            _digest(
                {k: v for k, v in bound.arguments.items() if not k.startswith("_")}
            ),
        )
        with _lock:
            if key in _store:
                _store.move_to_end(key)
                return _store[key][0]
        value = function(*args, **kwargs)
        _store_value(key, value)
        return value

    def clear() -> None:
        with _lock:
            for key in [key for key in _store if key[0] == name]:
                _drop(key)

    cached.clear = clear
    return cached


def clear() -> None:
    """Forget every cached result."""
    with _lock:
        for key in list(_store):
            _drop(key)


def usage() -> tuple[int, int]:
    """(entries, bytes) held now."""
    with _lock:
        return len(_store), _bytes


def _store_value(key: tuple, value: object) -> None:
    global _bytes
    size = _freeze_and_measure(value, set())
    if size > MAX_BYTES // 4:  # one result may not push out the whole class's
        return
    with _lock:
        if key in _store:
            return
        _store[key] = (value, size)
        _bytes += size
        while _bytes > MAX_BYTES or len(_store) > MAX_ENTRIES:
            _drop(next(iter(_store)))


def _drop(key: tuple) -> None:
    global _bytes
    _, size = _store.pop(key)
    _bytes -= size


def _digest(value) -> str:
    """A digest of `value` by content: arrays by dtype, shape and bytes."""
    hasher = hashlib.blake2b(digest_size=20)
    _feed(hasher, value)
    return hasher.hexdigest()


def _feed(hasher, value) -> None:
    if isinstance(value, np.ndarray):
        hasher.update(f"ndarray{value.dtype.str}{value.shape}".encode())
        hasher.update(_array_digest(value))
    elif isinstance(value, dict):
        hasher.update(b"dict")
        for k in sorted(value, key=repr):
            _feed(hasher, k)
            _feed(hasher, value[k])
    elif isinstance(value, (tuple, list)):
        hasher.update(f"{type(value).__name__}{len(value)}".encode())
        for item in value:
            _feed(hasher, item)
    elif isinstance(value, bytes):
        hasher.update(b"bytes")
        hasher.update(value)
    elif value is None or isinstance(value, (bool, int, float, str, np.generic)):
        hasher.update(f"{type(value).__name__}:{value!r}".encode())
    elif dataclasses.is_dataclass(value):
        hasher.update(type(value).__qualname__.encode())
        for item in dataclasses.fields(value):
            _feed(hasher, getattr(value, item.name))
    else:
        raise TypeError(f"cannot key a cache on a {type(value).__name__}")


def _array_digest(array: np.ndarray) -> bytes:
    """The digest of an array's bytes; remembered for arrays that cannot change
    (read-only down to the memory they own, as every cached result's are), so
    that the same 16 MB upload passed to ten cached functions is hashed once."""
    frozen = _frozen(array)
    if frozen and (hit := _digests.get(id(array))) and hit[0]() is array:
        return hit[1]
    if array.dtype.hasobject:
        raise TypeError("cannot key a cache on an array of Python objects")
    digest = hashlib.blake2b(np.ascontiguousarray(array), digest_size=20).digest()
    if frozen:
        key = id(array)
        _digests[key] = (weakref.ref(array, lambda _: _digests.pop(key, None)), digest)
    return digest


def _frozen(array) -> bool:
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        array = array.base
    return array is None


def _freeze_and_measure(value, seen: set) -> int:
    """Bytes held by `value` (its arrays and tables, each counted once), making
    its arrays read-only on the way."""
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return value.nbytes
    if isinstance(value, pd.DataFrame | pd.Series):
        return int(np.sum(value.memory_usage(deep=True)))
    if isinstance(value, dict):
        return sum(_freeze_and_measure(v, seen) for v in value.values())
    if isinstance(value, (tuple, list, set, frozenset)):
        return sum(_freeze_and_measure(v, seen) for v in value)
    if dataclasses.is_dataclass(value):
        return sum(_freeze_and_measure(v, seen) for v in vars(value).values())
    if hasattr(value, "to_json"):  # a plotly figure: what it sends
        return len(value.to_json())
    return sys.getsizeof(value)
