// Creation, clearing and destruction, the untyped entry points that pick an
// access path (internal/access.h) by the key's kind, and what the access
// paths share out of line: overflow buckets, emptying a slot, releasing what
// an entry owns.

#include <algorithm>
#include <cstring>

#include "gomap/hash.h"
#include "gomap/internal/access.h"
#include "gomap/internal/fastrand.h"
#include "gomap/internal/map_internal.h"
#include "gomap/runtime.h"
#include "gomap/yield.h"

namespace gomap {

using internal::fatal;
using internal::yield;

namespace internal {

void release_key(const MapType* t, hmap* h, char* slot) {
  char* k = deref(t->indirectkey, slot);
  release_value(t->key, h, k);
  if (t->indirectkey) h->heap->release(k, t->key.size);
}

void release_elem(const MapType* t, hmap* h, char* slot) {
  char* e = deref(t->indirectelem, slot);
  release_value(t->elem, h, e);
  if (t->indirectelem) h->heap->release(e, t->elem.size);
}

namespace {

bool in_array(const MapType* t, const bmap* b, const bmap* array, uintptr_t array_len) {
  auto p = reinterpret_cast<uintptr_t>(b), lo = reinterpret_cast<uintptr_t>(array);
  return p >= lo && p < lo + array_len * t->bucketsize;
}

}  // namespace

mapextra* create_overflow(hmap* h) {
  mapextra* x = ensure_extra(h);
  if (x->overflow == nullptr)
    store_ptr(h, x->overflow,
              static_cast<bmapSlice*>(h->heap->alloc(sizeof(bmapSlice), &kSlicePointers)));
  return x;
}

namespace {

// append(*s, ovf): a full array is replaced by one twice the size and
// released, as Go's append leaves the old one to the collector.
void append_overflow(hmap* h, bmapSlice& s, bmap* ovf) {
  if (s.len == s.cap) {
    uint32_t cap = s.cap == 0 ? 4 : 2 * s.cap;
    auto* array = static_cast<bmap**>(h->heap->alloc(cap * sizeof(bmap*), &kPointerArray));
    // Go's growslice copies with the barrier too (bulkBarrierPreWriteSrcOnly).
    for (uint32_t i = 0; i < s.len; i++) {
      barrier(h, &array[i], s.array[i]);
      array[i] = s.array[i];
    }
    bmap** old = s.array;
    uint32_t old_cap = s.cap;
    store_ptr(h, s.array, array);
    s.cap = cap;
    if (old != nullptr) h->heap->release(old, old_cap * sizeof(bmap*));
  }
  barrier(h, &s.array[s.len], ovf);
  s.array[s.len++] = ovf;
}

}  // namespace

void release_chain(const MapType* t, hmap* h, bmap* b, bmap* array, uintptr_t array_len) {
  for (bmap* ovf = overflow_of(t, b); ovf != nullptr;) {
    bmap* next = overflow_of(t, ovf);
    if (!in_array(t, ovf, array, array_len)) h->heap->release(ovf, t->bucketsize);
    ovf = next;
  }
}

void release_overflow(const MapType* t, hmap* h, bool old) {
  uint8_t b = old ? h->oldB() : h->B;
  bmap* array = old ? h->oldbuckets : h->buckets;
  uintptr_t len = bucket_array_len(t, b);
  if (t->bucket_has_pointers) {
    // Chains an evacuation cut loose were released then (evacuate).
    for (uintptr_t i = 0; i < bucket_shift(b); i++)
      release_chain(t, h, bucket_at(t, array, i), array, len);
  } else if (h->extra != nullptr) {
    bmapSlice*& field = old ? h->extra->oldoverflow : h->extra->overflow;
    if (bmapSlice* s = field) {
      for (bmap* ovf : *s)
        if (!in_array(t, ovf, array, len)) h->heap->release(ovf, t->bucketsize);
      if (s->array != nullptr) h->heap->release(s->array, s->cap * sizeof(bmap*));
      h->heap->release(s, sizeof(bmapSlice));
      store_ptr(h, field, static_cast<bmapSlice*>(nullptr));
    }
  }
}

void release_buckets(const MapType* t, hmap* h, bool old) {
  release_overflow(t, h, old);
  uint8_t b = old ? h->oldB() : h->B;
  h->heap->release(old ? h->oldbuckets : h->buckets, t->bucketsize * bucket_array_len(t, b));
}

void slot_barrier_slow(hmap* h, const TypeDesc& d, bool indirect, const char* dst,
                       const char* src) {
  // An indirect slot's one pointer; a string's data pointer; every word of
  // another type with pointers (maptype.h, mark_value_ptrs).
  size_t words = indirect || d.alg == TypeAlg::kString ? 1 : d.size / 8;
  for (size_t w = 0; w < words; w++) {
    void* ptr = nullptr;
    if (src != nullptr) std::memcpy(&ptr, src + 8 * w, sizeof ptr);
    h->heap->barrier(dst + 8 * w, ptr);
  }
}

void clear_barrier(const MapType* t, hmap* h, bmap* b, uintptr_t n) {
  if (!t->bucket_has_pointers || !h->heap->write_barrier()) return;
  for (uintptr_t i = 0; i < n; i++) {
    const char* base = bytes(bucket_at(t, b, i));
    for (size_t w = kDataOffset / 8; w < t->bucketsize / 8u; w++) {
      if (t->bucket_ptrs.has(w)) h->heap->barrier(base + 8 * w, nullptr);
    }
  }
}

uintptr_t bucket_array_len(const MapType* t, uint8_t b) {
  uintptr_t base = bucket_shift(b);
  uintptr_t nbuckets = base;
  // For small b overflow buckets are unlikely; above that, preallocate
  // 1/16th as many, and use whatever else the size class rounds up to.
  if (b >= 4) {
    nbuckets += bucket_shift(b - 4);
    uint64_t sz = uint64_t{t->bucketsize} * nbuckets;
    uint64_t up = roundupsize(sz);
    if (up != sz) nbuckets = up / t->bucketsize;
  }
  return nbuckets;
}

bmap* make_bucket_array(const MapType* t, hmap* h, uint8_t b, bmap* dirty, bmap** next_overflow) {
  uintptr_t base = bucket_shift(b);
  uintptr_t nbuckets = bucket_array_len(t, b);
  size_t size = static_cast<size_t>(t->bucketsize) * nbuckets;
  bmap* buckets;
  if (dirty == nullptr) {
    buckets = static_cast<bmap*>(
        h->heap->alloc(size, t->bucket_has_pointers ? &t->bucket_ptrs : nullptr));
  } else {
    buckets = dirty;
    clear_barrier(t, h, buckets, nbuckets);
    std::memset(buckets, 0, size);
  }
  *next_overflow = nullptr;
  if (base != nbuckets) {
    // The preallocated overflow buckets follow the 2^b buckets. A nil
    // overflow pointer means "more follow"; the last one points back at the
    // array, a non-nil sentinel that newoverflow recognises.
    *next_overflow = bucket_at(t, buckets, base);
    store_overflow(t, h, bucket_at(t, buckets, nbuckets - 1), buckets);
  }
  return buckets;
}

namespace {

void incrnoverflow(hmap* h) {
  // Exact below 2^16 buckets. Above, count each new overflow bucket with
  // probability 1/2^(B-15), so noverflow estimates the total while staying
  // within its 16 bits, near the 2^15 same-size-grow threshold.
  if (h->B < 16) {
    h->noverflow++;
    return;
  }
  uint32_t mask = (uint32_t{1} << (h->B - 15)) - 1;
  if ((fastrand() & mask) == 0) h->noverflow++;
}

}  // namespace

bmap* newoverflow(const MapType* t, hmap* h, bmap* b) {
  bmap* ovf;
  if (h->extra != nullptr && h->extra->nextOverflow != nullptr) {
    ovf = h->extra->nextOverflow;
    if (overflow_of(t, ovf) == nullptr) {
      store_ptr(h, h->extra->nextOverflow, bucket_at(t, ovf, 1));
    } else {
      // The last preallocated bucket: clear the sentinel.
      store_overflow(t, h, ovf, nullptr);
      store_ptr(h, h->extra->nextOverflow, static_cast<bmap*>(nullptr));
    }
  } else {
    ovf = static_cast<bmap*>(
        h->heap->alloc(t->bucketsize, t->bucket_has_pointers ? &t->bucket_ptrs : nullptr));
  }
  incrnoverflow(h);
  // Only buckets without pointers: the collector scans none of them, so this
  // slice is what keeps ovf alive; elsewhere b's link does.
  if (!t->bucket_has_pointers) append_overflow(h, *create_overflow(h)->overflow, ovf);
  store_overflow(t, h, b, ovf);
  yield(YieldPoint::kOverflowLinked, h);
  return ovf;
}

}  // namespace internal

using namespace internal;

hmap* makemap(const MapType* t, int64_t hint, Heap* heap) {
  unsigned __int128 mem =
      static_cast<unsigned __int128>(static_cast<uint64_t>(hint)) * t->bucketsize;
  if (hint < 0 || mem > kMaxAlloc) hint = 0;

  hmap* h = new hmap;
  h->heap = heap;
  h->hash0 = fastrand();
  // The least B that holds hint entries within the load factor.
  uint8_t B = 0;
  while (over_load_factor(hint, B)) B++;
  h->B = B;
  // B == 0 allocates its single bucket lazily, in mapassign.
  heap->map_made(t, h);
  if (B != 0) {
    bmap* next_overflow;
    store_ptr(h, h->buckets, make_bucket_array(t, h, B, nullptr, &next_overflow));
    if (next_overflow != nullptr) store_ptr(h, ensure_extra(h)->nextOverflow, next_overflow);
    keep_overflow(t, h);
  }
  return h;
}

void* mapaccess(const MapType* t, hmap* h, const void* key) {
  switch (t->fast) {
    case FastPath::k32: return access_impl<Fast32Keys>(t, h, key).elem;
    case FastPath::k64: return access_impl<Fast64Keys>(t, h, key).elem;
    case FastPath::kStr: return access_impl<StrKeys>(t, h, key).elem;
    case FastPath::kGeneric: break;
  }
  return access_impl<GenericKeys>(t, h, key).elem;
}

void* mapassign(const MapType* t, hmap* h, const void* key) {
  switch (t->fast) {
    case FastPath::k32: return assign_impl<Fast32Keys>(t, h, key);
    case FastPath::k64: return assign_impl<Fast64Keys>(t, h, key);
    case FastPath::kStr: return assign_impl<StrKeys>(t, h, key);
    case FastPath::kGeneric: break;
  }
  return assign_impl<GenericKeys>(t, h, key);
}

void mapdelete(const MapType* t, hmap* h, const void* key) {
  switch (t->fast) {
    case FastPath::k32: return delete_impl<Fast32Keys>(t, h, key);
    case FastPath::k64: return delete_impl<Fast64Keys>(t, h, key);
    case FastPath::kStr: return delete_impl<StrKeys>(t, h, key);
    case FastPath::kGeneric: break;
  }
  return delete_impl<GenericKeys>(t, h, key);
}

void store_elem(const MapType* t, hmap* h, void* elem, const void* value) {
  char* e = static_cast<char*>(elem);
  release_value(t->elem, h, e);
  store_value(t->elem, h, e, value);
}

namespace {

// Calls f(key_slot, elem_slot) for every live entry: those in the current
// array and those still in unevacuated old buckets (an evacuated slot is
// marked, so each entry is seen once).
template <class F>
void for_each_live(const MapType* t, hmap* h, F f) {
  auto walk = [&](bmap* array, uintptr_t n) {
    for (uintptr_t i = 0; i < n; i++) {
      for (bmap* b = bucket_at(t, array, i); b != nullptr; b = overflow_of(t, b)) {
        for (uintptr_t j = 0; j < kBucketCnt; j++) {
          if (tophashes(b)[j] >= kMinTopHash) f(key_slot(t, b, j), elem_slot(t, b, j));
        }
      }
    }
  };
  if (h->buckets != nullptr) walk(h->buckets, bucket_shift(h->B));
  if (h->oldbuckets != nullptr) walk(h->oldbuckets, h->noldbuckets());
}

void release_entries(const MapType* t, hmap* h) {
  // A map of plain keys and elems owns nothing outside its buckets.
  if (!owns_memory(t->key, t->indirectkey) && !owns_memory(t->elem, t->indirectelem)) return;
  for_each_live(t, h, [&](char* k, char* e) {
    release_key(t, h, k);
    release_elem(t, h, e);
  });
}

// Marks every slot of an array's chains emptyRest, so that an iteration
// still open stops producing entries (golang/go#59411, fixed after 1.19).
void mark_buckets_empty(const MapType* t, bmap* array, uintptr_t n) {
  for (uintptr_t i = 0; i < n; i++) {
    for (bmap* b = bucket_at(t, array, i); b != nullptr; b = overflow_of(t, b)) {
      std::memset(tophashes(b), kEmptyRest, kBucketCnt);
    }
  }
}

}  // namespace

void mapclear(const MapType* t, hmap* h) {
  if (h == nullptr || h->count == 0) return;
  if (h->load_flags() & kHashWriting) fatal("concurrent map writes");
  h->store_flags(h->load_flags() ^ kHashWriting);
  yield(YieldPoint::kWriteBegun, h);

  release_entries(t, h);
  mark_buckets_empty(t, h->buckets, bucket_shift(h->B));
  if (h->oldbuckets != nullptr) mark_buckets_empty(t, h->oldbuckets, h->noldbuckets());
  yield(YieldPoint::kClearEmptied, h);

  // The old array goes as it is dropped, with no yield point between: at
  // one, the map would still link what it released.
  if (h->oldbuckets != nullptr) release_buckets(t, h, /*old=*/true);
  h->store_flags(h->load_flags() & ~kSameSizeGrow);
  store_ptr(h, h->oldbuckets, static_cast<bmap*>(nullptr));
  h->nevacuate = 0;
  h->noverflow = 0;
  h->count = 0;
  h->hash0 = fastrand();

  // Keep the mapextra but drop the overflow buckets; the array is cleared
  // and its preallocated overflow buckets are handed out afresh. The
  // dropped slice links to its successor first (bmapSlice::next).
  bmapSlice* successor = nullptr;
  if (h->extra != nullptr && h->extra->overflow != nullptr) {
    successor = static_cast<bmapSlice*>(h->heap->alloc(sizeof(bmapSlice), &kSlicePointers));
    store_ptr(h, h->extra->overflow->next, successor);
  }
  release_overflow(t, h, /*old=*/false);
  if (h->extra != nullptr) {
    store_ptr(h, h->extra->nextOverflow, static_cast<bmap*>(nullptr));
    *h->extra = mapextra{};
    store_ptr(h, h->extra->overflow, successor);
  }
  bmap* next_overflow;
  make_bucket_array(t, h, h->B, h->buckets, &next_overflow);
  if (next_overflow != nullptr) store_ptr(h, ensure_extra(h)->nextOverflow, next_overflow);
  keep_overflow(t, h);

  yield(YieldPoint::kWriteEnding, h);
  uint8_t f = h->load_flags();
  if ((f & kHashWriting) == 0) fatal("concurrent map writes");
  h->store_flags(f & ~kHashWriting);
}

void discard_map(hmap* h) {
  if (h == nullptr) return;
  h->heap->map_freed(h);
  delete h->extra;
  delete h;
}

void freemap(const MapType* t, hmap* h) {
  if (h == nullptr) return;
  release_entries(t, h);
  if (h->oldbuckets != nullptr) release_buckets(t, h, /*old=*/true);
  if (h->buckets != nullptr) release_buckets(t, h, /*old=*/false);
  h->heap->map_freed(h);
  delete h->extra;
  delete h;
}

}  // namespace gomap
