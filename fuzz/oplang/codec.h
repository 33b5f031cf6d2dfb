// The fuzzers' byte codec. decode is total: every byte string is a valid
// Program (no input is rejected, none crashes it), and its choices lean
// toward what breaks a hash map: small key ranges (collisions, deep chains,
// growth, churn that forces same-size growth, deletes down to empty), and
// sometimes a weak hash for the port. encode is its inverse on every
// program a target's options allow: decode(encode(p)) is p. Committed seeds
// and regressions are op-scripts, and the bytes a fuzzer starts from are
// encoded from them at build time, so a change to this format never changes
// what a committed input means.
//
// Format, read front to back (missing bytes read as 0):
//   byte 0   header: bits 0-2 hint class (7: a literal follows at the end
//            of the header: 8 bytes, taken modulo 2*hint_reach+1, less
//            hint_reach), bits 3-5 weak hash (5 const,
//            6 bits, 7 identity); 0xFF a nil map (no weak hash)
//   byte 1   key range class: 4, 8, ... 1024 distinct keys
//   2-5      the map's seed
//   then one op per group: an opcode byte (picked by weight), then
//   - set/add/get/del: a 2-byte key index: below 0xE000 the index-th key of
//     the range (modulo the range); 0xE000-0xEFFF a literal key follows; from
//     0xF000 one of the special keys (NaN, -0, extremes, odd strings);
//   - set: a 2-byte elem: below 0xE000 the value-th elem, else a literal;
//   - add: a 2-byte signed increment, 0x8000 meaning a literal int64 follows;
//   - iter: a byte: bits 0-1 the iteration (3: a byte follows, naming it
//     0-7), bit 7 a fixed start: then bits 4-6 the offset and a start byte,
//     0xFF meaning that start and offset follow as two literal uint64s;
//   - next: a byte naming the iteration as iter's does.
// With goroutines (the concurrency extension), the header has one more byte
// at its end (the goroutine count: 2 + byte % (max - 1)), and each op starts
// with a schedule byte: bits 0-1 the goroutine (modulo the count), bits 2-5
// the switch point (0, or past the last: none; else SwitchPoint n - 1),
// bits 6-7 its occurrence - 1; `resume` is an opcode of its own; an
// iteration is always its goroutine's own (iter/next @g).
// With any_kinds, the header has one more byte at its end: bits 0-1 the key
// kind (int64, string, float64, big), bits 2-3 the elem kind (int64, string,
// big; 3 is int64).
// With gc (the collector extension), each op starts with a placement byte:
// bits 0-4 the yield point (0, or past the last: none; else SwitchPoint
// n - 1), bits 5-6 the step (start, mark, finish, cycle), bit 7 an
// occurrence byte follows (2 + byte % 63; else the first occurrence); a mark
// step's units follow as a byte (1 + byte; 0xFF: 1 + a 4-byte literal
// modulo 2^20). `gc STEP` is an opcode of its own, followed by the step as a
// byte (bits 0-1) and a mark's units; its placement byte is ignored.
// Literals: int64, big, float64 as 8 little-endian bytes; strings as a
// 2-byte length (modulo 4096) and the bytes.
#ifndef GOMAP_FUZZ_OPLANG_CODEC_H_
#define GOMAP_FUZZ_OPLANG_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

#include "oplang/program.h"

namespace gomap::harness {

// What a target lets the decoder produce.
struct DecodeOptions {
  Kind key = Kind::kInt64;
  Kind elem = Kind::kInt64;
  bool iterations = false;  // iter / next
  bool clears = true;
  bool weak_hashes = true;  // a weak hash for the port (never for references)
  bool layout = false;      // the layout statement
  int goroutines = 0;       // up to this many goroutines (the concurrency extension); 0: none
  bool gc = false;          // collector steps and placements (the collector extension)
  bool any_kinds = false;   // key and elem kinds from the input instead of key and elem
  // Programs whose every trace line Go 1.19 prints alike (docs/engines.md):
  // every iteration starts at a fixed bucket and offset (an `iter` without
  // one starts at 0, 0); an iteration open across a clear is begun anew,
  // since Go 1.19's clear leaves the old buckets to it (golang/go#59411);
  // and while a NaN key is in the map, in a bucket that is random in Go,
  // `layout` decodes as `dump`, `iter` and `next` as `len`, and open
  // iterations end.
  bool comparable_with_go = false;
  int64_t hint_reach = int64_t{1} << 16;  // a literal hint lies within +-hint_reach
  size_t max_ops = 4096;
};

Program decode(const uint8_t* data, size_t size, const DecodeOptions& options);

// Why a program cannot be encoded for these options (a statement or header
// field the options do not allow), naming the line.
struct EncodeError {
  std::string message;
};
std::variant<std::string, EncodeError> encode(const Program& program, const DecodeOptions& options);

}  // namespace gomap::harness

#endif  // GOMAP_FUZZ_OPLANG_CODEC_H_
