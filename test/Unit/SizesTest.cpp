//===- SizesTest.cpp - Sizes known when the program runs ------------------===//
#include "bridge/sizes.h"

#include <gtest/gtest.h>

using namespace bridge::plan;

namespace {

ReadFileShape noFiles() {
  return [](const FileInput &, const std::string &path, FileShape &) {
    return std::optional<std::string>(path + ": no such file");
  };
}

/// A program with `param n: i64 = 10` and `param path: str`.
SizeProgram withParams() {
  SizeProgram p;
  p.addParam({"n", ParamType::I64, std::string("10"), "a.bdsl:1:7"});
  p.addParam({"path", ParamType::Str, std::nullopt, "a.bdsl:2:7"});
  return p;
}

TEST(Sizes, EncodingKeepsConstantsAndSymbolsApart) {
  EXPECT_FALSE(isSymbol(0));
  EXPECT_FALSE(isSymbol(-kMaxConstant + 1));
  EXPECT_FALSE(isSymbol(INT64_MIN)); // MLIR's dynamic marker
  EXPECT_TRUE(isSymbol(makeSymbol(0)));
  EXPECT_EQ(symbolIndex(makeSymbol(12345)), 12345);
  EXPECT_EQ(formatSize(makeSymbol(3)), "s3");
  EXPECT_EQ(formatSize(-42), "-42");
  EXPECT_EQ(parseSize("s3"), makeSymbol(3));
  EXPECT_EQ(parseSize("-42"), -42);
  EXPECT_FALSE(parseSize("s"));
  EXPECT_FALSE(parseSize("s-1"));
  EXPECT_FALSE(parseSize("9223372036854775807"));
}

TEST(Sizes, ConstantsFold) {
  SizeProgram p;
  EXPECT_EQ(p.apply(SizeOp::Add, 2, 3), 5);
  EXPECT_EQ(p.apply(SizeOp::FloorDiv, -7, 2), -4);
  EXPECT_EQ(p.apply(SizeOp::Mod, -7, 2), 1);
  EXPECT_EQ(p.apply(SizeOp::Mod, 7, -2), -1);
  EXPECT_FALSE(p.apply(SizeOp::FloorDiv, 1, 0));
  EXPECT_FALSE(p.apply(SizeOp::Mul, int64_t(1) << 40, int64_t(1) << 40));
  EXPECT_TRUE(p.insts.empty());
  EXPECT_TRUE(p.check(1, "a.bdsl:1:1", "never"));
  EXPECT_FALSE(p.check(0, "a.bdsl:1:1", "always"));
  EXPECT_TRUE(p.insts.empty());
}

TEST(Sizes, EqualExpressionsGiveEqualSymbols) {
  SizeProgram p = withParams();
  int64_t n = p.param(0);
  EXPECT_EQ(p.param(0), n);
  int64_t twice = *p.apply(SizeOp::Mul, n, 2);
  EXPECT_EQ(*p.apply(SizeOp::Mul, n, 2), twice);
  EXPECT_NE(*p.apply(SizeOp::Mul, 2, n), twice); // structure, not algebra
  EXPECT_EQ(*p.apply(SizeOp::Select, 1, n, 7), n);
  EXPECT_EQ(*p.apply(SizeOp::Select, n, 7, 7), 7);
}

TEST(Sizes, EvaluatesInOrderWithDefaultsAndSettings) {
  SizeProgram p = withParams();
  int64_t n = p.param(0);
  int64_t rows = *p.apply(SizeOp::Mul, n, 3, 0, "a.bdsl:3:9");
  int64_t chunks = *p.apply(SizeOp::Min, 4, rows);
  SizeValues v;
  ASSERT_EQ(evaluate(p, {{"path", "x.npy"}}, noFiles(), v), std::nullopt);
  EXPECT_EQ(v.resolve(rows), 30);
  EXPECT_EQ(v.resolve(chunks), 4);
  EXPECT_EQ(v.resolve(17), 17);
  EXPECT_EQ(v.params[1].s, "x.npy");
  ASSERT_EQ(evaluate(p, {{"path", "x"}, {"n", "1"}, {"n", "1_000"}}, noFiles(), v),
            std::nullopt);
  EXPECT_EQ(v.resolve(rows), 3000);
}

TEST(Sizes, ParameterErrorsNameTheParameter) {
  SizeProgram p = withParams();
  p.param(0);
  SizeValues v;
  std::optional<std::string> missing = evaluate(p, {}, noFiles(), v);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("parameter 'path'"), std::string::npos) << *missing;
  EXPECT_NE(missing->find("--set path=VALUE"), std::string::npos) << *missing;
  std::optional<std::string> unknown =
      evaluate(p, {{"path", "x"}, {"m", "1"}}, noFiles(), v);
  ASSERT_TRUE(unknown);
  EXPECT_NE(unknown->find("unknown parameter 'm'"), std::string::npos);
  EXPECT_NE(unknown->find("n, path"), std::string::npos) << *unknown;
  std::optional<std::string> bad =
      evaluate(p, {{"path", "x"}, {"n", "12x"}}, noFiles(), v);
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, "error: parameter 'n': '12x' is not an i64");
}

