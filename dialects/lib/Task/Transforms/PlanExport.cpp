//===- PlanExport.cpp - The placement plan of a task-dialect program ------===//
#include "bridge/Dialect/Task/PlanExport.h"

#include "bridge/Dialect/Task/TaskOps.h"
#include "bridge/layout/RadixSelect.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace bridge;
using namespace bridge::task;

namespace {
class Exporter {
public:
  explicit Exporter(plan::SizeProgram sizes) { result.sizes = std::move(sizes); }

  plan::Plan run(func::FuncOp func) {
    func.walk<WalkOrder::PreOrder>([&](Operation *op) { visit(op); });
    return std::move(result);
  }

private:
  /// A short place name for people: "file:line" of the defining operation.
  static std::string placeOf(Location loc) {
    if (auto fused = dyn_cast<FusedLoc>(loc))
      if (!fused.getLocations().empty())
        loc = fused.getLocations().front();
    if (auto file = dyn_cast<FileLineColLoc>(loc)) {
      StringRef name = file.getFilename().getValue();
      name = name.substr(name.find_last_of('/') + 1);
      return (name + ":" + Twine(file.getLine())).str();
    }
    return "?";
  }

  int define(Value value) {
    ids[value] = define(cast<DistType>(value.getType()), value.getLoc());
    return ids[value];
  }

  static int64_t bytesOf(Type element) {
    return element.isInteger(1) ? 1 : element.getIntOrFloatBitWidth() / 8;
  }

