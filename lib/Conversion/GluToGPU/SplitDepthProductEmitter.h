//===- SplitDepthProductEmitter.h - GPU products of few rows ----*- C++ -*-===//
//
// The kernels of convert-glu-to-gpu for at most split-rows (16; f32 32) rows
// (decode): the tiled kernels would leave most rows of each tile empty and
// have too few blocks to keep the memory system busy. Each product is
// instead split along its depth: block (c, s) sums depth slice s of 512
// (f32) or 1024 (f16, bf16) columns for every row (each thread the 4 or 8
// consecutive columns of one 16-byte load, all rows in registers) into f32
// partial sums, and a second kernel adds the slices of each output element
// in order and runs the epilogue, with the same alignment test of the
// weights as the tiled kernels. With split-lanes, L threads share each
// column of a block, each on a part of the slice, and the block adds their
// sums in shared memory; where one slice is left, the product kernel runs
// the epilogue and the reduction kernel has no blocks. A dynamic row count
// launches both ways; the launches of the one not taken have no blocks.
// split-rows up to 256 gives more rows to the 8-row kernel, in G groups of
// 8 rows: block (G c + g, s) for group g of column block c. With split-mma,
// the kernels of more than 4 rows multiply with mma.sync instead
// (emitMmaProduct; f32 with 3xTF32), 8, 16 or (one weight) 32 rows at a
// time (twice as many in f32), the widest of them in groups of that many
// rows.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_CONVERSION_GLUTOGPU_SPLITDEPTHPRODUCTEMITTER_H
#define GLU_CONVERSION_GLUTOGPU_SPLITDEPTHPRODUCTEMITTER_H

#include "KernelEmitter.h"
#include "glu/Conversion/GluToGPU/GluToGPU.h"

namespace mlir::glu::kernels {

/// The most rows that a split-depth FMA product kernel keeps in registers;
/// more rows (up to split-rows) take that kernel in groups of this many.
constexpr int64_t kSplitRowsInRegisters = 8;
/// split-rows' default (-1): the most rows that take the split-depth kernels
/// in f16 and bf16, and in f32. On an H100 at (d, f) = (4096, 11008) the
/// 8-row kernel in groups beat the tiled kernels at T = 16 (f16 0.287
/// against about 0.365 ms, f32 0.587 against 1.682) and, in f32 only, at
/// T = 32 (1.035 against 1.682 ms; f16 0.597 against 0.365).
constexpr int64_t kSplitDefaultRows = 16, kSplitDefaultRowsF32 = 32;
/// The most rows that split-rows may give the split-depth kernels (with
/// split-mma, the f32 kernels of 32 and 64 rows in up to 8 and 4 groups).
constexpr int64_t kSplitMaxRows = 256;
/// The values that split-lanes may take: the depth lanes that share each
/// column of an FMA product block (at least 4 column threads are left, so
/// that a warp's loads of a weight row are 64 bytes or more).
constexpr int64_t kSplitLanes[] = {1, 2, 4, 8, 16, 32};

/// The contractions of TiledProductEmitter for at most split-rows rows,
/// as two kernels: a product kernel, in which block (c, s) computes the
/// partial sums over depth slice s of column block c for every row, and a
/// reduction kernel that adds the slices' partial sums of each output
/// element (in slice order: the result does not depend on scheduling) and
/// hands them to the epilogue. With split-lanes, the FMA product kernels
/// split each block's slice between depth lanes and, where the depth is one
/// slice, run the epilogue themselves.
class SplitDepthProductEmitter : KernelEmitter {
public:
  SplitDepthProductEmitter(ImplicitLocOpBuilder &b, Type elementType,
                           StringRef product,
                           const ConvertGluToGPUOptions &options)
      : KernelEmitter(b, elementType, product), options(options) {}

  /// With `active` given, the launches have no blocks unless it is true.
  void emit(Value a, ArrayRef<Columns> weights, Value rows, Value columns,
            Value depth, Value active, Epilogue epilogue);

private:
  /// The product kernel with `rowCount` rows in registers (at least
  /// `rows`, which is at least 1, or widestRows rows of each of rowGroups
  /// groups; the rows past `rows` read its last row and are not stored),
  /// launched on `columnBlocks` (times the row groups if it is the widest)
  /// x `slices` blocks, each of its threads on lanes() depth lanes of its
  /// slice; with one slice (oneSlice) it hands its sums to `epilogue`.
  void emitProduct(int64_t rowCount, Value columnBlocks, Epilogue epilogue);

