// Go 1.19's constants and rules as runtime/map.go states them, restated for
// the properties. Nothing here comes from the runtime under test, so that a
// wrong constant or rule there cannot make a property agree with itself.
#ifndef GOMAP_PROPS_GO_RULES_H_
#define GOMAP_PROPS_GO_RULES_H_

#include <algorithm>
#include <cstdint>

namespace gomap::props::go {

inline constexpr int bucketCnt = 8;
inline constexpr uint8_t emptyRest = 0;
inline constexpr uint8_t emptyOne = 1;
inline constexpr uint8_t evacuatedX = 2;
inline constexpr uint8_t evacuatedY = 3;
inline constexpr uint8_t evacuatedEmpty = 4;
inline constexpr uint8_t minTopHash = 5;
inline constexpr uint8_t iterator = 1;
inline constexpr uint64_t maxAlloc = uint64_t{1} << 48;  // linux/amd64

inline uint8_t tophash(uint64_t hash) {
  uint8_t top = static_cast<uint8_t>(hash >> 56);
  return top < minTopHash ? top + minTopHash : top;
}

inline bool evacuated_mark(uint8_t th) { return th > emptyOne && th < minTopHash; }

// count > bucketCnt && count > 13 * (2^B / 2)
inline bool overLoadFactor(int64_t count, uint8_t B) {
  return count > bucketCnt && static_cast<uint64_t>(count) > 13 * ((uint64_t{1} << B) / 2);
}

inline bool tooManyOverflowBuckets(uint32_t noverflow, uint8_t B) {
  return noverflow >= (uint32_t{1} << std::min<int>(B, 15));
}

}  // namespace gomap::props::go

#endif  // GOMAP_PROPS_GO_RULES_H_