  /// The bytes of the storage (task.scratch) that `stage` reads, in each
  /// one's element type.
  int64_t scratchBytes(StageOp stage) {
    llvm::SetVector<ScratchOp> scratches;
    stage.getBody().walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (auto scratch = operand.getDefiningOp<ScratchOp>())
          scratches.insert(scratch);
    });
    int64_t bytes = 0;
    for (ScratchOp scratch : scratches) {
      Type element = scratch.getChunk().getType().getElementType();
      bytes = size(plan::SizeOp::Add, bytes,
                   size(plan::SizeOp::Mul, scratchElements(stage, scratch),
                        bytesOf(element)));
    }
    return bytes;
  }

  /// The elements of `scratch`: a constant count, or one chunk of `stage`'s
  /// grid (the rows of its tile) with the scratch's margins.
  int64_t scratchElements(StageOp stage, ScratchOp scratch) {
    if (std::optional<int64_t> constant =
            getConstantIntValue(scratch.getElements()))
      return *constant;
    std::optional<ArrayRef<int64_t>> margins = scratch.getMargins();
    int64_t elements = 1;
    for (auto [dim, chunk] : llvm::enumerate(stage.getChunks())) {
      int64_t extent = chunk;
      if (dim == 0 && scratch.getTile())
        extent = tileRows(stage.getChunks(), *scratch.getTile());
      if (margins && (*margins)[dim] != 0)
        extent = size(plan::SizeOp::Add, extent, (*margins)[dim]);
      elements = size(plan::SizeOp::Mul, elements, extent);
    }
    return elements;
  }

  /// max(1, tile // (the elements of a chunk's row along dimension 0)).
  int64_t tileRows(ArrayRef<int64_t> chunks, int64_t tile) {
    int64_t row = 1;
    for (int64_t chunk : chunks.drop_front())
      row = size(plan::SizeOp::Mul, row, chunk);
    return size(plan::SizeOp::Max, 1, size(plan::SizeOp::FloorDiv, tile, row));
  }

  int define(DistType type, Location loc) {
    plan::Array array;
    array.name = placeOf(loc);
    Type element = type.getElementType();
    array.elementBytes = bytesOf(element);
    array.block = type.getPlacement() == Placement::block;
    array.cyclic = type.getPlacement() == Placement::cyclic;
    if (array.cyclic) {
      array.gridRows = type.getGrid()[0];
      array.gridCols = type.getGrid()[1];
    }
    array.shape.assign(type.getShape().begin(), type.getShape().end());
    array.chunks.assign(type.getChunks().begin(), type.getChunks().end());
    if (std::optional<unsigned> axis = type.getHaloAxis()) {
      array.haloAxis = *axis;
      array.haloWidth = type.getHaloWidth(*axis);
    }
    result.arrays.push_back(array);
    return result.arrays.size() - 1;
  }

  std::vector<int> idsOf(ValueRange values) {
    std::vector<int> out;
    for (Value value : values)
      if (isa<DistType>(value.getType()))
        out.push_back(ids.lookup(value));
    return out;
  }

  /// A size the plan needs that the program does not compute: the plan's
  /// size program gains it (constants fold). The frontend has checked that
  /// the sizes involved are in range, so nothing overflows.
  int64_t size(plan::SizeOp op, int64_t a, int64_t b) {
    std::optional<int64_t> value = result.sizes.apply(op, a, b);
    assert(value && "sizes of a verified program do not overflow");
    return *value;
  }

  /// The number of chunks of `shape` tiled by `chunks`.
  int64_t chunkCount(ArrayRef<int64_t> shape, ArrayRef<int64_t> chunks) {
    using plan::SizeOp;
    int64_t count = 1;
    for (auto [extent, chunk] : llvm::zip(shape, chunks)) {
      int64_t rounded = size(SizeOp::Add, extent, size(SizeOp::Sub, chunk, 1));
      count = size(SizeOp::Mul, count, size(SizeOp::FloorDiv, rounded, chunk));
    }
    return count;
  }

  void add(plan::StepKind kind, std::vector<int> inputs,
           std::vector<int> outputs, std::string label = "") {
    plan::Step step;
    step.kind = kind;
    step.inputs = std::move(inputs);
    step.outputs = std::move(outputs);
    step.label = std::move(label);
    result.steps.push_back(std::move(step));
  }

  void visit(Operation *op) {
    using plan::StepKind;
    llvm::TypeSwitch<Operation *>(op)
        .Case([&](AllocOp alloc) { add(StepKind::Alloc, {}, {define(alloc)}); })
        .Case([&](LoadOp load) {
          add(StepKind::Load, {}, {define(load)}, load.getPath().str());
        })
        .Case([&](HaloOp halo) {
          int source = ids.lookup(halo.getSource());
          add(StepKind::Halo, {source}, {define(halo)},
              stringifyPadMode(halo.getMode()).str());
        })
        // Filled in place: the same array before and after.
        .Case([&](FillHaloOp fill) {
          int array = ids.lookup(fill.getArray());
          add(StepKind::Halo, {array}, {array},
              stringifyPadMode(fill.getMode()).str());
        })
        .Case([&](FreeOp free) {
          add(StepKind::Free, idsOf(free.getArray()), {});
        })
        .Case([&](StageOp stage) {
          // Products are written into arrays beside the outputs, the rows
          // form's reading a replica beside the inputs.
          SmallVector<Value> ins(stage.getIns()), outs(stage.getOuts());
          stage.getBody().walk([&](Operation *inner) {
            if (auto product = dyn_cast<MatmulChunkOp>(inner))
              outs.push_back(product.getDest());
            if (auto product = dyn_cast<MatmulRowsChunkOp>(inner)) {
              ins.push_back(product.getReplica());
              outs.push_back(product.getDest());
            }
          });
          add(StepKind::Stage, idsOf(ins), idsOf(outs));
          result.steps.back().partials = stage.getPartials().size();
          result.steps.back().chunks =
              chunkCount(stage.getShape(), stage.getChunks());
          result.steps.back().scratch = scratchBytes(stage);
        })
        // A scan's local steps pass over the grid like a stage; what moves
        // between them is a redistribution of their totals.
        .Case([&](ScanLocalOp scan) {
          add(StepKind::Stage, idsOf(scan.getSource()),
              idsOf({scan.getDest(), scan.getTotals()}));
          auto type = scan.getSource().getType();
          result.steps.back().chunks =
              chunkCount(type.getShape(), type.getChunks());
        })
        .Case([&](ScanCarryOp scan) {
          add(StepKind::Stage, idsOf({scan.getArray(), scan.getTotals()}),
              idsOf(scan.getArray()));
          auto type = scan.getArray().getType();
          result.steps.back().chunks =
              chunkCount(type.getShape(), type.getChunks());
        })
        // Each chunk's product is local, a pass over the chunks.
        .Case([&](MatmulLocalOp product) {
          add(StepKind::Stage, idsOf({product.getLhs(), product.getRhs()}),
              idsOf(product.getDest()));
          auto type = product.getDest().getType();
          result.steps.back().chunks =
              chunkCount(type.getShape(), type.getChunks());
        })
        .Case([&](RedistributeOp move) {
          add(StepKind::Move, idsOf(move.getSource()), idsOf(move.getDest()));
          // The op reads offset + step * (t - lo); the plan, offset + step * t.
          for (size_t d = 0; d < move.getSrcDims().size(); ++d) {
            int64_t step = move.getSteps()[d], lo = move.getLo()[d];
            int64_t offset =
                size(plan::SizeOp::Sub, move.getOffsets()[d],
                     size(plan::SizeOp::Mul, step, lo));
            result.steps.back().maps.push_back(
                {move.getSrcDims()[d], offset, step, lo, move.getHi()[d]});
          }
        })
        // The result is created, then filled by packing the source's units.
        .Case([&](CompressOp compress) {
          int result = define(compress);
          add(StepKind::Alloc, {}, {result});
          add(StepKind::Compact,
              idsOf({compress.getSource(), compress.getMask()}), {result},
              "compress");
        })
        // A selection that a stage fills (x[mask] of elements, unique): its
        // units come from the stage's grid, an array the plan knows but
        // nothing allocates.
        .Case([&](PlaceSelectionOp place) {
          std::vector<int> sources;
          for (Operation *user : place.getSelection().getUsers())
            if (auto chunk = dyn_cast<SelectChunkOp>(user)) {
              auto stage = chunk->getParentOfType<StageOp>();
              sources.push_back(define(
                  DistType::get(place.getContext(), stage.getShape(),
                                place.getType().getElementType(),
                                stage.getChunks(), Placement::contiguous),
                  stage.getLoc()));
              break;
            }
          int result = define(place);
          add(StepKind::Alloc, {}, {result});
          auto open = place.getSelection().getDefiningOp<SelectionOpenOp>();
          add(StepKind::Compact, sources, {result},
              open && open.getDistinct() ? "unique" : "compress");
        })
        .Case([&](SumCountsOp sum) {
          add(StepKind::Count, {}, idsOf(sum.getDest()), "counts");
        })
        .Case([&](SaveOp save) {
          add(StepKind::Save, idsOf(save.getArray()), {}, save.getPath().str());
        })
        .Case([&](CallOp call) {
          add(StepKind::Call, idsOf(call.getArgs()), {}, call.getCallee().str());
        })
        .Case<CombineOp, CombineMomentsOp, CombineArgOp>(
            [&](Operation *combine) {
              add(StepKind::Combine, {}, {});
              auto stage = combine->getOperand(0).getDefiningOp<StageOp>();
              result.steps.back().chunks =
                  stage ? chunkCount(stage.getShape(), stage.getChunks()) : 0;
              result.steps.back().partials = combine->getNumOperands();
            })
        .Case([&](QuantileOp quantile) {
          add(StepKind::Select, idsOf(quantile.getArray()), {},
              quantile.getMedian() ? "median" : "quantile");
          int64_t quantiles = quantile.getMedian() ? 1 : quantile.getQ().size();
          bool isFloat =
              isa<FloatType>(quantile.getArray().getType().getElementType());
          result.steps.back().partials =
              layout::radixCountsPerPass(quantiles, isFloat);
        })
        .Case([&](FetchOp fetch) {
          add(StepKind::Fetch, idsOf(fetch.getArray()), {});
          for (int64_t index : fetch.getIndices())
            result.steps.back().maps.push_back({0, 0, 1, index, index});
        });
  }

  plan::Plan result;
  llvm::DenseMap<Value, int> ids;
};
} // namespace

FailureOr<plan::SizeProgram> bridge::task::readSizeProgram(ModuleOp module) {
  plan::SizeProgram program;
  auto text = module->getAttrOfType<StringAttr>(kSizesAttrName);
  if (!text)
    return program;
  std::string error;
  if (!plan::SizeProgram::parse(text.getValue(), program, error))
    return module.emitError()
           << "'" << kSizesAttrName << "' is not a size program: " << error;
  return program;
}

plan::Plan bridge::task::exportPlan(func::FuncOp func) {
  plan::SizeProgram sizes;
  if (auto module = func->getParentOfType<ModuleOp>())
    if (FailureOr<plan::SizeProgram> read = readSizeProgram(module);
        succeeded(read))
      sizes = std::move(*read);
  return Exporter(std::move(sizes)).run(func);
}
