// Growth and incremental evacuation (Go's hashGrow, growWork, evacuate,
// advanceEvacuationMark).
//
// hashGrow only swaps arrays: the old one moves to oldbuckets and a new one
// (twice the size, or the same size) takes its place. The entries move
// later, two old buckets per write: the one the write needs and the one at
// nevacuate, the low-water mark below which every old bucket is evacuated.
// In a doubling grow, old bucket i splits into new buckets i ("X") and
// i + 2^oldB ("Y") by the hash bit that B gained.

#include <cstring>

#include "gomap/internal/access.h"
#include "gomap/internal/map_internal.h"
#include "gomap/yield.h"

namespace gomap::internal {

void hash_grow(const MapType* t, hmap* h) {
  // Double unless the load is fine, which means overflow buckets are the
  // problem: then grow to the same size, which packs them.
  uint8_t bigger = 1;
  uint8_t flags = h->load_flags();
  if (!over_load_factor(h->count + 1, h->B)) {
    bigger = 0;
    flags |= kSameSizeGrow;
  }
  bmap* oldbuckets = h->buckets;
  bmap* next_overflow;
  bmap* newbuckets = make_bucket_array(t, h, h->B + bigger, nullptr, &next_overflow);

  // Iterators of the current array now iterate the old one.
  uint8_t new_flags = flags & ~(kIterator | kOldIterator);
  if (flags & kIterator) new_flags |= kOldIterator;
  h->B += bigger;
  h->store_flags(new_flags);
  store_ptr(h, h->oldbuckets, oldbuckets);
  store_ptr(h, h->buckets, newbuckets);
  h->nevacuate = 0;
  h->noverflow = 0;

  if (h->extra != nullptr && h->extra->overflow != nullptr) {
    // The current overflow buckets become the old generation. Every grow
    // finishes before the next starts, so oldoverflow is nil.
    mapextra* x = h->extra;
    store_ptr(h, x->oldoverflow, x->overflow);
    store_ptr(h, x->overflow, static_cast<bmapSlice*>(nullptr));
  }
  if (next_overflow != nullptr) store_ptr(h, ensure_extra(h)->nextOverflow, next_overflow);
  keep_overflow(t, h);
  // The entries move in grow_work and evacuate.
  yield(YieldPoint::kGrowStarted, h);
}

namespace {

// Where evacuate puts the next entry for one half.
struct EvacDst {
  bmap* b;  // current destination bucket
  int i;    // next slot in b
};

void advance_evacuation_mark(const MapType* t, hmap* h, uintptr_t newbit) {
  h->nevacuate++;
  // Look at most 1024 buckets ahead for already evacuated ones, to bound
  // the work of one write.
  uintptr_t stop = h->nevacuate + 1024;
  if (stop > newbit) stop = newbit;
  while (h->nevacuate != stop && evacuated(bucket_at(t, h->oldbuckets, h->nevacuate)))
    h->nevacuate++;
  if (h->nevacuate == newbit) {  // newbit is the number of old buckets
    // The grow is done: drop the old array and its overflow buckets.
    release_buckets(t, h, /*old=*/true);
    store_ptr(h, h->oldbuckets, static_cast<bmap*>(nullptr));
    h->store_flags(h->load_flags() & ~kSameSizeGrow);
  }
}

// A key or elem slot's bytes, moved; the common sizes without a call.
inline void copy_slot(char* dst, const char* src, size_t size) {
  switch (size) {
    case 8: std::memcpy(dst, src, 8); break;
    case 16: std::memcpy(dst, src, 16); break;
    default: std::memcpy(dst, src, size);
  }
}

template <class KP>
void evacuate(const MapType* t, hmap* h, uintptr_t oldbucket) {
  bmap* b = bucket_at(t, h->oldbuckets, oldbucket);
  uintptr_t newbit = h->noldbuckets();
  if (!evacuated(b)) {
    // Port only: the kind of grow and the seed, read once rather than after
    // every yield point (an opaque call to the compiler): while this write
    // holds hashWriting nothing else may change them. The iterator flag is
    // still read where Go reads it, since a concurrent mapiterinit may set
    // it. A fast path's keys are never indirect and equal themselves, and
    // its key slot's size is a constant.
    const bool same_size = h->same_size_grow();
    const uint32_t seed = h->hash0;
    const bool indirectkey = KP::kSlotSize == 0 && t->indirectkey;
    const bool reflexivekey = KP::kReflexive || t->reflexivekey;
    const size_t keysize = KP::kSlotSize != 0 ? KP::kSlotSize : t->keysize;
    EvacDst xy[2];
    xy[0] = {bucket_at(t, h->buckets, oldbucket), 0};
    if (!same_size) xy[1] = {bucket_at(t, h->buckets, oldbucket + newbit), 0};

    for (; b != nullptr; b = overflow_of(t, b)) {
      for (uintptr_t i = 0; i < kBucketCnt; i++) {
        uint8_t top = tophashes(b)[i];
        if (is_empty(top)) {
          tophashes(b)[i] = kEvacuatedEmpty;
          continue;
        }
        char* kslot = key_slot(t, b, i);
        char* k = deref(indirectkey, kslot);
        uint8_t useY = 0;
        if (!same_size) {
          uint64_t hash = KP::hash(t, k, seed);
          if (!reflexivekey && (h->load_flags() & kIterator) && !t->equal(k, k)) {
            // A NaN: its hash is random and cannot be recomputed, yet an
            // iterator must find it on the side it expects. Send it by the
            // low bit of its tophash, and give it a fresh random tophash so
            // that NaNs spread over both halves after several grows.
            useY = top & 1;
            top = tophash(hash);
          } else if (hash & newbit) {
            useY = 1;
          }
        }
        tophashes(b)[i] = kEvacuatedX + useY;  // evacuatedX + 1 == evacuatedY
        EvacDst& dst = xy[useY];
        if (dst.i == kBucketCnt) {
          dst.b = newoverflow(t, h, dst.b);
          dst.i = 0;
        }
        tophashes(dst.b)[dst.i] = top;
        // Move the slot as it is: an indirect key or elem keeps its object.
        char* dk = key_slot(t, dst.b, dst.i);
        char* de = elem_slot(t, dst.b, dst.i);
        char* se = elem_slot(t, b, i);
        slot_barrier(h, t->key, indirectkey, dk, kslot);
        copy_slot(dk, kslot, keysize);
        slot_barrier(h, t->elem, t->indirectelem, de, se);
        copy_slot(de, se, t->elemsize);
        dst.i++;
        yield(YieldPoint::kEvacuateEntry, h);
      }
    }
    // Help the collector: drop the old bucket's references, unless an
    // iterator may still walk it. The tophashes stay; they record that the
    // bucket is evacuated. Clearing the link cuts the rest of the chain
    // loose, for the collector to find, so the port releases it here.
    if (!(h->load_flags() & kOldIterator) && t->bucket_has_pointers) {
      bmap* ob = bucket_at(t, h->oldbuckets, oldbucket);
      release_chain(t, h, ob, h->oldbuckets, bucket_array_len(t, h->oldB()));
      clear_barrier(t, h, ob, 1);
      std::memset(bytes(ob) + kDataOffset, 0, t->bucketsize - kDataOffset);
    }
  }
  if (oldbucket == h->nevacuate) advance_evacuation_mark(t, h, newbit);
}

}  // namespace

template <class KP>
void grow_work(const MapType* t, hmap* h, uintptr_t bucket) {
  // Evacuate the old bucket the caller is about to use, then one more to
  // keep the grow moving.
  evacuate<KP>(t, h, bucket & h->oldbucketmask());
  yield(YieldPoint::kBetweenEvacuations, h);
  if (h->growing()) evacuate<KP>(t, h, h->nevacuate);
}

// One per access path, as Go has growWork and growWork_fast32/64/faststr:
// the same moves, with the key's hash called directly.
template void grow_work<GenericKeys>(const MapType*, hmap*, uintptr_t);
template void grow_work<Fast32Keys>(const MapType*, hmap*, uintptr_t);
template void grow_work<Fast64Keys>(const MapType*, hmap*, uintptr_t);
template void grow_work<StrKeys>(const MapType*, hmap*, uintptr_t);

}  // namespace gomap::internal
