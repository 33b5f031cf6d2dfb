#include "oplang/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gomap::harness {
namespace {

// Expected strings are what Go 1.19's strconv.FormatFloat(f, 'g', -1, 64)
// and strconv.Quote print (documented Go behaviour).
TEST(Value, FormatFloatLikeGo) {
  struct {
    double f;
    const char* go;
  } cases[] = {
      {0.0, "0"},
      {-0.0, "-0"},
      {1, "1"},
      {-2.5, "-2.5"},
      {0.1, "0.1"},
      {100000, "100000"},
      {1e6, "1e+06"},
      {1234567, "1.234567e+06"},
      {123456.7, "123456.7"},
      {0.0001, "0.0001"},
      {0.00001, "1e-05"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {1e100, "1e+100"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::nan(""), "NaN"},
  };
  for (const auto& c : cases) EXPECT_EQ(go_format_float(c.f), c.go) << c.go;
}

TEST(Value, QuoteLikeGo) {
  EXPECT_EQ(go_quote(""), "\"\"");
  EXPECT_EQ(go_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(go_quote(std::string("\x00\x07\x1f\x7f", 4)), "\"\\x00\\a\\x1f\\x7f\"");
  EXPECT_EQ(go_quote("\n\t\r\v\f\b"), "\"\\n\\t\\r\\v\\f\\b\"");
  EXPECT_EQ(go_quote("\xc3\xa9"), "\"\xc3\xa9\"");             // é is printable
  EXPECT_EQ(go_quote("\xe2\x80\xa8"), "\"\\u2028\"");          // line separator is not
  EXPECT_EQ(go_quote("\xff"), "\"\\xff\"");                    // invalid UTF-8
  EXPECT_EQ(go_quote("\xed\xa0\x80"), "\"\\xed\\xa0\\x80\"");  // an encoded surrogate
  EXPECT_EQ(go_quote("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
  EXPECT_EQ(go_quote("\xef\xbb\xbf"), "\"\\ufeff\"");
  EXPECT_EQ(go_quote("\xf3\xa0\x80\x81"), "\"\\U000e0001\"");
}

// Go source may not hold invalid UTF-8 in a literal; \xHH escapes say it.
TEST(Value, UnquoteRejectsRawInvalidUtf8) {
  EXPECT_FALSE(parse_value(Kind::kString, "\"a\xff\"").value);
  ParsedValue v = parse_value(Kind::kString, "\"a\\xff\"");
  ASSERT_TRUE(v.value);
  EXPECT_EQ(v.value->s, "a\xff");
}

TEST(Value, SameValue) {
  EXPECT_TRUE(same_value(Value::float64(std::nan("1")), Value::float64(-std::nan("2"))));
  EXPECT_FALSE(same_value(Value::float64(0.0), Value::float64(-0.0)));
  EXPECT_FALSE(same_value(Value::int64(1), Value::big(1)));
}

}  // namespace
}  // namespace gomap::harness
