//===- TiledProductEmitter.cpp - block-tiled GPU products ----------------===//

#include "TiledProductEmitter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::glu;
using namespace mlir::glu::kernels;

namespace {

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

/// Depth steps in shared memory at once for f32 on FMA, which stores its
/// loads through registers (a's tile transposed), one step ahead. f16/bf16
/// (and f32 with f32-mma) copy their operand tiles with cp.async,
/// mma-stages - 1 steps ahead of the products (the gated kernel's 4 x 19
/// KiB by default: more than the 48 KiB of static shared memory, hence
/// dynamic shared memory).
constexpr int64_t kFmaStages = 2;

/// f16/bf16 (mma.sync m16n8k16): 4 x 2 warps, each owning 32 rows and 64
/// columns of output: 32 of each of two weights (128 x 64 block tiles per
/// weight, 2 x 4 mma tiles of 16 x 8 per warp and weight), or 64 of one
/// (128 x 128, 2 x 8); either way 16 mma.sync per 6 ldmatrix. 64 bytes of
/// depth staged per step: 32 elements (NVGPUDialect.h has kWarpSize). f32
/// with f32-mma (3xTF32 on m16n8k8) the same, 16 deep.
constexpr int64_t kWarpRows = 32, kWarpColumns = 64;
constexpr int64_t kWarpGridRows = 4, kWarpGridCols = 2;
constexpr int64_t kMmaBlockRows = kWarpGridRows * kWarpRows;
constexpr int64_t kMmaBlockDepthBytes = 64;

/// f16/bf16 with wgmma (sm_90a): 2 warpgroups of 4 warps, each owning 64
/// rows of a 128-row block tile and its kWgmmaColumns (128) columns (64 of
/// each of two weights side by side, or 128 of one): one m64n128k16 wgmma
/// per 16 deep reads both operands from shared memory, 64 f32 accumulators
/// per thread (kWgmmaAccumulators); with wgmma-columns=256 two, one per
/// 128 columns (those of one gated weight, or half of W2's). The tiles are in
/// wgmma's 128-byte swizzle: rows of 128 bytes (64 elements; a tile wider than
/// that is stored as blocks of 64 columns, one after another), the 16-byte
/// chunk c of row r at chunk c ^ (r % 8), 8 rows (1024 bytes, 1024-byte
/// aligned) to an atom. x's tile is K-major (a row of x per row), the weights'
/// MN-major (a depth row per row, as they are in memory): 64 depth
/// elements per step, one swizzled row of x's tile.
constexpr int64_t kWarpgroupSize = 4 * kWarpSize, kWarpgroups = 2;
constexpr int64_t kWgmmaRows = 64, kWgmmaDepth = 16;
constexpr int64_t kWgmmaAccumulators =
    kWgmmaRows * kWgmmaColumns / kWarpgroupSize;
constexpr int64_t kSwizzleBytes = 128, kSwizzleAtomBytes = 1024;
constexpr int64_t kSwizzleAtomRows = kSwizzleAtomBytes / kSwizzleBytes;
/// The bits of a shared memory address that a descriptor holds (>> 4).
constexpr int64_t kSharedAddressMask = (1 << 18) - 1;

/// At most one depth slice per this many depth steps (so that each slice
/// has more than half as many): each issues the loads of its first steps
/// before its loop overlaps loads with products.
constexpr int64_t kTiledMinSteps = 4;

} // namespace

int64_t TiledProductEmitter::accumulatorsPerWeight() const {
  if (useWgmma)
    return wgmmaColumns / kWgmmaColumns * kWgmmaAccumulators / weights.size();
  return useMma ? (kWarpRows / kMmaRows) * (warpCols / kMmaCols) * 4
                : kFmaGroups * kFmaVector * columnGroups * kFmaVector;
}

int64_t TiledProductEmitter::sharesPerThread(int64_t tileRows,
                                             int64_t tileCols) const {
  assert((tileRows * tileCols) % (width * threads) == 0 &&
         "the threads must share the tile evenly");
  return tileRows * tileCols / (width * threads);
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

SmallVector<Value>
TiledProductEmitter::elementVectors(ArrayRef<Columns> sources, Value row,
                                    Value col, Value cols) {
  SmallVector<Value> inside;
  for (int64_t i = 0; i < width; ++i)
    inside.push_back(less(add(col, index(i)), cols));
  SmallVector<Value> elements =
      loadElements(sources, row, clampedColumns(sources, col, cols));
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
}

SmallVector<Value> TiledProductEmitter::load(ArrayRef<Columns> sources,
                                             Value row0, Value rows, Value col0,
                                             Value cols, int64_t tileRows,
                                             int64_t tileCols, Value aligned) {
  SmallVector<Type> types(sources.size(), vectorType());
  SmallVector<Value> vectors;
  for (int64_t s = 0; s < sharesPerThread(tileRows, tileCols); ++s) {
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
      scf::YieldOp::create(b, elementVectors(sources, row, col, cols));
      b.setInsertionPointAfter(ifAligned);
      scf::YieldOp::create(b, ifAligned.getResults());
    } else {
      scf::YieldOp::create(b, elementVectors(sources, row, col, cols));
    }
    b.setInsertionPointToStart(inside.elseBlock());
    scf::YieldOp::create(
        b, SmallVector<Value>(sources.size(), zero(vectorType())));
    llvm::append_range(vectors, inside.getResults());
  }
  return vectors;
}

