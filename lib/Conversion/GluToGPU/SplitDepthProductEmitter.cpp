//===- SplitDepthProductEmitter.cpp - GPU products of few rows ------------===//

#include "SplitDepthProductEmitter.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
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
/// The most f32 sums that a lane of the mma.sync product keeps, which bounds
/// its rows: in f16 and bf16 16 for two weights, 32 for one (in f32 twice
/// as many, whose warps have half as many columns). (On sm_90, under the
/// default min-blocks-per-sm=2, at (d, f) = (4096, 11008): the 16-row gated
/// kernel takes 208 registers and the 32-row down kernel 178, without spills;
/// the 32-row gated kernel's 128 sums spilled, measured before
/// glu-lower-to-nvvm sank the kernels' constants. In f32, with 3xTF32: the
/// gated kernels of 8, 16 and 32 rows 187, 196 and 236 registers, the down
/// kernel of 64 rows 252, without spills.)
static constexpr int64_t kMmaSplitMaxSums = 64;
/// 16-deep steps whose loads a lane issues before their mma.sync: 2 weights
/// x 4 rows x 2 steps = 16 16-byte loads.
static constexpr int64_t kMmaSplitStepsAhead = 2;

/// A product kernel's rows in its name: 1row, 2rows, ...
static std::string rowsName(int64_t rowCount) {
  return std::to_string(rowCount) + (rowCount == 1 ? "row" : "rows");
}

int64_t SplitDepthProductEmitter::columnThreads() const {
  return kSplitThreads / lanes();
}

int64_t SplitDepthProductEmitter::mmaWarpColumns() const {
  return kWarpSize / 4 * width;
}

int64_t SplitDepthProductEmitter::mmaBlockColumns() const {
  return kSplitThreads / kWarpSize * mmaWarpColumns();
}

int64_t SplitDepthProductEmitter::mmaTiles() const { return width / 2; }

