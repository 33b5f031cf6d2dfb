// Creation, lookup, assignment, deletion and clearing (Go's map.go,
// map_fast64.go and map_faststr.go). The three access paths are one
// algorithm instantiated with a key policy, where Go keeps three copies.

#include <algorithm>
#include <cstring>

#include "gomap/hash.h"
#include "gomap/internal/fastrand.h"
#include "gomap/internal/map_internal.h"
#include "gomap/runtime.h"
#include "gomap/yield.h"

namespace gomap {

using internal::fatal;
using internal::yield;

namespace internal {
namespace {

// Key policies: how the access paths hash, compare and find keys.
struct GenericKeys {
  static uint64_t hash(const MapType* t, const void* key, uint32_t seed) {
    return t->hasher(key, seed);
  }
  static bool equal(const MapType* t, const void* a, const void* b) { return t->equal(a, b); }
  static char* key(const MapType* t, bmap* b, uintptr_t i) {
    return deref(t->indirectkey, key_slot(t, b, i));
  }
};

// Go's map_fast32.go and map_fast64.go: 4- and 8-byte memory keys, hashed
// by memhash32/memhash64 and compared as integers.
template <class Word, uint64_t (*Hash)(const void*, uint64_t)>
struct FixedWidthKeys {
  static uint64_t hash(const MapType*, const void* key, uint32_t seed) { return Hash(key, seed); }
  static bool equal(const MapType*, const void* a, const void* b) {
    Word x, y;
    std::memcpy(&x, a, sizeof x);
    std::memcpy(&y, b, sizeof y);
    return x == y;
  }
  static char* key(const MapType*, bmap* b, uintptr_t i) {
    return bytes(b) + kDataOffset + i * sizeof(Word);
  }
};
using Fast32Keys = FixedWidthKeys<uint32_t, memhash32>;
using Fast64Keys = FixedWidthKeys<uint64_t, memhash64>;

// Go's map_faststr.go: string keys.
struct StrKeys {
  static uint64_t hash(const MapType*, const void* key, uint32_t seed) {
    return strhash(key, seed);
  }
  static bool equal(const MapType*, const void* a, const void* b) { return strequal(a, b); }
  static char* key(const MapType*, bmap* b, uintptr_t i) {
    return bytes(b) + kDataOffset + i * sizeof(GoString);
  }
};

// A string the map owns: a copy of src's bytes from the map's heap.
GoString clone_string(hmap* h, const GoString& src) {
  if (src.len == 0) return GoString{nullptr, 0};
  char* p = static_cast<char*>(h->heap->alloc(static_cast<size_t>(src.len), /*noscan=*/true));
  std::memcpy(p, src.ptr, static_cast<size_t>(src.len));
  return GoString{p, src.len};
}

// Copies a value into map-owned storage at dst (typedmemmove, plus the copy
// of a string's bytes the port owns).
void store_value(const TypeDesc& type, hmap* h, char* dst, const void* src) {
  if (type.alg == TypeAlg::kString) {
    GoString s = clone_string(h, *static_cast<const GoString*>(src));
    std::memcpy(dst, &s, sizeof s);
  } else {
    std::memcpy(dst, src, type.size);
  }
}

void release_value(const TypeDesc& type, hmap* h, char* value) {
  if (type.alg == TypeAlg::kString) {
    GoString s;
    std::memcpy(&s, value, sizeof s);
    if (s.len != 0) h->heap->release(const_cast<char*>(s.ptr));
  }
}

}  // namespace

void release_key(const MapType* t, hmap* h, char* slot) {
  char* k = deref(t->indirectkey, slot);
  release_value(t->key, h, k);
  if (t->indirectkey) h->heap->release(k);
}

void release_elem(const MapType* t, hmap* h, char* slot) {
  char* e = deref(t->indirectelem, slot);
  release_value(t->elem, h, e);
  if (t->indirectelem) h->heap->release(e);
}

void release_buckets(hmap* h, bool old) {
  if (h->extra != nullptr) {
    std::vector<bmap*>& overflow = old ? h->extra->oldoverflow : h->extra->overflow;
    for (bmap* ovf : overflow) h->heap->release(ovf);
    overflow.clear();
  }
  h->heap->release(old ? h->oldbuckets : h->buckets);
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

bmap* make_bucket_array(const MapType* t, hmap* h, uint8_t b, bmap* dirty,
                        bmap** next_overflow) {
  uintptr_t base = bucket_shift(b);
  uintptr_t nbuckets = bucket_array_len(t, b);
  size_t size = static_cast<size_t>(t->bucketsize) * nbuckets;
  bmap* buckets;
  if (dirty == nullptr) {
    buckets = static_cast<bmap*>(h->heap->alloc(size, !t->bucket_has_pointers));
  } else {
    buckets = dirty;
    std::memset(buckets, 0, size);
  }
  *next_overflow = nullptr;
  if (base != nbuckets) {
    // The preallocated overflow buckets follow the 2^b buckets. A nil
    // overflow pointer means "more follow"; the last one points back at the
    // array, a non-nil sentinel that newoverflow recognises.
    *next_overflow = bucket_at(t, buckets, base);
    set_overflow(t, bucket_at(t, buckets, nbuckets - 1), buckets);
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
      h->extra->nextOverflow = bucket_at(t, ovf, 1);
    } else {
      // The last preallocated bucket: clear the sentinel.
      set_overflow(t, ovf, nullptr);
      h->extra->nextOverflow = nullptr;
    }
  } else {
    ovf = static_cast<bmap*>(h->heap->alloc(t->bucketsize, !t->bucket_has_pointers));
    ensure_extra(h)->overflow.push_back(ovf);
  }
  incrnoverflow(h);
  set_overflow(t, b, ovf);
  return ovf;
}

namespace {

template <class KP>
void* access_impl(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr || h->count == 0) return nullptr;
  if (h->load_flags() & kHashWriting) fatal("concurrent map read and map write");
  uint64_t hash = KP::hash(t, key, h->hash0);
  uintptr_t m = bucket_mask(h->B);
  bmap* b = bucket_at(t, h->buckets, hash & m);
  if (bmap* c = h->oldbuckets) {
    // An unevacuated old bucket still holds the entries bound for b.
    if (!h->same_size_grow()) m >>= 1;
    bmap* oldb = bucket_at(t, c, hash & m);
    if (!evacuated(oldb)) b = oldb;
  }
  uint8_t top = tophash(hash);
  for (; b != nullptr; b = overflow_of(t, b)) {
    for (uintptr_t i = 0; i < kBucketCnt; i++) {
      uint8_t th = tophashes(b)[i];
      if (th != top) {
        if (th == kEmptyRest) return nullptr;
        continue;
      }
      if (KP::equal(t, key, KP::key(t, b, i))) return deref(t->indirectelem, elem_slot(t, b, i));
    }
  }
  return nullptr;
}

template <class KP>
void* assign_impl(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr) panic_assignment_to_nil_map();
  if (h->load_flags() & kHashWriting) fatal("concurrent map writes");
  uint64_t hash = KP::hash(t, key, h->hash0);
  // Set hashWriting after hashing, as Go does (a hasher may panic there).
  h->store_flags(h->load_flags() ^ kHashWriting);
  yield(YieldPoint::kWriteBegun, h);

