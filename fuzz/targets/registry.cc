#include "targets/registry.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "checks/checks.h"
#include "checks/concurrency.h"
#include "oplang/script.h"

namespace gomap::harness {
namespace {

constexpr Input binary = Input::kBinary;
constexpr Input text = Input::kText;

constexpr TargetSpec spec(std::string_view name, Input input, std::string_view dict, size_t max_len,
                          DecodeOptions options,
                          std::optional<std::string> (*check)(const Program&),
                          std::string_view description) {
  return TargetSpec{name, input, dict, max_len, options, check, nullptr, description};
}
constexpr TargetSpec spec(std::string_view name, Input input, std::string_view dict, size_t max_len,
                          DecodeOptions options,
                          std::optional<std::string> (*check_text)(std::string_view),
                          std::string_view description) {
  return TargetSpec{name, input, dict, max_len, options, nullptr, check_text, description};
}
constexpr TargetSpec spec(std::string_view name, Input input, std::string_view dict, size_t max_len,
                          DecodeOptions options, CheckWithSetUp check,
                          std::string_view description) {
  return TargetSpec{name,        input,   dict,        max_len,     options,
                    check.check, nullptr, description, check.set_up};
}

}  // namespace

const std::vector<TargetSpec>& all_targets() {
  static const std::vector<TargetSpec> targets = {
#define GOMAP_TARGET(name, input, dict, max_len, options, check, description) \
  spec(#name, input, #dict, max_len, options, check, description),
#include "targets/targets.def"
#undef GOMAP_TARGET
  };
  return targets;
}

const TargetSpec* find_target(std::string_view name) {
  for (const TargetSpec& t : all_targets())
    if (t.name == name) return &t;
  return nullptr;
}

std::string unknown_target(std::string_view name) {
  std::string known;
  for (const TargetSpec& t : all_targets())
    known += (known.empty() ? "" : ", ") + std::string(t.name);
  return "unknown target " + std::string(name.substr(0, 64)) + "; the targets are " + known;
}

std::optional<std::string> read_file(const std::string& path, std::string* why) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    *why = std::strerror(errno);
    return std::nullopt;
  }
  std::string bytes;
  char buf[1 << 16];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
  // fopen succeeds on a directory; the read is what fails (EISDIR).
  bool failed = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (failed) {
    *why = std::strerror(err);
    return std::nullopt;
  }
  return bytes;
}

void set_up_target(const TargetSpec& t) {
  if (t.set_up) t.set_up();
}

void run_input(const TargetSpec& t, const uint8_t* data, size_t size) {
  if (t.input == Input::kText) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    if (auto problem = t.check_text(input)) report_text(input, *problem);
    return;
  }
  Program program = decode(data, size, t.options);
  if (auto problem = t.check(program)) report(program, *problem);
}

void report(const Program& p, const std::string& problem) {
  std::fprintf(stderr, "==== gomap: %s\n==== the input as an op-script:\n%s==== end\n",
               problem.c_str(), print_script(p).c_str());
  std::fflush(stderr);
  std::abort();
}

void report_text(std::string_view input, const std::string& problem) {
  std::fprintf(stderr, "==== gomap: %s\n==== the input:\n%.*s\n==== end\n", problem.c_str(),
               static_cast<int>(input.size()), input.data());
  std::fflush(stderr);
  std::abort();
}

}  // namespace gomap::harness
