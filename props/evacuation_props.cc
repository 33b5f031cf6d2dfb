// Properties of growth and incremental evacuation, each checked after every
// statement of generated programs (mid-growth included). One property per
// invariant; the comment above each states it.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "checks/iteration_model.h"
#include "driver.h"
#include "go_rules.h"
#include "gomap/runtime.h"

namespace gomap::props {
namespace {

using harness::OpCode;

bool is_write(OpCode c) { return c == OpCode::kSet || c == OpCode::kAdd || c == OpCode::kDel; }
bool growing(const MapView& v) { return v.oldB >= 0; }
// Both snapshots inside one grow: its old array is the same one.
bool same_grow(const Snapshot& a, const Snapshot& b) {
  return growing(a.view) && growing(b.view) && a.view.old_array == b.view.old_array;
}
using go::evacuated_mark;

// Every entry is findable at every step of a grow, with its current elem.
RC_GTEST_PROP(Evacuation, EveryEntryIsFindableAtEveryStep, ()) {
  Program p = *programs();
  harness::IterationModel model;
  run_checked(p, [&](const Step& s) {
    model.after(s.op, s.step.reached);
    for (const auto& [key, elem] : model.contents()) {
      std::optional<harness::Value> got = s.port.get(key);
      RC_ASSERT(got.has_value());
      RC_ASSERT(got->i == elem.i);
    }
  });
}

// I2: count equals the live slots in unevacuated old buckets plus the live
// slots in the new buckets.
RC_GTEST_PROP(Evacuation, CountEqualsLiveSlots, ()) {
  run_checked(*programs({Kind::kFloat64, true, true, true}), [](const Step& s) {
    RC_ASSERT(s.after.view.count == static_cast<int64_t>(s.after.live.size()));
  });
}

// I5: old bucket i < nevacuate is evacuated.
RC_GTEST_PROP(Evacuation, OldBucketsBelowNevacuateAreEvacuated, ()) {
  run_checked(*programs(), [](const Step& s) {
    const MapView& v = s.after.view;
    for (size_t i = 0; i < v.nevacuate && i < v.oldbuckets.size(); i++)
      RC_ASSERT(evacuated_mark(v.oldbuckets[i][0].tophash[0]));
  });
}

// I6: evacuated-ness is all-or-nothing along an old bucket's chain.
RC_GTEST_PROP(Evacuation, EvacuationIsAllOrNothingAlongAChain, ()) {
  run_checked(*programs({Kind::kString}), [](const Step& s) {
    for (const ChainView& chain : s.after.view.oldbuckets) {
      bool ev = evacuated_mark(chain[0].tophash[0]);
      for (const BucketView& b : chain)
        for (uint8_t th : b.tophash) RC_ASSERT(evacuated_mark(th) == ev);
    }
  });
}

// I5: within one grow nevacuate only grows, and never reaches the number of old
// buckets while the grow lasts.
RC_GTEST_PROP(Evacuation, NevacuateOnlyGrowsAndStaysBelowTheOldBucketCount, ()) {
  run_checked(*programs(), [](const Step& s) {
    const MapView& a = s.before.view;
    const MapView& b = s.after.view;
    if (growing(b)) RC_ASSERT(b.nevacuate < (uintptr_t{1} << b.oldB));
    if (same_grow(s.before, s.after)) RC_ASSERT(b.nevacuate >= a.nevacuate);
  });
}

// A grow ends (oldbuckets gone) after at most as many writes as there are
// old buckets (counting writes to a non-empty map, which all evacuate).
RC_GTEST_PROP(Evacuation, GrowEndsWithinOldBucketCountWrites, ()) {
  uintptr_t grow = 0;
  size_t writes = 0;
  bool doubled = false, same_size = false;
  run_checked(*programs(), [&](const Step& s) {
    doubled |= growing(s.after.view) && s.after.view.oldB < s.after.view.B;
    same_size |= growing(s.after.view) && s.after.view.oldB == s.after.view.B;
    const MapView& b = s.after.view;
    if (!growing(b)) return;
    if (b.old_array != grow) {
      grow = b.old_array;
      writes = 0;
    }
    if (is_write(s.op.code) && s.before.view.count > 0 && growing(s.before.view)) writes++;
    RC_ASSERT(writes < b.oldbuckets.size());
  });
  // How often the generated programs reach each kind of grow (printed).
  RC_CLASSIFY(doubled, "doubling grow");
  RC_CLASSIFY(same_size, "same-size grow");
}

// An entry of old bucket i lands in new bucket i or i + oldsize by the hash
// bit B gained (doubling), in bucket i (same size); its old slot says which:
// evacuatedX for i, evacuatedY for i + oldsize. With an iterator present a
// NaN goes by the low bit of its tophash.
RC_GTEST_PROP(Evacuation, EvacuationMarksFollowTheHashBit, ()) {
  run_checked(*programs({Kind::kFloat64, true, false, true}), [](const Step& s) {
    if (!same_grow(s.before, s.after)) return;
    const MapView& a = s.before.view;
    const MapView& b = s.after.view;
    bool doubling = a.oldB < a.B;
    uint64_t newbit = uint64_t{1} << a.oldB;
    for (const Slot& e : s.before.live) {
      if (!e.old) continue;
      uint8_t mark = b.oldbuckets[e.bucket][e.chain_pos].tophash[e.slot];
      if (!evacuated_mark(mark)) continue;
      RC_ASSERT(mark != go::evacuatedEmpty);
      if (!doubling) {
        RC_ASSERT(mark == go::evacuatedX);
      } else if (e.nan) {
        if (a.flags & go::iterator) RC_ASSERT(mark == go::evacuatedX + (e.tophash & 1));
      } else {
        RC_ASSERT(mark == ((e.hash & newbit) ? go::evacuatedY : go::evacuatedX));
      }
    }
  });
}

// I8: every live slot's tophash is the top byte of its key's hash (NaNs
// excepted), in the bucket the low bits choose.
RC_GTEST_PROP(Layout, LiveTophashMatchesHash, ()) {
  run_checked(*programs({Kind::kString}), [](const Step& s) {
    const MapView& v = s.after.view;
    for (const Slot& e : s.after.live) {
      if (e.nan) continue;
      RC_ASSERT(e.tophash == go::tophash(e.hash));
      int bits = e.old ? v.oldB : v.B;
      RC_ASSERT((e.hash & ((uint64_t{1} << bits) - 1)) == e.bucket);
    }
  });
}

// I7: emptyRest means no live slot after it along the chain.
RC_GTEST_PROP(Layout, EmptyRestEndsTheChain, ()) {
  run_checked(*programs(), [](const Step& s) {
    for (const auto* arr : {&s.after.view.buckets, &s.after.view.oldbuckets})
      for (const ChainView& chain : *arr) {
        bool rest = false;
        for (const BucketView& b : chain)
          for (uint8_t th : b.tophash) {
            if (rest) RC_ASSERT(th < go::minTopHash);
            if (th == go::emptyRest) rest = true;
          }
      }
  });
}

// I11: after any insert, count <= 6.5 * 2^B (or count <= 8) or a grow is under way.
RC_GTEST_PROP(Growth, InsertKeepsTheLoadFactorOrGrows, ()) {
  run_checked(*programs(), [](const Step& s) {
    if (s.op.code != OpCode::kSet && s.op.code != OpCode::kAdd) return;
    const MapView& v = s.after.view;
    RC_ASSERT(growing(v) || !go::overLoadFactor(v.count, v.B));
  });
}

// I11: a same-size grow starts only when noverflow >= 2^min(B, 15).
RC_GTEST_PROP(Growth, SameSizeGrowStartsOnlyWithManyOverflowBuckets, ()) {
  run_checked(*programs({Kind::kInt64, false, false, false}), [](const Step& s) {
    const MapView& a = s.before.view;
    const MapView& b = s.after.view;
    if (growing(a) || !growing(b) || b.oldB != b.B) return;
    RC_ASSERT(go::tooManyOverflowBuckets(a.noverflow, a.B));
  });
}

// makemap(hint) picks the least B with !overLoadFactor(hint, B); a bogus
// hint (negative, or too large to allocate) counts as 0.
RC_GTEST_PROP(Growth, MakemapPicksTheLeastB, ()) {
  const auto hint =
      *rc::gen::oneOf(rc::gen::inRange<int64_t>(-1000, 1 << 20),
                      rc::gen::element<int64_t>(-1, INT64_MIN, INT64_MAX, int64_t{1} << 62));
  MallocHeap heap;
  const MapType t = make_maptype(kInt64Type, kInt64Type);
  hmap* h = makemap(&t, hint, &heap);
  uint8_t B = header_view(h).B;
  freemap(&t, h);
  // An int64/int64 bucket: 8 tophash bytes, 8 keys, 8 elems, an overflow pointer.
  constexpr uint64_t bucketsize = go::bucketCnt + go::bucketCnt * 16 + 8;
  bool bogus = hint < 0 || static_cast<unsigned __int128>(hint) * bucketsize > go::maxAlloc;
  int64_t effective = bogus ? 0 : hint;
  RC_ASSERT(!go::overLoadFactor(effective, B));
  RC_ASSERT(B == 0 || go::overLoadFactor(effective, B - 1));
}

}  // namespace
}  // namespace gomap::props
