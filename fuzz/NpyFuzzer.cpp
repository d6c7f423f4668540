//===- NpyFuzzer.cpp - libFuzzer target over the .npy header parser -------===//
//
// Feeds arbitrary bytes, as a whole file, to the .npy header parser that
// bridgec and the runtime share (bridge/layout/Npy.h): the preamble, then the
// dictionary it locates, copied into a buffer of exactly its length so that
// ASan catches any read past it. A header the parser accepts must come back
// unchanged through the header writer and the parser.
//
//===----------------------------------------------------------------------===//

#include "bridge/layout/Npy.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

using namespace bridge::layout;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  NpyError error;
  NpyPreamble preamble;
  if (!parseNpyPreamble(data, int64_t(size), &preamble, &error))
    return 0;
  size_t dictBytes = size_t(preamble.dictBytes);
  char *dict = static_cast<char *>(malloc(dictBytes ? dictBytes : 1));
  if (dictBytes)
    memcpy(dict, data + preamble.dictOffset, dictBytes);
  NpyHeader header;
  bool parsed = parseNpyDict(dict, preamble.dictBytes, &header, &error);
  free(dict);
  if (!parsed)
    return 0;

  char written[4096];
  int64_t length = writeNpyHeader(header.type, header.ndim, header.shape,
                                  written, sizeof(written));
  if (length == 0 || length % 64 != 0)
    __builtin_trap();
  NpyHeader again;
  if (!parseNpyPreamble(reinterpret_cast<const unsigned char *>(written),
                        length, &preamble, &error) ||
      preamble.dictOffset + preamble.dictBytes != length ||
      !parseNpyDict(written + preamble.dictOffset, preamble.dictBytes, &again,
                    &error) ||
      again.type != header.type || again.ndim != header.ndim ||
      memcmp(again.shape, header.shape, sizeof(int64_t) * size_t(header.ndim)))
    __builtin_trap();
  return 0;
}
