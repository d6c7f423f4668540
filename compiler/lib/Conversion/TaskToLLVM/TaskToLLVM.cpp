//===- TaskToLLVM.cpp - Stages and collectives to runtime calls -----------===//
//
// The pass: the program's main, then every task operation by the patterns of
// Patterns.h.
//
//===----------------------------------------------------------------------===//
#include "bridge/Conversion/Passes.h"

#include "LLVMHelpers.h"
#include "Patterns.h"
#include "bridge/Dialect/Task/TaskOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/Support/xxhash.h"

namespace bridge {
#define GEN_PASS_DEF_CONVERTTASKTOLLVM
#include "bridge/Conversion/Passes.h.inc"
} // namespace bridge

using namespace mlir;
using namespace bridge;
using namespace bridge::tasktollvm;

namespace {

struct ConvertTaskToLLVM
    : public bridge::impl::ConvertTaskToLLVMBase<ConvertTaskToLLVM> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    if (auto main = module.lookupSymbol<func::FuncOp>("main"))
      if (!main.isExternal() && failed(rewriteMain(main)))
        return signalPassFailure();

    TypeConverter converter;
    converter.addConversion([](Type type) { return type; });
    converter.addConversion(
        [ctx](task::DistType) -> Type { return ptrType(ctx); });
    converter.addConversion(
        [ctx](task::PartialsType) -> Type { return ptrType(ctx); });
    converter.addConversion(
        [ctx](task::ChunkType) -> Type { return ptrType(ctx); });
    converter.addConversion(
        [ctx](task::CountsType) -> Type { return ptrType(ctx); });
    converter.addConversion(
        [ctx](task::SelectionType) -> Type { return ptrType(ctx); });

    ConversionTarget target(*ctx);
    target.addIllegalDialect<task::TaskDialect>();
    target.addLegalDialect<LLVM::LLVMDialect, func::FuncDialect,
                           arith::ArithDialect, math::MathDialect,
                           scf::SCFDialect>();
    RewritePatternSet patterns(ctx);
    // Checkpoints are keyed by the program: a hash of its task graph.
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os, OpPrintingFlags().elideLargeElementsAttrs(0));
    uint64_t program = llvm::xxh3_64bits(text);
    // Stages and checkpointed arrays share one numbering in program order.
    DenseMap<Operation *, int64_t> stepIds;
    module.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (isa<task::StageOp, task::CheckpointOp>(op)) {
        int64_t id = stepIds.size();
        stepIds[op] = id;
      }
    });
    populateStagePatterns(converter, patterns, program, stepIds);
    populateCheckpointPatterns(converter, patterns, program, stepIds);
    populateChunkAccessPatterns(converter, patterns);
    populateDataMovementPatterns(converter, patterns);
    populateScalarPatterns(converter, patterns);
    populateSelectionPatterns(converter, patterns);
    populateLegacyCallPatterns(converter, patterns);
    populateScanPatterns(converter, patterns);
    populateMatmulPatterns(converter, patterns);
    populateCompactionPatterns(converter, patterns);
    populateCountsPatterns(converter, patterns);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
