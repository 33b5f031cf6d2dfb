// gomap-script: runs op-scripts on the port or on a reference map and prints
// their traces (docs/op-script.md); turns fuzz inputs into op-scripts and
// op-scripts into fuzz inputs; lists the fuzz targets.
//
//   gomap-script run [--engine=port|absl|std|exec:CMD] [FILE...]   (stdin without files)
//   gomap-script serve [--engine=port|absl|std]   the engine protocol (docs/engines.md)
//   gomap-script repro --target T FILE...   a fuzz input or crash artifact as an op-script
//   gomap-script encode --out DIR PATH...   each op-script under PATH as the bytes of every
//                                           binary target that can express it: DIR/<target>/
//   gomap-script targets [--markdown]       the fuzz targets, one name a line (or README's table)
//
// Exit status: 0 when every script ran (a Go panic included), 2 when a
// script had an error or hit a fatal error, 64 for bad usage.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "gomap/fatal.h"
#include "oplang/codec.h"
#include "oplang/script.h"
#include "subjects/exec_engine.h"
#include "subjects/runner.h"
#include "subjects/subject.h"
#include "targets/registry.h"

namespace {

using namespace gomap::harness;

constexpr int kExitScriptError = 2;
constexpr int kExitUsage = 64;

int usage(const char* why) {
  if (why) std::fprintf(stderr, "gomap-script: %s\n", why);
  std::fprintf(stderr,
               "usage: gomap-script run [--engine=port|absl|std|exec:CMD] [FILE...]\n"
               "         Runs each op-script (stdin when no FILE is given), prints its trace.\n"
               "         exec:CMD runs them on the engine CMD (a command line, split at spaces)\n"
               "         that speaks the protocol of docs/engines.md, e.g. exec:gooracle --serve.\n"
               "       gomap-script serve [--engine=port|absl|std]\n"
               "         Serves scripts from stdin by the protocol of docs/engines.md.\n"
               "       gomap-script repro --target T FILE...\n"
               "         Prints what fuzz target T makes of each input, as an op-script.\n"
               "       gomap-script encode --out DIR PATH...\n"
               "         Writes each op-script under PATH as the input bytes of every binary\n"
               "         fuzz target that can express it, under DIR/<target>/.\n"
               "       gomap-script targets [--markdown]\n"
               "         Lists the fuzz targets (--markdown: README's table).\n");
  return kExitUsage;
}

// Runs one script, printing its trace to out; a script error comes back
// as "line L: what", with nothing printed.
struct ScriptRun {
  int status = 0;  // 0, or kExitScriptError for a script error or a fatal error
  std::string error;
};
ScriptRun run_script(const std::string& text, Engine engine, std::ostream& out) {
  auto parsed = parse_script(text);
  if (auto* e = std::get_if<ParseError>(&parsed))
    return {kExitScriptError, "line " + std::to_string(e->line) + ": " + e->message};
  const Program& program = std::get<Program>(parsed);
  if (program.header.goroutines)
    return {kExitScriptError,
            "a script with goroutines= runs in the concurrent target: concurrent_replay FILE"};
  if (program.header.gc)
    return {kExitScriptError,
            "a script with gc in its header runs in the gc target: gc_replay FILE"};
  auto subject = make_subject(engine, program.header);
  if (auto e = check_capabilities(program, subject->capabilities(), engine_name(engine)))
    return {kExitScriptError, "line " + std::to_string(e->line) + ": " + e->message};
  Outcome outcome = run_program(program, *subject, out);
  return {outcome == Outcome::kFatal ? kExitScriptError : 0, {}};
}

// Runs one script on the in-process engine or the exec engine; prints its
// trace to stdout and an error to stderr; returns its exit status.
int run_one(const std::string& text, const std::string& name, Engine engine, ExecEngine* exec) {
  std::string where = name.empty() ? std::string() : " (" + name + ")";
  if (exec == nullptr) {
    ScriptRun r = run_script(text, engine, std::cout);
    std::cout.flush();
    if (!r.error.empty()) std::fprintf(stderr, "error: %s%s\n", r.error.c_str(), where.c_str());
    return r.status;
  }
  EngineResult r = exec->run(text);
  std::fwrite(r.trace.data(), 1, r.trace.size(), stdout);
  std::fflush(stdout);
  switch (r.status) {
    case EngineResult::Status::kScriptError:
      std::fprintf(stderr, "error: %s%s\n", r.error.c_str(), where.c_str());
      return kExitScriptError;
    case EngineResult::Status::kDied:
      std::fprintf(stderr, "error: %s%s\n", r.error.c_str(), where.c_str());
      return kExitScriptError;
    case EngineResult::Status::kRan: break;
  }
  size_t last = r.trace.rfind('\n', r.trace.size() >= 2 ? r.trace.size() - 2 : 0);
  std::string_view last_line =
      std::string_view(r.trace).substr(last == std::string::npos ? 0 : last + 1);
  return last_line.rfind("fatal error: ", 0) == 0 ? kExitScriptError : 0;
}

int cmd_run(const std::vector<std::string>& args) {
  Engine engine = Engine::kPort;
  std::unique_ptr<ExecEngine> exec;
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a.rfind("--engine=exec:", 0) == 0) {
      auto started = ExecEngine::start(ExecEngine::split_command(a.substr(14)));
      if (auto* why = std::get_if<std::string>(&started)) {
        std::fprintf(stderr, "gomap-script: %s\n", why->c_str());
        return kExitScriptError;
      }
      exec = std::move(std::get<std::unique_ptr<ExecEngine>>(started));
    } else if (a.rfind("--engine=", 0) == 0) {
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
    return run_one(ss.str(), "", engine, exec.get());
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
    int s = run_one(ss.str(), f, engine, exec.get());
    if (s != 0) status = s;
  }
  return status;
}

