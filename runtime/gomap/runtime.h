// The untyped map operations: Go's runtime entry points (makemap,
// mapaccess, mapassign, mapdelete, mapclear, mapiterinit, mapiternext),
// working on raw key and elem bytes described by a MapType. The typed
// façade in map.h is built on these; so is the harness, which needs the
// same operations for every key and elem kind.
//
// A key argument points at a key value (for strings, a GoString whose bytes
// the caller owns; the map copies them when it stores the key). A nil map is
// a null hmap*.
#ifndef GOMAP_RUNTIME_H_
#define GOMAP_RUNTIME_H_

#include <cstdint>

#include "gomap/fatal.h"
#include "gomap/heap.h"
#pragma push_macro("GOMAP_PUBLIC_HEADER")
#define GOMAP_PUBLIC_HEADER
#include "gomap/internal/hmap.h"
#pragma pop_macro("GOMAP_PUBLIC_HEADER")
#include "gomap/maptype.h"

namespace gomap {

// make(map[K]V, hint). A negative hint, or one whose buckets could not be
// allocated, counts as 0, as in Go. The map's memory comes from heap, which
// must outlive the map.
hmap* makemap(const MapType* t, int64_t hint, Heap* heap);

// Port only: releases the map and everything it holds. Iterations of the map
// must have ended.
void freemap(const MapType* t, hmap* h);

// Port only: frees the map's header, and nothing it allocated from its heap,
// for a heap that is destroyed next and frees all it handed out (MallocHeap):
// the bulk free that Go's collector gives a dead map, instead of a walk over
// every entry. Iterations of the map must have ended.
void discard_map(hmap* h);

// v, ok := m[key]: the elem, or nullptr when absent (Go returns a pointer to
// a zero value; the caller supplies its own zero).
void* mapaccess(const MapType* t, hmap* h, const void* key);

// The slot for m[key] = ...: finds the entry or inserts it with a zero elem
// and returns its elem for the caller to write (with store_elem for owned
// strings). Throws Panic on a nil map.
void* mapassign(const MapType* t, hmap* h, const void* key);

// len(m): the number of entries; 0 for a nil map.
inline int64_t maplen(const hmap* h) { return h == nullptr ? 0 : h->count; }

// delete(m, key).
void mapdelete(const MapType* t, hmap* h, const void* key);

// clear(m): every entry goes (NaNs too); B and the bucket array stay.
void mapclear(const MapType* t, hmap* h);

// Writes value into an elem slot returned by mapassign: a plain copy, except
// that an owned string elem releases its old bytes and copies the new ones.
void store_elem(const MapType* t, hmap* h, void* elem, const void* value);

// for k, v := range m: mapiterinit positions it on the first entry (it->key
// is nullptr if there is none); mapiternext moves to the next. The start
// bucket and slot offset are random, as in Go.
void mapiterinit(const MapType* t, hmap* h, hiter* it);
void mapiternext(hiter* it);

}  // namespace gomap

#endif  // GOMAP_RUNTIME_H_
