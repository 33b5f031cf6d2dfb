// gomap-script: runs op-scripts on the port or on a reference map and prints
// their traces (shared/spec/op-script.md).
//
//   gomap-script run [--engine=port|absl|std] [FILE...]   (stdin without files)
//
// Exit status: 0 when every script ran (a Go panic included), 2 when a
// script had an error or hit a fatal error, 64 for bad usage.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "gomap/fatal.h"
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
               "  Runs each op-script (stdin when no FILE is given) and prints its trace.\n");
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

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage(nullptr);
  std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd == "run") return cmd_run(args);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(nullptr);
    return 0;
  }
  return usage(("unknown command " + cmd).c_str());
}
