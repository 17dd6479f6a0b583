//===- GluToGPU.cpp - fused GPU kernels for glu projections ---------------===//
//
// Lowers glu.gated_proj and glu.ffn (all operands f32, f16 or bf16) to
// gpu.launch kernels on buffers:
//
//   gated kernel: grid (T / BM) x (F / BN), a BM x BN tile of H per block
//     stage depth slice 0 of x[rows] and of the gate and value columns of
//       W (any #glu.layout) in shared memory, zero past the edges
//     for each depth slice k of BK (two shared buffers per tile):
//       load slice k + 1 into registers     (16-byte loads where aligned)
//       G += x * Wg; V += x * Wv on slice k (registers; both contractions
//                                            read the same staged x tile)
//       store slice k + 1 into the other buffer; one barrier
//     H = act(G + b) * (V + c)              (registers; the only global
//                                            store)
//   down kernel (glu.ffn only): out = H * W2 + b2, the same tiling
//
// The tiled product and its staging are shared by both kernels; what
// differs is the epilogue, which gets the f32 sums of each output element.
// f32 uses FMA, 256 threads on BM = 128 rows, BK = 16, and BN = 64 columns
// of each of the two weights of the gated kernel (128 of the down kernel's
// one): each thread 8 x 4 elements per weight (8 x 8), read from shared
// memory with 16-byte loads. f16/bf16 use tensor cores (nvvm.mma.sync
// m16n8k16, f32 accumulators): 8 warps on BM = 128, BN = 64, BK = 32, each
// warp owning 32 x 32 elements per weight, its operands read with
// ldmatrix. The 16-byte global loads need the operands aligned (address,
// row stride and column count), which the kernel tests once; otherwise it
// loads the same elements one at a time.
//
// With at most 8 rows (decode), each product is instead split along its
// depth: block (c, s) sums depth slice s of 512 (f32) or 1024 (f16, bf16)
// columns for every row (each thread the 4 or 8 consecutive columns of one
// 16-byte load, all rows in registers) into f32 partial sums, and a second
// kernel adds the slices of each output element in order and runs the same
// epilogue, with the same alignment test of the weights. A dynamic row count
// launches both ways; the launches of the one not taken have no blocks.
//
//===----------------------------------------------------------------------===//

#include "glu/Conversion/GluToGPU/GluToGPU.h"
#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "glu/Dialect/Glu/Utils/RuntimeSizeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::glu {
#define GEN_PASS_DEF_CONVERTGLUTOGPU
#include "glu/Conversion/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;

namespace {

/// Bytes of the widest load: vectors of this many bytes (4 f32, 8 f16 or
/// bf16) are what the kernels read from global memory when the operands'
/// alignment allows it.
constexpr int64_t kLoadBytes = 16;

/// f32 (FMA): a 16 x 16 grid of threads. Thread (ty, tx) owns rows
/// 4 ty + 64 g + i (g < 2, i < 4) of a 128-row block tile and columns
/// 4 tx + 64 h + j (j < 4) of each weight's block tile, h < 2 (128 columns)
/// for one weight and h < 1 (64 columns) for two: either way 64 FMAs per
/// depth step for 4 16-byte shared loads.
constexpr int64_t kFmaGrid = 16;
constexpr int64_t kFmaVector = 4;
constexpr int64_t kFmaGroups = 2;
constexpr int64_t kFmaGroupStride = kFmaGrid * kFmaVector;
/// Depth staged per step by the FMA kernel.
constexpr int64_t kFmaDepth = 16;

/// f16/bf16 (mma.sync m16n8k16): 128 x 64 block tiles per weight, 4 x 2
/// warps, each owning 32 x 32 elements of each as 2 x 4 mma tiles of 16 x 8;
/// 32 depth elements staged per step.
constexpr int64_t kWarpSize = 32;
constexpr int64_t kWarpRows = 32, kWarpCols = 32;
constexpr int64_t kWarpGridRows = 4, kWarpGridCols = 2;
constexpr int64_t kMmaBlockRows = kWarpGridRows * kWarpRows;
constexpr int64_t kMmaBlockCols = kWarpGridCols * kWarpCols;
constexpr int64_t kMmaBlockDepth = 32;
constexpr int64_t kMmaRows = 16, kMmaCols = 8, kMmaDepth = 16;

/// Few rows (decode): split-depth kernels instead of the tiled one, which
/// would leave most rows of each 64-row tile empty and have too few blocks
/// to keep the memory system busy. They have kernels for up to this many
/// rows (split-rows may lower it).
constexpr int64_t kSplitMaxRows = 8;
/// Threads per block of the split-depth product; each owns as many
/// consecutive columns of its block as one 16-byte load holds (4 f32, 8
/// f16 or bf16), so that a warp reads 512 consecutive bytes of a weight row.
constexpr int64_t kSplitThreads = 128;
/// Depth steps whose loads are all issued before their FMAs.
constexpr int64_t kSplitUnroll = 4;
/// The depth is split into as many slices as give about split-blocks
/// blocks, each of at least this many rows.
constexpr int64_t kSplitMinDepth = 64;
/// Threads per block of the kernel that adds the slices' partial sums.
constexpr int64_t kReduceThreads = 256;

/// A matrix that the tiled product reads: a buffer and, for a packed
/// weight or bias, which of its columns are the product's columns.
struct Columns {
  explicit Columns(Value buffer) : buffer(buffer) {}
  Columns(Value packed, LayoutAttr layout, bool value, Value hidden)
      : buffer(packed), layout(layout), value(value), hidden(hidden) {}

  /// The [K, N'] weight or [N'] bias; null for an absent bias.
  Value buffer;
  /// Null: column n is the buffer's column n.
  LayoutAttr layout;
  /// With a layout: the value columns (else the gate columns) and F.
  bool value = false;
  Value hidden;

