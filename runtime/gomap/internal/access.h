// Lookup, assignment and deletion (Go's mapaccess, mapassign and mapdelete
// with their map_fast32.go, map_fast64.go and map_faststr.go variants), as
// templates over a key policy, so that the typed façade (map.h) compiles
// them with its key's hash and equality inlined while the untyped entry
// points (runtime.h) pick an instantiation from MapType::fast, as Go's
// compiler picks a variant from the key type.
//
// The three are always inlined into their callers: into the untyped entry
// points once per variant, and into a typed map's methods, where the
// descriptor is a constant and every size, offset and flag folds away.
//
// The variants differ only in how they scan a bucket, never in what they
// find or where they put an entry, so every path leaves the same layout:
//   generic  compares tophash, then the key; a lookup or delete stops at
//            the first emptyRest slot.
//   fast32/64  compares the key word itself and only then checks that the
//            slot is live; lookups and deletes scan every slot of the chain.
//            No data-dependent exit, so independent lookups overlap their
//            cache misses, which is why Go wrote it this way.
//   faststr  compares tophash and length, then the bytes; scans every slot.
// Outside the include guard, so that every inclusion is checked.
#if !defined(GOMAP_RUNTIME_IMPLEMENTATION) && !defined(GOMAP_PUBLIC_HEADER)
#error \
    "gomap/internal/ is the runtime's own: include gomap/map.h, gomap/runtime.h or gomap/testing.h"
#endif
#ifndef GOMAP_INTERNAL_ACCESS_H_
#define GOMAP_INTERNAL_ACCESS_H_

#include <cstdint>
#include <cstring>

#include "gomap/fatal.h"
#include "gomap/hash.h"
#include "gomap/internal/fastrand.h"
#include "gomap/internal/hmap.h"
#include "gomap/internal/map_internal.h"
#include "gomap/maptype.h"
#include "gomap/yield.h"

