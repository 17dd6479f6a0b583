//===- GluToVector.cpp - fused, tiled vector code for glu projections -----===//
//
// Lowers f32, f16 and bf16 `glu.ffn` and `glu.gated_proj` to loops over
// buffers in which the T x F gate, value and hidden matrices never exist (an
// input [..., D] is collapsed to T = prod(...) rows; 16-bit operands are
// widened to f32 as they are loaded, and the result rounded once):
//
//   parallel over (workers) x (splits of the hidden dimension F):
//     for each row block of the worker:
//       at most 8 rows: stream the weights, 4 rows at a time, into G, V rows
//         in L1/L2, gate, stream W2 4 rows at a time into the output rows
//       more: for each hidden tile [jc, jc + Nc):
//         G, V = biases                    (Mc x Nc scratch, per worker)
//         for each depth tile [pc, pc + Kc):
//           G, V += x[rows, pc:] * Bp      (6 x 32 register tiles, both
//                                           contractions share each x load)
//             Bp[Nc/32][Kc][gate 32 | value 32] holds the gate and value
//             columns of the weight tile (any layout): the first register
//             tile of each 32 columns packs them as it reads them, and the
//             tiles prefetch the weight rows that the next packing tile
//             reads (constant weights: Bp is a slice of tiles packed at
//             compile time)
//         H = act(G) * V                   (vector<16xf32>, written over G)
//         out[rows, :] += H * W2[jc:, :]   (6 x 64 register tiles over a
//                                           contiguous copy of the W2 panel
//                                           that the first tile makes, or
//                                           a prepacked one; they prefetch
//                                           the next panel's rows)
//
// With at most row-tile rows there is one row block and F is split across
// the workers; split s > 0 accumulates into its own copy of the output rows,
// summed at the end. Otherwise the workers split the rows. Scratch memory is
// O(tiles) per worker, plus (splits - 1) x T x E floats with T <= row-tile.
//
// The code is written for 16-lane f32 vectors (AVX-512); other targets split
// or unroll them.
//
//===----------------------------------------------------------------------===//

#include "glu/Conversion/GluToVector/GluToVector.h"
#include "PrepackedWeights.h"
#include "glu/Dialect/Glu/IR/GluOps.h"
#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "glu/Dialect/Glu/Utils/RuntimeSizeChecks.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include <thread>

namespace mlir::glu {
#define GEN_PASS_DEF_CONVERTGLUTOVECTOR
#include "glu/Conversion/Passes.h.inc"
} // namespace mlir::glu

using namespace mlir;
using namespace mlir::glu;

namespace {

/// f32 lanes of one vector.
constexpr int64_t kLanes = 16;
/// Rows of x in one register tile.
constexpr int64_t kTileRows = 6;
/// Gate (and value) columns of one gate/value register tile: 2 vectors each,
/// so a tile holds 6 x 4 accumulators.
constexpr int64_t kHiddenTileCols = 2 * kLanes;
/// Output columns of one down-projection register tile (6 x 4 accumulators).
constexpr int64_t kOutputTileVectors = 4;
/// Depth steps per iteration of a register tile's loop (fewer loop
/// instructions competing with the FMAs for issue ports).
constexpr int64_t kTileUnroll = 2;
/// At most this many rows stream the weights (one pass over them) rather
/// than going through packed register tiles.
constexpr int64_t kStreamingRows = 8;
/// Hidden columns per step when the weights are streamed.
constexpr int64_t kStreamingCols = 8192;
/// Weight rows that one read-modify-write of a streamed accumulator adds:
/// it updates each accumulator once per this many FMAs.
constexpr int64_t kStreamingDepthStep = 4;
/// The streaming loops prefetch each weight row they read this many columns
/// (of the weight buffer: 2 KiB of f32) ahead of their loads: the hardware
/// prefetchers alone keep too few lines in flight for the many rows read at
/// once (2 x kStreamingDepthStep of the gate/value weights).
constexpr int64_t kStreamingPrefetchCols = 512;

/// Where the gate and value columns of a weight (2-D) or bias (1-D) are:
/// two separate operands, or one packed operand and its layout.
struct HiddenColumns {
  Value gate, value, packed;
  LayoutAttr layout;

  explicit operator bool() const { return gate || packed; }
};

/// Whether the gate and value columns alternate within one vector: an
/// interleaved layout whose granularity is not a multiple of 16.
bool interleavesWithinVector(const HiddenColumns &columns) {
  return columns.packed &&
         columns.layout.getKind() == GateUpLayout::interleaved &&
         columns.layout.getGranularity() % kLanes != 0;
}

/// Constant weights laid out at compile time as the loops read them (see
/// PrepackedWeights.h), or null: `tiles` for the gate and value weights,
/// `panels` for the down weight.
struct PrepackedWeights {
  Value tiles, panels;
};

/// Emits the fused loops of one op on buffers.
class FusedEmitter {
public:
  FusedEmitter(ImplicitLocOpBuilder &b, const ConvertGluToVectorOptions &tiles,
               unsigned threads)
      : b(b), tiles(tiles), threads(threads),
        vectorType(VectorType::get({kLanes}, b.getF32Type())) {}

