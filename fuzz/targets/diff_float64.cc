// diff_float64: float64 keys (NaN, +0/-0, infinities, subnormals) on the port, absl and std; Go's needkeyupdate rule checked against a model.
#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gomap::ops::TargetSpec* target = gomap::ops::find_target("diff_float64");
  gomap::ops::Program program = gomap::ops::decode(data, size, target->options);
  if (auto problem = gomap::ops::check_differential(program)) gomap::ops::report(program, *problem);
  return 0;
}
