#include "checks/iteration_model.h"

#include <gtest/gtest.h>

namespace gomap::harness {
namespace {

Op op(OpCode c, int64_t k = 0, int64_t v = 0, int it = 0) {
  Op o;
  o.code = c;
  o.key = Value::int64(k);
  o.elem = Value::int64(v);
  o.iteration = it;
  return o;
}
Runner::Reached at(int it, std::optional<std::pair<int64_t, int64_t>> kv) {
  Runner::Reached r;
  r.iteration = it;
  if (kv) r.entry = Entry{Value::int64(kv->first), Value::int64(kv->second)};
  return r;
}

class IterModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(m.after(op(OpCode::kSet, 1, 10), std::nullopt));
    ASSERT_FALSE(m.after(op(OpCode::kSet, 2, 20), std::nullopt));
  }
  IterationModel m;
};

TEST_F(IterModelTest, AcceptsAnIterationThatFollowsTheRules) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_FALSE(m.after(op(OpCode::kSet, 1, 11), std::nullopt));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, {{1, 11}})));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, std::nullopt)));
}

TEST_F(IterModelTest, RejectsAnEntryProducedTwice) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_TRUE(m.after(op(OpCode::kNext), at(0, {{2, 20}})));
}

TEST_F(IterModelTest, RejectsADeletedEntry) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_FALSE(m.after(op(OpCode::kDel, 1), std::nullopt));
  EXPECT_TRUE(m.after(op(OpCode::kNext), at(0, {{1, 10}})));
}

TEST_F(IterModelTest, RejectsAStaleElem) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_FALSE(m.after(op(OpCode::kSet, 1, 12), std::nullopt));
  EXPECT_TRUE(m.after(op(OpCode::kNext), at(0, {{1, 10}})));
}

TEST_F(IterModelTest, RejectsAnEndThatMissedAnEntryPresentThroughout) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_TRUE(m.after(op(OpCode::kNext), at(0, std::nullopt)));
}

TEST_F(IterModelTest, AcceptsMissingAnEntryAddedDuringTheIteration) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_FALSE(m.after(op(OpCode::kSet, 3, 30), std::nullopt));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, {{1, 10}})));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, std::nullopt)));
}

TEST_F(IterModelTest, AReAddedKeyIsANewEntry) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_FALSE(m.after(op(OpCode::kDel, 2), std::nullopt));
  EXPECT_FALSE(m.after(op(OpCode::kSet, 2, 21), std::nullopt));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, {{2, 21}})));
}

}  // namespace
}  // namespace gomap::harness

namespace gomap::harness {
namespace {

// Go 1.19 produces an entry added after a clear twice in an iteration left
// open across the clear (corpus/regressions/iter-open-across-clear-*).
TEST_F(IterModelTest, AfterAClearAnEntryMayBeProducedAgain) {
  EXPECT_FALSE(m.after(op(OpCode::kIter), at(0, {{2, 20}})));
  EXPECT_FALSE(m.after(op(OpCode::kClear), std::nullopt));
  EXPECT_FALSE(m.after(op(OpCode::kSet, 4, 4), std::nullopt));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, {{4, 4}})));
  EXPECT_FALSE(m.after(op(OpCode::kNext), at(0, {{4, 4}})));
  EXPECT_TRUE(m.after(op(OpCode::kNext), at(0, {{2, 20}}))) << "2 is gone since the clear";
}

}  // namespace
}  // namespace gomap::harness
