// The op-script's `big`: a 144-byte value, 18 little-endian words each equal
// to the literal's int64. It is over Go's maxKeySize and maxElemSize, so the
// map stores such keys and elems indirectly.
#ifndef GOMAP_FUZZ_SUBJECTS_BIG_H_
#define GOMAP_FUZZ_SUBJECTS_BIG_H_

#include <cstdint>
#include <cstring>

#include "gomap/maptype.h"

namespace gomap::harness {

struct Big {
  uint64_t w[18];
  static Big of(int64_t v) {
    Big b;
    for (auto& x : b.w) x = static_cast<uint64_t>(v);
    return b;
  }
  friend bool operator==(const Big& a, const Big& b) {
    return std::memcmp(a.w, b.w, sizeof a.w) == 0;
  }
};

inline constexpr TypeDesc kBigType{sizeof(Big), TypeAlg::kMem, false};
static_assert(sizeof(Big) > kMaxKeySize && sizeof(Big) > kMaxElemSize,
              "big must be stored indirectly, as the op-script says");

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_SUBJECTS_BIG_H_