  /// The buffer column that holds column `n`.
  Value at(ImplicitLocOpBuilder &b, Value n) const {
    if (!layout)
      return n;
    auto [gate, valueColumn] =
        createPackedColumns(b, b.getLoc(), layout, hidden, n);
    return value ? valueColumn : gate;
  }
};

/// The gate and value columns of separate or `packed` weights or biases.
std::pair<Columns, Columns> gateAndValue(Value gate, Value value, Value packed,
                                         LayoutAttr layout, Value hidden) {
  if (!packed)
    return {Columns(gate), Columns(value)};
  return {Columns(packed, layout, /*value=*/false, hidden),
          Columns(packed, layout, /*value=*/true, hidden)};
}

/// Called with the row and column of an output element inside the matrix,
/// and the f32 sums of that element's contraction with each weight.
using Epilogue =
    function_ref<void(ImplicitLocOpBuilder &, Value, Value, ArrayRef<Value>)>;

/// Index arithmetic, conversions, loops and 16-byte loads for the kernel
/// emitters.
class KernelEmitter {
protected:
  KernelEmitter(ImplicitLocOpBuilder &b, Type elementType)
      : b(b), elementType(elementType),
        width(kLoadBytes * 8 / elementType.getIntOrFloatBitWidth()) {}

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, value);
  }
  Value add(Value lhs, Value rhs) { return arith::AddIOp::create(b, lhs, rhs); }
  Value sub(Value lhs, Value rhs) { return arith::SubIOp::create(b, lhs, rhs); }
  Value mul(Value lhs, Value rhs) { return arith::MulIOp::create(b, lhs, rhs); }
  Value div(Value lhs, int64_t rhs) {
    return arith::DivUIOp::create(b, lhs, index(rhs));
  }
  Value rem(Value lhs, int64_t rhs) {
    return arith::RemUIOp::create(b, lhs, index(rhs));
  }
  Value ceilDiv(Value lhs, Value rhs) {
    return arith::CeilDivUIOp::create(b, lhs, rhs);
  }
  Value min(Value lhs, Value rhs) {
    return arith::MinUIOp::create(b, lhs, rhs);
  }
  Value max(Value lhs, Value rhs) {
    return arith::MaxUIOp::create(b, lhs, rhs);
  }
  Value less(Value lhs, Value rhs) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::ult, lhs, rhs);
  }
  Value both(Value lhs, Value rhs) {
    return arith::AndIOp::create(b, lhs, rhs);
  }
  Value zero(Type type) {
    return arith::ConstantOp::create(b, b.getZeroAttr(type));
  }
  /// `count`, or 0 where `active` (if given) is false: the block count of a
  /// launch that does nothing unless `active`.
  Value onlyIf(Value active, Value count) {
    return active ? arith::SelectOp::create(b, active, count, index(0)) : count;
  }
  Value toF32(Value value) {
    if (value.getType().isF32())
      return value;
    return arith::ExtFOp::create(b, b.getF32Type(), value);
  }
  VectorType vectorType() { return VectorType::get({width}, elementType); }

  /// Emits `body(iv, iterArgs)` in an scf.for from `lower` to `upper` and
  /// returns the loop's results (what `body` yields).
  SmallVector<Value>
  loop(Value lower, Value upper, Value step, ValueRange inits,
       function_ref<SmallVector<Value>(Value, ValueRange)> body);

  /// A gpu.launch of `blocks` x `blocksY` blocks of `threads` threads with
  /// the given workgroup buffers; the builder is left at the start of its
  /// body.
  gpu::LaunchOp launch(Value blocks, Value blocksY, int64_t threads,
                       TypeRange workgroupTypes = {});

  /// Where the columns c + i (i < width, c a multiple of width) of `source`
  /// are in its buffer, as constant offsets from the first column of a
  /// 16-byte load; none if a layout spreads them otherwise.
  std::optional<SmallVector<int64_t>> vectorOffsets(const Columns &source);
  /// Whether each of `sources` can be read with 16-byte loads: `columns`
  /// (their column count) a multiple of width, and each buffer's first
  /// element at a 16-byte address and its row stride a multiple of width.
  /// The same for every thread of a launch.
  Value vectorsAligned(ArrayRef<Columns> sources, Value columns);
  /// Columns firstColumn + i (i < width; firstColumn a multiple of width) of
  /// row `row` of each source, as one vector<width> per source, read with
  /// 16-byte loads; needs vectorsAligned() and every source's
  /// vectorOffsets. Sources that share a buffer share its loads.
  SmallVector<Value> loadVectors(ArrayRef<Columns> sources, Value row,
                                 Value firstColumn);
  /// Row `row` of each source at the buffer columns `columnAt` (width per
  /// source), one element at a time, source s's column i at
  /// [s * width + i].
  SmallVector<Value> loadElements(ArrayRef<Columns> sources, Value row,
                                  ArrayRef<Value> columnAt);

  ImplicitLocOpBuilder &b;
  Type elementType;
  /// Elements of one 16-byte load.
  int64_t width;
};

/// Emits one gpu.launch that computes, for each `row < rows` and
/// `column < columns`, the contractions over `depth` of row `row` of `a`
/// with column `column` of each weight (one or two), and hands them to an
/// epilogue. Each step stages a depth slice of `a`'s and the weights' block
/// tiles in shared memory, in two buffers: the loads of the next slice are
/// issued before the products on the current one, and stored into the other
/// buffer after them, one barrier per step.
class TiledProductEmitter : KernelEmitter {
public:
  TiledProductEmitter(ImplicitLocOpBuilder &b, Type elementType)
      : KernelEmitter(b, elementType), useMma(!elementType.isF32()) {}

  /// With `active` given, the launch has no blocks unless it is true.
  void emit(Value a, ArrayRef<Columns> weights, Value rows, Value columns,
            Value depth, Value active, Epilogue epilogue);

private:
  /// This thread's share of the `tileRows` x `tileCols` block at (`row0`,
  /// `col0`) of each source (sources that share a thread's positions share
  /// its loads), zero past `rows` or `cols`: vectors of width elements, the
  /// thread's s-th one of each source at [s * sources.size() + source],
  /// vector threadId + s * threads of the block in row-major order, so that
  /// consecutive threads load consecutive 16-byte vectors (coalesced).
  /// `aligned` selects 16-byte loads over element loads (null: elements).
  SmallVector<Value> load(ArrayRef<Columns> sources, Value row0, Value rows,
                          Value col0, Value cols, int64_t tileRows,
                          int64_t tileCols, Value aligned);
  /// Stores what `load` returned into each tile's buffer `stage` (as
  /// [row][column] or, if `transposed`, [column][row]).
  void store(ArrayRef<Value> tiles, Value stage, ArrayRef<Value> vectors,
             int64_t tileCols, bool transposed);
  /// The row and column in its block of vector s of this thread's share.
  std::pair<Value, Value> share(int64_t s, int64_t tileCols);

  /// One depth step of the per-thread product on the staged tiles of
  /// `stage`; returns the updated accumulators.
  SmallVector<Value> fmaStep(ValueRange sums, ArrayRef<Value> tiles,
                             Value stage);
  SmallVector<Value> mmaStep(ValueRange sums, ArrayRef<Value> tiles,
                             Value stage);

  /// Where accumulator `i` of weight 0 is in the block tile (the same for
  /// every weight: accumulators are grouped by weight).
  std::pair<Value, Value> position(int64_t i);
  int64_t accumulatorsPerWeight() const {
    return useMma ? (kWarpRows / kMmaRows) * (kWarpCols / kMmaCols) * 4
                  : kFmaGroups * kFmaVector * columnGroups * kFmaVector;
  }

  /// The 4 mma operand registers (vector<2xf16>, or i32 holding 2 bf16)
  /// that ldmatrix x4 (`transpose`d) reads from buffer `stage` of a shared
  /// tile, this lane addressing (`row`, `column`).
  SmallVector<Value> loadMatrices(Value tile, Value stage, Value row,
                                  Value column, bool transpose);

  bool useMma;
  /// Block tile sizes: output rows and columns per weight, depth per step.
  int64_t tileRows, tileCols, tileDepth;
  /// FMA: the groups of kFmaVector columns of each weight per thread.
  int64_t columnGroups = 1;
  int64_t threads;
  Value threadId;
};

