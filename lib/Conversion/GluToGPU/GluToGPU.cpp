//===- GluToGPU.cpp - fused GPU kernels for glu projections ---------------===//
//
// Lowers glu.gated_proj and glu.ffn (all operands f32, f16 or bf16) to
// gpu.launch kernels on buffers:
//
//   gated kernel: grid (T / 64) x (F / 64), a 64 x 64 tile of H per block
//     for each depth step k of 32:
//       stage x[rows, k:k+32] and the gate and value columns of W[k:k+32]
//         (any #glu.layout) in shared memory, zero past the edges; each
//         thread issues all its loads of the step before its stores
//       G += x * Wg; V += x * Wv          (registers; both contractions read
//                                          the same staged x tile)
//     H = act(G + b) * (V + c)            (registers; the only global store)
//   down kernel (glu.ffn only): out = H * W2 + b2, the same tiling
//
// The tiled product and its staging are shared by both kernels; what
// differs is the epilogue, which gets the f32 sums of each output element.
// Per thread, f32 uses FMA on 4 x 4 elements per weight (256 threads);
// f16/bf16 use tensor cores (nvvm.mma.sync m16n8k16, f32 accumulators),
// each of 4 warps owning 32 x 32 elements per weight.
//
// With at most 8 rows (decode), each product is instead split along its
// depth: block (c, s) sums depth slice s of 512 (f32) or 1024 (f16, bf16)
// columns for every row (each thread the 4 or 8 consecutive columns of one
// 16-byte load, all rows in registers) into f32 partial sums, and a second
// kernel adds the slices of each output element in order and runs the same
// epilogue. The 16-byte loads need the weights aligned (address, row stride
// and column count); the kernel tests that once and otherwise loads the
// same columns one element at a time. A dynamic row count launches both ways;
// the launches of the one not taken have no blocks.
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

/// Output rows and columns of one thread block.
constexpr int64_t kBlockRows = 64;
constexpr int64_t kBlockCols = 64;
/// Depth (contracted) elements staged in shared memory per step.
constexpr int64_t kBlockDepth = 32;

/// f32 (FMA): a 16 x 16 grid of threads, each owning rows ty + 16 i and
/// columns tx + 16 j (i, j < 4) of the block tile.
constexpr int64_t kFmaGrid = 16;
constexpr int64_t kFmaTile = 4;

/// f16/bf16 (mma.sync m16n8k16): 2 x 2 warps, each owning 32 x 32 elements
/// of the block tile as 2 x 4 mma tiles of 16 x 8.
constexpr int64_t kWarpSize = 32;
constexpr int64_t kWarpGrid = 2;
constexpr int64_t kMmaRows = 16, kMmaCols = 8, kMmaDepth = 16;
constexpr int64_t kWarpRows = kBlockRows / kWarpGrid;
constexpr int64_t kWarpCols = kBlockCols / kWarpGrid;

/// Few rows (decode): split-depth kernels instead of the tiled one, which
/// would leave most rows of each 64-row tile empty and have too few blocks
/// to keep the memory system busy. They have kernels for up to this many
/// rows (split-rows may lower it).
constexpr int64_t kSplitMaxRows = 8;
/// Threads per block of the split-depth product; each owns as many
/// consecutive columns of its block as one 16-byte load holds (4 f32, 8
/// f16 or bf16), so that a warp reads 512 consecutive bytes of a weight row.
constexpr int64_t kSplitThreads = 128;
constexpr int64_t kSplitLoadBytes = 16;
/// Depth steps whose loads are all issued before their FMAs.
constexpr int64_t kSplitUnroll = 4;
/// The depth is split into as many slices as give about split-blocks
/// blocks, each of at least this many rows.
constexpr int64_t kSplitMinDepth = 64;
/// Threads per block of the kernel that adds the slices' partial sums.
constexpr int64_t kReduceThreads = 256;

// Staging gives each thread the same column of every row it loads.
static_assert((kFmaGrid * kFmaGrid) % kBlockCols == 0 &&
                  (kWarpGrid * kWarpGrid * kWarpSize) % kBlockCols == 0 &&
                  kBlockCols % kBlockDepth == 0,
              "the thread count must be a multiple of the tile widths");

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

/// Index arithmetic, conversions and loops for the kernel emitters.
class KernelEmitter {
protected:
  explicit KernelEmitter(ImplicitLocOpBuilder &b) : b(b) {}

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

  ImplicitLocOpBuilder &b;
};

