//===- Pipelines.h - glu's named pass pipelines -----------------*- C++ -*-===//

#ifndef GLU_PIPELINES_PIPELINES_H
#define GLU_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::glu {

/// Options of `glu-lower-to-llvm-cpu`.
struct LowerToLLVMCpuOptions
    : public PassPipelineOptions<LowerToLLVMCpuOptions> {
  PassOptions::Option<bool> fused{
      *this, "fused",
      llvm::cl::desc("Lower f32, f16 and bf16 glu.ffn and glu.gated_proj with "
                     "convert-glu-to-vector (false: the reference lowering "
                     "only)"),
      llvm::cl::init(true)};
  PassOptions::Option<unsigned> numThreads{
      *this, "num-threads",
      llvm::cl::desc("Threads convert-glu-to-vector divides the work for (0: "
                     "the compiling machine's hardware threads)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> rowTile{
      *this, "row-tile",
      llvm::cl::desc("convert-glu-to-vector's row-tile (0: its default)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> hiddenTile{
      *this, "hidden-tile",
      llvm::cl::desc("convert-glu-to-vector's hidden-tile (0: its default)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> depthTile{
      *this, "depth-tile",
      llvm::cl::desc("convert-glu-to-vector's depth-tile (0: its default)"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> prepackConstantWeights{
      *this, "prepack-constant-weights",
      llvm::cl::desc("convert-glu-to-vector's prepack-constant-weights"),
      llvm::cl::init(true)};
};

/// Adds `glu-lower-to-llvm-cpu` to `pm` (anchored on builtin.module): glu and
/// linalg on tensors down to the LLVM dialect for the host CPU, with
/// `scf.parallel` loops on OpenMP threads.
void buildLowerToLLVMCpuPipeline(OpPassManager &pm,
                                 const LowerToLLVMCpuOptions &options);

/// Adds `glu-raise-and-fuse` to `pm`: frontend linalg/arith/math IR to glu
/// ops (glu-raise-activations, glu-fuse, canonicalize, cse).
void buildRaiseAndFusePipeline(OpPassManager &pm);

/// Options of `glu-lower-to-nvvm`.
struct LowerToNVVMOptions : public PassPipelineOptions<LowerToNVVMOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("Target GPU architecture (sm_80, sm_90, sm_90a)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("Kernel binary format: isa (PTX), bin (cubin, runs "
                     "ptxas) or fatbin"),
      llvm::cl::init("isa")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit", llvm::cl::desc("CUDA toolkit path (libdevice, ptxas)"),
      llvm::cl::init("/usr/local/cuda")};
  PassOptions::Option<bool> fused{
      *this, "fused",
      llvm::cl::desc("Lower glu.gated_proj and glu.ffn with "
                     "convert-glu-to-gpu (fused kernels, tensor cores for "
                     "f16/bf16) rather than one kernel per linalg op"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> deviceArguments{
      *this, "device-arguments",
      llvm::cl::desc("The functions' memref arguments and results are device "
                     "memory (no copies; the caller allocates, copies and "
                     "frees): glu-gpu-device-buffers{device-arguments}"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> splitRows{
      *this, "split-rows",
      llvm::cl::desc("convert-glu-to-gpu's split-rows: the most rows (T) that "
                     "take the split-depth kernels (0: none; -1: its "
                     "default)"),
      llvm::cl::init(-1)};
  PassOptions::Option<int64_t> splitBlocks{
      *this, "split-blocks",
      llvm::cl::desc("convert-glu-to-gpu's split-blocks (0: its default)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> splitLanes{
      *this, "split-lanes",
      llvm::cl::desc("convert-glu-to-gpu's split-lanes: the depth lanes that "
                     "share each column of a split-depth FMA product block (0: "
                     "its default)"),
      llvm::cl::init(0)};
  PassOptions::Option<int64_t> minBlocksPerSm{
      *this, "min-blocks-per-sm",
      llvm::cl::desc("Blocks of each kernel that one multiprocessor must "
                     "hold, which caps the kernels' registers, or fewer "
                     "where the chip's shared memory fits fewer "
                     "(glu-gpu-min-blocks-per-sm; 0: as ptxas decides; 2 by "
                     "default, the fastest on an H100)"),
      llvm::cl::init(2)};
  PassOptions::Option<bool> splitMma{
      *this, "split-mma",
      llvm::cl::desc("convert-glu-to-gpu's split-mma: tensor cores for the "
                     "split-depth products of more than 4 rows (f32: "
                     "3xTF32)"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> mmaStages{
      *this, "mma-stages",
      llvm::cl::desc("convert-glu-to-gpu's mma-stages: the depth steps that "
                     "the f16/bf16 (and f32-mma) tiled kernels keep in shared "
                     "memory (0: its default)"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> wgmma{
      *this, "wgmma",
      llvm::cl::desc("convert-glu-to-gpu's wgmma: warpgroup MMA for the "
                     "f16/bf16 tiled kernels (needs chip=sm_90a)"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> wgmmaColumns{
      *this, "wgmma-columns",
      llvm::cl::desc("convert-glu-to-gpu's wgmma-columns: the columns of the "
                     "wgmma kernels' block tiles, 128 or 256 (0: its "
                     "default)"),
      llvm::cl::init(0)};
  PassOptions::Option<bool> wgmmaOverlap{
      *this, "wgmma-overlap",
      llvm::cl::desc("convert-glu-to-gpu's wgmma-overlap: one depth step's "
                     "wgmma in flight while the next is issued"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> f32Mma{
      *this, "f32-mma",
      llvm::cl::desc("convert-glu-to-gpu's f32-mma: tensor cores (3xTF32) "
                     "for the f32 tiled kernels"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> gatedSplitBlocks{
      *this, "gated-split-blocks",
      llvm::cl::desc("convert-glu-to-gpu's gated-split-blocks: the blocks "
                     "that the gated tiled kernel's depth slices aim for (0: "
                     "no slices)"),
      llvm::cl::init(0)};
};

/// Adds `glu-lower-to-nvvm` to `pm`: glu and linalg on tensors to kernels
/// compiled for `options.chip` plus host code in the LLVM dialect that
/// launches them (translatable with mlir-translate). Fails if the options do
/// not form a valid pipeline.
LogicalResult buildLowerToNVVMPipeline(OpPassManager &pm,
                                       const LowerToNVVMOptions &options);

/// Registers glu's named pipelines with the global pass registry.
void registerGluPipelines();

} // namespace mlir::glu

#endif // GLU_PIPELINES_PIPELINES_H
