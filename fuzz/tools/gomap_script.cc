// gomap-script: runs op-scripts on the port or on a reference map and prints
// their traces (shared/spec/op-script.md); turns fuzz inputs into op-scripts.
//
//   gomap-script run [--engine=port|absl|std] [FILE...]   (stdin without files)
//   gomap-script repro --target T FILE...   a fuzz input or crash artifact as an op-script
//   gomap-script seeds DIR                  writes the seed corpora, DIR/<target>/seed-*
//
// Exit status: 0 when every script ran (a Go panic included), 2 when a
// script had an error or hit a fatal error, 64 for bad usage.

#include <cstdio>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "gomap/fatal.h"
#include "ops/check.h"
#include "ops/decode.h"
#include "ops/runner.h"
#include "ops/script.h"
#include "ops/subject.h"

namespace {

using namespace gomap::ops;

constexpr int kExitScriptError = 2;
constexpr int kExitUsage = 64;

int usage(const char* why) {
  if (why) std::fprintf(stderr, "gomap-script: %s\n", why);
  std::fprintf(stderr,
               "usage: gomap-script run [--engine=port|absl|std] [FILE...]\n"
               "         Runs each op-script (stdin when no FILE is given), prints its trace.\n"
               "       gomap-script repro --target T FILE...\n"
               "         Prints what fuzz target T makes of each input, as an op-script.\n"
               "       gomap-script seeds DIR\n"
               "         Writes the seed corpus of every fuzz target under DIR/<target>/.\n");
  return kExitUsage;
}

// Runs one script; returns its exit status.
int run_one(const std::string& text, const std::string& name, Engine engine) {
  auto where = [&]() { return name.empty() ? std::string() : " (" + name + ")"; };
  auto parsed = parse_script(text);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    std::cout.flush();
    std::fprintf(stderr, "error: line %d: %s%s\n", e->line, e->message.c_str(), where().c_str());
    return kExitScriptError;
  }
  const Program& program = std::get<Program>(parsed);
  auto subject = make_subject(engine, program.header);
  if (auto e = check_capabilities(program, subject->capabilities(), engine_name(engine))) {
    std::cout.flush();
    std::fprintf(stderr, "error: line %d: %s%s\n", e->line, e->message.c_str(), where().c_str());
    return kExitScriptError;
  }
  Outcome outcome = run_program(program, *subject, std::cout);
  std::cout.flush();
  return outcome == Outcome::kFatal ? kExitScriptError : 0;
}

int cmd_run(const std::vector<std::string>& args) {
  Engine engine = Engine::kPort;
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a.rfind("--engine=", 0) == 0) {
      auto e = engine_from_name(a.substr(9));
      if (!e) return usage(("unknown engine " + a.substr(9)).c_str());
      engine = *e;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage(("unknown option " + a).c_str());
    } else {
      files.push_back(a);
    }
  }
  // A fatal error ends the script with a trace line instead of aborting the
  // tool (Go's process would die; the trace records why).
  gomap::set_fatal_handler([](const char*) {});
  int status = 0;
  if (files.empty()) {
    std::stringstream ss;
    ss << std::cin.rdbuf();
    return run_one(ss.str(), "", engine);
  }
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "error: cannot read %s\n", f.c_str());
      status = kExitScriptError;
      continue;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    int s = run_one(ss.str(), f, engine);
    if (s != 0) status = s;
  }
  return status;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int cmd_repro(const std::vector<std::string>& args) {
  const TargetSpec* target = nullptr;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--target" && i + 1 < args.size()) {
      target = find_target(args[++i]);
      if (!target) return usage(("unknown target " + args[i]).c_str());
    } else if (args[i].rfind("--target=", 0) == 0) {
      target = find_target(args[i].substr(9));
      if (!target) return usage(("unknown target " + args[i].substr(9)).c_str());
    } else {
      files.push_back(args[i]);
    }
  }
  if (!target || files.empty()) return usage("repro needs --target T and at least one FILE");
  int status = 0;
  for (const std::string& f : files) {
    std::optional<std::string> bytes = read_file(f);
    if (!bytes) {
      std::fprintf(stderr, "error: cannot read %s\n", f.c_str());
      status = kExitScriptError;
      continue;
    }
    if (files.size() > 1) std::printf("# %s\n", f.c_str());
    if (target->text_input) {
      std::fwrite(bytes->data(), 1, bytes->size(), stdout);  // the input is a script already
    } else {
      Program p = decode(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size(),
                         target->options);
      std::fputs(print_script(p).c_str(), stdout);
    }
  }
  return status;
}