void SplitDepthProductEmitter::emit(Value a, ArrayRef<Columns> weights,
                                    Value rows, Value columns, Value depth,
                                    Value active, Epilogue epilogue) {
  this->a = a;
  this->weights = weights;
  this->rows = rows;
  this->columns = columns;
  this->depth = depth;
  Value columnBlocks = ceilDiv(columns, index(columnThreads() * width));
  Value mmaColumnBlocks = ceilDiv(columns, index(mmaBlockColumns()));
  bool useMma = options.splitMma;
  // The widest kernel: 8 rows, or with mma.sync the power of 2 that
  // split-rows rounds up to, as far as kMmaSplitMaxSums allows (a lane's
  // sums of 8 rows: 4 per mma tile of each weight). More rows take it in
  // groups.
  widestRows = kSplitRowsInRegisters;
  assert(weights.size() <= 2 && "a product has one or two weights");
  if (useMma)
    widestRows = std::clamp<int64_t>(
        llvm::PowerOf2Ceil(options.splitRows), kSplitRowsInRegisters,
        kMmaSplitMaxSums / (weights.size() * mmaTiles() * 4) * kMmaCols);
  rowGroups = index(1);
  if (options.splitRows > widestRows)
    rowGroups =
        max(ceilDiv(min(rows, index(options.splitRows)), index(widestRows)),
            index(1));
  // The mma.sync kernels (more than half of kSplitRowsInRegisters rows)
  // have narrower column blocks than the FMA kernels.
  Value blocks = columnBlocks;
  if (useMma)
    blocks =
        arith::SelectOp::create(b, less(index(kSplitRowsInRegisters / 2), rows),
                                mmaColumnBlocks, columnBlocks);
  // Slices of at least kSplitMinDepth rows per depth lane (the mma.sync
  // kernels have one lane).
  auto cut = [&](int64_t depthLanes) {
    return cutDepth(depth, mul(blocks, rowGroups), options.splitBlocks,
                    kSplitMinDepth * depthLanes,
                    /*granule=*/useMma ? kMmaDepth : 1);
  };
  // With depth lanes: whether the mma.sync kernels take the rows.
  Value mmaRows;
  if (useMma && lanes() > 1)
    mmaRows = less(index(kSplitRowsInRegisters / 2), rows);
  DepthSlices slicing = cut(lanes());
  if (mmaRows) {
    DepthSlices mmaSlicing = cut(1);
    slicing = {
        arith::SelectOp::create(b, mmaRows, mmaSlicing.count, slicing.count),
        arith::SelectOp::create(b, mmaRows, mmaSlicing.depth, slicing.depth)};
  }
  slices = onlyIf(active, slicing.count);
  sliceDepth = slicing.depth;
  // With depth lanes, the FMA product kernels of one slice run the
  // epilogue: the reduction then has nothing to add unless an mma.sync
  // kernel (more than 4 rows) stored partial sums.
  Value reduce = active;
  if (lanes() > 1) {
    oneSlice =
        arith::CmpIOp::create(b, arith::CmpIPredicate::eq, slices, index(1));
    Value partials = less(index(1), slices);
    if (mmaRows)
      partials = arith::OrIOp::create(b, partials, mmaRows);
    reduce = active ? both(active, partials) : partials;
  }
  partial = allocPartialSums(lanes() > 1 ? onlyIf(reduce, slices) : slices,
                             weights.size(), rows, columns);

  // One product kernel each for 1, 2, 3-4, 5-8 rows (and with mma.sync
  // 9-16 and, for one weight, 17-32, as split-rows allows), the widest also
  // for more rows (up to split-rows): that of a static row count, or all of
  // them, each without blocks unless the rows are its own (none for no rows
  // or no columns: nothing to sum).
  std::optional<int64_t> staticRows = getConstantIntValue(rows);
  for (int64_t fewer = 0, rowCount = 1;
       fewer < options.splitRows && rowCount <= widestRows;
       fewer = rowCount, rowCount *= 2) {
    int64_t most = rowCount == widestRows
                       ? options.splitRows
                       : std::min(rowCount, options.splitRows);
    // Without blocks unless `own` (if given).
    auto emitOwn = [&](Value own) {
      if (useMma && rowCount >= kSplitRowsInRegisters)
        emitMmaProduct(rowCount, onlyIf(own, mmaColumnBlocks));
      else
        emitProduct(rowCount, onlyIf(own, columnBlocks), epilogue);
    };
    if (staticRows) {
      if (*staticRows > fewer && *staticRows <= most)
        emitOwn(Value());
      continue;
    }
    emitOwn(both(less(index(fewer), rows), less(rows, index(most + 1))));
  }
  emitSliceReduction("split_reduce", partial, slices, rows, columns, reduce,
                     epilogue);
}

MemRefType SplitDepthProductEmitter::laneSumsType(int64_t rowCount) {
  return MemRefType::get(
      {lanes(), rowCount * width * columnThreads() + columnThreads()},
      b.getF32Type(), MemRefLayoutAttrInterface(),
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup));
}

