// The host side of the GPU path, run here without a GPU: glu-run
// --target=nvvm with a stand-in CUDA driver (test/lib/MockCudaDriver) that
// logs each driver call and rejects a launch whose pointer parameters are not
// in device memory. Kernels do not run (device memory stays zero); what is
// checked is what the host code and libglu_cuda_runtime do: load the
// kernels at start-up, allocate device buffers, copy the inputs in before the
// first kernel that reads them, launch on device buffers only, copy the
// result back, free every device buffer. The buffers of a call come from the
// stream-ordered allocator (whose pool keeps what is freed), each used on its
// allocating stream only until that stream synchronizes (the stand-in
// rejects any other use); streams are reused from call to call. On a device
// without memory pools, buffers come from cuMemAlloc. With --gpu-time,
// glu-run calls the function --repeat more times, each timed by the
// runtime's GPU timer: a CUDA event as the call begins and one before its
// stream's synchronization, whose times the stand-in counts in kernels
// launched between them (0.125 ms each), so that the time tells that the
// events enclose each call's launches. With --gpu-kernel-times, --repeat
// more calls, each launch timed by events recorded on its stream before and
// after it: each launch of a call (those with blocks) in order, with the
// kernel's name and grid, 0.125 ms each on the stand-in.
//
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=ffn_tanh --target=nvvm --lowering-options=chip=sm_80 --dim=5 2>&1 | FileCheck %s --check-prefix=F32
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=ffn_tanh --target=nvvm --device-resident --repeat=2 --lowering-options=chip=sm_80 --dim=5 2>&1 | FileCheck %s --check-prefix=RESIDENT
// RUN: not %glu_run %s --entry=ffn_tanh --device-resident 2>&1 | FileCheck %s --check-prefix=NEEDS-NVVM
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=ffn_tanh --target=nvvm --device-resident --repeat=2 --gpu-time --lowering-options=chip=sm_80 --dim=5 2>&1 | FileCheck %s --check-prefix=GPU-TIME
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=gated_f16 --target=nvvm --repeat=3 --gpu-time --lowering-options=chip=sm_80 --dim=130 2>&1 | FileCheck %s --check-prefix=GPU-TIME-F16
// RUN: not %glu_run %s --entry=ffn_tanh --gpu-time 2>&1 | FileCheck %s --check-prefix=GPU-TIME-NEEDS-NVVM
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir not %glu_run %s --entry=no_kernels --target=nvvm --gpu-time 2>&1 | FileCheck %s --check-prefix=GPU-TIME-NO-STREAM
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=ffn_tanh --target=nvvm --device-resident --repeat=2 --gpu-time --gpu-kernel-times --lowering-options=chip=sm_80 --dim=5 2>&1 | FileCheck %s --check-prefix=KERNEL-TIMES
// RUN: not %glu_run %s --entry=ffn_tanh --gpu-kernel-times 2>&1 | FileCheck %s --check-prefix=KERNEL-TIMES-NEEDS-NVVM
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=no_kernels --target=nvvm --gpu-kernel-times 2>&1 | FileCheck %s --check-prefix=KERNEL-TIMES-NONE
// RUN: env LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=gated_f16 --target=nvvm --lowering-options=chip=sm_80 --dim=130 2>&1 | FileCheck %s --check-prefix=F16
// RUN: env MOCK_CUDA_NO_MEMORY_POOLS=1 LD_LIBRARY_PATH=%mock_cuda_driver_dir %glu_run %s --entry=gated_f16 --target=nvvm --lowering-options=chip=sm_80 --dim=130 2>&1 | FileCheck %s --check-prefix=NO-POOLS

