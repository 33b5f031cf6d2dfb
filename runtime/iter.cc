// Iteration (Go's mapiterinit and mapiternext).
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

#include "gomap/hash.h"
#include "gomap/internal/fastrand.h"
#include "gomap/internal/map_internal.h"
#include "gomap/runtime.h"
#include "gomap/yield.h"

namespace gomap {

using namespace internal;

namespace internal {

KeyElem mapaccess_k(const MapType* t, hmap* h, const void* key) {
  if (h == nullptr || h->count == 0) return {nullptr, nullptr};
  uint64_t hash = t->hasher(key, h->hash0);
  uintptr_t m = bucket_mask(h->B);
  bmap* b = bucket_at(t, h->buckets, hash & m);
  if (bmap* c = h->oldbuckets) {
    if (!h->same_size_grow()) m >>= 1;
    bmap* oldb = bucket_at(t, c, hash & m);
    if (!evacuated(oldb)) b = oldb;
  }
  uint8_t top = tophash(hash);
  for (; b != nullptr; b = overflow_of(t, b)) {
    for (uintptr_t i = 0; i < kBucketCnt; i++) {
      uint8_t th = tophashes(b)[i];
      if (th != top) {
        if (th == kEmptyRest) return {nullptr, nullptr};
        continue;
      }
      char* k = deref(t->indirectkey, key_slot(t, b, i));
      if (t->equal(key, k)) return {k, deref(t->indirectelem, elem_slot(t, b, i))};
    }
  }
  return {nullptr, nullptr};
}

}  // namespace internal

namespace {

// Everything of mapiterinit but the choice of start and the first step.
bool iter_begin(const MapType* t, hmap* h, hiter* it) {
  it->t = t;
  it->key = nullptr;
  it->elem = nullptr;
  it->h = nullptr;
  if (h == nullptr || h->count == 0) return false;
  it->h = h;
  // Remember the array and its size: a grow during the iteration must not
  // change what this iteration walks.
  it->B = h->B;
  it->buckets = h->buckets;
  if (it->pinned != h->heap) {
    // A reused hiter may still pin another map's heap.
    if (it->pinned != nullptr) it->pinned->unpin();
    it->pinned = h->heap;
    it->pinned->pin();
  }
  return true;
}

void iter_start(hiter* it, hmap* h, uintptr_t start, uint8_t offset) {
  it->startBucket = start & bucket_mask(it->B);
  it->offset = offset & (kBucketCnt - 1);
  it->bucket = it->startBucket;
  it->wrapped = false;
  it->bptr = nullptr;
  it->i = 0;
  it->checkBucket = 0;
  // Another iteration may set the same bits at the same moment: an atomic
  // or, and only when a bit is missing.
  uint8_t old = h->load_flags();
  if ((old & (kIterator | kOldIterator)) != (kIterator | kOldIterator))
    h->flags.fetch_or(kIterator | kOldIterator, std::memory_order_relaxed);
  mapiternext(it);
}

}  // namespace

void mapiterinit(const MapType* t, hmap* h, hiter* it) {
  if (!iter_begin(t, h, it)) return;
  // One random number picks both: the low B bits the bucket, the next three
  // the offset. Above 2^28 buckets 32 random bits are not enough.
  uint64_t r = h->B > 31 - kBucketCntBits ? fastrand64() : fastrand();
  iter_start(it, h, r & bucket_mask(h->B), static_cast<uint8_t>((r >> h->B) & (kBucketCnt - 1)));
}

void mapiterinit_at(const MapType* t, hmap* h, hiter* it, uint64_t start, uint8_t offset) {
  if (!iter_begin(t, h, it)) return;
  iter_start(it, h, start, offset);
}

void mapiternext(hiter* it) {
  hmap* h = it->h;
  if (h == nullptr) {
    it->key = nullptr;
    it->elem = nullptr;
    return;
  }
  yield(YieldPoint::kIterStep, h);
  if (h->load_flags() & kHashWriting) fatal("concurrent map iteration and map write");
  const MapType* t = it->t;
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
    }
    for (; i < kBucketCnt; i++) {
      uintptr_t offi = (i + it->offset) & (kBucketCnt - 1);
      uint8_t th = tophashes(b)[offi];
      if (is_empty(th) || th == kEvacuatedEmpty) continue;
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

}  // namespace gomap
