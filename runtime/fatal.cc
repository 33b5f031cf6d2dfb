#include "gomap/fatal.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace gomap {
namespace {

void default_fatal(const char* message) {
  std::fprintf(stderr, "fatal error: %s\n", message);
  std::fflush(stderr);
  std::abort();
}

std::atomic<FatalHandler> g_fatal_handler{&default_fatal};

}  // namespace

FatalHandler set_fatal_handler(FatalHandler handler) {
  FatalHandler old = g_fatal_handler.exchange(handler ? handler : &default_fatal);
  return old == &default_fatal ? nullptr : old;
}

namespace internal {

void fatal(const char* message) {
  g_fatal_handler.load(std::memory_order_acquire)(message);
  throw FatalError(message);
}

void panic_assignment_to_nil_map() { throw Panic("assignment to entry in nil map"); }

}  // namespace internal
}  // namespace gomap