  /// Adds the sums of emitProduct's lanes() depth lanes (`sums`, as
  /// emitSums gives them, of this thread's `columnThread` and `depthLane`)
  /// in shared memory at `shared`, one weight at a time, and hands each of
  /// the block's outputs, with its sums added in depth-lane order, to
  /// `output(row, column, sums)`: each thread a share of the outputs.
  void addLanes(ArrayRef<Value> sums, Value shared, Value thread,
                Value columnThread, Value depthLane, Value firstRow,
                Value firstBlockColumn, int64_t rowCount,
                function_ref<void(Value, Value, ArrayRef<Value>)> output);
  /// addLanes' shared buffer: [lanes(), outputs + columnThreads()] f32 (a
  /// block's outputs of one weight per depth lane, padded so that a warp's
  /// stores, 32 / columnThreads() depth lanes apart, fall on distinct
  /// banks).
  MemRefType laneSumsType(int64_t rowCount);

  /// The depth lanes of the FMA product kernels (split-lanes) and the
  /// threads that share each (128 / lanes()).
  int64_t lanes() const { return options.splitLanes; }
  int64_t columnThreads() const;

  /// The product kernel with mma.sync for `rowCount` (8, 16 or 32; f32 up
  /// to 64) rows, as emitProduct's, the weights as A and the rows as B (one
  /// mma tile per 8 rows), on blocks of mmaBlockColumns() columns.
  void emitMmaProduct(int64_t rowCount, Value columnBlocks);

  /// Loads depth row `k` of every weight at this thread's columns, in
  /// element type, weight w's column firstColumn + i at [w * width + i].
  using RowLoader = function_ref<SmallVector<Value>(Value k)>;
  /// The sums over [begin, end) of this thread's `rowCount` rows of `a`
  /// times its columns of each weight, in f32, weight w's row r and column
  /// i at [(w * rowCount + r) * width + i].
  SmallVector<Value> emitSums(ArrayRef<Value> rowAt, Value begin, Value end,
                              int64_t unroll, RowLoader loadRow);

  /// The mma.sync product's columns: each warp 8 lane groups of one 16-byte
  /// load of every weight (64 f16 or bf16, 32 f32), in mma tiles of 16
  /// (two columns of each lane group: 4 tiles, or 2 in f32); a block's
  /// warps side by side.
  int64_t mmaWarpColumns() const;
  int64_t mmaBlockColumns() const;
  int64_t mmaTiles() const;

  /// emitMmaSums's mma.sync of one 16-deep step in f32: `w4` and `x4` its
  /// 4 depth rows (4t .. 4t + 3) of the lane's weight columns and rows,
  /// two m16n8k8 steps of 3xTF32 (mmaSyncTf32x3, the weights as A) added to
  /// `sumsOf(w, j, n)`.
  void accumulateTf32(
      ArrayRef<SmallVector<Value>> w4, ArrayRef<SmallVector<Value>> x4,
      function_ref<MutableArrayRef<Value>(size_t, int64_t, int64_t)> sumsOf);

  /// emitMmaProduct's sums over [begin, end) in 16-deep steps, `unroll` at
  /// a time, the last one with the depth rows from `end` on as zeros, for
  /// lane (g, t) = (lane / 4, lane % 4): rows k + 4t .. k + 4t + 3 of its
  /// columns of each weight (loadRow) and of rows `xRows` of `a` (row g of
  /// each row tile). Weight w's mma tile j (its columns width g + 2j and
  /// width g + 2j + 1) and row tile n at [((w * mmaTiles() + j) *
  /// xRows.size() + n) * 4, + 4), mma.sync's C layout.
  SmallVector<Value> emitMmaSums(ArrayRef<Value> xRows, Value t, Value begin,
                                 Value end, int64_t unroll, RowLoader loadRow);

  /// `sum(unroll, loadRow)` (its `sumCount` sums) with 16-byte loads of this
  /// thread's columns firstColumn .. firstColumn + width - 1 where every
  /// weight is aligned for them (tested once per thread), else with element
  /// loads, not unrolled, so that the kernel's register count stays that of
  /// the vector loads (or, where a layout spreads a vector's columns, only
  /// element loads, unrolled).
  SmallVector<Value>
  sumByAlignment(Value firstColumn, int64_t sumCount, int64_t unroll,
                 function_ref<SmallVector<Value>(int64_t, RowLoader)> sum);

  const ConvertGluToGPUOptions &options;
  Value a, rows, columns, depth;
  ArrayRef<Columns> weights;
  /// Depth slices (0 when inactive) and the rows of each slice.
  Value slices, sliceDepth;
  /// The rows of the widest product kernel: kSplitRowsInRegisters, or with
  /// mma.sync up to 16 (two weights) or 32 (one), in f32 32 or 64.
  int64_t widestRows = kSplitRowsInRegisters;
  /// The groups of widestRows rows that the widest kernel takes: 1 unless
  /// split-rows allows more rows.
  Value rowGroups;
  /// [slices, weights, rows, columns] partial sums (f32).
  Value partial;
  /// With split-lanes > 1: whether the depth is one slice, where the FMA
  /// product kernels run the epilogue themselves.
  Value oneSlice;
};

} // namespace mlir::glu::kernels

#endif // GLU_CONVERSION_GLUTOGPU_SPLITDEPTHPRODUCTEMITTER_H