void SplitDepthProductEmitter::emitProduct(int64_t rowCount, Value columnBlocks,
                                           Epilogue epilogue) {
  OpBuilder::InsertionGuard guard(b);
  // The row groups of a column block are neighbours along x: launched
  // together, all but one read its weights from L2.
  Value groups = rowCount == widestRows ? rowGroups : index(1);
  MemRefType sharedType = lanes() > 1 ? laneSumsType(rowCount) : nullptr;
  gpu::LaunchOp launch = this->launch(
      "split_" + rowsName(rowCount), mul(columnBlocks, groups), slices,
      index(1), kSplitThreads,
      sharedType ? sharedType.getNumElements() * sizeof(float) : 0);
  Value blockId = launch.getBlockIds().x;
  Value slice = launch.getBlockIds().y;
  Value thread = launch.getThreadIds().x;
  Value firstRow =
      mul(arith::RemUIOp::create(b, blockId, groups), index(rowCount));
  Value columnBlock = arith::DivUIOp::create(b, blockId, groups);
  Value columnThread = thread, depthLane;
  if (sharedType) {
    columnThread = rem(thread, columnThreads());
    depthLane = div(thread, columnThreads());
  }
  Value firstColumn =
      mul(add(mul(columnBlock, index(columnThreads())), columnThread),
          index(width));
  Value begin = mul(slice, sliceDepth);
  Value end = min(add(begin, sliceDepth), depth);
  if (depthLane) {
    // The depth lane's part of the slice.
    Value laneDepth = ceilDiv(sliceDepth, index(lanes()));
    begin = min(add(begin, mul(depthLane, laneDepth)), end);
    end = min(add(begin, laneDepth), end);
  }

  // Rows clamped into `a`, so that every load is in bounds; what the rows
  // past `rows` load is not stored.
  Value one = index(1);
  SmallVector<Value> rowAt, outputRows, outputColumns;
  for (int64_t r = 0; r < rowCount; ++r) {
    outputRows.push_back(add(firstRow, index(r)));
    rowAt.push_back(min(outputRows.back(), sub(rows, one)));
  }
  if (!sharedType)
    for (int64_t i = 0; i < width; ++i)
      outputColumns.push_back(add(firstColumn, index(i)));

  int64_t stepsAhead = kSplitLoadsAhead / weights.size();
  if (weights.size() * rowCount * width > kSplitMaxSumsForDeepLoads)
    stepsAhead = std::min(stepsAhead, kSplitShallowSteps);
  SmallVector<Value> sums =
      sumByAlignment(firstColumn, weights.size() * rowCount * width, stepsAhead,
                     [&](int64_t unroll, RowLoader loadRow) {
                       return emitSums(rowAt, begin, end, unroll, loadRow);
                     });

  // An output element's sums of each weight: the slice's partial sums, or
  // with one slice the epilogue's.
  auto store = [&](Value row, Value column, ArrayRef<Value> weightSums) {
    auto inside =
        scf::IfOp::create(b, both(less(row, rows), less(column, columns)),
                          /*withElseRegion=*/false);
    OpBuilder::InsertionGuard thenGuard(b);
    b.setInsertionPoint(inside.thenBlock()->getTerminator());
    if (lanes() > 1) {
      auto ifOne = scf::IfOp::create(b, oneSlice, /*withElseRegion=*/true);
      b.setInsertionPoint(ifOne.thenBlock()->getTerminator());
      epilogue(b, row, column, weightSums);
      b.setInsertionPoint(ifOne.elseBlock()->getTerminator());
    }
    for (auto [w, sum] : llvm::enumerate(weightSums))
      memref::StoreOp::create(b, sum, partial,
                              ValueRange{slice, index(w), row, column});
  };
  if (sharedType) {
    Value laneSums = memref::ViewOp::create(
        b, sharedType,
        gpu::DynamicSharedMemoryOp::create(
            b, MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                               MemRefLayoutAttrInterface(),
                               sharedType.getMemorySpace())),
        index(0), ValueRange());
    addLanes(sums, laneSums, thread, columnThread, depthLane, firstRow,
             mul(columnBlock, index(columnThreads() * width)), rowCount, store);
    return;
  }
  for (int64_t r = 0; r < rowCount; ++r) {
    for (int64_t i = 0; i < width; ++i) {
      SmallVector<Value> weightSums;
      for (size_t w = 0; w < weights.size(); ++w)
        weightSums.push_back(sums[(w * rowCount + r) * width + i]);
      store(outputRows[r], outputColumns[i], weightSums);
    }
  }
}