TEST(Sizes, ChecksReportTheirLocationAndValues) {
  SizeProgram p = withParams();
  int64_t n = p.param(0);
  int64_t positive = *p.apply(SizeOp::Lt, 0, n);
  ASSERT_TRUE(p.check(positive, "a.bdsl:4:12",
                      "shape entry must be positive, got {s" +
                          std::to_string(symbolIndex(n)) + "}"));
  SizeValues v;
  std::optional<std::string> error =
      evaluate(p, {{"path", "x"}, {"n", "-3"}}, noFiles(), v);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "a.bdsl:4:12: error: shape entry must be positive, got -3");
}

TEST(Sizes, LearntLengthsWaitAtTheirBound) {
  SizeProgram p = withParams();
  int64_t n = p.param(0);
  int64_t length = p.learnt(n, "a.bdsl:3:9");
  EXPECT_NE(p.learnt(n, "a.bdsl:3:9"), length); // each one its own
  int64_t chunks = *p.apply(SizeOp::Min, 4, length);
  int64_t positive = *p.apply(SizeOp::Lt, 0, length);
  ASSERT_TRUE(p.check(positive, "a.bdsl:3:9",
                      "selects no elements of {s" +
                          std::to_string(symbolIndex(n)) + "}"));
  SizeProgram copy;
  std::string problem;
  ASSERT_TRUE(SizeProgram::parse(p.serialize(), copy, problem)) << problem;
  EXPECT_EQ(copy.serialize(), p.serialize());

  SizeValues v;
  ASSERT_EQ(evaluate(p, {{"path", "x"}}, noFiles(), v), std::nullopt);
  EXPECT_EQ(v.resolve(length), 10);
  EXPECT_EQ(v.resolve(chunks), 4);
  EXPECT_TRUE(v.pending[symbolIndex(chunks)]);
  EXPECT_FALSE(v.pending[symbolIndex(n)]);

  ASSERT_EQ(learn(p, symbolIndex(length), 3, v), std::nullopt);
  EXPECT_EQ(v.resolve(length), 3);
  EXPECT_EQ(v.resolve(chunks), 3);
  EXPECT_FALSE(v.pending[symbolIndex(chunks)]);

  // Values that arrive without their marks (a broadcast) learn the same.
  SizeValues bare;
  bare.symbols = v.symbols;
  bare.symbols[symbolIndex(length)] = 10;
  ASSERT_EQ(learn(p, symbolIndex(length), 0, bare),
            std::optional<std::string>(
                "a.bdsl:3:9: error: selects no elements of 10"));
}

TEST(Sizes, OverflowAtRunTimeIsAnError) {
  SizeProgram p = withParams();
  int64_t n = p.param(0);
  int64_t square = *p.apply(SizeOp::Mul, n, n, 0, "a.bdsl:5:3");
  (void)square;
  SizeValues v;
  std::optional<std::string> error =
      evaluate(p, {{"path", "x"}, {"n", "3037000500"}}, noFiles(), v);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind("a.bdsl:5:3: error: a size overflows", 0), 0u) << *error;
}

TEST(Sizes, FilesAreReadOnceAndChecked) {
  SizeProgram p = withParams();
  int32_t f = p.addFile({FileFormat::Npy, "", 1, "", 0, 2, "a.bdsl:6:9"});
  EXPECT_EQ(p.addFile({FileFormat::Npy, "", 1, "", 0, 2, "a.bdsl:7:9"}), f);
  int64_t rows = p.fileDim(f, 0), cols = p.fileDim(f, 1);
  int reads = 0;
  ReadFileShape read = [&](const FileInput &, const std::string &path,
                           FileShape &shape) -> std::optional<std::string> {
    ++reads;
    EXPECT_EQ(path, "in.npy");
    shape.dtype = 0;
    shape.ndim = 2;
    shape.shape[0] = 100;
    shape.shape[1] = 7;
    return std::nullopt;
  };
  SizeValues v;
  ASSERT_EQ(evaluate(p, {{"path", "in.npy"}}, read, v), std::nullopt);
  EXPECT_EQ(reads, 1);
  EXPECT_EQ(v.resolve(rows), 100);
  EXPECT_EQ(v.resolve(cols), 7);

  ReadFileShape wrongType = [](const FileInput &, const std::string &,
                               FileShape &shape) {
    shape.dtype = 3;
    shape.ndim = 2;
    return std::optional<std::string>();
  };
  std::optional<std::string> error =
      evaluate(p, {{"path", "in.npy"}}, wrongType, v);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "a.bdsl:6:9: error: in.npy holds i32 elements, but the "
                    "program reads f64");
  error = evaluate(p, {{"path", "gone.npy"}}, noFiles(), v);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "a.bdsl:6:9: error: gone.npy: no such file");
}