// The engine protocol's server side (docs/engines.md), for the port and
// the references: what makes them engines that any client can drive, and
// the second engine that shows the protocol is not Go's alone.
int cmd_serve(const std::vector<std::string>& args) {
  Engine engine = Engine::kPort;
  for (const std::string& a : args) {
    auto e = a.rfind("--engine=", 0) == 0 ? engine_from_name(a.substr(9)) : std::nullopt;
    if (!e) return usage(("serve takes --engine=port|absl|std, not " + a.substr(0, 64)).c_str());
    engine = *e;
  }
  gomap::set_fatal_handler([](const char*) {});
  std::cout << "#gomap-engine 1 gomap-script " << engine_name(engine) << std::endl;
  for (std::string header; std::getline(std::cin, header);) {
    constexpr std::string_view kFrame = "#script ";
    size_t size = 0;
    bool ok = header.rfind(kFrame, 0) == 0 && header.size() > kFrame.size() &&
              header.size() <= kFrame.size() + 9 &&
              header.find_first_not_of("0123456789", kFrame.size()) == std::string::npos;
    if (ok) size = std::stoul(header.substr(kFrame.size()));
    if (!ok) {
      std::fprintf(stderr, "gomap-script: bad frame header \"%s\": want #script N\n",
                   header.substr(0, 40).c_str());
      return kExitScriptError;
    }
    std::string text(size, '\0');
    if (!std::cin.read(text.data(), static_cast<std::streamsize>(size))) {
      std::fprintf(stderr, "gomap-script: a script frame of %zu bytes ended early\n", size);
      return kExitScriptError;
    }
    std::ostringstream trace;
    ScriptRun r = run_script(text, engine, trace);
    std::cout << trace.str();
    if (r.error.empty()) {
      std::cout << "#end ok\n";
    } else {
      std::cout << "#end error: " << r.error << "\n";
    }
    std::cout.flush();
  }
  return 0;
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
      if (!target) return usage(unknown_target(args[i]).c_str());
    } else if (args[i].rfind("--target=", 0) == 0) {
      target = find_target(args[i].substr(9));
      if (!target) return usage(unknown_target(args[i].substr(9)).c_str());
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
    if (target->input == Input::kText) {
      std::fwrite(bytes->data(), 1, bytes->size(), stdout);  // the input is a script already
    } else {
      Program p =
          decode(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size(), target->options);
      std::fputs(print_script(p).c_str(), stdout);
    }
  }
  return status;
}

