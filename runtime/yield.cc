#include "gomap/yield.h"

namespace gomap {
namespace internal {
std::atomic<YieldHook> g_yield_hook{nullptr};
void* g_yield_context = nullptr;

void call_yield_hook(YieldHook hook, YieldPoint point, const hmap* h) {
  hook(point, h, g_yield_context);
}
}  // namespace internal

void set_yield_hook(YieldHook hook, void* context) {
  internal::g_yield_context = context;
  internal::g_yield_hook.store(hook, std::memory_order_release);
}

}  // namespace gomap