  /// Emits the op into `result` ([T, E], or [T, F] without `down`); `down`
  /// is null for a gated projection.
  void emit(Value x, const HiddenColumns &weights, const HiddenColumns &biases,
            const PrepackedWeights &prepacked, ActivationAttr activation,
            ClampAttr clamp, Value hiddenWidth, Value down, Value downBias,
            Value result);

private:
  //===--------------------------------------------------------------------===//
  // Index arithmetic and loops
  //===--------------------------------------------------------------------===//

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, value);
  }
  Value add(Value lhs, Value rhs) { return arith::AddIOp::create(b, lhs, rhs); }
  Value sub(Value lhs, Value rhs) { return arith::SubIOp::create(b, lhs, rhs); }
  Value mul(Value lhs, Value rhs) { return arith::MulIOp::create(b, lhs, rhs); }
  Value min(Value lhs, Value rhs) {
    return arith::MinSIOp::create(b, lhs, rhs);
  }
  Value max(Value lhs, Value rhs) {
    return arith::MaxSIOp::create(b, lhs, rhs);
  }
  Value ceilDiv(Value lhs, Value rhs) {
    return arith::CeilDivSIOp::create(b, lhs, rhs);
  }
  Value roundUp(Value value, int64_t multiple) {
    return mul(ceilDiv(value, index(multiple)), index(multiple));
  }
  Value compare(arith::CmpIPredicate predicate, Value lhs, Value rhs) {
    return arith::CmpIOp::create(b, predicate, lhs, rhs);
  }
  Value dim(Value buffer, int64_t dimension) {
    return memref::DimOp::create(b, buffer, dimension);
  }

  /// The `sizes` elements of `buffer` from `offsets`, as a buffer of
  /// `shape` (`sizes` without some of their unit dimensions).
  Value subview(Value buffer, ArrayRef<OpFoldResult> offsets,
                ArrayRef<OpFoldResult> sizes, ArrayRef<int64_t> shape) {
    auto type = cast<MemRefType>(buffer.getType());
    SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
    auto sliceType = memref::SubViewOp::inferRankReducedResultType(
        shape, type, offsets, sizes, strides);
    return memref::SubViewOp::create(b, sliceType, buffer, offsets, sizes,
                                     strides);
  }

  /// `buffer[slot]` (a buffer of static shape) as a buffer of one rank less.
  Value slotOf(Value buffer, Value slot) {
    auto type = cast<MemRefType>(buffer.getType());
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
    offsets[0] = slot;
    SmallVector<OpFoldResult> sizes = {b.getIndexAttr(1)};
    for (int64_t size : type.getShape().drop_front())
      sizes.push_back(b.getIndexAttr(size));
    return subview(buffer, offsets, sizes, type.getShape().drop_front());
  }

  /// `for iv in [lb, ub) step step { body(iv) }`.
  void forEach(Value lb, Value ub, Value step, function_ref<void(Value)> body) {
    auto loop = scf::ForOp::create(b, lb, ub, step);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(loop.getBody()->getTerminator());
    body(loop.getInductionVar());
  }

  /// Calls `body(k, steps)` over [0, count): kStreamingDepthStep indices at
  /// a time, then one at a time for the rest.
  void forEachDepthStep(Value count, function_ref<void(Value, int64_t)> body) {
    Value full = sub(
        count, arith::RemSIOp::create(b, count, index(kStreamingDepthStep)));
    forEach(index(0), full, index(kStreamingDepthStep),
            [&](Value k) { body(k, kStreamingDepthStep); });
    forEach(full, count, index(1), [&](Value k) { body(k, 1); });
  }

  /// A loop carrying `init`; `body(iv, carried)` returns the next values.
  SmallVector<Value>
  forEachCarried(Value lb, Value ub, Value step, ValueRange init,
                 function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    auto loop = scf::ForOp::create(b, lb, ub, step, init);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToEnd(loop.getBody());
      scf::YieldOp::create(
          b, body(loop.getInductionVar(), loop.getRegionIterArgs()));
    }
    return loop.getResults();
  }

  /// forEachCarried over [0, count) with `body` applied `unroll` times per
  /// iteration, then once per iteration for the remaining indices.
  SmallVector<Value> forEachCarriedUnrolled(
      Value count, int64_t unroll, ValueRange init,
      function_ref<SmallVector<Value>(Value, ValueRange)> body) {
    Value full = sub(count, arith::RemSIOp::create(b, count, index(unroll)));
    SmallVector<Value> sums = forEachCarried(
        index(0), full, index(unroll), init, [&](Value k, ValueRange acc) {
          SmallVector<Value> next(acc);
          for (int64_t u = 0; u < unroll; ++u)
            next = body(add(k, index(u)), next);
          return next;
        });
    return forEachCarried(full, count, index(1), sums, body);
  }

  /// Calls `tile(firstRow, rows)` over [0, count) in tiles of `tileRows`
  /// rows, then once for the remaining 1..tileRows-1 rows with that static
  /// count.
  void forEachRowTile(Value count, int64_t tileRows,
                      function_ref<void(Value, int64_t)> tile) {
    Value full = sub(count, arith::RemSIOp::create(b, count, index(tileRows)));
    forEach(index(0), full, index(tileRows),
            [&](Value row) { tile(row, tileRows); });
    SmallVector<int64_t> cases =
        llvm::to_vector(llvm::seq<int64_t>(1, tileRows));
    auto remainder = scf::IndexSwitchOp::create(
        b, TypeRange{}, sub(count, full), cases, cases.size());
    OpBuilder::InsertionGuard guard(b);
    for (auto [region, rows] : llvm::zip(remainder.getCaseRegions(), cases)) {
      b.setInsertionPointToStart(&region.emplaceBlock());
      tile(full, rows);
      scf::YieldOp::create(b);
    }
    b.setInsertionPointToStart(&remainder.getDefaultRegion().emplaceBlock());
    scf::YieldOp::create(b);
  }

  /// forEachRowTile over `count` rows in tiles of kTileRows rows, with
  /// `tile(firstRow, rows, isPeeled)`; with `peelFirst`, the first tile
  /// (count > kTileRows) is emitted on its own, before the loop.
  void
  forEachRowTilePeelingFirst(Value count, bool peelFirst,
                             function_ref<void(Value, int64_t, bool)> tile) {
    Value rest = index(0);
    if (peelFirst) {
      tile(rest, kTileRows, true);
      rest = index(kTileRows);
    }
    forEachRowTile(sub(count, rest), kTileRows, [&](Value row, int64_t rows) {
      tile(add(rest, row), rows, false);
    });
  }

  //===--------------------------------------------------------------------===//
  // Vectors
  //===--------------------------------------------------------------------===//

  /// Calls `body(column, mask)` for the 16-column vectors of [0, count): the
  /// full ones with a null mask (plain loads and stores, which the CPU can
  /// forward from store to load), then the partial one with its mask.
  void forEachColumnVector(Value count, function_ref<void(Value, Value)> body) {
    Value full = sub(count, arith::RemSIOp::create(b, count, index(kLanes)));
    forEach(index(0), full, index(kLanes),
            [&](Value column) { body(column, nullptr); });
    auto tail = scf::IfOp::create(
        b, compare(arith::CmpIPredicate::slt, full, count), false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(tail.thenBlock()->getTerminator());
    body(full, firstLanes(sub(count, full)));
  }

  /// A vector of `kLanes` elements of `buffer`'s element type.
  VectorType vectorOf(Value buffer) {
    return VectorType::get({kLanes}, getElementTypeOrSelf(buffer.getType()));
  }
  Value zeros(VectorType type) {
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(type,
                                  b.getFloatAttr(type.getElementType(), 0.0)));
  }
  Value zeros() { return zeros(vectorType); }
  /// The mask of the first `count` lanes (clamped to [0, kLanes]).
  Value firstLanes(Value count) {
    return vector::CreateMaskOp::create(
        b, VectorType::get({kLanes}, b.getI1Type()), ValueRange{count});
  }
  /// Loads `kLanes` elements of `buffer` (f32, f16 or bf16) as f32.
  Value load(Value buffer, ValueRange indices, Value mask = nullptr) {
    VectorType type = vectorOf(buffer);
    Value vector;
    if (mask)
      vector = vector::MaskedLoadOp::create(b, type, buffer, indices, mask,
                                            zeros(type));
    else
      vector = vector::LoadOp::create(b, type, buffer, indices);
    if (type == vectorType)
      return vector;
    return arith::ExtFOp::create(b, vectorType, vector);
  }
  /// Stores the f32 `vector` to `buffer`, rounded to its element type.
  void store(Value vector, Value buffer, ValueRange indices,
             Value mask = nullptr) {
    VectorType type = vectorOf(buffer);
    if (type != vectorType)
      vector = arith::TruncFOp::create(b, type, vector);
    if (!mask)
      vector::StoreOp::create(b, vector, buffer, indices);
    else
      vector::MaskedStoreOp::create(b, buffer, indices, mask, vector);
  }
  /// `buffer[indices]` as f32, in every lane.
  Value broadcast(Value buffer, ValueRange indices) {
    Value scalar = memref::LoadOp::create(b, buffer, indices);
    if (!scalar.getType().isF32())
      scalar = arith::ExtFOp::create(b, b.getF32Type(), scalar);
    return vector::BroadcastOp::create(b, vectorType, scalar);
  }

  /// The vectors loadHiddenColumns reads for hidden columns [j, j + 16):
  /// the gate's and the value's, or for an interleaved layout whose
  /// granularity divides 16 the two packed vectors that hold both.
  struct ColumnVector {
    Value buffer, column, mask;
  };
  SmallVector<ColumnVector, 2> hiddenColumnVectors(const HiddenColumns &columns,
                                                   Value j);

  /// The gate and value vectors of hidden columns [j, j + 16) of row `row`
  /// of a weight (or of a bias, with no row), zero past column F.
  std::pair<Value, Value> loadHiddenColumns(const HiddenColumns &columns,
                                            ValueRange row, Value j);

  /// Prefetches `buffer[row, column]` (a 2-D buffer; the column clamped to
  /// its last one).
  void prefetch(Value buffer, Value row, Value column);

  /// Prefetches what loadHiddenColumns(weights, row, j) reads, `ahead`
  /// columns (of the buffers it reads) further on.
  void prefetchHiddenColumns(Value row, Value j, int64_t ahead = 0);

  //===--------------------------------------------------------------------===//
  // The fused loops
  //===--------------------------------------------------------------------===//

  /// Sets rows [first, first + count) of `target` to `bias` (or zero).
  void initializeRows(Value target, Value first, Value count, Value bias);

  /// Where loops over tiles of `inner` (steps of `innerStep` up to
  /// `innerEnd`) nested in loops over tiles of `outer` (steps of
  /// `outerStep`) go after the tile at (`outer`, `inner`): {outer, inner +
  /// innerStep}, or {outer + outerStep, 0} after the last inner tile.
  std::pair<Value, Value> nextTile(Value outer, Value outerStep, Value inner,
                                   Value innerStep, Value innerEnd);

  /// G, V[tileRow.., col..] += x[xRow.., depth..depth+extent] *
  /// packedTile[block], of a [blocks][Kc][gate 32 | value 32] packed tile.
  /// With `packHidden` set, the tile reads the block's weights from hidden
  /// column `packHidden` instead, and packs them into packedTile[block] as
  /// it goes. With `nextDepth` set, depth step k also prefetches weight row
  /// nextDepth + k at the block's hidden columns from `nextHidden`: what
  /// the next packing tile of this block reads.
  void emitGateValueTile(int64_t rows, Value xRow, Value tileRow,
                         Value packedTile, Value block, Value depth,
                         Value extent, Value packHidden, Value nextDepth,
                         Value nextHidden);

  /// The packed gate/value tile of `blocks` register-tile blocks from hidden
  /// column `hidden` and depth tile [depth, depth + extent): a slice of the
  /// prepacked tiles, or the worker's scratch tile (which the first register
  /// tile of each block fills).
  Value getPackedTile(Value hidden, Value blocks, Value depth);

  /// W2's contiguous [extent x 64] panel of rows [hidden, hidden + extent)
  /// and columns [column, column + 64): a slice of the prepacked panels, or
  /// the worker's scratch panel (which the first register tile over it
  /// fills).
  Value getDownPanel(Value hidden, Value column, Value extent);

  /// target[xRow.., column..] += G[tileRow.., 0..extent] *
  /// weights[weightRow..weightRow+extent, weightColumn..], over `vectors`
  /// vectors of columns (masked by `mask` when given). With `copyTo` set,
  /// the weight vectors read at depth step k are also stored to copyTo[k,
  /// 0..]. With `nextRow` set, depth step k also prefetches W2 row nextRow
  /// + k at the `vectors` vectors from column `nextColumn`: what the next
  /// panel's copying tile reads.
  void emitDownTile(int64_t rows, int64_t vectors, Value mask, Value target,
                    Value xRow, Value tileRow, Value column, Value weights,
                    Value weightRow, Value weightColumn, Value extent,
                    Value copyTo = nullptr, Value nextRow = nullptr,
                    Value nextColumn = nullptr);

  /// target[xRow.., :] += hiddenRows[0.., 0..extent] *
  /// W2[hidden..hidden+extent, :], kStreamingDepthStep W2 rows at a time
  /// (the target rows are read and written for every step: for few rows).
  void emitStreamingDown(int64_t rows, Value target, Value xRow,
                         Value hiddenRows, Value hidden, Value extent);

  /// Sets G, V[0..rows, 0..paddedExtent] to the biases of hidden columns
  /// [hidden, hidden + paddedExtent) (zero without biases or past F).
  void initializeHidden(Value gates, Value values, Value rows, Value hidden,
                        Value paddedExtent);

  /// H = act(G) * V over G's [rows x extent] (a glu.ffn), or stored to
  /// out[firstRow.., hidden..] (a glu.gated_proj).
  void applyGating(Value gates, Value values, Value rows, Value firstRow,
                   Value hidden, Value extent);

  /// `rows` (at most kStreamingRows) rows from firstRow, hidden columns
  /// [hiddenBegin, hiddenEnd): the weights are read kStreamingDepthStep rows
  /// at a time, kStreamingCols columns at a time, into G, V accumulators in
  /// memory.
  void emitStreamingRows(int64_t rows, Value firstRow, Value hiddenBegin,
                         Value hiddenEnd, Value target);

  /// More than kStreamingRows rows: register tiles over packed weight
  /// tiles.
  void emitTiledRows(Value firstRow, Value rows, Value hiddenBegin,
                     Value hiddenEnd, Value target);

  /// One (row block, split) of the parallel loop.
  void emitBlock(Value rowBlock, Value split);

  ImplicitLocOpBuilder &b;
  const ConvertGluToVectorOptions &tiles;
  unsigned threads;
  VectorType vectorType;

  // The op being lowered.
  Value x, down, downBias, out, partial;
  HiddenColumns weights, biases;
  PrepackedWeights prepacked;
  ActivationAttr activation;
  ClampAttr clamp;
  Value rowCount, depthCount, hiddenCount, outputCount;
  Value rowsPerBlock, splitCount;
  // Scratch of the current block (no packedSlot or downPanelSlot for
  // prepacked weights).
  Value gateScratch, valueScratch, packedSlot, downPanelSlot;
  Value streamGates, streamValues;
};

