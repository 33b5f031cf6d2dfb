// The engine protocol (docs/engines.md) from the client's side: the Go
// oracle and the port's `gomap-script serve` both served through
// ExecEngine, checked against the traces Go 1.19 printed for the golden
// scripts (corpus/scripts/*.out); script errors, engines that throw, die or
// break the protocol, and engines that cannot start. The protocol's server
// side in Go is tested in fuzz/gooracle/serve_test.go.
#include "subjects/exec_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gomap::harness {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<ExecEngine> start(std::vector<std::string> argv) {
  auto started = ExecEngine::start(std::move(argv));
  if (auto* why = std::get_if<std::string>(&started)) {
    ADD_FAILURE() << *why;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<ExecEngine>>(started));
}

std::string start_error(std::vector<std::string> argv) {
  auto started = ExecEngine::start(std::move(argv));
  auto* why = std::get_if<std::string>(&started);
  return why ? *why : "(it started)";
}

std::vector<std::string> fake(const std::string& mode) {
  return {"python3", GOMAP_TEST_DATA "/fake_engine.py", mode};
}

// Every golden script through one engine process, in one stream: the
// traces are the ones Go 1.19 printed, one script at a time, in file mode.
void serves_the_golden_scripts(std::vector<std::string> argv) {
  auto engine = start(std::move(argv));
  ASSERT_TRUE(engine);
  std::vector<fs::path> scripts;
  for (const auto& e : fs::directory_iterator(GOMAP_CORPUS_DIR "/scripts"))
    if (e.path().extension() == ".ops") scripts.push_back(e.path());
  std::sort(scripts.begin(), scripts.end());
  ASSERT_GT(scripts.size(), 50u);
  for (const fs::path& p : scripts) {
    fs::path expected = p;
    expected.replace_extension(".out");
    EngineResult r = engine->run(read(p));
    EXPECT_EQ(r.status, EngineResult::Status::kRan) << p << ": " << r.error;
    EXPECT_EQ(r.trace, read(expected)) << p;
  }
  EXPECT_EQ(engine->restarts(), 0);
}

TEST(Engine, TheGoOracleServesTheGoldenScripts) {
  serves_the_golden_scripts({GOMAP_ORACLE_PATH, "--serve"});
}

TEST(Engine, ThePortServesTheGoldenScripts) {
  serves_the_golden_scripts({GOMAP_SCRIPT_TOOL, "serve"});
}

// A rejected script runs nothing and says where; the next one runs on the
// same process.
TEST(Engine, AScriptErrorIsThatScriptsAlone) {
  for (auto argv : {std::vector<std::string>{GOMAP_ORACLE_PATH, "--serve"},
                    std::vector<std::string>{GOMAP_SCRIPT_TOOL, "serve"}}) {
    auto engine = start(argv);
    ASSERT_TRUE(engine);
    EngineResult bad = engine->run("map int64 int64\nset 1 2\nget x\n");
    EXPECT_EQ(bad.status, EngineResult::Status::kScriptError) << argv[0];
    EXPECT_EQ(bad.trace, "") << argv[0];
    EXPECT_EQ(bad.error.rfind("line 3: ", 0), 0u) << argv[0] << ": " << bad.error;
    EngineResult good = engine->run("map int64 int64\nset 1 2\nget 1\nlen");
    EXPECT_EQ(good.status, EngineResult::Status::kRan) << argv[0];
    EXPECT_EQ(good.trace, "get 1 = 2 true\nlen 1\n") << argv[0];
    EXPECT_EQ(engine->restarts(), 0) << argv[0];
  }
}

// A Go throw kills the engine: the trace up to it, then the runtime's
// fatal error line, is the script's outcome, and the next script runs on a
// new process.
TEST(Engine, AnEngineThatThrowsIsRestarted) {
  auto engine = start(fake("throw"));
  ASSERT_TRUE(engine);
  EngineResult r = engine->run("map int64 int64\nlen\n");
  EXPECT_EQ(r.status, EngineResult::Status::kRan);
  EXPECT_EQ(r.trace, "len 0\nfatal error: concurrent map writes\n");
  EngineResult next = engine->run("map int64 int64\n");
  EXPECT_EQ(next.status, EngineResult::Status::kRan);
  EXPECT_EQ(next.trace, "");
  EXPECT_EQ(engine->restarts(), 1);
}

// An engine that dies without a fatal error is reported with what it left
// on stderr, and started again for the next script.
TEST(Engine, AnEngineThatDiesIsReportedAndRestarted) {
  auto engine = start(fake("die"));
  ASSERT_TRUE(engine);
  EngineResult r = engine->run("map int64 int64\nlen\n");
  EXPECT_EQ(r.status, EngineResult::Status::kDied);
  EXPECT_NE(r.error.find("ended in the middle of a script"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("boom"), std::string::npos) << r.error;
  EXPECT_EQ(engine->run("map int64 int64\n").status, EngineResult::Status::kRan);
  EXPECT_EQ(engine->restarts(), 1);
}

TEST(Engine, AnEngineOutOfProtocolIsReported) {
  auto engine = start(fake("babble"));
  ASSERT_TRUE(engine);
  EngineResult r = engine->run("map int64 int64\nlen\n");
  EXPECT_EQ(r.status, EngineResult::Status::kDied);
  EXPECT_NE(r.error.find("#end of the world"), std::string::npos) << r.error;
  EXPECT_EQ(engine->run("map int64 int64\n").status, EngineResult::Status::kRan);
}

TEST(Engine, AnEngineThatCannotStartSaysWhy) {
  EXPECT_NE(start_error({"/nonexistent/engine"}).find("cannot start engine /nonexistent/engine"),
            std::string::npos);
  EXPECT_NE(start_error({"true"}).find("ended before its greeting"), std::string::npos);
  EXPECT_NE(start_error({"echo", "hello"}).find("does not speak the protocol"), std::string::npos);
  EXPECT_NE(start_error({}).find("needs a command"), std::string::npos);
}

TEST(Engine, ACommandLineSplitsAtSpaces) {
  EXPECT_EQ(ExecEngine::split_command("  a  b c "), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ExecEngine::split_command(""), std::vector<std::string>{});
}

}  // namespace
}  // namespace gomap::harness
