// L2-penalised logistic regression (v2 spec 4.3): (b, β) minimising
//   Σ_i [ln(1 + e^η_i) − y_i·η_i] + ½ Σ_j β_j²,   η_i = b + Σ_j β_j z_ij,
// with the intercept b not penalised. Newton's method with a dense Cholesky solve and
// backtracking on the objective, so it converges from any start, also on separable
// data (the penalty keeps β finite) and with both classes present (b stays finite).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ces {

struct LogisticFit {
  double intercept = 0;
  std::vector<double> beta;
  int iterations = 0;
  double max_gradient = 0;   // largest |∂/∂θ| of the objective at the result
  bool converged = false;    // max_gradient below the tolerance
};

// The objective at (b, β) and, when `gradient` is given, its k + 1 partial
// derivatives (intercept first). `z` is n rows of k values (row-major).
double PenalizedLogisticLoss(const double* z, const uint8_t* y, size_t n, size_t k, double b, const double* beta,
                             double* gradient);

// Fits the model; keeps its buffers between fits (cross-validation fits six times).
// Needs both outcomes among the n rows, else the intercept has no finite optimum.
class LogisticSolver {
 public:
  static constexpr double kGradientTolerance = 1e-10;
  static constexpr int kMaxIterations = 100;

  // `start`: k + 1 values (intercept first) to start from; default: the outcome's log-odds.
  LogisticFit Fit(const double* z, const uint8_t* y, size_t n, size_t k, const double* start = nullptr);

 private:
  double Loss(const double* z, const uint8_t* y, size_t n, size_t k, const double* theta);
  static constexpr size_t kBlock = 64;  // rows per Hessian block
  std::vector<double> theta_, trial_, grad_, hess_, step_, block_, weighted_;
};

// Solves A x = b for a symmetric positive definite d×d A (row-major, upper triangle
// read) in place: `a` is overwritten by its Cholesky factor, `b` by x. False when A
// is not positive definite.
bool CholeskySolve(double* a, double* b, size_t d);

}  // namespace ces
