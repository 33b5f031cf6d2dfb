// The op-script text format: a strict parser (any error names its line and
// what is wrong, and nothing is half-parsed) and a printer whose output the
// parser reads back as the same program.
#ifndef GOMAP_FUZZ_OPLANG_SCRIPT_H_
#define GOMAP_FUZZ_OPLANG_SCRIPT_H_

#include <string>
#include <string_view>
#include <variant>

#include "oplang/program.h"

namespace gomap::harness {

struct ParseError {
  int line = 0;
  std::string message;
};

std::variant<Program, ParseError> parse_script(std::string_view text);

std::string print_script(const Program& program);

// One statement as the printer writes it (no newline); goroutines: with
// the concurrency extension's goroutine and switch point.
std::string print_op(const Op& op, bool goroutines = false);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_OPLANG_SCRIPT_H_
