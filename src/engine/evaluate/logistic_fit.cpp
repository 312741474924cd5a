#include "engine/evaluate/logistic_fit.h"

#include <algorithm>
#include <cmath>

namespace ces {

namespace {

// ln(1 + e^x) without overflow or loss for large |x|.
inline double Softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }

// 1 / (1 + e^−x) without overflow.
inline double Sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

inline double Eta(const double* zi, size_t k, const double* theta) {
  double eta = theta[0];
  for (size_t j = 0; j < k; ++j) eta += theta[j + 1] * zi[j];
  return eta;
}

}  // namespace

double PenalizedLogisticLoss(const double* z, const uint8_t* y, size_t n, size_t k, double b, const double* beta,
                             double* gradient) {
  std::vector<double> theta(k + 1);
  theta[0] = b;
  for (size_t j = 0; j < k; ++j) theta[j + 1] = beta[j];
  if (gradient) std::fill(gradient, gradient + k + 1, 0.0);
  double loss = 0;
  for (size_t i = 0; i < n; ++i) {
    const double* zi = z + i * k;
    const double eta = Eta(zi, k, theta.data());
    loss += Softplus(eta) - (y[i] ? eta : 0.0);
    if (gradient) {
      const double r = Sigmoid(eta) - (y[i] ? 1.0 : 0.0);
      gradient[0] += r;
      for (size_t j = 0; j < k; ++j) gradient[j + 1] += r * zi[j];
    }
  }
  for (size_t j = 0; j < k; ++j) {
    loss += 0.5 * beta[j] * beta[j];
    if (gradient) gradient[j + 1] += beta[j];
  }
  return loss;
}

bool CholeskySolve(double* a, double* b, size_t d) {
  // A = Uᵀ U with U upper triangular, stored over A's upper triangle.
  for (size_t i = 0; i < d; ++i) {
    double diag = a[i * d + i];
    for (size_t m = 0; m < i; ++m) diag -= a[m * d + i] * a[m * d + i];
    if (!(diag > 0)) return false;
    const double u = std::sqrt(diag);
    a[i * d + i] = u;
    for (size_t j = i + 1; j < d; ++j) {
      double v = a[i * d + j];
      for (size_t m = 0; m < i; ++m) v -= a[m * d + i] * a[m * d + j];
      a[i * d + j] = v / u;
    }
  }
  for (size_t i = 0; i < d; ++i) {  // Uᵀ w = b
    double v = b[i];
    for (size_t m = 0; m < i; ++m) v -= a[m * d + i] * b[m];
    b[i] = v / a[i * d + i];
  }
  for (size_t i = d; i-- > 0;) {  // U x = w
    double v = b[i];
    for (size_t m = i + 1; m < d; ++m) v -= a[i * d + m] * b[m];
    b[i] = v / a[i * d + i];
  }
  return true;
}

double LogisticSolver::Loss(const double* z, const uint8_t* y, size_t n, size_t k, const double* theta) {
  double loss = 0;
  for (size_t i = 0; i < n; ++i) {
    const double eta = Eta(z + i * k, k, theta);
    loss += Softplus(eta) - (y[i] ? eta : 0.0);
  }
  for (size_t j = 1; j <= k; ++j) loss += 0.5 * theta[j] * theta[j];
  return loss;
}