/// The contractions of TiledProductEmitter for at most split-rows rows,
/// as two kernels: a product kernel, in which block (c, s) computes the
/// partial sums over depth slice s of column block c for every row, and a
/// reduction kernel that adds the slices' partial sums of each output
/// element (in slice order: the result does not depend on scheduling) and
/// hands them to the epilogue.
class SplitDepthProductEmitter : KernelEmitter {
public:
  SplitDepthProductEmitter(ImplicitLocOpBuilder &b, Type elementType,
                           const ConvertGluToGPUOptions &options)
      : KernelEmitter(b, elementType), options(options) {}

  /// With `active` given, the launches have no blocks unless it is true.
  void emit(Value a, ArrayRef<Columns> weights, Value rows, Value columns,
            Value depth, Value active, Epilogue epilogue);

private:
  /// The product kernel with `rowCount` rows in registers (at least
  /// `rows`, which is at least 1; the rows past `rows` read its last row
  /// and are not stored), launched on `columnBlocks` x `slices` blocks.
  void emitProduct(int64_t rowCount, Value columnBlocks);
  void emitReduction(Value active, Epilogue epilogue);

  /// Loads depth row `k` of every weight at this thread's columns, in
  /// element type, weight w's column firstColumn + i at [w * width + i].
  using RowLoader = function_ref<SmallVector<Value>(Value k)>;
  /// The sums over [begin, end) of this thread's `rowCount` rows of `a`
  /// times its columns of each weight, in f32, weight w's row r and column
  /// i at [(w * rowCount + r) * width + i].
  SmallVector<Value> emitSums(ArrayRef<Value> rowAt, Value begin, Value end,
                              int64_t unroll, RowLoader loadRow);

  const ConvertGluToGPUOptions &options;
  Value a, rows, columns, depth;
  ArrayRef<Columns> weights;
  /// Depth slices (0 when inactive) and the rows of each slice.
  Value slices, sliceDepth;
  /// [slices, weights, rows, columns] partial sums (f32).
  Value partial;
};

SmallVector<Value>
KernelEmitter::loop(Value lower, Value upper, Value step, ValueRange inits,
                    function_ref<SmallVector<Value>(Value, ValueRange)> body) {
  auto forOp = scf::ForOp::create(b, lower, upper, step, inits);
  OpBuilder::InsertionGuard guard(b);
  Block *block = forOp.getBody();
  if (block->mightHaveTerminator())
    b.setInsertionPoint(block->getTerminator());
  else
    b.setInsertionPointToEnd(block);
  SmallVector<Value> yielded =
      body(forOp.getInductionVar(), forOp.getRegionIterArgs());
  if (!inits.empty())
    scf::YieldOp::create(b, yielded);
  return SmallVector<Value>(forOp.getResults());
}

gpu::LaunchOp KernelEmitter::launch(Value blocks, Value blocksY,
                                    int64_t threads, TypeRange workgroupTypes) {
  Value one = index(1);
  auto launchOp = gpu::LaunchOp::create(
      b, blocks, blocksY, one, index(threads), one, one,
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/ValueRange(), workgroupTypes);
  b.setInsertionPointToStart(&launchOp.getBody().front());
  b.setInsertionPoint(gpu::TerminatorOp::create(b));
  return launchOp;
}

std::optional<SmallVector<int64_t>>
KernelEmitter::vectorOffsets(const Columns &source) {
  // The first column is a multiple of width: with a granularity that width
  // divides, the columns are consecutive in one granule; with one that
  // divides width, they and their partners are the 2 * width elements from
  // the gate column of the first column (twice the first column).
  auto consecutive = llvm::to_vector(llvm::seq<int64_t>(0, width));
  if (!source.layout || source.layout.getKind() != GateUpLayout::interleaved)
    return consecutive;
  int64_t granularity = source.layout.getGranularity();
  if (granularity % width == 0)
    return consecutive;
  if (width % granularity != 0)
    return std::nullopt;
  SmallVector<int64_t> offsets;
  for (int64_t i = 0; i < width; ++i) {
    auto [gate, value] = getPackedColumns(source.layout, /*hidden=*/0, i);
    offsets.push_back(source.value ? value : gate);
  }
  return offsets;
}

Value KernelEmitter::vectorsAligned(ArrayRef<Columns> sources, Value columns) {
  auto isZero = [&](Value value) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::eq, value, index(0));
  };
  Value aligned = isZero(rem(columns, width));
  Value elementBytes = index(kLoadBytes / width);
  llvm::SmallSetVector<Value, 3> buffers;
  for (const Columns &source : sources)
    buffers.insert(source.buffer);
  for (Value buffer : buffers) {
    auto metadata = memref::ExtractStridedMetadataOp::create(b, buffer);
    Value first = add(memref::ExtractAlignedPointerAsIndexOp::create(b, buffer),
                      mul(metadata.getOffset(), elementBytes));
    Value misaligned = arith::OrIOp::create(
        b, rem(first, kLoadBytes), rem(metadata.getStrides()[0], width));
    aligned = both(aligned, isZero(misaligned));
  }
  return aligned;
}

SmallVector<Value> KernelEmitter::loadVectors(ArrayRef<Columns> sources,
                                              Value row, Value firstColumn) {
  // The 16-byte loads of this row by buffer, first column and load: the
  // gate and value columns of an interleaved weight share theirs.
  DenseMap<std::tuple<Value, Value, int64_t>, Value> loads;
  Value gateOfFirst; // 2 * firstColumn: where spread offsets count from
  SmallVector<Value> vectors;
  for (const Columns &source : sources) {
    SmallVector<int64_t> offsets = *vectorOffsets(source);
    Value anchor;
    if (offsets.back() < width) {
      anchor = source.at(b, firstColumn);
    } else {
      if (!gateOfFirst)
        gateOfFirst = mul(firstColumn, index(2));
      anchor = gateOfFirst;
    }
    auto chunk = [&](int64_t chunk) {
      Value &load = loads[{source.buffer, anchor, chunk}];
      if (!load)
        load = vector::LoadOp::create(
            b, vectorType(), source.buffer,
            ValueRange{row, add(anchor, index(chunk * width))},
            /*nontemporal=*/false, llvm::Align(kLoadBytes));
      return load;
    };
    // Consecutive columns are one load; spread ones are picked from two.
    if (offsets.back() < width)
      vectors.push_back(chunk(0));
    else
      vectors.push_back(
          vector::ShuffleOp::create(b, chunk(0), chunk(1), offsets));
  }
  return vectors;
}

