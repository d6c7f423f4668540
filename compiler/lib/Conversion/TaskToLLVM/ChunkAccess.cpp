//===- ChunkAccess.cpp - Element reads and writes of a chunk --------------===//
//
// Also the storage of one chunk that a stage reuses for each of its chunks
// (task.scratch), from the runtime's allocator.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;

namespace {

struct ReadLowering : TaskPattern<task::ReadOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ReadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType();
    Value address = elementAddress(rewriter, loc, adaptor.getChunk(), element,
                                   adaptor.getOffset());
    Value value =
        LLVM::LoadOp::create(rewriter, loc, storageType(element), address);
    if (element.isInteger(1))
      value = arith::TruncIOp::create(rewriter, loc, element, value);
    rewriter.replaceOp(op, value);
    return success();
  }
};

struct WriteLowering : TaskPattern<task::WriteOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::WriteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value value = adaptor.getValue();
    Type element = value.getType();
    if (element.isInteger(1))
      value =
          arith::ExtUIOp::create(rewriter, loc, storageType(element), value);
    Value address = elementAddress(rewriter, loc, adaptor.getChunk(), element,
                                   adaptor.getOffset());
    LLVM::StoreOp::create(rewriter, loc, value, address);
    rewriter.eraseOp(op);
    return success();
  }
};

struct ScratchLowering : TaskPattern<task::ScratchOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ScratchOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = op.getType().getElementType();
    int64_t bytes = storageType(element).getIntOrFloatBitWidth() / 8;
    Value elements = arith::IndexCastOp::create(
        rewriter, loc, rewriter.getI64Type(), adaptor.getElements());
    Value size = arith::MulIOp::create(rewriter, loc, elements,
                                       i64Const(rewriter, loc, bytes));
    rewriter.replaceOp(op, runtime::call(rewriter, loc, moduleOf(op),
                                         runtime::Fn::Alloc, {size}));
    return success();
  }
};

struct ReleaseLowering : TaskPattern<task::ReleaseOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::ReleaseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    runtime::call(rewriter, op.getLoc(), moduleOf(op), runtime::Fn::Free,
                  {adaptor.getChunk()});
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void tasktollvm::populateChunkAccessPatterns(TypeConverter &converter,
                                             RewritePatternSet &patterns) {
  patterns.add<ReadLowering, WriteLowering, ScratchLowering, ReleaseLowering>(
      converter, patterns.getContext());
}