SmallVector<FusedEmitter::ColumnVector, 2>
FusedEmitter::hiddenColumnVectors(const HiddenColumns &columns, Value j) {
  Value mask = firstLanes(sub(hiddenCount, j));
  if (!columns.packed)
    return {{columns.gate, j, mask}, {columns.value, j, mask}};

  if (!interleavesWithinVector(columns)) {
    // The 16 gate columns are contiguous, and so are the 16 value columns.
    auto [gate, value] =
        createPackedColumns(b, b.getLoc(), columns.layout, hiddenCount, j);
    return {{columns.packed, gate, mask}, {columns.packed, value, mask}};
  }
  // Packed columns [2j, 2j + 32) hold gate and value columns [j, j + 16).
  Value packedStart = mul(j, index(2));
  Value packedLeft = sub(mul(hiddenCount, index(2)), packedStart);
  return {{columns.packed, packedStart, firstLanes(packedLeft)},
          {columns.packed, add(packedStart, index(kLanes)),
           firstLanes(sub(packedLeft, index(kLanes)))}};
}

std::pair<Value, Value>
FusedEmitter::loadHiddenColumns(const HiddenColumns &columns, ValueRange row,
                                Value j) {
  SmallVector<Value, 2> loaded;
  for (const ColumnVector &vector : hiddenColumnVectors(columns, j)) {
    SmallVector<Value> indices(row);
    indices.push_back(vector.column);
    loaded.push_back(load(vector.buffer, indices, vector.mask));
  }
  if (!interleavesWithinVector(columns))
    return {loaded[0], loaded[1]};
  // The granularity G divides 16: the two vectors hold gate and value
  // columns in blocks of G; pick them apart with shuffles.
  int64_t granularity = columns.layout.getGranularity();
  SmallVector<int64_t> gateLanes, valueLanes;
  for (int64_t lane = 0; lane < 2 * kLanes; ++lane)
    (lane % (2 * granularity) < granularity ? gateLanes : valueLanes)
        .push_back(lane);
  return {vector::ShuffleOp::create(b, loaded[0], loaded[1], gateLanes),
          vector::ShuffleOp::create(b, loaded[0], loaded[1], valueLanes)};
}

