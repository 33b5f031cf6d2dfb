// The op-script text format: a strict parser (any error names its line and
// what is wrong, and nothing is half-parsed) and a printer whose output the
// parser reads back as the same program.
#ifndef GOMAP_FUZZ_OPS_SCRIPT_H_
#define GOMAP_FUZZ_OPS_SCRIPT_H_

#include <string>
#include <string_view>
#include <variant>

#include "program.h"

namespace gomap::ops {

struct ParseError {
  int line = 0;
  std::string message;
};

std::variant<Program, ParseError> parse_script(std::string_view text);

std::string print_script(const Program& program);

// One statement as the printer writes it (no newline).
std::string print_op(const Op& op);

}  // namespace gomap::ops

#endif  // GOMAP_FUZZ_OPS_SCRIPT_H_
