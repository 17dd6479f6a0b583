//===- Pipelines.cpp - glu's named pass pipelines ------------------------===//

#include "glu/Pipelines/Pipelines.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;

/// The CPU lowering after the optional convert-glu-to-vector, as upstream
/// pass names so that a user can copy any prefix of it into their own
/// pipeline.
static constexpr llvm::StringLiteral kLowerToLLVMCpu =
    // glu -> linalg on tensors (the reference semantics); elementwise
    // arith/math on tensors -> linalg.generic.
    "convert-glu-to-linalg,convert-elementwise-to-linalg,canonicalize,cse,"
    // Tensors -> buffers; function arguments and results become memrefs
    // with the identity layout (what a C caller passes).
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
    // Loops, then the transcendental functions as polynomials (f32) or
    // libm calls (f64).
    "convert-linalg-to-loops,glu-expand-math,convert-math-to-llvm,"
    "convert-math-to-libm,"
    // scf.parallel on OpenMP threads (canonicalize inlines the
    // memref.alloca_scope that wraps each iteration: the loop bodies have no
    // allocas, and the scope must go before its region gets several blocks);
    // the rest of scf to branches.
    "convert-scf-to-openmp,canonicalize,convert-scf-to-cf,"
    // Everything to the LLVM dialect.
    "convert-vector-to-llvm,expand-strided-metadata,lower-affine,"
    "finalize-memref-to-llvm,convert-to-llvm,reconcile-unrealized-casts";

/// Frontend linalg/arith/math IR to glu ops.
static constexpr llvm::StringLiteral kRaiseAndFuse =
    "glu-raise-activations,glu-fuse,canonicalize,cse";

/// An integer option of a pass that a pipeline passes on, unless it has the
/// pipeline's `unset` value (the pass's own default then applies).
struct ForwardedOption {
  llvm::StringLiteral name;
  int64_t value, unset;
};

/// ` name=value` for each forwarded option that is set.
static std::string forwardOptions(ArrayRef<ForwardedOption> options) {
  std::string text;
  for (const ForwardedOption &option : options)
    if (option.value != option.unset)
      text += " " + option.name.str() + "=" + std::to_string(option.value);
  return text;
}

void mlir::glu::buildLowerToLLVMCpuPipeline(
    OpPassManager &pm, const LowerToLLVMCpuOptions &options) {
  std::string pipeline;
  if (options.fused) {
    pipeline = "convert-glu-to-vector{num-threads=" +
               std::to_string(options.numThreads) +
               forwardOptions({{"row-tile", options.rowTile, 0},
                               {"hidden-tile", options.hiddenTile, 0},
                               {"depth-tile", options.depthTile, 0}});
    if (!options.prepackConstantWeights)
      pipeline += " prepack-constant-weights=false";
    pipeline += "},";
  }
  pipeline += kLowerToLLVMCpu;
  if (failed(parsePassPipeline(pipeline, pm)))
    llvm::report_fatal_error("glu-lower-to-llvm-cpu: invalid pass pipeline");
}

