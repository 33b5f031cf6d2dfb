#include "gomap/internal/fastrand.h"

#include <random>

namespace gomap::internal {

FastrandState::FastrandState() {
  std::random_device rd;
  s = (static_cast<uint64_t>(rd()) << 32) | rd();
}

thread_local FastrandState t_fastrand;

}  // namespace gomap::internal
