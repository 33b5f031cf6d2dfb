// The runtime's cheap random source (Go's fastrand, wyrand on 64-bit): seeds
// maps, hashes NaNs, picks an iteration's start and thins noverflow counting
// for B >= 16. Per thread, like Go's per-M state.
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

inline uint64_t fastrand64() {
  return (static_cast<uint64_t>(fastrand()) << 32) | fastrand();
}

}  // namespace gomap::internal

namespace gomap {
// Makes this thread's random choices repeatable (tests, fuzz replays).
void seed_fastrand(uint64_t seed);
}  // namespace gomap

#endif  // GOMAP_INTERNAL_FASTRAND_H_
