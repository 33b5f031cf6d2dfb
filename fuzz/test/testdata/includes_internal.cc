// Must not compile: the harness may not include the runtime's internals.
#include "gomap/internal/hmap.h"
