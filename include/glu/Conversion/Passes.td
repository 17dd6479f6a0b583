//===- Passes.td - glu conversion passes -------------------*- tablegen -*-===//

#ifndef GLU_CONVERSION_PASSES_TD
#define GLU_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertGluToLinalg : Pass<"convert-glu-to-linalg"> {
  let summary = "Lower glu ops to linalg on tensors (the reference semantics)";
  let description = [{
    Rewrites every glu op into linalg on tensors: contractions for the
    projections (`linalg.matmul` for a 2-D input, a `linalg.generic`
    contraction over the leading batch dimensions otherwise, so that no
    reshape is needed and any of them may be dynamic), tensor slices and
    reshapes that pick the gate and value columns out of a packed weight,
    and `linalg.generic` elementwise bodies in `arith`/`math` for the
    activation, the clamps, the biases and the gating product (the scalar
    formulas are the accurate forms of `ActivationFormulas.h`).

    This lowering is the executable definition of the dialect: every faster
    lowering is tested against it. Element types narrower than f32 are
    extended to f32 for the contractions and the elementwise bodies and
    rounded once at the end.

    Where a size relation that the verifier checks involves a dynamic size
    (the input width D against the weight rows, F against the biases and the
    down weight, a static result size against the input), the lowering emits
    a `cf.assert` naming the two sizes: a call with disagreeing sizes aborts
    with that message instead of reading out of bounds.

    Example:

    ```mlir
    %y = glu.activation <relu> %x : tensor<4xf32>
    ```

    becomes

    ```mlir
    %e = tensor.empty() : tensor<4xf32>
    %y = linalg.generic {indexing_maps = [#id, #id],
                         iterator_types = ["parallel"]}
        ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %zero = arith.constant 0.000000e+00 : f32
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
    } -> tensor<4xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def ConvertGluToVector : Pass<"convert-glu-to-vector"> {
  let summary = "Lower f32, f16 and bf16 glu.ffn and glu.gated_proj to "
                "fused, tiled, multi-threaded vector loops";
  let description = [{
    The fast CPU lowering of the projections. For a `glu.ffn` or
    `glu.gated_proj` with an input `x [T, D]`, it emits loops over
    buffers (`bufferization.to_buffer` of the operands, a `memref.alloc`ed
    result handed back with `bufferization.to_tensor`) in which the T x F
    gate, value and hidden matrices never exist in memory:

    ```
    scf.parallel over (row blocks of x) x (splits of F):
      for each hidden tile of hidden-tile columns:
        G, V = gate and value biases        (row-tile x hidden-tile scratch)
        for each depth tile of depth-tile rows of the weights:
          G, V += x * packed tile           (register tiles of 6 rows x 32
                                             gate and 32 value columns: both
                                             contractions share each x load)
            the packed tile holds the tile's gate and value columns (any
            #glu.layout) side by side, zero past F
        H = act(G) * V                      (vector<16xf32>, over G)
        out += H * down[hidden tile, :]     (register tiles of 6 x 64 over
                                             a contiguous copy of the W2
                                             panel)
    ```

    Weights packed at run time come from memory. The first register tile of
    each 32 columns reads them in place and packs them as it goes, so that
    its FMAs overlap the loads' waits (a separate pack loop would only
    wait); the first down tile over each W2 panel makes the panel's copy
    likewise. Each register tile also prefetches (`memref.prefetch`) the
    weight rows that the next packing tile reads at its columns, one row
    per depth step (the next depth tile, or the first of the next hidden
    tile), and each down tile over a copied panel the rows of the next
    panel. Constant weights prepacked at compile time are read in memory
    order, and are not prefetched.

    For `glu.gated_proj`, H is stored to the result instead. With at most 8
    rows (decoding), the weights are streamed instead, in memory order, 4
    weight rows at a time (8192 hidden columns at a time), into G, V
    accumulators in L1/L2, and W2 likewise into the output rows: one pass
    over the weights, in the order in which memory delivers them fastest,
    each weight row also prefetched (`memref.prefetch`) 512 columns ahead
    of its loads.

    Work division: with at most row-tile rows there is one row block and F
    is split across `num-threads` (each thread packs only its share of the
    weights): split s > 0 accumulates into its own `[T, E]` buffer, added
    to the result at the end. With more rows, the row blocks are as even as
    multiples of 6 rows allow, at least one per thread. Scratch is O(tiles)
    per thread; no buffer grows with T x F.

    Registers and loads assume 16 f32 lanes (AVX-512); on narrower targets
    LLVM splits the vectors. Sizes checked at run time are those of
    `convert-glu-to-linalg` (`cf.assert`). The scalar formulas are the same
    `ActivationFormulas.h` forms, evaluated on `vector<16xf32>`, and
    `glu-expand-math` expands their `math.exp`.

    An input with batch dimensions `[..., D]` is collapsed
    (`tensor.collapse_shape`) to `T = prod(...)` rows, and the `[..., N]`
    result buffer is written through a `memref.collapse_shape` of it.

    f16 and bf16 ops compute as the op's definition says: every load of an
    operand is widened to f32 (`arith.extf`), the contractions accumulate
    and the activation is evaluated in f32, H stays in f32 up to the down
    projection, and the result is rounded once (`arith.truncf`); a 16-bit
    `glu.ffn` accumulates its output in an f32 `[T, E]` buffer for that.
    The weights are read at their own width, which halves the memory
    traffic of the streamed (decoding) path.

    Constant weights (`arith.constant` with a non-splat `dense` or
    `dense_resource` value) are packed at compile time instead, unless
    `prepack-constant-weights=false`: the gate and value weights become one
    `[ceil(F / 32), ceil(D / depth-tile), depth-tile, 64]` constant of the
    packed tiles, the down weight a `[E / 64, F, 64]` constant of its
    panels, both in the weights' element type (bufferization makes them
    globals). The register tiles read them in place, from memory in the
    order in which they are laid out, instead of copying strided tiles of
    the weights at run time; the result is bitwise the same. The original
    constants stay, for the streamed rows and the last E % 64 output
    columns, so the weights take twice the memory.

    Ops it does not handle are left for `convert-glu-to-linalg`: element
    types other than f32, f16 and bf16, and interleaved layouts whose
    granularity neither divides nor is a multiple of 16.

    Run `convert-scf-to-openmp` (as `glu-lower-to-llvm-cpu` does) to run the
    `scf.parallel` on threads; the number of threads is then the OpenMP
    runtime's (`OMP_NUM_THREADS`), and `num-threads` only shapes the work.
  }];
  let options = [
    Option<"numThreads", "num-threads", "unsigned", /*default=*/"0",
           "Threads the work is divided for (0: the compiling machine's "
           "hardware threads)">,
    Option<"rowTile", "row-tile", "int64_t", /*default=*/"516",
           "Most rows of x per block (a multiple of 6)">,
    Option<"hiddenTile", "hidden-tile", "int64_t", /*default=*/"128",
           "Hidden columns per tile (a multiple of 32)">,
    Option<"depthTile", "depth-tile", "int64_t", /*default=*/"128",
           "Weight rows (input width D) per packed tile">,
    Option<"prepackConstantWeights", "prepack-constant-weights", "bool",
           /*default=*/"true",
           "Lay out constant weights as the register tiles read them at "
           "compile time instead of packing them at run time">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

def ConvertGluToGPU : Pass<"convert-glu-to-gpu"> {
  let summary = "Lower glu.gated_proj and glu.ffn to fused GPU kernels "
                "(gpu.launch with shared-memory tiles; tensor cores for "
                "f16/bf16)";
  let description = [{
    The GPU lowering of the projections. For a `glu.gated_proj` or
    `glu.ffn` of f32, f16 or bf16 (input of any
    rank >= 2; leading dimensions are the T rows), it emits `gpu.launch`
    kernels on buffers (`bufferization.to_buffer` of the operands, a
    `memref.alloc`ed result handed back with `bufferization.to_tensor`):

    ```
    gated kernel: grid (T / BM) x (F / BN), one BM x BN tile of H per block
      stage depth steps 0 to S - 2 (BK deep each) of x[rows] and of the
        gate and value columns (any #glu.layout) in S shared buffers per
        tile (dynamic shared memory), zero past the edges
      for each depth step k:
        wait for step k's loads; one barrier
        issue the loads of step k + S - 1 into the buffer of step k - 1
          (16-byte loads if the operand's first element is at a 16-byte
          address and its row stride and column count are multiples of 16
          bytes; else element loads)
        G += x * Wg; V += x * Wv on step k  (registers; both contractions
                                             read the same staged x tile)
      H = act(G + b) * (V + c)          (registers, clamps included; the
                                         only write to global memory)
    down kernel (glu.ffn): out = H * W2 + b2, the same tiling over [T, E]
    ```

    The down kernel has E / BN column blocks per BM rows (E / 128 = 32 f32
    blocks for E = 4096), too few to occupy a GPU for T up to a few
    hundred. When its blocks are fewer than `split-blocks`, its depth (F)
    is also cut into slices (multiples of BK, at most one per 4 steps, as
    many as give about `split-blocks` blocks), one per block along z; each
    block stores its f32 partial sums and a reduction kernel (the one of
    the split-depth kernels below) adds them in slice order and adds b2.
    Both forms are launched, the one not taken with no blocks (one kernel
    that branched between them needed more registers). The gated kernel is
    cut so only with `gated-split-blocks` (0, never, by default), for about
    that many blocks: G and V then go to global memory as f32 partial
    sums, 8 bytes per element of H and slice, written once and read once
    by the reduction kernel, which applies the biases and the activation.
    For: at T = 128 and (d, f) = (4096, 11008) the gated kernel has 172
    blocks (128 rows x 64 columns of each weight), one on most of an
    H100's 132 SMs, where it read the weights at 20% of the DRAM's rate
    (f16, bench/results/gpu-h100-17b32f3); with two blocks per SM, 3 slices
    (516 blocks for 264 places: 2 rounds of a third of the depth) would
    take about 2/3 of the time of one if a block's time does not depend on
    its neighbour, 2 slices (344: 2 rounds of half) no less. Against: 16
    bytes of partial sums per element of H per slice, and one more launch.
    Untimed, hence off.

    With at most `split-rows` rows (by default 16 in f16 and bf16, 32 in
    f32; decode: the tiles above would be mostly empty and too few to keep
    the memory system busy), each product is split along its depth
    instead, with no shared memory. (On an H100, glu.ffn at (d, f) =
    (4096, 11008) and T = 16 took 0.287 ms in f16 and 0.587 ms in f32 on
    these kernels, in 2 groups of 8 rows; the tiled kernels take about what
    they take at T = 32, 0.365 and 1.682 ms. At T = 32 these kernels took
    0.597 ms in f16 and 1.035 ms in f32.)

    ```
    product kernel: grid (N / (128 w)) x slices, 128 threads, where w is
                    what one 16-byte load holds: 4 f32, 8 f16 or bf16
      block (c, s): depth slice s (D / slices rows, more than 32) of columns
        128 w c .. 128 w (c + 1) - 1, each thread w consecutive columns
        (consecutive threads, consecutive loads) of each weight for every
        row, in registers (kernels for 1, 2, 4 and 8 rows; with
        split-rows > 8, more rows take the 8-row kernel in groups of 8,
        each group one more block beside the others of its column block:
        grid (groups N / (128 w)) x slices, the groups' weight reads
        mostly from L2)
        if every weight's first element is at a 16-byte address, its row
           stride and N are multiples of w (tested once per thread):
          one 16-byte load per weight and depth step (an interleaved
          weight: two for both gate and value when its granularity divides
          w), the loads of 4 depth steps (2 weights) or 8 (W2; 4 for 8
          rows of f16/bf16) issued before their FMAs
        else: one load per element, one depth step at a time
      partial[s, weight, row, column] = f32 sum over the slice
    reduction kernel: one thread per output element
      sums = partial[0] + partial[1] + ...   (in slice order: the result
                                               does not depend on scheduling;
                                               32 partial sums loaded, then
                                               added; the slices left in
                                               groups of half as many, down
                                               to one slice)
      the same epilogue (gating into H; + b2 into the result)
    ```

    With `split-lanes=L` (1 by default), the 128 threads of an FMA product
    block are 128 / L column threads (w columns each, as above) by L depth
    lanes: thread t sums columns w (t % (128 / L)) of its block for lane t
    / (128 / L)'s part of the slice (D / slices / L rows, one after the
    other), so a block has 128 w / L columns, there are L times more
    column blocks and the depth is cut into fewer slices for
    `split-blocks` (at most one per 64 L rows). The lanes' sums meet in
    shared memory (one weight at a time: [L, 128 R w / L + 128 / L] f32
    for R rows, 512 (R w + 1) bytes, the padding spreading a warp's stores
    over the banks) and each thread adds those of its outputs in lane
    order; where one slice remains (the column blocks alone reach
    `split-blocks`, or the depth is at most 64 L rows), the product kernel
    runs the epilogue itself and the reduction kernel has no blocks: no
    partial sums in global memory and one launch less per product. The
    mma.sync kernels of `split-mma` are unchanged (sliced as without
    split-lanes; where they take the rows, the reduction runs). For: at T
    = 1 and (d, f) = (4096, 11008) in f16, L = 32 gives the gated product
    344 blocks of 32 columns on the whole depth, and the down projection
    128 blocks of 32 columns on 3 slices, against 11 x 24 and 4 x 66 blocks
    whose partial sums two reduction kernels add (on an H100 before they
    loaded ahead, 41 of the 166 us of the four kernels). Against: rows of
    64 bytes per weight and warp load instead of 512, and a barrier and
    shared-memory round trip per weight. Untimed, hence 1.

    With `split-mma`, products of more than 4 rows use the tensor cores
    instead, with the weights as mma.sync's A operand and the rows as B
    (out^T = W^T x^T, one tile per 16 columns and 8 rows), straight from
    global memory. Kernels for 8 rows, and as `split-rows` allows, 16 rows
    and (one weight, the down projection) 32 rows: R = 8 n rows in n row
    tiles that share the weights' fragments, at most 64 f32 sums per lane
    (the 32-row f16 gated kernel's 128 spilled on sm_90). The widest takes
    more rows in groups of R rows, as above. f16 and bf16 multiply with
    m16n8k16. f32 multiplies with 3xTF32 on m16n8k8: each operand is split
    into two tf32, big (rounded to nearest, ties away from zero; truncated
    where that would overflow) and small (the rest, rounded), and each
    product is small(w) big(x) + big(w) small(x) + big(w) big(x): within
    about 3 x 2^-22 of its value for normal operands (f32's own rounding
    is 2^-24). Nonzero values below the smallest normal f32 are that
    normal (with their sign) plus the rest, within 2^-137 (2^-126 where
    the tensor cores flush subnormals); infinity and NaN are big alone,
    with their cross terms zero, so that they propagate as in f32. Its
    warps have 32 columns (2 tiles), so its kernels take twice the rows
    for the same sums: 32 (gate and value) and 64 (the down projection).

    ```
    mma product kernel: grid (groups N / 256) x slices, 4 warps of 64
                        columns (f32: N / 128, 4 warps of 32)
      lane (g, t) = (lane / 4, lane % 4), per 16-deep step k:
        weight rows k + 4t .. k + 4t + 3 at columns 8g .. 8g + 7 of its
          warp's 64 (f32: 4g .. 4g + 3 of 32; 16-byte loads where aligned,
          element loads else)
        x[row 8i + g][k + 4t .. k + 4t + 3] for each row tile i (rows past
          T read row T - 1)
        per weight, 4 n mma.sync: tile j's A pairs are columns 8g + 2j and
          8g + 2j + 1 of rows (k + 4t, k + 4t + 1) and (k + 4t + 2,
          k + 4t + 3), for every row tile; B the same depths of x (mma.sync
          pairs adjacent depths, the weights' rows; the depth order within
          the step is permuted alike in both operands)
        f32: per weight, two m16n8k8 steps s = 0, 1 of 2 tiles, each three
          mma.sync per row tile; tile j's A is columns 4g + 2j and
          4g + 2j + 1 of rows k + 4t + 2s and k + 4t + 2s + 1 (the
          m16n8k8's depths t and t + 4), B the same depths of x
      slices are multiples of 16 deep; the last step of the depth masks the
      rows past it to zero
    ```

    There are enough slices for about `split-blocks` blocks of the kernel
    that T takes (264: 2 per SM of an H100; the same for the down kernel's
    slices above; row groups count as blocks); `split-rows` sets the most
    rows that take these kernels (0: none; -1, the default: 16 in f16 and
    bf16, 32 in f32; at most 256). For a dynamic T, both the tiled and the
    split-depth kernels are launched, and the launches of the way that T
    does not take have no blocks (libglu_cuda_runtime skips them): every
    launch stays in the function's straight-line code, where
    glu-gpu-device-buffers places its buffers.

    The gate and value tiles never leave registers (unless
    `gated-split-blocks` slices the gated kernel); H (T x F) is written once
    and read once. The down projection is a second kernel because it
    contracts over F, which the gated kernel splits across blocks: keeping
    it in the same kernel would need a cross-block reduction of the output
    (atomics: a result that depends on scheduling) or a whole row of F per
    block (no parallelism over F for few tokens).

    Each `gpu.launch` names the kernel that gpu-kernel-outlining makes of
    it (its `function` attribute) FUNC_PRODUCT_KERNEL: FUNC the enclosing
    function's name, PRODUCT `gated` or `down`, KERNEL `tiled` (the tiled
    kernel on the whole depth), `tiled_sliced` and `tiled_reduce` (on depth
    slices, and their reduction), `split_1row`, `split_2rows`, ...
    (split-depth FMA kernels of up to that many rows; the widest also takes
    more rows, in groups), `split_mma_8rows`, ... (with `split-mma`) or
    `split_reduce`. So the PTX, profilers and the runtime name each kernel:
    at T = 1 a `glu.ffn` in `@ffn` launches ffn_gated_split_1row,
    ffn_gated_split_reduce, ffn_down_split_1row and ffn_down_split_reduce.
    Two projections in one function give their kernels the same names (in
    gpu.modules that outlining names apart), told apart by launch order;
    kernels outlined from other launches keep outlining's FUNC_kernel.

    Per block and thread: f32 operands use FMA in f32 (not TF32, which would
    round the operands to 10 mantissa bits; `f32-mma` below: 3xTF32), 256
    threads, BM = 128, BK = 16, BN = 64 columns of each weight in the gated
    kernel (8 x 4 per thread and weight) and 128 in the down kernel (8 x 8),
    the staged tiles read with 16-byte shared loads (x staged transposed); S
    = 2, the next step's loads held in registers during the FMAs and stored
    after them (33 KiB of shared memory). f16 and bf16 operands use the
    tensor cores: `nvvm.mma.sync` m16n8k16 with f32 accumulators, 256
    threads, BM = 128, BK = 32, BN = 64 columns of each weight in the gated
    kernel and 128 in the down kernel, each of the 8 warps 32 rows and 64
    columns of output (32 of each weight, or 64 of W2: 16 mma.sync per 6
    ldmatrix), its fragments read with `nvgpu.ldmatrix` (x4; transposed for
    the weights, whose fragments pair elements adjacent in depth); biases,
    activation and product are computed in f32 from the accumulator
    registers; S = `mma-stages` (4 by default), the tiles copied with
    `nvgpu.device_async_copy` (cp.async, 16 bytes, one group per step,
    waited for with `nvgpu.device_async_wait` until at most S - 2 groups are
    pending: S - 1 steps in flight; the weights of an interleaved layout
    with granularity under 8 go through registers), 19 KiB of shared memory
    per stage for the gated kernel (76 KiB for S = 4) and 18.5 KiB for the
    down kernel: more than the 48 KiB a launch gets unless its function opts
    in, which libglu_cuda_runtime's `mgpuLaunchKernel` does. Run
    `convert-nvgpu-to-nvvm` before `convert-gpu-to-nvvm`
    (`glu-lower-to-nvvm` does). For glu.ffn, H is rounded to the element
    type once before the down kernel (the reference keeps it in f32): one
    more rounding of H, within the f16/bf16 tolerance, except that an f16 H
    beyond 65504 becomes inf where the reference stays finite. The output is
    rounded once at the end.

    With `f32-mma`, the f32 tiled kernels use the tensor cores too, with
    the f16 kernels' block and warp tiles, staging (cp.async, `mma-stages`)
    and shared memory (BK = 16 f32: the same 64 bytes of depth per row, 19
    KiB per stage, and 19 KiB more), each product in 3xTF32 as the
    split-depth kernels' (split-mma, above). Each step, after its copies
    have landed, the threads split every element of the step's tiles into
    its two tf32 parts, once per block (the big parts in place, the small
    ones into one more buffer of each tile), and synchronize again; then,
    per 8 deep, a warp reads its A fragments (x) of both parts with
    ldmatrix (x4, on pairs of 16-bit halves: lane (g, t) gets element (g,
    t) of each 8 x 4 matrix), its B fragments (the weights, which ldmatrix
    cannot transpose at 32 bits) with one shared load per element and part,
    lane (g, t) at depth t and t + 4 of column g (the weight tiles' rows
    padded by 8 f32: distinct banks), and runs the three m16n8k8 mma.sync
    of each pair of tiles as there, the small terms first (48 per warp and
    8 deep). The option is off by default until a GPU has timed it against
    the FMA kernels.

    With `wgmma` (for sm_90a: the kernels then run on sm_90 GPUs only), the
    f16 and bf16 tiled kernels multiply with warpgroup MMA instead: 2
    warpgroups of 128 threads per block, each owning 64 rows of the
    128-row block tile and its 128 columns (the gated kernel's 64 of each
    weight side by side; the down kernel's 128 of W2), BK = 64, S =
    `mma-stages`. The tiles are stored as wgmma reads them from shared
    memory, in its 128-byte swizzle (rows of 64 elements, 16-byte chunk c
    of row r at chunk c ^ (r % 8), 8-row atoms of 1024 bytes; a tile wider
    than 64 columns in blocks of 64), x's K-major and the weights' MN-major
    (as they are in memory), at the first 1024-byte boundary of the
    dynamic shared memory (32 KiB per stage, 129 KiB for S = 4):

    ```
    per depth step (64 deep):
      wait for its cp.async copies; fence.proxy.async (the copies and
        stores before the async proxy's reads); one barrier
      issue the copies of step k + S - 1 (k + S - 2 with wgmma-overlap)
      wgmma.fence; 4 x nvvm.wgmma.mma_async m64n128k16 (f32 accumulators,
        one struct carried by the loop), their operands' descriptors
        built from the tiles' shared addresses (start address >> 4, the
        leading byte offset from one 64-column block to the next, the
        stride byte offset of 1024 from one atom to the next, 128-byte
        swizzle); commit; wait for all
    epilogue: accumulator i of thread t (warp w = t / 32, lane l) is
      row 16 w + l / 4 + 8 ((i / 2) % 2), column 8 (i / 4) + 2 (l % 4) +
      i % 2 of the block tile
    ```

    With `wgmma-columns=256`, the block tiles are twice as wide: 128
    columns of each gated weight, 256 of W2, each warpgroup 64 rows of them
    by two m64n128k16 wgmma per 16 deep (one per gated weight, or one per
    128 columns of W2; two structs of 64 accumulators, 128 f32 per thread),
    48 KiB per stage (193 KiB for S = 4, the most that fits; one block per
    SM). Each block then reads 48 KiB of operand tiles per step for 128 x
    256 x 64 multiply-adds instead of 32 KiB for 128 x 128 x 64: 85
    instead of 64 floating-point operations per byte read through L2,
    which bounds the kernels where L2 bandwidth does (at 64 per byte, an
    H100's L2 at about 5.5 TB/s would cap them at about 350 TFLOP/s,
    against the 660 of cuBLAS's FFN at T = 2048). Until a GPU has timed
    it, 128 stays the default.

    With `wgmma-overlap`, each step's wgmma run on while the next step is
    issued (`wgmma.wait_group 1` instead of 0, all of them waited for after
    the loop): the copies then go S - 2 steps ahead (into the buffer of
    step k - 2, whose wgmma every thread waited for before the barrier),
    so S must be at least 3.

    Run `convert-nvvm-to-llvm` (the wgmma ops' inline PTX) after
    `convert-gpu-to-nvvm` (`glu-lower-to-nvvm` does).

    Ops it does not handle (f64) are left for `convert-glu-to-linalg`. Sizes
    are checked at run time as in
    `convert-glu-to-linalg` (`cf.assert`).
  }];
  let options = [
    Option<"splitRows", "split-rows", "int64_t", /*default=*/"-1",
           "Most rows (T) that take the split-depth kernels, at most 256 (0: "
           "the tiled kernels for every T; -1: 16 in f16 and bf16, 32 in "
           "f32); more rows than "
           "the widest split-depth kernel's (8; with split-mma 16, or 32 for "
           "one weight; in f32 32, or 64 for one weight) take it in "
           "groups">,
    Option<"splitBlocks", "split-blocks", "int64_t", /*default=*/"264",
           "Blocks that the split-depth products and the tiled down kernel "
           "aim for (the depth is cut into as many slices as give about this "
           "many, at most one per 64 rows (64 x split-lanes in the FMA "
           "split-depth kernels) and, in the tiled kernel, per 4 depth "
           "steps)">,
    Option<"splitLanes", "split-lanes", "int64_t", /*default=*/"1",
           "Threads of a split-depth FMA product block that share each of "
           "its columns (1, 2, 4, 8, 16 or 32), each summing a part of the "
           "block's depth slice: the block has that many times fewer "
           "columns and adds its threads' sums in shared memory; where the "
           "blocks need one depth slice, the product kernel runs the "
           "epilogue and the reduction kernel has no blocks">,
    Option<"splitMma", "split-mma", "bool", /*default=*/"false",
           "Split-depth products of more than 4 rows with mma.sync on the "
           "weights as they are in global memory instead of FMA (f32: "
           "3xTF32), 8 rows at a time or, as split-rows allows, 16 (32 for "
           "one weight; in f32 32, or 64 for one weight)">,
    Option<"mmaStages", "mma-stages", "int64_t", /*default=*/"4",
           "Depth steps that the f16/bf16 (and f32-mma) tiled kernels keep "
           "in shared memory, 2 to 6 (19 KiB each for the gated kernel, 32 "
           "KiB with wgmma): the copies of "
           "mma-stages - 1 steps are in flight during the products">,
    Option<"wgmma", "wgmma", "bool", /*default=*/"false",
           "f16/bf16 tiled kernels with sm_90a's warpgroup MMA "
           "(nvvm.wgmma.mma_async on 128-byte-swizzled shared tiles, BK = "
           "64) instead of mma.sync: the kernels then run only on sm_90a">,
    Option<"wgmmaColumns", "wgmma-columns", "int64_t", /*default=*/"128",
           "With wgmma, the columns of a block tile (of both gated weights "
           "together): 128, or 256 (128 of each gated weight, 256 of W2; "
           "two m64n128k16 wgmma per 16 deep, 128 f32 accumulators per "
           "thread, 48 KiB of shared memory per stage: needs mma-stages <= "
           "4)">,
    Option<"wgmmaOverlap", "wgmma-overlap", "bool", /*default=*/"false",
           "With wgmma, each depth step's wgmma still runs while the next "
           "step's are issued (one wgmma group in flight; the copies then go "
           "mma-stages - 2 steps ahead: needs mma-stages >= 3)">,
    Option<"f32Mma", "f32-mma", "bool", /*default=*/"false",
           "f32 tiled kernels on the tensor cores with 3xTF32 (mma.sync "
           "m16n8k8, the f16 kernels' tiles, BK = 16, mma-stages; each "
           "element split once per block in shared memory) instead of FMA">,
    Option<"gatedSplitBlocks", "gated-split-blocks", "int64_t",
           /*default=*/"0",
           "Blocks that the gated tiled kernel aims for by cutting its depth "
           "into slices when its tiles are fewer, as the down kernel does "
           "for split-blocks (0: never); the slices' f32 partial sums of G "
           "and V go to global memory, and the reduction kernel adds them "
           "and applies the activation">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // GLU_CONVERSION_PASSES_TD
