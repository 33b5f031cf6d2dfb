// iter_float64: iterations over float64 keys, NaNs included (evacuated by tophash bit while an iterator exists).
#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gomap::ops::TargetSpec* target = gomap::ops::find_target("iter_float64");
  gomap::ops::Program program = gomap::ops::decode(data, size, target->options);
  if (auto problem = gomap::ops::check_iteration(program)) gomap::ops::report(program, *problem);
  return 0;
}
