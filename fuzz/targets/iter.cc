// iter: iterations (several at once) interleaved with sets, deletes, clears and growth, checked against Go's iteration rules.
#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gomap::ops::TargetSpec* target = gomap::ops::find_target("iter");
  gomap::ops::Program program = gomap::ops::decode(data, size, target->options);
  if (auto problem = gomap::ops::check_iteration(program)) gomap::ops::report(program, *problem);
  return 0;
}
