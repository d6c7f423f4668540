//===- CheckpointFileTest.cpp - The checkpoint file format ----------------===//
//
// The writer's bytes are compared with a file assembled here field by field
// from the format's description (CheckpointFile.h), and every kind of damage
// gets its reason from the reader.
//
//===----------------------------------------------------------------------===//

#include "CheckpointFile.h"

#include <gtest/gtest.h>

#include <stdint.h>
#include <string.h>
#include <string>

using namespace bridge::rt;

namespace {

struct Memory {
  std::string bytes;
  size_t at = 0;
};

bool append(void *ctx, const void *data, size_t n) {
  static_cast<Memory *>(ctx)->bytes.append(static_cast<const char *>(data), n);
  return true;
}

bool take(void *ctx, void *out, size_t n) {
  Memory &m = *static_cast<Memory *>(ctx);
  if (n > m.bytes.size() - m.at)
    return false;
  if (n) // The empty output has no buffer.
    memcpy(out, m.bytes.data() + m.at, n);
  m.at += n;
  return true;
}

template <typename T> void put(std::string &out, T value) {
  out.append(reinterpret_cast<const char *>(&value), sizeof(T));
}

/// FNV-1a from the format's offset basis.
uint64_t fnv1a(const std::string &bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes)
    h = (h ^ c) * 0x100000001b3ull;
  return h;
}

/// A chunk with two outputs (5 and 0 bytes) and two partial results.
struct Sample {
  char first[5] = {'a', 'b', 'c', 'd', 'e'};
  double mean = 2.5;
  int64_t count = 9;
  int64_t bytes[2] = {5, 0};
  void *outputs[2] = {first, nullptr};
  void *partials[2] = {&mean, &count};
  CheckpointChunk chunk() {
    return {0xfeedull, 3, 11, 2, bytes, outputs, 2, partials};
  }
};

std::string expectedFile() {
  std::string f = "BRCKPT01";
  put<uint64_t>(f, 0xfeed);
  put<int64_t>(f, 3);
  put<int64_t>(f, 11);
  put<int32_t>(f, 2);
  put<int32_t>(f, 2);
  put<int64_t>(f, 5);
  put<int64_t>(f, 0);
  f += "abcde";
  put<double>(f, 2.5);
  put<int64_t>(f, 9);
  put<uint64_t>(f, fnv1a(f));
  return f;
}

/// Reads `bytes` into fresh buffers shaped like Sample.
const char *readBack(const std::string &bytes, Sample &into) {
  Memory m{bytes};
  return readCheckpoint(into.chunk(), take, &m);
}

} // namespace

TEST(CheckpointFile, WritesTheDocumentedFormat) {
  Sample s;
  Memory m;
  ASSERT_TRUE(writeCheckpoint(s.chunk(), append, &m));
  EXPECT_EQ(m.bytes, expectedFile());
}

TEST(CheckpointFile, RestoresWhatItWrote) {
  Sample into;
  memset(into.first, 0, sizeof(into.first));
  into.mean = 0;
  into.count = 0;
  EXPECT_EQ(readBack(expectedFile(), into), nullptr);
  EXPECT_EQ(std::string(into.first, 5), "abcde");
  EXPECT_EQ(into.mean, 2.5);
  EXPECT_EQ(into.count, 9);
}

TEST(CheckpointFile, SaysWhatIsWrong) {
  const std::string good = expectedFile();
  Sample s;
  EXPECT_STREQ(readBack("", s), "has no valid header");
  EXPECT_STREQ(readBack(good.substr(0, 20), s), "has no valid header");
  std::string magic = good;
  magic[7] = '2';
  EXPECT_STREQ(readBack(magic, s), "has no valid header");
  std::string stage = good;
  stage[16] = 4; // The stage's low byte.
  EXPECT_STREQ(readBack(stage, s), "belongs to another program or chunk");
  std::string size = good;
  size[40] = 6; // The first output's size.
  EXPECT_STREQ(readBack(size, s), "has chunks of another size");
  EXPECT_STREQ(readBack(good.substr(0, 60), s), "is truncated");
  EXPECT_STREQ(readBack(good.substr(0, 70), s), "is truncated");
  EXPECT_STREQ(readBack(good.substr(0, good.size() - 1), s),
               "fails its checksum");
  std::string data = good;
  data[56] ^= 1; // A byte of the first output.
  EXPECT_STREQ(readBack(data, s), "fails its checksum");
  EXPECT_STREQ(readBack(good + '\0', s), "has trailing bytes");
}
