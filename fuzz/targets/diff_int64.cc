// diff_int64: int64 keys and elems on the port, absl and std; every observation compared, the port's invariants after every statement.
#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const gomap::ops::TargetSpec* target = gomap::ops::find_target("diff_int64");
  gomap::ops::Program program = gomap::ops::decode(data, size, target->options);
  if (auto problem = gomap::ops::check_differential(program)) gomap::ops::report(program, *problem);
  return 0;
}
