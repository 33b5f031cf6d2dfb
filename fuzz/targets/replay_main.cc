// A fuzz target without libFuzzer: replays files and directories through
// LLVMFuzzerTestOneInput, so that ctest checks every corpus in the ordinary
// build. An op-script (*.ops) is parsed and run through the target's check
// when its types fit the target; a corpus file that does not parse is an
// error (exit 2), never skipped silently.
//
//   <target>_replay PATH...

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ops/check.h"
#include "ops/script.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;
using namespace gomap::ops;

bool fits(const TargetSpec& t, const Program& p) {
  if (p.header.key != t.options.key || p.header.elem != t.options.elem) return false;
  for (const Op& op : p.ops) {
    bool iterates = op.code == OpCode::kIter || op.code == OpCode::kNext;
    if (op.code == OpCode::kLayout || (iterates && !t.options.iterations)) return false;
  }
  return true;
}

// Returns false on a file that is not a valid input.
bool replay(const TargetSpec& t, const fs::path& path, int* ran, int* skipped) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  if (path.extension() != ".ops" || t.text_input) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++*ran;
    return true;
  }
  auto parsed = parse_script(bytes);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    std::fprintf(stderr, "error: %s: line %d: %s\n", path.c_str(), e->line, e->message.c_str());
    return false;
  }
  const Program& p = std::get<Program>(parsed);
  if (!fits(t, p)) {
    ++*skipped;
    return true;
  }
  if (auto problem = t.check(p)) report(p, *problem);
  ++*ran;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const TargetSpec* t = find_target(GOMAP_TARGET);
  int ran = 0, skipped = 0;
  bool ok = true;
  for (int i = 1; i < argc; i++) {
    fs::path root(argv[i]);
    if (!fs::exists(root)) continue;  // a target may have no corpus of a kind yet
    std::vector<fs::path> files;
    if (fs::is_directory(root)) {
      for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.' &&
            e.path().extension() != ".md")
          files.push_back(e.path());
    } else {
      files.push_back(root);
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) ok &= replay(*t, f, &ran, &skipped);
  }
  std::printf("%s: replayed %d inputs (%d op-scripts of other types skipped)\n", GOMAP_TARGET, ran,
              skipped);
  return ok ? 0 : 2;
}
