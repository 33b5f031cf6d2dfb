#include "ops/script.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gomap::ops {
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

struct BadCase {
  const char* text;
  int line;
  const char* message_part;
};

// Every kind of broken script: the error names the right line and says
// what is wrong.
TEST(ScriptParse, RejectsBrokenScriptsWithLineAndReason) {
  const BadCase cases[] = {
      {"", 1, "no header"},
      {"# only a comment\n\n", 3, "no header"},
      {"set 1 2\n", 1, "first statement must be the header"},
      {"map\n", 1, "needs a key and an element type"},
      {"map int32 int64\n", 1, "unknown key type int32"},
      {"map int64 float64\n", 1, "unknown element type float64"},
      {"map int64 int64 hint=x\n", 1, "bad hint"},
      {"map int64 int64 hint=99999999999999999999\n", 1, "bad hint"},
      {"map int64 int64 seed=12\n", 1, "bad seed"},
      {"map int64 int64 seed=0x123456789\n", 1, "bad seed"},
      {"map int64 int64 seed=0x1 seed=0x2\n", 1, "given twice"},
      {"map int64 int64 hashkey=0x1,0x2,0x3\n", 1, "bad hashkey"},
      {"map int64 int64 hashkey=0x1,0x2,0x3,0x4,0x5\n", 1, "bad hashkey"},
      {"map int64 int64 weak=1\n", 1, "unknown header field"},
      {"map int64 int64\nmap int64 int64\n", 2, "second header"},
      {"map int64 int64\nfrob 1\n", 2, "unknown statement frob"},
      {"map int64 int64\nset 1\n", 2, "`set` takes"},
      {"map int64 int64\nset 1 2 3\n", 2, "`set` takes"},
      {"map int64 int64\nset 1 x\n", 2, "bad int64 literal x"},
      {"map int64 int64\nset 9223372036854775808 1\n", 2, "bad int64 literal"},
      {"map int64 int64\nget --1\n", 2, "bad int64 literal"},
      {"map int64 int64\nget +1\n", 2, "bad int64 literal"},
      {"map string int64\nset abc 1\n", 2, "double-quoted"},
      {"map string int64\nset `abc` 1\n", 2, "double-quoted"},
      {"map string int64\nset \"abc 1\n", 2, "unterminated"},
      {"map string int64\nset \"a\\q\" 1\n", 2, "unknown escape"},
      {"map string int64\nset \"\\x4\" 1\n", 2, "escape"},
      {"map string int64\nset \"\\ud800\" 1\n", 2, "not a valid Unicode"},
      {"map string int64\nset \"\\400\" 1\n", 2, "octal"},
      {"map string int64\nset \"a\"b 1\n", 2, "without a space"},
      {"map string int64\nset \"a\xff\" 1\n", 2, "invalid UTF-8"},
      {"map float64 int64\nset 1e999 1\n", 2, "out of range"},
      {"map float64 int64\nset 1.2.3 1\n", 2, "bad float64"},
      {"map float64 int64\nset -NaN 1\n", 2, "bad float64"},
      {"map float64 int64\nset 0x1.8 1\n", 2, "p exponent"},
      {"map int64 string\nadd 1 1\n", 2, "needs int64 elements"},
      {"map int64 int64\nadd 1 x\n", 2, "bad int64 literal"},
      {"map int64 int64\nlen 1\n", 2, "`len` takes nothing"},
      {"map int64 int64\nnext\n", 2, "without an `iter`"},
      {"map int64 int64\niter @1\nnext\n", 3, "without an `iter`"},
      {"map int64 int64\niter\nnext @3\n", 3, "@3"},
      {"map int64 int64\niter @8\n", 2, "@0 to @7"},
      {"map int64 int64\niter start=1\n", 2, "together"},
      {"map int64 int64\niter start=-1 offset=0\n", 2, "non-negative"},
      {"map int64 int64\niter foo\n", 2, "unexpected foo"},
      {"map int64 int64\nnext x\n", 2, "unexpected x"},
      {"map int64 int64\nset 1 1 # comment\n", 2, "`set` takes"},
  };
  for (const BadCase& c : cases) {
    ParseError e = parse_error(c.text);
    EXPECT_EQ(e.line, c.line) << c.text;
    EXPECT_NE(e.message.find(c.message_part), std::string::npos)
        << c.text << " -> " << e.message;
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
  Program p = parse_ok("map float64 int64\nget NaN\nget +Inf\nget -Inf\nget -0\nget inf\nget 1e-400\n");
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
}  // namespace gomap::ops