namespace gomap::internal {

// Key policies. Each says how to hash a key, where key i of a bucket is,
// whether two keys are equal, how a scan tests a slot, and what it knows of
// every key it serves: the size of a key slot (0: the map type says) and
// whether every key equals itself (so that no NaN needs handling).
struct GenericKeys {
  static constexpr bool kTophashFirst = true;     // skip slots whose tophash differs
  static constexpr bool kStopAtEmptyRest = true;  // lookups and deletes stop at emptyRest
  static constexpr size_t kSlotSize = 0;
  static constexpr bool kReflexive = false;
  static uint64_t hash(const MapType* t, const void* key, uint32_t seed) {
    return t->hasher(key, seed);
  }
  static bool equal(const MapType* t, const void* a, const void* b) { return t->equal(a, b); }
  static char* key(const MapType* t, bmap* b, uintptr_t i) {
    return deref(t->indirectkey, key_slot(t, b, i));
  }
};

template <class Word, uint64_t (*Hash)(const void*, uint64_t)>
struct FixedWidthKeys {
  static constexpr bool kTophashFirst = false;
  static constexpr bool kStopAtEmptyRest = false;
  static constexpr size_t kSlotSize = sizeof(Word);
  static constexpr bool kReflexive = true;
  static uint64_t hash(const MapType*, const void* key, uint32_t seed) { return Hash(key, seed); }
  static bool equal(const MapType*, const void* a, const void* b) {
    Word x, y;
    std::memcpy(&x, a, sizeof x);
    std::memcpy(&y, b, sizeof y);
    return x == y;
  }
  static char* key(const MapType*, bmap* b, uintptr_t i) {
    return bytes(b) + kDataOffset + i * kSlotSize;
  }
};
using Fast32Keys = FixedWidthKeys<uint32_t, memhash32>;
using Fast64Keys = FixedWidthKeys<uint64_t, memhash64>;

struct StrKeys {
  static constexpr bool kTophashFirst = true;
  static constexpr bool kStopAtEmptyRest = false;
  static constexpr size_t kSlotSize = sizeof(GoString);
  static constexpr bool kReflexive = true;
  static uint64_t hash(const MapType*, const void* key, uint32_t seed) {
    return strhash(key, seed);
  }
  static bool equal(const MapType*, const void* a, const void* b) { return strequal(a, b); }
  static char* key(const MapType*, bmap* b, uintptr_t i) {
    return bytes(b) + kDataOffset + i * kSlotSize;
  }
};

// A string the map owns: a copy of src's bytes from the map's heap.
inline GoString clone_string(hmap* h, const GoString& src) {
  if (src.len == 0) return GoString{nullptr, 0};
  char* p = static_cast<char*>(h->heap->alloc(static_cast<size_t>(src.len), nullptr));
  std::memcpy(p, src.ptr, static_cast<size_t>(src.len));
  return GoString{p, src.len};
}

// Copies a value into map-owned storage at dst (typedmemmove, plus the copy
// of a string's bytes the port owns).
inline void store_value(const TypeDesc& type, hmap* h, char* dst, const void* src) {
  if (type.alg == TypeAlg::kString) {
    GoString s = clone_string(h, *static_cast<const GoString*>(src));
    slot_barrier(h, type, false, dst, reinterpret_cast<const char*>(&s));
    std::memcpy(dst, &s, sizeof s);
  } else {
    slot_barrier(h, type, false, dst, static_cast<const char*>(src));
    std::memcpy(dst, src, type.size);
  }
}

inline void release_value(const TypeDesc& type, hmap* h, char* value) {
  if (type.alg == TypeAlg::kString) {
    GoString s;
    std::memcpy(&s, value, sizeof s);
    if (s.len != 0) h->heap->release(const_cast<char*>(s.ptr), static_cast<size_t>(s.len));
  }
}

// Whether a stored value holds memory the map allocated for it (an indirect
// slot's object, a string's bytes), which the map must release with it.
inline bool owns_memory(const TypeDesc& type, bool indirect) {
  return indirect || type.alg == TypeAlg::kString;
}

// Where a lookup or delete found its key: slot i of bucket b, b nullptr
// when the chain does not hold it.
struct Slot {
  bmap* b;
  uintptr_t i;
};

// The slot of key (whose hash has tophash top) in the chain starting at b.
template <class KP>
[[gnu::always_inline]] inline Slot find_slot(const MapType* t, bmap* b, const void* key,
                                             uint8_t top) {
  for (; b != nullptr; b = overflow_of(t, b)) {
    for (uintptr_t i = 0; i < kBucketCnt; i++) {
      if constexpr (KP::kTophashFirst) {
        if (tophashes(b)[i] == top && KP::equal(t, key, KP::key(t, b, i))) return {b, i};
      } else {
        if (KP::equal(t, key, KP::key(t, b, i)) && !is_empty(tophashes(b)[i])) return {b, i};
      }
      // Nothing follows an emptyRest slot.
      if (KP::kStopAtEmptyRest && tophashes(b)[i] == kEmptyRest) return {nullptr, 0};
    }
  }
  return {nullptr, 0};
}

// The chain a lookup of hash walks: its bucket, or while the table grows and
// that bucket's old bucket is not yet evacuated, the old bucket, which still
// holds the entries bound for it.
inline bmap* lookup_bucket(const MapType* t, const hmap* h, uint64_t hash) {
  uintptr_t m = bucket_mask(h->B);
  bmap* b = bucket_at(t, h->buckets, hash & m);
  if (bmap* c = h->oldbuckets) [[unlikely]] {
    if (!h->same_size_grow()) m >>= 1;
    bmap* oldb = bucket_at(t, c, hash & m);
    if (!evacuated(oldb)) b = oldb;
  }
  return b;
}

// Whether a lookup checks hashWriting: mapaccess1/2 do; mapaccessK, the
// iterator's re-lookup of a moved entry, does not (mapiternext checked).
enum class Checked : bool { kNo, kYes };

// The entry for key: its key and elem, both nullptr when absent.
template <class KP, Checked kChecked = Checked::kYes>
[[gnu::always_inline]] inline KeyElem access_impl(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr || h->count == 0) return {nullptr, nullptr};
  if constexpr (kChecked == Checked::kYes) {
    if (h->load_flags() & kHashWriting) fatal("concurrent map read and map write");
    yield(YieldPoint::kAccessChecked, h);
  }
  uint64_t hash = KP::hash(t, key, h->hash0);
  Slot s = find_slot<KP>(t, lookup_bucket(t, h, hash), key, tophash(hash));
  if (s.b == nullptr) return {nullptr, nullptr};
  return {KP::key(t, s.b, s.i), deref(t->indirectelem, elem_slot(t, s.b, s.i))};
}

// Ends a write begun by setting hashWriting; a writer that finds the flag
// already cleared has raced with another.
inline void end_write(hmap* h) {
  yield(YieldPoint::kWriteEnding, h);
  uint8_t f = h->load_flags();
  if ((f & kHashWriting) == 0) fatal("concurrent map writes");
  h->store_flags(f & ~kHashWriting);
}

template <class KP>
[[gnu::always_inline]] inline void* assign_impl(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr) panic_assignment_to_nil_map();
  if (h->load_flags() & kHashWriting) fatal("concurrent map writes");
  yield(YieldPoint::kWriteHashing, h);
  uint64_t hash = KP::hash(t, key, h->hash0);
  // Set hashWriting after hashing, as Go does (a hasher may panic there).
  h->store_flags(h->load_flags() ^ kHashWriting);
  yield(YieldPoint::kWriteBegun, h);

  if (h->buckets == nullptr) [[unlikely]] {
    store_ptr(h, h->buckets,
              static_cast<bmap*>(h->heap->alloc(
                  t->bucketsize, t->bucket_has_pointers ? &t->bucket_ptrs : nullptr)));
    keep_overflow(t, h);
  }

  uint8_t top = tophash(hash);
  uint8_t* inserti;
  char* insertk;
  char* elem;
