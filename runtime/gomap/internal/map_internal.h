// Helpers shared by the files of the map implementation.
// Outside the include guard, so that every inclusion is checked.
#if !defined(GOMAP_RUNTIME_IMPLEMENTATION) && !defined(GOMAP_PUBLIC_HEADER)
#error \
    "gomap/internal/ is the runtime's own: include gomap/map.h, gomap/runtime.h or gomap/testing.h"
#endif
#ifndef GOMAP_INTERNAL_MAP_INTERNAL_H_
#define GOMAP_INTERNAL_MAP_INTERNAL_H_

#include "gomap/internal/hmap.h"
#include "gomap/maptype.h"

namespace gomap::internal {

// Go's roundupsize: the size malloc really hands out for a request.
uint64_t roundupsize(uint64_t size);

// The number of buckets makeBucketArray allocates for 2^b: 2^b, plus 2^(b-4)
// preallocated overflow buckets for b >= 4, rounded up to fill the size class.
uintptr_t bucket_array_len(const MapType* t, uint8_t b);

// Allocates (or, given dirty, clears and reuses) a bucket array for 2^b
// buckets; returns the first preallocated overflow bucket, if any, through
// next_overflow.
bmap* make_bucket_array(const MapType* t, hmap* h, uint8_t b, bmap* dirty, bmap** next_overflow);

inline mapextra* ensure_extra(hmap* h) {
  if (h->extra == nullptr) h->extra = new mapextra;
  return h->extra;
}

// Appends a fresh overflow bucket to b's chain and returns it.
bmap* newoverflow(const MapType* t, hmap* h, bmap* b);

void hash_grow(const MapType* t, hmap* h);
// Instantiated in grow.cc for each key policy of access.h.
template <class KP>
void grow_work(const MapType* t, hmap* h, uintptr_t bucket);

// The entry whose key equals key (looked up anywhere in the growing table),
// as a key and elem; both nullptr when absent.
struct KeyElem {
  const void* key;
  void* elem;
};
KeyElem mapaccess_k(const MapType* t, hmap* h, const void* key);

// mapiterinit with a given start bucket and slot offset (gomap/testing.h).
void mapiterinit_at(const MapType* t, hmap* h, hiter* it, uint64_t start, uint8_t offset);

// Ownership (see hmap.h): what an entry holds that the map must release.
void release_key(const MapType* t, hmap* h, char* key_slot);
void release_elem(const MapType* t, hmap* h, char* elem_slot);
// Releases the current (old = false) or old bucket array and the overflow
// buckets allocated on their own for it (extra->overflow / oldoverflow).
void release_buckets(const MapType* t, hmap* h, bool old);

}  // namespace gomap::internal

#endif  // GOMAP_INTERNAL_MAP_INTERNAL_H_
