//===- Npy.h - The header of a .npy file ------------------------*- C++ -*-===//
//
// The format: "\x93NUMPY", a major and a minor version, the length of the
// header dictionary (2 bytes little-endian in version 1.0, 4 in 2.0 and
// 3.0), then the dictionary as a Python literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (100, 3), }
// and the data. bridgec reads the header when compiling `load` (to type the
// array) and the runtime again when loading (to check the file still fits):
// both parse it here, with one set of limits and one set of messages, which
// name the problem but not the file.
//
//===----------------------------------------------------------------------===//
#ifndef BRIDGE_LAYOUT_NPY_H
#define BRIDGE_LAYOUT_NPY_H

#include <stddef.h>
#include <stdint.h>

namespace bridge::layout {

/// The element types read and written; the values equal bridge_dtype's.
enum class NpyType : int32_t { F64 = 0, F32 = 1, I64 = 2, I32 = 3, Bool = 4 };

/// NumPy's own limit on dimensions.
inline constexpr int32_t kNpyMaxDims = 64;
/// The longest header dictionary accepted.
inline constexpr int64_t kNpyMaxDictBytes = int64_t(1) << 24;
/// Enough bytes from the start of a file to find its dictionary.
inline constexpr int64_t kNpyPreambleBytes = 12;

/// Why a header was refused, e.g. "malformed .npy header (unexpected key)".
struct NpyError {
  char text[256];
};

/// Where the dictionary of a file lies.
struct NpyPreamble {
  int64_t dictOffset;
  int64_t dictBytes;
};

/// Reads the version and dictionary length of a file of `fileSize` bytes
/// whose first min(fileSize, kNpyPreambleBytes) bytes are at `bytes`. Fails on
/// a missing magic string, an unknown version, a dictionary beyond the limit
/// or beyond the end of the file.
bool parseNpyPreamble(const unsigned char *bytes, int64_t fileSize,
                      NpyPreamble *preamble, NpyError *error);

struct NpyHeader {
  NpyType type;
  char descr[32]; // As the file spells the type, e.g. "<f8" or "|b1".
  int32_t ndim;   // 0 to kNpyMaxDims.
  int64_t shape[kNpyMaxDims];
};

/// Parses the `size` bytes of a header dictionary. Fails unless it has
/// exactly the keys 'descr', 'fortran_order' and 'shape', the type is one of
/// NpyType in little-endian order ('<f8', '<f4', '<i8', '<i4', '|b1' or
/// '<b1') and the order is C's.
bool parseNpyDict(const char *text, int64_t size, NpyHeader *header,
                  NpyError *error);

/// How NumPy spells `type` in a header: "<f8", "<f4", "<i8", "<i4", "|b1".
const char *npyDescr(NpyType type);

/// Python's spelling of a shape tuple: "(3, 4)", "(5,)" or "()". Truncated to
/// `cap` bytes (NUL included).
void formatNpyShape(int32_t ndim, const int64_t *shape, char *out, size_t cap);

/// Writes the format 1.0 header of a C-order array of `type` and `shape`
/// (ndim >= 1 extents) to `out`, padded with spaces and a newline so that the
/// data start at a multiple of 64 bytes, as NumPy pads it. Returns its
/// length, or 0 when it needs more than `cap` bytes.
int64_t writeNpyHeader(NpyType type, int32_t ndim, const int64_t *shape,
                       char *out, int64_t cap);

} // namespace bridge::layout

#endif // BRIDGE_LAYOUT_NPY_H