void FusedEmitter::prefetch(Value buffer, Value row, Value column) {
  Value lastColumn = sub(dim(buffer, 1), index(1));
  memref::PrefetchOp::create(b, buffer,
                             ValueRange{row, min(column, lastColumn)},
                             /*isWrite=*/false, /*localityHint=*/2,
                             /*isDataCache=*/true);
}

void FusedEmitter::prefetchHiddenColumns(Value row, Value j, int64_t ahead) {
  for (const ColumnVector &vector : hiddenColumnVectors(weights, j))
    prefetch(vector.buffer, row,
             ahead ? add(vector.column, index(ahead)) : vector.column);
}

void FusedEmitter::initializeRows(Value target, Value first, Value count,
                                  Value bias) {
  forEachColumnVector(outputCount, [&](Value column, Value mask) {
    Value value = bias ? load(bias, column, mask) : zeros();
    forEach(first, add(first, count), index(1),
            [&](Value row) { store(value, target, {row, column}, mask); });
  });
}

std::pair<Value, Value> FusedEmitter::nextTile(Value outer, Value outerStep,
                                               Value inner, Value innerStep,
                                               Value innerEnd) {
  Value nextInner = add(inner, innerStep);
  Value wraps = compare(arith::CmpIPredicate::sge, nextInner, innerEnd);
  return {arith::SelectOp::create(b, wraps, add(outer, outerStep), outer),
          arith::SelectOp::create(b, wraps, index(0), nextInner)};
}

void FusedEmitter::emitGateValueTile(int64_t rows, Value xRow, Value tileRow,
                                     Value packedTile, Value block, Value depth,
                                     Value extent, Value packHidden,
                                     Value nextDepth, Value nextHidden) {
  Value column = mul(block, index(kHiddenTileCols));
  auto forEachAccumulator = [&](function_ref<void(Value, Value, Value)> fn) {
    for (int64_t r = 0; r < rows; ++r)
      for (Value scratch : {gateScratch, valueScratch})
        for (int64_t v = 0; v < 2; ++v)
          fn(scratch, add(tileRow, index(r)), add(column, index(v * kLanes)));
  };
  SmallVector<Value> init;
  forEachAccumulator([&](Value scratch, Value row, Value col) {
    init.push_back(load(scratch, {row, col}));
  });
  SmallVector<Value> sums = forEachCarriedUnrolled(
      extent, kTileUnroll, init, [&](Value k, ValueRange acc) {
        // packed[v]: gate vectors 0, 1, then value vectors 0, 1.
        SmallVector<Value> packed(4);
        for (int64_t half = 0; half < 2; ++half) {
          Value gateAt = index(half * kLanes);
          Value valueAt = index(kHiddenTileCols + half * kLanes);
          if (!packHidden) {
            packed[half] = load(packedTile, {block, k, gateAt});
            packed[2 + half] = load(packedTile, {block, k, valueAt});
            continue;
          }
          std::tie(packed[half], packed[2 + half]) = loadHiddenColumns(
              weights, add(depth, k), add(packHidden, add(column, gateAt)));
          store(packed[half], packedTile, {block, k, gateAt});
          store(packed[2 + half], packedTile, {block, k, valueAt});
        }
        if (nextDepth) {
          Value row = min(add(nextDepth, k), sub(depthCount, index(1)));
          for (int64_t half = 0; half < 2; ++half)
            prefetchHiddenColumns(
                row, add(nextHidden, add(column, index(half * kLanes))));
        }
        SmallVector<Value> next;
        for (int64_t r = 0; r < rows; ++r) {
          Value a = broadcast(x, {add(xRow, index(r)), add(depth, k)});
          for (int64_t v = 0; v < 4; ++v)
            next.push_back(
                vector::FMAOp::create(b, a, packed[v], acc[r * 4 + v]));
        }
        return next;
      });
  auto sum = sums.begin();
  forEachAccumulator([&](Value scratch, Value row, Value col) {
    store(*sum++, scratch, {row, col});
  });
}

