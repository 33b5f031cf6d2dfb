// The one fuzz target source: built once per entry of targets.def, with
// GOMAP_TARGET naming the entry (OSS-Fuzz's LLVMFuzzerTestOneInput contract).
#include <cstdio>
#include <cstdlib>

#include "targets/registry.h"

namespace {

const gomap::harness::TargetSpec& this_target() {
  static const gomap::harness::TargetSpec* t = [] {
    const gomap::harness::TargetSpec* found = gomap::harness::find_target(GOMAP_TARGET);
    if (found == nullptr) {
      std::fprintf(stderr, "%s\n", gomap::harness::unknown_target(GOMAP_TARGET).c_str());
      std::exit(64);
    }
    return found;
  }();
  return *t;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  gomap::harness::set_up_target(this_target());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gomap::harness::run_input(this_target(), data, size);
  return 0;
}