/// Emits one gpu.launch that computes, for each `row < rows` and
/// `column < columns`, the contractions over `depth` of row `row` of `a`
/// with column `column` of each weight, and hands them to an epilogue.
class TiledProductEmitter : KernelEmitter {
public:
  TiledProductEmitter(ImplicitLocOpBuilder &b, Type elementType)
      : KernelEmitter(b), elementType(elementType),
        useMma(!elementType.isF32()),
        threads(useMma ? kWarpGrid * kWarpGrid * kWarpSize
                       : kFmaGrid * kFmaGrid) {}

  /// With `active` given, the launch has no blocks unless it is true.
  void emit(Value a, ArrayRef<Columns> weights, Value rows, Value columns,
            Value depth, Value active, Epilogue epilogue);

private:
  /// This thread's share of a `tileRows` x `tileCols` block of `source` at
  /// (`row0`, `col0`), zero where the block is past `rows` or `cols`:
  /// elements threadId + s * threads of the block, row-major, so that
  /// consecutive threads load consecutive columns (coalesced). The loads are
  /// all issued before any value is used, so their latencies overlap.
  SmallVector<Value> load(const Columns &source, Value row0, Value rows,
                          Value col0, Value cols, int64_t tileRows,
                          int64_t tileCols);
  /// Stores what `load` returned into the shared `tile` (transposed if
  /// `transposed`).
  void store(Value tile, ArrayRef<Value> values, int64_t tileCols,
             bool transposed);
  /// The row and column in its block of element s of this thread's share.
  std::pair<Value, Value> share(int64_t s, int64_t tileCols);

  /// One depth step of the per-thread product on the staged tiles; returns
  /// the updated accumulators.
  SmallVector<Value> fmaStep(ValueRange sums, ArrayRef<Value> tiles);
  SmallVector<Value> mmaStep(ValueRange sums, ArrayRef<Value> tiles);

  /// Where accumulator `i` of weight 0 is in the block tile (the same for
  /// every weight: accumulators are grouped by weight).
  std::pair<Value, Value> position(int64_t i);
  int64_t accumulatorsPerWeight() const {
    return useMma ? (kWarpRows / kMmaRows) * (kWarpCols / kMmaCols) * 4
                  : kFmaTile * kFmaTile;
  }

  /// A pair of adjacent elements of a shared tile, as an mma operand
  /// register (vector<2xf16>, or i32 holding 2 bf16).
  Value loadPair(Value tile, Value row, Value column);

  Type elementType;
  bool useMma;
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
      : KernelEmitter(b), elementType(elementType),
        width(kSplitLoadBytes * 8 / elementType.getIntOrFloatBitWidth()),
        options(options) {}

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
  /// Where the columns firstColumn + i (i < width) of `weight` are in its
  /// buffer, as a constant offset from the first column of a 16-byte load;
  /// none if a layout spreads them otherwise.
  std::optional<SmallVector<int64_t>> vectorOffsets(const Columns &weight);
  /// Whether every weight can be read with 16-byte loads: `columns` a
  /// multiple of width, and for each buffer, its first element at a 16-byte
  /// address and its row stride a multiple of width. The same for every
  /// thread of the launch.
  Value vectorsAligned();
  /// RowLoader with 16-byte loads; needs vectorsAligned() and every
  /// weight's vectorOffsets.
  SmallVector<Value> loadVectors(Value k, Value firstColumn);
  /// RowLoader with one load per element, each at a column clamped into
  /// the buffer (a column past `columns` is not stored).
  SmallVector<Value> loadElements(Value k, ArrayRef<Value> columnAt);

