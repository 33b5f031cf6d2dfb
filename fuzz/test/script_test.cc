#include "oplang/script.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

// The folder of rejected scripts, fuzz/oplang/testdata/rejected (a string
// literal; fuzz/test/CMakeLists.txt defines it).
#ifndef GOMAP_REJECTED_DIR
#error "GOMAP_REJECTED_DIR must be defined as the path of fuzz/oplang/testdata/rejected"
#endif

namespace gomap::harness {
namespace {

ParseError parse_error(std::string_view text) {
  auto r = parse_script(text);
  EXPECT_TRUE(std::holds_alternative<ParseError>(r)) << "parsed: " << text;
  if (auto* e = std::get_if<ParseError>(&r)) return *e;
  return {};
}

Program parse_ok(std::string_view text) {
  auto r = parse_script(text);
  if (auto* e = std::get_if<ParseError>(&r)) {
    ADD_FAILURE() << "line " << e->line << ": " << e->message;
    return {};
  }
  return std::get<Program>(r);
}

// Every kind of broken script, one file each in fuzz/oplang/testdata/rejected/
// (the Go oracle's TestParseErrors and TestRejectedScripts run the same
// files). A file starts with `# rejected: line N`, the line its error must
// name, and may go on with `# because: TEXT`, a part of the message; both are
// comments to the parser and count as lines of the script.
TEST(ScriptParse, RejectsBrokenScriptsWithLineAndReason) {
  namespace fs = std::filesystem;
  constexpr std::string_view kRejected = "# rejected: line ";
  constexpr std::string_view kBecause = "# because: ";
  const fs::path dir = GOMAP_REJECTED_DIR;
  ASSERT_TRUE(fs::is_directory(dir)) << dir << " is not a directory";
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".ops")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  EXPECT_GE(files.size(), 30u) << "too few rejected scripts in " << dir;
  for (const fs::path& path : files) {
    SCOPED_TRACE(path.string());
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      ADD_FAILURE() << "cannot open " << path;
      continue;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    std::string_view rest = text;
    auto take_line = [&rest]() {
      size_t nl = rest.find('\n');
      std::string_view l = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      return l;
    };
    std::string_view first = take_line();
    int want_line = 0;
    if (first.starts_with(kRejected)) {
      std::string_view digits = first.substr(kRejected.size());
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), want_line);
      if (ec != std::errc() || end != digits.data() + digits.size()) want_line = 0;
    }
    if (want_line <= 0) {
      ADD_FAILURE() << path << ": the first line must be `# rejected: line N` (N >= 1), got `"
                    << first << "`";
      continue;
    }
    std::string_view second = take_line();
    std::optional<std::string_view> because;
    if (second.starts_with(kBecause)) because = second.substr(kBecause.size());

    ParseError e = parse_error(text);
    EXPECT_EQ(e.line, want_line) << e.message;
    if (because) {
      EXPECT_NE(e.message.find(*because), std::string::npos)
          << "message `" << e.message << "` lacks `" << *because << "`";
    }
  }
}

TEST(ScriptParse, AcceptsTheSpecStatements) {
  Program p = parse_ok(
      "  # comment\n"
      "map string big nil hint=-5 seed=0xdeadbeef hashkey=0x1,0x3,0x5,0x7\n"
      "\n"
      "set \"a b\\t\\\"c\\\"\" 7\n"
      "get \"\\u00e9\"\n"
      "del \"\"\n"
      "  len  \n"
      "clear\ndump\nlayout\n"
      "iter @3 start=18446744073709551615 offset=9\n"
      "next @3\n"
      "iter\nnext\n");
  EXPECT_EQ(p.header.key, Kind::kString);
  EXPECT_EQ(p.header.elem, Kind::kBig);
  EXPECT_TRUE(p.header.nil);
  EXPECT_EQ(p.header.hint, -5);
  EXPECT_EQ(p.header.seed, 0xdeadbeefu);
  EXPECT_EQ(p.header.hashkey, (HashKey{1, 3, 5, 7}));
  ASSERT_EQ(p.ops.size(), 11u);
  EXPECT_EQ(p.ops[0].key.s, "a b\t\"c\"");
  EXPECT_EQ(p.ops[0].elem.i, 7);
  EXPECT_EQ(p.ops[0].line, 4);
  EXPECT_EQ(p.ops[1].key.s, "\xc3\xa9");
  EXPECT_EQ(p.ops[7].iteration, 3);
  ASSERT_TRUE(p.ops[7].start.has_value());
  EXPECT_EQ(p.ops[7].start->start, 18446744073709551615u);
  EXPECT_EQ(p.ops[7].start->offset, 9u);
  EXPECT_FALSE(p.ops[9].start.has_value());
}

TEST(ScriptParse, FloatSpellings) {
  Program p =
      parse_ok("map float64 int64\nget NaN\nget +Inf\nget -Inf\nget -0\nget inf\nget 1e-400\n");
  EXPECT_TRUE(std::isnan(p.ops[0].key.f));
  EXPECT_EQ(p.ops[1].key.f, INFINITY);
  EXPECT_EQ(p.ops[2].key.f, -INFINITY);
  EXPECT_TRUE(std::signbit(p.ops[3].key.f) && p.ops[3].key.f == 0);
  EXPECT_EQ(p.ops[4].key.f, INFINITY);
  EXPECT_EQ(p.ops[5].key.f, 0.0);  // underflow is not an error in ParseFloat
}

// parse(print(p)) == p, for programs covering every statement and kind.
TEST(ScriptPrint, PrintedProgramsParseBackEqual) {
  const char* scripts[] = {
      "map int64 int64 hint=9 seed=0x00000001\nset -9223372036854775808 9223372036854775807\n"
      "add 1 -3\nget 2\ndel 3\nlen\nclear\ndump\nlayout\niter start=5 offset=3\nnext\n"
      "iter @7\nnext @7\n",
      "map string string nil\nset \"\\x00\\xff\\u2028\\U0001f600 \\\"q\\\"\" \"\"\n",
      "map float64 big hashkey=0x1,0x2,0x3,0x4\nset NaN 1\nset -0 2\nset 5e-324 3\n"
      "set 1.7976931348623157e+308 4\nset -Inf 5\nset 0.1 6\n",
  };
  for (const char* s : scripts) {
    Program p = parse_ok(s);
    std::string printed = print_script(p);
    Program q = parse_ok(printed);
    EXPECT_TRUE(same_program(p, q)) << s << "\nprinted as\n" << printed;
  }
}

TEST(ScriptPrint, SameProgramSeesDifferences) {
  Program a = parse_ok("map float64 int64\nset -0 1\n");
  Program b = parse_ok("map float64 int64\nset 0 1\n");
  EXPECT_FALSE(same_program(a, b));
  Program c = parse_ok("map float64 int64\nset NaN 1\n");
  EXPECT_TRUE(same_program(c, c));
}

}  // namespace
}  // namespace gomap::harness
