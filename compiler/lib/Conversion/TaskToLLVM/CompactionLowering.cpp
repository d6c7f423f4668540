//===- CompactionLowering.cpp - Arrays whose length the data decides ------===//
//
// task.compress becomes three steps: a collective runtime call that
// computes this rank's part of the result and the total
// (runtime/src/Selection.cpp), the learning of that total as the result's
// length (every later size that depends on it follows), and the creation of
// the result, which a last collective call fills in order. A selection that
// stages fill (task.selection_open, task.select_chunk: x[mask] of elements
// and unique) takes the same last steps in task.place_selection.
//
//===----------------------------------------------------------------------===//
#include "Patterns.h"

#include "LLVMHelpers.h"
#include "RuntimeAPI.h"
#include "RuntimeEnums.h"
#include "bridge/sizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;
using runtime::Fn;

namespace {

/// Calls `fn` with `args` and a slot for the total it sets, learns that
/// total as the length of `op`'s result, creates the result and places the
/// selection into it: `fn`'s result, or `selection` when given.
Value selectAndPlace(ConversionPatternRewriter &rewriter, Operation *op, Fn fn,
                     SmallVector<Value> args, Value selection = Value()) {
  Location loc = op->getLoc();
  ModuleOp module = moduleOf(op);
  Value count = stackSlotsBefore(rewriter, op, rewriter.getI64Type(), 1);
  args.push_back(count);
  func::CallOp call = runtime::call(rewriter, loc, module, fn, args);
  if (!selection)
    selection = call.getResult(0);
  auto type = cast<task::DistType>(op->getResult(0).getType());
  Value length = LLVM::LoadOp::create(rewriter, loc, rewriter.getI64Type(),
                                      count);
  runtime::call(rewriter, loc, module, Fn::LearnSize,
                {i64Const(rewriter, loc,
                          plan::symbolIndex(type.getShape()[0])),
                 length});
  Value result = createDist(rewriter, loc, module, type);
  runtime::call(rewriter, loc, module, Fn::SelectionPlace,
                {selection, result});
  return result;
}

struct CompressLowering : TaskPattern<task::CompressOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::CompressOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, selectAndPlace(rewriter, op, Fn::SelectMask,
                                          {adaptor.getSource(),
                                           adaptor.getMask()}));
    return success();
  }
};

struct SelectionOpenLowering : TaskPattern<task::SelectionOpenOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::SelectionOpenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int32_t dtype = runtime::dtypeCode(op.getType().getElementType());
    rewriter.replaceOp(
        op, runtime::call(rewriter, loc, moduleOf(op),
                          op.getDistinct() ? Fn::UniqueOpen : Fn::SelectionOpen,
                          {i32Const(rewriter, loc, dtype)}));
    return success();
  }
};

struct SelectChunkLowering : TaskPattern<task::SelectChunkOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::SelectChunkOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value count = arith::IndexCastOp::create(
        rewriter, loc, rewriter.getI64Type(), adaptor.getCount());
    Value mask = adaptor.getMask()
                     ? adaptor.getMask()
                     : LLVM::ZeroOp::create(rewriter, loc, ptrType(getContext()))
                           .getResult();
    runtime::call(rewriter, loc, moduleOf(op), Fn::SelectChunk,
                  {adaptor.getSelection(), adaptor.getValues(), mask, count});
    rewriter.eraseOp(op);
    return success();
  }
};

struct PlaceSelectionLowering : TaskPattern<task::PlaceSelectionOp> {
  using TaskPattern::TaskPattern;
  LogicalResult
  matchAndRewrite(task::PlaceSelectionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, selectAndPlace(rewriter, op, Fn::SelectionClose,
                                          {adaptor.getSelection()},
                                          adaptor.getSelection()));
    return success();
  }
};

} // namespace

void bridge::tasktollvm::populateCompactionPatterns(
    TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<CompressLowering, SelectionOpenLowering,
               SelectChunkLowering, PlaceSelectionLowering>(
      converter, patterns.getContext());
}