  Type elementType;
  /// Consecutive columns per thread, one 16-byte load's elements.
  int64_t width;
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

std::pair<Value, Value> TiledProductEmitter::share(int64_t s,
                                                   int64_t tileCols) {
  // threads is a multiple of tileCols: each thread keeps its column.
  return {add(div(threadId, tileCols), index(s * (threads / tileCols))),
          rem(threadId, tileCols)};
}

SmallVector<Value> TiledProductEmitter::load(const Columns &source, Value row0,
                                             Value rows, Value col0, Value cols,
                                             int64_t tileRows,
                                             int64_t tileCols) {
  SmallVector<Value> values;
  for (int64_t s = 0; s < tileRows * tileCols / threads; ++s) {
    auto [i, j] = share(s, tileCols);
    Value row = add(row0, i), col = add(col0, j);
    auto ifOp = scf::IfOp::create(
        b, both(less(row, rows), less(col, cols)),
        [&](OpBuilder &nested, Location loc) {
          ImplicitLocOpBuilder inner(loc, nested);
          scf::YieldOp::create(inner,
                               ValueRange{memref::LoadOp::create(
                                   inner, source.buffer,
                                   ValueRange{row, source.at(inner, col)})});
        },
        [&](OpBuilder &nested, Location loc) {
          scf::YieldOp::create(
              nested, loc,
              ValueRange{arith::ConstantOp::create(
                  nested, loc, nested.getZeroAttr(elementType))});
        });
    values.push_back(ifOp.getResult(0));
  }
  return values;
}

void TiledProductEmitter::store(Value tile, ArrayRef<Value> values,
                                int64_t tileCols, bool transposed) {
  for (auto [s, value] : llvm::enumerate(values)) {
    auto [i, j] = share(s, tileCols);
    SmallVector<Value> at = {i, j};
    if (transposed)
      std::swap(at[0], at[1]);
    memref::StoreOp::create(b, value, tile, at);
  }
}

SmallVector<Value> TiledProductEmitter::fmaStep(ValueRange sums,
                                                ArrayRef<Value> tiles) {
  Value tx = rem(threadId, kFmaGrid), ty = div(threadId, kFmaGrid);
  return loop(
      index(0), index(kBlockDepth), index(1), sums,
      [&](Value k, ValueRange acc) {
        SmallVector<Value> next(acc);
        SmallVector<Value> x;
        for (int64_t i = 0; i < kFmaTile; ++i)
          x.push_back(memref::LoadOp::create(
              b, tiles[0], ValueRange{add(ty, index(kFmaGrid * i)), k}));
        for (auto [w, tile] : llvm::enumerate(tiles.drop_front())) {
          for (int64_t j = 0; j < kFmaTile; ++j) {
            Value y = memref::LoadOp::create(
                b, tile, ValueRange{add(tx, index(kFmaGrid * j)), k});
            for (int64_t i = 0; i < kFmaTile; ++i) {
              Value &sum = next[w * accumulatorsPerWeight() + i * kFmaTile + j];
              sum = math::FmaOp::create(b, x[i], y, sum);
            }
          }
        }
        return next;
      });
}

Value TiledProductEmitter::loadPair(Value tile, Value row, Value column) {
  auto pairType = VectorType::get({2}, elementType);
  Value pair =
      vector::LoadOp::create(b, pairType, tile, ValueRange{row, column});
  if (elementType.isF16())
    return pair;
  Value word =
      vector::BitCastOp::create(b, VectorType::get({1}, b.getI32Type()), pair);
  return vector::ExtractOp::create(b, word, ArrayRef<int64_t>{0});
}

// The register layout of mma.sync m16n8k16 (PTX ISA, "Matrix Fragments for
// mma.m16n8k16"), for lane l with g = l / 4 and t = l % 4:
//   A (16 x 16, row): pairs (g, 2t), (g + 8, 2t), (g, 2t + 8), (g + 8, 2t + 8)
//   B (16 x 8, col):  pairs (k = 2t, n = g), (k = 2t + 8, n = g)
//   C (16 x 8, f32):  (g, 2t), (g, 2t + 1), (g + 8, 2t), (g + 8, 2t + 1)
// A pair is two elements adjacent in k, which is why the weight tiles are
// staged transposed ([n][k]) like the x tile ([m][k]).
SmallVector<Value> TiledProductEmitter::mmaStep(ValueRange sums,
                                                ArrayRef<Value> tiles) {
  Value lane = rem(threadId, kWarpSize), warp = div(threadId, kWarpSize);
  Value g = div(lane, 4), t2 = mul(rem(lane, 4), index(2));
  Value warpRow = mul(div(warp, kWarpGrid), index(kWarpRows));
  Value warpCol = mul(rem(warp, kWarpGrid), index(kWarpCols));
  MLIRContext *context = b.getContext();
  Type f32 = b.getF32Type();
  auto resultType =
      LLVM::LLVMStructType::getLiteral(context, {f32, f32, f32, f32});
  NVVM::MMATypes ptxType =
      elementType.isF16() ? NVVM::MMATypes::f16 : NVVM::MMATypes::bf16;
  constexpr int64_t mTiles = kWarpRows / kMmaRows;
  constexpr int64_t nTiles = kWarpCols / kMmaCols;

  SmallVector<Value> next(sums);
  for (int64_t k = 0; k < kBlockDepth; k += kMmaDepth) {
    Value column = add(t2, index(k));
    Value column8 = add(column, index(8));
    SmallVector<SmallVector<Value, 4>> aFragments;
    for (int64_t m = 0; m < mTiles; ++m) {
      Value row = add(add(warpRow, index(m * kMmaRows)), g);
      Value row8 = add(row, index(8));
      aFragments.push_back({loadPair(tiles[0], row, column),
                            loadPair(tiles[0], row8, column),
                            loadPair(tiles[0], row, column8),
                            loadPair(tiles[0], row8, column8)});
    }
    for (auto [w, tile] : llvm::enumerate(tiles.drop_front())) {
      for (int64_t n = 0; n < nTiles; ++n) {
        Value weightColumn = add(add(warpCol, index(n * kMmaCols)), g);
        SmallVector<Value, 2> bFragment = {
            loadPair(tile, weightColumn, column),
            loadPair(tile, weightColumn, column8)};
        for (int64_t m = 0; m < mTiles; ++m) {
          int64_t first = w * accumulatorsPerWeight() + (m * nTiles + n) * 4;
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
  return next;
}

std::pair<Value, Value> TiledProductEmitter::position(int64_t i) {
  if (!useMma) {
    Value tx = rem(threadId, kFmaGrid), ty = div(threadId, kFmaGrid);
    return {add(ty, index(kFmaGrid * (i / kFmaTile))),
            add(tx, index(kFmaGrid * (i % kFmaTile)))};
  }
  constexpr int64_t nTiles = kWarpCols / kMmaCols;
  int64_t tileIndex = i / 4, r = i % 4;
  int64_t m = tileIndex / nTiles, n = tileIndex % nTiles;
  Value lane = rem(threadId, kWarpSize), warp = div(threadId, kWarpSize);
  Value row = add(mul(div(warp, kWarpGrid), index(kWarpRows)), div(lane, 4));
  Value col = add(mul(rem(warp, kWarpGrid), index(kWarpCols)),
                  mul(rem(lane, 4), index(2)));
  return {add(row, index(m * kMmaRows + (r / 2) * 8)),
          add(col, index(n * kMmaCols + r % 2))};
}

void TiledProductEmitter::emit(Value a, ArrayRef<Columns> weights, Value rows,
                               Value columns, Value depth, Value active,
                               Epilogue epilogue) {
  // Row blocks on x (up to 2^31 - 1 of them), column blocks on y (up to
  // 65535, F or E up to 4 million); at least one block, so that an empty
  // matrix is a valid launch.
  auto blocks = [&](Value size, int64_t perBlock) {
    return max(ceilDiv(size, index(perBlock)), index(1));
  };
  int64_t pad = useMma ? 8 : 1; // keeps each warp's reads on distinct banks
  auto tileType = MemRefType::get(
      {kBlockRows, kBlockDepth + pad}, elementType, MemRefLayoutAttrInterface(),
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup));
  SmallVector<Type> tileTypes(1 + weights.size(), tileType);
  OpBuilder::InsertionGuard guard(b);
  gpu::LaunchOp launch =
      this->launch(onlyIf(active, blocks(rows, kBlockRows)),
                   blocks(columns, kBlockCols), threads, tileTypes);
  threadId = launch.getThreadIds().x;
  Value rowBase = mul(launch.getBlockIds().x, index(kBlockRows));
  Value colBase = mul(launch.getBlockIds().y, index(kBlockCols));
  SmallVector<Value> tiles(launch.getWorkgroupAttributions());

  SmallVector<Value> init(accumulatorsPerWeight() * weights.size(),
                          zero(b.getF32Type()));
  SmallVector<Value> sums = loop(
      index(0), depth, index(kBlockDepth), init, [&](Value k, ValueRange acc) {
        // Every load of the step is issued before the first store.
        SmallVector<SmallVector<Value>> values = {
            load(Columns(a), rowBase, rows, k, depth, kBlockRows, kBlockDepth)};
        for (const Columns &weight : weights)
          values.push_back(load(weight, k, depth, colBase, columns, kBlockDepth,
                                kBlockCols));
        store(tiles[0], values[0], kBlockDepth, /*transposed=*/false);
        for (auto [tile, tileValues] : llvm::zip(ArrayRef(tiles).drop_front(),
                                                 ArrayRef(values).drop_front()))
          store(tile, tileValues, kBlockCols, /*transposed=*/true);
        gpu::BarrierOp::create(b);
        SmallVector<Value> next =
            useMma ? mmaStep(acc, tiles) : fmaStep(acc, tiles);
        gpu::BarrierOp::create(b);
        return next;
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
    return emitSums(rowAt, begin, end, unroll,
                    [&](Value k) { return loadElements(k, columnAt); });
  };
  SmallVector<Value> sums;
  if (llvm::all_of(weights, [&](const Columns &weight) {
        return vectorOffsets(weight).has_value();
      })) {
    SmallVector<Type> sumTypes(weights.size() * rowCount * width,
                               b.getF32Type());
    auto ifOp = scf::IfOp::create(b, sumTypes, vectorsAligned(),
                                  /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard branchGuard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      // Threads past the last column, which store nothing, read the last
      // columns: `columns` is a multiple of width here (and not 0).
      Value loadColumn = min(firstColumn, sub(columns, index(width)));
      scf::YieldOp::create(
          b, emitSums(rowAt, begin, end, kSplitUnroll,
                      [&](Value k) { return loadVectors(k, loadColumn); }));
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

std::optional<SmallVector<int64_t>>
SplitDepthProductEmitter::vectorOffsets(const Columns &weight) {
  // firstColumn is a multiple of width: with a granularity that width
  // divides, its columns are consecutive in one granule; with one that
  // divides width, they and their partners are the 2 * width elements from
  // the gate column of firstColumn (2 * firstColumn).
  auto consecutive = llvm::to_vector(llvm::seq<int64_t>(0, width));
  if (!weight.layout || weight.layout.getKind() != GateUpLayout::interleaved)
    return consecutive;
  int64_t granularity = weight.layout.getGranularity();
  if (granularity % width == 0)
    return consecutive;
  if (width % granularity != 0)
    return std::nullopt;
  SmallVector<int64_t> offsets;
  for (int64_t i = 0; i < width; ++i) {
    auto [gate, value] = getPackedColumns(weight.layout, /*hidden=*/0, i);
    offsets.push_back(weight.value ? value : gate);
  }
  return offsets;
}

Value SplitDepthProductEmitter::vectorsAligned() {
  auto isZero = [&](Value value) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::eq, value, index(0));
  };
  Value aligned = isZero(rem(columns, width));
  Value elementBytes = index(kSplitLoadBytes / width);
  llvm::SmallSetVector<Value, 3> buffers;
  for (const Columns &weight : weights)
    buffers.insert(weight.buffer);
  for (Value buffer : buffers) {
    auto metadata = memref::ExtractStridedMetadataOp::create(b, buffer);
    Value first = add(memref::ExtractAlignedPointerAsIndexOp::create(b, buffer),
                      mul(metadata.getOffset(), elementBytes));
    Value misaligned = arith::OrIOp::create(
        b, rem(first, kSplitLoadBytes), rem(metadata.getStrides()[0], width));
    aligned = both(aligned, isZero(misaligned));
  }
  return aligned;
}

SmallVector<Value> SplitDepthProductEmitter::loadVectors(Value k,
                                                         Value firstColumn) {
  auto vectorType = VectorType::get({width}, elementType);
  // The 16-byte loads of this row by buffer, first column and load: the
  // gate and value columns of an interleaved weight share theirs.
  DenseMap<std::tuple<Value, Value, int64_t>, Value> loads;
  Value gateOfFirst; // 2 * firstColumn: where spread offsets count from
  SmallVector<Value> values;
  for (const Columns &weight : weights) {
    SmallVector<int64_t> offsets = *vectorOffsets(weight);
    Value anchor;
    if (offsets.back() < width) {
      anchor = weight.at(b, firstColumn);
    } else {
      if (!gateOfFirst)
        gateOfFirst = mul(firstColumn, index(2));
      anchor = gateOfFirst;
    }
    for (int64_t offset : offsets) {
      int64_t chunk = offset / width;
      Value &load = loads[{weight.buffer, anchor, chunk}];
      if (!load)
        load = vector::LoadOp::create(
            b, vectorType, weight.buffer,
            ValueRange{k, add(anchor, index(chunk * width))},
            /*nontemporal=*/false, llvm::Align(kSplitLoadBytes));
      values.push_back(vector::ExtractOp::create(b, load, offset % width));
    }
  }
  return values;
}

SmallVector<Value>
SplitDepthProductEmitter::loadElements(Value k, ArrayRef<Value> columnAt) {
  // vector<1x> loads rather than memref.load, which canonicalization turns
  // into a tensor.extract when its buffer is a to_buffer: that bufferizes
  // to a load of the argument itself, while the 16-byte loads and the
  // metadata ops of vectorsAligned keep the memref.cast that bufferization
  // makes of it, and the kernel would get the weight twice.
  auto elementVector = VectorType::get({1}, elementType);
  SmallVector<Value> values;
  for (auto [w, weight] : llvm::enumerate(weights))
    for (int64_t i = 0; i < width; ++i)
      values.push_back(vector::ExtractOp::create(
          b,
          vector::LoadOp::create(b, elementVector, weight.buffer,
                                 ValueRange{k, columnAt[w * width + i]}),
          0));
  return values;
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
