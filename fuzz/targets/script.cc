// script: arbitrary text through the op-script parser and printer: never a
// crash, and every parsed program prints as a script that parses back equal.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ops/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto problem = gomap::ops::check_script(text)) {
    std::fprintf(stderr, "==== gomap: %s\n", problem->c_str());
    std::abort();
  }
  return 0;
}
