/* The ceiling for the GEMM bench: OpenBLAS called straight from C, no Node in between.
 * Usage: ceiling <s|d> <n> <reps>; prints the median seconds of one n×n·n×n product. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  if (argc != 4) return fprintf(stderr, "usage: ceiling <s|d> <n> <reps>\n"), 2;
  int single = argv[1][0] == 's', n = atoi(argv[2]), reps = atoi(argv[3]);
  size_t size = (size_t)n * n, elem = single ? sizeof(float) : sizeof(double);
  void *a = malloc(size * elem), *b = malloc(size * elem), *c = malloc(size * elem);
  double* times = malloc(sizeof(double) * reps);
  /* Values uniform in [-1, 1) like the Node side's: all-zero inputs run measurably faster on some CPUs. */
  unsigned long long state = 12345;
  for (size_t i = 0; i < size; i++) {
    for (int side = 0; side < 2; side++) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      double v = (double)(state >> 11) / 9007199254740992.0 * 2 - 1;
      void* m = side ? b : a;
      if (single) ((float*)m)[i] = (float)v; else ((double*)m)[i] = v;
    }
  }
  for (int r = -1; r < reps; r++) { /* r = -1 warms up */
    double t0 = now();
    if (single) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
    else cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
    if (r >= 0) times[r] = now() - t0;
  }
  qsort(times, reps, sizeof(double), by_value);
  printf("%.9f\n", times[reps / 2]);
  free(a), free(b), free(c), free(times);
  return 0;
}
