#include "targets/registry.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

namespace gomap::harness {
namespace {

TEST(Targets, EveryEntryIsComplete) {
  std::set<std::string_view> names;
  for (const TargetSpec& t : all_targets()) {
    EXPECT_TRUE(names.insert(t.name).second) << "two entries named " << t.name;
    EXPECT_FALSE(t.description.empty()) << t.name;
    EXPECT_GT(t.max_len, 0u) << t.name;
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(GOMAP_TARGETS_DIR) / t.dict))
        << t.name << ": no dictionary " << t.dict;
    if (t.input == Input::kText) {
      EXPECT_NE(t.check_text, nullptr) << t.name;
    } else {
      EXPECT_NE(t.check, nullptr) << t.name;
    }
    EXPECT_EQ(find_target(t.name), &t);
  }
  EXPECT_GE(names.size(), 9u);
}

// The build made a binary for each entry and for nothing else.
TEST(Targets, TheBuildMakesOneBinaryPerEntry) {
  std::vector<std::string> built;
  std::stringstream in(GOMAP_BUILT_TARGETS);
  for (std::string name; std::getline(in, name, ',');) built.push_back(name);
  std::vector<std::string> registered;
  for (const TargetSpec& t : all_targets()) registered.emplace_back(t.name);
  EXPECT_EQ(built, registered);
}

TEST(Targets, AnUnknownNameListsTheKnownOnes) {
  EXPECT_EQ(find_target("diff_int46"), nullptr);
  std::string why = unknown_target("diff_int46");
  EXPECT_NE(why.find("unknown target diff_int46"), std::string::npos) << why;
  for (const TargetSpec& t : all_targets()) EXPECT_NE(why.find(t.name), std::string::npos) << why;
}

}  // namespace
}  // namespace gomap::harness
