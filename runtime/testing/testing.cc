#include "gomap/testing.h"

#include <sstream>

#include "gomap/internal/fastrand.h"
#include "gomap/internal/map_internal.h"

namespace gomap {

using namespace internal;

namespace {

ChainView view_chain(const MapType* t, bmap* b) {
  ChainView chain;
  for (; b != nullptr; b = overflow_of(t, b)) {
    BucketView v{};
    for (int i = 0; i < kBucketCnt; i++) {
      v.tophash[i] = tophashes(b)[i];
      if (v.tophash[i] >= kMinTopHash) {
        v.keys[i] = deref(t->indirectkey, key_slot(t, b, i));
        v.elems[i] = deref(t->indirectelem, elem_slot(t, b, i));
      }
    }
    chain.push_back(v);
  }
  return chain;
}

}  // namespace

HeaderView header_view(const hmap* h) {
  HeaderView v;
  if (h == nullptr) return v;
  v.nil = false;
  v.count = h->count;
  v.flags = h->load_flags();
  v.B = h->B;
  v.noverflow = h->noverflow;
  v.hash0 = h->hash0;
  v.nevacuate = h->nevacuate;
  if (h->oldbuckets != nullptr) {
    v.oldB = h->oldB();
    v.old_array = reinterpret_cast<uintptr_t>(h->oldbuckets);
  }
  return v;
}

MapView inspect(const MapType* t, const hmap* ch) {
  MapView v;
  static_cast<HeaderView&>(v) = header_view(ch);
  if (ch == nullptr) return v;
  hmap* h = const_cast<hmap*>(ch);
  if (h->buckets != nullptr) {
    for (uintptr_t i = 0; i < bucket_shift(h->B); i++)
      v.buckets.push_back(view_chain(t, bucket_at(t, h->buckets, i)));
  }
  if (h->oldbuckets != nullptr) {
    for (uintptr_t i = 0; i < h->noldbuckets(); i++)
      v.oldbuckets.push_back(view_chain(t, bucket_at(t, h->oldbuckets, i)));
  }
  return v;
}

void set_hash0(hmap* h, uint32_t seed) { h->hash0 = seed; }

void mapiterinit_at(const MapType* t, hmap* h, hiter* it, uint64_t start, uint8_t offset) {
  internal::mapiterinit_at(t, h, it, start, offset);
}

void seed_fastrand(uint64_t seed) { t_fastrand.s = seed; }

namespace {

class Checker {
 public:
  Checker(const MapType* t, hmap* h) : t_(t), h_(h) {}

  std::optional<std::string> run() {
    check_header();
    if (!failed() && h_->buckets != nullptr) check_current();
    if (!failed() && h_->oldbuckets != nullptr) check_old();
    if (!failed() && live_ != h_->count)
      fail() << "I2: count is " << h_->count << " but " << live_ << " slots are live";
    if (failed()) return msg_->str();
    return std::nullopt;
  }

 private:
  bool failed() const { return msg_.has_value(); }
  // The stream is made only on a failure: constructing one per call would
  // cost more than the whole check of a small map.
  std::ostringstream& fail() {
    if (!msg_) msg_.emplace();
    return *msg_;
  }

  void check_header() {
    uint8_t f = h_->load_flags();
    if (f & ~(kIterator | kOldIterator | kSameSizeGrow | kHashWriting))
      fail() << "I1: unknown flag bits in 0x" << std::hex << int(f);
    else if (f & kHashWriting)
      fail() << "I1: hashWriting is set between operations";
    else if (h_->count < 0)
      fail() << "I2: negative count " << h_->count;
    else if (h_->count > 0 && h_->buckets == nullptr)
      fail() << "I3: count " << h_->count << " with no bucket array";
    else if (h_->B > 0 && h_->buckets == nullptr)
      fail() << "I3: B=" << int(h_->B) << " with no bucket array";
    else if (!h_->growing() && (f & kSameSizeGrow))
      fail() << "I4: sameSizeGrow set while not growing";
    else if (!h_->growing() && h_->nevacuate != 0 && h_->nevacuate != bucket_shift(h_->B) &&
             h_->nevacuate != bucket_shift(h_->B) / 2)
      // A finished grow leaves nevacuate at its old bucket count (Go resets
      // it only when the next grow starts, or on clear).
      fail() << "I5: nevacuate=" << h_->nevacuate << " while not growing with B=" << int(h_->B);
    else if (h_->growing() && h_->nevacuate >= h_->noldbuckets())
      fail() << "I5: nevacuate=" << h_->nevacuate << " not below the " << h_->noldbuckets()
             << " old buckets while growing";
    else if (h_->growing() && !h_->same_size_grow() && h_->B == 0)
      fail() << "I4: doubling grow with B=0";
  }