void TiledProductEmitter::copyAsync(ArrayRef<Columns> sources,
                                    ArrayRef<Value> tiles, Value stage,
                                    Value row0, Value rows, Value col0,
                                    Value cols, int64_t tileRows,
                                    int64_t tileCols, Value aligned) {
  for (int64_t s = 0; s < sharesPerThread(tileRows, tileCols); ++s) {
    auto [i, j] = share(s, tileCols);
    Value row = add(row0, i), col = add(col0, j);
    SmallVector<Value> at = tileIndices(stage, i, j);
    auto storeAll = [&](ArrayRef<Value> vectors) {
      for (auto [tile, vector] : llvm::zip_equal(tiles, vectors))
        vector::StoreOp::create(b, vector, tile, at,
                                /*nontemporal=*/false, llvm::Align(kLoadBytes));
    };
    auto inside = scf::IfOp::create(b, both(less(row, rows), less(col, cols)),
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(inside.thenBlock()->getTerminator());
    // `cols` is a multiple of width where aligned: the vector is inside.
    auto ifAligned = scf::IfOp::create(b, aligned, /*withElseRegion=*/true);
    b.setInsertionPoint(ifAligned.thenBlock()->getTerminator());
    for (auto [source, tile] : llvm::zip_equal(sources, tiles))
      nvgpu::DeviceAsyncCopyOp::create(
          b, tile, at, source.buffer, ValueRange{row, source.at(b, col)},
          b.getIndexAttr(width),
          /*srcElements=*/nullptr, /*bypassL1=*/b.getUnitAttr());
    b.setInsertionPoint(ifAligned.elseBlock()->getTerminator());
    storeAll(elementVectors(sources, row, col, cols));
    b.setInsertionPoint(inside.elseBlock()->getTerminator());
    storeAll(SmallVector<Value>(sources.size(), zero(vectorType())));
  }
}

void TiledProductEmitter::store(ArrayRef<Value> tiles, Value stage,
                                ArrayRef<Value> vectors, int64_t tileCols,
                                bool transposed) {
  for (auto [v, vector] : llvm::enumerate(vectors)) {
    Value tile = tiles[v % tiles.size()];
    auto [i, j] = share(v / tiles.size(), tileCols);
    if (!transposed) {
      vector::StoreOp::create(b, vector, tile, tileIndices(stage, i, j),
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
  int64_t perRegister = 32 / elementType.getIntOrFloatBitWidth();
  Value matrices = nvgpu::LdMatrixOp::create(
      b, VectorType::get({4, perRegister}, elementType), tile,
      ValueRange{stage, row, column}, transpose, /*numTiles=*/4);
  SmallVector<Value> registers;
  for (int64_t i = 0; i < 4; ++i) {
    Value matrix = vector::ExtractOp::create(b, matrices, i);
    registers.push_back(perRegister == 1
                            ? Value(vector::ExtractOp::create(b, matrix, 0))
                            : mmaRegister(matrix));
  }
  return registers;
}

MutableArrayRef<Value>
TiledProductEmitter::mmaAccumulators(MutableArrayRef<Value> sums, int64_t w,
                                     int64_t m, int64_t n) {
  int64_t nTiles = warpCols / kMmaCols;
  return sums.slice(w * accumulatorsPerWeight() + (m * nTiles + n) * 4, 4);
}

// With mma.sync's register layout (KernelEmitter::mmaSync), ldmatrix (x4)
// gives lane l of each of its 8 x 8 matrices the pair (g, 2t) in register i
// for matrix i, lane l addressing row l % 8 of matrix l / 8; transposed, the
// pair (2t, g) and (2t + 1, g). So one ldmatrix of the x tile ([m][k]) reads
// an A fragment (matrices: rows +0/+8 by depth +0, then by depth +8), and
// one transposed ldmatrix of a weight tile ([k][n]) the B fragments of two
// adjacent n tiles (matrices: depth +0/+8 of the first, then of the
// second). In f32 a matrix row of 16 bytes is 4 elements and lane l's pair
// is the one element (g, t): the x tile's ldmatrix reads the m16n8k8 A
// fragment (rows +0/+8 by depth +0, then by depth +4).
SmallVector<Value> TiledProductEmitter::mmaStep(ValueRange sums,
                                                ArrayRef<Value> tiles,
                                                ArrayRef<Value> smallTiles,
                                                Value stage) {
  Value lane = rem(threadId, kWarpSize), warp = div(threadId, kWarpSize);
  Value warpRow = mul(div(warp, kWarpGridCols), index(kWarpRows));
  Value warpCol = mul(rem(warp, kWarpGridCols), index(warpCols));
  // The row and column that this lane addresses in the A and B matrices:
  // matrices 1 and 3 are 8 rows further than 0 and 2 (of A; of B, 8 deep),
  // 2 and 3 16 bytes further than 0 and 1 (of A, 8 or 4 deep; of B, the
  // next n tile of 8 f16 or bf16 columns).
  Value matrixRow = rem(lane, 8), matrix = div(lane, 8);
  Value row = add(matrixRow, mul(rem(matrix, 2), index(8)));
  Value column = mul(div(matrix, 2), index(width));
  constexpr int64_t mTiles = kWarpRows / kMmaRows;
  int64_t nTiles = warpCols / kMmaCols;
  assert(nTiles % 2 == 0 && "ldmatrix reads two n tiles at a time");
  bool tf32 = elementType.isF32();

  SmallVector<Value> next(sums);
  for (int64_t k = 0; k < tileDepth; k += tf32 ? kMmaTf32Depth : kMmaDepth) {
    // The A fragment of m tile `m` in buffer `tileStage` of `tile`.
    auto aFragment = [&](Value tile, Value tileStage, int64_t m) {
      return loadMatrices(tile, tileStage,
                          add(warpRow, add(row, index(m * kMmaRows))),
                          add(column, index(k)), /*transpose=*/false);
    };
    SmallVector<SmallVector<Value>> aFragments;
    for (int64_t m = 0; m < mTiles; ++m)
      aFragments.push_back(aFragment(tiles[0], stage, m));
    if (tf32) {
      SmallVector<SmallVector<Tf32Parts>> aParts;
      for (int64_t m = 0; m < mTiles; ++m)
        aParts.push_back(llvm::map_to_vector(
            llvm::zip_equal(aFragments[m],
                            aFragment(smallTiles[0], index(0), m)),
            [&](auto parts) {
              return tf32Parts(std::get<0>(parts), std::get<1>(parts));
            }));
      accumulateTf32(next, tiles.drop_front(), smallTiles.drop_front(), stage,
                     k, warpCol, aParts);
      continue;
    }
    for (auto [w, tile] : llvm::enumerate(tiles.drop_front())) {
      for (int64_t n = 0; n < nTiles; n += 2) {
        SmallVector<Value> bFragments =
            loadMatrices(tile, stage, add(row, index(k)),
                         add(warpCol, add(column, index(n * kMmaCols))),
                         /*transpose=*/true);
        for (int64_t h = 0; h < 2; ++h) {
          ArrayRef<Value> bFragment = ArrayRef(bFragments).slice(2 * h, 2);
          for (int64_t m = 0; m < mTiles; ++m) {
            mmaSync(aFragments[m], bFragment,
                    mmaAccumulators(next, w, m, n + h));
          }
        }
      }
    }
  }
  return next;
}

void TiledProductEmitter::accumulateTf32(
    MutableArrayRef<Value> sums, ArrayRef<Value> weightTiles,
    ArrayRef<Value> smallWeightTiles, Value stage, int64_t k, Value warpCol,
    ArrayRef<SmallVector<Tf32Parts>> aParts) {
  Value lane = rem(threadId, kWarpSize);
  Value g = div(lane, 4), t = rem(lane, 4);
  for (auto [w, tile, small] : llvm::enumerate(weightTiles, smallWeightTiles)) {
    for (int64_t n = 0; n < warpCols / kMmaCols; ++n) {
      // B's elements (k = t, n = g) and (k = t + 4, n = g).
      Value column = add(warpCol, add(g, index(n * kMmaCols)));
      SmallVector<Tf32Parts> bParts;
      for (int64_t i = 0; i < 2; ++i) {
        Value depth = add(t, index(k + i * kMmaTf32Depth / 2));
        bParts.push_back(tf32Parts(
            memref::LoadOp::create(b, tile, ValueRange{stage, depth, column}),
            memref::LoadOp::create(b, small,
                                   ValueRange{index(0), depth, column})));
      }
      for (auto [m, parts] : llvm::enumerate(aParts))
        mmaSyncTf32x3(mmaAccumulators(sums, w, m, n), parts, bParts);
    }
  }
}

void TiledProductEmitter::splitStage(ArrayRef<Value> tiles,
                                     ArrayRef<Value> smallTiles, Value stage) {
  Type f32 = b.getF32Type();
  auto splitTile = [&](Value tile, Value small, int64_t tileRows,
                       int64_t tileCols) {
    for (int64_t s = 0; s < sharesPerThread(tileRows, tileCols); ++s) {
      auto [i, j] = share(s, tileCols);
      Value vector = vector::LoadOp::create(
          b, vectorType(), tile, ValueRange{stage, i, j},
          /*nontemporal=*/false, llvm::Align(kLoadBytes));
      SmallVector<Value> bigs, smalls;
      for (int64_t e = 0; e < width; ++e) {
        Tf32Parts parts = splitTf32(vector::ExtractOp::create(b, vector, e));
        bigs.push_back(arith::BitcastOp::create(b, f32, parts.big));
        smalls.push_back(arith::BitcastOp::create(b, f32, parts.small));
      }
      for (auto [to, toStage, elements] :
           {std::tuple(tile, stage, bigs), std::tuple(small, index(0), smalls)})
        vector::StoreOp::create(
            b, vector::FromElementsOp::create(b, vectorType(), elements), to,
            ValueRange{toStage, i, j}, /*nontemporal=*/false,
            llvm::Align(kLoadBytes));
    }
  };
  splitTile(tiles[0], smallTiles[0], tileRows, tileDepth);
  for (auto [tile, small] :
       llvm::zip_equal(tiles.drop_front(), smallTiles.drop_front()))
    splitTile(tile, small, tileDepth, tileCols);
}

SmallVector<Value> TiledProductEmitter::tileIndices(Value stage, Value row,
                                                    Value column) {
  if (!useWgmma)
    return {stage, row, column};
  int64_t rowElements = kSwizzleBytes * 8 / elementType.getIntOrFloatBitWidth();
  Value columnChunk = div(rem(column, rowElements), width);
  Value chunk =
      arith::XOrIOp::create(b, columnChunk, rem(row, kSwizzleAtomRows));
  return {stage, div(column, rowElements), row,
          add(mul(chunk, index(width)), rem(column, width))};
}

// A wgmma operand in shared memory is a 64-bit descriptor: its start
// address >> 4 in bits 0-13, the leading byte offset >> 4 in bits 16-29, the
// stride byte offset >> 4 in bits 32-45, the swizzle in bits 62-63 (1: 128
// bytes). With the 128-byte swizzle, the stride offset is that of the next 8
// rows (the next atom, 1024 bytes), the leading offset that of the next 64
// columns of an MN-major operand (unused for K-major ones, whose 16-deep
// steps lie in a row). A 16-deep step starts 32 bytes into the rows of the
// K-major x tile (the hardware swizzles the address it computes, in the
// 1024-byte aligned atom) and 16 rows (2048 bytes) down the MN-major weight
// tiles. x's descriptor is this warpgroup's 64 rows; the weights' spans 128
// columns of the block's: with 128 in all, the next 64 columns are the
// second weight's tile or the next block of the one weight's; with 256, the
// j-th wgmma's are blocks 2j and 2j + 1 of the weights' tiles one after
// another (one weight's 128 columns, or 128 of the one weight's 256).
SmallVector<Value> TiledProductEmitter::wgmmaStep(ValueRange sums,
                                                  Value tilesAddress,
                                                  Value stage) {
  int64_t elementBytes = elementType.getIntOrFloatBitWidth() / 8;
  int64_t weightStageBytes = tileDepth * tileCols * elementBytes;
  int64_t weightBlockBytes = tileDepth * kSwizzleBytes;
  int64_t wgmmas = wgmmaColumns / kWgmmaColumns;
  // Where the j-th wgmma's 128 columns start in the staged weight tiles (of
  // stage 0), and the bytes from one of their blocks of 64 to the next.
  auto weightColumns = [&](int64_t j) -> std::pair<int64_t, int64_t> {
    if (weights.size() == 2 && wgmmas == 1)
      return {tileOffsets[1], tileOffsets[2] - tileOffsets[1]};
    int64_t column = j * kWgmmaColumns;
    int64_t blockColumns = kSwizzleBytes / elementBytes;
    return {tileOffsets[1 + column / tileCols] +
                (column % tileCols) / blockColumns * weightBlockBytes,
            weightBlockBytes};
  };
  auto descriptor = [&](Value address, int64_t leading) -> Value {
    Value start = arith::IndexCastOp::create(
        b, b.getI64Type(),
        div(arith::AndIOp::create(b, address, index(kSharedAddressMask)), 16));
    uint64_t fields = uint64_t(leading >> 4) << 16 |
                      uint64_t(kSwizzleAtomBytes >> 4) << 32 | 1ull << 62;
    return arith::OrIOp::create(
        b, start, arith::ConstantIntOp::create(b, b.getI64Type(), fields));
  };
  Value warpgroup = div(threadId, kWarpgroupSize);
  Value aAddress =
      add(tilesAddress,
          add(index(tileOffsets[0]),
              add(mul(stage, index(tileRows * tileDepth * elementBytes)),
                  mul(warpgroup, index(kWgmmaRows * kSwizzleBytes)))));
  Value bStage = add(tilesAddress, mul(stage, index(weightStageBytes)));
  struct BOperand {
    Value address;
    int64_t leadingBytes;
  };
  SmallVector<BOperand> bOperands;
  for (int64_t j = 0; j < wgmmas; ++j) {
    auto [offset, leadingBytes] = weightColumns(j);
    bOperands.push_back({add(bStage, index(offset)), leadingBytes});
  }
  NVVM::WGMMATypes type =
      elementType.isF16() ? NVVM::WGMMATypes::f16 : NVVM::WGMMATypes::bf16;
  NVVM::WgmmaFenceAlignedOp::create(b);
  SmallVector<Value> acc(sums);
  for (int64_t k = 0; k < tileDepth; k += kWgmmaDepth) {
    Value aDescriptor =
        descriptor(add(aAddress, index(k * elementBytes)), kLoadBytes);
    for (auto [sum, bOperand] : llvm::zip_equal(acc, bOperands)) {
      Value bDescriptor =
          descriptor(add(bOperand.address, index(k * kSwizzleBytes)),
                     bOperand.leadingBytes);
      sum = NVVM::WgmmaMmaAsyncOp::create(
          b, sum.getType(), sum, aDescriptor, bDescriptor,
          NVVM::MMAShapeAttr::get(b.getContext(), kWgmmaRows, kWgmmaColumns,
                                  kWgmmaDepth),
          type, type, NVVM::WGMMATypes::f32, NVVM::WGMMAScaleOut::one,
          NVVM::WGMMAScaleIn::one, NVVM::WGMMAScaleIn::one,
          NVVM::MMALayout::row, NVVM::MMALayout::row,
          /*satfinite=*/nullptr);
    }
  }
  NVVM::WgmmaGroupSyncAlignedOp::create(b);
  // With the overlap, this step's wgmma runs on (the loop waits for the
  // last one): the chain of same-shape wgmma on one accumulator is ordered
  // without a fence.
  NVVM::WgmmaWaitGroupSyncOp::create(b, overlapWgmma ? 1 : 0);
  return acc;
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
  if (useWgmma) {
    // wgmma's accumulators: warp w of the block (16 rows each; 4 per
    // warpgroup of 64) holds mma.sync's C fragment of each 8 columns,
    // register i in columns 8 (i / 4) to 8 (i / 4) + 7.
    Value lane = rem(threadId, kWarpSize);
    Value row = add(mul(div(threadId, kWarpSize), index(kMmaRows)),
                    add(div(lane, 4), index(((i / 2) % 2) * 8)));
    Value col = add(mul(rem(lane, 4), index(2)), index((i / 4) * 8 + i % 2));
    return {row, col};
  }
  int64_t nTiles = warpCols / kMmaCols;
  int64_t tileIndex = i / 4, r = i % 4;
  int64_t m = tileIndex / nTiles, n = tileIndex % nTiles;
  Value lane = rem(threadId, kWarpSize), warp = div(threadId, kWarpSize);
  Value row =
      add(mul(div(warp, kWarpGridCols), index(kWarpRows)), div(lane, 4));
  Value col = add(mul(rem(warp, kWarpGridCols), index(warpCols)),
                  mul(rem(lane, 4), index(2)));
  return {add(row, index(m * kMmaRows + (r / 2) * 8)),
          add(col, index(n * kMmaCols + r % 2))};
}

void TiledProductEmitter::emit(Value a, ArrayRef<Columns> weights, Value rows,
                               Value columns, Value depth, Value active,
                               Epilogue epilogue) {
  assert((weights.size() == 1 || weights.size() == 2) && "one or two weights");
  this->a = a;
  this->weights = weights;
  this->rows = rows;
  this->columns = columns;
  this->depth = depth;
  if (useWgmma) {
    stages = mmaStages;
    tileRows = kWarpgroups * kWgmmaRows;
    tileCols = wgmmaColumns / weights.size();
    tileDepth = kSwizzleBytes * 8 / elementType.getIntOrFloatBitWidth();
    threads = kWarpgroups * kWarpgroupSize;
  } else if (useMma) {
    stages = mmaStages;
    warpCols = kWarpColumns / weights.size();
    tileRows = kMmaBlockRows;
    tileCols = kWarpGridCols * warpCols;
    tileDepth = kMmaBlockDepthBytes * 8 / elementType.getIntOrFloatBitWidth();
    threads = kWarpGridRows * kWarpGridCols * kWarpSize;
  } else {
    assert(width == kFmaVector && "FMA kernels read 16-byte f32 vectors");
    columnGroups = kFmaGroups / weights.size();
    tileRows = kFmaGroups * kFmaGroupStride;
    tileCols = columnGroups * kFmaGroupStride;
    tileDepth = kFmaDepth;
    stages = kFmaStages;
    threads = kFmaGrid * kFmaGrid;
  }
  // `stages` buffers of each staged tile, the weights' as they are
  // ([k][column]). FMA reads them by depth row, so a's tile is transposed
  // ([k][row], rows padded so that the transposed stores of a warp spread
  // over more banks); ldmatrix reads a's as it is ([row][k]) and the
  // weights' transposed, each of its 8 rows 16 bytes, rows padded by 16
  // bytes (a's) and 8 elements (the weights') so that those fall on
  // distinct banks; in f32 the weights' elements (k = t, n = g) that the
  // lanes (g, t) load, t (tileCols + 8) + g, do too. wgmma reads them all
  // as they are, in blocks of 64 columns (tileIndices).
  auto tileType = [&](int64_t tileRows, int64_t tileCols) {
    SmallVector<int64_t> shape = {stages, tileRows, tileCols};
    if (useWgmma)
      shape = {stages, tileCols / tileDepth, tileRows, tileDepth};
    return MemRefType::get(shape, elementType, MemRefLayoutAttrInterface(),
                           gpu::AddressSpaceAttr::get(
                               b.getContext(), gpu::AddressSpace::Workgroup));
  };
  SmallVector<MemRefType> tileTypes;
  if (useWgmma) {
    tileTypes.push_back(tileType(tileRows, tileDepth));
    tileTypes.append(weights.size(), tileType(tileDepth, tileCols));
  } else if (useMma) {
    tileTypes.push_back(tileType(tileRows, tileDepth + width));
    tileTypes.append(weights.size(), tileType(tileDepth, tileCols + 8));
    // In f32, one more buffer of each tile for the small parts of the step
    // being multiplied (splitStage).
    if (elementType.isF32())
      for (MemRefType type : SmallVector<MemRefType>(tileTypes))
        tileTypes.push_back(MemRefType::get(
            {1, type.getDimSize(1), type.getDimSize(2)}, elementType,
            MemRefLayoutAttrInterface(), type.getMemorySpace()));
  } else {
    tileTypes.push_back(tileType(tileDepth, tileRows + kFmaVector));
    tileTypes.append(weights.size(), tileType(tileDepth, tileCols));
  }

  // Row blocks on x (up to 2^31 - 1 of them), column blocks on y (up to
  // 65535, F or E up to 4 million), depth slices on z; at least one block,
  // so that an empty matrix is a valid launch.
  auto blocks = [&](Value size, int64_t perBlock) {
    return max(ceilDiv(size, index(perBlock)), index(1));
  };
  Value rowBlocks = blocks(rows, tileRows);
  Value columnBlocks = blocks(columns, tileCols);
  if (!splitBlocks) {
    emitKernel(onlyIf(active, rowBlocks), columnBlocks, tileTypes,
               /*partial=*/nullptr, epilogue);
    return;
  }
  // With one slice, a kernel on the whole depth runs the epilogue; with
  // more, one block per slice stores its partial sums and a second kernel
  // adds them. Both kernels are launched, one of them with no blocks: one
  // kernel that branched between the two needed more registers (sm_80:
  // spills).
  slices = cutDepth(depth, mul(rowBlocks, columnBlocks), *splitBlocks,
                    kTiledMinSteps * tileDepth, tileDepth);
  Value split = less(index(1), slices.count);
  Value whole = less(slices.count, index(2));
  if (active) {
    split = both(active, split);
    whole = both(active, whole);
  }
  Value partial = allocPartialSums(onlyIf(split, slices.count), weights.size(),
                                   rows, columns);
  emitKernel(onlyIf(whole, rowBlocks), columnBlocks, tileTypes,
             /*partial=*/nullptr, epilogue);
  emitKernel(onlyIf(split, rowBlocks), columnBlocks, tileTypes, partial,
             epilogue);
  emitSliceReduction("tiled_reduce", partial, slices.count, rows, columns,
                     split, epilogue);
}

void TiledProductEmitter::emitKernel(Value rowBlocks, Value columnBlocks,
                                     ArrayRef<MemRefType> tileTypes,
                                     Value partial, Epilogue epilogue) {
  OpBuilder::InsertionGuard guard(b);
  // The tiles, one after another in the dynamic shared memory (16-byte
  // aligned, each a multiple of 16 bytes). convert-gpu-to-nvvm makes it an
  // internal zero-length shared global (a 1-byte `.shared` variable in the
  // PTX) at the start of the block's shared memory, which the launch's
  // dynamic size extends: the kernel has no other shared memory for the
  // tiles to overlap. wgmma's tiles start at its first 1024-byte boundary.
  tileOffsets.clear();
  int64_t sharedBytes = 0;
  for (MemRefType type : tileTypes) {
    tileOffsets.push_back(sharedBytes);
    sharedBytes += type.getNumElements() * type.getElementTypeBitWidth() / 8;
    assert(sharedBytes % (useWgmma ? kSwizzleAtomBytes : kLoadBytes) == 0 &&
           "tiles must stay aligned");
  }
  gpu::LaunchOp launch = this->launch(
      partial ? "tiled_sliced" : "tiled", rowBlocks, columnBlocks,
      partial ? slices.count : index(1), threads,
      sharedBytes + (useWgmma ? kSwizzleAtomBytes - kLoadBytes : 0));
  threadId = launch.getThreadIds().x;
  Value rowBase = mul(launch.getBlockIds().x, index(tileRows));
  Value colBase = mul(launch.getBlockIds().y, index(tileCols));
  Value slice = launch.getBlockIds().z;
  Value begin = partial ? mul(slice, slices.depth) : index(0);
  Value end = partial ? min(add(begin, slices.depth), depth) : depth;
  Value shared = gpu::DynamicSharedMemoryOp::create(
      b, MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                         MemRefLayoutAttrInterface(),
                         tileTypes.front().getMemorySpace()));
  Value tilesStart, tilesAddress;
  if (useWgmma) {
    Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, shared);
    tilesStart =
        rem(sub(index(kSwizzleAtomBytes), rem(address, kSwizzleAtomBytes)),
            kSwizzleAtomBytes);
    tilesAddress = add(address, tilesStart);
  }
  SmallVector<Value> allTiles;
  for (auto [type, offset] : llvm::zip_equal(tileTypes, tileOffsets))
    allTiles.push_back(memref::ViewOp::create(
        b, type, shared,
        tilesStart ? add(tilesStart, index(offset)) : index(offset),
        ValueRange()));
  // The staged tiles (a's, then the weights'), then the small parts' (f32
  // with mma only).
  ArrayRef<Value> tiles = ArrayRef(allTiles).take_front(1 + weights.size());
  ArrayRef<Value> smallTiles = ArrayRef(allTiles).drop_front(tiles.size());
  ArrayRef<Value> weightTiles = tiles.drop_front();

  Columns aColumns(a);
  Value aAligned = vectorsAligned(aColumns, depth);
  Value weightsAligned;
  if (llvm::all_of(weights, [&](const Columns &weight) {
        return vectorOffsets(weight).has_value();
      }))
    weightsAligned = vectorsAligned(weights, columns);
  // cp.async copies 16 bytes as they are: the tiles that mma reads as they
  // are in memory (a's, and the weights' unless a layout spreads their
  // columns over two loads) take it; the others go through registers.
  bool aAsync = useMma;
  bool weightsAsync =
      useMma && llvm::all_of(weights, [&](const Columns &weight) {
        std::optional<SmallVector<int64_t>> offsets = vectorOffsets(weight);
        return offsets && offsets->back() < width;
      });
  // Issues the loads of depth step [k, k + tileDepth) of the slice into the
  // tiles' buffer `stage` (zeros past the edges): the cp.async copies, as
  // one group (returned), and the register loads, returned for storeStep.
  // `end` is a multiple of width where the loads are aligned, as `depth`
  // and the slices' depth are.
  struct Step {
    SmallVector<Value> a, weights;
    Value group;
  };
  auto issueStep = [&](Value k, Value stage) {
    Step step;
    if (aAsync)
      copyAsync(aColumns, tiles[0], stage, rowBase, rows, k, end, tileRows,
                tileDepth, aAligned);
    else
      step.a =
          load(aColumns, rowBase, rows, k, end, tileRows, tileDepth, aAligned);
    if (weightsAsync)
      copyAsync(weights, weightTiles, stage, k, end, colBase, columns,
                tileDepth, tileCols, weightsAligned);
    else
      step.weights = load(weights, k, end, colBase, columns, tileDepth,
                          tileCols, weightsAligned);
    if (aAsync || weightsAsync)
      step.group = nvgpu::DeviceAsyncCreateGroupOp::create(b, ValueRange());
    return step;
  };
  auto storeStep = [&](Value stage, const Step &step) {
    if (!step.a.empty())
      store(tiles[0], stage, step.a, tileDepth, /*transposed=*/!useMma);
    if (!step.weights.empty())
      store(weightTiles, stage, step.weights, tileCols, /*transposed=*/false);
  };

  // Steps 0 to L - 1 into buffers 0 to L - 1, where L (the lookahead) is
  // stages - 1, or stages - 2 when wgmma overlaps steps; step s then waits
  // in buffer s % stages until iteration s, which issues step s + L into
  // the buffer of step s + L - stages: s - 1, whose products every thread
  // finished before the barrier that starts iteration s, or with the
  // overlap s - 2, whose wgmma every thread waited for at the end of
  // iteration s - 1 (it waits for all but its own). Its cp.async groups
  // are then the s + 1 oldest of the s + L that the thread committed:
  // waiting until at most L - 1 are pending completes step s's copies, and
  // the barrier after the wait makes every thread's visible. Register
  // loads are stored after the products, before the barrier that precedes
  // the step's iteration. f32 on mma.sync splits step s's buffer in place
  // and into the one buffer of small parts after that barrier (each
  // thread the elements that it copied or stored), which every thread read
  // in iteration s - 1 before it, and a second barrier makes the parts
  // visible before the products read them.
  int64_t lookahead = stages - (overlapWgmma ? 2 : 1);
  Value group;
  for (int64_t s = 0; s < lookahead; ++s) {
    Step step = issueStep(add(begin, index(s * tileDepth)), index(s));
    storeStep(index(s), step);
    group = step.group;
  }
  Type f32 = b.getF32Type();
  int64_t accumulators = accumulatorsPerWeight() * weights.size();
  SmallVector<Value> init;
  if (useWgmma)
    init.assign(wgmmaColumns / kWgmmaColumns,
                LLVM::ZeroOp::create(
                    b, LLVM::LLVMStructType::getLiteral(
                           b.getContext(),
                           SmallVector<Type>(kWgmmaAccumulators, f32))));
  else
    init.assign(accumulators, zero(f32));
  SmallVector<Value> sums =
      loop(begin, end, index(tileDepth), init, [&](Value k, ValueRange acc) {
        Value current = div(sub(k, begin), tileDepth);
        // The count decides what the wait waits for; its token (the
        // prologue's last group) only says that it waits on copies.
        if (group)
          nvgpu::DeviceAsyncWaitOp::create(b, group,
                                           b.getI32IntegerAttr(lookahead - 1));
        // wgmma reads the tiles through the async proxy: each thread's
        // writes (its copies, now complete, and its stores) are ordered
        // before those reads, and the barrier orders every thread's.
        if (useWgmma)
          NVVM::FenceProxyOp::create(
              b, NVVM::ProxyKind::async_shared,
              NVVM::SharedSpaceAttr::get(b.getContext(),
                                         NVVM::SharedSpace::shared_cta));
        gpu::BarrierOp::create(b);
        Value ahead = rem(add(current, index(lookahead)), stages);
        Step next = issueStep(add(k, index(lookahead * tileDepth)), ahead);
        Value stage = rem(current, stages);
        // f32 on mma.sync: the step's tiles split into tf32 parts, each
        // element once, before any warp reads them.
        if (!smallTiles.empty()) {
          splitStage(tiles, smallTiles, stage);
          gpu::BarrierOp::create(b);
        }
        SmallVector<Value> sums = useWgmma ? wgmmaStep(acc, tilesAddress, stage)
                                  : useMma
                                      ? mmaStep(acc, tiles, smallTiles, stage)
                                      : fmaStep(acc, tiles, stage);
        storeStep(ahead, next);
        return sums;
      });
  if (useWgmma) {
    if (overlapWgmma)
      NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
    // Struct j holds columns 128 j to 128 j + 127 of the block tile, which
    // continue position()'s numbering.
    SmallVector<Value> elementSums;
    for (Value structSum : sums)
      for (int64_t i = 0; i < kWgmmaAccumulators; ++i)
        elementSums.push_back(LLVM::ExtractValueOp::create(b, structSum, i));
    sums = std::move(elementSums);
  }

  // Each output element of this thread inside the matrix, with its sums:
  // to the epilogue, or as the slice's partial sums.
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
    if (!partial) {
      epilogue(b, row, col, elementSums);
      continue;
    }
    for (auto [w, sum] : llvm::enumerate(elementSums))
      memref::StoreOp::create(b, sum, partial,
                              ValueRange{slice, index(w), row, col});
  }
}
