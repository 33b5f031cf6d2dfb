// baseline: the same programs on absl and std only, nothing checked: the
// yardstick for what the port and its checks cost (compare execs/s).
#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gomap::ops::TargetSpec* target = gomap::ops::find_target("baseline");
  gomap::ops::run_baseline(gomap::ops::decode(data, size, target->options));
  return 0;
}