  // Walks a chain's slots in order, checking the empty marks. Returns the
  // number of overflow buckets in the chain.
  size_t check_chain_marks(bmap* first, const char* what, uintptr_t index) {
    size_t overflows = 0;
    bool seen_rest = false;
    uint8_t prev = 255;
    for (bmap* b = first; b != nullptr && !failed(); b = overflow_of(t_, b)) {
      if (b != first) overflows++;
      for (int i = 0; i < kBucketCnt; i++) {
        uint8_t th = tophashes(b)[i];
        if (seen_rest && th != kEmptyRest) {
          fail() << "I7: " << what << " " << index << ": slot " << i << " of bucket " << overflows
                 << " has tophash " << int(th) << " after an emptyRest";
          return overflows;
        }
        if (th == kEmptyRest) {
          if (prev == kEmptyOne) {
            fail() << "I7: " << what << " " << index << ": emptyOne directly before emptyRest";
            return overflows;
          }
          seen_rest = true;
        }
        prev = th;
      }
    }
    if (!failed() && prev == kEmptyOne)
      fail() << "I7: " << what << " " << index
             << ": the chain ends in emptyOne (should be emptyRest)";
    return overflows;
  }

  // A live slot's key must hash to its bucket and tophash (NaNs excepted,
  // whose hash is random). With the chain's empty marks in order and the
  // evacuation state consistent (checked apart), that is what makes a lookup
  // find it; a lookup is not repeated here, which keeps the check cheap
  // enough to run after every fuzzed statement.
  void check_live(bmap* b, int i, uintptr_t index, uintptr_t mask, const char* what) {
    uint8_t th = tophashes(b)[i];
    char* k = deref(t_->indirectkey, key_slot(t_, b, i));
    if (!t_->reflexivekey && !t_->equal(k, k)) return;
    uint64_t hash = t_->hasher(k, h_->hash0);
    // Go's tophash, restated rather than taken from the code under check.
    uint8_t want = static_cast<uint8_t>(hash >> 56);
    if (want < kMinTopHash) want += kMinTopHash;
    if (want != th) {
      fail() << "I8: " << what << " " << index << " slot " << i << ": tophash " << int(th)
             << " but the key hashes to " << int(want);
    } else if ((hash & mask) != index) {
      fail() << "I8: " << what << " " << index << " slot " << i << ": the key belongs in bucket "
             << (hash & mask);
    }
  }

  void check_current() {
    uintptr_t n = bucket_shift(h_->B);
    size_t overflows = 0;
    for (uintptr_t i = 0; i < n && !failed(); i++) {
      bmap* first = bucket_at(t_, h_->buckets, i);
      overflows += check_chain_marks(first, "bucket", i);
      bool old_unevacuated = false;
      if (h_->growing()) {
        old_unevacuated = !evacuated(bucket_at(t_, h_->oldbuckets, i & h_->oldbucketmask()));
      }
      for (bmap* b = first; b != nullptr && !failed(); b = overflow_of(t_, b)) {
        for (int j = 0; j < kBucketCnt && !failed(); j++) {
          uint8_t th = tophashes(b)[j];
          if (th > kEmptyOne && th < kMinTopHash) {
            fail() << "I6: bucket " << i << " slot " << j << ": evacuation mark " << int(th)
                   << " in the current array";
          } else if (th >= kMinTopHash) {
            live_++;
            if (old_unevacuated) {
              fail() << "I9: bucket " << i << " has entries but its old bucket "
                     << (i & h_->oldbucketmask()) << " is not evacuated";
            } else {
              check_live(b, j, i, bucket_mask(h_->B), "bucket");
            }
          }
        }
      }
    }
    // Below 2^16 buckets noverflow counts every overflow bucket exactly.
    if (!failed() && h_->B < 16 && overflows != h_->noverflow)
      fail() << "I10: noverflow=" << h_->noverflow << " but the chains hold " << overflows
             << " overflow buckets";
  }

  void check_old() {
    uintptr_t n = h_->noldbuckets();
    for (uintptr_t i = 0; i < n && !failed(); i++) {
      bmap* first = bucket_at(t_, h_->oldbuckets, i);
      bool ev = evacuated(first);
      if (i < h_->nevacuate && !ev) {
        fail() << "I5: old bucket " << i << " is below nevacuate=" << h_->nevacuate
               << " but not evacuated";
        return;
      }
      if (!ev) check_chain_marks(first, "old bucket", i);
      for (bmap* b = first; b != nullptr && !failed(); b = overflow_of(t_, b)) {
        for (int j = 0; j < kBucketCnt && !failed(); j++) {
          uint8_t th = tophashes(b)[j];
          bool mark = th > kEmptyOne && th < kMinTopHash;
          if (ev && !mark) {
            fail() << "I6: old bucket " << i << " is evacuated but slot " << j << " has tophash "
                   << int(th);
          } else if (!ev && mark) {
            fail() << "I6: old bucket " << i << " is not evacuated but slot " << j
                   << " has evacuation mark " << int(th);
          } else if (th >= kMinTopHash) {
            live_++;
            check_live(b, j, i, h_->oldbucketmask(), "old bucket");
          }
        }
      }
    }
  }

  const MapType* t_;
  hmap* h_;
  int64_t live_ = 0;
  std::optional<std::ostringstream> msg_;
};

}  // namespace

std::optional<std::string> check_invariants(const MapType* t, const hmap* h) {
  if (h == nullptr) return std::nullopt;
  return Checker(t, const_cast<hmap*>(h)).run();
}

}  // namespace gomap
