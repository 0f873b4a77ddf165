// Numerically stable row softmax (see softmax.h).
#include "softmax.h"

#include <algorithm>
#include <cmath>

namespace attnsim {

template <typename T>
bool SoftmaxRow(const T* x, T* out, size_t cols) {
  if (cols == 0) return true;
  T max = *std::max_element(x, x + cols);
  double sum = 0;
  for (size_t j = 0; j < cols; ++j) {
    out[j] = std::exp(x[j] - max);
    sum += out[j];
  }
  T inv = static_cast<T>(1.0 / sum);
  for (size_t j = 0; j < cols; ++j) out[j] *= inv;
  return std::isfinite(sum);
}

template bool SoftmaxRow<float>(const float*, float*, size_t);
template bool SoftmaxRow<double>(const double*, double*, size_t);

namespace {

template <typename T>
Job SoftmaxJob(const Args& args) {
  uint32_t rows = Dim(args, 2, "rows"), cols = Dim(args, 3, "cols");
  uint64_t size = CheckedMul(args, rows, cols, "x");
  const T* x = Data<T>(args, 0, "x", size);
  T* out = Data<T>(args, 1, "out", size, Role::kOut);
  if (cols == 0) return Job{[] {}};  // empty rows: nothing to write, however many
  return Job{[=] {
    for (uint64_t i = 0; i < rows; ++i) SoftmaxRow<T>(x + i * cols, out + i * cols, cols);
  }};
}

}  // namespace

Job ParseSoftmaxRows(const Args& args) {
  return ArrayDType(args, 0, "x") == DType::kFloat32 ? SoftmaxJob<float>(args) : SoftmaxJob<double>(args);
}

}  // namespace attnsim
