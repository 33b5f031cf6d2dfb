#include "checks/concurrency.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "checks/checks.h"
#include "oplang/codec.h"
#include "oplang/script.h"
#include "targets/registry.h"

namespace gomap::harness {
namespace {

Program load(const std::string& name) {
  std::ifstream in(std::string(GOMAP_CORPUS_DIR) + "/concurrent/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = parse_script(ss.str());
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    ADD_FAILURE() << name << ": line " << e->line << ": " << e->message;
    return {};
  }
  return std::get<Program>(parsed);
}

// Where a fatal error fired: goroutine, the statement's line, the message.
struct Fired {
  int goroutine = -1;
  int line = 0;
  std::string message;
  bool operator==(const Fired&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Fired& f) {
  return os << "g" << f.goroutine << " line " << f.line << " `" << f.message << "`";
}

Fired port_fired(const Program& p) {
  repeatable_run();
  PortSubject port(p.header);
  Interleaving run = run_interleaved(p, port);
  port.abandon();  // a fatal error leaves statements where they stood
  for (const Slice& s : run.slices)
    if (s.end == Slice::End::kFatal) return {s.goroutine, p.ops[s.statement].line, s.observed.text};
  return {};
}

Fired model_fired(const Program& p) {
  repeatable_run();
  PortSubject port(p.header);
  Interleaving run = run_interleaved(p, port);
  port.abandon();
  ModelResult m = flag_model(p, run);
  EXPECT_EQ(m.problem, "");
  if (!m.fatal) return {};
  const Slice& s = run.slices[m.fatal_slice];
  return {s.goroutine, p.ops[s.statement].line, m.message};
}

// The expectations are Go's protocol worked by hand for each script (see
// the comment at its top), not the output of the model or the port.
struct Case {
  const char* script;
  Fired want;
};
const Case kCases[] = {
    {"writes-while-writing.ops", {1, 5, "concurrent map writes"}},
    {"read-while-writing.ops", {1, 5, "concurrent map read and map write"}},
    {"iterate-while-writing.ops", {1, 9, "concurrent map iteration and map write"}},
    {"both-pass-the-first-check.ops", {0, 6, "concurrent map writes"}},
    {"reads-around-a-write.ops", {}},
    {"clear-mid-way.ops", {1, 8, "concurrent map read and map write"}},
    {"serial-growth.ops", {}},
};

TEST(Concurrency, ThePortFiresWhereGoDoes) {
  for (const Case& c : kCases) EXPECT_EQ(port_fired(load(c.script)), c.want) << c.script;
}

TEST(Concurrency, TheModelFiresWhereGoDoes) {
  for (const Case& c : kCases) EXPECT_EQ(model_fired(load(c.script)), c.want) << c.script;
}

TEST(Concurrency, TheTargetsCheckPassesOnTheSeeds) {
  for (const Case& c : kCases)
    EXPECT_EQ(check_concurrent(load(c.script)), std::nullopt) << c.script;
}

// The same input gives the same interleaving, slice for slice.
TEST(Concurrency, AnInterleavingRepeats) {
  Program p = load("serial-growth.ops");
  auto slices = [&] {
    repeatable_run();
    PortSubject port(p.header);
    std::string out;
    for (const Slice& s : run_interleaved(p, port).slices)
      out += std::to_string(s.goroutine) + ":" + std::to_string(s.statement) + ":" +
             std::to_string(static_cast<int>(s.end)) + ":" +
             print_observation(s.observed, Kind::kInt64) + ";";
    out += print_observation(Observation{Observation::Kind::kDump, {}, {}, 0, port.entries()},
                             Kind::kInt64);
    port.abandon();
    return out;
  };
  std::string first = slices();
  EXPECT_EQ(first, slices());
  // It does switch inside growth: some slice ended switched out.
  EXPECT_NE(first.find(":0:;"), std::string::npos) << first;
}

// A switch point that Go's code cannot reach from where the statement
// stands is a problem of the port, not of the script: here the model is
// handed an interleaving no Go code makes (a read switched out where only
// writes switch), and says so.
TEST(Concurrency, TheModelRejectsASwitchGoCannotMake) {
  Program p = load("read-while-writing.ops");
  Interleaving run;
  Slice s;
  s.op = 0;
  s.statement = 0;
  s.goroutine = 0;
  s.end = Slice::End::kSwitchedOut;
  s.at = SwitchPoint::kAccessChecked;  // `set` has no such window
  run.slices.push_back(s);
  EXPECT_NE(flag_model(p, run).problem, "");
}

}  // namespace
}  // namespace gomap::harness
