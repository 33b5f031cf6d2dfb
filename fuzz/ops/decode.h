// The fuzzers' binary decoder: every byte string is a valid Program (no
// input is rejected, none crashes it). Choices lean toward what breaks a
// hash map: small key ranges (collisions, deep chains, growth, churn that
// forces same-size growth, deletes down to empty), and sometimes a weak hash
// for the port.
//
// Format, read front to back (missing bytes read as 0):
//   byte 0   header: bits 0-2 hint class, bits 3-5 weak hash; 0xFF a nil map
//   byte 1   key range class (4 .. 1024 distinct keys)
//   2-5      the map's seed
//   then one op per group: an opcode byte, and for keyed ops a 2-byte key
//   index and a 2-byte value; iter/next take a byte naming the iteration
//   (and whether iter fixes its start, and where).
// The same format is written by encode(), for building seeds.
#ifndef GOMAP_FUZZ_OPS_DECODE_H_
#define GOMAP_FUZZ_OPS_DECODE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "program.h"

namespace gomap::ops {

// What a target lets the decoder produce.
struct DecodeOptions {
  Kind key = Kind::kInt64;
  Kind elem = Kind::kInt64;
  bool iterations = false;  // iter / next
  bool clears = true;
  bool weak_hashes = true;  // a weak hash for the port (never for references)
  size_t max_ops = 4096;
};

Program decode(const uint8_t* data, size_t size, const DecodeOptions& options);

// The decoder's vocabulary, for writing inputs: one op as the decoder reads
// it. key_index and value are reduced modulo their ranges when decoded.
struct RawOp {
  OpCode code;
  uint16_t key_index = 0;
  uint16_t value = 0;
  uint8_t iteration = 0;
};
struct RawHeader {
  uint8_t hint_class = 0;  // 0..7
  uint8_t weak = 0;        // 0..7 (5 const, 6 bits, 7 identity)
  bool nil = false;
  uint8_t range_class = 0;  // 0..7
  uint32_t seed = 0;
};
std::string encode(const RawHeader& header, const std::vector<RawOp>& ops,
                   const DecodeOptions& options);

}  // namespace gomap::ops

#endif  // GOMAP_FUZZ_OPS_DECODE_H_