// Writes a file whole or not at all: beside, then renamed.
bool write_atomically(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary);
    out << bytes;
    if (!out.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

int cmd_encode(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::string out;
  std::vector<std::string> paths;
  for (size_t i = 0; i < args.size(); i++) {
    if (args[i] == "--out" && i + 1 < args.size()) {
      out = args[++i];
    } else if (args[i].rfind("--out=", 0) == 0) {
      out = args[i].substr(6);
    } else if (args[i].size() > 1 && args[i][0] == '-') {
      return usage(("unknown option " + args[i]).c_str());
    } else {
      paths.push_back(args[i]);
    }
  }
  if (out.empty() || paths.empty()) return usage("encode needs --out DIR and at least one PATH");
  std::vector<fs::path> scripts;
  for (const std::string& p : paths) {
    std::error_code ec;
    size_t before = scripts.size();
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".ops")
          scripts.push_back(it->path());
    } else if (fs::is_regular_file(p, ec)) {
      scripts.push_back(p);
    }
    if (ec || scripts.size() == before) {
      std::fprintf(stderr, "error: %s: %s\n", p.c_str(),
                   ec ? ec.message().c_str() : "no op-scripts there");
      return kExitScriptError;
    }
  }
  std::sort(scripts.begin(), scripts.end());
  std::map<std::string_view, int> written;
  for (const fs::path& f : scripts) {
    std::optional<std::string> text = read_file(f.string());
    if (!text) {
      std::fprintf(stderr, "error: cannot read %s\n", f.c_str());
      return kExitScriptError;
    }
    auto parsed = parse_script(*text);
    if (auto* e = std::get_if<ParseError>(&parsed)) {
      std::fprintf(stderr, "error: %s: line %d: %s\n", f.c_str(), e->line, e->message.c_str());
      return kExitScriptError;
    }
    // The name says where it came from, so that two folders' scripts do not clash.
    std::string name = f.parent_path().filename().string() + "-" + f.stem().string();
    for (const TargetSpec& t : all_targets()) {
      if (t.input == Input::kText) continue;
      auto bytes = encode(std::get<Program>(parsed), t.options);
      if (!std::holds_alternative<std::string>(bytes)) continue;
      fs::path dir = fs::path(out) / std::string(t.name);
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec || !write_atomically(dir / name, std::get<std::string>(bytes))) {
        std::fprintf(stderr, "error: cannot write under %s: %s\n", dir.c_str(),
                     ec ? ec.message().c_str() : "write failed");
        return kExitScriptError;
      }
      written[t.name]++;
    }
  }
  for (const TargetSpec& t : all_targets())
    if (t.input == Input::kBinary)
      std::printf("%s: %d inputs\n", std::string(t.name).c_str(), written[t.name]);
  return 0;
}

int cmd_targets(const std::vector<std::string>& args) {
  bool markdown = false;
  for (const std::string& a : args) {
    if (a == "--markdown") {
      markdown = true;
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  if (markdown) std::printf("| target | input | what it checks |\n|---|---|---|\n");
  for (const TargetSpec& t : all_targets()) {
    if (markdown) {
      std::printf("| `%s` | %s | %s |\n", std::string(t.name).c_str(),
                  t.input == Input::kText ? "op-script text" : "bytes",
                  std::string(t.description).c_str());
    } else {
      std::printf("%s\n", std::string(t.name).c_str());
    }
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
  if (cmd == "serve") return cmd_serve(args);
  if (cmd == "repro") return cmd_repro(args);
  if (cmd == "encode") return cmd_encode(args);
  if (cmd == "targets") return cmd_targets(args);
  if (cmd == "-h" || cmd == "--help" || cmd == "help") {
    usage(nullptr);
    return 0;
  }
  return usage(("unknown command " + cmd).c_str());
}
