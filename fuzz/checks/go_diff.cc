// The go_diff check: the port against the real Go 1.19 map (or any engine
// of docs/engines.md), trace line for trace line, layout dumps included.
// absl and std see only what a map answers; Go's trace shows where each key
// sits, so only this check can tell "a map that works" from "Go's map".

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

#include "checks/checks.h"
#include "oplang/script.h"
#include "subjects/exec_engine.h"

namespace gomap::harness {
namespace {

constexpr const char* kEngineVariable = "GOMAP_ORACLE";
// A report shows the traces whole up to this many lines each; a minimized
// input's are far shorter.
constexpr size_t kReportLines = 400;

std::unique_ptr<ExecEngine>& engine() {
  static std::unique_ptr<ExecEngine> e;
  return e;
}

// The oracle beside this binary, where the build puts it.
std::string oracle_beside_binary() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  std::filesystem::path oracle = self.parent_path() / "gooracle";
  return std::filesystem::exists(oracle, ec) ? oracle.string() : std::string();
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return lines;
}

std::string numbered(const std::vector<std::string_view>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < kReportLines; i++)
    out += std::to_string(i + 1) + "\t" + std::string(lines[i]) + "\n";
  if (lines.size() > kReportLines)
    out += "\t(" + std::to_string(lines.size() - kReportLines) + " more lines)\n";
  return out;
}

}  // namespace

void start_go_diff_engine() {
  const char* configured = std::getenv(kEngineVariable);
  std::string command = configured && *configured ? configured : oracle_beside_binary();
  if (command.empty()) {
    std::fprintf(stderr,
                 "go_diff: no engine: set %s to an engine's command line, or build gooracle "
                 "beside this binary (docs/engines.md)\n",
                 kEngineVariable);
    std::exit(2);
  }
  if (!configured || !*configured) command += " --serve";
  auto started = ExecEngine::start(ExecEngine::split_command(command));
  if (auto* why = std::get_if<std::string>(&started)) {
    std::fprintf(stderr, "go_diff: %s (%s=\"%s\")\n", why->c_str(), kEngineVariable,
                 command.substr(0, 200).c_str());
    std::exit(2);
  }
  engine() = std::move(std::get<std::unique_ptr<ExecEngine>>(started));
}

std::optional<std::string> check_go_diff(const Program& program) {
  if (!engine()) start_go_diff_engine();
  // The engine runs the script while the port runs the program: two cores,
  // and neither waits for the other until the traces are compared.
  engine()->send(print_script(program));
  repeatable_run();
  std::ostringstream port_out;
  {
    auto port = make_subject(Engine::kPort, program.header);
    run_program(program, *port, port_out);
  }
  EngineResult theirs = engine()->receive();
  const std::string who = engine()->name();
  if (theirs.status == EngineResult::Status::kScriptError)
    return who + " rejected the script the port ran: " + theirs.error;
  if (theirs.status == EngineResult::Status::kDied) return theirs.error;
  std::string ours = port_out.str();
  if (ours == theirs.trace) return std::nullopt;
  std::vector<std::string_view> a = lines_of(ours), b = lines_of(theirs.trace);
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) i++;
  auto at = [](const std::vector<std::string_view>& l, size_t k) {
    return k < l.size() ? "\"" + std::string(l[k]) + "\"" : std::string("(the trace has ended)");
  };
  return "the port and " + who + " differ at trace line " + std::to_string(i + 1) +
         ":\n  port: " + at(a, i) + "\n  " + who + ": " + at(b, i) + "\n==== the port's trace:\n" +
         numbered(a) + "==== " + who + "'s trace:\n" + numbered(b);
}

}  // namespace gomap::harness
