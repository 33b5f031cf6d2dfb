// Intentionally empty. Its presence makes the compiler accept the bodyless
// //go:linkname declarations in runtime.go (functions and variables that
// live in package runtime).