void FusedEmitter::emitDownTile(int64_t rows, int64_t vectors, Value mask,
                                Value target, Value xRow, Value tileRow,
                                Value column, Value weights, Value weightRow,
                                Value weightColumn, Value extent, Value copyTo,
                                Value nextRow, Value nextColumn) {
  auto columnOf = [&](int64_t v) { return add(column, index(v * kLanes)); };
  SmallVector<Value> init;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t v = 0; v < vectors; ++v)
      init.push_back(load(target, {add(xRow, index(r)), columnOf(v)}, mask));
  SmallVector<Value> sums = forEachCarriedUnrolled(
      extent, kTileUnroll, init, [&](Value k, ValueRange acc) {
        SmallVector<Value> weightVectors;
        for (int64_t v = 0; v < vectors; ++v) {
          weightVectors.push_back(load(
              weights,
              {add(weightRow, k), add(weightColumn, index(v * kLanes))}, mask));
          if (copyTo)
            store(weightVectors.back(), copyTo, {k, index(v * kLanes)});
        }
        if (nextRow) {
          Value row = min(add(nextRow, k), sub(hiddenCount, index(1)));
          for (int64_t v = 0; v < vectors; ++v)
            prefetch(down, row, add(nextColumn, index(v * kLanes)));
        }
        SmallVector<Value> next;
        for (int64_t r = 0; r < rows; ++r) {
          Value h = broadcast(gateScratch, {add(tileRow, index(r)), k});
          for (int64_t v = 0; v < vectors; ++v)
            next.push_back(vector::FMAOp::create(b, h, weightVectors[v],
                                                 acc[r * vectors + v]));
        }
        return next;
      });
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t v = 0; v < vectors; ++v)
      store(sums[r * vectors + v], target, {add(xRow, index(r)), columnOf(v)},
            mask);
}

void FusedEmitter::emitStreamingDown(int64_t rows, Value target, Value xRow,
                                     Value hiddenRows, Value hidden,
                                     Value extent) {
  forEachDepthStep(extent, [&](Value k, int64_t steps) {
    SmallVector<Value> h; // h[r * steps + u] = H[r, k + u]
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t u = 0; u < steps; ++u)
        h.push_back(broadcast(hiddenRows, {index(r), add(k, index(u))}));
    forEachColumnVector(outputCount, [&](Value column, Value mask) {
      SmallVector<Value> w;
      for (int64_t u = 0; u < steps; ++u)
        w.push_back(load(down, {add(hidden, add(k, index(u))), column}, mask));
      for (int64_t u = 0; u < steps; ++u)
        prefetch(down, add(hidden, add(k, index(u))),
                 add(column, index(kStreamingPrefetchCols)));
      for (int64_t r = 0; r < rows; ++r) {
        SmallVector<Value> at = {add(xRow, index(r)), column};
        Value sum = load(target, at, mask);
        for (int64_t u = 0; u < steps; ++u)
          sum = vector::FMAOp::create(b, h[r * steps + u], w[u], sum);
        store(sum, target, at, mask);
      }
    });
  });
}

void FusedEmitter::emitBlock(Value rowBlock, Value split) {
  Value firstRow = mul(rowBlock, rowsPerBlock);
  Value rows = min(rowsPerBlock, sub(rowCount, firstRow));

  // This split's hidden columns: an even share, in whole register tiles.
  Value registerTiles = ceilDiv(hiddenCount, index(kHiddenTileCols));
  auto splitBoundary = [&](Value s) {
    Value tile = arith::DivSIOp::create(b, mul(s, registerTiles), splitCount);
    return min(mul(tile, index(kHiddenTileCols)), hiddenCount);
  };
  Value hiddenBegin = splitBoundary(split);
  Value hiddenEnd = splitBoundary(add(split, index(1)));

  // Split 0 accumulates into the output (starting from the down bias),
  // split s > 0 into partial[s - 1] (starting from zero).
  Value target = out;
  if (down) {
    auto targetType = MemRefType::get(
        {ShapedType::kDynamic, ShapedType::kDynamic}, b.getF32Type(),
        StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic,
                               {ShapedType::kDynamic, 1}));
    Value isFirst = compare(arith::CmpIPredicate::eq, split, index(0));
    auto choice = scf::IfOp::create(b, targetType, isFirst, true);
    b.setInsertionPointToStart(choice.thenBlock());
    scf::YieldOp::create(
        b, ValueRange{memref::CastOp::create(b, targetType, out)});
    b.setInsertionPointToStart(choice.elseBlock());
    OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
    Value slice = memref::SubViewOp::create(
        b, targetType, partial,
        ArrayRef<OpFoldResult>{sub(split, index(1)), zero, zero},
        ArrayRef<OpFoldResult>{one, rowCount, outputCount},
        ArrayRef<OpFoldResult>{one, one, one});
    scf::YieldOp::create(b, slice);
    b.setInsertionPointAfter(choice);
    target = choice.getResult(0);
    if (!downBias) {
      initializeRows(target, firstRow, rows, nullptr);
    } else {
      auto initialize = scf::IfOp::create(b, isFirst, true);
      b.setInsertionPoint(initialize.thenBlock()->getTerminator());
      initializeRows(target, firstRow, rows, downBias);
      b.setInsertionPoint(initialize.elseBlock()->getTerminator());
      initializeRows(target, firstRow, rows, nullptr);
      b.setInsertionPointAfter(initialize);
    }
  }

  // At most kStreamingRows rows: stream the weights (one pass, in memory
  // order); more: register tiles over packed weight tiles.
  auto path = scf::IfOp::create(
      b, compare(arith::CmpIPredicate::sle, rows, index(kStreamingRows)), true);
  b.setInsertionPoint(path.thenBlock()->getTerminator());
  forEachRowTile(rows, kStreamingRows, [&](Value tileRow, int64_t tileRows) {
    emitStreamingRows(tileRows, add(firstRow, tileRow), hiddenBegin, hiddenEnd,
                      target);
  });
  b.setInsertionPoint(path.elseBlock()->getTerminator());
  emitTiledRows(firstRow, rows, hiddenBegin, hiddenEnd, target);
  b.setInsertionPointAfter(path);
}