  if (h->buckets == nullptr) {
    h->buckets = static_cast<bmap*>(
        h->heap->alloc(t->bucketsize, !t->bucket_has_pointers));
  }

  uint8_t top = tophash(hash);
  uint8_t* inserti;
  char* insertk;
  char* elem;
again:
  {
    uintptr_t bucket = hash & bucket_mask(h->B);
    if (h->growing()) grow_work(t, h, bucket);
    bmap* b = bucket_at(t, h->buckets, bucket);
    inserti = nullptr;
    insertk = nullptr;
    elem = nullptr;
    for (;;) {
      bool stop = false;
      for (uintptr_t i = 0; i < kBucketCnt; i++) {
        uint8_t th = tophashes(b)[i];
        if (th != top) {
          if (is_empty(th) && inserti == nullptr) {
            inserti = &tophashes(b)[i];
            insertk = key_slot(t, b, i);
            elem = elem_slot(t, b, i);
          }
          if (th == kEmptyRest) {
            stop = true;
            break;
          }
          continue;
        }
        char* k = KP::key(t, b, i);
        if (!KP::equal(t, key, k)) continue;
        // The key is present: update it if an equal key can differ in its
        // bits (+0 and -0; a string's new bytes), then return its elem.
        if (t->needkeyupdate) {
          release_value(t->key, h, k);
          store_value(t->key, h, k, key);
        }
        elem = elem_slot(t, b, i);
        goto done;
      }
      if (stop) break;
      bmap* ovf = overflow_of(t, b);
      if (ovf == nullptr) break;
      b = ovf;
    }

    // Not found. Grow if this insert would overload the table or it has
    // too many overflow buckets, unless a grow is already under way; then
    // start over, since growing moves everything.
    if (!h->growing() &&
        (over_load_factor(h->count + 1, h->B) || too_many_overflow_buckets(h->noverflow, h->B))) {
      hash_grow(t, h);
      goto again;
    }

    if (inserti == nullptr) {
      // Every slot of the chain is taken: chain a new bucket.
      bmap* newb = newoverflow(t, h, b);
      inserti = &tophashes(newb)[0];
      insertk = key_slot(t, newb, 0);
      elem = elem_slot(t, newb, 0);
    }

    if (t->indirectkey) {
      void* kmem = h->heap->alloc(t->key.size, !t->key.has_pointers);
      std::memcpy(insertk, &kmem, sizeof kmem);
      insertk = static_cast<char*>(kmem);
    }
    if (t->indirectelem) {
      void* vmem = h->heap->alloc(t->elem.size, !t->elem.has_pointers);
      std::memcpy(elem, &vmem, sizeof vmem);
    }
    store_value(t->key, h, insertk, key);
    *inserti = top;
    h->count++;
  }

done:
  yield(YieldPoint::kWriteEnding, h);
  uint8_t f = h->load_flags();
  if ((f & kHashWriting) == 0) fatal("concurrent map writes");
  h->store_flags(f & ~kHashWriting);
  return deref(t->indirectelem, elem);
}

template <class KP>
void delete_impl(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr || h->count == 0) return;
  if (h->load_flags() & kHashWriting) fatal("concurrent map writes");
  uint64_t hash = KP::hash(t, key, h->hash0);
  h->store_flags(h->load_flags() ^ kHashWriting);
  yield(YieldPoint::kWriteBegun, h);

