//===- TiledProductEmitter.h - block-tiled GPU products ---------*- C++ -*-===//
//
// The kernels of convert-glu-to-gpu for more than split-rows rows:
//
//   gated kernel: grid (T / BM) x (F / BN), a BM x BN tile of H per block
//     stage depth steps 0 to S - 2 of x[rows] and of the gate and value
//       columns of W (any #glu.layout) in shared buffers 0 to S - 2, zero
//       past the edges
//     for each depth step k of BK (S shared buffers per tile):
//       wait for step k's loads; one barrier
//       issue the loads of step k + S - 1     (into the buffer of step k - 1)
//       (f32 on mma.sync: split step k's tiles into tf32 parts; a barrier)
//       G += x * Wg; V += x * Wv on step k  (registers; both contractions
//                                            read the same staged x tile)
//     H = act(G + b) * (V + c)              (registers; the only global
//                                            store)
//     (with gated-split-blocks, as the down kernel below when the blocks
//     are too few: G's and V's partial sums over depth slice z to global
//     memory, the activation in the reduction kernel)
//   down kernel (glu.ffn only): grid (T / BM) x (E / BN) x slices, the same
//     tiling over depth slice z of F
//     one slice: out = H * W2 + b2
//     more: the slice's sums to global memory; a reduction kernel adds the
//       slices and b2
//
// The tiled product and its staging are shared by both kernels; what
// differs is the epilogue, which gets the f32 sums of each output element.
// f32 uses FMA (unless f32-mma), 256 threads on BM = 128 rows, BK = 16, and BN
// = 64 columns of each of the two weights of the gated kernel (128 of the down
// kernel's one): each thread 8 x 4 elements per weight (8 x 8), read from
// shared memory with 16-byte loads; S = 2, the loads of the next step held in
// registers during the products and stored after them (x transposed).
// f16/bf16 use tensor cores (nvvm.mma.sync m16n8k16, f32 accumulators): 8
// warps on BM = 128, BK = 32, and BN = 64 columns of each of the gated
// kernel's two weights (128 of the down kernel's one), each warp owning
// 32 x 32 elements per weight (32 x 64), its operands read with ldmatrix;
// S = 4, the tiles copied
// with cp.async (nvgpu.device_async_copy), one group per step, S - 1 steps
// in flight (a layout that spreads 8 weight columns over two 16-byte loads
// takes the registers' way for the weights). The tiles are in dynamic
// shared memory (76 KiB for the gated f16 kernel, 74 KiB for the down
// kernel). f32 with f32-mma takes the same tiles, warps and staging with BK
// = 16 (the same bytes), each product in 3xTF32 on mma.sync m16n8k8: each
// step's tiles split into tf32 parts in shared memory (splitStage), x's
// fragments read with ldmatrix, the weights' one element at a time (95
// KiB of shared memory for the gated kernel). With wgmma (sm_90a), 2
// warpgroups on BM = 128, BK = 64 and BN = 64 columns of each of the gated
// kernel's weights (128 of the down kernel's): each warpgroup owns 64 x
// 128 elements, one nvvm.wgmma.mma_async m64n128k16 per 16 deep with both
// operands read from shared memory, whose tiles are stored in wgmma's
// 128-byte swizzle (tileIndices) at a 1024-byte boundary; with
// wgmma-columns=256, BN = 128 of each gated weight (256 of W2), each
// warpgroup 64 x 256 elements, two m64n128k16 per 16 deep. The 16-byte
// global loads need the operands aligned (address, row stride and column
// count), which the kernel tests once; otherwise it loads the same
// elements one at a time.
//
// The down kernel's depth is cut into slices when its row and column
// blocks alone are fewer than split-blocks (T up to a few hundred for LLM
// sizes: E / 128 = 32 blocks per 128 rows for E = 4096), so that every
// SM has blocks; the slices' partial sums cost one f32 write and read of
// each output element per slice. The gated kernel is sliced so only with
// gated-split-blocks: its partial sums are G and V, which otherwise stay in
// registers.
//
//===----------------------------------------------------------------------===//

#ifndef GLU_CONVERSION_GLUTOGPU_TILEDPRODUCTEMITTER_H
#define GLU_CONVERSION_GLUTOGPU_TILEDPRODUCTEMITTER_H

