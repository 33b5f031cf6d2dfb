#include "subjects/runner.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gomap::harness {
namespace {

std::string run(std::string_view text, Engine engine) {
  auto parsed = parse_script(text);
  const Program& p = std::get<Program>(parsed);
  auto s = make_subject(engine, p.header);
  std::ostringstream out;
  run_program(p, *s, out);
  return out.str();
}

// The three engines agree on everything whose output is deterministic.
TEST(Runner, EnginesAgreeOnDeterministicStatements) {
  const char* script =
      "map string int64\n"
      "set \"a\" 1\nset \"b\" 2\nadd \"a\" 5\nadd \"c\" 3\nget \"a\"\nget \"z\"\nlen\n"
      "del \"b\"\ndel \"zz\"\ndump\nclear\nlen\ndump\n";
  std::string expected =
      "get \"a\" = 6 true\nget \"z\" = 0 false\nlen 3\ndump 2\n  \"a\" = 6\n  \"c\" = 3\n"
      "len 0\ndump 0\n";
  for (Engine e : {Engine::kPort, Engine::kAbsl, Engine::kStd})
    EXPECT_EQ(run(script, e), expected) << engine_name(e);
}

TEST(Runner, NilMapReadsEmptyAndPanicsOnAssignment) {
  const char* script = "map int64 string nil\nget 1\ndel 1\nlen\niter\nnext\nset 1 \"x\"\nlen\n";
  std::string expected =
      "get 1 = \"\" false\nlen 0\nnext end\npanic: assignment to entry in nil map\n";
  for (Engine e : {Engine::kPort, Engine::kAbsl, Engine::kStd})
    EXPECT_EQ(run(script, e), expected) << engine_name(e);
}

// `iter` copies the first entry: a later overwrite does not change what the
// first `next` prints, but does change what a later lookup sees.
TEST(Runner, IterCopiesTheEntryItReached) {
  const char* script = "map int64 int64\nset 1 10\niter\nset 1 11\nnext\nnext\nnext\nget 1\n";
  std::string expected = "next 1 = 10\nnext end\nnext end\nget 1 = 11 true\n";
  for (Engine e : {Engine::kPort, Engine::kAbsl, Engine::kStd})
    EXPECT_EQ(run(script, e), expected) << engine_name(e);
}

TEST(Runner, CapabilitiesRejectLayoutAndFixedStartOnReferences) {
  auto parsed = parse_script("map int64 int64\nset 1 1\niter start=1 offset=2\nlayout\n");
  const Program& p = std::get<Program>(parsed);
  for (Engine e : {Engine::kAbsl, Engine::kStd}) {
    auto s = make_subject(e, p.header);
    auto err = check_capabilities(p, s->capabilities(), engine_name(e));
    ASSERT_TRUE(err.has_value());
    EXPECT_EQ(err->line, 3);
  }
  auto port = make_subject(Engine::kPort, p.header);
  EXPECT_FALSE(check_capabilities(p, port->capabilities(), "port").has_value());
}

}  // namespace
}  // namespace gomap::harness
