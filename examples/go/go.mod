module weft.dev/examples/go

go 1.19
