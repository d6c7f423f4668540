//===- Npy.cpp - The header of a .npy file --------------------------------===//
#include "bridge/layout/Npy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

using namespace bridge::layout;

namespace {

bool fail(NpyError *error, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool fail(NpyError *error, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(error->text, sizeof(error->text), fmt, ap);
  va_end(ap);
  return false;
}

const NpyType kTypes[] = {NpyType::F64, NpyType::F32, NpyType::I64,
                          NpyType::I32, NpyType::Bool};

/// A recursive-descent reader of the dictionary literal.
struct DictParser {
  const char *p, *end;
  NpyError *error;

  bool malformed(const char *what) {
    return fail(error, "malformed .npy header (%s)", what);
  }
  void skipSpace() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      ++p;
  }
  bool eat(char c) {
    skipSpace();
    if (p < end && *p == c) {
      ++p;
      return true;
    }
    return false;
  }
  /// A quoted string without escapes, shorter than `cap`.
  bool string(char *out, size_t cap) {
    skipSpace();
    if (p >= end || (*p != '\'' && *p != '"'))
      return false;
    char quote = *p++;
    size_t n = 0;
    while (p < end && *p != quote) {
      if (*p == '\\' || n + 1 >= cap)
        return false;
      out[n++] = *p++;
    }
    if (p >= end)
      return false;
    ++p;
    out[n] = 0;
    return true;
  }
  bool word(const char *w) {
    skipSpace();
    size_t n = strlen(w);
    if (size_t(end - p) >= n && !memcmp(p, w, n)) {
      p += n;
      return true;
    }
    return false;
  }
  bool integer(int64_t *out) {
    skipSpace();
    if (p >= end || *p < '0' || *p > '9')
      return false;
    int64_t v = 0;
    while (p < end && *p >= '0' && *p <= '9') {
      if (__builtin_mul_overflow(v, 10, &v) ||
          __builtin_add_overflow(v, *p - '0', &v))
        return false;
      ++p;
    }
    if (p < end && *p == 'L') // Python 2 longs.
      ++p;
    *out = v;
    return true;
  }
  bool tuple(NpyHeader &h) {
    if (!eat('('))
      return false;
    h.ndim = 0;
    if (eat(')'))
      return true;
    for (;;) {
      if (h.ndim == kNpyMaxDims || !integer(&h.shape[h.ndim]))
        return false;
      ++h.ndim;
      bool comma = eat(',');
      if (eat(')'))
        return true;
      if (!comma)
        return false;
    }
  }
  bool dict(NpyHeader &h, bool &fortran) {
    bool haveDescr = false, haveOrder = false, haveShape = false;
    if (!eat('{'))
      return malformed("no dictionary");
    for (;;) {
      if (eat('}'))
        break;
      char key[32];
      if (!string(key, sizeof(key)) || !eat(':'))
        return malformed("expected a quoted key and ':'");
      if (!strcmp(key, "descr")) {
        skipSpace();
        if (p < end && (*p == '[' || *p == '{'))
          return fail(error, "structured element types are not supported");
        if (!string(h.descr, sizeof(h.descr)))
          return malformed("'descr' is not a type string");
        haveDescr = true;
      } else if (!strcmp(key, "fortran_order")) {
        if (word("True"))
          fortran = true;
        else if (word("False"))
          fortran = false;
        else
          return malformed("'fortran_order' is not True or False");
        haveOrder = true;
      } else if (!strcmp(key, "shape")) {
        if (!tuple(h))
          return malformed("'shape' is not a tuple of integers");
        haveShape = true;
      } else {
        return malformed("unexpected key");
      }
      if (eat(','))
        continue;
      if (eat('}'))
        break;
      return malformed("expected ',' or '}'");
    }
    skipSpace();
    if (p != end)
      return malformed("text after the dictionary");
    if (!haveDescr || !haveOrder || !haveShape)
      return malformed("a key among 'descr', 'fortran_order' and 'shape' is "
                       "missing");
    return true;
  }
};

} // namespace

