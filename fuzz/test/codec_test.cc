#include "oplang/codec.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "oplang/script.h"
#include "targets/registry.h"

namespace gomap::harness {
namespace {

Program decode_string(const std::string& bytes, const DecodeOptions& o) {
  return decode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), o);
}

std::string encode_ok(const Program& p, const DecodeOptions& o) {
  auto r = encode(p, o);
  if (auto* e = std::get_if<EncodeError>(&r)) {
    ADD_FAILURE() << "cannot encode: " << e->message << "\n" << print_script(p);
    return {};
  }
  return std::get<std::string>(r);
}

std::string random_bytes(std::mt19937& rng, size_t max) {
  std::string bytes(rng() % max, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

// Any bytes decode to a program whose op-script parses back to it: what a
// crash report prints is what replays.
TEST(Codec, DecodedProgramsRoundTripThroughOpScripts) {
  std::mt19937 rng(7);
  for (const TargetSpec& t : all_targets()) {
    if (t.input == Input::kText) continue;
    for (int i = 0; i < 200; i++) {
      Program p = decode_string(random_bytes(rng, 600), t.options);
      auto again = parse_script(print_script(p));
      ASSERT_TRUE(std::holds_alternative<Program>(again)) << print_script(p);
      EXPECT_TRUE(same_program(p, std::get<Program>(again))) << t.name << "\n" << print_script(p);
    }
  }
}

// The encoder inverts the decoder on everything the decoder produces.
TEST(Codec, EncodeInvertsDecodeOnRandomInputs) {
  std::mt19937 rng(11);
  for (const TargetSpec& t : all_targets()) {
    if (t.input == Input::kText) continue;
    for (int i = 0; i < 300; i++) {
      Program p = decode_string(random_bytes(rng, 2000), t.options);
      Program back = decode_string(encode_ok(p, t.options), t.options);
      EXPECT_TRUE(same_program(p, back)) << t.name << "\n"
                                         << print_script(p) << "---\n"
                                         << print_script(back);
    }
  }
}

// What go_diff compares, Go prints alike: with comparable_with_go, every
// iteration has a fixed start, no `next` goes on with an iteration begun
// before a clear or a NaN insert, and nothing prints bucket order (layout,
// iteration) while a NaN key is in the map. Checked by a walk of its own.
TEST(Codec, GoComparableProgramsPrintNoRandomOrder) {
  std::mt19937 rng(13);
  DecodeOptions o{
      .key = Kind::kFloat64, .iterations = true, .layout = true, .comparable_with_go = true};
  int nans = 0, iterations = 0;
  for (int i = 0; i < 400; i++) {
    Program p = decode_string(random_bytes(rng, 3000), o);
    bool nan_in = false;
    bool open[kMaxIterations] = {};
    for (const Op& op : p.ops) {
      std::string at = print_script(p) + "\nat line " + std::to_string(op.line);
      bool orders =
          op.code == OpCode::kLayout || op.code == OpCode::kIter || op.code == OpCode::kNext;
      ASSERT_FALSE(nan_in && orders) << at;
      if (op.code == OpCode::kIter) {
        ASSERT_TRUE(op.start.has_value()) << at;
        open[op.iteration] = true;
        iterations++;
      }
      if (op.code == OpCode::kNext) ASSERT_TRUE(open[op.iteration]) << at;
      if (op.code == OpCode::kClear) nan_in = false, std::fill(open, open + kMaxIterations, false);
      if ((op.code == OpCode::kSet || op.code == OpCode::kAdd) && std::isnan(op.key.f)) {
        nan_in = true, nans++;
        std::fill(open, open + kMaxIterations, false);
      }
    }
  }
  EXPECT_GT(nans, 20);  // the walk saw the cases it is about
  EXPECT_GT(iterations, 200);
}

// Programs the decoder rarely makes by chance (literal keys of every string
// length, extreme numbers, every iteration, any start) still encode and
// decode back.
TEST(Codec, EncodeInvertsDecodeOnLiteralValues) {
  DecodeOptions o{.key = Kind::kString, .elem = Kind::kString, .iterations = true};
  Program p;
  p.header.key = Kind::kString;
  p.header.elem = Kind::kString;
  p.header.seed = 0xfeedbeef;
  p.header.hint = -65536;
  for (size_t n = 0; n <= 300; n++) {
    Op set;
    set.code = OpCode::kSet;
    set.key = Value::string(std::string(n, static_cast<char>('a' + n % 26)));
    set.elem = Value::string(n % 2 ? "v" + std::to_string(n) : "elem\x00\xff" + std::to_string(n));
    p.ops.push_back(set);
  }
  for (int i = 0; i < kMaxIterations; i++) {
    Op iter;
    iter.code = OpCode::kIter;
    iter.iteration = i;
    if (i % 2) iter.start = IterStart{i == 7 ? UINT64_MAX : uint64_t(i * 100), uint64_t(i * 3)};
    Op next;
    next.code = OpCode::kNext;
    next.iteration = i;
    p.ops.push_back(iter);
    p.ops.push_back(next);
  }
  EXPECT_TRUE(same_program(p, decode_string(encode_ok(p, o), o))) << print_script(p);

  DecodeOptions f{.key = Kind::kFloat64, .elem = Kind::kInt64};
  Program q;
  q.header.key = Kind::kFloat64;
  q.header.seed = 0;
  q.header.weak_hash = WeakHash::kBits;
  for (double d : {std::nan(""), -0.0, 0.0, 0.5, 1e300, -5e-324, 3.25, 1.0 / 3}) {
    Op add;
    add.code = OpCode::kAdd;
    add.key = Value::float64(d);
    add.elem = Value::int64(d > 1 ? INT64_MIN : -32768);
    q.ops.push_back(add);
  }
  EXPECT_TRUE(same_program(q, decode_string(encode_ok(q, f), f))) << print_script(q);
}

// Bytes written by hand, so the expectation does not come from the encoder.
TEST(Codec, DecodesTheDocumentedFormat) {
  DecodeOptions o{.key = Kind::kString, .elem = Kind::kInt64, .iterations = true};
  const unsigned char bytes[] = {
      0x2B,                                     // hint class 3 (8), weak hash 5 (const)
      0x02,                                     // range class 2: 16 keys
      0x01, 0xef, 0xcd, 0xab,                   // seed
      0x00, 0x13, 0x00, 0x09, 0x00,             // set: key 19 % 16 = "k3", elem 9
      0x00, 0x00, 0xe0, 0x02, 0x00, 'h',  'i',  // set: literal key "hi",
      0x05, 0xe0, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,  // literal elem
      40,   0x05, 0x00,  // del "k5" (opcodes by weight: set 0-39, del 40-64, ...)
      85,   0x81, 0x07,  // iter (85-90) @1 start=7 offset=0
      91,   0x03, 0x06,  // next (91-120): escape, iteration 6, not open: an iter
  };
  Program p = decode(bytes, sizeof bytes, o);
  EXPECT_EQ(print_script(p),
            "map string int64 hint=8 seed=0xabcdef01 weakhash=const\n"
            "set \"k3\" 9\nset \"hi\" -9223372036854775803\ndel \"k5\"\n"
            "iter @1 start=7 offset=0\niter @6\n");
}

TEST(Codec, EmptyInputIsAnEmptyProgram) {
  Program p = decode(nullptr, 0, DecodeOptions{});
  EXPECT_TRUE(p.ops.empty());
  EXPECT_FALSE(p.header.nil);
}

TEST(Codec, EncodeNamesWhatATargetCannotExpress) {
  auto parsed = parse_script("map int64 int64 seed=0x1\nset 1 2\nlayout\n");
  auto r = encode(std::get<Program>(parsed), DecodeOptions{});
  ASSERT_TRUE(std::holds_alternative<EncodeError>(r));
  EXPECT_NE(std::get<EncodeError>(r).message.find("line 3"), std::string::npos);
  auto unseeded = parse_script("map int64 int64\nset 1 2\n");
  EXPECT_TRUE(
      std::holds_alternative<EncodeError>(encode(std::get<Program>(unseeded), DecodeOptions{})));
}

// Every committed seed of a binary target is something its decoder can
// produce (else the fuzzer never starts from it), and every committed
// op-script a target can express survives encoding unchanged.
TEST(Codec, CommittedScriptsEncodeAndDecodeBack) {
  namespace fs = std::filesystem;
  int checked = 0;
  for (const auto& e : fs::recursive_directory_iterator(GOMAP_CORPUS_DIR)) {
    if (e.path().extension() != ".ops") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = parse_script(ss.str());
    ASSERT_TRUE(std::holds_alternative<Program>(parsed)) << e.path();
    const Program& p = std::get<Program>(parsed);
    std::string dir = e.path().parent_path().filename().string();
    for (const TargetSpec& t : all_targets()) {
      if (t.input == Input::kText) continue;
      auto r = encode(p, t.options);
      if (dir == t.name) ASSERT_TRUE(std::holds_alternative<std::string>(r)) << e.path();
      if (auto* bytes = std::get_if<std::string>(&r)) {
        EXPECT_TRUE(same_program(p, decode_string(*bytes, t.options))) << e.path() << " " << t.name;
        checked++;
      }
    }
  }
  EXPECT_GT(checked, 40);
}

}  // namespace
}  // namespace gomap::harness