// x: 5x64xf32 (1280 bytes), W, V: 64x96xf32 (24576), W2: 96x48xf32 (18432),
// H: 5x96xf32 (1920, device only), result: 5x48xf32 (960, returned).
// T = 5 takes the split-depth kernels, whose partial sums are device-only
// buffers: gate and value, 1 depth slice of D = 64 (1 x 2 x 5 x 96 f32:
// 3840 bytes); down, 2 slices of F = 96 (2 x 1 x 5 x 48: 1920).
// The module's 21 kernels are loaded at start-up: for each projection of
// the glu.ffn, the split-depth products for 1, 2, 3-4 and 5-32 rows, their
// reduction and the tiled kernel (the down projection's also on depth
// slices, with its reduction); tanh's; the 6 of @gated_f16.
// The first driver call sets up the device: its memory pool keeps all.
// F32: mock-cuda: memory pool release threshold 18446744073709551615
// F32-NOT: memory pool
// F32-COUNT-21: mock-cuda: load module with 1 kernels
// F32-NEXT: mock-cuda: create stream
// F32-DAG: mock-cuda: alloc 1280 bytes, stream-ordered
// F32-DAG: mock-cuda: alloc 24576 bytes, stream-ordered
// F32-DAG: mock-cuda: alloc 24576 bytes, stream-ordered
// F32-DAG: mock-cuda: alloc 18432 bytes, stream-ordered
// F32-DAG: mock-cuda: alloc 1920 bytes, stream-ordered
// F32-DAG: mock-cuda: alloc 3840 bytes, stream-ordered
// The inputs go in in the order in which the first kernel takes them.
// F32: mock-cuda: copy host->device 1280 bytes
// F32-NEXT: mock-cuda: copy host->device 24576 bytes
// F32-NEXT: mock-cuda: copy host->device 24576 bytes
// The 5-32-row gate/value product: x, W, V, partial sums (allocated and
// aligned pointer each). The launches of the other products and of the
// tiled kernels have no blocks, and their partial sums no bytes:
// libglu_cuda_runtime does not pass them to the driver.
// F32-NEXT: mock-cuda: launch ffn_tanh_gated_split_8rows grid (1, 1, 1) block (128, 1, 1) shared 0 bytes, 8 device pointers
// Their reduction and gating, 5 x 96 elements: partial sums, H.
// F32-NEXT: mock-cuda: launch ffn_tanh_gated_split_reduce grid (2, 1, 1) block (256, 1, 1) shared 0 bytes, 4 device pointers
// F32-NEXT: mock-cuda: alloc 960 bytes, stream-ordered
// F32-NEXT: mock-cuda: alloc 1920 bytes, stream-ordered
// F32-NEXT: mock-cuda: copy host->device 18432 bytes
// The down product over 2 depth slices: H, W2, partial sums; the reduction
// into the result.
// F32-NEXT: mock-cuda: launch ffn_tanh_down_split_8rows grid (1, 2, 1) block (128, 1, 1) shared 0 bytes, 6 device pointers
// F32-NEXT: mock-cuda: launch ffn_tanh_down_split_reduce grid (1, 1, 1) block (256, 1, 1) shared 0 bytes, 4 device pointers
// tanh, in place on the result: rows on blocks, 256 columns per block on
// threads.
// F32-NEXT: mock-cuda: launch ffn_tanh_kernel grid (5, 1, 1) block (1, 256, 1) shared 0 bytes, 2 device pointers
// F32-NEXT: mock-cuda: free 1920 bytes, stream-ordered
// F32-NEXT: mock-cuda: free 3840 bytes, stream-ordered
// F32-NEXT: mock-cuda: free 1920 bytes, stream-ordered
// F32-NEXT: mock-cuda: copy device->host 960 bytes
// F32-COUNT-5: mock-cuda: free {{[0-9]+}} bytes, stream-ordered
// F32-NOT: mock-cuda: copy
// F32: result #0: tensor<5x48xf32> checksum 0
// F32: mock-cuda: 0 device allocations not freed
// With --device-resident (device-arguments=true), glu-run copies the inputs
// in once (with glu-run's one spare element each; cuMemAlloc, as they are
// allocated without a stream); the two calls launch on them without
// copying, on the same stream, each allocating its result on the device;
// glu-run frees the first result and copies the last one back.
// RESIDENT: mock-cuda: alloc 1284 bytes
// RESIDENT-NOT: stream-ordered
// RESIDENT-NEXT: mock-cuda: copy host->device 1284 bytes
// RESIDENT: mock-cuda: copy host->device 18436 bytes
// RESIDENT-NEXT: mock-cuda: create stream
// RESIDENT-NOT: mock-cuda: copy
// RESIDENT-NOT: create stream
// RESIDENT: mock-cuda: launch ffn_tanh_kernel grid (5, 1, 1) block (1, 256, 1)
// RESIDENT: mock-cuda: free 960 bytes, stream-ordered
// RESIDENT-NOT: create stream
// RESIDENT: mock-cuda: launch ffn_tanh_kernel grid (5, 1, 1) block (1, 256, 1)
// RESIDENT-NOT: mock-cuda: launch
// RESIDENT: mock-cuda: free 1920 bytes, stream-ordered
// RESIDENT-NEXT: mock-cuda: free 3840 bytes, stream-ordered
// RESIDENT-NEXT: mock-cuda: free 1920 bytes, stream-ordered
// RESIDENT-NEXT: mock-cuda: copy device->host 960 bytes
// RESIDENT-NOT: mock-cuda: copy
// RESIDENT: mock-cuda: free 1284 bytes
// RESIDENT: result #0: tensor<5x48xf32> checksum 0
// RESIDENT: mock-cuda: 0 device allocations not freed
// NEEDS-NVVM: glu-run: --device-resident needs --target=nvvm
// 2 calls timed by the host's clock, then 2 by the GPU timer, each 5
// launches: the products and reductions of the glu.ffn, and tanh.
// GPU-TIME-COUNT-20: mock-cuda: launch ffn_tanh_
// GPU-TIME-NOT: mock-cuda: launch
// GPU-TIME: time: {{[0-9.]+}} s (median of 2 calls)
// GPU-TIME-NEXT: gpu time: 0.000625 s (median of 2 calls, CUDA events)
// The copies of the inputs and of the result are the call's own; one kernel.
// GPU-TIME-F16-COUNT-6: mock-cuda: launch gated_f16_gated_tiled
// GPU-TIME-F16-NOT: mock-cuda: launch
// GPU-TIME-F16: time: {{[0-9.]+}} s (median of 3 calls)
// GPU-TIME-F16-NEXT: gpu time: 0.000125 s (median of 3 calls, CUDA events)
// GPU-TIME-NEEDS-NVVM: glu-run: --gpu-time needs --target=nvvm
// A function without kernels synchronizes no stream: nothing to time.
// GPU-TIME-NO-STREAM: glu-run: --gpu-time: the compiled code synchronized no stream of libglu_cuda_runtime to time
// 2 calls by the host's clock, 2 by the GPU timer, 2 with each launch timed.
// KERNEL-TIMES-COUNT-30: mock-cuda: launch ffn_tanh_
// KERNEL-TIMES-NOT: mock-cuda: launch
// KERNEL-TIMES:      gpu time: 0.000625 s (median of 2 calls, CUDA events)
// KERNEL-TIMES-NEXT: kernel 0: ffn_tanh_gated_split_8rows grid (1, 1, 1): 0.0001250 s (median of 2 calls, CUDA events)
// KERNEL-TIMES-NEXT: kernel 1: ffn_tanh_gated_split_reduce grid (2, 1, 1): 0.0001250 s (median of 2 calls, CUDA events)
// KERNEL-TIMES-NEXT: kernel 2: ffn_tanh_down_split_8rows grid (1, 2, 1): 0.0001250 s (median of 2 calls, CUDA events)
// KERNEL-TIMES-NEXT: kernel 3: ffn_tanh_down_split_reduce grid (1, 1, 1): 0.0001250 s (median of 2 calls, CUDA events)
// KERNEL-TIMES-NEXT: kernel 4: ffn_tanh_kernel grid (5, 1, 1): 0.0001250 s (median of 2 calls, CUDA events)
// KERNEL-TIMES-NEXT: mock-cuda: 0 device allocations not freed
// KERNEL-TIMES-NEEDS-NVVM: glu-run: --gpu-kernel-times needs --target=nvvm
// KERNEL-TIMES-NONE: kernels: none launched
func.func @no_kernels(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

func.func @ffn_tanh(%x: tensor<?x64xf32>, %w: tensor<64x96xf32>, %v: tensor<64x96xf32>, %w2: tensor<96x48xf32>) -> tensor<?x48xf32> {
  %y = glu.ffn <gelu> %x : tensor<?x64xf32> gate(%w : tensor<64x96xf32>) value(%v : tensor<64x96xf32>) down(%w2 : tensor<96x48xf32>) -> tensor<?x48xf32>
  %z = math.tanh %y : tensor<?x48xf32>
  return %z : tensor<?x48xf32>
}

// f16 on the tensor cores: 256 threads (8 warps) per block; T = 130 rows
// make 2 row blocks of 128. x: 130x64xf16 (16640 bytes), packed: 64x192xf16
// (24576), result: 130x96xf16 (24960), written by the kernel only. The
// kernel's 4 stages of x, gate and value tiles (128 x 40, 32 x 72 and
// 32 x 72 f16) take 77824 bytes of dynamic shared memory, more than the
// 48 KiB a launch may have unless the runtime raises its function's limit
// (the stand-in driver rejects it otherwise).
// F16: mock-cuda: load module with 1 kernels
// F16-DAG: mock-cuda: alloc 16640 bytes
// F16-DAG: mock-cuda: alloc 24576 bytes
// F16-DAG: mock-cuda: alloc 24960 bytes
// F16: mock-cuda: copy host->device 16640 bytes
// F16-NEXT: mock-cuda: copy host->device 24576 bytes
// F16-NEXT: mock-cuda: gated_f16_gated_tiled: up to 77824 bytes of dynamic shared memory
// F16-NEXT: mock-cuda: launch gated_f16_gated_tiled grid (2, 2, 1) block (256, 1, 1) shared 77824 bytes, 6 device pointers
// F16-NEXT: mock-cuda: copy device->host 24960 bytes
// F16-NOT: mock-cuda: copy
// F16: result #0: tensor<130x96xf16> checksum 0
// F16: mock-cuda: 0 device allocations not freed
// Without memory pools: cuMemAlloc and cuMemFree.
// NO-POOLS-NOT: memory pool
// NO-POOLS-NOT: stream-ordered
// NO-POOLS: mock-cuda: alloc 16640 bytes
// NO-POOLS-NOT: stream-ordered
// NO-POOLS: mock-cuda: free 24960 bytes
// NO-POOLS-NOT: stream-ordered
// NO-POOLS: mock-cuda: 0 device allocations not freed
func.func @gated_f16(%x: tensor<?x64xf16>, %p: tensor<64x192xf16>) -> tensor<?x96xf16> {
  %y = glu.gated_proj <swish> layout <gate_up> %x : tensor<?x64xf16> packed(%p : tensor<64x192xf16>) -> tensor<?x96xf16>
  return %y : tensor<?x96xf16>
}