again:
  uintptr_t bucket = hash & bucket_mask(h->B);
  if (h->growing()) grow_work<KP>(t, h, bucket);
  bmap* b = bucket_at(t, h->buckets, bucket);
  inserti = nullptr;
  insertk = nullptr;
  elem = nullptr;
  for (;;) {
    bool stop = false;
    for (uintptr_t i = 0; i < kBucketCnt; i++) {
      uint8_t th = tophashes(b)[i];
      if (is_empty(th)) {
        if (inserti == nullptr) {
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
      if constexpr (KP::kTophashFirst) {
        if (th != top) continue;
      }
      char* k = KP::key(t, b, i);
      if (!KP::equal(t, key, k)) continue;
      // The key is present. Go stores the new key when an equal key can
      // differ in its bits: +0 over -0, and a string's new pointer. The
      // port's string keys are its own copies of equal bytes, so only the
      // bits of other keys need storing.
      if (t->needkeyupdate && t->key.alg != TypeAlg::kString) std::memcpy(k, key, t->key.size);
      elem = elem_slot(t, b, i);
      end_write(h);
      return deref(t->indirectelem, elem);
    }
    if (stop) break;
    bmap* ovf = overflow_of(t, b);
    if (ovf == nullptr) break;
    b = ovf;
  }

  // Not found. Grow if this insert would overload the table or it has too
  // many overflow buckets, unless a grow is already under way; then start
  // over, since growing moves everything.
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
    void* kmem = h->heap->alloc(t->key.size, t->key.has_pointers ? &t->key_ptrs : nullptr);
    slot_barrier(h, t->key, true, insertk, reinterpret_cast<const char*>(&kmem));
    std::memcpy(insertk, &kmem, sizeof kmem);
    insertk = static_cast<char*>(kmem);
  }
  if (t->indirectelem) {
    void* vmem = h->heap->alloc(t->elem.size, t->elem.has_pointers ? &t->elem_ptrs : nullptr);
    slot_barrier(h, t->elem, true, elem, reinterpret_cast<const char*>(&vmem));
    std::memcpy(elem, &vmem, sizeof vmem);
  }
  store_value(t->key, h, insertk, key);
  *inserti = top;
  h->count++;
  end_write(h);
  return deref(t->indirectelem, elem);
}

// Empties slot i of b, the entry just found by delete_impl in the chain
// starting at bOrig, and keeps emptyRest exact. Inlined into delete_impl,
// so that a typed map's delete folds the descriptor's flags here too (out
// of line, it tested each of them on every delete).
[[gnu::always_inline]] inline void delete_slot(const MapType* t, hmap* h, bmap* bOrig, bmap* b,
                                               uintptr_t i) {
  // Clear the key only where it holds pointers (Go leaves plain keys
  // behind), and always the elem, so that a reused slot reads as zero.
  char* kslot = key_slot(t, b, i);
  if (owns_memory(t->key, t->indirectkey)) release_key(t, h, kslot);
  if (t->indirectkey || t->key.has_pointers) {
    slot_barrier(h, t->key, t->indirectkey, kslot, nullptr);
    std::memset(kslot, 0, t->keysize);
  }
  char* eslot = elem_slot(t, b, i);
  if (owns_memory(t->elem, t->indirectelem)) release_elem(t, h, eslot);
  slot_barrier(h, t->elem, t->indirectelem, eslot, nullptr);
  std::memset(eslot, 0, t->elemsize);
  tophashes(b)[i] = kEmptyOne;
  // If the chain holds nothing after this slot, turn the run of emptyOne
  // slots that ends here into emptyRest, walking back across buckets, so
  // that lookups stop early.
  bool last_live = (i == kBucketCnt - 1) ? (overflow_of(t, b) == nullptr ||
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
}

template <class KP>
[[gnu::always_inline]] inline void delete_impl(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr || h->count == 0) return;
  if (h->load_flags() & kHashWriting) fatal("concurrent map writes");
  yield(YieldPoint::kWriteHashing, h);
  uint64_t hash = KP::hash(t, key, h->hash0);
  h->store_flags(h->load_flags() ^ kHashWriting);
  yield(YieldPoint::kWriteBegun, h);

  uintptr_t bucket = hash & bucket_mask(h->B);
  if (h->growing()) grow_work<KP>(t, h, bucket);
  bmap* const bOrig = bucket_at(t, h->buckets, bucket);
  Slot s = find_slot<KP>(t, bOrig, key, tophash(hash));
  if (s.b != nullptr) delete_slot(t, h, bOrig, s.b, s.i);
  end_write(h);
}

}  // namespace gomap::internal

#endif  // GOMAP_INTERNAL_ACCESS_H_
