// Stepping an iteration (Go's mapiternext), inline so that a typed map's
// range loop compiles it with its descriptor as a constant.
//
// An iteration walks the bucket array it started on, from a random bucket
// and a random slot offset, wrapping around once. If the table started
// growing after the iteration began, that array is now oldbuckets and the
// walk simply continues over it; moved entries are looked up again in the
// new table, so that a deleted one is skipped and an updated one shows its
// current elem. If the iteration began while the table was already growing
// (it.B == h.B), it walks the new array, but for a new bucket whose old
// bucket is not yet evacuated it walks that old bucket instead and keeps
// only the entries bound for the new bucket (checkBucket).
// Outside the include guard, so that every inclusion is checked.
#if !defined(GOMAP_RUNTIME_IMPLEMENTATION) && !defined(GOMAP_PUBLIC_HEADER)
#error \
    "gomap/internal/ is the runtime's own: include gomap/map.h, gomap/runtime.h or gomap/testing.h"
#endif
#ifndef GOMAP_INTERNAL_ITER_NEXT_H_
#define GOMAP_INTERNAL_ITER_NEXT_H_

#include <bit>
#include <cstdint>
#include <cstring>

#include "gomap/fatal.h"
#include "gomap/internal/hmap.h"
#include "gomap/internal/map_internal.h"
#include "gomap/maptype.h"
#include "gomap/yield.h"

namespace gomap::internal {

// A bucket's eight tophashes as one word, slot s in byte s.
inline uint64_t tophash_word(bmap* b) {
  static_assert(kBucketCnt == 8 && std::endian::native == std::endian::little);
  uint64_t w;
  std::memcpy(&w, tophashes(b), sizeof w);
  return w;
}

// The slots an iteration must look at in the bucket whose tophash_word is
// w, all at once: bit i stands for slot (i + offset) mod 8, the i-th slot
// in the iteration's order. Go tests slot by slot whether it is empty or
// evacuatedEmpty; here the eight tophashes are tested together, as one
// word, and the loop visits only the set bits. The slots visited, and
// their order, are Go's.
inline uint32_t slots_to_visit(uint64_t w, uint8_t offset) {
  static_assert(kBucketCnt == 8 && kEmptyOne == 1 && kEvacuatedX == 2 && kEvacuatedY == 3 &&
                kEvacuatedEmpty == 4 && kMinTopHash == 5);
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full, kHigh = 0x8080808080808080ull;
  // High bit of each byte: tophash >= minTopHash (live). Adding 0x7B to the
  // low seven bits carries into the high bit from 5 up.
  uint64_t live = (((w & kLow7) + 0x7B7B7B7B7B7B7B7Bull) | w) & kHigh;
  // High bit of each byte: tophash is evacuatedX or evacuatedY (moved), i.e.
  // tophash with its low bit cleared is 2: that xor 2 has no bit set.
  uint64_t y = (w & 0xFEFEFEFEFEFEFEFEull) ^ 0x0202020202020202ull;
  uint64_t moved = ~(((y & kLow7) + kLow7) | y) & kHigh;
  // Gather the eight high bits into one byte, slot s at bit s.
  uint64_t bits = (live | moved) >> 7;
  uint32_t mask = static_cast<uint32_t>((bits * 0x0102040810204080ull) >> 56);
  return ((mask >> offset) | (mask << (kBucketCnt - offset))) & 0xFFu;
}

inline void prefetch_bucket(const MapType* t, bmap* array, uintptr_t i) {
  const char* p = bytes(bucket_at(t, array, i));
  for (uintptr_t off = 0; off < t->bucketsize; off += 64) __builtin_prefetch(p + off);
}

// Moves it to the next entry; it->key is nullptr at the end. t is it->t.
[[gnu::always_inline]] inline void iter_next(const MapType* t, hiter* it) {
  hmap* h = it->h;
  if (h == nullptr) {
    it->key = nullptr;
    it->elem = nullptr;
    return;
  }
  yield(YieldPoint::kIterStep, h);
  if (h->load_flags() & kHashWriting) fatal("concurrent map iteration and map write");
  uintptr_t bucket = it->bucket;
  bmap* b = it->bptr;
  uintptr_t i = it->i;
  uintptr_t checkBucket = it->checkBucket;

  for (;;) {
    if (b == nullptr) {
      if (bucket == it->startBucket && it->wrapped) {
        it->key = nullptr;
        it->elem = nullptr;
        return;
      }
      if (h->growing() && it->B == h->B) {
        // The iteration began during this grow. If the old bucket feeding
        // this new bucket is not evacuated yet, walk it instead, keeping
        // only the entries that will move to this bucket.
        uintptr_t oldbucket = bucket & h->oldbucketmask();
        b = bucket_at(t, h->oldbuckets, oldbucket);
        if (!evacuated(b)) {
          checkBucket = bucket;
        } else {
          b = bucket_at(t, it->buckets, bucket);
          checkBucket = kNoCheck;
        }
      } else {
        b = bucket_at(t, it->buckets, bucket);
        checkBucket = kNoCheck;
      }
      bucket++;
      if (bucket == bucket_shift(it->B)) {
        bucket = 0;
        it->wrapped = true;
      }
      i = 0;
      // The walk is sequential: fetch the bucket after next while this one
      // is being produced, since a step is too short for the hardware
      // prefetcher to get ahead of it.
      prefetch_bucket(t, it->buckets, (bucket + 1) & bucket_mask(it->B));
    }
    // A slot's tophash comes out of the word already in a register, not from
    // memory again: the load would sit on the step's dependency chain.
    uint64_t word = tophash_word(b);
    for (uint32_t visit = slots_to_visit(word, it->offset) & (0xFFu << i); visit != 0;
         visit &= visit - 1) {
      i = static_cast<uintptr_t>(__builtin_ctz(visit));
      uintptr_t offi = (i + it->offset) & (kBucketCnt - 1);
      uint8_t th = static_cast<uint8_t>(word >> (8 * offi));
      char* k = deref(t->indirectkey, key_slot(t, b, offi));
      char* e = elem_slot(t, b, offi);
      if (checkBucket != kNoCheck && !h->same_size_grow()) {
        if (t->reflexivekey || t->equal(k, k)) {
          // Keep the entry only if it belongs to the new bucket we are
          // producing (the other half goes to its sibling).
          uint64_t hash = t->hasher(k, h->hash0);
          if ((hash & bucket_mask(it->B)) != checkBucket) continue;
        } else {
          // A NaN: its hash cannot be recomputed, so the low bit of its
          // tophash decides, as it will when evacuate moves it.
          if ((checkBucket >> (it->B - 1)) != uintptr_t(th & 1)) continue;
        }
      }
      if ((th != kEvacuatedX && th != kEvacuatedY) || !(t->reflexivekey || t->equal(k, k))) {
        // Still in place (or a NaN, which cannot be looked up, and cannot
        // have been updated or deleted since): this slot is the truth.
        it->key = k;
        it->elem = deref(t->indirectelem, e);
      } else {
        // The entry moved; the copy here may be stale or deleted.
        KeyElem found = mapaccess_k(t, h, k);
        if (found.key == nullptr) continue;  // deleted
        it->key = found.key;
        it->elem = found.elem;
      }
      it->bucket = bucket;
      it->bptr = b;
      it->i = static_cast<uint8_t>(i + 1);
      it->checkBucket = checkBucket;
      return;
    }
    b = overflow_of(t, b);
    i = 0;
  }
}

}  // namespace gomap::internal

#endif  // GOMAP_INTERNAL_ITER_NEXT_H_