SmallVector<Value> KernelEmitter::loadElements(ArrayRef<Columns> sources,
                                               Value row,
                                               ArrayRef<Value> columnAt) {
  // vector<1x> loads rather than memref.load, which canonicalization turns
  // into a tensor.extract when its buffer is a to_buffer: that bufferizes
  // to a load of the argument itself, while the 16-byte loads and the
  // metadata ops of vectorsAligned keep the memref.cast that bufferization
  // makes of it, and the kernel would get the weight twice.
  auto elementVector = VectorType::get({1}, elementType);
  SmallVector<Value> values;
  for (auto [s, source] : llvm::enumerate(sources))
    for (int64_t i = 0; i < width; ++i)
      values.push_back(vector::ExtractOp::create(
          b,
          vector::LoadOp::create(b, elementVector, source.buffer,
                                 ValueRange{row, columnAt[s * width + i]}),
          0));
  return values;
}

std::pair<Value, Value> TiledProductEmitter::share(int64_t s,
                                                   int64_t tileCols) {
  // threads is a multiple of the vectors per row: each thread keeps its
  // columns.
  int64_t vectorsPerRow = tileCols / width;
  assert(threads % vectorsPerRow == 0 && "threads must cover whole rows");
  return {
      add(div(threadId, vectorsPerRow), index(s * (threads / vectorsPerRow))),
      mul(rem(threadId, vectorsPerRow), index(width))};
}