// Seeds reach, from the first run, what the fuzzers should explore from:
// growth through several doublings, same-size growth by churn, long overflow
// chains (a constant weak hash), iteration during growth, deletes to empty.
std::vector<std::pair<std::string, std::string>> seeds_for(const TargetSpec& t) {
  const DecodeOptions& o = t.options;
  std::vector<std::pair<std::string, std::string>> out;
  auto set = [](uint16_t k, uint16_t v = 1) { return RawOp{OpCode::kSet, k, v}; };
  auto del = [](uint16_t k) { return RawOp{OpCode::kDel, k}; };
  std::vector<RawOp> grow, churn, chain, drain;
  for (uint16_t k = 0; k < 300; k++) {
    grow.push_back(set(k, k));
    if (k % 50 == 49) grow.push_back(RawOp{OpCode::kGet, static_cast<uint16_t>(k / 2)});
  }
  for (uint16_t k = 0; k < 600; k++) {
    churn.push_back(set(k));
    if (k >= 20) churn.push_back(del(k - 20));
  }
  for (uint16_t k = 0; k < 40; k++) chain.push_back(set(k));
  for (uint16_t k = 0; k < 40; k += 3) chain.push_back(del(k));
  for (uint16_t k = 0; k < 100; k++) drain.push_back(set(k));
  for (uint16_t k = 0; k < 100; k++) drain.push_back(del(k));
  drain.push_back(set(7));
  out.push_back({"seed-grow", encode(RawHeader{0, 0, false, 6, 1}, grow, o)});
  out.push_back({"seed-churn", encode(RawHeader{0, 0, false, 7, 2}, churn, o)});
  out.push_back({"seed-chain", encode(RawHeader{0, 5, false, 5, 3}, chain, o)});
  out.push_back({"seed-drain", encode(RawHeader{3, 0, false, 6, 4}, drain, o)});
  if (o.key == Kind::kFloat64) {
    std::vector<RawOp> specials;
    for (uint16_t k = 0xF000; k < 0xF010; k++) specials.push_back(set(k, k));
    for (uint16_t k = 0; k < 30; k++) specials.push_back(set(k));
    specials.push_back(RawOp{OpCode::kDump});
    out.push_back({"seed-specials", encode(RawHeader{0, 0, false, 5, 5}, specials, o)});
  }
  if (o.iterations) {
    std::vector<RawOp> it;
    for (uint16_t k = 0; k < 7; k++) it.push_back(set(k));
    it.push_back(RawOp{OpCode::kIter, 0, 0, 0});
    for (uint16_t k = 7; k < 120; k++) {
      it.push_back(set(k));
      it.push_back(RawOp{OpCode::kNext, 0, 0, 0});
      if (k == 30) it.push_back(RawOp{OpCode::kIter, 0, 0, 1});
      if (k > 30) it.push_back(RawOp{OpCode::kNext, 0, 0, 1});
      if (k % 3 == 0) it.push_back(del(k - 5));
    }
    for (int i = 0; i < 80; i++) it.push_back(RawOp{OpCode::kNext, 0, 0, 0});
    out.push_back({"seed-iter-grow", encode(RawHeader{0, 0, false, 6, 6}, it, o)});
    if (o.key == Kind::kFloat64) {
      std::vector<RawOp> nan_it;
      for (uint16_t k = 0; k < 6; k++) nan_it.push_back(set(0xF000 + 8 * k));  // NaNs
      nan_it.push_back(RawOp{OpCode::kIter, 0, 0, 0});
      for (uint16_t k = 0; k < 60; k++) {
        nan_it.push_back(set(k));
        nan_it.push_back(RawOp{OpCode::kNext, 0, 0, 0});
      }
      out.push_back({"seed-nan-iter", encode(RawHeader{0, 0, false, 6, 7}, nan_it, o)});
    }
  }
  return out;
}

int cmd_seeds(const std::vector<std::string>& args) {
  if (args.size() != 1) return usage("seeds needs a directory");
  namespace fs = std::filesystem;
  for (const TargetSpec& t : all_targets()) {
    fs::path dir = fs::path(args[0]) / std::string(t.name);
    fs::create_directories(dir);
    std::vector<std::pair<std::string, std::string>> seeds;
    if (t.text_input) {
      seeds = {{"seed-basic.ops",
                "map int64 int64 hint=9 seed=0x1\nset 1 2\nadd 1 3\nget 1\ndel 1\nlen\nclear\n"
                "dump\nlayout\niter start=3 offset=2\nnext\niter @2\nnext @2\n"},
               {"seed-kinds.ops",
                "map float64 big nil hashkey=0x1,0x3,0x5,0x7 weakhash=bits\nset NaN 1\n"
                "set -0 2\nset +Inf 3\nget 5e-324\n"},
               {"seed-strings.ops", "map string string\nset \"a\\x00\\u00e9\\U0001f600\" \"\"\n"}};
    } else {
      seeds = seeds_for(t);
    }
    for (const auto& [name, bytes] : seeds) {
      // Write beside, then rename: a reader never sees half a file.
      fs::path tmp = dir / ("." + name + ".tmp");
      std::ofstream(tmp, std::ios::binary) << bytes;
      fs::rename(tmp, dir / name);
    }
    std::printf("%s: %zu seeds\n", std::string(t.name).c_str(), seeds.size());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage(nullptr);
  std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "run") return cmd_run(args);
  if (cmd == "repro") return cmd_repro(args);
  if (cmd == "seeds") return cmd_seeds(args);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(nullptr);
    return 0;
  }
  return usage(("unknown command " + cmd).c_str());
}
