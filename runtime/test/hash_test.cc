#include "gomap/hash.h"
#include <gtest/gtest.h>
TEST(Hash, Smoke) { uint64_t k = 1; EXPECT_NE(gomap::memhash64(&k, 0), 0u); }