SmallVector<Value> TiledProductEmitter::load(ArrayRef<Columns> sources,
                                             Value row0, Value rows, Value col0,
                                             Value cols, int64_t tileRows,
                                             int64_t tileCols, Value aligned) {
  assert((tileRows * tileCols) % (width * threads) == 0 &&
         "the threads must share the tile evenly");
  SmallVector<Type> types(sources.size(), vectorType());
  // Columns clamped into the buffer, those past `cols` replaced by zeros.
  auto loadElementVectors = [&](Value row, Value col) {
    Value last = sub(cols, index(1));
    SmallVector<Value> columnAt, inside;
    for (int64_t i = 0; i < width; ++i)
      inside.push_back(less(add(col, index(i)), cols));
    for (const Columns &source : sources)
      for (int64_t i = 0; i < width; ++i)
        columnAt.push_back(source.at(b, min(add(col, index(i)), last)));
    SmallVector<Value> elements = loadElements(sources, row, columnAt);
    Value zeroElement = zero(elementType);
    SmallVector<Value> vectors;
    for (size_t s = 0; s < sources.size(); ++s) {
      SmallVector<Value> lanes;
      for (int64_t i = 0; i < width; ++i)
        lanes.push_back(arith::SelectOp::create(
            b, inside[i], elements[s * width + i], zeroElement));
      vectors.push_back(vector::FromElementsOp::create(b, vectorType(), lanes));
    }
    return vectors;
  };

  SmallVector<Value> vectors;
  for (int64_t s = 0; s < tileRows * tileCols / (width * threads); ++s) {
    auto [i, j] = share(s, tileCols);
    Value row = add(row0, i), col = add(col0, j);
    auto inside =
        scf::IfOp::create(b, types, both(less(row, rows), less(col, cols)),
                          /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(inside.thenBlock());
    if (aligned) {
      // `cols` is a multiple of width here: the vector is inside.
      auto ifAligned = scf::IfOp::create(b, types, aligned,
                                         /*withElseRegion=*/true);
      b.setInsertionPointToStart(ifAligned.thenBlock());
      scf::YieldOp::create(b, loadVectors(sources, row, col));
      b.setInsertionPointToStart(ifAligned.elseBlock());
      scf::YieldOp::create(b, loadElementVectors(row, col));
      b.setInsertionPointAfter(ifAligned);
      scf::YieldOp::create(b, ifAligned.getResults());
    } else {
      scf::YieldOp::create(b, loadElementVectors(row, col));
    }
    b.setInsertionPointToStart(inside.elseBlock());
    scf::YieldOp::create(
        b, SmallVector<Value>(sources.size(), zero(vectorType())));
    llvm::append_range(vectors, inside.getResults());
  }
  return vectors;
}

void TiledProductEmitter::store(ArrayRef<Value> tiles, Value stage,
                                ArrayRef<Value> vectors, int64_t tileCols,
                                bool transposed) {
  for (auto [v, vector] : llvm::enumerate(vectors)) {
    Value tile = tiles[v % tiles.size()];
    auto [i, j] = share(v / tiles.size(), tileCols);
    if (!transposed) {
      vector::StoreOp::create(b, vector, tile, ValueRange{stage, i, j},
                              /*nontemporal=*/false, llvm::Align(kLoadBytes));
      continue;
    }
    for (int64_t q = 0; q < width; ++q)
      memref::StoreOp::create(b, vector::ExtractOp::create(b, vector, q), tile,
                              ValueRange{stage, add(j, index(q)), i});
  }
}

SmallVector<Value> TiledProductEmitter::fmaStep(ValueRange sums,
                                                ArrayRef<Value> tiles,
                                                Value stage) {
  Value rowAt = mul(div(threadId, kFmaGrid), index(kFmaVector));
  Value colAt = mul(rem(threadId, kFmaGrid), index(kFmaVector));
  // Elements first + group * kFmaGroupStride + i (i < kFmaVector) of depth
  // row k of a staged tile.
  auto elements = [&](Value tile, Value k, Value first, int64_t group) {
    Value vector = vector::LoadOp::create(
        b, vectorType(), tile,
        ValueRange{stage, k, add(first, index(group * kFmaGroupStride))},
        /*nontemporal=*/false, llvm::Align(kLoadBytes));
    SmallVector<Value> values;
    for (int64_t i = 0; i < kFmaVector; ++i)
      values.push_back(vector::ExtractOp::create(b, vector, i));
    return values;
  };
  int64_t rowCount = kFmaGroups * kFmaVector;
  int64_t columnCount = columnGroups * kFmaVector;
  return loop(
      index(0), index(tileDepth), index(1), sums, [&](Value k, ValueRange acc) {
        SmallVector<Value> x;
        for (int64_t g = 0; g < kFmaGroups; ++g)
          llvm::append_range(x, elements(tiles[0], k, rowAt, g));
        SmallVector<Value> next(acc);
        for (auto [w, tile] : llvm::enumerate(tiles.drop_front())) {
          SmallVector<Value> y;
          for (int64_t h = 0; h < columnGroups; ++h)
            llvm::append_range(y, elements(tile, k, colAt, h));
          for (int64_t r = 0; r < rowCount; ++r)
            for (int64_t c = 0; c < columnCount; ++c) {
              Value &sum =
                  next[w * accumulatorsPerWeight() + r * columnCount + c];
              sum = math::FmaOp::create(b, x[r], y[c], sum);
            }
        }
        return next;
      });
}

SmallVector<Value> TiledProductEmitter::loadMatrices(Value tile, Value stage,
                                                     Value row, Value column,
                                                     bool transpose) {
  Value matrices = nvgpu::LdMatrixOp::create(
      b, VectorType::get({4, 2}, elementType), tile,
      ValueRange{stage, row, column}, transpose, /*numTiles=*/4);
  SmallVector<Value> registers;
  for (int64_t i = 0; i < 4; ++i) {
    Value pair = vector::ExtractOp::create(b, matrices, i);
    if (elementType.isBF16())
      pair = vector::ExtractOp::create(
          b,
          vector::BitCastOp::create(b, VectorType::get({1}, b.getI32Type()),
                                    pair),
          0);
    registers.push_back(pair);
  }
  return registers;
}

// The register layout of mma.sync m16n8k16 (PTX ISA, "Matrix Fragments for
// mma.m16n8k16"), for lane l with g = l / 4 and t = l % 4:
//   A (16 x 16, row): pairs (g, 2t), (g + 8, 2t), (g, 2t + 8), (g + 8, 2t + 8)
//   B (16 x 8, col):  pairs (k = 2t, n = g), (k = 2t + 8, n = g)
//   C (16 x 8, f32):  (g, 2t), (g, 2t + 1), (g + 8, 2t), (g + 8, 2t + 1)
// where a pair is two elements adjacent in k. ldmatrix (x4) gives lane l
// of each of its 8 x 8 matrices the pair (g, 2t) in register i for matrix
// i, lane l addressing row l % 8 of matrix l / 8; transposed, the pair
// (2t, g) and (2t + 1, g). So one ldmatrix of the x tile ([m][k]) reads an
// A fragment (matrices: rows +0/+8 by depth +0, then by depth +8), and one
// transposed ldmatrix of a weight tile ([k][n]) the B fragments of two
// adjacent n tiles (matrices: depth +0/+8 of the first, then of the
// second).
SmallVector<Value> TiledProductEmitter::mmaStep(ValueRange sums,
                                                ArrayRef<Value> tiles,
                                                Value stage) {
  Value lane = rem(threadId, kWarpSize), warp = div(threadId, kWarpSize);
  Value warpRow = mul(div(warp, kWarpGridCols), index(kWarpRows));
  Value warpCol = mul(rem(warp, kWarpGridCols), index(kWarpCols));
  // The row and column that this lane addresses in the A and B matrices.
  Value matrixRow = rem(lane, 8), matrix = div(lane, 8);
  Value aRow = add(matrixRow, mul(rem(matrix, 2), index(8)));
  Value aColumn = mul(div(matrix, 2), index(8));
  Value bRow = add(matrixRow, mul(rem(matrix, 2), index(8)));
  Value bColumn = mul(div(matrix, 2), index(8));
  MLIRContext *context = b.getContext();
  Type f32 = b.getF32Type();
  auto resultType =
      LLVM::LLVMStructType::getLiteral(context, {f32, f32, f32, f32});
  NVVM::MMATypes ptxType =
      elementType.isF16() ? NVVM::MMATypes::f16 : NVVM::MMATypes::bf16;
  constexpr int64_t mTiles = kWarpRows / kMmaRows;
  constexpr int64_t nTiles = kWarpCols / kMmaCols;
  static_assert(nTiles % 2 == 0, "ldmatrix reads two n tiles at a time");

  SmallVector<Value> next(sums);
  for (int64_t k = 0; k < tileDepth; k += kMmaDepth) {
    SmallVector<SmallVector<Value>> aFragments;
    for (int64_t m = 0; m < mTiles; ++m)
      aFragments.push_back(loadMatrices(
          tiles[0], stage, add(warpRow, add(aRow, index(m * kMmaRows))),
          add(aColumn, index(k)), /*transpose=*/false));
    for (auto [w, tile] : llvm::enumerate(tiles.drop_front())) {
      for (int64_t n = 0; n < nTiles; n += 2) {
        SmallVector<Value> bFragments =
            loadMatrices(tile, stage, add(bRow, index(k)),
                         add(warpCol, add(bColumn, index(n * kMmaCols))),
                         /*transpose=*/true);
        for (int64_t h = 0; h < 2; ++h) {
          ArrayRef<Value> bFragment = ArrayRef(bFragments).slice(2 * h, 2);
          for (int64_t m = 0; m < mTiles; ++m) {
            int64_t first =
                w * accumulatorsPerWeight() + (m * nTiles + n + h) * 4;
            MutableArrayRef<Value> c = MutableArrayRef(next).slice(first, 4);
            Value d = NVVM::MmaOp::create(
                b, resultType, aFragments[m], bFragment, SmallVector<Value>(c),
                {kMmaRows, kMmaCols, kMmaDepth}, std::nullopt, std::nullopt,
                std::array{ptxType, ptxType},
                std::array{NVVM::MMALayout::row, NVVM::MMALayout::col});
            for (int64_t r = 0; r < 4; ++r)
              c[r] = LLVM::ExtractValueOp::create(b, d, r);
          }
        }
      }
    }
  }
  return next;
}

std::pair<Value, Value> TiledProductEmitter::position(int64_t i) {
  if (!useMma) {
    int64_t columnCount = columnGroups * kFmaVector;
    int64_t r = i / columnCount, c = i % columnCount;
    Value rowAt = mul(div(threadId, kFmaGrid), index(kFmaVector));
    Value colAt = mul(rem(threadId, kFmaGrid), index(kFmaVector));
    return {
        add(rowAt, index((r / kFmaVector) * kFmaGroupStride + r % kFmaVector)),
        add(colAt, index((c / kFmaVector) * kFmaGroupStride + c % kFmaVector))};
  }
  constexpr int64_t nTiles = kWarpCols / kMmaCols;
  int64_t tileIndex = i / 4, r = i % 4;
  int64_t m = tileIndex / nTiles, n = tileIndex % nTiles;
  Value lane = rem(threadId, kWarpSize), warp = div(threadId, kWarpSize);
  Value row =
      add(mul(div(warp, kWarpGridCols), index(kWarpRows)), div(lane, 4));
  Value col = add(mul(rem(warp, kWarpGridCols), index(kWarpCols)),
                  mul(rem(lane, 4), index(2)));
  return {add(row, index(m * kMmaRows + (r / 2) * 8)),
          add(col, index(n * kMmaCols + r % 2))};
}

void TiledProductEmitter::emit(Value a, ArrayRef<Columns> weights, Value rows,
                               Value columns, Value depth, Value active,
                               Epilogue epilogue) {
  assert((weights.size() == 1 || weights.size() == 2) && "one or two weights");
  if (useMma) {
    tileRows = kMmaBlockRows;
    tileCols = kMmaBlockCols;
    tileDepth = kMmaBlockDepth;
    threads = kWarpGridRows * kWarpGridCols * kWarpSize;
  } else {
    assert(width == kFmaVector && "FMA kernels read 16-byte f32 vectors");
    columnGroups = kFmaGroups / weights.size();
    tileRows = kFmaGroups * kFmaGroupStride;
    tileCols = columnGroups * kFmaGroupStride;
    tileDepth = kFmaDepth;
    threads = kFmaGrid * kFmaGrid;
  }
  // Two buffers of each staged tile, the weights' as they are
  // ([k][column]). FMA reads them by depth row, so a's tile is transposed
  // ([k][row], rows padded so that the transposed stores of a warp spread
  // over more banks); ldmatrix reads a's as it is ([row][k]) and the
  // weights' transposed, each of its 8 rows 16 bytes, rows padded by 8
  // elements so that those fall on distinct banks.
  auto tileType = [&](int64_t tileRows, int64_t tileCols) {
    return MemRefType::get({2, tileRows, tileCols}, elementType,
                           MemRefLayoutAttrInterface(),
                           gpu::AddressSpaceAttr::get(
                               b.getContext(), gpu::AddressSpace::Workgroup));
  };
  SmallVector<Type> tileTypes;
  if (useMma) {
    tileTypes.push_back(tileType(tileRows, tileDepth + 8));
    tileTypes.append(weights.size(), tileType(tileDepth, tileCols + 8));
  } else {
    tileTypes.push_back(tileType(tileDepth, tileRows + kFmaVector));
    tileTypes.append(weights.size(), tileType(tileDepth, tileCols));
  }

  // Row blocks on x (up to 2^31 - 1 of them), column blocks on y (up to
  // 65535, F or E up to 4 million); at least one block, so that an empty
  // matrix is a valid launch.
  auto blocks = [&](Value size, int64_t perBlock) {
    return max(ceilDiv(size, index(perBlock)), index(1));
  };
  OpBuilder::InsertionGuard guard(b);
  gpu::LaunchOp launch =
      this->launch(onlyIf(active, blocks(rows, tileRows)),
                   blocks(columns, tileCols), threads, tileTypes);
  threadId = launch.getThreadIds().x;
  Value rowBase = mul(launch.getBlockIds().x, index(tileRows));
  Value colBase = mul(launch.getBlockIds().y, index(tileCols));
  SmallVector<Value> tiles(launch.getWorkgroupAttributions());
  ArrayRef<Value> weightTiles = ArrayRef(tiles).drop_front();

  Columns aColumns(a);
  Value aAligned = vectorsAligned(aColumns, depth);
  Value weightsAligned;
  if (llvm::all_of(weights, [&](const Columns &weight) {
        return vectorOffsets(weight).has_value();
      }))
    weightsAligned = vectorsAligned(weights, columns);
  // The loads of depth slice [k, k + tileDepth), and their stores into the
  // tiles' buffer `stage`.
  auto loadSlice = [&](Value k) {
    return std::make_pair(
        load(aColumns, rowBase, rows, k, depth, tileRows, tileDepth, aAligned),
        load(weights, k, depth, colBase, columns, tileDepth, tileCols,
             weightsAligned));
  };
  auto storeSlice =
      [&](Value stage,
          std::pair<SmallVector<Value>, SmallVector<Value>> slice) {
        store(tiles[0], stage, slice.first, tileDepth, /*transposed=*/!useMma);
        store(weightTiles, stage, slice.second, tileCols,
              /*transposed=*/false);
      };

  storeSlice(index(0), loadSlice(index(0)));
  gpu::BarrierOp::create(b);
  SmallVector<Value> init(accumulatorsPerWeight() * weights.size(),
                          zero(b.getF32Type()));
  SmallVector<Value> sums = loop(
      index(0), depth, index(tileDepth), init, [&](Value k, ValueRange acc) {
        // Buffer `stage` holds slice k; the other one, read by no thread
        // since the last barrier, gets the next slice (zeros past depth).
        Value stage = rem(div(k, tileDepth), 2);
        auto next = loadSlice(add(k, index(tileDepth)));
        SmallVector<Value> sums =
            useMma ? mmaStep(acc, tiles, stage) : fmaStep(acc, tiles, stage);
        storeSlice(sub(index(1), stage), std::move(next));
        gpu::BarrierOp::create(b);
        return sums;
      });

  for (int64_t i = 0; i < accumulatorsPerWeight(); ++i) {
    auto [r, c] = position(i);
    Value row = add(rowBase, r), col = add(colBase, c);
    auto ifOp = scf::IfOp::create(b, both(less(row, rows), less(col, columns)),
                                  /*withElseRegion=*/false);
    OpBuilder::InsertionGuard thenGuard(b);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
    SmallVector<Value> elementSums;
    for (size_t w = 0; w < weights.size(); ++w)
      elementSums.push_back(sums[w * accumulatorsPerWeight() + i]);
    epilogue(b, row, col, elementSums);
  }
}

void SplitDepthProductEmitter::emit(Value a, ArrayRef<Columns> weights,
                                    Value rows, Value columns, Value depth,
                                    Value active, Epilogue epilogue) {
  this->a = a;
  this->weights = weights;
  this->rows = rows;
  this->columns = columns;
  this->depth = depth;
  Value one = index(1);
  Value columnBlocks = ceilDiv(columns, index(kSplitThreads * width));
  slices = max(min(ceilDiv(index(options.splitBlocks), max(columnBlocks, one)),
                   ceilDiv(depth, index(kSplitMinDepth))),
               one);
  sliceDepth = ceilDiv(depth, slices);
  slices = onlyIf(active, slices);
  int64_t dynamic = ShapedType::kDynamic;
  partial = memref::AllocOp::create(
      b,
      MemRefType::get(
          {dynamic, static_cast<int64_t>(weights.size()), dynamic, dynamic},
          b.getF32Type()),
      ValueRange{slices, rows, columns});

  // One product kernel each for 1, 2, 3-4 and 5-8 rows (up to split-rows):
  // that of a static row count, or all of them, each without blocks unless
  // the rows are its own (none for no rows or no columns: nothing to sum).
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  for (int64_t fewer = 0, rowCount = 1; fewer < options.splitRows;
       fewer = rowCount, rowCount *= 2) {
    int64_t most = std::min(rowCount, options.splitRows);
    if (staticRows) {
      if (*staticRows > fewer && *staticRows <= most)
        emitProduct(rowCount, columnBlocks);
      continue;
    }
    Value own = both(less(index(fewer), rows), less(rows, index(most + 1)));
    emitProduct(rowCount, onlyIf(own, columnBlocks));
  }
  emitReduction(active, epilogue);
}

void SplitDepthProductEmitter::emitProduct(int64_t rowCount,
                                           Value columnBlocks) {
  OpBuilder::InsertionGuard guard(b);
  gpu::LaunchOp launch = this->launch(columnBlocks, slices, kSplitThreads);
  Value slice = launch.getBlockIds().y;
  Value firstColumn = mul(add(mul(launch.getBlockIds().x, index(kSplitThreads)),
                              launch.getThreadIds().x),
                          index(width));
  Value begin = mul(slice, sliceDepth);
  Value end = max(min(add(begin, sliceDepth), depth), begin);

  // Rows clamped into `a`, so that every load is in bounds; what the rows
  // past `rows` load is not stored.
  Value one = index(1);
  SmallVector<Value> rowAt, outputColumns;
  for (int64_t r = 0; r < rowCount; ++r)
    rowAt.push_back(min(index(r), sub(rows, one)));
  for (int64_t i = 0; i < width; ++i)
    outputColumns.push_back(add(firstColumn, index(i)));

  // Element loads: alone, unrolled as the vector loads are; as their
  // fallback, not unrolled, so that the kernel's register count stays that
  // of the vector loads.
  auto sumElements = [&](int64_t unroll) {
    Value lastColumn = sub(columns, one);
    SmallVector<Value> columnAt;
    for (const Columns &weight : weights)
      for (Value column : outputColumns)
        columnAt.push_back(weight.at(b, min(column, lastColumn)));
    return emitSums(rowAt, begin, end, unroll, [&](Value k) {
      return loadElements(weights, k, columnAt);
    });
  };
  SmallVector<Value> sums;
  if (llvm::all_of(weights, [&](const Columns &weight) {
        return vectorOffsets(weight).has_value();
      })) {
    SmallVector<Type> sumTypes(weights.size() * rowCount * width,
                               b.getF32Type());
    auto ifOp = scf::IfOp::create(b, sumTypes, vectorsAligned(weights, columns),
                                  /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard branchGuard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      // Threads past the last column, which store nothing, read the last
      // columns: `columns` is a multiple of width here (and not 0).
      Value loadColumn = min(firstColumn, sub(columns, index(width)));
      auto loadRow = [&](Value k) {
        SmallVector<Value> values;
        for (Value vector : loadVectors(weights, k, loadColumn))
          for (int64_t i = 0; i < width; ++i)
            values.push_back(vector::ExtractOp::create(b, vector, i));
        return values;
      };
      scf::YieldOp::create(b,
                           emitSums(rowAt, begin, end, kSplitUnroll, loadRow));
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, sumElements(/*unroll=*/1));
    }
    sums = ifOp.getResults();
  } else {
    sums = sumElements(kSplitUnroll);
  }

  for (int64_t r = 0; r < rowCount; ++r) {
    for (auto [i, column] : llvm::enumerate(outputColumns)) {
      auto inside = scf::IfOp::create(
          b, both(less(index(r), rows), less(column, columns)),
          /*withElseRegion=*/false);
      OpBuilder::InsertionGuard thenGuard(b);
      b.setInsertionPoint(inside.thenBlock()->getTerminator());
      for (size_t w = 0; w < weights.size(); ++w)
        memref::StoreOp::create(b, sums[(w * rowCount + r) * width + i],
                                partial,
                                ValueRange{slice, index(w), index(r), column});
    }
  }
}

