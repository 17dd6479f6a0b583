//===- SplitDepthProductEmitter.cpp - GPU products of few rows ------------===//

#include "SplitDepthProductEmitter.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::glu;
using namespace mlir::glu::kernels;

/// Threads per block of the split-depth product; each owns as many
/// consecutive columns of its block as one 16-byte load holds (4 f32, 8
/// f16 or bf16), so that a warp reads 512 consecutive bytes of a weight row.
static constexpr int64_t kSplitThreads = 128;
/// 16-byte weight loads that a thread issues before their FMAs: 4 depth
/// steps of the gated product, 8 of the down projection. On an H100 the
/// gated product at T = 1 (f16, 2 blocks per SM) read its weights at 71%
/// of the DRAM bandwidth with 8 in flight, the down projection at 56% with
/// 4.
static constexpr int64_t kSplitLoadsAhead = 8;
/// Except for products whose sums take more than kSplitMaxSumsForDeepLoads
/// registers, which load at most kSplitShallowSteps steps ahead: the down
/// projection's 8 rows of 8 f16 columns spilled on sm_90 with 8.
static constexpr int64_t kSplitMaxSumsForDeepLoads = 32;
static constexpr int64_t kSplitShallowSteps = 4;
/// The depth is split into as many slices as give about split-blocks
/// blocks, at most one per this many rows (so that each has more than half
/// as many).
static constexpr int64_t kSplitMinDepth = 64;

void SplitDepthProductEmitter::emit(Value a, ArrayRef<Columns> weights,
                                    Value rows, Value columns, Value depth,
                                    Value active, Epilogue epilogue) {
  this->a = a;
  this->weights = weights;
  this->rows = rows;
  this->columns = columns;
  this->depth = depth;
  Value columnBlocks = ceilDiv(columns, index(kSplitThreads * width));
  // More rows than kSplitRowsInRegisters take the widest kernel in groups.
  rowGroups = index(1);
  if (options.splitRows > kSplitRowsInRegisters)
    rowGroups = max(ceilDiv(min(rows, index(options.splitRows)),
                            index(kSplitRowsInRegisters)),
                    index(1));
  DepthSlices cut = cutDepth(depth, mul(columnBlocks, rowGroups),
                             options.splitBlocks, kSplitMinDepth,
                             /*granule=*/1);
  slices = onlyIf(active, cut.count);
  sliceDepth = cut.depth;
  partial = allocPartialSums(slices, weights.size(), rows, columns);

  // One product kernel each for 1, 2, 3-4 and 5-8 rows, the last also for
  // more rows (up to split-rows): that of a static row count, or all of
  // them, each without blocks unless the rows are its own (none for no rows
  // or no columns: nothing to sum).
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  for (int64_t fewer = 0, rowCount = 1;
       fewer < options.splitRows && rowCount <= kSplitRowsInRegisters;
       fewer = rowCount, rowCount *= 2) {
    int64_t most = rowCount == kSplitRowsInRegisters
                       ? options.splitRows
                       : std::min(rowCount, options.splitRows);
    if (staticRows) {
      if (*staticRows > fewer && *staticRows <= most)
        emitProduct(rowCount, columnBlocks);
      continue;
    }
    Value own = both(less(index(fewer), rows), less(rows, index(most + 1)));
    emitProduct(rowCount, onlyIf(own, columnBlocks));
  }
  emitSliceReduction(partial, slices, rows, columns, active, epilogue);
}

void SplitDepthProductEmitter::emitProduct(int64_t rowCount,
                                           Value columnBlocks) {
  OpBuilder::InsertionGuard guard(b);
  // The row groups of a column block are neighbours along x: launched
  // together, all but one read its weights from L2.
  Value groups = rowCount == kSplitRowsInRegisters ? rowGroups : index(1);
  gpu::LaunchOp launch =
      this->launch(mul(columnBlocks, groups), slices, index(1), kSplitThreads);
  Value blockId = launch.getBlockIds().x;
  Value slice = launch.getBlockIds().y;
  Value firstRow =
      mul(arith::RemUIOp::create(b, blockId, groups), index(rowCount));
  Value columnBlock = arith::DivUIOp::create(b, blockId, groups);
  Value firstColumn =
      mul(add(mul(columnBlock, index(kSplitThreads)), launch.getThreadIds().x),
          index(width));
  Value begin = mul(slice, sliceDepth);
  Value end = min(add(begin, sliceDepth), depth);

  // Rows clamped into `a`, so that every load is in bounds; what the rows
  // past `rows` load is not stored.
  Value one = index(1);
  SmallVector<Value> rowAt, outputRows, outputColumns;
  for (int64_t r = 0; r < rowCount; ++r) {
    outputRows.push_back(add(firstRow, index(r)));
    rowAt.push_back(min(outputRows.back(), sub(rows, one)));
  }
  for (int64_t i = 0; i < width; ++i)
    outputColumns.push_back(add(firstColumn, index(i)));

  int64_t stepsAhead = kSplitLoadsAhead / weights.size();
  if (weights.size() * rowCount * width > kSplitMaxSumsForDeepLoads)
    stepsAhead = std::min(stepsAhead, kSplitShallowSteps);
  // Element loads: alone, unrolled as the vector loads are; as their
  // fallback, not unrolled, so that the kernel's register count stays that
  // of the vector loads.
  auto sumElements = [&](int64_t unroll) {
    SmallVector<Value> columnAt = clampedColumns(weights, firstColumn, columns);
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
      scf::YieldOp::create(b, emitSums(rowAt, begin, end, stepsAhead, loadRow));
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, sumElements(/*unroll=*/1));
    }
    sums = ifOp.getResults();
  } else {
    sums = sumElements(stepsAhead);
  }

  for (auto [r, row] : llvm::enumerate(outputRows)) {
    for (auto [i, column] : llvm::enumerate(outputColumns)) {
      auto inside =
          scf::IfOp::create(b, both(less(row, rows), less(column, columns)),
                            /*withElseRegion=*/false);
      OpBuilder::InsertionGuard thenGuard(b);
      b.setInsertionPoint(inside.thenBlock()->getTerminator());
      for (size_t w = 0; w < weights.size(); ++w)
        memref::StoreOp::create(b, sums[(w * rowCount + r) * width + i],
                                partial,
                                ValueRange{slice, index(w), row, column});
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
  return unrolledLoop(begin, end, unroll,
                      SmallVector<Value>(weights.size() * rowCount * width,
                                         zero(b.getF32Type())),
                      steps);
}