LogisticFit LogisticSolver::Fit(const double* z, const uint8_t* y, size_t n, size_t k, const double* start) {
  const size_t d = k + 1;
  theta_.assign(d, 0.0);
  trial_.assign(d, 0.0);
  grad_.assign(d, 0.0);
  step_.assign(d, 0.0);
  hess_.assign(d * d, 0.0);
  // Start from the intercept-only optimum: the log-odds of the outcome.
  size_t positives = 0;
  for (size_t i = 0; i < n; ++i) positives += y[i] ? 1 : 0;
  if (positives > 0 && positives < n)
    theta_[0] = std::log(static_cast<double>(positives) / static_cast<double>(n - positives));
  if (start) std::copy(start, start + d, theta_.begin());

  LogisticFit fit;
  double loss = Loss(z, y, n, k, theta_.data());
  for (int iter = 0;; ++iter) {
    // One pass: gradient and Hessian (upper triangle) at theta. Rows go in blocks,
    // transposed, so each Hessian entry adds a contiguous dot product the compiler
    // vectorises (a row at a time would be d short loops per row).
    std::fill(grad_.begin(), grad_.end(), 0.0);
    std::fill(hess_.begin(), hess_.end(), 0.0);
    block_.resize(d * kBlock);
    weighted_.resize(d * kBlock);
    for (size_t i0 = 0; i0 < n; i0 += kBlock) {
      const size_t m = std::min(kBlock, n - i0);
      double* col = block_.data();       // col[a * kBlock + i]: row i0 + i's value a (a = 0: the 1 of b)
      double* wcol = weighted_.data();   // the same times the row's weight p(1 − p)
      for (size_t i = 0; i < m; ++i) {
        const double* zi = z + (i0 + i) * k;
        const double eta = Eta(zi, k, theta_.data());
        const double p = Sigmoid(eta);
        const double r = p - (y[i0 + i] ? 1.0 : 0.0);
        const double w = p * (1.0 - p);
        col[i] = 1.0;
        wcol[i] = w;
        grad_[0] += r;
        for (size_t j = 0; j < k; ++j) {
          col[(j + 1) * kBlock + i] = zi[j];
          wcol[(j + 1) * kBlock + i] = w * zi[j];
          grad_[j + 1] += r * zi[j];
        }
      }
      for (size_t a = 0; a < d; ++a) {
        const double* wa = wcol + a * kBlock;
        double* h = &hess_[a * d];
        for (size_t b = a; b < d; ++b) {
          const double* cb = col + b * kBlock;
          // Four running sums: one would chain every addition on the last (latency-bound).
          double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          size_t i = 0;
          for (; i + 4 <= m; i += 4) {
            s0 += wa[i] * cb[i];
            s1 += wa[i + 1] * cb[i + 1];
            s2 += wa[i + 2] * cb[i + 2];
            s3 += wa[i + 3] * cb[i + 3];
          }
          for (; i < m; ++i) s0 += wa[i] * cb[i];
          h[b] += (s0 + s1) + (s2 + s3);
        }
      }
    }
    for (size_t j = 1; j < d; ++j) {
      grad_[j] += theta_[j];
      hess_[j * d + j] += 1.0;
    }
    double max_grad = 0;
    for (double g : grad_) max_grad = std::max(max_grad, std::fabs(g));
    fit.iterations = iter;
    fit.max_gradient = max_grad;
    if (max_grad < kGradientTolerance) {
      fit.converged = true;
      break;
    }
    if (iter >= kMaxIterations) break;
    // Newton step. The Hessian is positive definite unless every p saturated (all
    // weights underflowed): then a gradient step, which backtracking keeps safe.
    std::copy(grad_.begin(), grad_.end(), step_.begin());
    if (!CholeskySolve(hess_.data(), step_.data(), d)) std::copy(grad_.begin(), grad_.end(), step_.begin());
    double max_step = 0, max_theta = 0;
    for (size_t j = 0; j < d; ++j) {
      max_step = std::max(max_step, std::fabs(step_[j]));
      max_theta = std::max(max_theta, std::fabs(theta_[j]));
    }
    // With many rows the gradient's own rounding can exceed the tolerance: once the
    // Newton step no longer changes θ beyond rounding, θ is the optimum to machine precision.
    if (max_step <= 1e-15 * (1.0 + max_theta)) {
      fit.converged = true;
      break;
    }
    double decrease = 0;  // gᵀΔ > 0: the first-order decrease of a full step
    for (size_t j = 0; j < d; ++j) decrease += grad_[j] * step_[j];
    double t = 1.0;
    bool moved = false;
    for (int halvings = 0; halvings < 60; ++halvings, t *= 0.5) {
      for (size_t j = 0; j < d; ++j) trial_[j] = theta_[j] - t * step_[j];
      const double trial_loss = Loss(z, y, n, k, trial_.data());
      // Armijo; or, once the predicted decrease is below what the loss's rounding can
      // show, the full Newton step (quadratic convergence makes it safe there).
      const bool tiny = decrease <= 1e-13 * (1.0 + std::fabs(loss));
      if (trial_loss <= loss - 1e-4 * t * decrease || (tiny && t == 1.0 && trial_loss <= loss + 1e-12 * (1.0 + std::fabs(loss)))) {
        theta_.swap(trial_);
        loss = trial_loss;
        moved = true;
        break;
      }
    }
    if (!moved) break;  // no representable progress: at the optimum to machine precision
  }
  fit.intercept = theta_[0];
  fit.beta.assign(theta_.begin() + 1, theta_.end());
  return fit;
}

}  // namespace ces
