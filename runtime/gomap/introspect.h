// A read-only view of a map's internal state, and its invariants. For tests,
// the layout dump of the op-script runner, and the fuzzers' checks; reading
// it changes nothing (not even the iterator flags).
#ifndef GOMAP_INTROSPECT_H_
#define GOMAP_INTROSPECT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gomap/internal/hmap.h"
#include "gomap/maptype.h"

namespace gomap {

struct BucketView {
  std::array<uint8_t, kBucketCnt> tophash;
  // The key and elem of each slot whose tophash is a live value (>=
  // minTopHash), through the indirection if any; nullptr for other slots.
  std::array<const void*, kBucketCnt> keys;
  std::array<const void*, kBucketCnt> elems;
};

// A bucket followed by its overflow chain.
using ChainView = std::vector<BucketView>;

struct MapView {
  bool nil = true;
  int64_t count = 0;
  uint8_t flags = 0;
  uint8_t B = 0;
  uint16_t noverflow = 0;
  uint32_t hash0 = 0;
  uintptr_t nevacuate = 0;
  uint64_t grows = 0;  // grows started so far (port only)
  // B of oldbuckets while growing (B-1, or B for a same-size grow); -1 when not.
  int oldB = -1;
  std::vector<ChainView> buckets;     // empty while the array is unallocated
  std::vector<ChainView> oldbuckets;  // empty unless growing
};

MapView inspect(const MapType* t, const hmap* h);

// The first invariant the map violates, described; nullopt if none. Call it
// between operations (not from a yield point, where a write is half done).
std::optional<std::string> check_invariants(const MapType* t, const hmap* h);

// Port only: overwrite the hash seed (reproducible runs; the oracle does the
// same to Go's map).
void set_hash0(hmap* h, uint32_t seed);

}  // namespace gomap

#endif  // GOMAP_INTROSPECT_H_