SmallVector<Value> SplitDepthProductEmitter::emitSums(ArrayRef<Value> rowAt,
                                                      Value begin, Value end,
                                                      int64_t unroll,
                                                      RowLoader loadRow) {
  int64_t rowCount = rowAt.size();
  auto steps = [&](Value k, int64_t count, ValueRange acc) {
    SmallVector<Value> xs, ws; // all the loads of `count` steps first
    for (int64_t u = 0; u < count; ++u) {
      Value row = add(k, index(u));
      for (Value r : rowAt)
        xs.push_back(memref::LoadOp::create(b, a, ValueRange{r, row}));
      llvm::append_range(ws, loadRow(row));
    }
    for (Value &value : llvm::concat<Value>(xs, ws))
      value = toF32(value);
    SmallVector<Value> next(acc);
    for (int64_t u = 0; u < count; ++u)
      for (size_t w = 0; w < weights.size(); ++w)
        for (int64_t r = 0; r < rowCount; ++r)
          for (int64_t i = 0; i < width; ++i) {
            Value &sum = next[(w * rowCount + r) * width + i];
            sum = math::FmaOp::create(b, xs[u * rowCount + r],
                                      ws[(u * weights.size() + w) * width + i],
                                      sum);
          }
    return next;
  };
  SmallVector<Value> sums(weights.size() * rowCount * width,
                          zero(b.getF32Type()));
  Value unrolled = begin;
  if (unroll > 1) {
    unrolled = add(begin, mul(div(sub(end, begin), unroll), index(unroll)));
    sums = loop(begin, unrolled, index(unroll), sums,
                [&](Value k, ValueRange acc) { return steps(k, unroll, acc); });
  }
  return loop(unrolled, end, index(1), sums,
              [&](Value k, ValueRange acc) { return steps(k, 1, acc); });
}

