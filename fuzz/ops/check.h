// The checks the fuzz targets run, shared so that every target stays short
// (decode, run, check) and gomap-script can replay any input through the
// same check. Each returns the first problem found, described, or nullopt.
#ifndef GOMAP_FUZZ_OPS_CHECK_H_
#define GOMAP_FUZZ_OPS_CHECK_H_

#include <optional>
#include <string>
#include <string_view>

#include "decode.h"
#include "program.h"

namespace gomap::ops {

// The program on the port, absl::flat_hash_map and std::unordered_map in
// lockstep: every printed observation compared (a dump's +0/-0 key aside,
// which Go's needkeyupdate rule decides: checked against a model), and after
// every statement the port's check_invariants and Go's rule for when a grow
// starts and of which kind.
std::optional<std::string> check_differential(const Program& program);

// The program on the port: Go's iteration rules (IterationModel), lookups
// against the model, check_invariants and the growth rule after every
// statement.
std::optional<std::string> check_iteration(const Program& program);

// Arbitrary text through the op-script parser: never a crash; a parsed
// program prints as a script that parses back to the same program.
std::optional<std::string> check_script(std::string_view text);

// The program on absl and std only, nothing checked: the cost yardstick.
void run_baseline(const Program& program);

// A fuzz target: how its input becomes a program and what it checks.
struct TargetSpec {
  std::string_view name;
  DecodeOptions options;
  bool text_input = false;  // the input is op-script text (the script target)
  std::optional<std::string> (*check)(const Program&) = nullptr;
};
const TargetSpec* find_target(std::string_view name);
const std::vector<TargetSpec>& all_targets();

// Prints the program as an op-script and the problem to stderr, then aborts
// (a crash libFuzzer records, with a reproducer a person can read).
[[noreturn]] void report(const Program& program, const std::string& problem);

}  // namespace gomap::ops

#endif  // GOMAP_FUZZ_OPS_CHECK_H_