#include "KernelEmitter.h"
#include "glu/Conversion/GluToGPU/GluToGPU.h"

namespace mlir::glu::kernels {

/// Emits a gpu.launch that computes, for each `row < rows` and
/// `column < columns`, the contractions over `depth` of row `row` of `a`
/// with column `column` of each weight (one or two), and hands them to an
/// epilogue. Each step stages a depth step of `a`'s and the weights' block
/// tiles in shared memory, in several buffers: the loads of later steps
/// are in flight during the products on the current one, one barrier per
/// step. Given `splitBlocks`, when the
/// output has too few block tiles for about that many blocks, the depth is
/// also cut into slices, one per block along z: each writes its partial
/// sums, and a second kernel adds them and runs the epilogue. Without it,
/// the epilogue gets the sums in registers.
/// The depth steps that the f16/bf16 kernels may keep in shared memory
/// (mma-stages).
constexpr int64_t kMinMmaStages = 2, kMaxMmaStages = 6;
/// The block tile columns of the wgmma kernels (wgmma-columns): 128, or
/// 256, whose 48 KiB per depth step fit in a block's 227 KiB of shared
/// memory at most kWideWgmmaMaxStages times.
constexpr int64_t kWgmmaColumns = 128, kWideWgmmaColumns = 256;
constexpr int64_t kWideWgmmaMaxStages = 4;

class TiledProductEmitter : KernelEmitter {
public:
  /// `options.mmaStages` (kMinMmaStages to kMaxMmaStages) is S for
  /// f16/bf16, which use wgmma rather than mma.sync if `options.wgmma`
  /// (with one step's wgmma in flight if `options.wgmmaOverlap`, on block
  /// tiles of `options.wgmmaColumns` columns), and for f32 with
  /// `options.f32Mma` (mma.sync in 3xTF32; else FMA).
  TiledProductEmitter(ImplicitLocOpBuilder &b, Type elementType,
                      StringRef product, const ConvertGluToGPUOptions &options,
                      std::optional<int64_t> splitBlocks)
      : KernelEmitter(b, elementType, product),
        useMma(!elementType.isF32() || options.f32Mma),
        useWgmma(!elementType.isF32() && options.wgmma),
        overlapWgmma(useWgmma && options.wgmmaOverlap),
        wgmmaColumns(options.wgmmaColumns), mmaStages(options.mmaStages),
        splitBlocks(splitBlocks) {
    assert(
        (wgmmaColumns == kWgmmaColumns || wgmmaColumns == kWideWgmmaColumns) &&
        "wgmma-columns is 128 or 256 (convert-glu-to-gpu checks it)");
  }

  /// With `active` given, the launches have no blocks unless it is true.
  void emit(Value a, ArrayRef<Columns> weights, Value rows, Value columns,
            Value depth, Value active, Epilogue epilogue);

private:
  /// The product kernel with shared tiles of `tileTypes` (in its dynamic
  /// shared memory): without
  /// `partial`, on `rowBlocks` x `columnBlocks` blocks, each running the
  /// epilogue on its tile; with it, on as many times the slices, each
  /// storing its slice's sums into `partial`.
  void emitKernel(Value rowBlocks, Value columnBlocks,
                  ArrayRef<MemRefType> tileTypes, Value partial,
                  Epilogue epilogue);

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
  /// The same share of each source copied straight into buffer `stage` of
  /// its tile ([row][column]): with cp.async where `aligned` (which needs
  /// every source's columns consecutive in its buffer), else with element
  /// loads and stores, and zeros stored past `rows` or `cols`.
  void copyAsync(ArrayRef<Columns> sources, ArrayRef<Value> tiles, Value stage,
                 Value row0, Value rows, Value col0, Value cols,
                 int64_t tileRows, int64_t tileCols, Value aligned);
  /// Columns col + i (i < width) of row `row` of each source, loaded one
  /// element at a time, zeros from `cols` on.
  SmallVector<Value> elementVectors(ArrayRef<Columns> sources, Value row,
                                    Value col, Value cols);
  /// The vectors per source of a thread's share of a tileRows x tileCols
  /// tile.
  int64_t sharesPerThread(int64_t tileRows, int64_t tileCols) const;
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
  /// In f32 (3xTF32) the tiles hold the big parts of the step's elements
  /// and `smallTiles` their small parts (splitStage).
  SmallVector<Value> mmaStep(ValueRange sums, ArrayRef<Value> tiles,
                             ArrayRef<Value> smallTiles, Value stage);
  /// The same with wgmma: one accumulator struct per 128 columns of the
  /// block tile (this warpgroup's 64 rows; the weights' columns side by
  /// side) updated from the staged tiles at byte `tilesAddress` of shared
  /// memory.
  SmallVector<Value> wgmmaStep(ValueRange sums, Value tilesAddress,
                               Value stage);

