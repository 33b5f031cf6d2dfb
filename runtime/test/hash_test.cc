// Go 1.19's portable hash functions, checked against the real runtime's
// output, and the placement of keys in buckets that follows from them.
//
// The expected tables below were printed by the real Go 1.19 runtime:
//
//   cd runtime/test/gen && GOPROXY=off /usr/lib/go-1.19/bin/go run hashvectors.go
//
// (gen/hashvectors.go turns runtime.useAeshash off, sets runtime.hashkey to
// each of kHashKeys, and calls runtime.memhash, memhash64, memhash32,
// strhash and f64hash through //go:linkname.) Regenerate and paste its
// sections here if an input list changes; never edit a value by hand.

#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "test_util.h"

namespace gomap_test {
namespace {

// Must match hashkeys, seeds and the input lists of gen/hashvectors.go.
const gomap::HashKey kHashKeys[] = {
    {0x243f6a8885a308d3ull, 0x13198a2e03707345ull, 0xa4093822299f31d1ull, 0x082efa98ec4e6c89ull},
    {0x1, 0x3, 0x5, 0x7},
    {0, 0, 0, 0},
    {0xfedcba9876543211ull, 0x0123456789abcdefull, 0x8000000000000001ull, 0xffffffffffffffffull},
};

const std::string kStrings[] = {
    "",
    "a",
    "go",
    "map",
    "hello",
    "hello, world!",
    "0123456789abcdef",
    "the quick brown fox jumps over the lazy dog, twice: the quick brown fox jumps over the lazy "
    "dog"};

const double kFloats[] = {0.0,
                          -0.0,
                          1.0,
                          -2.5,
                          std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(),
                          1e300,
                          5e-324};

// Byte i of memhash's input, as gen/hashvectors.go's membytes makes it.
std::unique_ptr<unsigned char[]> membytes(size_t n) {
  // Exactly n bytes on the heap, so that ASan reports any read past the end.
  auto b = std::make_unique<unsigned char[]>(n == 0 ? 1 : n);
  for (size_t i = 0; i < n; i++) b[i] = static_cast<unsigned char>(i * 131 + 7);
  return b;
}

struct MemVec {
  int key;
  uint64_t seed;
  size_t size;
  uint64_t want;
};
// clang-format off
const MemVec kMemhash[] = {
    {0, 0x0, 0, 0x844977ecfd1e6cfcull},
    {0, 0x0, 1, 0xb24d58bdb53e35deull},
    {0, 0x0, 3, 0x8b067436a00e13a6ull},
    {0, 0x0, 4, 0x91a8389dea97e6f5ull},
    {0, 0x0, 5, 0x9025f16568cced70ull},
    {0, 0x0, 8, 0x428f2d2febcfaadcull},
    {0, 0x0, 9, 0xded7d48e51881082ull},
    {0, 0x0, 16, 0xac378b6912502706ull},
    {0, 0x0, 17, 0x979390ae80ea842full},
    {0, 0x0, 33, 0xa30792b29799766dull},
    {0, 0x0, 48, 0xbfda4ee293cbab89ull},
    {0, 0x0, 49, 0x069626d2f1e242b9ull},
    {0, 0x0, 100, 0xa12961231ff9e7f7ull},
    {0, 0x0, 144, 0xb8c3840bcc65edb8ull},
    {0, 0x1, 0, 0x844977ecfd1e6cfdull},
    {0, 0x1, 1, 0xe7ab620fcce000b1ull},
    {0, 0x1, 3, 0x6b2c3ccfe0fa73d3ull},
    {0, 0x1, 4, 0x47e927f76d96b3c6ull},
    {0, 0x1, 5, 0xb54132dbdbeef727ull},
    {0, 0x1, 8, 0x508224cbe9d18a9bull},
    {0, 0x1, 9, 0x251ab7ddfe1ed03cull},
    {0, 0x1, 16, 0xd81de01b38f50e08ull},
    {0, 0x1, 17, 0x3e2209915ce6a857ull},
    {0, 0x1, 33, 0x3a0d7e72924b7486ull},
    {0, 0x1, 48, 0x2782aa69fd793f80ull},
    {0, 0x1, 49, 0x2cc8db55914e4cadull},
    {0, 0x1, 100, 0xb64943e1f9d9fbadull},
    {0, 0x1, 144, 0x0a7507d3caff78b4ull},
    {0, 0x9e3779b9, 0, 0x844977ec63291545ull},
    {0, 0x9e3779b9, 1, 0x5cb055149a80ed5bull},
    {0, 0x9e3779b9, 3, 0x524f6af3195cf93aull},
    {0, 0x9e3779b9, 4, 0x6156eb4e2904d4c7ull},
    {0, 0x9e3779b9, 5, 0x37f34c45131d0e06ull},
    {0, 0x9e3779b9, 8, 0x69b9c9ae8e918499ull},
    {0, 0x9e3779b9, 9, 0xe32bcfc9a018c8e5ull},
    {0, 0x9e3779b9, 16, 0x46fe4ff8c6bccbb3ull},
    {0, 0x9e3779b9, 17, 0xafa071ecc9cfe421ull},
    {0, 0x9e3779b9, 33, 0x06455d724de3db11ull},
    {0, 0x9e3779b9, 48, 0xf505b466ac4bf8b4ull},
    {0, 0x9e3779b9, 49, 0x8a9faa7169660f3cull},
    {0, 0x9e3779b9, 100, 0xe3e31bd98fcd3682ull},
    {0, 0x9e3779b9, 144, 0x95f2d0b0caf17d5aull},
    {0, 0xffffffff, 0, 0x844977ec02e19303ull},
    {0, 0xffffffff, 1, 0x34c56fbd25dce0d0ull},
    {0, 0xffffffff, 3, 0x254d974dcca93ad4ull},
    {0, 0xffffffff, 4, 0x3d09a1ae6ae2d5e9ull},
    {0, 0xffffffff, 5, 0x9db121e4498e0c4aull},
    {0, 0xffffffff, 8, 0x6959f7d18f9c4f17ull},
    {0, 0xffffffff, 9, 0x4d35c22d9ecd884bull},
    {0, 0xffffffff, 16, 0x05eb309062246c51ull},
    {0, 0xffffffff, 17, 0xecf4dc4fd0dd0e74ull},
    {0, 0xffffffff, 33, 0xe267f4e88553f511ull},
    {0, 0xffffffff, 48, 0xd227c76802d12704ull},
    {0, 0xffffffff, 49, 0xbb1a4b1768b53d4cull},
    {0, 0xffffffff, 100, 0xb63a2d9a369c47f2ull},
    {0, 0xffffffff, 144, 0x64ce0a3548a0f152ull},
    {1, 0x0, 0, 0xa0761d6478bd642eull},
    {1, 0x0, 1, 0xe0e3e1fdf845ea5dull},
    {1, 0x0, 3, 0xf069ae070a826a61ull},
    {1, 0x0, 4, 0xcc6b740b2cdb18b1ull},
    {1, 0x0, 5, 0x0158645e2b738df2ull},
    {1, 0x0, 8, 0x20f0f0da319290d1ull},
    {1, 0x0, 9, 0xf49c7d5c20831b7full},
    {1, 0x0, 16, 0x56decc149dfcdfb3ull},
    {1, 0x0, 17, 0x7dde10bb9b8781b8ull},
    {1, 0x0, 33, 0x0da83a6ff56cc345ull},
    {1, 0x0, 48, 0xf14923a24885e366ull},
    {1, 0x0, 49, 0xf0b276c8f17ae13aull},
    {1, 0x0, 100, 0x6ef948b9ba17426dull},
    {1, 0x0, 144, 0xd6d4f5f8d98e4113ull},
    {1, 0x1, 0, 0xa0761d6478bd642full},
    {1, 0x1, 1, 0xf9316a734c1b517bull},
    {1, 0x1, 3, 0xc61adb94df20b8d1ull},
    {1, 0x1, 4, 0x5fa94c89c9251013ull},
    {1, 0x1, 5, 0x121f4693c618f59aull},
    {1, 0x1, 8, 0xb1490a6d80b52031ull},
    {1, 0x1, 9, 0x51c5f4334eb04854ull},
    {1, 0x1, 16, 0x4aeaf49132b1a33cull},
    {1, 0x1, 17, 0x7805135f66b9dd21ull},
    {1, 0x1, 33, 0x45a41bff4d9c8e1cull},
    {1, 0x1, 48, 0x10929c9a616c29cbull},
    {1, 0x1, 49, 0x0b36a282170ef3cfull},
    {1, 0x1, 100, 0x7cbe199d0e3b0ff2ull},
    {1, 0x1, 144, 0xdd3b54bc0a55fdfeull},
    {1, 0x9e3779b9, 0, 0xa0761d64e68a1d97ull},
    {1, 0x9e3779b9, 1, 0x42dae0d85d284306ull},
    {1, 0x9e3779b9, 3, 0x9dbc20fa8c1b3e80ull},
    {1, 0x9e3779b9, 4, 0x58cddac5471cbf8aull},
    {1, 0x9e3779b9, 5, 0x066b87b0b26bfabeull},
    {1, 0x9e3779b9, 8, 0xf5234c11f26b431eull},
    {1, 0x9e3779b9, 9, 0x9a9aa9e9af907e32ull},
    {1, 0x9e3779b9, 16, 0xbc09eb92080a70e8ull},
    {1, 0x9e3779b9, 17, 0x3d831dea1b5926f0ull},
    {1, 0x9e3779b9, 33, 0xba02fddad55403d3ull},
    {1, 0x9e3779b9, 48, 0x8d6200420ba80dbcull},
    {1, 0x9e3779b9, 49, 0x5f8f8f361e873290ull},
    {1, 0x9e3779b9, 100, 0xcf4066150036ec6eull},
    {1, 0x9e3779b9, 144, 0xf5be7b22dae92c8dull},
    {1, 0xffffffff, 0, 0xa0761d6487429bd1ull},
    {1, 0xffffffff, 1, 0x84378d3c614d90daull},
    {1, 0xffffffff, 3, 0x503647990d7f9c57ull},
    {1, 0xffffffff, 4, 0x6753a23c604640a7ull},
    {1, 0xffffffff, 5, 0x46de0f18200d1dd2ull},
    {1, 0xffffffff, 8, 0xa5f10456fcb3c896ull},
    {1, 0xffffffff, 9, 0x457b43823c574df1ull},
    {1, 0xffffffff, 16, 0x040040a9bd6679ccull},
    {1, 0xffffffff, 17, 0xa8a16b2c4d474540ull},
    {1, 0xffffffff, 33, 0xc0100a244ed1533eull},
    {1, 0xffffffff, 48, 0xd948cde944121a59ull},
    {1, 0xffffffff, 49, 0xdc13908ac1a85accull},
    {1, 0xffffffff, 100, 0x2632d56e68e390f5ull},
    {1, 0xffffffff, 144, 0xb10d4c1f12a36de1ull},
    {2, 0x0, 0, 0xa0761d6478bd642full},
    {2, 0x0, 1, 0xf9316a734c1b517bull},
    {2, 0x0, 3, 0xc61adb94df20b8d1ull},
    {2, 0x0, 4, 0x5fa94c89c9251013ull},
    {2, 0x0, 5, 0x121f4693c618f59aull},
    {2, 0x0, 8, 0xb1490a6d80b52031ull},
    {2, 0x0, 9, 0x51c5f4334eb04854ull},
    {2, 0x0, 16, 0x4aeaf49132b1a33cull},
    {2, 0x0, 17, 0x7805135f66b9dd21ull},
    {2, 0x0, 33, 0x45a41bff4d9c8e1cull},
    {2, 0x0, 48, 0x10929c9a616c29cbull},
    {2, 0x0, 49, 0x0b36a282170ef3cfull},
    {2, 0x0, 100, 0x7cbe199d0e3b0ff2ull},
    {2, 0x0, 144, 0xdd3b54bc0a55fdfeull},
    {2, 0x1, 0, 0xa0761d6478bd642eull},
    {2, 0x1, 1, 0xe0e3e1fdf845ea5dull},
    {2, 0x1, 3, 0xf069ae070a826a61ull},
    {2, 0x1, 4, 0xcc6b740b2cdb18b1ull},
    {2, 0x1, 5, 0x0158645e2b738df2ull},
    {2, 0x1, 8, 0x20f0f0da319290d1ull},
    {2, 0x1, 9, 0xf49c7d5c20831b7full},
    {2, 0x1, 16, 0x56decc149dfcdfb3ull},
    {2, 0x1, 17, 0x7dde10bb9b8781b8ull},
    {2, 0x1, 33, 0x0da83a6ff56cc345ull},
    {2, 0x1, 48, 0xf14923a24885e366ull},
    {2, 0x1, 49, 0xf0b276c8f17ae13aull},
    {2, 0x1, 100, 0x6ef948b9ba17426dull},
    {2, 0x1, 144, 0xd6d4f5f8d98e4113ull},
    {2, 0x9e3779b9, 0, 0xa0761d64e68a1d96ull},
    {2, 0x9e3779b9, 1, 0xe19af4aa6489729eull},
    {2, 0x9e3779b9, 3, 0x75cf05e048a8ebffull},
    {2, 0x9e3779b9, 4, 0x571bb27ccd2facc5ull},
    {2, 0x9e3779b9, 5, 0xd33a03d646b2a91bull},
    {2, 0x9e3779b9, 8, 0x3e4fefce644d2cddull},
    {2, 0x9e3779b9, 9, 0x18ffc2b0d2b74372ull},
    {2, 0x9e3779b9, 16, 0x1f078c480eaf4053ull},
    {2, 0x9e3779b9, 17, 0xa407764a851f2037ull},
    {2, 0x9e3779b9, 33, 0xddd7b5be73aaade0ull},
    {2, 0x9e3779b9, 48, 0x7ba3e1d5cd28d011ull},
    {2, 0x9e3779b9, 49, 0x388a64ff13aabd3eull},
    {2, 0x9e3779b9, 100, 0xda7cbfd70311c241ull},
    {2, 0x9e3779b9, 144, 0x44040859962c5ef1ull},
    {2, 0xffffffff, 0, 0xa0761d6487429bd0ull},
    {2, 0xffffffff, 1, 0xcdc2b36a2a1c3523ull},
    {2, 0xffffffff, 3, 0x41fa99cbeee73f86ull},
    {2, 0xffffffff, 4, 0xbad3f98d670a4daeull},
    {2, 0xffffffff, 5, 0x6c3e3c9fc14e23ffull},
    {2, 0xffffffff, 8, 0xdea0d09d1dbdb71dull},
    {2, 0xffffffff, 9, 0x6575fb90a46cec32ull},
    {2, 0xffffffff, 16, 0x7c61b155837af4a9ull},
    {2, 0xffffffff, 17, 0x86466033dda14dbaull},
    {2, 0xffffffff, 33, 0xb9f565fb19048aceull},
    {2, 0xffffffff, 48, 0x4961092479afa69dull},
    {2, 0xffffffff, 49, 0x466f0097b9e988c8ull},
    {2, 0xffffffff, 100, 0x8eb6970050156eabull},
    {2, 0xffffffff, 144, 0x26e52ad20acaf9f9ull},
    {3, 0x0, 0, 0x5eaaa7fc0ee9563eull},
    {3, 0x0, 1, 0xa15adeaa264298d2ull},
    {3, 0x0, 3, 0x29246a25dd032828ull},
    {3, 0x0, 4, 0x6891bceb332d1605ull},
    {3, 0x0, 5, 0x58b7d06ca905c7f3ull},
    {3, 0x0, 8, 0x4bdfd961f01335dfull},
    {3, 0x0, 9, 0xff5662c729597088ull},
    {3, 0x0, 16, 0x6b4e1e01b3fa8536ull},
    {3, 0x0, 17, 0x9668b9f08f19fdd9ull},
    {3, 0x0, 33, 0x4b92011d7a254b2dull},
    {3, 0x0, 48, 0x854dfbbd65b8df4cull},
    {3, 0x0, 49, 0x36c5e2cdf8d75a0eull},
    {3, 0x0, 100, 0x8a8436c938b413fdull},
    {3, 0x0, 144, 0x1f8baa820f2edf0aull},
    {3, 0x1, 0, 0x5eaaa7fc0ee9563full},
    {3, 0x1, 1, 0x1544e947c49c9925ull},
    {3, 0x1, 3, 0x4c6401816e5d660eull},
    {3, 0x1, 4, 0x33902afcf887d0d4ull},
    {3, 0x1, 5, 0x6814f8ebceeebb02ull},
    {3, 0x1, 8, 0x40c49812d8a86435ull},
    {3, 0x1, 9, 0x0e93a828140601ddull},
    {3, 0x1, 16, 0x9c4cadf9e2a09df6ull},
    {3, 0x1, 17, 0x5a339db60060c49eull},
    {3, 0x1, 33, 0xf91ce1deaa092576ull},
    {3, 0x1, 48, 0x698e7b31d7c29675ull},
    {3, 0x1, 49, 0x9bc37a1e9bd601ceull},
    {3, 0x1, 100, 0xf9e9b1a45194e385ull},
    {3, 0x1, 144, 0x8123a8ad86891e15ull},
    {3, 0x9e3779b9, 0, 0x5eaaa7fc90de2f87ull},
    {3, 0x9e3779b9, 1, 0xf443b8921be496e2ull},
    {3, 0x9e3779b9, 3, 0x75d9254b8cde90fcull},
    {3, 0x9e3779b9, 4, 0xd18408f187ccc72cull},
    {3, 0x9e3779b9, 5, 0xc4271230ee7ea5baull},
    {3, 0x9e3779b9, 8, 0x5ae6e4951ecaf107ull},
    {3, 0x9e3779b9, 9, 0x2657ab9d0becf35cull},
    {3, 0x9e3779b9, 16, 0xc83ae2f6313af54full},
    {3, 0x9e3779b9, 17, 0x7feb5f3da8afd3c3ull},
    {3, 0x9e3779b9, 33, 0xc9ab62fbdc379c7eull},
    {3, 0x9e3779b9, 48, 0xfe1cea68fdd1401aull},
    {3, 0x9e3779b9, 49, 0xd3063a03d66072b2ull},
    {3, 0x9e3779b9, 100, 0x5b5646c7e117d558ull},
    {3, 0x9e3779b9, 144, 0x46155098032c1e18ull},
    {3, 0xffffffff, 0, 0x5eaaa7fcf116a9c1ull},
    {3, 0xffffffff, 1, 0x3f3557e15fa0eb69ull},
    {3, 0xffffffff, 3, 0x6729c9e0cdf333f8ull},
    {3, 0xffffffff, 4, 0xc496212d6e213659ull},
    {3, 0xffffffff, 5, 0xc7a8c583d27a50b6ull},
    {3, 0xffffffff, 8, 0x38fb7a0d1bbe56abull},
    {3, 0xffffffff, 9, 0xb4c3a399e3ea458full},
    {3, 0xffffffff, 16, 0x9a03a62dea05a5f0ull},
    {3, 0xffffffff, 17, 0x58a5203fee506898ull},
    {3, 0xffffffff, 33, 0x51ab2ae4e970fedeull},
    {3, 0xffffffff, 48, 0x760973cdb08b4c89ull},
    {3, 0xffffffff, 49, 0xda16be4c256016a5ull},
    {3, 0xffffffff, 100, 0xe39d8adead9f582eull},
    {3, 0xffffffff, 144, 0x811d9125277b4a26ull},
};
// clang-format on

struct U64Vec {
  int key;
  uint64_t seed;
  uint64_t v;
  uint64_t want;
};
// clang-format off
const U64Vec kMemhash64[] = {
    {0, 0x0, 0x0ull, 0x7ff283b45f29424bull},
    {0, 0x0, 0x1ull, 0xcb8da4c2333c26f1ull},
    {0, 0x0, 0x123456789abcdefull, 0x683ecd768f5c77ffull},
    {0, 0x0, 0xffffffffffffffffull, 0x27e3868e653f010eull},
    {0, 0x0, 0x8000000000000000ull, 0xe052fab806769d2cull},
    {0, 0x1, 0x0ull, 0x70c932291a37b2e0ull},
    {0, 0x1, 0x1ull, 0x51781ab448ec337full},
    {0, 0x1, 0x123456789abcdefull, 0x8e4618b12a9f2c01ull},
    {0, 0x1, 0xffffffffffffffffull, 0xd5b59c0f3143a4ebull},
    {0, 0x1, 0x8000000000000000ull, 0x1a0f6111646b42e6ull},
    {0, 0x9e3779b9, 0x0ull, 0xcfd472f4df5bf765ull},
    {0, 0x9e3779b9, 0x1ull, 0x39beaf342c55aa49ull},
    {0, 0x9e3779b9, 0x123456789abcdefull, 0x52caf205d8b6b3e0ull},
    {0, 0x9e3779b9, 0xffffffffffffffffull, 0xef82cdd87795e95cull},
    {0, 0x9e3779b9, 0x8000000000000000ull, 0xdc032458cb2af613ull},
    {0, 0xffffffff, 0x0ull, 0x56900a0ef714139bull},
    {0, 0xffffffff, 0x1ull, 0x17ee71e1af4cd2b8ull},
    {0, 0xffffffff, 0x123456789abcdefull, 0x374157ec1c72b9bdull},
    {0, 0xffffffff, 0xffffffffffffffffull, 0x540a6865f810c0e9ull},
    {0, 0xffffffff, 0x8000000000000000ull, 0x6ffa501df03acd93ull},
    {1, 0x0, 0x0ull, 0x6cc2cd01efab026bull},
    {1, 0x0, 0x1ull, 0x23f6b39d3ddb5374ull},
    {1, 0x0, 0x123456789abcdefull, 0x47f453a432df2f2aull},
    {1, 0x0, 0xffffffffffffffffull, 0xf3910e9c60d79f12ull},
    {1, 0x0, 0x8000000000000000ull, 0x6fd87d306087ad81ull},
    {1, 0x1, 0x0ull, 0x0b7b9a4f1a253000ull},
    {1, 0x1, 0x1ull, 0xa9bd3f0272a60468ull},
    {1, 0x1, 0x123456789abcdefull, 0xf4dce7a07a2407c1ull},
    {1, 0x1, 0xffffffffffffffffull, 0x8c10b8a3423539a6ull},
    {1, 0x1, 0x8000000000000000ull, 0x434222a443c16ec6ull},
    {1, 0x9e3779b9, 0x0ull, 0x526cd985c44765cdull},
    {1, 0x9e3779b9, 0x1ull, 0x22bf1f70958574a6ull},
    {1, 0x9e3779b9, 0x123456789abcdefull, 0xc6c9b2594e4be388ull},
    {1, 0x9e3779b9, 0xffffffffffffffffull, 0xf65fa9f93184d1deull},
    {1, 0x9e3779b9, 0x8000000000000000ull, 0xcc5ae4fb5e55cc7eull},
    {1, 0xffffffff, 0x0ull, 0x5349bcd8f3acbe17ull},
    {1, 0xffffffff, 0x1ull, 0x1eb89754e81d2133ull},
    {1, 0xffffffff, 0x123456789abcdefull, 0xc7af891319bd476full},
    {1, 0xffffffff, 0xffffffffffffffffull, 0x074deb22cf9e623eull},
    {1, 0xffffffff, 0x8000000000000000ull, 0xea49a5a15dbc243cull},
    {2, 0x0, 0x0ull, 0x0b7b9a4f1a253000ull},
    {2, 0x0, 0x1ull, 0xa9bd3f0272a60468ull},
    {2, 0x0, 0x123456789abcdefull, 0xf4dce7a07a2407c1ull},
    {2, 0x0, 0xffffffffffffffffull, 0x8c10b8a3423539a6ull},
    {2, 0x0, 0x8000000000000000ull, 0x434222a443c16ec6ull},
    {2, 0x1, 0x0ull, 0x6cc2cd01efab026bull},
    {2, 0x1, 0x1ull, 0x23f6b39d3ddb5374ull},
    {2, 0x1, 0x123456789abcdefull, 0x47f453a432df2f2aull},
    {2, 0x1, 0xffffffffffffffffull, 0xf3910e9c60d79f12ull},
    {2, 0x1, 0x8000000000000000ull, 0x6fd87d306087ad81ull},
    {2, 0x9e3779b9, 0x0ull, 0x2c6637b7ddc7961cull},
    {2, 0x9e3779b9, 0x1ull, 0xe4695dc9364bd4b4ull},
    {2, 0x9e3779b9, 0x123456789abcdefull, 0x5cc6c4dba21bf43full},
    {2, 0x9e3779b9, 0xffffffffffffffffull, 0x88d76476087e22b8ull},
    {2, 0x9e3779b9, 0x8000000000000000ull, 0x90fe99129659d387ull},
    {2, 0xffffffff, 0x0ull, 0xde50fdda1e9fcb97ull},
    {2, 0xffffffff, 0x1ull, 0x8449f48b07f3e92eull},
    {2, 0xffffffff, 0x123456789abcdefull, 0xa166f5242985fff5ull},
    {2, 0xffffffff, 0xffffffffffffffffull, 0x6e782628b4a1e9acull},
    {2, 0xffffffff, 0x8000000000000000ull, 0x2067cbe509951099ull},
    {3, 0x0, 0x0ull, 0x654d560e3901fe34ull},
    {3, 0x0, 0x1ull, 0xcdb208701e088327ull},
    {3, 0x0, 0x123456789abcdefull, 0xbd6645611f796763ull},
    {3, 0x0, 0xffffffffffffffffull, 0x7e93fa858316e763ull},
    {3, 0x0, 0x8000000000000000ull, 0x54d1752144377ec4ull},
    {3, 0x1, 0x0ull, 0x33003f28098eadd4ull},
    {3, 0x1, 0x1ull, 0xb25174a0e17c9279ull},
    {3, 0x1, 0x123456789abcdefull, 0xda25db6f65d98194ull},
    {3, 0x1, 0xffffffffffffffffull, 0x104fd800ecc71b17ull},
    {3, 0x1, 0x8000000000000000ull, 0x09a113ae4df48b8dull},
    {3, 0x9e3779b9, 0x0ull, 0x6dc456cfc8fa403bull},
    {3, 0x9e3779b9, 0x1ull, 0xe9ca3a4d3c31710eull},
    {3, 0x9e3779b9, 0x123456789abcdefull, 0xc55994aa8329e4d7ull},
    {3, 0x9e3779b9, 0xffffffffffffffffull, 0xb9ea79a91c36c419ull},
    {3, 0x9e3779b9, 0x8000000000000000ull, 0x72769022b8d7b9c9ull},
    {3, 0xffffffff, 0x0ull, 0x3a381e8b5c93a1b6ull},
    {3, 0xffffffff, 0x1ull, 0x090cf0dec020f65aull},
    {3, 0xffffffff, 0x123456789abcdefull, 0x3001da7c1fce5b9eull},
    {3, 0xffffffff, 0xffffffffffffffffull, 0xb91b5f5adc154e71ull},
    {3, 0xffffffff, 0x8000000000000000ull, 0xf73b9c9d480a6df0ull},
};
// clang-format on

struct U32Vec {
  int key;
  uint64_t seed;
  uint32_t v;
  uint64_t want;
};
// clang-format off
const U32Vec kMemhash32[] = {
    {0, 0x0, 0x0u, 0xde84bc28fb0ba207ull},
    {0, 0x0, 0x1u, 0xa7d8b8e307668a32ull},
    {0, 0x0, 0x89abcdefu, 0x2025bc2ebf6a356dull},
    {0, 0x0, 0xffffffffu, 0x861ec1291afd0015ull},
    {0, 0x1, 0x0u, 0x3dc15ed425629237ull},
    {0, 0x1, 0x1u, 0xe1bf06bf0005ffe5ull},
    {0, 0x1, 0x89abcdefu, 0xf47fac24a2bd07cbull},
    {0, 0x1, 0xffffffffu, 0x6e3d12743db81437ull},
    {0, 0x9e3779b9, 0x0u, 0x1bf2d97254199838ull},
    {0, 0x9e3779b9, 0x1u, 0x4ed07396a10abaa7ull},
    {0, 0x9e3779b9, 0x89abcdefu, 0xc1b1deac44b65530ull},
    {0, 0x9e3779b9, 0xffffffffu, 0x77bf16dd8696962full},
    {0, 0xffffffff, 0x0u, 0x108c8edbbe865dd6ull},
    {0, 0xffffffff, 0x1u, 0xa7d60e4454c9391aull},
    {0, 0xffffffff, 0x89abcdefu, 0x9d36ae978f7ed86dull},
    {0, 0xffffffff, 0xffffffffu, 0x16e6cc6f3ad60ac6ull},
    {1, 0x0, 0x0u, 0x48a5bc0f52998b70ull},
    {1, 0x0, 0x1u, 0x2b3e73e67ae4f7e2ull},
    {1, 0x0, 0x89abcdefu, 0x4943630e7312cef9ull},
    {1, 0x0, 0xffffffffu, 0x87f991e8ee553e11ull},
    {1, 0x1, 0x0u, 0x8b1290846c477cd0ull},
    {1, 0x1, 0x1u, 0x07ec65f2b4c20d3bull},
    {1, 0x1, 0x89abcdefu, 0x12b3459995131740ull},
    {1, 0x1, 0xffffffffu, 0xa346c2db173106a4ull},
    {1, 0x9e3779b9, 0x0u, 0x16a48f318f22b238ull},
    {1, 0x9e3779b9, 0x1u, 0xcc873512f300fd72ull},
    {1, 0x9e3779b9, 0x89abcdefu, 0x1124899a13e17942ull},
    {1, 0x9e3779b9, 0xffffffffu, 0x0854fbb92f35382cull},
    {1, 0xffffffff, 0x0u, 0x8afb0f54151822fcull},
    {1, 0xffffffff, 0x1u, 0x1be9b2d7d66c09eeull},
    {1, 0xffffffff, 0x89abcdefu, 0x8052b8cabae995bdull},
    {1, 0xffffffff, 0xffffffffu, 0x8de098cd0545f2c2ull},
    {2, 0x0, 0x0u, 0x8b1290846c477cd0ull},
    {2, 0x0, 0x1u, 0x07ec65f2b4c20d3bull},
    {2, 0x0, 0x89abcdefu, 0x12b3459995131740ull},
    {2, 0x0, 0xffffffffu, 0xa346c2db173106a4ull},
    {2, 0x1, 0x0u, 0x48a5bc0f52998b70ull},
    {2, 0x1, 0x1u, 0x2b3e73e67ae4f7e2ull},
    {2, 0x1, 0x89abcdefu, 0x4943630e7312cef9ull},
    {2, 0x1, 0xffffffffu, 0x87f991e8ee553e11ull},
    {2, 0x9e3779b9, 0x0u, 0x4a3583a20473a383ull},
    {2, 0x9e3779b9, 0x1u, 0x226f62f1355d2e1dull},
    {2, 0x9e3779b9, 0x89abcdefu, 0xf6c936eab7f1f78dull},
    {2, 0x9e3779b9, 0xffffffffu, 0x8a3c1d4cb2a38d86ull},
    {2, 0xffffffff, 0x0u, 0x54183b0bf8423ba1ull},
    {2, 0xffffffff, 0x1u, 0x24d0acb6f670edefull},
    {2, 0xffffffff, 0x89abcdefu, 0xb454aeaf42698fb0ull},
    {2, 0xffffffff, 0xffffffffu, 0x5b804d84d62c9370ull},
    {3, 0x0, 0x0u, 0xb1eddefc1324f34cull},
    {3, 0x0, 0x1u, 0x5b2f980f1d42b4baull},
    {3, 0x0, 0x89abcdefu, 0xd5acc94ecc019ecbull},
    {3, 0x0, 0xffffffffu, 0xb8078bdba7827a53ull},
    {3, 0x1, 0x0u, 0x12ee4e43aab9d456ull},
    {3, 0x1, 0x1u, 0x6530e34e42b74e36ull},
    {3, 0x1, 0x89abcdefu, 0x4086b532b15107a9ull},
    {3, 0x1, 0xffffffffu, 0x5269e3aafe1fc91eull},
    {3, 0x9e3779b9, 0x0u, 0xbe1a038386c597e4ull},
    {3, 0x9e3779b9, 0x1u, 0x1b47103fa12b614dull},
    {3, 0x9e3779b9, 0x89abcdefu, 0x9ccb3d59941ce314ull},
    {3, 0x9e3779b9, 0xffffffffu, 0xd1ac462efc42265aull},
    {3, 0xffffffff, 0x0u, 0xf819261d6edd76e8ull},
    {3, 0xffffffff, 0x1u, 0x8cdb7a68a8bffb8bull},
    {3, 0xffffffff, 0x89abcdefu, 0x1d21171994007bdaull},
    {3, 0xffffffff, 0xffffffffu, 0x8721b40ad6734071ull},
};
// clang-format on

struct IdxVec {
  int key;
  uint64_t seed;
  int index;
  uint64_t want;
};
// clang-format off
const IdxVec kStrhash[] = {
    {0, 0x0, 0, 0x844977ecfd1e6cfcull},
    {0, 0x0, 1, 0x9efb1c2cdf3336d1ull},
    {0, 0x0, 2, 0x6724b096db3066fbull},
    {0, 0x0, 3, 0xd770bd38f45cd4baull},
    {0, 0x0, 4, 0x454b3dd3171decd5ull},
    {0, 0x0, 5, 0x09637d804f847c01ull},
    {0, 0x0, 6, 0x4582cb8a69d4ba0dull},
    {0, 0x0, 7, 0xd9a750440e7da9fdull},
    {0, 0x1, 0, 0x844977ecfd1e6cfdull},
    {0, 0x1, 1, 0xa413d87417dce927ull},
    {0, 0x1, 2, 0x0f3c8d4dd7ce01edull},
    {0, 0x1, 3, 0xf159b0924965a627ull},
    {0, 0x1, 4, 0xe7e49c5a87239d35ull},
    {0, 0x1, 5, 0xc37660ed7b406da2ull},
    {0, 0x1, 6, 0x9f4b2330e3ce5273ull},
    {0, 0x1, 7, 0x4a73ea0719b7992aull},
    {0, 0x9e3779b9, 0, 0x844977ec63291545ull},
    {0, 0x9e3779b9, 1, 0x369e41ca0078e817ull},
    {0, 0x9e3779b9, 2, 0xb6e2f08946eecccbull},
    {0, 0x9e3779b9, 3, 0x5200efd6c20d8247ull},
    {0, 0x9e3779b9, 4, 0x47030ff2ef98c18cull},
    {0, 0x9e3779b9, 5, 0x3e8dea22586e5dc4ull},
    {0, 0x9e3779b9, 6, 0xa7055b59d546c906ull},
    {0, 0x9e3779b9, 7, 0x35dcfd45029ee0ceull},
    {0, 0xffffffff, 0, 0x844977ec02e19303ull},
    {0, 0xffffffff, 1, 0x05c1edc9ab532086ull},
    {0, 0xffffffff, 2, 0xedb2bd4aa9d09109ull},
    {0, 0xffffffff, 3, 0x812c52fe64ea7ce1ull},
    {0, 0xffffffff, 4, 0x2c85237ebd12db29ull},
    {0, 0xffffffff, 5, 0x60df0189e785b7f9ull},
    {0, 0xffffffff, 6, 0xfeb6376e2546340full},
    {0, 0xffffffff, 7, 0xd2fb699abadc0d92ull},
    {1, 0x0, 0, 0xa0761d6478bd642eull},
    {1, 0x0, 1, 0xa72f588285768e81ull},
    {1, 0x0, 2, 0xc7f9136e683c1a83ull},
    {1, 0x0, 3, 0x0205808f68abeb3bull},
    {1, 0x0, 4, 0xf7bc5d0d0a7c1b29ull},
    {1, 0x0, 5, 0x4df0d641cf40cec2ull},
    {1, 0x0, 6, 0xe72632ab6cb61d72ull},
    {1, 0x0, 7, 0xc782b79f3d716379ull},
    {1, 0x1, 0, 0xa0761d6478bd642full},
    {1, 0x1, 1, 0x740640eb877718beull},
    {1, 0x1, 2, 0xddb636b1aae128c9ull},
    {1, 0x1, 3, 0x9155d54f025a4210ull},
    {1, 0x1, 4, 0x64837ad7f6f0b62bull},
    {1, 0x1, 5, 0xddc944b91813164eull},
    {1, 0x1, 6, 0x551abcc05e20ec30ull},
    {1, 0x1, 7, 0xefb3da3edf21b59dull},
    {1, 0x9e3779b9, 0, 0xa0761d64e68a1d97ull},
    {1, 0x9e3779b9, 1, 0xa5e358daae5b126cull},
    {1, 0x9e3779b9, 2, 0x691b55826ae23901ull},
    {1, 0x9e3779b9, 3, 0x2da8be41701b5f38ull},
    {1, 0x9e3779b9, 4, 0xee1bde895bf38f01ull},
    {1, 0x9e3779b9, 5, 0x1e10f5c26f1a1ffcull},
    {1, 0x9e3779b9, 6, 0xe315ffca7498d5cbull},
    {1, 0x9e3779b9, 7, 0x1b1ccdc7d2b69c19ull},
    {1, 0xffffffff, 0, 0xa0761d6487429bd1ull},
    {1, 0xffffffff, 1, 0x7268541090ca6c8dull},
    {1, 0xffffffff, 2, 0x153205eb5a9d8d07ull},
    {1, 0xffffffff, 3, 0x1c88fc4ddacf0dbeull},
    {1, 0xffffffff, 4, 0x2f16607467732645ull},
    {1, 0xffffffff, 5, 0x7e2b00dc00a4fc9bull},
    {1, 0xffffffff, 6, 0xc780f6e756cc5a7eull},
    {1, 0xffffffff, 7, 0xb59a644715313fb4ull},
    {2, 0x0, 0, 0xa0761d6478bd642full},
    {2, 0x0, 1, 0x740640eb877718beull},
    {2, 0x0, 2, 0xddb636b1aae128c9ull},
    {2, 0x0, 3, 0x9155d54f025a4210ull},
    {2, 0x0, 4, 0x64837ad7f6f0b62bull},
    {2, 0x0, 5, 0xddc944b91813164eull},
    {2, 0x0, 6, 0x551abcc05e20ec30ull},
    {2, 0x0, 7, 0xefb3da3edf21b59dull},
    {2, 0x1, 0, 0xa0761d6478bd642eull},
    {2, 0x1, 1, 0xa72f588285768e81ull},
    {2, 0x1, 2, 0xc7f9136e683c1a83ull},
    {2, 0x1, 3, 0x0205808f68abeb3bull},
    {2, 0x1, 4, 0xf7bc5d0d0a7c1b29ull},
    {2, 0x1, 5, 0x4df0d641cf40cec2ull},
    {2, 0x1, 6, 0xe72632ab6cb61d72ull},
    {2, 0x1, 7, 0xc782b79f3d716379ull},
    {2, 0x9e3779b9, 0, 0xa0761d64e68a1d96ull},
    {2, 0x9e3779b9, 1, 0x476fdd54fc0762e0ull},
    {2, 0x9e3779b9, 2, 0xaa20e48e11142297ull},
    {2, 0x9e3779b9, 3, 0x056dd2798b5b4452ull},
    {2, 0x9e3779b9, 4, 0x48cac5c5ef55c3e8ull},
    {2, 0x9e3779b9, 5, 0xdc32d0576d92525eull},
    {2, 0x9e3779b9, 6, 0xc3ab63146fa8c944ull},
    {2, 0x9e3779b9, 7, 0xcdfb04cdacee2721ull},
    {2, 0xffffffff, 0, 0xa0761d6487429bd0ull},
    {2, 0xffffffff, 1, 0xa1735502ba0507cbull},
    {2, 0xffffffff, 2, 0x6bba99f75ab16a57ull},
    {2, 0xffffffff, 3, 0x64a05dba21d908b0ull},
    {2, 0xffffffff, 4, 0x813b2b788a996816ull},
    {2, 0xffffffff, 5, 0x4e2ca65341fd129eull},
    {2, 0xffffffff, 6, 0x197009e764759030ull},
    {2, 0xffffffff, 7, 0xd21ebd91879c9a21ull},
    {3, 0x0, 0, 0x5eaaa7fc0ee9563eull},
    {3, 0x0, 1, 0xdf5206161a1322f6ull},
    {3, 0x0, 2, 0x3cfba021b7d6f691ull},
    {3, 0x0, 3, 0xa230b60bae060ffeull},
    {3, 0x0, 4, 0x0b7636b6d4b164f8ull},
    {3, 0x0, 5, 0xd24383d67d012fd0ull},
    {3, 0x0, 6, 0xfebd5fc1549d0f3eull},
    {3, 0x0, 7, 0x32a6272f2ec513bfull},
    {3, 0x1, 0, 0x5eaaa7fc0ee9563full},
    {3, 0x1, 1, 0x84d4c9ea0967b989ull},
    {3, 0x1, 2, 0x9440a63364aeeb40ull},
    {3, 0x1, 3, 0x63a1c8ac0a10aa83ull},
    {3, 0x1, 4, 0x424e1637eadf2607ull},
    {3, 0x1, 5, 0x0b35ada78ad62db1ull},
    {3, 0x1, 6, 0xbe45c851aad3ded6ull},
    {3, 0x1, 7, 0xaee98569a468fc09ull},
    {3, 0x9e3779b9, 0, 0x5eaaa7fc90de2f87ull},
    {3, 0x9e3779b9, 1, 0xd7823bb501c4adeeull},
    {3, 0x9e3779b9, 2, 0x17c971e57111967dull},
    {3, 0x9e3779b9, 3, 0xdb1d8b72119cf84bull},
    {3, 0x9e3779b9, 4, 0x8850ea445a10e7d3ull},
    {3, 0x9e3779b9, 5, 0xbba293aa3d9d93fbull},
    {3, 0x9e3779b9, 6, 0x445ef8e1bb1801b7ull},
    {3, 0x9e3779b9, 7, 0x8f529271a8fca605ull},
    {3, 0xffffffff, 0, 0x5eaaa7fcf116a9c1ull},
    {3, 0xffffffff, 1, 0x34f89a9df1ecf2f2ull},
    {3, 0xffffffff, 2, 0x0cd2c3d955a8bcb5ull},
    {3, 0xffffffff, 3, 0xf54fc244bdfde791ull},
    {3, 0xffffffff, 4, 0x455f02153bd840b0ull},
    {3, 0xffffffff, 5, 0x045decb0d61bccccull},
    {3, 0xffffffff, 6, 0x1105d878b6011afbull},
    {3, 0xffffffff, 7, 0xe33a2c1dd1037f8bull},
};
const IdxVec kF64hash[] = {
    {0, 0x0, 0, 0x041fe719c053b59full},
    {0, 0x0, 1, 0x041fe719c053b59full},
    {0, 0x0, 2, 0x5ba17c54985bd6f3ull},
    {0, 0x0, 3, 0x20c47109a6045e2full},
    {0, 0x0, 4, 0x57cc3c9445246e17ull},
    {0, 0x0, 5, 0xfbd95e0b09801d59ull},
    {0, 0x0, 6, 0xeb0379c9649c2504ull},
    {0, 0x0, 7, 0xcb8da4c2333c26f1ull},
    {0, 0x1, 0, 0x03ccf7ae04c451e0ull},
    {0, 0x1, 1, 0x03ccf7ae04c451e0ull},
    {0, 0x1, 2, 0x32420e52358a6dbcull},
    {0, 0x1, 3, 0x78786bfad8ba6b3aull},
    {0, 0x1, 4, 0x918bc9655e406763ull},
    {0, 0x1, 5, 0x31532e1dba9750c9ull},
    {0, 0x1, 6, 0xcd9410b433d7dae2ull},
    {0, 0x1, 7, 0x51781ab448ec337full},
    {0, 0x9e3779b9, 0, 0xfeb889df1c659a68ull},
    {0, 0x9e3779b9, 1, 0xfeb889df1c659a68ull},
    {0, 0x9e3779b9, 2, 0x7efb75a84b687944ull},
    {0, 0x9e3779b9, 3, 0x0d078db19df8ad77ull},
    {0, 0x9e3779b9, 4, 0x260b6af9adc60705ull},
    {0, 0x9e3779b9, 5, 0x22851a82991530fbull},
    {0, 0x9e3779b9, 6, 0x3a3b943527d025fdull},
    {0, 0x9e3779b9, 7, 0x39beaf342c55aa49ull},
    {0, 0xffffffff, 0, 0x07c62777841ce6a2ull},
    {0, 0xffffffff, 1, 0x07c62777841ce6a2ull},
    {0, 0xffffffff, 2, 0x9bbf8efaef9b773eull},
    {0, 0xffffffff, 3, 0xee977cccdd809bd3ull},
    {0, 0xffffffff, 4, 0xca8ee95fa9253b28ull},
    {0, 0xffffffff, 5, 0xcbbaac72f1a4199eull},
    {0, 0xffffffff, 6, 0xd76f773762925c5bull},
    {0, 0xffffffff, 7, 0x17ee71e1af4cd2b8ull},
    {1, 0x0, 0, 0x041fe719c053b59full},
    {1, 0x0, 1, 0x041fe719c053b59full},
    {1, 0x0, 2, 0xee23149908c1f181ull},
    {1, 0x0, 3, 0xd27ce9f3fa504dddull},
    {1, 0x0, 4, 0xa0fc09f40d51a1bdull},
    {1, 0x0, 5, 0xe944757b019f8773ull},
    {1, 0x0, 6, 0x557784e45fce0329ull},
    {1, 0x0, 7, 0x23f6b39d3ddb5374ull},
    {1, 0x1, 0, 0x03ccf7ae04c451e0ull},
    {1, 0x1, 1, 0x03ccf7ae04c451e0ull},
    {1, 0x1, 2, 0xc17ce038be7d3b1dull},
    {1, 0x1, 3, 0x7ac9c538fa91db47ull},
    {1, 0x1, 4, 0xaf505da311dfd520ull},
    {1, 0x1, 5, 0x6f9cedcf29cbc4b5ull},
    {1, 0x1, 6, 0x00c8c014014fc11dull},
    {1, 0x1, 7, 0xa9bd3f0272a60468ull},
    {1, 0x9e3779b9, 0, 0xfeb889df1c659a68ull},
    {1, 0x9e3779b9, 1, 0xfeb889df1c659a68ull},
    {1, 0x9e3779b9, 2, 0x1255d5c2c65da457ull},
    {1, 0x9e3779b9, 3, 0x7c521d66fce6a45bull},
    {1, 0x9e3779b9, 4, 0x2290acd2ed095131ull},
    {1, 0x9e3779b9, 5, 0x2d7f615f0cff5bf0ull},
    {1, 0x9e3779b9, 6, 0x19b31281a526d6fdull},
    {1, 0x9e3779b9, 7, 0x22bf1f70958574a6ull},
    {1, 0xffffffff, 0, 0x07c62777841ce6a2ull},
    {1, 0xffffffff, 1, 0x07c62777841ce6a2ull},
    {1, 0xffffffff, 2, 0xddf39c987daf948bull},
    {1, 0xffffffff, 3, 0xa11b7fc7b00fa6c8ull},
    {1, 0xffffffff, 4, 0xafce2a39c5532c61ull},
    {1, 0xffffffff, 5, 0x34c92ae553dff0c2ull},
    {1, 0xffffffff, 6, 0x4a701e1bd9e4f8aaull},
    {1, 0xffffffff, 7, 0x1eb89754e81d2133ull},
    {2, 0x0, 0, 0x041fe719c053b59full},
    {2, 0x0, 1, 0x041fe719c053b59full},
    {2, 0x0, 2, 0xc17ce038be7d3b1dull},
    {2, 0x0, 3, 0x7ac9c538fa91db47ull},
    {2, 0x0, 4, 0xaf505da311dfd520ull},
    {2, 0x0, 5, 0x6f9cedcf29cbc4b5ull},
    {2, 0x0, 6, 0x00c8c014014fc11dull},
    {2, 0x0, 7, 0xa9bd3f0272a60468ull},
    {2, 0x1, 0, 0x03ccf7ae04c451e0ull},
    {2, 0x1, 1, 0x03ccf7ae04c451e0ull},
    {2, 0x1, 2, 0xee23149908c1f181ull},
    {2, 0x1, 3, 0xd27ce9f3fa504dddull},
    {2, 0x1, 4, 0xa0fc09f40d51a1bdull},
    {2, 0x1, 5, 0xe944757b019f8773ull},
    {2, 0x1, 6, 0x557784e45fce0329ull},
    {2, 0x1, 7, 0x23f6b39d3ddb5374ull},
    {2, 0x9e3779b9, 0, 0xfeb889df1c659a68ull},
    {2, 0x9e3779b9, 1, 0xfeb889df1c659a68ull},
    {2, 0x9e3779b9, 2, 0x4a7c782ff0b44ddcull},
    {2, 0x9e3779b9, 3, 0xd04eac999e99cfc5ull},
    {2, 0x9e3779b9, 4, 0xea78bff075959e8cull},
    {2, 0x9e3779b9, 5, 0xd553e06518ce8ba4ull},
    {2, 0x9e3779b9, 6, 0x3e07b7c6394ca860ull},
    {2, 0x9e3779b9, 7, 0xe4695dc9364bd4b4ull},
    {2, 0xffffffff, 0, 0x07c62777841ce6a2ull},
    {2, 0xffffffff, 1, 0x07c62777841ce6a2ull},
    {2, 0xffffffff, 2, 0xab1324fbbfbf1838ull},
    {2, 0xffffffff, 3, 0xaa6a08982f75634cull},
    {2, 0xffffffff, 4, 0x0d5dc6f499a63557ull},
    {2, 0xffffffff, 5, 0x728d29b3d10a83f6ull},
    {2, 0xffffffff, 6, 0x19e8d8592bd70c8bull},
    {2, 0xffffffff, 7, 0x8449f48b07f3e92eull},
    {3, 0x0, 0, 0x041fe719c053b59full},
    {3, 0x0, 1, 0x041fe719c053b59full},
    {3, 0x0, 2, 0x7e1836dcdedeaf49ull},
    {3, 0x0, 3, 0xa5935efb2c03efaeull},
    {3, 0x0, 4, 0x240aecf2d77a4934ull},
    {3, 0x0, 5, 0x31e948650d98c07aull},
    {3, 0x0, 6, 0xd45a50c8b5ba91f9ull},
    {3, 0x0, 7, 0xcdb208701e088327ull},
    {3, 0x1, 0, 0x03ccf7ae04c451e0ull},
    {3, 0x1, 1, 0x03ccf7ae04c451e0ull},
    {3, 0x1, 2, 0x028e57abc329db77ull},
    {3, 0x1, 3, 0x6ff5944f59cd25a3ull},
    {3, 0x1, 4, 0xe33e183b77ac6069ull},
    {3, 0x1, 5, 0x8a4ad187afeeba41ull},
    {3, 0x1, 6, 0xb2998ad681eec47cull},
    {3, 0x1, 7, 0xb25174a0e17c9279ull},
    {3, 0x9e3779b9, 0, 0xfeb889df1c659a68ull},
    {3, 0x9e3779b9, 1, 0xfeb889df1c659a68ull},
    {3, 0x9e3779b9, 2, 0xa3fc4dc1fbb1261full},
    {3, 0x9e3779b9, 3, 0x8660005515382357ull},
    {3, 0x9e3779b9, 4, 0x9bbc3b4e681def2full},
    {3, 0x9e3779b9, 5, 0x207fc9ec830e8233ull},
    {3, 0x9e3779b9, 6, 0x7236040b56d81256ull},
    {3, 0x9e3779b9, 7, 0xe9ca3a4d3c31710eull},
    {3, 0xffffffff, 0, 0x07c62777841ce6a2ull},
    {3, 0xffffffff, 1, 0x07c62777841ce6a2ull},
    {3, 0xffffffff, 2, 0x1273e654479f342full},
    {3, 0xffffffff, 3, 0x7533c6fda1ad0cdeull},
    {3, 0xffffffff, 4, 0xb2758770a661e80bull},
    {3, 0xffffffff, 5, 0x5acd086b6c6d939cull},
    {3, 0xffffffff, 6, 0x3cc861f1f4d1488cull},
    {3, 0xffffffff, 7, 0x090cf0dec020f65aull},
};
// clang-format on

using GoHash = RuntimeTest;

TEST_F(GoHash, MemhashMatchesGo) {
  // Every size class of memhashFallback's switch: 0, <4, 4, <8, 8, <=16,
  // the 16-byte loop, and the 48-byte loop with its tail.
  for (const MemVec& v : kMemhash) {
    gomap::set_hashkey(kHashKeys[v.key]);
    auto b = membytes(v.size);
    EXPECT_EQ(gomap::memhash(b.get(), v.seed, v.size), v.want)
        << "hashkey #" << v.key << " seed " << v.seed << " size " << v.size;
  }
}

TEST_F(GoHash, Memhash64MatchesGo) {
  for (const U64Vec& v : kMemhash64) {
    gomap::set_hashkey(kHashKeys[v.key]);
    EXPECT_EQ(gomap::memhash64(&v.v, v.seed), v.want)
        << "hashkey #" << v.key << " seed " << v.seed << " value " << v.v;
    // A 64-bit key may be hashed either way (the generic path of a map
    // calls memhash with size 8): both must agree with Go.
    EXPECT_EQ(gomap::memhash(&v.v, v.seed, 8), v.want);
  }
}

TEST_F(GoHash, Memhash32MatchesGo) {
  for (const U32Vec& v : kMemhash32) {
    gomap::set_hashkey(kHashKeys[v.key]);
    EXPECT_EQ(gomap::memhash32(&v.v, v.seed), v.want)
        << "hashkey #" << v.key << " seed " << v.seed << " value " << v.v;
  }
}

TEST_F(GoHash, StrhashMatchesGo) {
  for (const IdxVec& v : kStrhash) {
    gomap::set_hashkey(kHashKeys[v.key]);
    const std::string& s = kStrings[v.index];
    // The bytes on the heap at their exact length, for ASan.
    auto bytes = std::make_unique<char[]>(s.size() == 0 ? 1 : s.size());
    std::memcpy(bytes.get(), s.data(), s.size());
    gomap::GoString gs{bytes.get(), static_cast<int64_t>(s.size())};
    EXPECT_EQ(gomap::strhash(&gs, v.seed), v.want)
        << "hashkey #" << v.key << " seed " << v.seed << " string \"" << s << "\"";
  }
}

TEST_F(GoHash, F64hashMatchesGo) {
  for (const IdxVec& v : kF64hash) {
    gomap::set_hashkey(kHashKeys[v.key]);
    EXPECT_EQ(gomap::f64hash(&kFloats[v.index], v.seed), v.want)
        << "hashkey #" << v.key << " seed " << v.seed << " float " << kFloats[v.index];
  }
}

TEST_F(GoHash, ZeroesHashAlike) {
  // +0 == -0 as keys, so they must hash alike whatever the seed, although
  // their bits differ (f64hash special-cases 0 before memhash).
  const double pz = 0.0, nz = -0.0;
  for (uint64_t seed : {0ull, 7ull, 0xffffffffull}) {
    EXPECT_EQ(gomap::f64hash(&pz, seed), gomap::f64hash(&nz, seed));
    EXPECT_NE(gomap::memhash(&pz, seed, 8), gomap::memhash(&nz, seed, 8));
  }
}

TEST_F(GoHash, NaNHashesWithFreshRandomness) {
  // Go: c1 * (c0 ^ seed ^ fastrand()). With the random source seeded, the
  // value is predictable, and two NaN hashes in a row differ.
  constexpr uint64_t c0 = 33054211828000289ull, c1 = 23344194077549503ull;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  uint64_t state = 0x1234;
  gomap::seed_fastrand(0x1234);
  uint64_t h1 = gomap::f64hash(&nan, 99);
  uint64_t h2 = gomap::f64hash(&nan, 99);
  EXPECT_EQ(h1, c1 * (c0 ^ 99 ^ go_fastrand(state)));
  EXPECT_EQ(h2, c1 * (c0 ^ 99 ^ go_fastrand(state)));
  EXPECT_NE(h1, h2);
}

TEST_F(GoHash, MapsUseTheProcessHashKey) {
  // A map hashes with runtime.hashkey, not a copy taken at start-up: with a
  // non-default key every entry sits where Go's hash under that key says.
  gomap::set_hashkey(kHashKeys[1]);
  IntMap m(100);  // B=4: 16 buckets
  gomap::set_hash0(m.raw(), 5);
  for (int64_t k = 0; k < 50; k++) m.set(k, k);
  auto v = view(m);
  ASSERT_EQ(v.B, 4);
  for (size_t b = 0; b < v.buckets.size(); b++) {
    for (const auto& bv : v.buckets[b]) {
      for (int i = 0; i < gomap::kBucketCnt; i++) {
        if (bv.tophash[i] < 5) continue;
        int64_t k = as_int(bv.keys[i]);
        // The value Go computes with this hashkey (memhash64 is pinned to
        // Go's by the tables above).
        uint64_t h = hash_int(k, 5);
        EXPECT_EQ(h & 15, b) << k;
        EXPECT_EQ(bv.tophash[i], go_tophash(h)) << k;
      }
    }
  }
}

// Where each kind of key lands: bucket hash & (2^B-1), tophash from the top
// byte, in the first free slot of its chain, in insertion order.
TEST_F(GoHash, IntKeysFillTheirBucketsInOrder) {
  IntMap m(50);  // 50 > 6.5*4 → B=3
  gomap::set_hash0(m.raw(), 0xabcdef);
  std::vector<std::vector<int64_t>> want(8);
  for (int64_t k = 100; k < 140; k++) {
    m.set(k, -k);
    want[hash_int(k, 0xabcdef) & 7].push_back(k);
  }
  auto v = view(m);
  ASSERT_EQ(v.B, 3);
  for (size_t b = 0; b < 8; b++) {
    std::vector<int64_t> got;
    for (const auto& bv : v.buckets[b]) {
      for (int i = 0; i < 8; i++) {
        if (bv.tophash[i] == 0) continue;
        ASSERT_GE(bv.tophash[i], 5);
        int64_t k = as_int(bv.keys[i]);
        EXPECT_EQ(bv.tophash[i], go_tophash(hash_int(k, 0xabcdef)));
        EXPECT_EQ(as_int(bv.elems[i]), -k);
        got.push_back(k);
      }
    }
    EXPECT_EQ(got, want[b]) << "bucket " << b;
  }
  EXPECT_TRUE(Clean(m));
}

TEST_F(GoHash, StringAndFloatKeysUseStrhashAndF64hash) {
  gomap::Map<std::string, int64_t> s(20);  // B=2
  gomap::set_hash0(s.raw(), 77);
  for (int i = 0; i < 8; i++) s.set(kStrings[i], i);
  auto sv = view(s);
  ASSERT_EQ(sv.B, 2);
  for (int i = 0; i < 8; i++) {
    gomap::GoString gs{kStrings[i].data(), static_cast<int64_t>(kStrings[i].size())};
    uint64_t h = gomap::strhash(&gs, 77);
    bool found = false;
    for (const auto& bv : sv.buckets[h & 3]) {
      for (int j = 0; j < 8; j++) {
        if (bv.tophash[j] != go_tophash(h)) continue;
        auto* k = static_cast<const gomap::GoString*>(bv.keys[j]);
        if (std::string(k->ptr, k->len) == kStrings[i]) found = true;
      }
    }
    EXPECT_TRUE(found) << "\"" << kStrings[i] << "\" not in bucket " << (h & 3);
  }

  gomap::Map<double, int64_t> f(20);
  gomap::set_hash0(f.raw(), 78);
  for (int i = 2; i < 8; i++) f.set(kFloats[i], i);
  f.set(-0.0, 0);
  auto fv = view(f);
  for (int i = 1; i < 8; i++) {
    uint64_t h = gomap::f64hash(&kFloats[i], 78);
    bool found = false;
    for (const auto& bv : fv.buckets[h & 3]) {
      for (int j = 0; j < 8; j++) {
        if (bv.tophash[j] == go_tophash(h) && std::memcmp(bv.keys[j], &kFloats[i], 8) == 0)
          found = true;
      }
    }
    EXPECT_TRUE(found) << kFloats[i];
  }
}

}  // namespace
}  // namespace gomap_test