void SplitDepthProductEmitter::emitReduction(Value active, Epilogue epilogue) {
  OpBuilder::InsertionGuard guard(b);
  Value count = mul(rows, columns);
  gpu::LaunchOp launch =
      this->launch(onlyIf(active, ceilDiv(count, index(kReduceThreads))),
                   index(1), kReduceThreads);
  Value element = add(mul(launch.getBlockIds().x, index(kReduceThreads)),
                      launch.getThreadIds().x);
  auto inside = scf::IfOp::create(b, less(element, count),
                                  /*withElseRegion=*/false);
  b.setInsertionPoint(inside.thenBlock()->getTerminator());
  Value row = arith::DivUIOp::create(b, element, columns);
  Value column = arith::RemUIOp::create(b, element, columns);
  SmallVector<Value> init(weights.size(), zero(b.getF32Type()));
  SmallVector<Value> sums =
      loop(index(0), slices, index(1), init, [&](Value slice, ValueRange acc) {
        SmallVector<Value> next;
        for (auto [w, sum] : llvm::enumerate(acc))
          next.push_back(arith::AddFOp::create(
              b, sum,
              memref::LoadOp::create(
                  b, partial, ValueRange{slice, index(w), row, column})));
        return next;
      });
  epilogue(b, row, column, sums);
}

/// The contractions of TiledProductEmitter::emit, by the split-depth
/// kernels for at most split-rows rows and the tiled kernel for more.
/// For a dynamic row count both are launched, one of them with no blocks:
/// the launches stay in the straight-line code of the function, where
/// glu-gpu-device-buffers places their buffers.
void emitProduct(ImplicitLocOpBuilder &b, Type elementType,
                 const ConvertGluToGPUOptions &options, Value a,
                 ArrayRef<Columns> weights, Value rows, Value columns,
                 Value depth, Epilogue epilogue) {
  int64_t splitRows = options.splitRows;
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  Value fewRows, manyRows;
  if (!staticRows && splitRows > 0) {
    Value limit = arith::ConstantIndexOp::create(b, splitRows);
    fewRows = arith::CmpIOp::create(b, arith::CmpIPredicate::ule, rows, limit);
    manyRows = arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, rows, limit);
  }
  if (splitRows > 0 && (!staticRows || *staticRows <= splitRows))
    SplitDepthProductEmitter(b, elementType, options)
        .emit(a, weights, rows, columns, depth, fewRows, epilogue);
  if (splitRows == 0 || !staticRows || *staticRows > splitRows)
    TiledProductEmitter(b, elementType)
        .emit(a, weights, rows, columns, depth, manyRows, epilogue);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// The element type of `op` if it is f32, f16 or bf16 (the verifier gives
/// every operand the result's element type).
Type supportedElementType(Operation *op) {
  Type type = getElementTypeOrSelf(op->getResult(0).getType());
  if (!type.isF32() && !type.isF16() && !type.isBF16())
    return nullptr;
  return type;
}

