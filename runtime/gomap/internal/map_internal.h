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

// The write barrier (Heap::write_barrier), before ptr is stored at slot.
// hmap and mapextra count as heap objects, as they are in Go, so their
// pointer fields have it too.
inline void barrier(hmap* h, const void* slot, const void* ptr) {
  if (h->heap->write_barrier()) [[unlikely]]
    h->heap->barrier(slot, ptr);
}
template <class T>
inline void store_ptr(hmap* h, T*& field, T* v) {
  barrier(h, &field, v);
  field = v;
}
// b's overflow link := ovf.
inline void store_overflow(const MapType* t, hmap* h, bmap* b, bmap* ovf) {
  barrier(h, bytes(b) + t->bucketsize - sizeof(void*), ovf);
  set_overflow(t, b, ovf);
}

void slot_barrier_slow(hmap* h, const TypeDesc& d, bool indirect, const char* dst, const char* src);
// Before a key or elem slot of type d (holding its pointer when indirect) is
// overwritten with src's bytes, or cleared when src is nullptr: Go's
// typedmemmove and memclrHasPointers, which run bulkBarrierPreWrite. Folds
// away for a type without pointers.
inline void slot_barrier(hmap* h, const TypeDesc& d, bool indirect, const char* dst,
                         const char* src) {
  if ((indirect || d.has_pointers) && h->heap->write_barrier()) [[unlikely]]
    slot_barrier_slow(h, d, indirect, dst, src);
}
// Before n buckets from b on are cleared from kDataOffset on (evacuate's and
// makeBucketArray's memclrHasPointers).
void clear_barrier(const MapType* t, hmap* h, bmap* b, uintptr_t n);

// Go's createOverflow: the map's extra with its current overflow slice.
mapextra* create_overflow(hmap* h);
// Port only: a map whose buckets hold no pointers always has a current
// overflow slice once it has buckets, made by the writer that allocates the
// array, grows it or clears it, so that mapiterinit need not make one.
inline void keep_overflow(const MapType* t, hmap* h) {
  if (!t->bucket_has_pointers) create_overflow(h);
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
// buckets allocated on their own for it: those in extra->overflow /
// oldoverflow, or, for buckets with pointers, those on its chains.
void release_buckets(const MapType* t, hmap* h, bool old);
// The same, but for the array itself.
void release_overflow(const MapType* t, hmap* h, bool old);
// Releases the overflow buckets allocated on their own on the chain after
// b, a bucket of array (of array_len buckets): the preallocated ones are
// part of the array.
void release_chain(const MapType* t, hmap* h, bmap* b, bmap* array, uintptr_t array_len);

}  // namespace gomap::internal

#endif  // GOMAP_INTERNAL_MAP_INTERNAL_H_
