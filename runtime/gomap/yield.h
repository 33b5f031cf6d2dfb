// Yield points: named places inside map operations where a test scheduler
// can switch to another logical goroutine, or a collector driver can run a
// collection step. Without a hook installed each point is one relaxed load.
// Whatever an operation holds in local variables at a yield point is also
// reachable from the map (so a collection there needs no stack scan).
#ifndef GOMAP_YIELD_H_
#define GOMAP_YIELD_H_

#include <atomic>
#include <cstdint>

namespace gomap {

struct hmap;

// In the order an operation can reach them. Each is named for the window of
// Go's code it opens: a switch there lets another goroutine (or the
// collector) run where Go's could.
enum class YieldPoint : uint8_t {
  kWriteHashing,        // a writer has checked hashWriting and not set it yet (Go hashes here)
  kWriteBegun,          // a writer has set hashWriting
  kGrowStarted,         // hashGrow has made the new array; nothing is evacuated yet
  kBetweenEvacuations,  // growWork, between the needed bucket and nevacuate's
  kEvacuateEntry,       // evacuate, after moving one entry
  kOverflowLinked,      // newoverflow has linked a new overflow bucket into its chain
  kClearEmptied,        // mapclear has emptied the arrays; the header is not reset yet
  kWriteEnding,         // a writer is about to check and clear hashWriting
  kAccessChecked,       // a lookup has checked hashWriting and not hashed the key yet
  kIterInit,            // mapiterinit has set the iterator flags; no entry is reached yet
  kIterStep,            // mapiternext, before it checks hashWriting and looks for an entry
};
inline constexpr int kYieldPoints = static_cast<int>(YieldPoint::kIterStep) + 1;

using YieldHook = void (*)(YieldPoint point, const hmap* h, void* context);

// Installs the hook for every thread; nullptr removes it.
void set_yield_hook(YieldHook hook, void* context);

namespace internal {
extern std::atomic<YieldHook> g_yield_hook;
extern void* g_yield_context;
void call_yield_hook(YieldHook hook, YieldPoint point, const hmap* h);

inline void yield(YieldPoint point, const hmap* h) {
  if (YieldHook hook = g_yield_hook.load(std::memory_order_acquire)) [[unlikely]]
    call_yield_hook(hook, point, h);
}
}  // namespace internal

}  // namespace gomap

#endif  // GOMAP_YIELD_H_