  /// The indices of element (`row`, `column`) in buffer `stage` of a staged
  /// tile: [stage][row][column], or with wgmma [stage][column / 64][row]
  /// [column % 64 in 128-byte swizzle].
  SmallVector<Value> tileIndices(Value stage, Value row, Value column);

  /// Where accumulator `i` of weight 0 is in the block tile (the same for
  /// every weight: accumulators are grouped by weight).
  std::pair<Value, Value> position(int64_t i);
  int64_t accumulatorsPerWeight() const;

  /// The 4 mma operand registers (vector<2xf16>, or i32 holding 2 bf16;
  /// in f32 one f32, a tf32 part that splitStage stored) that ldmatrix x4
  /// (`transpose`d, 16-bit only) reads from buffer `stage` of a shared
  /// tile, this lane addressing (`row`, `column`).
  SmallVector<Value> loadMatrices(Value tile, Value stage, Value row,
                                  Value column, bool transpose);
  /// The accumulators of weight `w`'s mma tile (`m`, `n`) of this warp, in
  /// mma.sync's C layout (4 f32).
  MutableArrayRef<Value> mmaAccumulators(MutableArrayRef<Value> sums, int64_t w,
                                         int64_t m, int64_t n);
  /// mmaStep's products in f32 of the 8 depth rows from `k` of buffer
  /// `stage` (3xTF32): A `aParts` (x's, per m tile), B each weight's parts
  /// (the big ones in its tile, the small ones in `smallWeightTiles`) at
  /// depth k + t and k + t + 4 of column g of each n tile of the warp's
  /// columns from `warpCol`.
  void accumulateTf32(MutableArrayRef<Value> sums, ArrayRef<Value> weightTiles,
                      ArrayRef<Value> smallWeightTiles, Value stage, int64_t k,
                      Value warpCol, ArrayRef<SmallVector<Tf32Parts>> aParts);
  /// Splits every element of buffer `stage` of each f32 tile into its tf32
  /// parts (splitTf32): the big ones in place, the small ones into buffer
  /// 0 of the same tile of `smallTiles`, this thread's share of each as
  /// copyAsync copies it.
  void splitStage(ArrayRef<Value> tiles, ArrayRef<Value> smallTiles,
                  Value stage);

  bool useMma, useWgmma, overlapWgmma;
  /// With wgmma: the block tile's columns (all weights), 128 or 256, one
  /// m64n128k16 wgmma per 128 of them and 16 deep.
  int64_t wgmmaColumns;
  int64_t mmaStages;
  std::optional<int64_t> splitBlocks;
  Value a, rows, columns, depth;
  ArrayRef<Columns> weights;
  /// With splitBlocks: the depth slices.
  DepthSlices slices;
  /// Block tile sizes: output rows and columns per weight, depth per step;
  /// the depth steps staged at once.
  int64_t tileRows, tileCols, tileDepth, stages;
  /// FMA: the groups of kFmaVector columns of each weight per thread; mma:
  /// the columns of each weight per warp.
  int64_t columnGroups = 1, warpCols = 0;
  int64_t threads;
  Value threadId;
  /// The staged tiles' byte offsets from the first (with wgmma the tiles
  /// start at the first 1024-byte boundary of the dynamic shared memory).
  SmallVector<int64_t> tileOffsets;
};

} // namespace mlir::glu::kernels

#endif // GLU_CONVERSION_GLUTOGPU_TILEDPRODUCTEMITTER_H
