// The ceiling of convert-glu-to-vector's register tile on this machine: the
// 6 x (4 x 16) f32 tile of its gate/value contraction (4 vector loads of the
// packed weight tile, 6 broadcasts of x, 24 FMAs per step, the depth loop
// unrolled by 2 as the pass emits it), written by hand with every operand in
// L1, no packing, no activation, no down projection.
// Its GFLOP/s next to machine_peaks' register-only FMA peak is how much of
// the peak such a tile can reach at all.
//
//   clang-22 -O3 -march=native microkernel_ceiling.c -o microkernel_ceiling
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { Rows = 6, Vectors = 4, Depth = 128, Width = 1024 };

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

// One call of the tile: acc[Rows][Vectors] += x[Rows][Depth] * packed.
__attribute__((noinline)) static void tile(const float *x,
                                           const float *packed, float *acc) {
  __m512 sums[Rows * Vectors];
  for (int i = 0; i < Rows * Vectors; ++i)
    sums[i] = _mm512_loadu_ps(acc + 16 * i);
#pragma clang loop unroll_count(2)
  for (int k = 0; k < Depth; ++k) {
    __m512 w[Vectors];
    for (int v = 0; v < Vectors; ++v)
      w[v] = _mm512_loadu_ps(packed + (k * Vectors + v) * 16);
    for (int r = 0; r < Rows; ++r) {
      __m512 a = _mm512_set1_ps(x[r * Width + k]);
      for (int v = 0; v < Vectors; ++v)
        sums[r * Vectors + v] = _mm512_fmadd_ps(a, w[v], sums[r * Vectors + v]);
    }
  }
  for (int i = 0; i < Rows * Vectors; ++i)
    _mm512_storeu_ps(acc + 16 * i, sums[i]);
}

int main(void) {
  float *x = aligned_alloc(64, sizeof(float) * Rows * Width);
  float *packed = aligned_alloc(64, sizeof(float) * Depth * Vectors * 16);
  float *acc = aligned_alloc(64, sizeof(float) * Rows * Vectors * 16);
  for (int i = 0; i < Rows * Width; ++i)
    x[i] = 1e-3f;
  for (int i = 0; i < Depth * Vectors * 16; ++i)
    packed[i] = 1e-3f;
  for (int i = 0; i < Rows * Vectors * 16; ++i)
    acc[i] = 0;
  long calls = 200000;
  double best = 0;
  for (int run = 0; run < 5; ++run) {
    double start = now();
    for (long c = 0; c < calls; ++c)
      tile(x, packed, acc);
    double seconds = now() - start;
    double flops = 2.0 * calls * Depth * Rows * Vectors * 16;
    if (flops / seconds > best)
      best = flops / seconds;
  }
  printf("{\"tile_gflops_1\": %.1f, \"check\": %g}\n", best * 1e-9, acc[0]);
  return 0;
}
