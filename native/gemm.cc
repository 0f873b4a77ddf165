// GEMM and strided batched GEMM exports (see gemm.h).
#include "gemm.h"

#include "blas.h"

namespace attnsim {
namespace {

/** The shape of one op(A)·op(B) problem as read from the arguments. */
struct Shape {
  uint32_t m, n, k;
  bool transA, transB;
  int lda() const { return static_cast<int>(transA ? m : k); }
  int ldb() const { return static_cast<int>(transB ? k : n); }
};

Shape ReadShape(const Args& args, size_t first) {
  Shape s{Dim(args, first, "m"), Dim(args, first + 1, "n"), Dim(args, first + 2, "k"), false, false};
  s.transA = Bool(args, first + 3, "transA");
  s.transB = Bool(args, first + 4, "transB");
  return s;
}

constexpr char kProduct[] = "the product";
constexpr char kProductAdvice[] = "scale the operands down";

/** c is read only when beta is not 0 (BLAS then ignores its values, NaN included). */
template <typename T>
Role CRole(T beta) {
  return beta == T(0) ? Role::kOut : Role::kInOut;
}

/** Elements a batch of `batch` matrices of `size` elements at `stride` spans, exactly. */
uint64_t Span(const Args& args, uint64_t batch, uint64_t size, uint64_t stride, const char* what) {
  if (batch == 0) return 0;
  return CheckedMul(args, batch - 1, stride, what) + size;
}

template <typename T>
Job GemmJob(const Args& args) {
  Shape s = ReadShape(args, 3);
  T alpha = Scalar<T>(args, 8, "alpha");
  T beta = Scalar<T>(args, 9, "beta");
  const T* a = Data<T>(args, 0, "a", CheckedMul(args, s.m, s.k, "a"), Role::kIn, s.lda());
  const T* b = Data<T>(args, 1, "b", CheckedMul(args, s.k, s.n, "b"), Role::kIn, s.ldb());
  T* c = Data<T>(args, 2, "c", CheckedMul(args, s.m, s.n, "c"), CRole(beta), s.n);
  const bool fresh = !Absent(args, 10) && Bool(args, 10, "fresh");
  return Job{[=] { Gemm<T>(s.transA, s.transB, s.m, s.n, s.k, alpha, a, s.lda(), b, s.ldb(), beta, c, s.n); },
             kProduct, kProductAdvice, fresh && alpha != T(0) && beta == T(0)};
}

template <typename T>
Job GemmBatchedJob(const Args& args) {
  uint32_t batch = Dim(args, 3, "batch");
  Shape s = ReadShape(args, 4);
  T alpha = Scalar<T>(args, 9, "alpha");
  T beta = Scalar<T>(args, 10, "beta");
  uint64_t strideA = Dim(args, 11, "strideA"), strideB = Dim(args, 12, "strideB"), strideC = Dim(args, 13, "strideC");
  uint64_t sizeA = CheckedMul(args, s.m, s.k, "a"), sizeB = CheckedMul(args, s.k, s.n, "b");
  uint64_t sizeC = CheckedMul(args, s.m, s.n, "c");
  if (batch > 1 && strideC < sizeC) {
    ThrowRange(args, "expected strideC (" + std::to_string(strideC) + ") to be at least m·n (" +
                         std::to_string(sizeC) + ") so that outputs do not overlap",
               "ERR_ATTNSIM_SHAPE");
  }
  const T* a = Data<T>(args, 0, "a", Span(args, batch, sizeA, strideA, "a"));
  const T* b = Data<T>(args, 1, "b", Span(args, batch, sizeB, strideB, "b"));
  // Entries between products keep their values, so c is read too when there are gaps.
  const Role roleC = batch > 1 && strideC > sizeC ? Role::kInOut : CRole(beta);
  T* c = Data<T>(args, 2, "c", Span(args, batch, sizeC, strideC, "c"), roleC);
  if (s.m == 0 || s.n == 0) return Job{[] {}, kProduct, kProductAdvice};  // empty products: nothing to write
  return Job{[=] {
    for (uint32_t i = 0; i < batch; ++i) {
      Gemm<T>(s.transA, s.transB, s.m, s.n, s.k, alpha, a + i * strideA, s.lda(), b + i * strideB, s.ldb(), beta,
              c + i * strideC, s.n);
    }
  }, kProduct, kProductAdvice};
}

}  // namespace

Job ParseGemm(const Args& args) {
  return ArrayDType(args, 0, "a") == DType::kFloat32 ? GemmJob<float>(args) : GemmJob<double>(args);
}

Job ParseGemmBatched(const Args& args) {
  return ArrayDType(args, 0, "a") == DType::kFloat32 ? GemmBatchedJob<float>(args) : GemmBatchedJob<double>(args);
}

}  // namespace attnsim
