// A fuzz target without libFuzzer: replays files and directories through
// LLVMFuzzerTestOneInput, so that ctest checks every corpus in the ordinary
// build. An op-script (*.ops) that a binary target's decoder can express is
// encoded to the bytes the fuzzer would read, decoded back (which must give
// the same program) and run; one it cannot express (other types, a layout,
// a hashkey, ...) is skipped and counted. A file that does not parse, or a
// path that cannot be read, is an error (exit 2), never skipped silently;
// each error is one line on stderr. It takes paths only: libFuzzer's flags
// are the fuzzing binary's, and one given here is a usage error (exit 64).
//
//   <target>_replay PATH...

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "oplang/codec.h"
#include "oplang/script.h"
#include "targets/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;
using namespace gomap::harness;

struct Tally {
  int ran = 0;
  int skipped = 0;
  bool ok = true;
};

void run_bytes(const std::string& bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

constexpr int kExitUsage = 64;
constexpr const char* kUsage = "usage: " GOMAP_TARGET
                               "_replay PATH...   (files, or directories of them: fuzz inputs and "
                               "op-scripts)\n";

// At most a short prefix of a path or a word, for an error line.
std::string shorten(std::string_view s, size_t max = 100) {
  return s.size() <= max ? std::string(s) : std::string(s.substr(0, max)) + "...";
}

void replay(const TargetSpec& t, const fs::path& path, Tally& tally) {
  std::string why;
  std::optional<std::string> read = read_file(path, &why);
  if (!read) {
    std::fprintf(stderr, "error: %s: %s\n", shorten(path.string()).c_str(), why.c_str());
    tally.ok = false;
    return;
  }
  const std::string& bytes = *read;
  if (path.extension() != ".ops" || t.input == Input::kText) {
    run_bytes(bytes);
    tally.ran++;
    return;
  }
  auto parsed = parse_script(bytes);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    std::fprintf(stderr, "error: %s: line %d: %s\n", shorten(path.string()).c_str(), e->line,
                 e->message.c_str());
    tally.ok = false;
    return;
  }
  const Program& p = std::get<Program>(parsed);
  auto encoded = encode(p, t.options);
  if (std::holds_alternative<EncodeError>(encoded)) {
    tally.skipped++;
    return;
  }
  const std::string& input = std::get<std::string>(encoded);
  Program back = decode(reinterpret_cast<const uint8_t*>(input.data()), input.size(), t.options);
  if (!same_program(p, back)) {
    std::fprintf(stderr, "error: %s: the decoder does not give back the encoded program:\n%s",
                 path.c_str(), print_script(back).c_str());
    tally.ok = false;
    return;
  }
  run_bytes(input);
  tally.ran++;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  for (int i = 1; i < argc; i++) {
    std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr,
                   GOMAP_TARGET
                   "_replay: no option %s: it takes paths only (libFuzzer's flags "
                   "are for the fuzzing binary " GOMAP_TARGET ")\n",
                   shorten(a, 40).c_str());
      return kExitUsage;
    }
  }
  const TargetSpec* t = find_target(GOMAP_TARGET);
  if (t == nullptr) {
    std::fprintf(stderr, "%s\n", unknown_target(GOMAP_TARGET).c_str());
    return kExitUsage;
  }
  set_up_target(*t);
  Tally tally;
  for (int i = 1; i < argc; i++) {
    fs::path root(argv[i]), where = root;
    std::error_code ec;
    std::vector<fs::path> files;
    const char* why = nullptr;
    if (fs::is_directory(root, ec)) {
      for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        bool regular = it->is_regular_file(ec);  // a symlink loop is an error here
        if (ec) {
          where = it->path();
          break;
        }
        if (regular && it->path().filename().string()[0] != '.' && it->path().extension() != ".md")
          files.push_back(it->path());
      }
      why = "no inputs there";
    } else if (fs::is_regular_file(root, ec)) {
      files.push_back(root);
    } else {
      why = "not a file or a directory";
    }
    if (ec || files.empty()) {
      std::fprintf(stderr, "error: %s: %s\n", shorten(where.string()).c_str(),
                   ec ? ec.message().c_str() : why);
      tally.ok = false;
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) replay(*t, f, tally);
  }
  std::printf("%s: replayed %d inputs (%d op-scripts of other shapes skipped)\n", GOMAP_TARGET,
              tally.ran, tally.skipped);
  if (std::fflush(stdout) != 0) {
    std::fprintf(stderr, "error: cannot write to standard output: %s\n", std::strerror(errno));
    return 2;
  }
  return tally.ok ? 0 : 2;
}
