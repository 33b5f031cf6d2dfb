// Properties of the map together with the collector (gomap/gc_heap.h),
// checked after every statement of generated programs run on a collecting
// heap.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "driver.h"
#include "gomap/gc_heap.h"

namespace gomap::props {
namespace {

// After a full cycle the heap holds exactly what the map uses, by the map's
// own account (its arrays, overflow slices and buckets, and the strings and
// indirect objects of live slots), at every step of programs that grow,
// shrink by delete and clear, mid-growth included, and the collector's
// checks find nothing: nothing leaks, nothing is kept alive by a stale
// pointer, nothing in use is swept. Without open iterations, which may keep
// a grown map's old arrays alive.
RC_GTEST_PROP(Collector, AfterAFullCycleTheHeapHoldsWhatTheMapUses, ()) {
  Kind key = *rc::gen::element(Kind::kInt64, Kind::kString, Kind::kBig);
  Program p = *programs({key, /*iterations=*/false, /*clears=*/true, /*nans=*/false});
  p.header.gc = true;
  // A cycle after every statement walks the whole heap: keep programs short
  // enough for CI (they still grow through several doublings).
  if (p.ops.size() > 300) p.ops.resize(300);
  p.header.elem = *rc::gen::element(Kind::kInt64, Kind::kString, Kind::kBig);
  // The generated elems are int64s: as the chosen kind (`add` only for int64).
  for (Op& op : p.ops) {
    if (p.header.elem == Kind::kInt64) break;
    if (op.code == harness::OpCode::kAdd) op.code = harness::OpCode::kGet;
    if (op.code != harness::OpCode::kSet) continue;
    op.elem = p.header.elem == Kind::kString
                  ? harness::Value::string("e" + std::to_string(op.elem.i))
                  : harness::Value::big(op.elem.i);
  }
  run_checked(p, [](const Step& s) {
    CollectingHeap* heap = s.port.collector();
    RC_ASSERT(heap != nullptr);
    heap->collect();
    RC_ASSERT(heap->findings().empty());
    RC_ASSERT(heap->live_bytes() == heap->used_bytes());
  });
}

}  // namespace
}  // namespace gomap::props