void SplitDepthProductEmitter::addLanes(
    ArrayRef<Value> sums, Value shared, Value thread, Value columnThread,
    Value depthLane, Value firstRow, Value firstBlockColumn, int64_t rowCount,
    function_ref<void(Value, Value, ArrayRef<Value>)> output) {
  // Output u = j columnThreads() + c of the block (per weight) is sum j of
  // column thread c; thread t adds outputs t, t + 128, ...
  int64_t perThread = rowCount * width;
  int64_t outputs = perThread * columnThreads();
  int64_t rounds = llvm::divideCeil(outputs, kSplitThreads);
  SmallVector<SmallVector<Value>> added(rounds);
  for (size_t w = 0; w < weights.size(); ++w) {
    // Every thread has read the previous weight's sums.
    if (w > 0)
      gpu::BarrierOp::create(b);
    for (int64_t j = 0; j < perThread; ++j)
      memref::StoreOp::create(
          b, sums[w * perThread + j], shared,
          ValueRange{depthLane, add(index(j * columnThreads()), columnThread)});
    gpu::BarrierOp::create(b);
    for (int64_t round = 0; round < rounds; ++round) {
      // Threads past the last output read it again and hand nothing on.
      Value u =
          min(add(thread, index(round * kSplitThreads)), index(outputs - 1));
      SmallVector<Value> loaded;
      for (int64_t lane = 0; lane < lanes(); ++lane)
        loaded.push_back(
            memref::LoadOp::create(b, shared, ValueRange{index(lane), u}));
      Value sum = loaded.front();
      for (Value value : ArrayRef(loaded).drop_front())
        sum = arith::AddFOp::create(b, sum, value);
      added[round].push_back(sum);
    }
  }
  for (int64_t round = 0; round < rounds; ++round) {
    Value u = add(thread, index(round * kSplitThreads));
    OpBuilder::InsertionGuard guard(b);
    if (outputs % kSplitThreads != 0) {
      auto inside = scf::IfOp::create(b, less(u, index(outputs)),
                                      /*withElseRegion=*/false);
      b.setInsertionPoint(inside.thenBlock()->getTerminator());
    }
    Value j = div(u, columnThreads());
    Value column =
        add(add(firstBlockColumn, mul(rem(u, columnThreads()), index(width))),
            rem(j, width));
    output(add(firstRow, div(j, width)), column, added[round]);
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

SmallVector<Value> SplitDepthProductEmitter::sumByAlignment(
    Value firstColumn, int64_t sumCount, int64_t unroll,
    function_ref<SmallVector<Value>(int64_t, RowLoader)> sum) {
  auto sumElements = [&](int64_t unroll) {
    SmallVector<Value> columnAt = clampedColumns(weights, firstColumn, columns);
    return sum(unroll,
               [&](Value k) { return loadElements(weights, k, columnAt); });
  };
  if (!llvm::all_of(weights, [&](const Columns &weight) {
        return vectorOffsets(weight).has_value();
      }))
    return sumElements(unroll);
  SmallVector<Type> sumTypes(sumCount, b.getF32Type());
  auto ifOp = scf::IfOp::create(b, sumTypes, vectorsAligned(weights, columns),
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  // Threads past the last column, which store nothing, read the last
  // columns: `columns` is a multiple of width here (and not 0).
  Value loadColumn = min(firstColumn, sub(columns, index(width)));
  scf::YieldOp::create(
      b, sum(unroll, [&](Value k) {
        SmallVector<Value> values;
        for (Value vector : loadVectors(weights, k, loadColumn))
          for (int64_t i = 0; i < width; ++i)
            values.push_back(vector::ExtractOp::create(b, vector, i));
        return values;
      }));
  b.setInsertionPointToStart(ifOp.elseBlock());
  scf::YieldOp::create(b, sumElements(/*unroll=*/1));
  return ifOp.getResults();
}

void SplitDepthProductEmitter::emitMmaProduct(int64_t rowCount,
                                              Value columnBlocks) {
  OpBuilder::InsertionGuard guard(b);
  int64_t rowTiles = rowCount / kMmaCols;
  Value groups = rowCount == widestRows ? rowGroups : index(1);
  gpu::LaunchOp launch =
      this->launch("split_mma_" + rowsName(rowCount), mul(columnBlocks, groups),
                   slices, index(1), kSplitThreads);
  Value blockId = launch.getBlockIds().x;
  Value slice = launch.getBlockIds().y;
  Value thread = launch.getThreadIds().x;
  Value lane = rem(thread, kWarpSize);
  Value g = div(lane, 4), t = rem(lane, 4);
  Value firstRow =
      mul(arith::RemUIOp::create(b, blockId, groups), index(rowCount));
  Value columnBlock = arith::DivUIOp::create(b, blockId, groups);
  // This lane's columns: one 16-byte load of each weight row.
  Value firstColumn =
      add(add(mul(columnBlock, index(mmaBlockColumns())),
              mul(div(thread, kWarpSize), index(mmaWarpColumns()))),
          mul(g, index(width)));
  Value begin = mul(slice, sliceDepth);
  Value end = min(add(begin, sliceDepth), depth);
  // Row g of each row tile; rows past `rows` read its last row and their
  // sums are not stored.
  SmallVector<Value> xRows;
  for (int64_t n = 0; n < rowTiles; ++n)
    xRows.push_back(
        min(add(firstRow, add(g, index(n * kMmaCols))), sub(rows, index(1))));

  SmallVector<Value> sums = sumByAlignment(
      firstColumn, weights.size() * mmaTiles() * rowTiles * 4,
      kMmaSplitStepsAhead, [&](int64_t unroll, RowLoader loadRow) {
        return emitMmaSums(xRows, t, begin, end, unroll, loadRow);
      });

  // mma.sync's C: (column 2j + r / 2, row 2t + r % 2) of the lane's tile j
  // and row tile n.
  for (int64_t j = 0; j < mmaTiles(); ++j) {
    for (int64_t n = 0; n < rowTiles; ++n) {
      for (int64_t r = 0; r < 4; ++r) {
        Value row = add(add(firstRow, index(n * kMmaCols)),
                        add(mul(t, index(2)), index(r % 2)));
        Value column = add(firstColumn, index(2 * j + r / 2));
        auto inside =
            scf::IfOp::create(b, both(less(row, rows), less(column, columns)),
                              /*withElseRegion=*/false);
        OpBuilder::InsertionGuard thenGuard(b);
        b.setInsertionPoint(inside.thenBlock()->getTerminator());
        for (size_t w = 0; w < weights.size(); ++w)
          memref::StoreOp::create(
              b, sums[((w * mmaTiles() + j) * rowTiles + n) * 4 + r], partial,
              ValueRange{slice, index(w), row, column});
      }
    }
  }
}

SmallVector<Value> SplitDepthProductEmitter::emitMmaSums(ArrayRef<Value> xRows,
                                                         Value t, Value begin,
                                                         Value end,
                                                         int64_t unroll,
                                                         RowLoader loadRow) {
  int64_t rowTiles = xRows.size();
  VectorType pairType = VectorType::get({2}, elementType);
  auto pair = [&](Value first, Value second) -> Value {
    return mmaRegister(
        vector::FromElementsOp::create(b, pairType, ValueRange{first, second}));
  };
  // The loads of `count` steps from depth k, then their mma.sync; with
  // `masked`, depth rows from `end` on read row end - 1 and count as zero.
  auto steps = [&](Value k, int64_t count, ValueRange acc, bool masked) {
    SmallVector<SmallVector<Value>> xs; // [step * 4 + i][n]
    SmallVector<SmallVector<Value>> ws; // [step * 4 + i][w * width + c]
    for (int64_t u = 0; u < count; ++u) {
      for (int64_t i = 0; i < 4; ++i) {
        Value row = add(k, add(mul(t, index(4)), index(u * kMmaDepth + i)));
        Value inside;
        if (masked) {
          inside = less(row, end);
          row = min(row, sub(end, index(1)));
        }
        SmallVector<Value> loaded = loadRow(row);
        for (Value xRow : xRows)
          loaded.push_back(memref::LoadOp::create(b, a, ValueRange{xRow, row}));
        if (masked)
          for (Value &value : loaded)
            value =
                arith::SelectOp::create(b, inside, value, zero(elementType));
        xs.emplace_back(ArrayRef(loaded).take_back(rowTiles));
        loaded.truncate(loaded.size() - rowTiles);
        ws.push_back(std::move(loaded));
      }
    }
    SmallVector<Value> next(acc);
    // C of weight w's tile j and row tile n.
    auto sumsOf = [&](size_t w, int64_t j, int64_t n) {
      return MutableArrayRef(next).slice(
          ((w * mmaTiles() + j) * rowTiles + n) * 4, 4);
    };
    for (int64_t u = 0; u < count; ++u) {
      ArrayRef<SmallVector<Value>> w4 = ArrayRef(ws).slice(u * 4, 4);
      ArrayRef<SmallVector<Value>> x4 = ArrayRef(xs).slice(u * 4, 4);
      if (elementType.isF32()) {
        accumulateTf32(w4, x4, sumsOf);
        continue;
      }
      // Depth rows 4t, 4t + 1 are mma.sync's k = 2t, 2t + 1 and 4t + 2,
      // 4t + 3 its k = 2t + 8, 2t + 9, in both operands.
      SmallVector<SmallVector<Value>> bFragments;
      for (int64_t n = 0; n < rowTiles; ++n)
        bFragments.push_back(
            {pair(x4[0][n], x4[1][n]), pair(x4[2][n], x4[3][n])});
      for (size_t w = 0; w < weights.size(); ++w) {
        for (int64_t j = 0; j < mmaTiles(); ++j) {
          auto at = [&](int64_t i, int64_t column) {
            return w4[i][w * width + 2 * j + column];
          };
          // Rows g and g + 8 of the tile are columns 2j and 2j + 1.
          SmallVector<Value> aFragment = {
              pair(at(0, 0), at(1, 0)), pair(at(0, 1), at(1, 1)),
              pair(at(2, 0), at(3, 0)), pair(at(2, 1), at(3, 1))};
          for (int64_t n = 0; n < rowTiles; ++n)
            mmaSync(aFragment, bFragments[n], sumsOf(w, j, n));
        }
      }
    }
    return next;
  };
  SmallVector<Value> sums = unrolledLoop(
      index(0), div(sub(end, begin), kMmaDepth), unroll,
      SmallVector<Value>(weights.size() * mmaTiles() * rowTiles * 4,
                         zero(b.getF32Type())),
      [&](Value step, int64_t count, ValueRange acc) {
        return steps(add(begin, mul(step, index(kMmaDepth))), count, acc,
                     /*masked=*/false);
      });
  // The last, partial step.
  Value whole =
      add(begin, mul(div(sub(end, begin), kMmaDepth), index(kMmaDepth)));
  SmallVector<Type> sumTypes(sums.size(), b.getF32Type());
  auto tail = scf::IfOp::create(b, sumTypes, less(whole, end),
                                /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(tail.thenBlock());
  scf::YieldOp::create(b, steps(whole, 1, sums, /*masked=*/true));
  b.setInsertionPointToStart(tail.elseBlock());
  scf::YieldOp::create(b, sums);
  return tail.getResults();
}

void SplitDepthProductEmitter::accumulateTf32(
    ArrayRef<SmallVector<Value>> w4, ArrayRef<SmallVector<Value>> x4,
    function_ref<MutableArrayRef<Value>(size_t, int64_t, int64_t)> sumsOf) {
  int64_t rowTiles = x4.front().size();
  // Depth rows 4t + 2s and 4t + 2s + 1 are k = t and t + 4 of the s-th
  // m16n8k8, in both operands.
  for (int64_t s = 0; s < 2; ++s) {
    SmallVector<std::array<Tf32Parts, 2>> xParts;
    for (int64_t n = 0; n < rowTiles; ++n)
      xParts.push_back({splitTf32(x4[2 * s][n]), splitTf32(x4[2 * s + 1][n])});
    for (size_t w = 0; w < weights.size(); ++w) {
      for (int64_t j = 0; j < mmaTiles(); ++j) {
        // Rows g and g + 8 of the tile are columns 2j and 2j + 1: A's
        // elements (g, t), (g + 8, t), (g, t + 4), (g + 8, t + 4).
        SmallVector<Tf32Parts> a;
        for (int64_t i = 0; i < 2; ++i)
          for (int64_t column = 0; column < 2; ++column)
            a.push_back(splitTf32(w4[2 * s + i][w * width + 2 * j + column]));
        for (int64_t n = 0; n < rowTiles; ++n)
          mmaSyncTf32x3(sumsOf(w, j, n), a, xParts[n]);
      }
    }
  }
}
