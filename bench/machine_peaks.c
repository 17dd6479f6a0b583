// Measures what the benchmark reports its results against: the fp32 FMA
// peak (AVX-512 if the compiler targets it, else AVX2) and the STREAM-style
// triad memory bandwidth, on 1 thread and on every OpenMP thread.
//
//   clang-22 -O3 -march=native -fopenmp machine_peaks.c -o machine_peaks
//   ./machine_peaks            # prints one JSON object
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET1(x) _mm512_set1_ps(x)
#define SUM(v) _mm512_reduce_add_ps(v)
#else
typedef __m256 vec;
#define LANES 8
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET1(x) _mm256_set1_ps(x)
static float SUM(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  float s = 0;
  for (int i = 0; i < 8; ++i)
    s += lanes[i];
  return s;
}
#endif

// 20 independent accumulators hide the FMA latency on every current core.
#define ACCUMULATORS 20

static float fmaLoop(long iterations) {
  vec acc[ACCUMULATORS];
  for (int i = 0; i < ACCUMULATORS; ++i)
    acc[i] = SET1(1.0f + i);
  vec a = SET1(0.999999f), b = SET1(1e-7f);
  for (long it = 0; it < iterations; ++it) {
#pragma clang loop unroll(full)
    for (int i = 0; i < ACCUMULATORS; ++i)
      acc[i] = FMA(acc[i], a, b);
    __asm__ volatile("" : "+v"(acc[0]), "+v"(acc[1]), "+v"(acc[2]),
                     "+v"(acc[3]), "+v"(acc[4]), "+v"(acc[5]), "+v"(acc[6]),
                     "+v"(acc[7]), "+v"(acc[8]), "+v"(acc[9]));
  }
  vec sum = acc[0];
  for (int i = 1; i < ACCUMULATORS; ++i)
    sum = _mm512_add_ps(sum, acc[i]);
  return SUM(sum);
}

/// Best of 5 runs of `iterations` per thread, in GFLOP/s.
static double fmaPeak(int threads, long iterations) {
  double best = 0;
  volatile float sink = 0;
  for (int run = 0; run < 5; ++run) {
    double start = now();
#pragma omp parallel num_threads(threads) reduction(+ : sink)
    sink += fmaLoop(iterations);
    double seconds = now() - start;
    double flops = 2.0 * LANES * ACCUMULATORS * iterations * threads;
    if (flops / seconds > best)
      best = flops / seconds;
  }
  return best * 1e-9;
}

/// Best of 5 triads a = b + s * c over 3 x 64 MiB, in GB/s (3 arrays moved,
/// write-allocate traffic not counted, as STREAM reports it).
static double triad(int threads) {
  long n = 16L << 20;
  float *a = aligned_alloc(64, n * sizeof(float));
  float *b = aligned_alloc(64, n * sizeof(float));
  float *c = aligned_alloc(64, n * sizeof(float));
#pragma omp parallel for num_threads(threads)
  for (long i = 0; i < n; ++i) {
    a[i] = 0;
    b[i] = 1;
    c[i] = 2;
  }
  double best = 0;
  for (int run = 0; run < 5; ++run) {
    double start = now();
#pragma omp parallel for num_threads(threads)
    for (long i = 0; i < n; ++i)
      a[i] = b[i] + 0.5f * c[i];
    double seconds = now() - start;
    double bytes = 3.0 * n * sizeof(float);
    if (bytes / seconds > best)
      best = bytes / seconds;
  }
  free(a);
  free(b);
  free(c);
  return best * 1e-9;
}

int main(void) {
  int threads = omp_get_max_threads();
  long iterations = 20000000;
  printf("{\"threads\": %d, \"lanes\": %d, \"fma_gflops_1\": %.1f, "
         "\"fma_gflops_all\": %.1f, \"triad_gbs_1\": %.1f, "
         "\"triad_gbs_all\": %.1f}\n",
         threads, LANES, fmaPeak(1, iterations), fmaPeak(threads, iterations),
         triad(1), triad(threads));
  return 0;
}