  uintptr_t bucket = hash & bucket_mask(h->B);
  if (h->growing()) grow_work(t, h, bucket);
  bmap* b = bucket_at(t, h->buckets, bucket);
  bmap* const bOrig = b;
  uint8_t top = tophash(hash);
  for (; b != nullptr; b = overflow_of(t, b)) {
    for (uintptr_t i = 0; i < kBucketCnt; i++) {
      uint8_t th = tophashes(b)[i];
      if (th != top) {
        if (th == kEmptyRest) goto out;
        continue;
      }
      char* kslot = key_slot(t, b, i);
      if (!KP::equal(t, key, KP::key(t, b, i))) continue;
      // Clear the key only where it holds pointers (Go leaves plain keys
      // behind), and always the elem, so that a reused slot reads as zero.
      release_key(t, h, kslot);
      if (t->indirectkey || t->key.has_pointers) std::memset(kslot, 0, t->keysize);
      char* eslot = elem_slot(t, b, i);
      release_elem(t, h, eslot);
      std::memset(eslot, 0, t->elemsize);
      tophashes(b)[i] = kEmptyOne;
      // If the chain holds nothing after this slot, turn the run of
      // emptyOne slots that ends here into emptyRest, walking back across
      // buckets, so that lookups stop early.
      bool last_live = (i == kBucketCnt - 1)
                           ? (overflow_of(t, b) == nullptr ||
                              tophashes(overflow_of(t, b))[0] == kEmptyRest)
                           : tophashes(b)[i + 1] == kEmptyRest;
      if (last_live) {
        uintptr_t j = i;
        for (;;) {
          tophashes(b)[j] = kEmptyRest;
          if (j == 0) {
            if (b == bOrig) break;  // the start of the chain
            bmap* c = b;
            for (b = bOrig; overflow_of(t, b) != c; b = overflow_of(t, b)) {
            }
            j = kBucketCnt - 1;
          } else {
            j--;
          }
          if (tophashes(b)[j] != kEmptyOne) break;
        }
      }
      h->count--;
      // Reseed an emptied map, so that an attacker cannot keep one set of
      // colliding keys working (golang/go#25237).
      if (h->count == 0) h->hash0 = fastrand();
      goto out;
    }
  }
out:
  yield(YieldPoint::kWriteEnding, h);
  uint8_t f = h->load_flags();
  if ((f & kHashWriting) == 0) fatal("concurrent map writes");
  h->store_flags(f & ~kHashWriting);
}

}  // namespace
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
  if (B != 0) {
    bmap* next_overflow;
    h->buckets = make_bucket_array(t, h, B, nullptr, &next_overflow);
    if (next_overflow != nullptr) ensure_extra(h)->nextOverflow = next_overflow;
  }
  return h;
}

void* mapaccess(const MapType* t, hmap* h, const void* key) {
  switch (t->fast) {
    case FastPath::k32: return access_impl<Fast32Keys>(t, h, key);
    case FastPath::k64: return access_impl<Fast64Keys>(t, h, key);
    case FastPath::kStr: return access_impl<StrKeys>(t, h, key);
    case FastPath::kGeneric: break;
  }
  return access_impl<GenericKeys>(t, h, key);
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
  if (h->oldbuckets != nullptr) {
    mark_buckets_empty(t, h->oldbuckets, h->noldbuckets());
    release_buckets(h, /*old=*/true);
  }

  h->store_flags(h->load_flags() & ~kSameSizeGrow);
  h->oldbuckets = nullptr;
  h->nevacuate = 0;
  h->noverflow = 0;
  h->count = 0;
  h->hash0 = fastrand();

  // Keep the mapextra but drop the overflow buckets; the array is cleared
  // and its preallocated overflow buckets are handed out afresh.
  if (h->extra != nullptr) {
    for (bmap* ovf : h->extra->overflow) h->heap->release(ovf);
    *h->extra = mapextra{};
  }
  bmap* next_overflow;
  make_bucket_array(t, h, h->B, h->buckets, &next_overflow);
  if (next_overflow != nullptr) ensure_extra(h)->nextOverflow = next_overflow;

  yield(YieldPoint::kWriteEnding, h);
  uint8_t f = h->load_flags();
  if ((f & kHashWriting) == 0) fatal("concurrent map writes");
  h->store_flags(f & ~kHashWriting);
}

void freemap(const MapType* t, hmap* h) {
  if (h == nullptr) return;
  release_entries(t, h);
  if (h->oldbuckets != nullptr) release_buckets(h, /*old=*/true);
  if (h->buckets != nullptr) release_buckets(h, /*old=*/false);
  delete h->extra;
  delete h;
}

}  // namespace gomap
