#include "ops/decode.h"

#include <gtest/gtest.h>

#include <random>

#include "ops/check.h"
#include "ops/script.h"

namespace gomap::ops {
namespace {

// Any bytes decode to a program whose op-script parses back to it: what a
// crash report prints is what replays.
TEST(Decode, DecodedProgramsRoundTripThroughOpScripts) {
  std::mt19937 rng(7);
  for (const TargetSpec& t : all_targets()) {
    if (t.text_input) continue;
    for (int i = 0; i < 200; i++) {
      std::string bytes(rng() % 600, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      Program p = decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), t.options);
      auto again = parse_script(print_script(p));
      ASSERT_TRUE(std::holds_alternative<Program>(again)) << print_script(p);
      EXPECT_TRUE(same_program(p, std::get<Program>(again))) << t.name << "\n" << print_script(p);
    }
  }
}

TEST(Decode, EncodeWritesWhatDecodeReads) {
  DecodeOptions o{Kind::kString, Kind::kInt64, /*iterations=*/true};
  std::vector<RawOp> ops = {{OpCode::kSet, 3, 9},  {OpCode::kAdd, 3, 2}, {OpCode::kGet, 5},
                            {OpCode::kDel, 3},     {OpCode::kIter, 0, 0, 1},
                            {OpCode::kNext, 0, 0, 1}, {OpCode::kClear}, {OpCode::kLen}};
  std::string bytes = encode(RawHeader{3, 5, false, 2, 0xabcdef01}, ops, o);
  Program p = decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), o);
  EXPECT_EQ(print_script(p),
            "map string int64 hint=8 seed=0xabcdef01 weakhash=const\n"
            "set \"k3\" 9\nadd \"k3\" 2\nget \"k5\"\ndel \"k3\"\niter @1\nnext @1\nclear\nlen\n");
}

TEST(Decode, EmptyInputIsAnEmptyProgram) {
  Program p = decode(nullptr, 0, DecodeOptions{});
  EXPECT_TRUE(p.ops.empty());
  EXPECT_FALSE(p.header.nil);
}

TEST(Decode, ANextWithoutItsIterBecomesAnIter) {
  DecodeOptions o{Kind::kInt64, Kind::kInt64, /*iterations=*/true};
  std::string bytes = encode(RawHeader{}, {{OpCode::kNext, 0, 0, 2}, {OpCode::kNext, 0, 0, 2}}, o);
  Program p = decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), o);
  ASSERT_EQ(p.ops.size(), 2u);
  EXPECT_EQ(p.ops[0].code, OpCode::kIter);
  EXPECT_EQ(p.ops[1].code, OpCode::kNext);
}

}  // namespace
}  // namespace gomap::ops
