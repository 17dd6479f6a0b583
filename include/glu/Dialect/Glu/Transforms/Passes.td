//===- Passes.td - glu transformation passes ---------------*- tablegen -*-===//

#ifndef GLU_DIALECT_GLU_TRANSFORMS_PASSES_TD
#define GLU_DIALECT_GLU_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def GluExpandMath : Pass<"glu-expand-math"> {
  let summary = "Expand math functions into vectorizable arith polynomials";
  let description = [{
    Rewrites the transcendental `math` ops that the glu formulas use
    (`exp`, `erf`, `erfc`, `tanh`, `expm1`, `log`, `log1p`) into
    polynomial/rational approximations built from `arith` ops, which
    vectorize and need no libm. f16/bf16 operands are evaluated in f32.
    f64 ops are left alone (lower them with `convert-math-to-libm` or the
    LLVM intrinsics).

    Upstream MLIR ships these approximations only in a test pass; this is
    glu's production entry point to them.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def GluRaiseActivations : Pass<"glu-raise-activations"> {
  let summary = "Recognise activation functions in linalg.generic bodies";
  let description = [{
    Rewrites elementwise `linalg.generic` ops (all loops parallel, identity
    indexing maps) whose body computes an activation function of one input
    into `glu.activation`, and those that compute `act(in0) * in1` (either
    order) into `glu.gate`; and the same expressions written as elementwise
    `arith`/`math` ops on whole tensors (the largest such expression, of one
    or two tensors). Recognised forms, up to commutativity, association and
    constant folding:

    * GELU (erf): `0.5 * x * (1 + erf(x * 0.7071...))` (also `x / sqrt(2)`,
      `x * (0.5 + 0.5 * erf(...))`), and `0.5 * x * erfc(-x * 0.7071...)`;
    * GELU (tanh): `0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))`
      with the cube as `x * x * x` or `math.fpowi`/`math.powf`, and the
      constants folded in any way (`sqrt(2/pi) * x + 0.03567741 * x^3`,
      `x * (sqrt(2/pi) + 0.03567741 * x * x)`), and `x * sigmoid(2u)`;
    * sigmoid: `1 / (1 + exp(-x))` and `0.5 + 0.5 * tanh(x / 2)`;
    * Swish-beta / SiLU: `x * sigmoid(beta * x)`, `x / (1 + exp(-beta x))`
      and `x * (0.5 + 0.5 * tanh(beta x / 2))`; beta = 1.702 becomes
      `quick_gelu`;
    * ReLU: `maximumf(x, 0)` and torch-mlir's `select(x > 0 (unordered), x,
      0)`; squared ReLU: `relu(x) * relu(x)`.

    Every constant must be within 1 ulp (of the body's float type) of the
    exact value. A body that has the structure of an activation but a
    constant off by more (e.g. torch-mlir's 0.7977240352 for sqrt(2/pi)) is
    left alone, with a remark that names the constant.
  }];
  let dependentDialects = ["::mlir::glu::GluDialect"];
}

def GluFuse : Pass<"glu-fuse"> {
  let summary = "Fuse activation, Hadamard product and projections into glu ops";
  let description = [{
    Rewrites, bottom-up, the pieces of a gated feed-forward block into glu
    ops:

    1. `act(g) * v` (an `arith.mulf` on tensors or an elementwise
       `linalg.generic` multiply, one operand a single-use
       `glu.activation`) -> `glu.gate`; then GPT-OSS clamps around a
       `glu.gate` (`min(g, Lg)` on the gate, `clamp(v, -Lv, Lv) + c` on the
       value, as IEEE `minimumf`/`maximumf` in a one-input generic or as
       tensor ops) are absorbed into its `#glu.clamp`;
    2. a `glu.gate` whose gate and value are two contractions of the same
       input `x` (the same SSA value) with 2-D weights, each optionally
       followed by a broadcast bias add -> `glu.gated_proj` with separate
       weights; or halves of one 2-D contraction on a packed weight
       (`tensor.extract_slice` of the first and second half, or of the even
       and odd columns, or the `expand_shape` to `[M, 2F/2G, 2, G]` /
       `extract_slice` / `collapse_shape` split of granularity G), optionally
       after a packed bias add -> `glu.gated_proj` with the matching
       `#glu.layout`;
    3. a contraction of a `glu.gated_proj` result with a 2-D weight, with an
       optional broadcast bias add -> `glu.ffn`.

    Contractions are `linalg.matmul` (default indexing maps; a weight that
    is a `linalg.transpose` of an `nn.Linear` `[out, in]` weight is simply
    the weight operand), `linalg.batch_matmul` on a weight broadcast along
    the batch (torch-mlir's form for a 3-D input), or a `linalg.generic`
    contraction over leading dimensions (`convert-glu-to-linalg`'s form),
    each initialized with a `linalg.fill` of zero.

    A rewrite happens only when it is provably equivalent: every
    intermediate that disappears has no other user, all element types
    agree, the contractions start from zero, and both branches read the
    same `x`. Otherwise the IR is left
    alone, and every bail-out states its reason (`notifyMatchFailure`,
    printed by `-debug-only=glu-fuse` where LLVM is built with assertions).

    `level` stops the fusion early: `gate` applies rule 1 only,
    `gated-proj` rules 1-2, `ffn` (the default) all three.
  }];
  let options = [
    Option<"level", "level", "std::string", /*default=*/"\"ffn\"",
           "Highest level to fuse to: gate, gated-proj or ffn">
  ];
  let dependentDialects = ["::mlir::glu::GluDialect"];
}

def GluGpuDeviceBuffers : Pass<"glu-gpu-device-buffers", "::mlir::ModuleOp"> {
  let summary = "Give outlined GPU kernels device buffers: allocate, copy in "
                "and out around gpu.launch_func";
  let description = [{
    Host code after bufferization and `gpu-kernel-outlining` hands the
    kernels host buffers: the function's memref arguments (memory that a C
    caller owns), `memref.alloc` and `memref.get_global`. This pass moves
    what the kernels touch into device memory, in each function whose body
    launches kernels:

    * a `memref.alloc` that only kernels use (through views, `memref.dim`
      and its `memref.dealloc` aside) becomes `gpu.alloc`, its deallocation
      `gpu.dealloc`;
    * every other buffer that a kernel uses (an argument, a global, an
      allocation that host code reads, writes or returns) gets a device
      mirror (`gpu.alloc` of the same type and sizes), which the kernels use
      instead, through the same chain of views. `gpu.memcpy` keeps the two
      copies coherent: host to device before a kernel that uses the buffer
      when the host copy is newer (an argument or global at first, or after
      a host write), device to host before a host use when a kernel wrote
      the mirror since, and, for arguments, before returning (the caller
      sees what the kernels wrote). Whether a kernel writes an argument is
      read off its `gpu.func` body (memory effects, through views). The
      mirrors are freed before returning.

    Buffers that are already device allocations (`gpu.alloc`) are used as
    they are. The copies are synchronous ops; run `gpu-async-region` after
    this pass for the stream form that `gpu-to-llvm` lowers. A function
    whose launches are not in its straight-line body (inside a loop or a
    branch) or are already asynchronous, a mirrored buffer with a
    non-identity layout or a memory space, or a buffer that escapes through
    a region terminator other than `func.return` is reported as an error:
    the data movement could not be proven right.

    With `device-arguments`, the caller keeps the data on the device: the
    function's memref arguments are device memory, which kernels use in
    place (no copies), and its memref results are device memory too (an
    allocation that kernels write and the function returns becomes
    `gpu.alloc`, freed by the caller). Host code that reads or writes an
    argument, or a result that is not device memory, is an error.
  }];
  let options = [
    Option<"deviceArguments", "device-arguments", "bool",
           /*default=*/"false",
           "The function's memref arguments and results are device memory">
  ];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def GluGpuAlignWorkgroupBuffers
    : Pass<"glu-gpu-align-workgroup-buffers", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Align the workgroup (shared memory) buffers of gpu.func "
                "kernels for vector accesses";
  let description = [{
    `convert-gpu-to-nvvm` gives the shared-memory global of a workgroup
    attribution the alignment of its `llvm.align` attribution attribute, or
    else only that of its element type; `gpu.launch` cannot carry such
    attributes, so kernels outlined from it get the element's. This pass
    raises the `llvm.align` of every workgroup attribution of every
    `gpu.func` in the module to at least `alignment` bytes, so that 16-byte
    vector loads and stores on them (`vector.load`/`vector.store` with
    `alignment = 16` at offsets that are multiples of 16 bytes) are
    aligned. Run it after `gpu-kernel-outlining`, before
    `convert-gpu-to-nvvm`; `glu-lower-to-nvvm` does, for the kernels of its
    input that have workgroup attributions (`convert-glu-to-gpu`'s tiles
    are in dynamic shared memory, whose global `convert-gpu-to-nvvm`
    aligns to 16 bytes).

    ```mlir
    gpu.func @k() workgroup(%tile : memref<2x16x132xf32, 3>) kernel
    // becomes
    gpu.func @k() workgroup(%tile : memref<2x16x132xf32, 3>
                            {llvm.align = 16 : i64}) kernel
    ```
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"16",
           "Least alignment of each workgroup buffer, in bytes (a power of "
           "2)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def GluGpuMinBlocksPerSm
    : Pass<"glu-gpu-min-blocks-per-sm", "::mlir::ModuleOp"> {
  let summary = "Have ptxas fit a number of blocks of each kernel on one "
                "multiprocessor";
  let description = [{
    Sets `nvvm.minctasm` (PTX `.minnctapersm`) on every `gpu.func` kernel
    of the module's `gpu.module`s that does not have it, which
    `convert-gpu-to-nvvm` keeps on the kernel's `llvm.func`: `blocks`, or,
    with `shared-memory-per-sm` (the bytes of shared memory of one of the
    target's multiprocessors), fewer where the kernel's shared memory does
    not let `blocks` of it share one: as many as fit, at least 1, counting
    its workgroup buffers, the most dynamic shared memory that a
    `gpu.launch_func` of the kernel asks for (where every launch of it asks
    for a constant amount or none; else `blocks`) and the 1 KiB that CUDA
    reserves per block. With the
    kernel's block size (`.maxntid`, from its known block size), ptxas then
    limits its registers so that that many blocks fit in a
    multiprocessor's 65536 registers, spilling what does not fit; a bound
    that shared memory already rules out would only cost registers. For
    `convert-glu-to-gpu`'s kernels, `blocks = 2` caps the tiled kernels
    (256 threads) at 128 registers (they spill up to about 120 bytes), so
    that two blocks of 8 warps share a multiprocessor, and lets ptxas give
    the split-depth kernels (128 threads) more registers than it does
    without a bound (sm_90, f16: 121 instead of 64 for one row), with which
    it issues more loads ahead; a tiled kernel of more than half a
    multiprocessor's shared memory (wgmma with 4 stages, 129 KiB, on
    sm_90; f32-mma's gated kernel, 95 KiB, on sm_80) gets 1.
    `glu-lower-to-nvvm` runs it after outlining with `min-blocks-per-sm` (2
    by default: on an H100 it took the f16 FFN of (d, f) = (4096, 11008)
    from 5.11 to 3.57 ms at T = 2048, 0.534 to 0.382 ms at T = 128 and
    0.140 to 0.125 ms at T = 1) and the chip's shared memory per
    multiprocessor.

    ```mlir
    gpu.launch_func @kernels::@big ... dynamic_shared_memory_size %c132096_i32
    gpu.module @kernels {
      gpu.func @k() kernel
      gpu.func @big() kernel
    }
    // becomes, with blocks = 2 shared-memory-per-sm = 233472 (sm_90)
      gpu.func @k() kernel attributes {nvvm.minctasm = 2 : i32}
      gpu.func @big() kernel attributes {nvvm.minctasm = 1 : i32}
    ```
  }];
  let options = [
    Option<"blocks", "blocks", "int64_t", /*default=*/"1",
           "Blocks of each kernel that one multiprocessor must hold (at "
           "least 1)">,
    Option<"sharedMemoryPerSm", "shared-memory-per-sm", "int64_t",
           /*default=*/"0",
           "Bytes of shared memory of one multiprocessor (0: unknown; else "
           "a kernel gets at most as many blocks as its shared memory fits "
           "in it)">
  ];
  let dependentDialects = ["::mlir::NVVM::NVVMDialect"];
}

#endif // GLU_DIALECT_GLU_TRANSFORMS_PASSES_TD
