// The runtime's cheap random source (Go's fastrand, wyrand on 64-bit): seeds
// maps, hashes NaNs, picks an iteration's start and thins noverflow counting
// for B >= 16. Per thread, like Go's per-M state.
// Outside the include guard, so that every inclusion is checked.
#if !defined(GOMAP_RUNTIME_IMPLEMENTATION) && !defined(GOMAP_PUBLIC_HEADER)
#error \
    "gomap/internal/ is the runtime's own: include gomap/map.h, gomap/runtime.h or gomap/testing.h"
#endif
#ifndef GOMAP_INTERNAL_FASTRAND_H_
#define GOMAP_INTERNAL_FASTRAND_H_

#include <cstdint>

namespace gomap::internal {

struct FastrandState {
  uint64_t s;
  FastrandState();
};
extern thread_local FastrandState t_fastrand;

inline uint32_t fastrand() {
  t_fastrand.s += 0xa0761d6478bd642full;
  unsigned __int128 p =
      static_cast<unsigned __int128>(t_fastrand.s) * (t_fastrand.s ^ 0xe7037ed1a0b428dbull);
  return static_cast<uint32_t>(static_cast<uint64_t>(p) ^ static_cast<uint64_t>(p >> 64));
}

inline uint64_t fastrand64() { return (static_cast<uint64_t>(fastrand()) << 32) | fastrand(); }

}  // namespace gomap::internal

#endif  // GOMAP_INTERNAL_FASTRAND_H_
