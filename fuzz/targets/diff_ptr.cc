// diff_ptr: int64 keys with pointer-bearing (string) elems on the port, absl and std.
#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gomap::ops::TargetSpec* target = gomap::ops::find_target("diff_ptr");
  gomap::ops::Program program = gomap::ops::decode(data, size, target->options);
  if (auto problem = gomap::ops::check_differential(program)) gomap::ops::report(program, *problem);
  return 0;
}
