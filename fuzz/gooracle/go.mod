module gomap/gooracle

go 1.19