/// Lowers `op` (a glu.ffn when `downWeight` is set, else a glu.gated_proj).
LogicalResult lowerToKernels(Operation *op, GatedProjection proj,
                             Value downWeight, Value downBias,
                             const ConvertGluToGPUOptions &options,
                             PatternRewriter &rewriter) {
  Type elementType = supportedElementType(op);
  if (!elementType)
    return rewriter.notifyMatchFailure(op, "element type not f32, f16 or bf16");
  Location loc = op->getLoc();
  ProjectionWidths widths =
      assertProjectionSizes(rewriter, op, proj, downWeight, downBias);
  ImplicitLocOpBuilder b(loc, rewriter);
  auto buffer = [&](Value value) {
    return createReadOnlyBuffer(rewriter, loc, value);
  };
  Value x = buffer(createRowsTensor(b, loc, proj.input));
  Value rows = b.createOrFold<memref::DimOp>(x, 0);
  Value depth = memref::DimOp::create(b, x, 1);
  Value hidden = getValueOrCreateConstantIndexOp(b, loc, widths.hidden);
  Value width = getValueOrCreateConstantIndexOp(b, loc, widths.result);
  std::pair<Columns, Columns> weights =
      gateAndValue(buffer(proj.gateWeight), buffer(proj.valueWeight),
                   buffer(proj.packedWeight), proj.layout, hidden);
  std::pair<Columns, Columns> biases =
      gateAndValue(buffer(proj.gateBias), buffer(proj.valueBias),
                   buffer(proj.packedBias), proj.layout, hidden);
  auto matrixType = MemRefType::get(
      {ShapedType::kDynamic, ShapedType::kDynamic}, elementType);
  auto storeElement = [&](ImplicitLocOpBuilder &nb, Value value, Value matrix,
                          Value row, Value col) {
    if (value.getType() != elementType)
      value = arith::TruncFOp::create(nb, elementType, value);
    memref::StoreOp::create(nb, value, matrix, ValueRange{row, col});
  };
  auto loadBias = [&](ImplicitLocOpBuilder &nb, const Columns &bias,
                      Value col) -> Value {
    Value element = memref::LoadOp::create(nb, bias.buffer, bias.at(nb, col));
    return element.getType().isF32()
               ? element
               : arith::ExtFOp::create(nb, nb.getF32Type(), element);
  };

  // The result [..., N], written as [T, N].
  auto createResult = [&] {
    return createResultBuffer(b, loc, proj.input, widths.result, elementType);
  };

  // The gated kernel: H = act(x Wg + b) * (x Wv + c), the result of a
  // glu.gated_proj, or a [T, F] buffer that the down kernel reads.
  ResultBuffer result;
  Value hiddenMatrix;
  if (downWeight) {
    hiddenMatrix =
        memref::AllocOp::create(b, matrixType, ValueRange{rows, hidden});
  } else {
    result = createResult();
    hiddenMatrix = result.rows;
  }
  emitProduct(b, elementType, options, x, {weights.first, weights.second}, rows,
              hidden, depth,
              [&](ImplicitLocOpBuilder &nb, Value row, Value col,
                  ArrayRef<Value> sums) {
                Value gate = sums[0], value = sums[1];
                if (biases.first.buffer)
                  gate = arith::AddFOp::create(nb, gate,
                                               loadBias(nb, biases.first, col));
                if (biases.second.buffer)
                  value = arith::AddFOp::create(
                      nb, value, loadBias(nb, biases.second, col));
                storeElement(nb,
                             createGating(nb, nb.getLoc(), proj.activation,
                                          proj.clamp, gate, value),
                             hiddenMatrix, row, col);
              });

  // The down kernel: out = H W2 + b2.
  if (downWeight) {
    result = createResult();
    Columns downBiasColumns(buffer(downBias));
    emitProduct(b, elementType, options, hiddenMatrix,
                {Columns(buffer(downWeight))}, rows, width, hidden,
                [&](ImplicitLocOpBuilder &nb, Value row, Value col,
                    ArrayRef<Value> sums) {
                  Value sum = sums[0];
                  if (downBiasColumns.buffer)
                    sum = arith::AddFOp::create(
                        nb, sum, loadBias(nb, downBiasColumns, col));
                  storeElement(nb, sum, result.rows, row, col);
                });
  }

  rewriter.replaceOp(op, createResultTensor(b, loc, result.buffer,
                                            op->getResult(0).getType()));
  return success();
}

/// Lowers a glu.ffn or a glu.gated_proj.
template <typename OpT> struct LowerProjection : OpRewritePattern<OpT> {
  LowerProjection(MLIRContext *context, const ConvertGluToGPUOptions &options)
      : OpRewritePattern<OpT>(context), options(options) {}

  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value downWeight, downBias;
    if constexpr (std::is_same_v<OpT, FFNOp>) {
      downWeight = op.getDownWeight();
      downBias = op.getDownBias();
    }
    return lowerToKernels(op, GatedProjection::get(op), downWeight, downBias,
                          options, rewriter);
  }

  ConvertGluToGPUOptions options;
};

/// Reads and writes of unknown memory, no allocation: what a kernel launch
/// does.
struct LaunchFuncMemoryEffects
    : MemoryEffectOpInterface::ExternalModel<LaunchFuncMemoryEffects,
                                             gpu::LaunchFuncOp> {
  void
  getEffects(Operation *op,
             SmallVectorImpl<MemoryEffects::EffectInstance> &effects) const {
    effects.emplace_back(MemoryEffects::Read::get());
    effects.emplace_back(MemoryEffects::Write::get());
  }
};

void attachLaunchFuncMemoryEffects(MLIRContext *context, gpu::GPUDialect *) {
  gpu::LaunchFuncOp::attachInterface<LaunchFuncMemoryEffects>(*context);
}

struct ConvertGluToGPUPass
    : glu::impl::ConvertGluToGPUBase<ConvertGluToGPUPass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerLaunchFuncMemoryEffects(registry);
  }

  void runOnOperation() override {
    ConvertGluToGPUOptions options{splitRows, splitBlocks};
    if (failed(verifyOptions(options))) {
      signalPassFailure();
      return;
    }
    RewritePatternSet patterns(&getContext());
    populateGluToGPUPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }

  LogicalResult verifyOptions(const ConvertGluToGPUOptions &options) {
    auto error = [&](const Twine &message) {
      return getOperation()->emitError("convert-glu-to-gpu: ") << message;
    };
    if (options.splitRows < 0 || options.splitRows > kSplitMaxRows)
      return error("split-rows must be in [0, ")
             << kSplitMaxRows << "], got " << options.splitRows;
    if (options.splitBlocks <= 0)
      return error("split-blocks must be positive, got ")
             << options.splitBlocks;
    return success();
  }
};

} // namespace

void mlir::glu::registerLaunchFuncMemoryEffects(DialectRegistry &registry) {
  registry.addExtension(attachLaunchFuncMemoryEffects);
}

void mlir::glu::populateGluToGPUPatterns(
    RewritePatternSet &patterns, const ConvertGluToGPUOptions &options) {
  patterns.add<LowerProjection<FFNOp>, LowerProjection<GatedProjOp>>(
      patterns.getContext(), options);
}
