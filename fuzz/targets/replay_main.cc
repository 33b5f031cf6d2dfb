// A fuzz target without libFuzzer: replays files and directories through
// LLVMFuzzerTestOneInput, so that ctest checks every corpus in the ordinary
// build. An op-script (*.ops) that a binary target's decoder can express is
// encoded to the bytes the fuzzer would read, decoded back (which must give
// the same program) and run; one it cannot express (other types, a layout,
// a hashkey, ...) is skipped and counted. A file that does not parse, or a
// path that cannot be read, is an error (exit 2), never skipped silently.
//
//   <target>_replay PATH...

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
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

void replay(const TargetSpec& t, const fs::path& path, Tally& tally) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "error: %s: cannot read\n", path.c_str());
    tally.ok = false;
    return;
  }
  std::string bytes = ss.str();
  if (path.extension() != ".ops" || t.input == Input::kText) {
    run_bytes(bytes);
    tally.ran++;
    return;
  }
  auto parsed = parse_script(bytes);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    std::fprintf(stderr, "error: %s: line %d: %s\n", path.c_str(), e->line, e->message.c_str());
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
  const TargetSpec* t = find_target(GOMAP_TARGET);
  if (t == nullptr) {
    std::fprintf(stderr, "%s\n", unknown_target(GOMAP_TARGET).c_str());
    return 64;
  }
  set_up_target(*t);
  Tally tally;
  for (int i = 1; i < argc; i++) {
    fs::path root(argv[i]);
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(root, ec)) {
      for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
           it.increment(ec))
        if (it->is_regular_file() && it->path().filename().string()[0] != '.' &&
            it->path().extension() != ".md")
          files.push_back(it->path());
    } else if (fs::is_regular_file(root, ec)) {
      files.push_back(root);
    }
    if (ec || files.empty()) {
      std::fprintf(stderr, "error: %s: %s\n", argv[i],
                   ec ? ec.message().c_str() : "no such file, or an empty directory");
      tally.ok = false;
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) replay(*t, f, tally);
  }
  std::printf("%s: replayed %d inputs (%d op-scripts of other shapes skipped)\n", GOMAP_TARGET,
              tally.ran, tally.skipped);
  return tally.ok ? 0 : 2;
}