bool bridge::layout::parseNpyPreamble(const unsigned char *bytes,
                                      int64_t fileSize, NpyPreamble *preamble,
                                      NpyError *error) {
  if (fileSize < 10 || memcmp(bytes, "\x93NUMPY", 6))
    return fail(error, "not a .npy file (no \\x93NUMPY magic string)");
  int major = bytes[6], minor = bytes[7];
  int64_t length, offset;
  if (major == 1 && minor == 0) {
    length = bytes[8] | int64_t(bytes[9]) << 8;
    offset = 10;
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (fileSize < 12)
      return fail(error, "the file is truncated");
    length = bytes[8] | int64_t(bytes[9]) << 8 | int64_t(bytes[10]) << 16 |
             int64_t(bytes[11]) << 24;
    offset = 12;
  } else {
    return fail(error, "unsupported .npy format version %d.%d", major, minor);
  }
  if (length > kNpyMaxDictBytes)
    return fail(error, "malformed .npy header (%lld bytes long)",
                (long long)length);
  if (offset + length > fileSize)
    return fail(error, "the file is truncated inside its header");
  preamble->dictOffset = offset;
  preamble->dictBytes = length;
  return true;
}

bool bridge::layout::parseNpyDict(const char *text, int64_t size,
                                  NpyHeader *header, NpyError *error) {
  header->descr[0] = 0;
  header->ndim = 0;
  bool fortran = false;
  DictParser parser{text, text + size, error};
  if (!parser.dict(*header, fortran))
    return false;
  bool known = false;
  for (NpyType type : kTypes)
    if (!strcmp(header->descr, npyDescr(type)) ||
        (type == NpyType::Bool && !strcmp(header->descr, "<b1"))) {
      header->type = type;
      known = true;
    }
  if (!known)
    return fail(error,
                "unsupported element type '%s' (expected little-endian "
                "'<f8', '<f4', '<i8', '<i4' or '|b1')",
                header->descr);
  if (fortran)
    return fail(error, "Fortran-ordered arrays are not supported (C order "
                       "expected)");
  return true;
}

const char *bridge::layout::npyDescr(NpyType type) {
  switch (type) {
  case NpyType::F64: return "<f8";
  case NpyType::F32: return "<f4";
  case NpyType::I64: return "<i8";
  case NpyType::I32: return "<i4";
  case NpyType::Bool: break;
  }
  return "|b1";
}

void bridge::layout::formatNpyShape(int32_t ndim, const int64_t *shape,
                                    char *out, size_t cap) {
  if (cap == 0)
    return;
  // `at` stops at `cap` once snprintf truncates.
  size_t at = 0;
  auto advance = [&](int written) {
    at = written < 0 || size_t(written) >= cap - at ? cap : at + written;
  };
  advance(snprintf(out, cap, "("));
  for (int32_t d = 0; d < ndim && at < cap; ++d)
    advance(snprintf(out + at, cap - at, d ? ", %lld" : "%lld",
                     (long long)shape[d]));
  if (at < cap)
    snprintf(out + at, cap - at, ndim == 1 ? ",)" : ")");
}

int64_t bridge::layout::writeNpyHeader(NpyType type, int32_t ndim,
                                       const int64_t *shape, char *out,
                                       int64_t cap) {
  char tuple[kNpyMaxDims * 24 + 8];
  formatNpyShape(ndim, shape, tuple, sizeof(tuple));
  char dict[sizeof(tuple) + 64];
  int length =
      snprintf(dict, sizeof(dict),
               "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
               npyDescr(type), tuple);
  // Magic, version, length, dictionary and newline, padded to 64 bytes.
  int64_t total = (10 + length + 1 + 63) / 64 * 64;
  if (total > cap || total - 10 > 0xffff)
    return 0;
  memcpy(out, "\x93NUMPY\x01\x00", 8);
  out[8] = char((total - 10) & 0xff);
  out[9] = char(((total - 10) >> 8) & 0xff);
  memcpy(out + 10, dict, size_t(length));
  memset(out + 10 + length, ' ', size_t(total - 10 - length - 1));
  out[total - 1] = '\n';
  return total;
}