void FusedEmitter::initializeHidden(Value gates, Value values, Value rows,
                                    Value hidden, Value paddedExtent) {
  forEach(index(0), paddedExtent, index(kLanes), [&](Value col) {
    Value gate = zeros(), value = zeros();
    if (biases)
      std::tie(gate, value) = loadHiddenColumns(biases, {}, add(hidden, col));
    forEach(index(0), rows, index(1), [&](Value row) {
      store(gate, gates, {row, col});
      store(value, values, {row, col});
    });
  });
}

void FusedEmitter::applyGating(Value gates, Value values, Value rows,
                               Value firstRow, Value hidden, Value extent) {
  forEach(index(0), rows, index(1), [&](Value row) {
    forEach(index(0), extent, index(kLanes), [&](Value col) {
      Value hiddenValue =
          createGating(b, b.getLoc(), activation, clamp,
                       load(gates, {row, col}), load(values, {row, col}));
      if (down)
        store(hiddenValue, gates, {row, col});
      else
        store(hiddenValue, out, {add(firstRow, row), add(hidden, col)},
              firstLanes(sub(extent, col)));
    });
  });
}

void FusedEmitter::emitStreamingRows(int64_t rows, Value firstRow,
                                     Value hiddenBegin, Value hiddenEnd,
                                     Value target) {
  Value width = index(kStreamingCols);
  Value rowCountValue = index(rows);
  forEach(hiddenBegin, hiddenEnd, width, [&](Value hidden) {
    Value extent = min(width, sub(hiddenEnd, hidden));
    initializeHidden(streamGates, streamValues, rowCountValue, hidden, extent);
    // G, V += x * W, W read a few rows at a time.
    forEachDepthStep(depthCount, [&](Value k, int64_t steps) {
      SmallVector<Value> xs; // xs[r * steps + u] = x[firstRow + r, k + u]
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t u = 0; u < steps; ++u)
          xs.push_back(
              broadcast(x, {add(firstRow, index(r)), add(k, index(u))}));
      forEach(index(0), extent, index(kLanes), [&](Value col) {
        SmallVector<Value> gates, values;
        for (int64_t u = 0; u < steps; ++u) {
          auto [gate, value] =
              loadHiddenColumns(weights, add(k, index(u)), add(hidden, col));
          prefetchHiddenColumns(add(k, index(u)), add(hidden, col),
                                kStreamingPrefetchCols);
          gates.push_back(gate);
          values.push_back(value);
        }
        for (int64_t r = 0; r < rows; ++r) {
          for (auto [buffer, w] : {std::pair(streamGates, &gates),
                                   std::pair(streamValues, &values)}) {
            SmallVector<Value> at = {index(r), col};
            Value sum = load(buffer, at);
            for (int64_t u = 0; u < steps; ++u)
              sum = vector::FMAOp::create(b, xs[r * steps + u], (*w)[u], sum);
            store(sum, buffer, at);
          }
        }
      });
    });
    applyGating(streamGates, streamValues, rowCountValue, firstRow, hidden,
                extent);
    if (down)
      emitStreamingDown(rows, target, firstRow, streamGates, hidden, extent);
  });
}

Value FusedEmitter::getPackedTile(Value hidden, Value blocks, Value depth) {
  if (!prepacked.tiles)
    return packedSlot;
  Value firstBlock = arith::DivUIOp::create(b, hidden, index(kHiddenTileCols));
  Value depthTile = arith::DivUIOp::create(b, depth, index(tiles.depthTile));
  return subview(prepacked.tiles,
                 {firstBlock, depthTile, b.getIndexAttr(0), b.getIndexAttr(0)},
                 {blocks, b.getIndexAttr(1), b.getIndexAttr(tiles.depthTile),
                  b.getIndexAttr(2 * kHiddenTileCols)},
                 {ShapedType::kDynamic, tiles.depthTile, 2 * kHiddenTileCols});
}

Value FusedEmitter::getDownPanel(Value hidden, Value column, Value extent) {
  if (!prepacked.panels)
    return downPanelSlot;
  int64_t tileCols = kOutputTileVectors * kLanes;
  Value panel = arith::DivUIOp::create(b, column, index(tileCols));
  return subview(prepacked.panels, {panel, hidden, b.getIndexAttr(0)},
                 {b.getIndexAttr(1), extent, b.getIndexAttr(tileCols)},
                 {ShapedType::kDynamic, tileCols});
}

void FusedEmitter::emitTiledRows(Value firstRow, Value rows, Value hiddenBegin,
                                 Value hiddenEnd, Value target) {
  Value hiddenTile = index(tiles.hiddenTile);
  forEach(hiddenBegin, hiddenEnd, hiddenTile, [&](Value hidden) {
    Value extent = min(hiddenTile, sub(hiddenEnd, hidden));
    Value blocks = ceilDiv(extent, index(kHiddenTileCols));
    Value paddedExtent = mul(blocks, index(kHiddenTileCols));
    initializeHidden(gateScratch, valueScratch, rows, hidden, paddedExtent);

    // G, V += x * W, one depth tile at a time. Packed at run time, the
    // weights come from memory: the first register tile of each block packs
    // them as it reads them (its FMAs overlap the loads' waits, which a
    // separate pack loop would not), and every tile prefetches what the next
    // packing tile reads. More than kStreamingRows rows: that first tile is
    // a full one.
    Value depthTile = index(tiles.depthTile);
    forEach(index(0), depthCount, depthTile, [&](Value depth) {
      Value depthExtent = min(depthTile, sub(depthCount, depth));
      Value packed = getPackedTile(hidden, blocks, depth);
      Value nextHidden, nextDepth;
      if (!prepacked.tiles)
        std::tie(nextHidden, nextDepth) =
            nextTile(hidden, hiddenTile, depth, depthTile, depthCount);
      forEach(index(0), blocks, index(1), [&](Value block) {
        forEachRowTilePeelingFirst(
            rows, !prepacked.tiles,
            [&](Value tileRow, int64_t tileRows, bool packs) {
              emitGateValueTile(tileRows, add(firstRow, tileRow), tileRow,
                                packed, block, depth, depthExtent,
                                packs ? hidden : nullptr, nextDepth,
                                nextHidden);
            });
      });
    });

    applyGating(gateScratch, valueScratch, rows, firstRow, hidden, extent);
    if (!down)
      return;

    // target[rows, :] += H * W2[hidden tile, :], 64 columns at a time
    // through a contiguous [extent x 64] panel of W2 (W2's rows are often 4
    // KiB apart: read in place, the panel would not stay in L1): the
    // prepacked one, or a copy that the first register tile makes as it
    // reads W2 (the tiles prefetch what the next panel's first tile reads),
    // then the last E % 64 columns in place, masked.
    int64_t tileCols = kOutputTileVectors * kLanes;
    Value fullColumns = sub(
        outputCount, arith::RemSIOp::create(b, outputCount, index(tileCols)));
    Value zero = index(0);
    forEach(zero, fullColumns, index(tileCols), [&](Value column) {
      Value panel = getDownPanel(hidden, column, extent);
      Value nextRow, nextColumn;
      if (!prepacked.panels)
        std::tie(nextRow, nextColumn) =
            nextTile(hidden, hiddenTile, column, index(tileCols), fullColumns);
      forEachRowTilePeelingFirst(
          rows, !prepacked.panels,
          [&](Value tileRow, int64_t tileRows, bool copies) {
            // The copying tile reads W2 in place; the others, the panel.
            emitDownTile(tileRows, kOutputTileVectors, nullptr, target,
                         add(firstRow, tileRow), tileRow, column,
                         copies ? down : panel, copies ? hidden : zero,
                         copies ? column : zero, extent,
                         copies ? panel : nullptr, nextRow, nextColumn);
          });
    });
    forEach(fullColumns, outputCount, index(kLanes), [&](Value column) {
      Value mask = firstLanes(sub(outputCount, column));
      forEachRowTile(rows, kTileRows, [&](Value tileRow, int64_t tileRows) {
        emitDownTile(tileRows, 1, mask, target, add(firstRow, tileRow), tileRow,
                     column, down, hidden, column, extent);
      });
    });
  });
}

