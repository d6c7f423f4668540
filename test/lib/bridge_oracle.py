"""NumPy reference implementations of the BDSL built-ins (spec bdsl-core.md).

Only the Python standard library and NumPy are used. The generators follow
section 6 of the spec bit for bit: unsigned 64-bit wrapping arithmetic over the
global row-major element index, so any slice of a huge array can be produced
without producing the rest.

The names exported here are what `# EXPECT:` lines of a test see (see
bridge_check.py): `random`, `normal`, `zeros`, `ones`, `full`, `arange`,
`chunked_sum`, `legacy_checksum`, `np`, `math`, plus the element types `f64 f32
i64 i32 bool_`.
"""

import math

import numpy as np

__all__ = [
    "np", "math", "f64", "f32", "i64", "i32", "bool_", "dtype_of",
    "u01", "random", "normal", "zeros", "ones", "full", "arange",
    "random_range", "normal_range", "chunked_sum", "exact_sum",
    "legacy_checksum", "block_range", "py_mod", "py_floordiv",
]

f64 = np.float64
f32 = np.float32
i64 = np.int64
i32 = np.int32
bool_ = np.bool_

_DTYPES = {"f64": f64, "f32": f32, "i64": i64, "i32": i32, "bool": bool_}

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MASK64 = (1 << 64) - 1


def dtype_of(t):
    """A BDSL element type name ('f64', ...) or a NumPy type, as a NumPy type."""
    if isinstance(t, str):
        return _DTYPES[t]
    return np.dtype(t).type


def _shape(shape):
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(s) for s in shape)


def u01(seed, index):
    """The uniform generator of spec section 6 for a seed and global indices.

    `index` is an integer or an array of non-negative integers (global
    row-major element indices); the result has its shape, dtype float64."""
    idx = np.asarray(index, dtype=np.uint64)
    s = np.uint64(int(seed) & _MASK64)
    with np.errstate(over="ignore"):
        z = s + (idx + np.uint64(1)) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX1
        z = (z ^ (z >> np.uint64(27))) * _MIX2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53)


def random_range(seed, lo, hi):
    """random() elements with global indices lo..hi-1, as a 1-D array."""
    return u01(seed, np.arange(lo, hi, dtype=np.uint64))


def normal_range(seed, lo, hi, mean=0.0, std=1.0):
    """normal() elements with global indices lo..hi-1, as a 1-D array."""
    i = np.arange(lo, hi, dtype=np.uint64)
    two_i = i * np.uint64(2)
    a = u01(seed, two_i)
    b = u01(seed, two_i + np.uint64(1))
    return mean + std * np.sqrt(-2.0 * np.log(1.0 - a)) * np.cos(2.0 * np.pi * b)


def random(shape, seed, chunks=None):
    """`random(SHAPE, seed=S)`: float64 uniform on [0, 1). `chunks` is
    accepted and ignored: the values never depend on it."""
    shp = _shape(shape)
    return random_range(seed, 0, int(np.prod(shp, dtype=np.int64))).reshape(shp)


def normal(shape, seed, mean=0.0, std=1.0, chunks=None):
    """`normal(SHAPE, seed=S, mean=M, std=D)`: float64 Box-Muller values."""
    shp = _shape(shape)
    n = int(np.prod(shp, dtype=np.int64))
    return normal_range(seed, 0, n, mean, std).reshape(shp)


def zeros(shape, dtype="f64", chunks=None):
    return np.zeros(_shape(shape), dtype=dtype_of(dtype))


def ones(shape, dtype="f64", chunks=None):
    return np.ones(_shape(shape), dtype=dtype_of(dtype))


def full(shape, value, dtype="f64", chunks=None):
    return np.full(_shape(shape), value, dtype=dtype_of(dtype))


def arange(n, dtype="i64", chunks=None):
    return np.arange(int(n), dtype=dtype_of(dtype))


def py_floordiv(a, b):
    """`a // b` as the spec (and NumPy) define it."""
    return np.floor_divide(a, b)


def py_mod(a, b):
    """`a % b` with Python's sign rule (NumPy's np.mod)."""
    return np.mod(a, b)


def chunked_sum(x, chunk):
    """Sum of a 1-D array as partial sums per chunk combined in chunk order.

    This is only one of the orders an implementation may use inside a chunk;
    use it with a relative tolerance, like any float sum."""
    x = np.asarray(x)
    total = x.dtype.type(0)
    for lo in range(0, x.shape[0], chunk):
        total = total + np.sum(x[lo:lo + chunk])
    return total


def exact_sum(x):
    """The correctly rounded float64 sum of a 1-D float array (math.fsum)."""
    return math.fsum(np.asarray(x, dtype=np.float64).tolist())


def legacy_checksum(x):
    """What test/EndToEnd/Inputs/bridge_check_legacy.c's `checksum` returns
    for array `x`: sum over global flat index g of bits(x[g]) * (2g + 1),
    modulo 2^64, where bits() is the element's bytes read as an unsigned
    little-endian integer of the element's width. Returned as a signed int64
    (the way the legacy function's i64 result prints)."""
    x = np.ascontiguousarray(x).reshape(-1)
    width = x.dtype.itemsize
    bits = x.view({8: np.uint64, 4: np.uint32, 2: np.uint16, 1: np.uint8}[width])
    bits = bits.astype(np.uint64)
    g = np.arange(x.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        terms = bits * (g * np.uint64(2) + np.uint64(1))
        total = int(np.sum(terms, dtype=np.uint64)) & _MASK64
    return total - (1 << 64) if total >= (1 << 63) else total


def block_range(n, rank, nranks):
    """The rows a rank owns under the `block` layout: [floor(N r/P), floor(N (r+1)/P))."""
    return (n * rank) // nranks, (n * (rank + 1)) // nranks
