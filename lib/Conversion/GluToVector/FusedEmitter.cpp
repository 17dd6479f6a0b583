//===- FusedEmitter.cpp - fused, tiled loops of a glu projection ----------===//

#include "FusedEmitter.h"
#include "glu/Dialect/Glu/Utils/ActivationFormulas.h"
#include "glu/Dialect/Glu/Utils/ProjectionOperands.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::glu;
using namespace mlir::glu::fusedloops;

/// Whether the gate and value columns alternate within one vector: an
/// interleaved layout whose granularity is not a multiple of 16.
static bool interleavesWithinVector(const HiddenColumns &columns) {
  return columns.packed &&
         columns.layout.getKind() == GateUpLayout::interleaved &&
         columns.layout.getGranularity() % kLanes != 0;
}

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
