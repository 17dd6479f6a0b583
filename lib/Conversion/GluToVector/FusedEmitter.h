//===- FusedEmitter.h - fused, tiled loops of a glu projection --*- C++ -*-===//
//
// convert-glu-to-vector's loops for an f32, f16 or bf16 `glu.ffn` or
// `glu.gated_proj`, which FusedEmitter emits on buffers and in which the
// T x F gate, value and hidden matrices never exist (an input [..., D] is
// collapsed to T = prod(...) rows; 16-bit operands are widened to f32 as
// they are loaded, and the result rounded once):
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

#ifndef GLU_CONVERSION_GLUTOVECTOR_FUSEDEMITTER_H
#define GLU_CONVERSION_GLUTOVECTOR_FUSEDEMITTER_H

#include "glu/Conversion/GluToVector/GluToVector.h"
#include "glu/Dialect/Glu/IR/GluOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/TypeUtilities.h"

namespace mlir::glu::fusedloops {

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

} // namespace mlir::glu::fusedloops

#endif // GLU_CONVERSION_GLUTOVECTOR_FUSEDEMITTER_H