/// Checks the options that are spliced into the pipeline text.
static LogicalResult
verifyLowerToNVVMOptions(const glu::LowerToNVVMOptions &options,
                         function_ref<LogicalResult(const Twine &)> error) {
  StringRef chip = options.chip;
  if (!chip.consume_front("sm_") || chip.empty() ||
      !llvm::all_of(chip, [](char c) { return llvm::isAlnum(c); }))
    return error("glu-lower-to-nvvm: chip must be an NVIDIA architecture "
                 "such as sm_80 or sm_90, got '" +
                 options.chip + "'");
  if (!llvm::is_contained({"isa", "bin", "fatbin"}, options.format))
    return error("glu-lower-to-nvvm: format must be isa, bin or fatbin, got "
                 "'" +
                 options.format + "'");
  if (options.minBlocksPerSm < 0)
    return error("glu-lower-to-nvvm: min-blocks-per-sm must be at least 0 "
                 "(0: as ptxas decides), got " +
                 Twine(options.minBlocksPerSm));
  if (options.splitRows < -1)
    return error("glu-lower-to-nvvm: split-rows must be -1 "
                 "(convert-glu-to-gpu's default) or at least 0, got " +
                 Twine(options.splitRows));
  if (options.wgmma && options.chip != "sm_90a")
    return error("glu-lower-to-nvvm: wgmma needs chip=sm_90a (the "
                 "architecture-specific features of sm_90), got chip '" +
                 options.chip + "'");
  StringRef toolkit = options.toolkit;
  if (toolkit.empty() || toolkit.find_first_of(" {},=") != StringRef::npos)
    return error("glu-lower-to-nvvm: toolkit must be a path without spaces, "
                 "braces, commas or '=', got '" +
                 options.toolkit + "'");
  return success();
}

/// The shared memory of one multiprocessor of `chip` in bytes (the CUDA C++
/// Programming Guide's table of compute capabilities), 0 for a chip not
/// listed.
static int64_t sharedMemoryPerSm(StringRef chip) {
  return llvm::StringSwitch<int64_t>(chip)
      .Cases({"sm_80", "sm_87"}, 164 * 1024)
      .Cases({"sm_86", "sm_89"}, 100 * 1024)
      .Cases({"sm_90", "sm_90a", "sm_100", "sm_100a"}, 228 * 1024)
      .Cases({"sm_120", "sm_120a"}, 100 * 1024)
      .Default(0);
}

LogicalResult
mlir::glu::buildLowerToNVVMPipeline(OpPassManager &pm,
                                    const LowerToNVVMOptions &options) {
  std::string toolkit = options.toolkit;
  std::string conversion =
      "convert-glu-to-gpu{" +
      forwardOptions({{"split-rows", options.splitRows, -1},
                      {"split-blocks", options.splitBlocks, 0},
                      {"split-lanes", options.splitLanes, 0},
                      {"mma-stages", options.mmaStages, 0},
                      {"wgmma-columns", options.wgmmaColumns, 0},
                      {"gated-split-blocks", options.gatedSplitBlocks, 0}}) +
      (options.splitMma ? " split-mma=true" : "") +
      (options.wgmma ? " wgmma=true" : "") +
      (options.wgmmaOverlap ? " wgmma-overlap=true" : "") +
      (options.f32Mma ? " f32-mma=true" : "") + "},";
  std::string pipeline =
      // The projections as fused kernels (gpu.launch); the rest of glu ->
      // linalg on tensors -> buffers, as for the CPU.
      (options.fused ? conversion : std::string()) +
      "convert-glu-to-linalg,convert-elementwise-to-linalg,canonicalize,cse,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      // The fused kernels are outlined before buffer deallocation, which
      // cannot look into kernel bodies. Canonicalization hoisted their
      // constants (tile sizes, strides, the tensors' static sizes) out of
      // the launches, and gpu-kernel-outlining does not sink them: sunk
      // first, with the memref.dim, select and cmpi computations on them,
      // they stay constants in the kernels, not kernel arguments, so that
      // LLVM folds the index arithmetic (shifts for divisions by tile
      // sizes) and drops what the sizes rule out.
      "gpu-launch-sink-index-computations,gpu-kernel-outlining,"
      "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
      // Every linalg op becomes a kernel: its parallel loops are tiled by
      // 1 x 256 (rows x columns of the usual [T, N] op), the tiles mapped
      // to blocks and their 256 iterations to threads; reductions stay
      // sequential in each thread.
      "func.func(convert-linalg-to-parallel-loops,"
      "scf-parallel-loop-tiling{parallel-loop-tile-sizes=1,256 "
      "no-min-max-bounds=true},gpu-map-parallel-loops,"
      "convert-parallel-loops-to-gpu),"
      // Their kernels' constants sunk likewise.
      "lower-affine,gpu-launch-sink-index-computations,gpu-kernel-outlining,"
      // Workgroup buffers of the input's kernels aligned for 16-byte
      // accesses; the kernels' registers capped if asked.
      "gpu.module(glu-gpu-align-workgroup-buffers)," +
      (options.minBlocksPerSm > 0
           ? "glu-gpu-min-blocks-per-sm{blocks=" +
                 std::to_string(options.minBlocksPerSm) +
                 " shared-memory-per-sm=" +
                 std::to_string(sharedMemoryPerSm(options.chip)) + "},"
           : std::string()) +
      // Buffers that kernels use in device memory, copies in and out; all
      // on streams.
      "glu-gpu-device-buffers{device-arguments=" +
      std::string(options.deviceArguments ? "true" : "false") +
      "},func.func(gpu-async-region),"
      "glu-expand-math,convert-scf-to-cf,"
      "canonicalize,"
      // Kernels to NVVM and to PTX/cubin; libdevice for what is left of math.
      "nvvm-attach-target{chip=" +
      options.chip + " O=3 l=" + toolkit +
      "/nvvm/libdevice/libdevice.10.bc},"
      "expand-strided-metadata,lower-affine,"
      // NVVM ops with inline PTX (wgmma.mma_async) to llvm.inline_asm.
      "gpu.module(convert-nvgpu-to-nvvm,convert-gpu-to-nvvm,"
      "convert-nvvm-to-llvm),"
      "reconcile-unrealized-casts,"
      "gpu-module-to-binary{format=" +
      options.format + " toolkit=" + toolkit +
      "},"
      // Host code to the LLVM dialect (gpu.launch_func is translated by
      // mlir-translate).
      "finalize-memref-to-llvm,gpu-to-llvm,convert-to-llvm,"
      "reconcile-unrealized-casts";
  return parsePassPipeline(pipeline, pm);
}

