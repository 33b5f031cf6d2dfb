// The runtime's test seams, in the role of Go's export_test.go: what unit
// tests, property tests and the fuzz harness may read and set that a user of
// the map may not. They live in the library gomap_testing, which only tests
// and the harness link; nothing here changes how a map behaves unless it is
// called, and reading never changes anything (not even the iterator flags).
//
// The invariants check_invariants checks are the ones catalogued in
// internal/hmap.h; its messages start with the invariant's id ("I5: ...").
#ifndef GOMAP_TESTING_H_
#define GOMAP_TESTING_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gomap/maptype.h"
#include "gomap/runtime.h"

namespace gomap {

// hmap's header fields: cheap enough to read after every statement.
struct HeaderView {
  bool nil = true;
  int64_t count = 0;
  uint8_t flags = 0;
  uint8_t B = 0;
  uint16_t noverflow = 0;
  uint32_t hash0 = 0;
  uintptr_t nevacuate = 0;
  // B of oldbuckets while growing (B-1, or B for a same-size grow); -1 when not.
  int oldB = -1;
  // Port only: the address of oldbuckets while growing, else 0. It tells one grow from
  // the next: a grow's old array is the array the previous grow made, and
  // the two were alive at the same time, so consecutive grows never share it.
  uintptr_t old_array = 0;
};

HeaderView header_view(const hmap* h);

struct BucketView {
  std::array<uint8_t, kBucketCnt> tophash;
  // The key and elem of each slot whose tophash is a live value (>=
  // minTopHash), through the indirection if any; nullptr for other slots.
  std::array<const void*, kBucketCnt> keys;
  std::array<const void*, kBucketCnt> elems;
};

// A bucket followed by its overflow chain.
using ChainView = std::vector<BucketView>;

// The whole table: the header and every bucket, current and old.
struct MapView : HeaderView {
  std::vector<ChainView> buckets;     // empty while the array is unallocated
  std::vector<ChainView> oldbuckets;  // empty unless growing
};

MapView inspect(const MapType* t, const hmap* h);

// The first invariant of internal/hmap.h's catalogue that the map violates,
// described and prefixed with its id; nullopt if none. Call it between
// operations, not from a yield point, where a write is half done.
std::optional<std::string> check_invariants(const MapType* t, const hmap* h);

// Overwrites the hash seed, so that a run is reproducible (the Go oracle
// does the same to Go's map).
void set_hash0(hmap* h, uint32_t seed);

// As mapiterinit, but starting at bucket start & (2^B - 1) and slot offset
// offset & 7 instead of random ones, so that an iteration order reproduces.
void mapiterinit_at(const MapType* t, hmap* h, hiter* it, uint64_t start, uint8_t offset);

// Makes this thread's runtime randomness (a map's seed, an iteration's
// start, NaN hashes, noverflow sampling above B=15) repeat from seed.
inline constexpr uint64_t kRepeatableSeed = 0x9e3779b97f4a7c15ull;
void seed_fastrand(uint64_t seed = kRepeatableSeed);

}  // namespace gomap

#endif  // GOMAP_TESTING_H_
