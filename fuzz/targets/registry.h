// The fuzz targets as data (targets.def), and what every target binary,
// replay binary and tool does with an input.
#ifndef GOMAP_FUZZ_TARGETS_REGISTRY_H_
#define GOMAP_FUZZ_TARGETS_REGISTRY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "oplang/codec.h"
#include "oplang/program.h"

namespace gomap::harness {

enum class Input { kBinary, kText };

// A check that needs something started once a process, before the first
// input (LLVMFuzzerInitialize): an engine in another process, say.
struct CheckWithSetUp {
  void (*set_up)();
  std::optional<std::string> (*check)(const Program&);
};

struct TargetSpec {
  std::string_view name;
  Input input;
  std::string_view dict;  // file in fuzz/targets/, installed as <name>.dict
  size_t max_len;
  DecodeOptions options;  // binary targets: what the decoder may produce
  std::optional<std::string> (*check)(const Program&) = nullptr;         // binary targets
  std::optional<std::string> (*check_text)(std::string_view) = nullptr;  // text targets
  std::string_view description;
  void (*set_up)() = nullptr;  // run once before the first input, if any
};

const std::vector<TargetSpec>& all_targets();
// nullptr for a name no entry has.
const TargetSpec* find_target(std::string_view name);
// "unknown target X; the targets are a, b, c", for a name find_target rejected.
std::string unknown_target(std::string_view name);

// A file's bytes, for the tools and replay binaries; nullopt and why (errno's
// text) for a missing, unreadable or directory path. A read that fails part
// way (EIO, say) is an error, never a short input.
std::optional<std::string> read_file(const std::string& path, std::string* why);

// What every target binary does before its first input.
void set_up_target(const TargetSpec& target);

// One input through the target: decoded (or parsed) and checked; a problem
// is reported and aborts, as libFuzzer wants a crash.
void run_input(const TargetSpec& target, const uint8_t* data, size_t size);

// Prints the program as an op-script and the problem to stderr, then aborts
// (a crash libFuzzer records, with a reproducer a person can read).
[[noreturn]] void report(const Program& program, const std::string& problem);
[[noreturn]] void report_text(std::string_view input, const std::string& problem);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_TARGETS_REGISTRY_H_