void FusedEmitter::emit(Value input, const HiddenColumns &weightColumns,
                        const HiddenColumns &biasColumns,
                        const PrepackedWeights &prepackedWeights,
                        ActivationAttr activationAttr, ClampAttr clampAttr,
                        Value hiddenWidth, Value downWeight,
                        Value downBiasBuffer, Value result) {
  x = input;
  out = result;
  weights = weightColumns;
  biases = biasColumns;
  prepacked = prepackedWeights;
  activation = activationAttr;
  clamp = clampAttr;
  down = downWeight;
  downBias = downBiasBuffer;
  rowCount = dim(x, 0);
  depthCount = dim(x, 1);
  hiddenCount = hiddenWidth;
  outputCount = down ? dim(down, 1) : hiddenCount;

  // At most row-tile rows: one row block, the hidden dimension split across
  // threads (each thread packs only its share of the weights). More: row
  // blocks of at most row-tile rows (a multiple of 6), as even as that
  // allows, and at least one per thread.
  Value threadCount = index(threads);
  Value fewRows =
      compare(arith::CmpIPredicate::sle, rowCount, index(tiles.rowTile));
  Value evenBlocks = roundUp(ceilDiv(rowCount, index(tiles.rowTile)), threads);
  Value evenRows =
      roundUp(ceilDiv(rowCount, max(evenBlocks, index(1))), kTileRows);
  rowsPerBlock = arith::SelectOp::create(
      b, fewRows, max(rowCount, index(1)),
      min(index(tiles.rowTile), max(evenRows, index(kTileRows))));
  splitCount = arith::SelectOp::create(b, fewRows, threadCount, index(1));
  Value rowBlocks = ceilDiv(rowCount, rowsPerBlock);

  IntegerAttr alignment = b.getI64IntegerAttr(64);
  auto dynamicBuffer = [&](ValueRange sizes) {
    return memref::AllocOp::create(
        b,
        MemRefType::get(
            SmallVector<int64_t>(sizes.size(), ShapedType::kDynamic),
            b.getF32Type()),
        sizes, alignment);
  };
  if (down) {
    partial = dynamicBuffer({sub(splitCount, index(1)), rowCount, outputCount});
    // The down projection accumulates in f32: into the result if it is f32,
    // else into an f32 copy rounded to the result once at the end.
    if (!getElementTypeOrSelf(result.getType()).isF32())
      out = dynamicBuffer({rowCount, outputCount});
  }

  // Scratch for each of at most `threads` workers: parallel iteration (w, s)
  // uses slot w + s (one of them is 0).
  auto scratch = [&](ArrayRef<int64_t> shape) -> Value {
    SmallVector<int64_t> slotsShape = {threads};
    slotsShape.append(shape.begin(), shape.end());
    return memref::AllocOp::create(
        b, MemRefType::get(slotsShape, b.getF32Type()), alignment);
  };
  Value gateSlots = scratch({tiles.rowTile, tiles.hiddenTile});
  Value valueSlots = scratch({tiles.rowTile, tiles.hiddenTile});
  Value packedSlots = prepacked.tiles
                          ? nullptr
                          : scratch({tiles.hiddenTile / kHiddenTileCols,
                                     tiles.depthTile, 2 * kHiddenTileCols});
  Value downPanelSlots =
      down && !prepacked.panels
          ? scratch({tiles.hiddenTile, kOutputTileVectors * kLanes})
          : nullptr;
  // The streamed G and V rows in one buffer, each row padded by one cache
  // line: the streaming loops store a G row then load the next G or V row at
  // the same column, which waits on the store (4K aliasing) when the rows are
  // a multiple of 4 KiB apart, as unpadded rows (32 KiB) or G and V in
  // separate page-aligned allocations would be.
  Value streamSlots = scratch({2, kStreamingRows, kStreamingCols + kLanes});

  // Each worker takes a contiguous range of row blocks.
  Value workers = arith::SelectOp::create(
      b, fewRows, index(1), max(min(rowBlocks, threadCount), index(1)));
  Value blocksPerWorker = ceilDiv(rowBlocks, workers);
  scf::ParallelOp::create(
      b, ValueRange{index(0), index(0)}, ValueRange{workers, splitCount},
      ValueRange{index(1), index(1)},
      [&](OpBuilder &, Location, ValueRange ivs) {
        Value slot = add(ivs[0], ivs[1]);
        gateScratch = slotOf(gateSlots, slot);
        valueScratch = slotOf(valueSlots, slot);
        if (packedSlots)
          packedSlot = slotOf(packedSlots, slot);
        if (downPanelSlots)
          downPanelSlot = slotOf(downPanelSlots, slot);
        Value stream = slotOf(streamSlots, slot);
        streamGates = slotOf(stream, index(0));
        streamValues = slotOf(stream, index(1));
        Value firstBlock = mul(ivs[0], blocksPerWorker);
        forEach(firstBlock, min(add(firstBlock, blocksPerWorker), rowBlocks),
                index(1), [&](Value rowBlock) { emitBlock(rowBlock, ivs[1]); });
      });

  if (!down)
    return;
  // result = out + the partial outputs of the other splits.
  auto sumSplits = [&] {
    forEach(index(0), rowCount, index(1), [&](Value row) {
      forEachColumnVector(outputCount, [&](Value column, Value mask) {
        Value sum = load(out, {row, column}, mask);
        sum = forEachCarried(
            index(0), sub(splitCount, index(1)), index(1), sum,
            [&](Value split, ValueRange acc) {
              return SmallVector<Value>{arith::AddFOp::create(
                  b, acc[0], load(partial, {split, row, column}, mask))};
            })[0];
        store(sum, result, {row, column}, mask);
      });
    });
  };
  if (out != result) {
    sumSplits();
    return;
  }
  auto splits = scf::IfOp::create(
      b, compare(arith::CmpIPredicate::sgt, splitCount, index(1)), false);
  b.setInsertionPoint(splits.thenBlock()->getTerminator());
  sumSplits();
  b.setInsertionPointAfter(splits);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Whether the fused lowering handles `proj` with a result of `resultType`:
/// f32, f16 or bf16 (the verifier makes every operand's element type the
/// result's), and an interleave granularity that divides or is a multiple
/// of 16.
bool isSupported(const GatedProjection &proj, Type resultType) {
  Type element = getElementTypeOrSelf(resultType);
  if (!element.isF32() && !element.isF16() && !element.isBF16())
    return false;
  if (!proj.isPacked() || proj.layout.getKind() != GateUpLayout::interleaved)
    return true;
  int64_t granularity = proj.layout.getGranularity();
  return granularity % kLanes == 0 || kLanes % granularity == 0;
}

/// Lowers `op` (a glu.ffn when `downWeight` is set, else a glu.gated_proj).
LogicalResult lowerFused(Operation *op, const GatedProjection &proj,
                         Value downWeight, Value downBias,
                         const ConvertGluToVectorOptions &options,
                         unsigned threads, PatternRewriter &rewriter) {
  Type resultType = op->getResult(0).getType();
  if (!isSupported(proj, resultType))
    return rewriter.notifyMatchFailure(
        op, "not f32, f16 or bf16 with a supported layout");
  Location loc = op->getLoc();
  ProjectionWidths widths =
      assertProjectionSizes(rewriter, op, proj, downWeight, downBias);
  auto buffer = [&](Value value) {
    return createReadOnlyBuffer(rewriter, loc, value);
  };
  HiddenColumns weights{buffer(proj.gateWeight), buffer(proj.valueWeight),
                        buffer(proj.packedWeight), proj.layout};
  HiddenColumns biases{buffer(proj.gateBias), buffer(proj.valueBias),
                       buffer(proj.packedBias), proj.layout};
  PrepackedWeights prepacked;
  if (options.prepackConstantWeights) {
    auto prepackedBuffer = [&](DenseElementsAttr attr) -> Value {
      if (!attr)
        return nullptr;
      return buffer(arith::ConstantOp::create(rewriter, loc, attr));
    };
    prepacked.tiles =
        prepackedBuffer(prepackGateValueWeights(proj, options.depthTile));
    prepacked.panels = prepackedBuffer(prepackDownWeight(downWeight));
  }
  ImplicitLocOpBuilder b(loc, rewriter);
  // x [..., D] and the result [..., N] as T rows.
  ResultBuffer result = createResultBuffer(b, loc, proj.input, widths.result,
                                           getElementTypeOrSelf(resultType));
  FusedEmitter emitter(b, options, threads);
  emitter.emit(buffer(createRowsTensor(b, loc, proj.input)), weights, biases,
               prepacked, proj.activation, proj.clamp,
               getValueOrCreateConstantIndexOp(b, loc, widths.hidden),
               buffer(downWeight), buffer(downBias), result.rows);
  rewriter.replaceOp(op, createResultTensor(b, loc, result.buffer, resultType));
  return success();
}

/// Lowers a glu.ffn or a glu.gated_proj.
template <typename OpT> struct LowerProjection : OpRewritePattern<OpT> {
  LowerProjection(MLIRContext *context,
                  const ConvertGluToVectorOptions &options, unsigned threads)
      : OpRewritePattern<OpT>(context), options(options), threads(threads) {}
  LogicalResult matchAndRewrite(OpT op,
                                PatternRewriter &rewriter) const override {
    Value downWeight, downBias;
    if constexpr (std::is_same_v<OpT, FFNOp>) {
      downWeight = op.getDownWeight();
      downBias = op.getDownBias();
    }
    return lowerFused(op, GatedProjection::get(op), downWeight, downBias,
                      options, threads, rewriter);
  }
  ConvertGluToVectorOptions options;
  unsigned threads;
};

struct ConvertGluToVectorPass
    : glu::impl::ConvertGluToVectorBase<ConvertGluToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    ConvertGluToVectorOptions options{numThreads, rowTile, hiddenTile,
                                      depthTile, prepackConstantWeights};
    if (failed(verifyOptions(options))) {
      signalPassFailure();
      return;
    }
    RewritePatternSet patterns(&getContext());
    populateGluToVectorPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }

  LogicalResult verifyOptions(const ConvertGluToVectorOptions &options) {
    auto error = [&](const Twine &message) {
      return getOperation()->emitError("convert-glu-to-vector: ") << message;
    };
    if (options.rowTile <= 0 || options.rowTile % kTileRows != 0)
      return error("row-tile must be a positive multiple of 6, got ")
             << options.rowTile;
    if (options.hiddenTile <= 0 || options.hiddenTile % kHiddenTileCols != 0)
      return error("hidden-tile must be a positive multiple of 32, got ")
             << options.hiddenTile;
    if (options.depthTile <= 0)
      return error("depth-tile must be positive, got ") << options.depthTile;
    return success();
  }
};

} // namespace

void mlir::glu::populateGluToVectorPatterns(
    RewritePatternSet &patterns, const ConvertGluToVectorOptions &options) {
  unsigned threads = options.numThreads;
  if (threads == 0)
    threads = std::max(1u, std::thread::hardware_concurrency());
  patterns.add<LowerProjection<FFNOp>, LowerProjection<GatedProjOp>>(
      patterns.getContext(), options, threads);
}
