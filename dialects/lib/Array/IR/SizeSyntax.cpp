//===- SizeSyntax.cpp - Sizes in the textual IR ---------------------------===//
#include "bridge/Dialect/Array/SizeSyntax.h"

#include "bridge/sizes.h"

using namespace mlir;

static void printOne(raw_ostream &os, int64_t size) {
  os << bridge::plan::formatSize(size);
}

static ParseResult parseOne(AsmParser &parser, int64_t &size) {
  StringRef keyword;
  SMLoc loc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalKeyword(&keyword))) {
    std::optional<int64_t> symbol = bridge::plan::parseSize(keyword);
    if (!symbol || !bridge::plan::isSymbol(*symbol))
      return parser.emitError(loc, "expected a size: an integer or sN");
    size = *symbol;
    return success();
  }
  if (parser.parseInteger(size))
    return failure();
  if (size <= -bridge::plan::kMaxConstant || size >= bridge::plan::kMaxConstant)
    return parser.emitError(loc, "size constant out of range");
  return success();
}

void bridge::array::printSizeList(AsmPrinter &printer, ArrayRef<int64_t> sizes) {
  llvm::interleaveComma(sizes, printer.getStream(), [&](int64_t size) {
    printOne(printer.getStream(), size);
  });
}

ParseResult bridge::array::parseSizeList(AsmParser &parser,
                                         SmallVector<int64_t> &sizes) {
  return parser.parseCommaSeparatedList([&] {
    int64_t size;
    if (parseOne(parser, size))
      return failure();
    sizes.push_back(size);
    return success();
  });
}

void bridge::array::printSizeArray(OpAsmPrinter &printer, Operation *,
                                   DenseI64ArrayAttr sizes) {
  printer << '[';
  printSizeList(printer, sizes.asArrayRef());
  printer << ']';
}

ParseResult bridge::array::parseSizeArray(OpAsmParser &parser,
                                          DenseI64ArrayAttr &sizes) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        int64_t size;
        if (parseOne(parser, size))
          return failure();
        values.push_back(size);
        return success();
      }))
    return failure();
  sizes = DenseI64ArrayAttr::get(parser.getContext(), values);
  return success();
}

void bridge::array::printSize(OpAsmPrinter &printer, Operation *,
                              IntegerAttr size) {
  printOne(printer.getStream(), size.getInt());
}

ParseResult bridge::array::parseSize(OpAsmParser &parser, IntegerAttr &size) {
  int64_t value;
  if (parseOne(parser, value))
    return failure();
  size = IntegerAttr::get(IntegerType::get(parser.getContext(), 64), value);
  return success();
}

bool bridge::array::allConstant(ArrayRef<int64_t> sizes) {
  return llvm::none_of(sizes, bridge::plan::isSymbol);
}