void mlir::glu::buildRaiseAndFusePipeline(OpPassManager &pm) {
  if (failed(parsePassPipeline(kRaiseAndFuse, pm)))
    llvm::report_fatal_error("glu-raise-and-fuse: invalid pass pipeline");
}

void mlir::glu::registerGluPipelines() {
  registerPassPipeline(
      "glu-lower-to-nvvm",
      "Lower glu and linalg on tensors to NVVM kernels (PTX or cubin for "
      "chip=sm_80|sm_90|sm_90a) and host code in the LLVM dialect that "
      "launches them (glu.gated_proj and glu.ffn: convert-glu-to-gpu's fused "
      "kernels; the rest: one kernel per linalg op)",
      [](OpPassManager &pm, StringRef text,
         function_ref<LogicalResult(const Twine &)> error) {
        LowerToNVVMOptions options;
        if (failed(options.parseFromString(text)) ||
            failed(verifyLowerToNVVMOptions(options, error)))
          return failure();
        return buildLowerToNVVMPipeline(pm, options);
      },
      [](function_ref<void(const detail::PassOptions &)> handler) {
        handler(LowerToNVVMOptions());
      });
  PassPipelineRegistration<>(
      "glu-raise-and-fuse",
      "Raise frontend activations and fuse gated FFN blocks into glu ops "
      "(glu-raise-activations, glu-fuse, canonicalize, cse)",
      buildRaiseAndFusePipeline);
  PassPipelineRegistration<LowerToLLVMCpuOptions>(
      "glu-lower-to-llvm-cpu",
      "Lower glu and linalg on tensors to the LLVM dialect for the host CPU "
      "(f32, f16 and bf16 projections: convert-glu-to-vector, the fused "
      "tiled kernels; the rest: convert-glu-to-linalg, bufferization, "
      "loops; then glu-expand-math, scf.parallel to OpenMP, convert-to-llvm)",
      buildLowerToLLVMCpuPipeline);
}