TEST(Sizes, TextFormRoundTrips) {
  SizeProgram p = withParams();
  p.addParam({"scale", ParamType::F64, std::string("0.5"), "a.bdsl:3:7"});
  int32_t f = p.addFile({FileFormat::Hdf5, "t \"2m\".h5", -1, "/g/t2m", 1, 3,
                         "a.bdsl:4:9"});
  int64_t n = p.param(0);
  int64_t d = p.fileDim(f, 2);
  int64_t sum = *p.apply(SizeOp::Add, n, d, 0, "a.bdsl:5:1");
  int64_t sel = *p.apply(SizeOp::Select, *p.apply(SizeOp::Lt, sum, 5), n, -3);
  p.check(*p.apply(SizeOp::Eq, sel, d), "a.bdsl:6:2",
          "shapes [{s2}] and\n[\"{s3}\"] differ");
  std::string text = p.serialize();
  SizeProgram q;
  std::string error;
  ASSERT_TRUE(SizeProgram::parse(text, q, error)) << error << "\n" << text;
  EXPECT_EQ(q.serialize(), text);
  EXPECT_EQ(q.files[0].path, "t \"2m\".h5");
  EXPECT_EQ(q.insts.back().message, "shapes [{s2}] and\n[\"{s3}\"] differ");
}

TEST(Sizes, MalformedTextIsRejected) {
  SizeProgram q;
  std::string error;
  for (const char *text :
       {"bogus", "add s0 1 @ \"x\"", "param n i64", "param n q64 @ \"l\"",
        "param n i64 @ \"l\"\nparam 0 @ \"l\"\nadd s1 1 @ \"l\"",
        "file npy param 0 dataset \"\" dtype 0 ndim 1 @ \"l\"",
        "check 1 @ \"l\"", "add 1 2 @ \"l\" extra", "add 1 @ \"unterminated"}) {
    EXPECT_FALSE(SizeProgram::parse(text, q, error)) << text;
    EXPECT_FALSE(error.empty());
  }
}

TEST(Sizes, ParameterNamesReadBackAsWritten) {
  SizeProgram q;
  std::string error;
  EXPECT_FALSE(SizeProgram::parse("param \"a b\" i64 @ \"l\"", q, error));
  EXPECT_EQ(error, "size program line 1: 'a b' is not a parameter name");
  EXPECT_FALSE(SizeProgram::parse("param 2n i64 @ \"l\"", q, error));
  EXPECT_FALSE(
      SizeProgram::parse("param n i64 @ \"l\"\nparam n str @ \"l\"", q, error));
  EXPECT_EQ(error, "size program line 2: parameter 'n' is declared twice");
  EXPECT_TRUE(SizeProgram::parse("param _n2 i64 @ \"l\"", q, error)) << error;
}

TEST(Sizes, ParamValuesParseStrictly) {
  ParamValue v;
  EXPECT_FALSE(parseParamValue(ParamType::I64, "1_000_000", v));
  EXPECT_EQ(v.i, 1000000);
  EXPECT_FALSE(parseParamValue(ParamType::I64, "1e6", v));
  EXPECT_EQ(v.i, 1000000);
  EXPECT_FALSE(parseParamValue(ParamType::I64, "-12", v));
  EXPECT_EQ(v.i, -12);
  for (const char *bad : {"", "1__0", "_1", "1_", "1.5", "0x10", "12 ", " 12",
                          "99999999999999999999", "1e300", "nan"})
    EXPECT_TRUE(parseParamValue(ParamType::I64, bad, v)) << bad;
  EXPECT_FALSE(parseParamValue(ParamType::F64, "2.5e-3", v));
  EXPECT_EQ(v.f, 2.5e-3);
  EXPECT_FALSE(parseParamValue(ParamType::F64, "inf", v));
  for (const char *bad : {"", "1.5x", " 1", "1e999"})
    EXPECT_TRUE(parseParamValue(ParamType::F64, bad, v)) << bad;
  EXPECT_FALSE(parseParamValue(ParamType::Bool, "true", v));
  EXPECT_TRUE(v.b);
  EXPECT_TRUE(parseParamValue(ParamType::Bool, "yes", v));
  EXPECT_FALSE(parseParamValue(ParamType::Str, "", v));
}

} // namespace
