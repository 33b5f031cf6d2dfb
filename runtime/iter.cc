// Iteration (Go's mapiterinit and mapiternext): starting an iteration, and
// the lookup that finds a moved entry again. Stepping is in
// internal/iter_next.h.

#include <cstring>

#include "gomap/hash.h"
#include "gomap/internal/access.h"
#include "gomap/internal/fastrand.h"
#include "gomap/internal/iter_next.h"
#include "gomap/internal/map_internal.h"
#include "gomap/runtime.h"
#include "gomap/yield.h"

namespace gomap {

using namespace internal;

namespace internal {

KeyElem mapaccess_k(const MapType* t, hmap* h, const void* key) {
  return access_impl<GenericKeys, Checked::kNo>(t, h, key);
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
  it->overflow = it->oldoverflow = nullptr;
  if (!t->bucket_has_pointers && h->extra != nullptr) {
    // Keep the overflow buckets this iteration may walk alive (the
    // collector scans no bucket of this map). Port only: Go creates the
    // slice here if it is missing (createOverflow), a write that races with
    // another iteration's; the port's writers keep it in place instead
    // (keep_overflow), so an iteration only reads.
    it->overflow = h->extra->overflow;
    it->oldoverflow = h->extra->oldoverflow;
  }
  if (it->heap != h->heap) {
    // A reused hiter may still be known to another map's heap.
    if (it->heap != nullptr) it->heap->iter_ended(it);
    it->heap = h->heap;
    it->heap->iter_began(it);
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
  yield(YieldPoint::kIterInit, h);
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

void internal::mapiterinit_at(const MapType* t, hmap* h, hiter* it, uint64_t start,
                              uint8_t offset) {
  if (!iter_begin(t, h, it)) return;
  iter_start(it, h, start, offset);
}

void mapiternext(hiter* it) { internal::iter_next(it->t, it); }

}  // namespace gomap
